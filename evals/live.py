"""How precise each live signal is: the labelled calls replayed turn by turn through `watch`'s coach.

Each call is fed to `LiveCoach` one turn at a time, the way a transcript file grows during a call, with
the speakers' roles inferred from the turns so far; every event it says is matched to the coaches'
findings of its mistake (±1 turn, as the critique is scored). The signals are hand-written rules built
on the fitting calls, so the figure that decides loud or quiet is the validation calls' (never read);
the fitting calls' figure is a development figure and is reported beside it.

    python -m callcontent.evals.live [--write]

writes `callcontent/live/live_precision.json` with `--write`; `watch` reads it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from callcontent.critique.model import CallType
from callcontent.evals.labelled import LabelledCall, default_labelled_dir, labelled_split, load_labelled
from callcontent.files import write_atomic
from callcontent.live.coach import LiveCoach, LiveEvent, Loudness
from callcontent.live.signals import LOUD_PRECISION, SIGNALS, TABLE, is_loud
from callcontent.roles import assign_roles
from callcontent.transcript import Transcript

# Measured in code, not judged: a line was said or it was not. Its error is a false alarm on a call
# that needs no permission, counted on the labelled calls (research and podcasts) as `fired`.
CHECKED_FACTS = frozenset({"no_permission"})
MIN_FIRED = 5  # fewer validation events than this is no measure of precision


def replay(transcript: Transcript, call_type: CallType | None = None) -> list[LiveEvent]:
    """Every event the live coach says as the call grows turn by turn (roles re-inferred each time)."""
    coach = LiveCoach(Loudness({}, frozenset()), call_type=call_type)
    for k in range(2, len(transcript.turns) + 1):
        prefix = transcript.model_copy(
            update={"turns": [t.model_copy() for t in transcript.turns[:k]], "speakers": []}
        )
        try:
            assign_roles(prefix, [])
        except ValueError:
            continue
        coach.update(prefix, ended=k == len(transcript.turns))
    return coach.events


def _right(event: LiveEvent, call: LabelledCall) -> bool | None:
    """Does a coach agree with the event? None where the labels cannot say (consent is not labelled)."""
    if event.signal == "no_consent":
        return None
    if event.turn is None or event.signal == "talk_share":
        return call.present.get(event.mistake, False)
    return any(
        mistake == event.mistake and (turn is None or abs(turn - event.turn) <= 1)
        for mistake, turn in call.findings
    )


def measure(calls: Sequence[LabelledCall]) -> dict[str, Any]:
    """Per signal and split: events said, how many a coach agrees with, precision; and the loud set."""
    split = labelled_split()
    counts: dict[str, dict[str, list[int]]] = {
        s.id: {"fitting": [0, 0], "validation": [0, 0]} for s in SIGNALS
    }
    for call in calls:
        part = "validation" if call.name in split["validation"] else "fitting"
        for event in replay(call.transcript):
            right = _right(event, call)
            if right is None:
                continue
            counts[event.signal][part][0] += int(right)
            counts[event.signal][part][1] += 1
    table: dict[str, Any] = {}
    for signal in SIGNALS:
        (fit_ok, fit_n), (val_ok, val_n) = counts[signal.id]["fitting"], counts[signal.id]["validation"]
        precision = round(val_ok / val_n, 3) if val_n >= MIN_FIRED else None
        table[signal.id] = {
            "mistake": signal.mistake,
            "precision": precision,
            "validation": {"right": val_ok, "said": val_n},
            "fitting_dev": {"right": fit_ok, "said": fit_n},
            "checked_fact": signal.id in CHECKED_FACTS,
            "loud": is_loud(precision, signal.id in CHECKED_FACTS),
        }
    return {
        "why": (
            f"Live signals are loud (a rescue line) when their precision on the validation calls, replayed turn "
            f"by turn, is at least {LOUD_PRECISION} over at least {MIN_FIRED} events; a checked fact (a line "
            "said or not) is loud and its error is the false alarms counted here. The rest are notes."
        ),
        "calls": len(calls),
        "signals": table,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the live signals on the labelled calls; `--write` ships the table."""
    parser = argparse.ArgumentParser(prog="python -m callcontent.evals.live", description=__doc__)
    parser.add_argument("--labelled", type=Path, default=None, help="the labelled calls (default: ../shared)")
    parser.add_argument("--write", action="store_true", help=f"write {TABLE.name} beside the coach")
    args = parser.parse_args(argv)
    directory = args.labelled or default_labelled_dir()
    if directory is None:
        print("no labelled calls found (../shared/data/labelled)", file=sys.stderr)
        return 2
    result = measure(load_labelled(directory))
    text = json.dumps(result, indent=2) + "\n"
    if args.write:
        write_atomic(TABLE, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
