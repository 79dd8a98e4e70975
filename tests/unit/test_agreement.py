"""The critique and the picks beside several coaches and marketers on one call."""

from __future__ import annotations

import json
from pathlib import Path

from callcontent.critique import MISTAKES
from callcontent.evals.agreement import CoachLabel, Panel, critique_agreement, load_panels, quote_agreement
from callcontent.evals.labelled import LabelledCall
from callcontent.ingest import parse_text

STORIES = [
    "We shipped the billing rewrite in March.",
    "Our support queue halved within a quarter.",
    "I would tell any team to start with the data.",
    "The old tool crashed every Friday night.",
    "Finance finally trusted the numbers again.",
]
TEXT = "".join(f"Interviewer: Question {i}?\nCustomer: {story}\n" for i, story in enumerate(STORIES))


def _call(findings: list[tuple[str, int | None]], quotes: list[str]) -> LabelledCall:
    return LabelledCall(
        name="call_1",
        transcript=parse_text(TEXT),
        call_type="research",
        findings=findings,
        hard_negatives=[],
        present={m: any(f == m for f, _ in findings) for m in MISTAKES},
        score=5,
        best_quotes=quotes,
    )


def test_coaches_and_the_critique_are_compared_pair_by_pair() -> None:
    call = _call([("closed_question", 2), ("no_follow_up", 6)], [])
    other = CoachLabel([("closed_question", 2), ("no_follow_up", 9)], dict(call.present))
    panel = Panel(call, {"primary": CoachLabel(call.findings, call.present), "coach_a": other}, {})
    # The critique finds exactly what the primary coach found.
    report = critique_agreement(panel, list(call.findings), dict(call.present))
    assert report["coaches_turn_f1"] == 0.5  # one of two findings shared
    by_coach = {a["coach"]: a for a in report["critique_vs_coach"]}
    assert by_coach["primary"]["turn_f1"] == 1.0 and by_coach["coach_a"]["turn_f1"] == 0.5
    assert report["within_0_1_of_coaches"] is True
    # A critique that finds nothing is far below the coaches.
    silent = critique_agreement(panel, [], {m: False for m in MISTAKES})
    assert silent["critique_turn_f1"] == 0.0 and silent["within_0_1_of_coaches"] is False


def test_marketers_are_compared_both_ways_and_the_picks_against_each() -> None:
    call = _call([], [STORIES[1], STORIES[2]])
    panel = Panel(call, {}, {"primary": call.best_quotes, "marketer_a": [STORIES[1]]})
    report = quote_agreement(panel, [STORIES[2]])
    recalls = {(p["picks_of"], p["covered_by"]): p["recall"] for p in report["marketer_pairs"]}
    assert recalls == {("primary", "marketer_a"): 0.5, ("marketer_a", "primary"): 1.0}
    assert {a["marketer"]: a["recall"] for a in report["picks_vs_marketer"]} == {
        "primary": 0.5,
        "marketer_a": 0.0,
    }


def test_panels_are_read_from_the_agreement_folder(tmp_path: Path) -> None:
    call = _call([("closed_question", 2)], [STORIES[1]])
    folder = tmp_path / "agreement"
    folder.mkdir()
    coach = {
        "findings": [{"mistake": "closed_question", "turn": 6, "turn_starts": "Question 2"}],
        "transcript_level": {},
    }
    (folder / "call_1.coach_b.json").write_text(json.dumps(coach))
    (folder / "call_1.quotes_b.json").write_text(json.dumps({"best_quotes": [STORIES[3]]}))
    (folder / "other_call.coach_b.json").write_text(json.dumps(coach))
    [panel] = load_panels(tmp_path, [call])
    assert sorted(panel.coaches) == ["coach_b", "primary"] and sorted(panel.marketers) == [
        "marketer_b",
        "primary",
    ]
    # The label is moved to the turn that starts with its words, as for the labelled calls.
    assert panel.coaches["coach_b"].findings == [("closed_question", 4)]
    assert load_panels(tmp_path / "nothing", [call]) == []
