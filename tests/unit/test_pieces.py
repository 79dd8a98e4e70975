"""Which pieces a call supports: the four kinds of call written for the tests, the plan, the memo."""

from __future__ import annotations

import re
from typing import Any

import pytest

from callcontent.gates import run_gates
from callcontent.ingest import parse_text
from callcontent.pieces import PIECES, plan_pieces
from callcontent.run import run_transcript
from callcontent.settings import Settings
from callcontent.verify import locate_quote
from tests.support.call_kinds import CALLS

WRITES = {
    "success_story": ["case_study", "blog_post", "testimonials", "social_posts", "approval_email"],
    # Dana praised the support team: a testimonial of that, and the email asking her to approve it.
    "churn": ["testimonials", "approval_email", "insight_memo"],
    "feature_request": ["insight_memo"],
    "planning": ["insight_memo"],
}


@pytest.fixture(scope="module")
def runs() -> dict[str, dict[str, Any]]:
    return {kind: run_transcript(text=text, settings=Settings(model="none")) for kind, text in CALLS.items()}


@pytest.mark.parametrize("kind", list(CALLS))
def test_each_kind_of_call_gets_the_pieces_that_fit_it_and_says_what_it_left_out(
    runs: dict[str, dict[str, Any]], kind: str
) -> None:
    drafts = runs[kind]["drafts"]
    assert drafts["content_kind"] == kind, drafts["content_kind_reason"]
    assert sorted(drafts["pieces"]) == sorted(WRITES[kind])
    left_out = {p for p in PIECES if p not in WRITES[kind] and p != "insight_memo"}
    assert set(drafts["not_written"]) == left_out and all(drafts["not_written"].values())
    for piece in left_out - {"testimonials"}:
        assert not drafts[piece], piece  # left empty, never a placeholder
    assert runs[kind]["review"]["passed"], runs[kind]["review"]


def test_a_churned_customer_is_quoted_publicly_only_for_what_they_praised(
    runs: dict[str, dict[str, Any]],
) -> None:
    drafts = runs["churn"]["drafts"]
    assert list(drafts["testimonials"].values()) and all(
        "support team was great" in t for t in drafts["testimonials"].values()
    )
    assert "medium testimonial" in drafts["approval_email"] and "case study" not in drafts["approval_email"]


@pytest.mark.parametrize("kind", ["churn", "feature_request", "planning"])
def test_the_insight_memo_is_the_customers_verbatim_sentences_with_their_turns(
    runs: dict[str, dict[str, Any]], kind: str
) -> None:
    transcript = parse_text(CALLS[kind])
    memo = runs[kind]["drafts"]["insight_memo"]
    lines = re.findall(r"^> “(.+)” — (\w+), turn (\d+)$", memo, re.M)
    assert len(lines) >= 3
    for sentence, speaker, turn in lines:
        said = transcript.turns[int(turn)]
        assert said.speaker == speaker and said.role == "customer" and sentence in " ".join(said.text.split())
        assert locate_quote(transcript, sentence).verified


def test_the_memo_sections_hold_what_they_say(runs: dict[str, dict[str, Any]]) -> None:
    memo = runs["churn"]["drafts"]["insight_memo"]
    sections = dict(re.findall(r"^## (.+)\n\n((?:>.*\n?\n?)+)", memo, re.M))
    assert "would have stayed" in sections["What would have kept them"]
    assert "support team was great" in sections["What they valued"]
    assert "support team" not in sections.get("What hurt", "")
    assert "decided not to renew" in sections["Why they left"]


def test_pieces_asked_for_are_written_whatever_the_call_supports() -> None:
    result = run_transcript(
        text=CALLS["planning"], settings=Settings(model="none"), pieces=["blog_post", "insight_memo"]
    )
    drafts = result["drafts"]
    assert (
        drafts["pieces"] == ["blog_post", "insight_memo"] and drafts["blog_post"] and not drafts["case_study"]
    )
    assert drafts["not_written"]["case_study"] == "not asked for (--pieces)"


def test_a_memo_quote_that_is_not_the_customers_is_a_failed_gate() -> None:
    transcript = parse_text(CALLS["churn"])
    memo = "# What Dana told us\n\n## Why they left\n\n> “The product was too expensive for us.” — Dana, turn 3\n"
    drafts = {"case_study": "", "blog_post": "", "social_posts": [], "testimonials": {}, "approval_email": ""}
    drafts |= {"insight_memo": memo, "pieces": ["insight_memo"]}
    gates, problems = run_gates(transcript, drafts)
    assert not gates["quotes_verbatim"] and any(p.startswith("insight_memo: quote") for p in problems)
    assert gates["sections_present"] and gates["lengths_ok"]  # no case study was owed


def test_a_plan_with_nothing_to_publish_asks_no_approval() -> None:
    plan = plan_pieces("feature_request", "", praised=False)
    assert plan.write == ("insight_memo",)
    assert plan.not_written["approval_email"].startswith("nothing to publish")
    assert plan.not_written["testimonials"] == "nothing in the call praises the product or the team"


def test_the_case_study_tells_the_story_in_its_own_sentences_each_traced_to_the_customers(
    runs: dict[str, dict[str, Any]],
) -> None:
    from callcontent.evals.writing import own_share

    drafts = runs["success_story"]["drafts"]
    transcript = parse_text(CALLS["success_story"])
    assert drafts["traced"] and (own_share(drafts["case_study"]) or 0) >= 0.3
    for told in drafts["traced"]:
        assert told["text"] in drafts[told["piece"]]
        if told["piece"] == "case_study":
            assert told["section"] in ("Challenge", "Solution", "Results")
        assert locate_quote(transcript, told["source"]).verified
        assert told["source"] in transcript.turns[told["turn"]].text
        # The approval email shows the customer each of our sentences beside theirs, ours unquoted.
        prefix = "Blog post, " if told["piece"] == "blog_post" else ""
        assert (
            f"{prefix}{told['section']}: {told['text']} — from “{told['source']}”" in drafts["approval_email"]
        )
    assert {t["piece"] for t in drafts["traced"]} == {"case_study", "blog_post"}


def test_the_blog_post_leads_with_the_lesson_and_is_not_the_case_study_again(
    runs: dict[str, dict[str, Any]],
) -> None:
    from callcontent.gates import blog_repeats

    drafts = runs["success_story"]["drafts"]
    headings = re.findall(r"^## (.+)$", drafts["blog_post"], re.M)
    assert headings[0].startswith("The lesson") and "Don't wait until it breaks" in drafts["blog_post"]
    repeated, sentences = blog_repeats(drafts)
    assert repeated == 0 or repeated / sentences < 1 / 3


def test_a_writer_model_is_not_asked_for_a_story_the_call_does_not_have() -> None:
    from tests.support.fake_chat import ScriptedChat, plan

    model = ScriptedChat(writes=[plan()])
    settings = Settings(model="local", writer_llm="on")
    result = run_transcript(text=CALLS["churn"], settings=settings, chat_model=model)
    drafts = result["drafts"]
    assert "write" not in model.seen and result["status"] == "ok"
    assert drafts["writer"] == "writer skipped: no story to write for a churn interview"
    # With a story, the same writer writes it.
    story = ScriptedChat(writes=[plan()])
    run_transcript(text=CALLS["success_story"], settings=settings, chat_model=story)
    assert "write" in story.seen


@pytest.mark.parametrize("call_type", ["research", "discovery"])
def test_a_call_the_critique_reads_as_for_learning_gets_the_memo_and_nothing_to_publish(
    call_type: str,
) -> None:
    # The success story's words, but the user says it was a research (or discovery) call: the person
    # interviewed is not telling a customer's story for publication.
    result = run_transcript(text=CALLS["success_story"], settings=Settings(model="none"), call_type=call_type)
    drafts = result["drafts"]
    assert drafts["content_kind"] == call_type and call_type in drafts["content_kind_reason"]
    assert drafts["pieces"] == ["insight_memo"] and drafts["insight_memo"].startswith("# What Priya")
    assert not drafts["case_study"] and not drafts["blog_post"] and not drafts["testimonials"]
    assert (
        "not a customer's story" in drafts["not_written"]["case_study"]
        or "not results" in (drafts["not_written"]["case_study"])
    )
    assert result["review"]["passed"], result["review"]
    # It opens on the strongest lines: the verified quotes, best first, each with its turn.
    strongest = drafts["insight_memo"].split("## Their strongest lines")[1].split("\n## ")[0]
    first = result["quotes"][0]
    assert f"> “{first['text']}” — Priya, turn {first['turn']}" in strongest
    assert "?" not in "".join(line for line in drafts["insight_memo"].splitlines() if line.startswith("> "))
