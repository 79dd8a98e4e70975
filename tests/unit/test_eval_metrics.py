"""Eval metric functions on small inputs, with the answers worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from callcontent.evals import metrics as M
from callcontent.evals.runner import compare, gate_failures, resolve_prompts, writer_note
from callcontent.prompts import load_prompt
from callcontent.settings import Settings


def test_transcript_level_counts_presence_only() -> None:
    gold = [("closed_question", 2), ("closed_question", 4)]
    assert M.transcript_level(gold, [("closed_question", 9)], "closed_question") == M.PRF(1, 0, 0)
    assert M.transcript_level(gold, [], "closed_question") == M.PRF(0, 0, 1)
    assert M.transcript_level([], [("no_emotion", None)], "no_emotion") == M.PRF(0, 1, 0)


def test_turn_level_with_one_turn_tolerance() -> None:
    gold = [("no_follow_up", 4), ("no_follow_up", 10)]
    pred = [("no_follow_up", 5), ("no_follow_up", 7), ("no_follow_up", 10)]
    # 4~5 match, 10=10 match, 7 is a false positive → P = 2/3, R = 2/2, F1 = 0.8
    prf = M.turn_level(gold, pred, "no_follow_up")
    assert prf == M.PRF(2, 1, 0)
    assert prf.precision == pytest.approx(2 / 3) and prf.recall == 1.0 and prf.f1 == pytest.approx(0.8)


def test_whole_call_gold_matches_any_turn_and_each_prediction_once() -> None:
    gold = [("talking_too_much", None)]
    pred = [("talking_too_much", None), ("talking_too_much", 2)]
    assert M.turn_level(gold, pred, "talking_too_much") == M.PRF(1, 1, 0)


def test_empty_sets_score_perfectly() -> None:
    prf = M.PRF(0, 0, 0)
    assert (prf.precision, prf.recall) == (1.0, 1.0)


def test_span_overlap_and_quote_recall() -> None:
    gold = "We closed the month in two days instead of six."
    assert M.span_overlap(gold, "we closed the month in two days") == pytest.approx(7 / 10)
    assert M.span_overlap(gold, "nothing alike here") == 0.0
    # two gold quotes, one recalled at ≥50% → 0.5
    assert M.quote_recall([gold, "Fridays are mine again."], ["we closed the month in two days"]) == 0.5
    assert M.quote_recall([], ["anything"]) is None


def test_bootstrap_delta_of_a_constant_difference_has_a_zero_width_interval() -> None:
    delta, low, high = M.bootstrap_delta([0.5, 0.6, 0.7], [0.4, 0.5, 0.6])
    assert delta == pytest.approx(-0.1) and low == pytest.approx(-0.1) and high == pytest.approx(-0.1)


def test_regression_decision_needs_a_large_drop_and_an_interval_excluding_zero() -> None:
    assert M.is_regression(-0.2, -0.3, -0.1, threshold=0.05)
    assert not M.is_regression(-0.2, -0.4, 0.05, threshold=0.05)  # interval crosses zero
    assert not M.is_regression(-0.03, -0.05, -0.01, threshold=0.05)  # drop within the threshold
    assert M.is_regression(5.0, 3.0, 7.0, threshold=1.0, higher_is_better=False)  # cost went up


def test_compare_flags_a_worse_candidate_and_gates_must_be_100_percent() -> None:
    base: list[dict[str, Any]] = [{"quote_recall": v} for v in (1.0, 0.8, 1.0, 0.9)]
    cand: list[dict[str, Any]] = [{"quote_recall": v} for v in (0.5, 0.4, 0.6, 0.5)]
    for rows in (base, cand):
        for r in rows:
            r.update(
                {
                    k: None
                    for k in (
                        "critique_transcript_f1",
                        "critique_turn_f1",
                        "quotes_verbatim_share",
                        "quotes_customer_share",
                        "writer_clean",
                        "judge_mean",
                        "llm_calls",
                        "tokens",
                        "wall_s",
                    )
                }
            )
    rows = compare(base, cand, {"max_drop": {"quote_recall": 0.05}})
    assert [str(r["metric"]) for r in rows] == ["quote_recall"]
    assert rows[0]["delta"] == pytest.approx(-0.425) and rows[0]["regression"]
    assert gate_failures({"gate_numbers_grounded": 0.9375}, {}) == [
        "gate_numbers_grounded is 94%; it must be 100%"
    ]
    assert gate_failures({"quote_recall": 0.3}, {"minimum": {"quote_recall": 0.4}}) == [
        "quote_recall is 0.300, under the minimum 0.4"
    ]


def test_a_prompts_folder_may_hold_only_what_changes(tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "write.md").write_text("version: 9-test\n---\nWrite something.\n")
    (changed / "README.md").write_text("notes about this prompt set")
    merged = resolve_prompts(changed, tmp_path / "work")
    assert load_prompt("write", merged).version == "9-test"
    assert load_prompt("critique", merged) == load_prompt("critique")  # the rest from prompts/


def test_a_misspelt_prompt_file_is_an_error_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "wirte.md").write_text("version: 1\n---\nx\n")
    with pytest.raises(ValueError, match="wirte not a prompt name"):
        resolve_prompts(tmp_path, tmp_path / "work")


def test_prompt_rendering_fails_loudly_on_unknown_or_missing_placeholders() -> None:
    from callcontent.prompts import Prompt

    prompt = Prompt(name="t", version="1", text='Quotes:\n{quotes}\nJSON like {"id": 1} stays as it is.')
    assert prompt.render(quotes="{customer}") == 'Quotes:\n{customer}\nJSON like {"id": 1} stays as it is.'
    with pytest.raises(ValueError, match="no value for placeholder"):
        prompt.render()
    with pytest.raises(ValueError, match="misspelt"):
        prompt.render(quotes="x", qoutes="y")


def test_the_eval_says_whether_a_default_run_would_use_the_writer_it_measures() -> None:
    assert writer_note(Settings(model="none")) == "no model"
    assert writer_note(Settings(model="local")).startswith(
        "measured here; a default run skips it (the labelled"
    )
    assert writer_note(Settings(model="local", writer_llm="on")) == "measured here; a default run uses it"


def test_a_pick_that_stops_at_a_title_counts_as_ending_mid_sentence() -> None:
    from callcontent.evals.labelled import LabelledCall, score_quotes_labelled
    from callcontent.ingest import parse_text

    transcript = parse_text(
        "Host: Who trained you?\nGuest: I got trained there by Dr. Gulland. It was great.\n"
    )
    call = LabelledCall("t", transcript, "interview", [], [], {}, 0.0, ["I got trained there by Dr. Gulland"])
    summary, _ = score_quotes_labelled([call], lambda _: ["I got trained there by Dr.", "It was great."])
    assert summary["picks_ending_mid_sentence"] == 1
    assert summary["recall"] == 1.0  # the cut pick still covers the expert's words
