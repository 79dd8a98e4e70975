"""The critique on real calls labelled by an expert (../shared/data/labelled; skipped where absent).

The calls are split by name (evals/labelled_split.json): the rules may be read from the fitting calls
(development figures); the validation calls are never read, so their figures are held out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcontent.evals.labelled import (
    align_turn,
    labelled_split,
    load_labelled,
    score_labelled,
    spearman,
    split_part,
)
from callcontent.evals.runner import THRESHOLDS, labelled_gate_failures
from callcontent.ingest import parse_text
from tests.conftest import SHARED, cli, shared_or_skip

LABELLED = SHARED / "data" / "labelled"


@pytest.fixture(scope="module", autouse=True)
def embeddings_kept_between_runs() -> None:
    # The eval and the fitters keep the labelled lines' embeddings in the cache, as `callcontent eval` does.
    from callcontent.quotability import keep_embeddings_in
    from callcontent.settings import load_settings

    keep_embeddings_in(Path(load_settings().cache_dir) / "embeddings")


@pytest.fixture(scope="module")
def scored() -> tuple[dict[str, object], list[dict[str, object]]]:
    return score_labelled(load_labelled(shared_or_skip(LABELLED)))


@pytest.mark.parametrize("part", ["fitting", "validation"])
def test_critique_on_real_calls_holds_its_bars_on_each_part_of_the_split(part: str) -> None:
    calls = [c for c in load_labelled(shared_or_skip(LABELLED)) if split_part(c.name) == part]
    if not calls:
        pytest.skip(f"no labelled call in the {part} part")
    summary, _ = score_labelled(calls)
    # The bars the eval gate applies (evals/thresholds.json), held a little under today's figures: the
    # fitting calls give development figures, the validation calls (never read) held-out ones.
    thresholds = json.loads(THRESHOLDS.read_text())
    bars = {
        "labelled_minimum": thresholds[f"labelled_{part}_minimum"],
        "labelled_maximum": thresholds[f"labelled_{part}_maximum"],
    }
    assert labelled_gate_failures(summary, bars) == []


def test_the_split_names_every_labelled_call_once() -> None:
    split = labelled_split()
    assert not split["fitting"] & split["validation"]
    names = {c.name for c in load_labelled(shared_or_skip(LABELLED))}
    assert names <= split["fitting"] | split["validation"]


def test_call_types_are_inferred_as_the_labels_say(
    scored: tuple[dict[str, object], list[dict[str, object]]],
) -> None:
    _, rows = scored
    right = sum(r["inferred_call_type"] == r["call_type"] for r in rows)
    # 21 of 22 today: one founders' podcast with few show words is read as a research interview.
    assert right >= 0.95 * len(rows)


def test_labels_follow_their_turn_when_the_numbering_moves() -> None:
    t = parse_text(
        "A: What do you do?\nB: I run payroll.\nA: What broke last month?\nB: The export, twice.\n"
    )
    assert align_turn(t, 0, "What broke last month?") == 2  # found by its first words
    assert align_turn(t, 3, "The export, twice.") == 3
    assert align_turn(t, None, None) is None


def test_spearman_ranks_with_ties() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    assert spearman([1, 1, 2], [1, 2, 3]) is not None
    assert spearman([1, 2], [1, 2]) is None


def test_eval_command_reports_real_calls_next_to_the_gold(tmp_path: Path) -> None:
    shared_or_skip(LABELLED)
    proc = cli("eval", "--model", "none", "--labelled", str(LABELLED), "--out", str(tmp_path), timeout=1500)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((tmp_path / "eval.json").read_text())
    assert report["labelled"]["summary"]["calls"] >= 6
    assert report["labelled"]["critic"].startswith("code only")
    assert "Critique on real calls labelled by an expert" in (tmp_path / "eval.md").read_text()
    assert report["labelled"]["quotes"]["summary"]["quotability_head"].startswith("held out by call")
    quotes = report["labelled"]["quotes"]["summary"]
    assert quotes["near_duplicate_pairs"] == 0 and quotes["picks_verbatim"] == 1.0
    # Where several coaches and marketers labelled a call, the critique and the picks stand beside them.
    if list((LABELLED / "agreement").glob("*.coach_*.json")):
        [people] = [p for p in report["labelled"]["people"] if "critique" in p]
        assert len(people["critique"]["coach_pairs"]) >= 3 and people["quotes"]["marketers_recall"] > 0.4
        assert "beside 3 coaches" in (tmp_path / "eval.md").read_text()


def test_eval_command_refuses_a_labelled_path_that_is_not_a_folder(tmp_path: Path) -> None:
    proc = cli("eval", "--model", "none", "--labelled", str(tmp_path / "nope"), "--out", str(tmp_path))
    assert proc.returncode == 2 and "--labelled" in proc.stderr


def test_quotes_on_real_calls_hold_the_development_bars_held_out_by_call() -> None:
    # The shipped quotability head was fitted on these calls; each call is scored by a head that never saw it.
    from callcontent.evals.fit_quotability import held_out_quote_figures

    calls = load_labelled(shared_or_skip(LABELLED))
    summary = held_out_quote_figures([c for c in calls if c.best_quotes])
    bars = json.loads(THRESHOLDS.read_text())["labelled_quotes_minimum"]
    assert summary["candidate_ceiling"] >= bars["candidate_ceiling"]
    assert summary["recall"] >= bars["recall"] and summary["pick_precision"] >= bars["pick_precision"]
    assert summary["picks_ending_mid_sentence"] == 0


def test_the_shipped_quotability_head_says_what_it_was_fitted_on() -> None:
    from callcontent.quotability import shipped_head

    calls = load_labelled(shared_or_skip(LABELLED))
    meta = shipped_head().meta
    assert sorted(meta["trained_on"]) == sorted(c.name for c in calls if c.best_quotes)
    assert (
        meta["held_out_by_call"]["recall"]
        >= json.loads(THRESHOLDS.read_text())["labelled_quotes_minimum"]["recall"]
    )


def test_the_shipped_quotability_head_is_what_the_fit_gives_today() -> None:
    # A change to the candidates or the labels leaves a stale head; refit with
    # `python -m callcontent.evals.fit_quotability --write`.
    import numpy as np

    from callcontent.evals.fit_quotability import fit_on
    from callcontent.quotability import shipped_head

    calls = [c for c in load_labelled(shared_or_skip(LABELLED)) if c.best_quotes]
    refit = fit_on(calls)
    assert np.allclose(refit.weights, shipped_head().weights, atol=1e-4)
    assert abs(refit.bias - shipped_head().bias) < 1e-4
