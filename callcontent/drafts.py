"""The drafts' forms: what a case study, blog post, social post, testimonial and approval email are made of.

Limits and shapes (lengths, platforms, sections), the writer's reply schema, and the drafts code builds
from verified quotes and the customer's facts when no writer model runs. The write node calls these; the
review gates (`callcontent.gates`) check drafts against the same limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Annotated, Any

from pydantic import BaseModel, Field

from callcontent import language as lang
from callcontent.facts import (
    CHANGE,
    Fact,
    customer_facts,
    fact_clause,
    held_figures,
    result_facts,
    results_of,
)
from callcontent.figures import canonical_figures
from callcontent.job_titles import StatedRole, stated_roles
from callcontent.language import sentences
from callcontent.story import (
    ADVICE,
    AFTER,
    BEFORE,
    NEEDS_CONTEXT,
    Reported,
    StoryModel,
    advice_title,
    described,
    reported,
    reported_advice,
    reported_quote,
    reported_results,
    result_headline,
)
from callcontent.transcript import Transcript
from callcontent.verify import normalise, publishable_text, to_confirm


class CaseStudyPlan(BaseModel):
    """The case study the writer plans: title, challenge, solution, results, quote ids."""

    title: str = Field(max_length=120)
    challenge: str = Field(max_length=900)
    solution: str = Field(max_length=900)
    results: str = Field(max_length=900)
    pull_quote_ids: list[int] = Field(max_length=3)


class BlogPlan(BaseModel):
    """The blog post the writer plans: a title and a body in its own voice."""

    title: str = Field(max_length=120)
    body: str = Field(max_length=2400)


class LinkedInPlan(BaseModel):
    """A LinkedIn post: a hook line, 3-5 short lines, and the one quote it ends on."""

    hook: str = Field(max_length=150)
    lines: list[Annotated[str, Field(max_length=200)]] = Field(min_length=3, max_length=5)
    quote_id: int = Field(ge=0, le=99)


class XPlan(BaseModel):
    """A post for X: the writer's line and the quote it carries, 280 characters in all."""

    text: str = Field(max_length=200)
    quote_id: int = Field(ge=0, le=99)


class DraftPlan(BaseModel):
    """Everything the writer returns in one reply."""

    case_study: CaseStudyPlan
    blog_post: BlogPlan
    linkedin: LinkedInPlan
    x_post: XPlan


SOCIAL_PLATFORMS = ("LinkedIn", "X")
LINKEDIN_MAX_CHARS = 1300
LINKEDIN_LINES = (3, 5)  # between the hook and the quote
X_MAX_CHARS = 280
AT_A_GLANCE = 4  # results in the box at the top of the case study
# Words in a case study and a blog post, fewest to most: the review holds every draft to them.
DRAFT_WORDS = {"case_study": (120, 1200), "blog_post": (120, 1500)}

_REF = re.compile(r"\{\{?\s*([QF])(\d+)\s*\}?\}")


def cite(quote: dict[str, Any]) -> str:
    """A quote as drafts print it, with its speaker."""
    return f"“{quote['text']}” — {quote['speaker']}"


def render_fact(fact: Fact) -> str:
    """A fact as drafts print it: the customer's own clause, with its status when it is not a result."""
    clause = fact_clause(fact)
    text = f"“{clause[:1].upper()}{clause[1:]}”"
    if fact.status in ("hoped", "expected", "hypothetical"):
        return f"{text} (the customer's {fact.status} figure, not yet a result)"
    return text


def fill_refs(text: str, quotes: list[dict[str, Any]], unknown: list[str], facts: Sequence[Fact] = ()) -> str:
    """Replace `{{Q3}}` and `{{F2}}` references with the quote or fact they name.

    Unknown ids are collected in `unknown` and left out.
    """

    def sub(m: re.Match[str]) -> str:
        kind, i = m.group(1), int(m.group(2))
        if kind == "Q" and 0 <= i < len(quotes):
            return cite(quotes[i])
        if kind == "F" and 0 <= i < len(facts):
            return render_fact(facts[i])
        unknown.append(m.group(0))
        return ""

    return re.sub(r"[ \t]{2,}", " ", _REF.sub(sub, text)).strip()


def fact_label(fact: Fact, results: Sequence[Fact]) -> str:
    """What the writer must keep about a fact: a result, context, a hope, or someone else's figure."""
    if fact in results:
        return "result"
    if fact.status == "someone_else":
        return "someone else's figure: name its source"
    if fact.status != "achieved":
        return f"{fact.status}, not a result"
    if not CHANGE.search(fact.sentence):
        return "context: a level or an amount, not a change"
    return "achieved"


def usable_facts(facts_said: list[Fact], held: set[str]) -> list[Fact]:
    """The facts the writer may cite, one per clause: what the customer did not ask to check first."""
    seen: set[str] = set()
    out = []
    for fact in facts_said:
        clause = normalise(fact_clause(fact))
        if fact.caveat or fact.figures & held or clause in seen:
            continue
        seen.add(clause)
        out.append(fact)
    return out


def at_a_glance(results: Sequence[Fact], speaker: str) -> str:
    """The case study's box of results, built by code from the customer's achieved facts."""
    if not results:
        return ""
    lines = [f"- {render_fact(f)} — {speaker}" for f in results[:AT_A_GLANCE]]
    return "## At a glance\n\n" + "\n".join(lines) + "\n\n"


def code_headline(transcript: Transcript, customer: str, facts: Sequence[Fact] | None = None) -> str:
    """A headline when the writer's is cut: the customer and their main result, in their words."""
    results = results_of(transcript, facts)
    return f"{customer}: {render_fact(results[0])}" if results else f"{customer}'s story"


def linkedin_post(
    plan: LinkedInPlan, quotes: list[dict[str, Any]], unknown: list[str], facts: Sequence[Fact]
) -> str:
    """The writer's post: its hook, lines and quote, with the references filled in."""
    quote = cite(quotes[plan.quote_id] if plan.quote_id < len(quotes) else quotes[0])
    hook = fill_refs(plan.hook, quotes, unknown, facts)
    return linkedin_text(hook, [fill_refs(line, quotes, unknown, facts) for line in plan.lines], quote)


def linkedin_text(hook: str, given: list[str], quote: str) -> str:
    """Hook, 3-5 short lines, one quote; lines are dropped from the end until it fits LinkedIn's fold."""
    lines: list[str] = []
    for line in given:
        if lines and line[:1].islower():
            lines[-1] = f"{lines[-1]} {line}"  # a sentence the model wrapped over two lines is one line
        elif line:
            lines.append(line)

    def post() -> str:
        return f"{hook}\n\n" + "\n".join(lines) + f"\n\n{quote}"

    while len(post()) > LINKEDIN_MAX_CHARS and len(lines) > 1:
        lines.pop()
    return post()


def x_post(text: str, quotes: list[dict[str, Any]], preferred: int) -> str:
    """The writer's line and a quote within X's 280 characters: the chosen quote, else the shortest that fits."""
    order = [preferred] if 0 <= preferred < len(quotes) else []
    order += sorted(range(len(quotes)), key=lambda i: len(quotes[i]["text"]))
    # The writer's line with a quote, else the quote alone (the customer's words carry a post), else the line.
    for lead in (text, ""):
        for i in order:
            post = f"{lead}\n\n{cite(quotes[i])}" if lead else cite(quotes[i])
            if len(post) <= X_MAX_CHARS:
                return post
    return text  # too long even alone: the review says so, nothing is cut mid-sentence


def testimonials(quotes: list[dict[str, Any]], facts: Sequence[Fact] = ()) -> dict[str, str]:
    """Short, medium and long: the best-scored verified quote in each length band.

    Not a quote whose figure is a hope or someone else's: a testimonial reads as what the customer got.
    """
    not_done = not_done_figures(facts)
    usable = [q for q in quotes if not canonical_figures(q["text"]) & not_done]
    bands = {"short": (0, 20), "medium": (20, 40), "long": (40, 1000)}
    chosen: dict[str, dict[str, Any]] = {}
    for name, (low, high) in bands.items():
        fits = [q for q in usable if low <= len(q["text"].split()) < high]
        if fits:
            chosen[name] = max(fits, key=lambda q: q["score"])
    # A band no quote fits takes the unused quote nearest its length, so there are three of different lengths.
    for name, (low, high) in bands.items():
        spare = [q for q in usable if q not in chosen.values()]
        if name not in chosen and spare:
            chosen[name] = min(spare, key=lambda q: abs(len(q["text"].split()) - (low + min(high, 80)) / 2))
    by_length = sorted(chosen.values(), key=lambda q: len(q["text"].split()))
    return {name: cite(q) for name, q in zip([n for n in bands if n in chosen], by_length, strict=True)}


def not_done_figures(facts: Sequence[Fact]) -> set[str]:
    """Figures the customer gave as a hope, a plan, a what-if or someone else's: never shown as what they got."""
    return {figure for f in facts if f.status != "achieved" for figure in f.figures}


def approval_email(
    transcript: Transcript,
    quotes: list[dict[str, Any]],
    drafts: dict[str, Any],
    facts: Sequence[Fact] | None = None,
) -> str:
    """What the customer must confirm, in the words they said it.

    The figures they asked to check first, then every quote and every figure the drafts use (each once,
    numbered, with its sentence).
    """
    used_ids, figures = to_confirm(drafts, quotes)
    used = [quotes[i] for i in used_ids]
    facts = list(facts) if facts is not None else customer_facts(transcript)
    held = [f for f in facts if f.caveat and f.figures & held_figures(facts)]
    in_drafts: list[str] = []
    for figure in figures:
        canon = next(iter(canonical_figures(figure)), figure)
        source = next((f.sentence for f in facts if canon in f.figures), None)
        line = f"“{source}”" if source else figure
        if line not in in_drafts and not any(source == h.sentence for h in held):
            in_drafts.append(line)
    first_name = transcript.customers[0].split()[0] if transcript.customers else ""
    lines = [
        f"Subject: Your story — draft for your approval{', ' + first_name if first_name else ''}",
        "",
        f"Hi {first_name or 'there'},",
        "",
        "Thank you again for the interview. Before we publish anything, please check what we would say",
        "in your name. It should take two minutes.",
    ]
    n = 0
    # The role the drafts give the customer, with the sentence they gave it in.
    role = stated_roles(transcript).get(transcript.customers[0]) if transcript.customers else None
    if role is not None and role.told in publishable_text(drafts):
        n += 1
        lines += [
            "",
            "How we describe you:",
            f"{n}. {described(role.speaker, role, None)} — from “{role.sentence}”",
        ]
    if held:
        lines += [
            "",
            "The figures you asked us to check (they are not in the draft until you confirm):",
        ]
        for fact in held:
            n += 1
            lines.append(f"{n}. “{fact.sentence}” — you said “{fact.caveat}”. Is this right to publish?")
    for title, items in (
        (
            "Quotes we would attribute to you, and where each would appear:",
            [_quote_and_place(q, drafts) for q in used],
        ),
        ("Figures in the draft, with the sentence each comes from:", in_drafts),
        (
            "What the drafts say in our words, with the sentence of yours each comes from:",
            # Ours without quotation marks: only the customer's own words stand in quotes.
            [
                f"{PIECE_PREFIX.get(t.get('piece', 'case_study'), '')}{t['section']}: {t['text']} — from “{t['source']}”"
                for t in still_told(drafts)
            ],
        ),
    ):
        # One numbering through the email, so the customer can answer "change 3 and 7".
        if not items and title.startswith("What the drafts say"):
            continue  # a draft with no reported sentence (a writer's, or no story) has nothing to list
        lines += ["", title, *(f"{n + k}. {item}" for k, item in enumerate(items, 1))] + (
            [] if items else ["(none)"]
        )
        n += len(items)
    lines += [
        "",
        "Reply with the numbers of anything you want changed or removed, or “approved” if it is all right.",
        "",
        "Thanks,",
        transcript.interviewers[0] if transcript.interviewers else "",
    ]
    return "\n".join(lines).strip() + "\n"


# How the approval email names the piece a sentence of ours stands in (the case study's go unnamed).
PIECE_PREFIX = {"case_study": "", "blog_post": "Blog post, "}


def still_told(drafts: dict[str, Any]) -> list[dict[str, Any]]:
    """The reported sentences still in the piece they were written for (code may have cut one)."""
    return [
        t
        for t in drafts.get("traced") or []
        if t["text"] in str(drafts.get(t.get("piece") or "case_study") or "")
    ]


def placements(text: str, drafts: dict[str, Any]) -> list[str]:
    """Where the drafts print `text`: each piece, and in a piece with headings, the section it sits under."""
    where: list[str] = []
    for key, piece in (("case_study", "case study"), ("blog_post", "blog post")):
        section = None
        for line in str(drafts.get(key) or "").splitlines():
            if line.startswith("## "):
                section = line[3:].strip()
            if text in line:
                where.append(f"{piece}, {section}" if section else f"{piece}, opening")
    platforms = drafts.get("social_platforms") or list(SOCIAL_PLATFORMS)
    for platform, post in zip(platforms, drafts.get("social_posts") or [], strict=False):
        if text in post:
            where.append(f"{platform} post")
    for band, testimonial in (drafts.get("testimonials") or {}).items():
        if text in testimonial:
            where.append(f"{band} testimonial")
    return list(dict.fromkeys(where))


def _quote_and_place(quote: dict[str, Any], drafts: dict[str, Any]) -> str:
    # The customer approves a quote where it stands: the section it sits in frames what it claims.
    where = placements(quote["text"], drafts)
    return f"“{quote['text']}” ({'; '.join(where)})" if where else f"“{quote['text']}”"


# Cues of the time before, the time after and advice are `story.BEFORE`, `AFTER`, `ADVICE` (tables in
# `vocabulary`), shared with the story model.
# A reply about the draft or a goodbye ("Perfect, happy to look it over."): part of no story.
SIGN_OFF = re.compile(
    r"\b(?:happy to (?:look|review|check|read)|look it over|(?:send|see) (?:it|me|the draft)|thanks|thank you)\b",
    re.I,
)
# Told in the past tense.
_PAST = re.compile(r"\b(?:was|were|had|did|came|went|took|spent)\b", re.I)
# What a customer says of the vendor's part: "your team asked for ten invoices", "mapping our rates".
SOLUTION = re.compile(
    r"\b(?:your (?:team|people|product|tool|platform|onboarding|support)|you (?:guys|folks|all)|set (?:it )?up|"
    r"setup|onboard\w*|pilot|rolled? out|roll-?out|switch\w*|implement\w*|integrat\w*|mapping|migrat\w*|"
    r"moved (?:\w+ ){0,3}over|went live|sat with)\b",
    re.I,
)


_FROM_TO = re.compile(r"\bfrom\b.{1,60}?\bto\b", re.I)
_NONE = re.compile(r"\b(?:none|zero|nothing|nobody)\b", re.I)


def _worded_change(text: str) -> bool:
    """A sentence that counts a change in words: "My month-end went from four late nights to none"."""
    return any(
        _FROM_TO.search(s) and len(lang.NUMBER.findall(s)) + len(_NONE.findall(s)) >= 2
        for s in sentences(text)
    )


# Answers to these questions sit in no part of the case study: advice is the blog's lesson, what is next
# is not done, the close is about the draft.
NO_PART = ("advice", "next", "close")


def quotes_by_section(
    quotes: list[dict[str, Any]],
    facts: Sequence[Fact] = (),
    vendor: str | None = None,
    parts: Mapping[int, str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The verified quotes that tell each part of the case study, best first.

    Results are the quotes that carry an achieved result's figure; never one whose figure is a hope,
    a plan or someone else's (under that heading "I'd love to get under $50" would read as done). The
    challenge is what the customer said of the time before, the solution what they said of the vendor's part.
    Where the interviewer's question says what an answer is about (`parts`, from `story.parts_by_turn`),
    its quotes go to that part only: an answer to "What would you tell another team?" goes to none.
    """
    parts = parts or {}
    not_done = not_done_figures(facts)
    done = [normalise(fact_clause(f)) for f in result_facts(list(facts), set())]
    vendor_named = re.compile(rf"\b{re.escape(vendor)}\b", re.I) if vendor else None

    def part(q: dict[str, Any]) -> str | None:
        return parts.get(int(q.get("turn") or 0))

    def is_result(q: dict[str, Any]) -> bool:
        text = normalise(q["text"])
        return any(d in text for d in done) and not canonical_figures(q["text"]) & not_done

    def tells_solution(q: dict[str, Any]) -> bool:
        said = bool(SOLUTION.search(q["text"]) or (vendor_named and vendor_named.search(q["text"])))
        return part(q) == "change" or (said and part(q) is None)

    results = [q for q in quotes if is_result(q) and part(q) not in NO_PART][:3]
    if not done:
        # No figure in digits: a change the customer counted in words ("from four late nights to none").
        results = [
            q
            for q in quotes
            if _worded_change(q["text"])
            and not canonical_figures(q["text"]) & not_done
            and part(q) not in NO_PART
        ][:3]
    rest = [q for q in quotes if q not in results]
    # A quote fits a part only by what it says. Advice is the blog's lesson, not a part of the story; a
    # hope or someone else's figure is not what was; the time after the change is not the challenge.
    placeable = [
        q
        for q in rest
        if not ADVICE.search(q["text"])
        and part(q) not in NO_PART
        and not SIGN_OFF.search(q["text"])
        and not canonical_figures(q["text"]) & not_done
    ]
    told = [
        q
        for q in placeable
        if part(q) in ("before", None) and not tells_solution(q) and not AFTER.search(q["text"])
    ]
    # The time before ends where the customer first tells of the change or a result.
    turns = [q.get("turn") or 0 for q in quotes]
    turning = [q.get("turn") or 0 for q in quotes if tells_solution(q)] + [
        f.turn for f in result_facts(list(facts), set())
    ]
    early = min(turning) if turning else (sorted(turns)[len(turns) // 2] if turns else 0)
    asked_before = [q for q in told if part(q) == "before"]
    before = [q for q in told if BEFORE.search(q["text"]) and q not in asked_before]
    # The early part of the call told in the past: "we were flying blind", "every lead came from ads".
    # A feeling told late in the call is about the time after ("Strange, honestly. I kept waiting …").
    in_the_past = [q for q in told if (q.get("turn") or 0) <= early and q not in asked_before + before]
    past = [q for q in in_the_past if _PAST.search(q["text"])]
    felt = [q for q in in_the_past if "emotion" in q["categories"] and q not in past]
    challenge = (asked_before + before + past + felt)[:2]
    after = [q for q in placeable if q not in challenge and part(q) in ("result", None)]
    # Before and after in one quote ("Before, I was the person who caught mistakes. Now …") is a result.
    then_and_now = [q for q in after if BEFORE.search(q["text"]) and AFTER.search(q["text"])]
    # How it felt and what happened after the change ("It was a relief. I stopped dreading the last week",
    # "He asked me to run the numbers twice") is a result too.
    felt_after = [
        q
        for q in after
        if q not in then_and_now
        and (part(q) == "result" or {"emotion", "story", "before_after"} & set(q["categories"]))
        and (q.get("turn") or 0) > early
        and not tells_solution(q)
    ]
    results = results + (then_and_now + felt_after)[: max(0, 3 - len(results))]
    solution = [q for q in placeable if q not in challenge + results and tells_solution(q)][:2]
    return {"Challenge": challenge, "Solution": solution, "Results": results}


# Sentences of the story model a part may tell, besides its quotes.
STORY_LINES = 2


def with_story_lines(
    sections: dict[str, list[dict[str, Any]]], story: StoryModel
) -> dict[str, list[dict[str, Any]]]:
    """The parts with the story model's sentences of the time before and of the change told first.

    Only a sentence that can be reported whole in the third person is added (a line said as "I" or to
    the vendor stays out: it is not among the quotes the customer is asked to confirm), and none that a
    quote already carries.
    """
    # What the case study shows as quotes: a results quote that carries a result is told, not shown.
    results = [r.said.text for r in story.results]
    shown = [q for name in ("Challenge", "Solution") for q in sections.get(name, [])] + [
        q for q in sections.get("Results", []) if not any(r in q["text"] for r in results)
    ]
    said = " ".join(q["text"] for q in shown)
    out = dict(sections)
    for name, spans in (("Challenge", story.before), ("Solution", story.change)):
        lines: list[dict[str, Any]] = [
            {"text": s.text, "turn": s.turn, "speaker": story.customer, "categories": []}
            for s in spans
            if s.text not in said
        ]
        lines = [line for line in lines if reported_quote(line, story.company, lead=False)]
        out[name] = lines[:STORY_LINES] + list(sections.get(name, []))
    return out


def woven(
    sections: dict[str, list[dict[str, Any]]], company: str | None, *, told_results: bool
) -> dict[str, list[dict[str, Any]]]:
    """Each part told in sentences with its quotes woven in, not a collage.

    One quote where the part has sentences of its own (reported), two where it has none, so the case
    study is prose with two to four quotes. The quotes left out stay free for the blog post.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for name, quotes in sections.items():
        told = [q for q in quotes if reported_quote(q, company, lead=False)]
        kept = [q for q in quotes if q not in told]
        has_own = bool(told) or (name == "Results" and told_results)
        out[name] = told + kept[: 1 if has_own else 2]
    return out


def quote_block(quotes: list[dict[str, Any]]) -> str:
    """Quotes as Markdown block quotes, each attributed."""
    return "\n\n".join(f"> {cite(q)}" for q in quotes) or "_No quote in this category._"


def _speaks_of(customer: str, company: str | None) -> str:
    return f"{customer} of {company}" if company else customer


def code_case_study(
    quotes: list[dict[str, Any]],
    who: str,
    headline: str,
    sections: dict[str, list[dict[str, Any]]],
    results: Sequence[Fact],
    company: str | None = None,
    role: StatedRole | None = None,
) -> tuple[str, list[Reported]]:
    """The case study in the third person, and each sentence of its own with the customer's it reports.

    Each part is told in sentences reported from the customer's own (`story.reported`: "At Brightline,
    disputes are down about 40 percent"; "At Brightline, month end took six working days"), which claim
    exactly what their span does; a quote that cannot be reported whole (said as "I", to the vendor, or
    leaning on spoken hedges) stays a quote. Results keep each figure with what it measures, and the
    quotes that say the same are not repeated. A part with no quote stays empty, and the review says so,
    rather than a result or a challenge the customer did not tell.
    """
    customer = quotes[0]["speaker"]
    teller = customer.split()[0]
    # The customer with the role they gave ("Priya Nair, who runs finance operations there").
    role = role if role is not None and role.speaker == customer else None
    person = described(customer, role, None) if role else customer
    intro = (
        f"This is {company}'s story, as {person}{' there' if role else ''}, told it."
        if company
        else f"This is the story {person if role else who} told."
    )
    traced: list[Reported] = []
    parts = [f"# {headline}", at_a_glance(results, customer).strip(), intro]
    for k, (name, qs) in enumerate(sections.items()):
        # Where the call names no company, each part says whose telling it is, in words that vary.
        told_by = TOLD_BY[k % len(TOLD_BY)].format(teller=teller)
        if name == "Results":
            told = reported_results(results, company, teller=told_by)
            kept = [q for q in qs if not any(r.source in q["text"] for r in told)]
        else:
            told, kept = _told_and_kept(qs, company, told_by)
        traced += [replace(r, section=name) for r in told]
        body = [" ".join(r.text for r in told)] if told else []
        body += [quote_block(kept)] if kept else []
        parts.append(f"## {name}\n\n" + "\n\n".join(body) if body else f"## {name}")
    return "\n\n".join(p for p in parts if p) + "\n", traced


# How a part opens when the call names no company ("they" needs someone to refer to); {} is the sentence.
TOLD_BY = ("As {teller} tells it, {{}}", "According to {teller}, {{}}", "{teller} says {{}}")


def _told_and_kept(
    quotes: list[dict[str, Any]], company: str | None, teller: str
) -> tuple[list[Reported], list[dict[str, Any]]]:
    """The quotes told in the third person where they can be, whole; the rest kept as quotes."""
    told: list[Reported] = []
    kept: list[dict[str, Any]] = []
    for quote in quotes:
        reported_whole = reported_quote(quote, company, lead=not told, teller=teller)
        if reported_whole:
            told.append(reported_whole)
        else:
            kept.append(quote)
    return told, kept


def code_blog_post(
    quotes: list[dict[str, Any]],
    who: str,
    company: str | None,
    sections: dict[str, list[dict[str, Any]]],
    facts: Sequence[Fact],
    results: Sequence[Fact],
    described_as: str | None = None,
) -> tuple[str, list[Reported]]:
    """A different piece from the case study: it leads with the customer's lesson, then how they got there.

    The lesson is told in a sentence of its own where the customer gave it as advice ("Priya Nair's advice
    to anyone in the same place is not to wait until it breaks"), and the results in the clauses that carry
    them, so the post's own sentences differ from the case study's; each is returned with its span.

    How they got there is told from lines the case study does not carry, in the tool's own sentences
    reported from the customer's where a line can be reported whole (else quoted), so the post is not
    the case study again. Short pull quotes can leave it under a blog post's length; then more of the
    customer's lines follow, never a hope or someone else's figure. A call with too few stays short, and
    the review says so.
    """
    told_as_advice = [q for q in quotes if ADVICE.search(q["text"])]
    advice = told_as_advice[:2] or [q for q in quotes if "advice" in q["categories"]][:1] or quotes[-1:]
    speaker = quotes[0]["speaker"]
    subject = company or who
    in_case_study = [q for qs in sections.values() for q in qs]
    unused = _more_lines(quotes, [*advice, *in_case_study], facts)
    told, kept = _told_and_kept(unused[:3], company, TOLD_BY[0].format(teller=speaker.split()[0]))
    if not unused:
        # Every line is the case study's already: quoted here, never told again in the same sentences.
        kept = [q for q in sections["Challenge"] + sections["Solution"] if q not in advice][:2]
    story = [*unused[:3], *kept]
    advice_told = next(
        (
            r
            for q in told_as_advice
            if (first := sentences(q["text"])[:1])
            and (r := reported_advice(first[0], described_as or speaker, int(q.get("turn") or 0)))
        ),
        None,
    )
    title = (
        f"{advice_title(advice_told)}: what {company or speaker} learned"
        if advice_told
        else f"What {company} learned, in {speaker}'s words"
        if company
        else f"What {who} learned"
    )
    # Advice the customer gave as advice is framed as theirs to give; a line picked for want of advice is not.
    lead = (
        advice_told.text
        if advice_told
        else f"What {speaker} would tell a team in the same place:"
        if told_as_advice
        else f"In {speaker}'s words:"
    )
    parts = [f"# {title}", f"## The lesson, from {subject}", lead, quote_block(advice)]
    parts += ["## The story behind it", " ".join(r.text for r in told), quote_block(kept) if kept else ""]
    traced = [replace(r, section="The story behind it", piece="blog_post") for r in told]
    if advice_told:
        traced.insert(0, replace(advice_told, section=f"The lesson, from {subject}", piece="blog_post"))
    outcome = _outcome_clauses(results, company)
    if outcome:
        # The results in the clauses that carry them, after a line that says whose they are.
        parts += [
            "## What came of it",
            f"Here is what came of it at {subject}. " + " ".join(r.text for r in outcome),
        ]
        traced += [replace(r, section="What came of it", piece="blog_post") for r in outcome]
    elif results:
        parts += ["## What came of it", "\n".join(f"- {render_fact(f)}" for f in results[:AT_A_GLANCE])]
    # Lines the case study does not carry first; its quotes may follow (a quote repeated is not prose repeated).
    more = _more_lines(quotes, [*story, *advice, *in_case_study], facts)
    more += [q for q in _more_lines(quotes, [*story, *advice], facts) if q not in more]
    heading = f"## More in {speaker}'s words"
    while more and len("\n\n".join(parts).split()) < DRAFT_WORDS["blog_post"][0]:
        if heading not in parts:
            parts.append(heading)
        parts.append(quote_block([more.pop(0)]))
    return "\n\n".join(p for p in parts if p) + "\n", traced


def _outcome_clauses(results: Sequence[Fact], company: str | None) -> list[Reported]:
    """Each result's own clause reported ("Disputes are down about 40 percent."), or [] when one cannot be."""
    told = []
    for fact in results[:AT_A_GLANCE]:
        clause = fact_clause(fact)
        text = reported(clause, company, lead=False) if not NEEDS_CONTEXT.match(clause) else None
        if text is None:
            return []
        told.append(Reported(text, fact.sentence, fact.turn))
    return told


def _more_lines(
    quotes: list[dict[str, Any]], used: list[dict[str, Any]], facts: Sequence[Fact]
) -> list[dict[str, Any]]:
    """Quotes not yet used, best first, that carry no hope and no one else's figure."""
    not_done = not_done_figures(facts)
    # A line the case study tells from the story model counts as used by any quote that holds it.
    said = [u["text"] for u in used]
    return [
        q
        for q in quotes
        if q not in used
        and not any(s in q["text"] or q["text"] in s for s in said)
        and not canonical_figures(q["text"]) & not_done
    ]


# A sentence that leans on the one before it does not stand alone on a post: "That was the moment…".
_LEANS_BACK = re.compile(
    r"^(?:and|but|so|or|because|that|this|it|they|those|these|then|which|one of them|the other)\b", re.I
)


def _reads_alone(sentence: str, not_done: set[str]) -> bool:
    """A line a post can carry: short, standing on its own, and not a hope or someone else's figure."""
    return (
        6 <= len(sentence.split()) <= 30
        and not _LEANS_BACK.match(sentence)
        and not canonical_figures(sentence) & not_done
    )


def code_social_posts(
    quotes: list[dict[str, Any]],
    who: str,
    company: str | None,
    facts: Sequence[Fact],
    results: Sequence[Fact],
) -> list[str]:
    """A LinkedIn post (hook, the customer's results or lines, one quote) and a post for X."""
    best = max(range(len(quotes)), key=lambda i: quotes[i]["score"])
    # The hook is a line of the post's own: the main result reported ("At Brightline, disputes are down
    # about 40 percent."), else the result in the customer's words under the company's name.
    told = reported_results(results, company, limit=1, teller=quotes[0]["speaker"].split()[0])
    if told:
        hook = told[0].text
    else:
        hook = f"{company or who}: {render_fact(results[0])}" if results else f"{who}, in their own words."
    lines = [render_fact(f) for f in results[1 if told or results else 0 : 5]]
    not_done = not_done_figures(facts)
    # Short sentences of the other quotes fill a post with few results; each is the customer's, quoted.
    for q in quotes:
        if len(lines) >= LINKEDIN_LINES[0]:
            break
        line = next((f"“{s}”" for s in sentences(q["text"]) if _reads_alone(s, not_done)), None)
        if q is not quotes[best] and line and line not in lines:
            lines.append(line)
    linkedin = linkedin_text(hook, lines[: LINKEDIN_LINES[1]], cite(quotes[best]))
    return [linkedin, x_post(f"{who}:", quotes, best)]


def code_drafts(
    quotes: list[dict[str, Any]],
    transcript: Transcript,
    company: str | None,
    vendor: str | None,
    facts: Sequence[Fact],
    results: Sequence[Fact],
    why: str,
    story: StoryModel | None = None,
) -> dict[str, Any]:
    """Drafts built by code alone, used when no writer model runs.

    The customer's quotes and achieved figures in their own words, framed in the third person by fixed
    lines that claim nothing of their own.
    """
    customer = ", ".join(transcript.customers) or "the customer"
    who = _speaks_of(customer, company)
    sections = quotes_by_section(quotes, facts, vendor, story.parts if story is not None else None)
    if story is not None and story.customer:
        sections = with_story_lines(sections, story)
    sections = woven(sections, company, told_results=bool(results))
    role = story.role if story is not None else None
    case_study, traced = code_case_study(
        quotes,
        who,
        result_headline(results, company) or code_headline(transcript, company or customer, facts),
        sections,
        results,
        company,
        # A role is one person's: with several customers on the call, none is named with one.
        role if len(transcript.customers) == 1 else None,
    )
    blog_post, blog_traced = code_blog_post(
        quotes, who, company, sections, facts, results, described(customer, role, company) if role else None
    )
    return {
        "case_study": case_study,
        "traced": [r.as_json() for r in [*traced, *blog_traced]],
        "blog_post": blog_post,
        "social_posts": code_social_posts(quotes, who, company, facts, results),
        "social_platforms": list(SOCIAL_PLATFORMS),
        "extractive": True,
        "writer": why,
    }


def drafts_from_plan(
    plan: DraftPlan,
    quotes: list[dict[str, Any]],
    cited: Sequence[Fact],
    results: Sequence[Fact],
    fallback_headline: str,
) -> dict[str, Any]:
    """The writer's plan as drafts: its quote and fact ids replaced by the customer's exact words."""
    unknown: list[str] = []
    cs = plan.case_study

    def filled(text: str) -> str:
        return fill_refs(text, quotes, unknown, cited)

    pulls = "\n\n".join(f"> {cite(quotes[i])}" for i in cs.pull_quote_ids if 0 <= i < len(quotes))
    speaker = quotes[0]["speaker"]
    case_study = (
        f"# {filled(cs.title) or fallback_headline}\n\n{at_a_glance(results, speaker)}"
        f"## Challenge\n\n{filled(cs.challenge)}\n\n"
        f"## Solution\n\n{filled(cs.solution)}\n\n"
        f"## Results\n\n{filled(cs.results)}\n\n" + (f"## Pull quotes\n\n{pulls}\n" if pulls else "")
    )
    drafts: dict[str, Any] = {
        "case_study": case_study,
        "blog_post": f"# {plan.blog_post.title}\n\n{filled(plan.blog_post.body)}\n",
        "social_posts": [
            linkedin_post(plan.linkedin, quotes, unknown, cited),
            x_post(filled(plan.x_post.text), quotes, plan.x_post.quote_id),
        ],
        "social_platforms": list(SOCIAL_PLATFORMS),
        "extractive": False,
    }
    if unknown:
        drafts["unknown_quote_refs"] = unknown
    return drafts
