"""The interview guide: open questions along the arc, held to the critique's own checks in code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcontent.critique.model import CALL_TYPES, RESCUE
from callcontent.guide_questions import ARCS, Stage
from callcontent.prepare import (
    CONSENT_LINE,
    Customer,
    PrepareError,
    build_guide,
    check_question,
    guide_markdown,
    notes_topic,
    parse_customer,
)
from tests.conftest import cli

PRIYA = Customer("Priya Nair", "Head of Finance Ops", "Brightline")


def test_the_customer_is_read_as_name_role_and_company() -> None:
    assert parse_customer("Priya Nair, Head of Finance Ops, Brightline") == PRIYA
    assert parse_customer("Sam") == Customer("Sam", None, None)
    assert parse_customer("Lee Chan, VP, Sales, Acme Corp") == Customer("Lee Chan", "VP, Sales", "Acme Corp")
    with pytest.raises(PrepareError):
        parse_customer(" , ")


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("Do you like the product?", "not open"),
        ("Was setup easy?", "not open"),
        ("What changed, and how did the team react?", "more than one"),
        ("What changed? How did the team react?", "more than one"),
        ("How much better is it now?", "presumes"),
        ("What did you do with the 10 hours you saved?", "presumes"),
        ("You must be relieved, right?", "not open"),
    ],
)
def test_a_closed_stacked_or_leading_question_is_refused(question: str, problem: str) -> None:
    assert any(problem in p for p in check_question(question))


def test_open_single_neutral_questions_pass() -> None:
    for question in (
        "How has your workflow changed since you started using this?",
        "Walk me through how you use the dashboard in a typical day.",
        "Tell me about your first week with the product.",
        "What would you tell a friend who asked about it?",
    ):
        assert check_question(question) == []


@pytest.mark.parametrize("call_type", CALL_TYPES)
def test_every_call_type_gets_a_guide_of_5_to_10_open_questions_along_its_arc(call_type: str) -> None:
    guide = build_guide(PRIYA, call_type, notes="Topic: invoice disputes.")  # type: ignore[arg-type]
    assert 5 <= len(guide.questions) <= 10
    assert [q.stage for q in guide.questions] == [s.name for s in ARCS[call_type]]
    for q in guide.questions:
        for line in (q.question, q.follow_up, q.specifics):
            assert check_question(line) == [], line
    assert guide.consent == CONSENT_LINE and "record" in guide.consent
    markdown = guide_markdown(guide)
    assert "Priya Nair, Head of Finance Ops, Brightline" in markdown and RESCUE["vague"] in markdown


def test_a_customer_story_closes_with_the_permission_to_publish() -> None:
    assert build_guide(PRIYA).close == RESCUE["no_publish_permission"]
    assert "publish" not in build_guide(PRIYA, "research").close


def test_the_notes_topic_and_the_company_are_in_the_questions() -> None:
    assert notes_topic("Met at the conference.\nTopic: invoice disputes.\n") == "invoice disputes"
    assert notes_topic("Call about their month-end close, next Tuesday") == "month-end close"
    guide = build_guide(PRIYA, notes="Topic: invoice disputes.")
    assert "invoice disputes at Brightline" in guide.questions[0].question
    assert "head of finance ops" in guide.questions[-1].question


def test_a_story_already_published_moves_what_it_lacks_first_and_asks_what_changed_since() -> None:
    guide = build_guide(PRIYA, published=(["How Brightline cut disputes"], ["before", "results"]))
    stages = [q.stage for q in guide.questions]
    assert stages[:4] == ["trigger", "change", "feelings", "advice"] and stages[4] == "since_then"
    assert stages[-2:] == ["before", "results"]
    assert "How Brightline cut disputes" in guide_markdown(guide)


def test_a_table_entry_that_breaks_the_checks_is_refused_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = (Stage("before", "Did {topic} work well before?", "Why?", "How long?"), *ARCS["customer_story"][1:])
    monkeypatch.setitem(ARCS, "customer_story", bad)
    with pytest.raises(PrepareError, match="not open"):
        build_guide(PRIYA)


def test_the_command_writes_markdown_and_json_and_never_overwrites_a_users_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Topic: invoice disputes.\n")
    out = tmp_path / "guide.md"
    proc = cli(
        "prepare",
        "--customer",
        "Priya Nair, Head of Finance Ops, Brightline",
        "--notes",
        str(notes),
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "guide.json").read_text())
    assert data["customer"]["company"] == "Brightline" and len(data["questions"]) == 6
    assert "invoice disputes" in out.read_text()
    again = cli("prepare", "--customer", "Priya Nair", "--out", str(out))  # its own files: replaced
    assert again.returncode == 0 and "Brightline" not in out.read_text()
    mine = tmp_path / "mine.md"
    mine.write_text("my own notes")
    refused = cli("prepare", "--customer", "Priya Nair", "--out", str(mine))
    assert refused.returncode == 2 and mine.read_text() == "my own notes"
    missing = cli("prepare", "--customer", "Priya Nair", "--notes", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_the_library_tells_the_guide_what_is_already_published(tmp_path: Path) -> None:
    story = tmp_path / "brightline.md"
    story.write_text(
        "---\ntitle: How Brightline cut invoice disputes\ncustomer: Brightline\n---\n\n# How Brightline cut invoice "
        "disputes\n\n## Challenge\n\nDisputes took weeks to close.\n\n## Results\n\nDisputes closed within a week.\n"
    )
    library = tmp_path / "library"
    assert cli("library", "add", str(story), "--library", str(library)).returncode == 0
    proc = cli(
        "prepare",
        "--customer",
        "Priya Nair, Head of Finance Ops, Brightline",
        "--library",
        str(library),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    guide = json.loads(proc.stdout)
    assert guide["published"] == ["How Brightline cut invoice disputes"]
    assert set(guide["covered"]) == {"before", "results"}
    assert [q["stage"] for q in guide["questions"]][-2:] == ["before", "results"]


@pytest.mark.parametrize(
    ("customer", "notes", "in_questions"),
    [
        ("Priya Nair, Head of Finance Ops, Brightline", "Topic: invoice disputes.", "invoice disputes"),
        (
            "Kai Moreno, Recruiting Lead, Northgate Haulage",
            "Topic: driver onboarding.\n",
            "driver onboarding",
        ),
        # No topic in the notes: the questions name the company and the role, and put no figure in her mouth.
        (
            "Dr. Lena Brandt, Practice Manager, Leeds Family Clinics",
            "They book 900 visits a week.\n",
            "practice manager",
        ),
    ],
)
def test_three_customer_contexts_get_guides_that_pass_every_check(
    customer: str, notes: str, in_questions: str
) -> None:
    guide = build_guide(parse_customer(customer), notes=notes)
    assert 5 <= len(guide.questions) <= 10
    assert [q.stage for q in guide.questions] == [s.name for s in ARCS["customer_story"]]
    for q in guide.questions:
        assert q.follow_up and q.specifics
        for line in (q.question, q.follow_up, q.specifics):
            assert check_question(line) == [], line
    assert guide.consent == CONSENT_LINE and guide.close == RESCUE["no_publish_permission"]
    asked = " ".join(q.question for q in guide.questions)
    company = parse_customer(customer).company
    assert company and company in asked and in_questions in asked and "900" not in asked
