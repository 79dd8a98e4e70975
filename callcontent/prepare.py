"""Before the call: an interview guide, the seed's checklist made concrete for one customer.

`callcontent prepare --customer "Priya Nair, Head of Finance Ops, Brightline" [--notes FILE]
[--library DIR] [--call-type T]` gives the recording-consent line, 5–10 open questions along the story
arc of the call type (each with a follow-up and a prompt for specifics), the permission-to-publish
close and the rescue lines to keep at hand. The questions come from `guide_questions.py`, filled with
the customer's company and role and the notes' topic; a library that already holds this customer's
story moves the stages it lacks to the front and asks what has changed since. Every question is held
to the critique's own standard in code (`check_question`): open, one question, presuming no answer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from callcontent import language as lang
from callcontent.critique.model import RESCUE, CallType
from callcontent.guide_questions import ARCS, SINCE_THEN, STAGE_HEADINGS, Stage

MIN_QUESTIONS, MAX_QUESTIONS = 5, 10
QUESTION_MAX_WORDS = 30
CONSENT_LINE = (
    "Before we start: is it all right if I record this call? It lets me listen to you instead of taking "
    "notes, and I'll send you the draft to approve before anything is published."
)

# A question that presumes its answer ("How much better is it now?", "You must be relieved, right?").
_LEADING = re.compile(
    r"\b(?:how (?:much )?(?:better|great|easy|easier|happy|amazing|helpful)|don'?t you (?:think|agree)|"
    r"wouldn'?t you (?:say|agree)|isn'?t it|aren'?t you|i (?:assume|imagine|bet)|surely|must (?:be|have)|"
    r"(?:right|correct)\s*\?$)",
    re.I,
)
_STACKED = re.compile(
    r"[,;]\s*(?:and|or)\s+(?:what|how|when|who|why|where|which|did|do|does|is|are|was)\b", re.I
)


class PrepareError(Exception):
    """The guide cannot be made from what was given; the message is one line saying why."""


@dataclass(frozen=True)
class Customer:
    """Who the call is with, as the user wrote it: "Name, Role, Company"."""

    name: str
    role: str | None
    company: str | None


def parse_customer(value: str) -> Customer:
    """Name, role and company from "Priya Nair, Head of Finance Ops, Brightline" (role, company optional)."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        raise PrepareError('--customer: give at least a name ("Name, Role, Company")')
    if len(parts) > 3:
        parts = [parts[0], ", ".join(parts[1:-1]), parts[-1]]
    name = parts[0]
    role = parts[1] if len(parts) >= 2 else None
    company = parts[2] if len(parts) == 3 else None
    return Customer(name, role, company)


def check_question(text: str) -> list[str]:
    """What is wrong with a question by the critique's standard; empty when it is open, single and neutral."""
    problems = []
    kinds = [kind for _, kind in lang.questions_in(text)]
    if not kinds or kinds[0] != "open":
        problems.append("not open (ask How / What / Tell me about / Walk me through)")
    if text.count("?") > 1 or _STACKED.search(text):
        problems.append("asks more than one thing")
    if _LEADING.search(text) or lang.DIGITS.search(text):
        problems.append("presumes the answer")
    if len(text.split()) > QUESTION_MAX_WORDS:
        problems.append(f"longer than {QUESTION_MAX_WORDS} words")
    return problems


@dataclass
class GuideQuestion:
    """One question of the guide with the follow-up and the specifics prompt to keep ready."""

    stage: str
    question: str
    follow_up: str
    specifics: str


@dataclass
class Guide:
    """The interview guide."""

    customer: Customer
    call_type: str
    consent: str
    questions: list[GuideQuestion]
    close: str
    rescue: dict[str, str]
    notes_topic: str | None = None
    published: list[str] = field(default_factory=list)
    """Titles of the library's stories about this customer already (the guide asks for what they lack)."""
    covered: list[str] = field(default_factory=list)
    """Arc stages those stories already cover."""

    def as_json(self) -> dict[str, Any]:
        """The guide as JSON (for tools)."""
        return asdict(self)


# ---------------------------------------------------------------- inputs: notes and the library

_TOPIC_HINT = re.compile(
    r"\b(?:about|on|around|regarding|re:|topic:|focus:)\s+(?:their |the |how |its )?(?P<topic>[a-z][\w' -]{2,40}?)(?=[.,;:\n]|$)",
    re.I,
)


def notes_topic(notes: str) -> str | None:
    """What the call is about, as the notes say it ("Topic: month-end close" → "month-end close")."""
    for line in notes.splitlines():
        match = _TOPIC_HINT.search(line)
        if match:
            return match["topic"].strip()
    return None


def covered_stages(outlines: list[str]) -> list[str]:
    """The arc stages that published stories' headings already cover."""
    text = " ".join(outlines).lower()
    return [stage for stage, words in STAGE_HEADINGS.items() if any(w in text for w in words)]


def published_about(library: Any, customer: Customer) -> tuple[list[str], list[str]]:
    """Titles of the library's stories about this customer (by name or company), and the stages they cover."""
    keys = {k.casefold() for k in (customer.name, customer.company) if k}
    titles, outlines = [], []
    for doc in library.documents():
        about = " ".join(str(doc.get(k) or "") for k in ("customer", "title", "source")).casefold()
        if any(k in about for k in keys):
            titles.append(str(doc.get("title") or doc.get("source") or "untitled"))
            outlines.append(" ".join(str(s) for s in doc.get("sections") or []))
    return titles, covered_stages(outlines) if titles else []


# ---------------------------------------------------------------- the guide


def _fill(template: str, customer: Customer, topic: str | None) -> str:
    role = customer.role.lower() if customer.role else "person in your role"
    return template.format(company=customer.company or "your company", role=role, topic=topic or "this")


def build_guide(
    customer: Customer,
    call_type: CallType = "customer_story",
    *,
    notes: str = "",
    published: tuple[list[str], list[str]] = ([], []),
) -> Guide:
    """The guide for one call; raises PrepareError if a filled question fails its own checks."""
    topic = notes_topic(notes) if notes else None
    titles, covered = published
    stages: list[Stage] = list(ARCS[call_type])
    if titles:
        # Ask for what the published story lacks first, then what has changed since.
        stages = (
            [s for s in stages if s.name not in covered]
            + [SINCE_THEN]
            + [s for s in stages if s.name in covered]
        )
    questions = [
        GuideQuestion(
            s.name,
            _fill(s.question, customer, topic),
            _fill(s.follow_up, customer, topic),
            _fill(s.specifics, customer, topic),
        )
        for s in stages[:MAX_QUESTIONS]
    ]
    for q in questions:
        problems = check_question(q.question)
        if problems:
            raise PrepareError(
                f"question “{q.question}” {problems[0]}; reword the notes' topic or the table entry"
            )
    if len(questions) < MIN_QUESTIONS:
        raise PrepareError(
            f"only {len(questions)} questions for a {call_type} call (at least {MIN_QUESTIONS})"
        )
    close = (
        RESCUE["no_publish_permission"]
        if call_type == "customer_story"
        else (
            "Thank you, this was really helpful. Is it all right if I come back to you with a follow-up question?"
        )
    )
    rescue = {
        "the answers are too vague": RESCUE["vague"],
        "the answers are too short": RESCUE["short"],
        "you are talking too much": RESCUE["talking"],
        "you forgot to record": RESCUE["not_recording"],
    }
    return Guide(customer, call_type, CONSENT_LINE, questions, close, rescue, topic, titles, covered)


def guide_markdown(guide: Guide) -> str:
    """The guide as the interviewer reads it before and during the call."""
    c = guide.customer
    who = ", ".join(x for x in (c.name, c.role, c.company) if x)
    lines = [f"# Interview guide: {who}", "", f"Call type: {guide.call_type.replace('_', ' ')}", ""]
    lines += ["## Before the call", "", f"- Ask to record: “{guide.consent}”"]
    if guide.notes_topic:
        lines.append(f"- From your notes, the call is about: {guide.notes_topic}")
    if guide.published:
        lines.append(
            f"- Already published about {c.company or c.name}: {'; '.join(guide.published)} "
            f"(covers {', '.join(guide.covered) or 'no arc stage by its headings'}); the questions ask first "
            "for what it does not tell, then what has changed since."
        )
    lines += ["- Research them: their role, their company, their industry.", ""]
    lines += [f"## Questions ({len(guide.questions)})", ""]
    for i, q in enumerate(guide.questions, 1):
        lines += [
            f"{i}. **{q.question}** _({q.stage.replace('_', ' ')})_",
            f"   - Dig in: “{q.follow_up}”",
            f"   - Get specifics: “{q.specifics}”",
        ]
    lines += [
        "",
        "After each answer, count to three before you speak.",
        "",
        "## Close",
        "",
        f"“{guide.close}”",
        "",
    ]
    lines += ["## If the call goes wrong", ""]
    lines += [f"- If {situation}: “{line}”" for situation, line in guide.rescue.items()]
    return "\n".join(lines) + "\n"


def read_notes(path: Path | None) -> str:
    """The notes file's text ('' without one); PrepareError on a file that cannot be read as text."""
    if path is None:
        return ""
    from callcontent.errors import TranscriptError
    from callcontent.ingest import read_text

    try:
        text, _ = read_text(path)
    except TranscriptError as exc:
        raise PrepareError(f"--notes: {exc}") from None
    return text
