"""End to end with the real local model on a short interview: every quote verbatim, drafts reviewed."""

from __future__ import annotations

import pytest

from callcontent.ingest import load_transcript
from callcontent.run import run_transcript
from callcontent.settings import Settings
from callcontent.verify import locate_quote, ungrounded_numbers
from tests.conftest import FIXTURES

pytestmark = pytest.mark.local_model


def test_local_model_end_to_end_on_a_short_interview() -> None:
    path = FIXTURES / "transcripts" / "good_interview.txt"
    transcript = load_transcript(path)
    # The writer forced on: a default run skips it for the local model (it has not earned its place), but a
    # user may run it, and then its drafts go through every gate.
    result = run_transcript(path, settings=Settings(model="local", writer_llm="on"))
    assert result["status"] == "ok", result["errors"]
    # The writer and the review; the critique and the quotes are code only for the local model.
    assert result["meta"]["tokens"]["calls"] >= 2
    assert result["critique"]["llm"]["status"].startswith("skipped")
    assert all(v == "local" for v in result["meta"]["roles"].values())
    # 10-15, unless the call is too short to hold 10 lines that share no sentence.
    assert 10 <= len(result["quotes"]) <= 15 or len(result["quotes"]) == result["quote_stats"]["shortlisted"]
    for q in result["quotes"]:
        check = locate_quote(transcript, q["text"])
        assert check.verified and check.turn is not None and check.turn.role == "customer"
    review = result["review"]
    assert review["rounds"] <= 3
    drafts = result["drafts"]
    final_text = "\n".join([drafts["case_study"], drafts["blog_post"], *drafts["social_posts"]])
    if review["passed"]:
        # The gates in force are those after code cut what it could not verify (if it had to).
        gates = review.get("gates_after_removal", review["gates"])
        assert gates["quotes_verbatim"] and gates["numbers_grounded"]
        if review.get("removed_by_code"):  # a pass after cuts is never shown as untouched
            assert not review["gates"]["quotes_verbatim"] or not review["gates"]["numbers_grounded"]
    else:
        # Never passed off as clean: what is wrong is listed, and what could not be true was cut.
        assert review["still_wrong"] or review.get("removed_by_code")
    if review["passed"] or review.get("removed_by_code"):
        assert ungrounded_numbers(final_text, transcript) == []
