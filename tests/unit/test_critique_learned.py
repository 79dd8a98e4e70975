"""The critique's learned heads: features, the fit, thresholds that keep precision, the shipped file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from callcontent.critique import critique_transcript
from callcontent.critique.learned import (
    FEATURE_NAMES,
    HEADS_FILE,
    TURN_MISTAKES,
    CritiqueHeads,
    Head,
    feature_matrix,
    moments,
    shipped_heads,
)
from callcontent.critique.moments import exchanges
from callcontent.ingest import parse_text

CALL = parse_text(
    "Dana: Thanks for joining. Do you use spreadsheets?\n"
    "Priya: Yes.\n"
    "Dana: OK. How did you pick your tools?\n"
    "Priya: We lost a lot of time every month, honestly it was terrifying before the close.\n"
    "Dana: Great. So what is your role?\n"
    "Priya: I run finance operations at Brightline, a freight company with about two hundred people.\n"
    "Dana: Thanks, that is all.\n"
)


def head_on(feature: str, threshold: float = 0.5, weight: float = 5.0) -> Head:
    """A head that says yes exactly where `feature` is above its mean."""
    weights = np.zeros(len(FEATURE_NAMES))
    weights[FEATURE_NAMES.index(feature)] = weight
    return Head(
        weights=weights,
        bias=-weight / 2,
        mean=np.zeros(len(FEATURE_NAMES)),
        scale=np.ones(len(FEATURE_NAMES)),
        threshold=threshold,
    )


def test_every_turn_of_a_side_is_a_candidate_with_one_row_of_features() -> None:
    rules = critique_transcript(CALL)
    found = moments(CALL, exchanges(CALL), rules.findings, "interviewer")
    assert [m.turn.index for m in found] == [0, 2, 4, 6]
    x = feature_matrix(found)
    assert x.shape == (4, len(FEATURE_NAMES)) and np.isfinite(x).all()
    closed = x[:, FEATURE_NAMES.index("closed")]
    assert (
        closed[0] == 1.0 and closed[1] == 0.0
    )  # "Do you use spreadsheets?" is closed; "How did you pick" is not
    assert found[2].before.startswith("We lost a lot of time")  # what the customer said just before


def test_a_head_decides_its_mistake_and_a_silent_mistake_gives_no_turn_finding() -> None:
    heads = CritiqueHeads(
        heads={"closed_question": head_on("closed")},
        silent=frozenset(set(TURN_MISTAKES) - {"closed_question"}),
    )
    learned = critique_transcript(CALL, heads=heads)
    turn_findings = [(f.mistake, f.turn) for f in learned.findings if f.turn is not None]
    assert turn_findings == [("closed_question", 0)]
    assert all(f.suggestion for f in learned.findings)
    # Whole-call findings stay with the rules.
    rules = critique_transcript(CALL, heads=None)
    assert sorted(f.mistake for f in learned.findings if f.turn is None) == sorted(
        f.mistake for f in rules.findings if f.turn is None
    )


def test_a_head_that_never_reaches_its_threshold_flags_nothing() -> None:
    heads = CritiqueHeads(heads={"closed_question": head_on("closed", threshold=1.01)})
    assert not [
        f
        for f in critique_transcript(CALL, heads=heads).findings
        if f.mistake == "closed_question" and f.turn
    ]


def test_the_rules_alone_are_the_default() -> None:
    assert [(f.mistake, f.turn) for f in critique_transcript(CALL).findings] == [
        (f.mistake, f.turn) for f in critique_transcript(CALL, heads=None).findings
    ]


def test_a_head_survives_its_file() -> None:
    head = head_on("closed", threshold=0.42)
    back = Head.from_json(json.loads(json.dumps(head.to_json())))
    x = np.random.default_rng(0).normal(size=(5, len(FEATURE_NAMES)))
    assert np.allclose(back.probability(x), head.probability(x), atol=1e-5) and back.threshold == 0.42


@pytest.mark.skipif(not HEADS_FILE.exists(), reason="no shipped heads")
def test_the_shipped_heads_match_the_features_and_say_what_they_were_fitted_on() -> None:
    heads = shipped_heads()
    assert heads is not None  # None would mean the features changed since the fit: refit
    assert heads.decides == frozenset(TURN_MISTAKES)
    assert len(heads.meta["trained_on"]) >= 6 and "held_out_by_call" in heads.meta
