"""An endpoint writer's prose behind the truth checks: good prose passes untouched, planted false claims go.

The writer is scripted (a fake chat model answering the write node), on a success-story call written for
this test: the customer states her role, gives a share, a plan and a hope, and quotes someone else's
figure beside her own results. Each false claim a strong writer could make from those is planted in an
otherwise good draft; code must cut it, or the review must flag it, and must leave the good prose alone.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from callcontent.run import run_transcript
from callcontent.settings import Settings
from tests.support.fake_chat import ScriptedChat

CALL = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts" / "dental_success_story.txt"

INTRO = "Dana Whitfield is the practice manager at Northwind Dental, which has four clinics around Leeds."
BEFORE = (
    "Booking requests that came in after hours went to a voicemail box that nobody checked until the "
    "next morning, and the front desk spent every morning calling people back."
)
SWITCH = "Northwind Dental switched on online booking in March."
MOVE = "The team at Chairside moved the whole calendar over in one weekend and sat with each front desk."
RESULT = "The no-show rate went from 19 percent to 8 percent."
CALLS = "Front desk calls are down about 45 percent, because patients move their own appointments now."
NEXT = "Next, the practice plans to add text reminders."
GOOD_SENTENCES = (INTRO, BEFORE, SWITCH, MOVE, RESULT, CALLS, NEXT)

# Each a false claim built from something the call does say.
PLANTED = {
    # "About 30 percent of our appointments were requested after hours": a share, not a rise.
    "share read as a rise": "Online requests rose 30 percent at Northwind Dental.",
    # "We plan to add text reminders … I hope we can cut no-shows to 5 percent by the summer."
    "plan read as a result": "Northwind Dental cut no-shows to 5 percent.",
    # "We plan to add text reminders next quarter": a plan, told as done with no figure to check.
    "plan told as done": "Northwind Dental has added text reminders for every patient.",
    # "Our regional director told us the industry average no-show rate is 12 percent."
    "someone else's figure": "Northwind Dental's no-show rate is 12 percent.",
    # "I'm the practice manager"; the clinical director is someone else in the call.
    "wrong role": "Dana Whitfield, Northwind Dental's clinical director, led the change.",
}

LESSON = (
    "A practice loses patients at the hours its phones are closed. Patients try to book in the evening, "
    "when the front desk has gone home, and a voicemail box hears them first. By the time someone calls "
    "back the next morning, many of them have booked somewhere else."
)
HOW = (
    "Northwind Dental found that the fix was to let patients book and move their own appointments online. "
    "The front desk helped choose the setup, and the calendar moved over in one weekend, so nobody had to "
    "learn a new routine in front of a waiting room."
)
ADVICE = (
    "Dana Whitfield's advice to another practice manager is plain: start with online booking, because that "
    "is where the patients already are, and let the people at the front desk help choose how it works."
)


def writer_reply(results: str) -> dict[str, Any]:
    """A whole draft in the writer's reply shape, its Results section given."""
    return {
        "case_study": {
            "title": "How Northwind Dental took its no-show rate from 19 percent to 8 percent",
            "challenge": f"{INTRO} {BEFORE} {{{{Q0}}}}",
            "solution": f"{SWITCH} {MOVE}",
            "results": results,
            "pull_quote_ids": [0, 1],
        },
        "blog_post": {
            "title": "Let patients book when they are awake",
            "body": f"{LESSON}\n\n{HOW}\n\n{ADVICE}",
        },
        "linkedin": {
            "hook": "A dental practice stopped losing its evening patients.",
            "lines": [
                "Booking requests went to voicemail after hours.",
                "The front desk spent its mornings calling people back.",
                "Then the practice let patients book online.",
            ],
            "quote_id": 0,
        },
        "x_post": {"text": "A dental practice stopped losing its evening patients.", "quote_id": 0},
    }


GOOD = writer_reply(f"{RESULT} {CALLS} {NEXT} {{{{Q1}}}}")


def run_endpoint_writer(reply: dict[str, Any]) -> dict[str, Any]:
    # An endpoint model runs the writer by default: nothing here turns it on.
    model = ScriptedChat(writes=[copy.deepcopy(reply)])
    settings = Settings(model="openai:gpt-4o-mini", vendor="Chairside", max_revise_rounds=0)
    result = run_transcript(CALL, settings=settings, chat_model=model)
    assert model.seen.count("write") == 1, "the endpoint writer wrote the drafts"
    return result


def test_good_prose_from_an_endpoint_writer_passes_untouched() -> None:
    result = run_endpoint_writer(GOOD)
    review, drafts = result["review"], result["drafts"]
    assert not drafts["extractive"] and drafts["writer"] != "" and "skipped" not in drafts["writer"]
    assert not review.get("removed_by_code"), review.get("removed_by_code")
    assert review["gates"]["claims_hold"] and review["gates"]["numbers_grounded"], review["problems"]
    assert review["passed"], review.get("still_wrong")
    for sentence in GOOD_SENTENCES:
        assert sentence in drafts["case_study"], sentence
    assert LESSON in drafts["blog_post"] and ADVICE in drafts["blog_post"]


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_each_planted_false_claim_is_cut_and_the_rest_kept(kind: str) -> None:
    planted = PLANTED[kind]
    result = run_endpoint_writer(writer_reply(f"{RESULT} {planted} {CALLS} {{{{Q1}}}}"))
    review, drafts = result["review"], result["drafts"]
    assert planted not in drafts["case_study"], f"{kind} left standing"
    cut = "\n".join(review["removed_by_code"])
    assert planted[:60] in cut, f"{kind} was not cut: {review['removed_by_code']}"
    assert review["gates"]["claims_hold"] is False  # the writer's draft is not passed off as clean
    for sentence in (INTRO, RESULT, CALLS, SWITCH):
        assert sentence in drafts["case_study"], f"cutting the {kind} took {sentence!r} with it"


def test_the_writer_is_given_the_story_with_the_role_and_what_is_not_a_result() -> None:
    model = ScriptedChat(writes=[copy.deepcopy(GOOD)])
    run_transcript(CALL, settings=Settings(model="openai:gpt-4o-mini", vendor="Chairside"), chat_model=model)
    prompt = next(p for kind, p in zip(model.seen, model.seen_prompts, strict=True) if kind == "write")
    assert "Dana Whitfield, the practice manager at Northwind Dental" in prompt
    plans = prompt.split("Not results, never write them as done", 1)[1]
    assert "cut no-shows to 5 percent" in plans.split("\n\n", 1)[0]
    assert "industry average" in prompt.split("Someone else's figures", 1)[1]
