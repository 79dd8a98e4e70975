"""The story model: who the customer is, what changed, and results kept apart from what is not a result.

Not a result: hopes, plans, someone else's figures, figures waiting for the customer to confirm them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callcontent.facts import call_words, customer_facts, misstatements, results_of
from callcontent.html_report import render_result_html
from callcontent.ingest import load_transcript
from callcontent.job_titles import role_problems, stated_roles
from callcontent.run import run_transcript
from callcontent.settings import Settings
from callcontent.story import StoryModel, story_listing, story_of
from callcontent.transcript import Transcript

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_interview.txt"
DENTAL = ROOT / "tests" / "fixtures" / "transcripts" / "dental_success_story.txt"


def one_turn(text: str) -> Transcript:
    return Transcript.model_validate(
        {"format": "plain", "turns": [{"index": 0, "speaker": "Ana", "role": "customer", "text": text}]}
    )


def model_of(path: Path, company: str, vendor: str) -> tuple[Transcript, StoryModel]:
    transcript = load_transcript(path)
    facts = customer_facts(transcript)
    return transcript, story_of(transcript, facts, results_of(transcript, facts), company, vendor)


@pytest.mark.parametrize(
    ("said", "told"),
    [
        ("I'm the practice manager at Northwind Dental, we have four clinics.", "the practice manager"),
        ("I run finance operations, so billing and collections.", "runs finance operations"),
        ("So yeah, I am AI Delivery Manager at Company X.", "AI Delivery Manager"),
        ("I lead the data team at Acme.", "leads the data team"),
        ("I'm head of operations at Acme.", "head of operations"),
    ],
)
def test_a_role_is_read_as_the_customer_says_it(said: str, told: str) -> None:
    transcript = one_turn(said)
    assert stated_roles(transcript)["Ana"].told == told


@pytest.mark.parametrize(
    "said", ["I'm not a manager, just a user.", "I'm a big fan of it.", "I run it daily."]
)
def test_no_role_is_read_where_none_is_said(said: str) -> None:
    transcript = one_turn(said)
    assert stated_roles(transcript) == {}


def test_a_title_beside_the_name_must_be_the_role_the_customer_gave() -> None:
    transcript = load_transcript(SAMPLE)
    roles, people = stated_roles(transcript), transcript.customers
    # Her CFO is someone else in the call: "CFO" beside her name is a role she never claimed.
    assert role_problems("Priya Nair, Brightline's CFO, led it.", people, roles, "Brightline")
    assert role_problems("CFO Priya Nair led it.", people, roles, "Brightline")
    assert role_problems("Priya is head of finance operations.", people, roles, "Brightline")
    # Her own words, and a title that is not beside her name, are fine.
    assert not role_problems("Priya Nair, who runs finance operations at Brightline, led it.", people, roles)
    assert not role_problems("Priya showed her CFO the numbers.", people, roles, "Brightline")


def test_the_sample_story_keeps_results_apart_from_plans_caveats_and_wishes() -> None:
    _, story = model_of(SAMPLE, "Brightline", "Tallyhand")
    assert story.who() == "Priya Nair, who runs finance operations at Brightline"
    dso = next(r for r in story.results if r.measure == "days sales outstanding")
    assert (dso.before, dso.after, dso.said.turn) == ("52", "41", 41)
    disputes = next(r for r in story.results if r.measure == "Disputes")
    assert disputes.change == "down about 40 percent"
    not_done = {s.text: status for s, status in story.hopes_and_plans}
    assert not_done["Our brokerage division moves over in the spring."] == "planned"
    assert any("I wish the mobile view" in text for text in not_done)
    assert not any("not going to lie" in text for text in not_done)  # a figure of speech, not a plan
    assert [c for _, c in story.caveats] == ["double-check"]
    results_said = {r.said.text for r in story.results}
    assert not results_said & set(not_done) and not results_said & {s.text for s, _ in story.caveats}
    assert story.advice and story.advice[0].text.startswith("I'd tell them not to wait")
    assert any(s.text.startswith("Your onboarding person") for s in story.change)


def test_every_element_is_a_customer_sentence_of_its_turn() -> None:
    for path, company, vendor in (
        (SAMPLE, "Brightline", "Tallyhand"),
        (DENTAL, "Northwind Dental", "Chairside"),
    ):
        transcript, story = model_of(path, company, vendor)
        spans = [*story.before, *story.change, *story.advice, *story.others_figures]
        spans += [r.said for r in story.results] + [s for s, _ in (*story.hopes_and_plans, *story.caveats)]
        spans += [story.trigger] if story.trigger else []
        for span in spans:
            turn = transcript.turns[span.turn]
            assert turn.role == "customer" and span.text in turn.text, span


def test_the_dental_story_has_someone_elses_figure_and_the_hope_apart() -> None:
    _, story = model_of(DENTAL, "Northwind Dental", "Chairside")
    assert story.who() == "Dana Whitfield, the practice manager at Northwind Dental"
    assert [s.text[:30] for s in story.others_figures] == ["Our regional director told us "]
    assert {status for _, status in story.hopes_and_plans} >= {"hoped", "planned"}
    listing = story_listing(story)
    assert "Customer: Dana Whitfield, the practice manager at Northwind Dental (turn 1)" in listing
    assert "[no-show rate; 19 percent → 8 percent]" in listing


def test_a_plan_named_in_its_own_words_is_not_told_as_done() -> None:
    transcript = load_transcript(DENTAL)
    call, facts = call_words(transcript, "Chairside", "Northwind Dental"), customer_facts(transcript)
    assert misstatements("Northwind Dental opened a fifth clinic in the spring.", facts, call)
    assert misstatements("Text reminders now go out before every appointment.", facts, call)
    assert not misstatements("Next, the practice plans to add text reminders.", facts, call)
    assert not misstatements("Northwind Dental switched on online booking in March.", facts, call)


def test_the_run_shows_the_story_in_result_json_the_report_and_the_approval_email() -> None:
    result = run_transcript(SAMPLE, settings=Settings(model="none"))
    story = result["story"]
    assert story["customer"]["role"]["told"] == "runs finance operations"
    assert {r["turn"] for r in story["results"]} >= {19, 41}
    page = render_result_html(result)
    assert 'id="story"' in page and 'href="#turn-41"' in page and "Hopes and plans (never results)" in page
    email = result["drafts"]["approval_email"]
    assert (
        "How we describe you:\n1. Priya Nair, who runs finance operations — from “I run finance operations"
        in email
    )
    # A crafted result.json cannot put markup in the report through the story.
    crafted = {**result, "story": {**story, "vendor": "<script>alert(1)</script>"}}
    assert "<script>alert(1)" not in render_result_html(crafted)


def test_a_customer_sentence_reported_as_said_claims_what_its_span_does_and_a_change_to_it_is_checked() -> (
    None
):
    transcript = load_transcript(SAMPLE)
    call, facts = call_words(transcript, "Tallyhand", "Brightline"), customer_facts(transcript)
    # Reported by code: "our" made "their", the lead names the company. Nothing to check beyond the span.
    said = "At Brightline, their dispatch system exported loads into spreadsheets, and then two people retyped it."
    told = "And when a customer disputed an invoice, they had to go digging through three systems to figure out what actually happened on that load."
    assert not misstatements(told, facts, call)
    # One word moved off the customer's sentence is the writer's claim again, and checked as one.
    assert misstatements(told.replace("three systems", "three systems, which cut revenue"), facts, call)
    assert misstatements(said.replace("retyped it", "retyped it, which boosted efficiency"), facts, call)


def test_each_answer_tells_the_part_its_question_asks_for() -> None:
    from callcontent.ingest import parse_text
    from callcontent.story import parts_by_turn

    call = parse_text(
        "Kim: Thanks for joining, Ravi. Is it okay if I record this?\nRavi: Sure.\n"
        "Kim: What was your reporting like before the switch?\nRavi: Painful, every month.\n"
        "Kim: Tell me more about that.\nRavi: The deck was always late.\n"
        "Kim: How did the rollout go?\nRavi: Six weeks, start to end.\n"
        "Kim: What changed after the rollout?\nRavi: The deck is ready on day two.\n"
        "Kim: How did that feel?\nRavi: Like a weight off.\n"
        "Kim: What would you tell another team?\nRavi: Start with the worst report.\n"
        "Kim: Thank you. I'll send you a draft to approve before anything is published.\nRavi: Thanks.\n"
    )
    parts = parts_by_turn(call)
    # before, not the change the word "switch" names; a follow-up stays on its part; the close is its own.
    assert [parts.get(i) for i in (1, 3, 5, 7, 9, 11, 13, 15)] == [
        None,
        "before",
        "before",
        "change",
        "result",
        "result",
        "advice",
        "close",
    ]
