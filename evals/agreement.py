"""The yardstick is people: on a call several coaches labelled, the critique beside the coaches' agreement.

`../shared/data/labelled/agreement/` holds, for a call of the labelled set, other coaches' labels
(`<call>.coach_<x>.json`, the format of a labelled call) and other marketers' quote picks
(`<call>.quotes_<x>.json`, `best_quotes`). The labelled call's own file is one more coach and marketer
("primary"). For each such call:

- coach against coach: turn F1 (±1 turn, one to one, every mistake pooled) and transcript-level
  agreement, for every pair; F1 is symmetric, so each pair is counted once;
- the critique against each coach, on the same measures;
- marketer against marketer: the share of one's picks the other's picks cover (a pick covers a quote
  when it holds at least half its words), both ways; and the project's picks against each marketer.

A critique as good as a coach is as close to each coach as the coaches are to each other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, permutations
from pathlib import Path
from typing import Any

from callcontent.critique import MISTAKES
from callcontent.evals import metrics as M
from callcontent.evals.labelled import QUOTE_COVER, TOLERANCE, LabelledCall, align_turn
from callcontent.transcript import Transcript

PRIMARY = "primary"


@dataclass(frozen=True)
class CoachLabel:
    """One coach's findings and transcript-level verdicts on a call."""

    findings: list[M.Finding]
    present: dict[str, bool]


@dataclass(frozen=True)
class Panel:
    """A call labelled by several coaches and marketers."""

    call: LabelledCall
    coaches: dict[str, CoachLabel]
    marketers: dict[str, list[str]]


def _coach_label(transcript: Transcript, label: Mapping[str, Any]) -> CoachLabel:
    findings = [
        (x["mistake"], align_turn(transcript, x.get("turn"), x.get("turn_starts")))
        for x in label.get("findings", [])
    ]
    present: dict[str, bool] = {m: bool(label.get("transcript_level", {}).get(m)) for m in MISTAKES}
    return CoachLabel(findings, present)


def load_panels(directory: Path, calls: Sequence[LabelledCall]) -> list[Panel]:
    """The labelled calls that `directory/agreement` holds more coaches' or marketers' labels for."""
    folder = directory / "agreement"
    panels: list[Panel] = []
    for call in calls:
        coach_files = sorted(folder.glob(f"{call.name}.coach_*.json"))
        quote_files = sorted(folder.glob(f"{call.name}.quotes_*.json"))
        if not coach_files and not quote_files:
            continue
        coaches = {PRIMARY: CoachLabel(call.findings, call.present)}
        marketers = {PRIMARY: call.best_quotes} if call.best_quotes else {}
        for path in coach_files:
            label = json.loads(path.read_text(encoding="utf-8"))
            coaches[path.stem.rsplit(".", 1)[1]] = _coach_label(call.transcript, label)
        for path in quote_files:
            picks = json.loads(path.read_text(encoding="utf-8")).get("best_quotes", [])
            marketers[path.stem.rsplit(".", 1)[1].replace("quotes_", "marketer_")] = list(picks)
        panels.append(Panel(call, coaches, marketers))
    return panels


def turn_f1(gold: Sequence[M.Finding], predicted: Sequence[M.Finding]) -> M.PRF:
    """Turn-level counts of `predicted` against `gold`, every mistake pooled (±1 turn)."""
    return sum((M.turn_level(gold, predicted, m, TOLERANCE) for m in MISTAKES), M.PRF(0, 0, 0))


def cells_agreeing(a: Mapping[str, bool], b: Mapping[str, bool]) -> int:
    """Transcript-level cells (one per mistake) on which two verdicts agree."""
    return sum(a[m] == b[m] for m in MISTAKES)


def covered(gold: Sequence[str], picks: Sequence[str]) -> float | None:
    """Share of `gold` quotes some pick covers."""
    return M.quote_recall(gold, picks, QUOTE_COVER)


def _mean(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def critique_agreement(
    panel: Panel, predicted: Sequence[M.Finding], present: Mapping[str, bool]
) -> dict[str, Any]:
    """Coach against coach, and the critique (`predicted`, `present`) against each coach."""
    pairs: list[dict[str, Any]] = []
    for (a, la), (b, lb) in combinations(panel.coaches.items(), 2):
        counts = turn_f1(la.findings, lb.findings)
        pairs.append(
            {
                "pair": f"{a} / {b}",
                "turn_f1": round(counts.f1, 4),
                "transcript_agreement": cells_agreeing(la.present, lb.present),
            }
        )
    against: list[dict[str, Any]] = []
    for name, label in panel.coaches.items():
        counts = turn_f1(label.findings, predicted)
        against.append(
            {
                "coach": name,
                "findings": len(label.findings),
                "turn_precision": round(counts.precision, 4),
                "turn_recall": round(counts.recall, 4),
                "turn_f1": round(counts.f1, 4),
                "transcript_agreement": cells_agreeing(label.present, present),
            }
        )
    coaches_f1 = _mean([p["turn_f1"] for p in pairs])
    critique_f1 = _mean([a["turn_f1"] for a in against])
    return {
        "coaches": sorted(panel.coaches),
        "coach_pairs": pairs,
        "coaches_turn_f1": coaches_f1,
        "critique_vs_coach": against,
        "critique_turn_f1": critique_f1,
        # The bar of the critique issue: within 0.1 of the coaches' F1 against each other, for every coach.
        "gap_to_coaches": None
        if coaches_f1 is None or critique_f1 is None
        else round(coaches_f1 - critique_f1, 4),
        "within_0_1_of_coaches": coaches_f1 is not None
        and all(a["turn_f1"] >= coaches_f1 - 0.1 for a in against),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def quote_agreement(panel: Panel, picks: Sequence[str]) -> dict[str, Any]:
    """Marketer against marketer (both ways), and the project's picks against each marketer."""
    pairs = [
        {"picks_of": a, "covered_by": b, "recall": _rounded(covered(panel.marketers[a], panel.marketers[b]))}
        for a, b in permutations(panel.marketers, 2)
    ]
    against = [
        {"marketer": name, "quotes": len(quotes), "recall": _rounded(covered(quotes, picks))}
        for name, quotes in panel.marketers.items()
    ]
    return {
        "marketers": sorted(panel.marketers),
        "marketer_pairs": pairs,
        "marketers_recall": _mean(
            [covered(panel.marketers[a], panel.marketers[b]) for a, b in permutations(panel.marketers, 2)]
        ),
        "picks_vs_marketer": against,
        "picks_recall": _mean([covered(quotes, picks) for quotes in panel.marketers.values()]),
    }


def panel_report(
    panels: Sequence[Panel],
    critique: Callable[[LabelledCall], tuple[list[M.Finding], dict[str, bool]]],
    picks: Callable[[LabelledCall], list[str] | None],
) -> list[dict[str, Any]]:
    """One entry per multiply-labelled call: the critique and the picks beside the people's agreement."""
    out = []
    for panel in panels:
        entry: dict[str, Any] = {"call": panel.call.name}
        if len(panel.coaches) > 1:
            predicted, present = critique(panel.call)
            entry["critique"] = critique_agreement(panel, predicted, present)
        chosen = picks(panel.call)
        if len(panel.marketers) > 1 and chosen is not None:
            entry["quotes"] = quote_agreement(panel, chosen)
        out.append(entry)
    return out
