"""Fit the critique's learned heads on the labelled calls, and score them on calls they never saw.

    python -m callcontent.evals.fit_critique            # leave-one-call-out figures, nothing written
    python -m callcontent.evals.fit_critique --write    # also refit on every call → critique_heads.json

For each turn-level mistake a logistic head is fitted over `learned.FEATURES` of every candidate turn: a
turn is positive where a coach put a finding of that mistake, negative elsewhere (the turns next to a
finding are left out: a label one turn off points at the same moment). Its threshold is the one that
gives the best turn F1 (±1 turn, one to one, as the eval scores) on the training calls' own out-of-fold
probabilities, so no call ever tunes the threshold it is scored with. The figures that count are
leave-one-call-out: each call is judged by heads fitted on the other calls only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from callcontent.critique import critique_transcript
from callcontent.critique.learned import (
    AT_CUSTOMER_TURN,
    HEADS_FILE,
    TURN_MISTAKES,
    CritiqueHeads,
    Head,
    Moment,
    feature_matrix,
    moments,
)
from callcontent.critique.model import CountableCritique, MistakeId
from callcontent.critique.moments import exchanges
from callcontent.evals import metrics as M
from callcontent.evals.labelled import (
    LabelledCall,
    default_labelled_dir,
    load_labelled,
    score_labelled,
    split_part,
)
from callcontent.quotability import fit_head

# Inverse L2 strength of each head (the features are few and standardised).
REGULARISATION_C = 0.3
THRESHOLDS = np.round(np.arange(0.05, 0.991, 0.02), 3)
INNER_FOLDS = 5  # folds of the training calls whose out-of-fold probabilities choose a head's threshold
# The least precision a head may have, out of fold on its training calls, at the threshold it ships with.
MIN_PRECISION = 0.45


@dataclass
class CallData:
    """One labelled call as the heads see it: its candidate moments and features per side."""

    call: LabelledCall
    moments: dict[str, list[Moment]]
    features: dict[str, np.ndarray]


def prepare(call: LabelledCall) -> CallData:
    """The call's candidates, measured once (the rules run here, with no heads)."""
    rules = critique_transcript(call.transcript, heads=None)
    found_exchanges = exchanges(call.transcript)
    found = {
        side: moments(call.transcript, found_exchanges, rules.findings, side)
        for side in ("interviewer", "customer")
    }
    return CallData(call, found, {side: feature_matrix(m) for side, m in found.items()})


def _side(mistake: str) -> str:
    return "customer" if mistake in AT_CUSTOMER_TURN else "interviewer"


def training_rows(data: Sequence[CallData], mistake: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate, the neighbours of a labelled finding left out."""
    side = _side(mistake)
    xs, ys = [], []
    for d in data:
        gold = {t for m, t in d.call.findings if m == mistake and t is not None}
        for moment, row in zip(d.moments[side], d.features[side], strict=True):
            t = moment.turn.index
            if t in gold:
                xs.append(row)
                ys.append(1.0)
            elif not ({t - 1, t + 1} & gold):
                xs.append(row)
                ys.append(0.0)
    width = len(data[0].features[side][0]) if data and len(data[0].features[side]) else 0
    return (np.array(xs) if xs else np.zeros((0, width))), np.array(ys)


def fit_one(data: Sequence[CallData], mistake: str, threshold: float = 0.5) -> Head | None:
    """A head for `mistake` fitted on `data`, or None when the calls hold no finding of it."""
    x, y = training_rows(data, mistake)
    if len(y) == 0 or y.sum() == 0 or y.sum() == len(y):
        return None
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = fit_head((x - mean) / scale, y, c=REGULARISATION_C)
    return Head(weights=fitted.weights, bias=fitted.bias, mean=mean, scale=scale, threshold=threshold)


def predicted(d: CallData, mistake: str, head: Head, threshold: float) -> list[M.Finding]:
    """The turns the head flags in one call at `threshold`."""
    side = _side(mistake)
    if not len(d.features[side]):
        return []
    p = head.probability(d.features[side])
    return [(mistake, m.turn.index) for m, q in zip(d.moments[side], p, strict=True) if q >= threshold]


def best_threshold(data: Sequence[CallData], mistake: str) -> float | None:
    """The threshold with the best turn F1 on out-of-fold probabilities of `data` (calls in INNER_FOLDS folds).

    None when no threshold reaches MIN_PRECISION there: the mistake is then left to the whole-call rules.
    """
    folds: list[tuple[CallData, Head | None]] = []
    for k in range(INNER_FOLDS):
        head = fit_one([o for j, o in enumerate(data) if j % INNER_FOLDS != k], mistake)
        folds += [(d, head) for j, d in enumerate(data) if j % INNER_FOLDS == k]
    if all(h is None for _, h in folds):
        return None
    best: float | None = None
    best_f1 = -1.0
    for threshold in THRESHOLDS:
        total = M.PRF(0, 0, 0)
        for d, head in folds:
            pred = predicted(d, mistake, head, float(threshold)) if head else []
            gold = [f for f in d.call.findings if f[0] == mistake and f[1] is not None]
            total = total + M.turn_level(gold, pred, mistake, 1)
        # A finding a coach would not make costs the interviewer's trust: a threshold where the head is
        # wrong more often than MIN_PRECISION allows is never taken, and with none the head stays silent.
        if total.precision >= MIN_PRECISION and total.tp and total.f1 > best_f1:
            best, best_f1 = float(threshold), total.f1
    return best


def fit_heads(data: Sequence[CallData]) -> CritiqueHeads:
    """One head per turn-level mistake, each with its out-of-fold threshold."""
    heads: dict[MistakeId, Head] = {}
    for mistake in TURN_MISTAKES:
        threshold = best_threshold(data, mistake)
        head = fit_one(data, mistake, threshold) if threshold is not None else None
        if head is not None:
            heads[mistake] = head
    silent = frozenset(TURN_MISTAKES) - set(heads)
    return CritiqueHeads(heads=heads, silent=silent, meta={"trained_on": sorted(d.call.name for d in data)})


def held_out_heads(data: Sequence[CallData]) -> dict[str, CritiqueHeads]:
    """For each call, heads fitted on all the other calls (leave-one-call-out)."""
    return {d.call.name: fit_heads([o for o in data if o is not d]) for d in data}


def held_out_figures(
    calls: Sequence[LabelledCall], heads: dict[str, CritiqueHeads]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The critique on `calls`, each judged by its held-out heads (from `held_out_heads`)."""

    def critique(transcript: Any, call_type: Any) -> CountableCritique:
        name = next(c.name for c in calls if c.transcript is transcript)
        return critique_transcript(transcript, call_type=call_type, heads=heads[name])

    return score_labelled(calls, critique)


def learned_report(
    data: Sequence[CallData], rules_validation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The learned heads, held out by call, beside the rules on the calls the rules were never read from."""
    calls = [d.call for d in data]
    heads = held_out_heads(data)
    summary, _ = held_out_figures(calls, heads)
    report: dict[str, Any] = {"held_out_by_call": {k: v for k, v in summary.items() if k != "per_mistake"}}
    report["per_mistake"] = {
        m: {k: v[k] for k in ("turn_precision", "turn_recall", "turn_f1")}
        for m, v in summary["per_mistake"].items()
    }
    validation = [c for c in calls if split_part(c.name) == "validation"]
    if validation and rules_validation is not None:
        learned, _ = held_out_figures(validation, heads)
        report["validation"] = {k: v for k, v in learned.items() if k != "per_mistake"}
        # The heads decide by default only once they beat the rules where neither was read or fitted.
        report["beats_rules_on_validation"] = bool(
            learned["turn_f1"] > rules_validation["turn_f1"]
            and learned["turn_precision"] >= rules_validation["turn_precision"]
        )
    return report


def main(argv: list[str] | None = None) -> int:
    """Print the leave-one-call-out figures; with --write, refit on every call and store the heads."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=None, help="directory of labelled calls")
    parser.add_argument(
        "--write", action="store_true", help=f"refit on every call and write {HEADS_FILE.name}"
    )
    args = parser.parse_args(argv)
    directory = args.labelled or default_labelled_dir()
    if directory is None:
        print("no labelled calls found (../shared/data/labelled)", file=sys.stderr)
        return 2
    data = [prepare(c) for c in load_labelled(directory)]
    report = learned_report(data)
    print(json.dumps(report, indent=1))
    if args.write:
        heads = fit_heads(data)
        heads.meta["held_out_by_call"] = report["held_out_by_call"]
        HEADS_FILE.write_text(json.dumps(heads.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {HEADS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
