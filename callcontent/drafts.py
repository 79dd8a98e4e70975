"""The drafts' forms: what a case study, blog post, social post, testimonial and approval email are made of.

Limits and shapes (lengths, platforms, sections), the writer's reply schema, and the drafts code builds
from verified quotes and the customer's facts when no writer model runs. The write node calls these; the
review gates (`callcontent.gates`) check drafts against the same limits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
from callcontent.language import sentences
from callcontent.story import Reported, reported_quote, reported_results, result_headline
from callcontent.transcript import Transcript
from callcontent.verify import normalise, to_confirm


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
    if held:
        lines += [
            "",
            "First, the figures you asked us to check (they are not in the draft until you confirm):",
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
            "What the case study says in our words, with the sentence of yours each comes from:",
            # Ours without quotation marks: only the customer's own words stand in quotes.
            [f"{t['section']}: {t['text']} — from “{t['source']}”" for t in still_told(drafts)],
        ),
    ):
        # One numbering through the email, so the customer can answer "change 3 and 7".
        if not items and title.startswith("What the case study says"):
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


def still_told(drafts: dict[str, Any]) -> list[dict[str, Any]]:
    """The case study's reported sentences that are still in it (code may have cut one)."""
    return [t for t in drafts.get("traced") or [] if t["text"] in str(drafts.get("case_study") or "")]


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


# What a customer says of the time before: "we used to", "the night before", "it broke".
BEFORE = re.compile(
    r"\b(?:used to|before(?=,)|before (?:that|this|then|we (?:had|used|started|found))|back then|at the time|had to|waited|broke|problem\w*|pain\w*|struggl\w*|"
    r"frustrat\w*|worst|nightmare|by hand|manual\w*)\b",
    re.I,
)
_PAST = re.compile(r"\b(?:was|were|had|did|came|went|took|spent)\b", re.I)
# What a customer says of the vendor's part: "your team asked for ten invoices", "mapping our rates".
SOLUTION = re.compile(
    r"\b(?:your (?:team|people|product|tool|platform|onboarding|support)|you (?:guys|folks|all)|set (?:it )?up|"
    r"setup|onboard\w*|pilot|rolled? out|roll-?out|switch\w*|implement\w*|integrat\w*|mapping|migrat\w*)\b",
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


def quotes_by_section(
    quotes: list[dict[str, Any]], facts: Sequence[Fact] = (), vendor: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The verified quotes that tell each part of the case study, best first.

    Results are the quotes that carry an achieved result's figure; never one whose figure is a hope,
    a plan or someone else's (under that heading "I'd love to get under $50" would read as done). The
    challenge is what the customer said of the time before, the solution what they said of the vendor's part.
    """
    not_done = not_done_figures(facts)
    done = [normalise(fact_clause(f)) for f in result_facts(list(facts), set())]
    vendor_named = re.compile(rf"\b{re.escape(vendor)}\b", re.I) if vendor else None

    def is_result(q: dict[str, Any]) -> bool:
        text = normalise(q["text"])
        return any(d in text for d in done) and not canonical_figures(q["text"]) & not_done

    def tells_solution(q: dict[str, Any]) -> bool:
        return bool(SOLUTION.search(q["text"]) or (vendor_named and vendor_named.search(q["text"])))

    results = [q for q in quotes if is_result(q)][:3]
    if not done:
        # No figure in digits: a change the customer counted in words ("from four late nights to none").
        results = [
            q for q in quotes if _worded_change(q["text"]) and not canonical_figures(q["text"]) & not_done
        ][:3]
    rest = [q for q in quotes if q not in results]
    # Not a hope or someone else's figure: the challenge is what was, not what the customer wants.
    told = [q for q in rest if not tells_solution(q) and not canonical_figures(q["text"]) & not_done]
    early = sorted(q.get("turn") or 0 for q in quotes)[len(quotes) // 2] if quotes else 0
    before = [q for q in told if BEFORE.search(q["text"])]
    # The early part of the call told in the past: "we were flying blind", "every lead came from ads".
    past = [q for q in told if (q.get("turn") or 0) <= early and _PAST.search(q["text"]) and q not in before]
    felt = [q for q in told if "emotion" in q["categories"] and q not in before + past]
    challenge = (before + past + felt)[:2] or rest[:1]
    rest = [q for q in rest if q not in challenge]
    done_or_told = [q for q in rest if not canonical_figures(q["text"]) & not_done]
    solution = [q for q in done_or_told if tells_solution(q)] + [
        q for q in done_or_told if not tells_solution(q)
    ]
    solution = solution[:2] or rest[:1]
    return {"Challenge": challenge, "Solution": solution, "Results": results}


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
    intro = (
        f"This is {company}'s story, as {customer} told it." if company else f"This is the story {who} told."
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


# Advice in the customer's words: "I'd tell them not to wait", "my advice", "make sure you".
ADVICE = re.compile(
    r"\b(?:I'd tell|I would tell|my advice|I'd advise|I'd say to|make sure|you should|you have to)\b"
    r"|(?:^|[.!?]\s+)(?:never|always|stop|start|don't|do not|measure|talk to|ask)\b",
    re.I,
)


def code_blog_post(
    quotes: list[dict[str, Any]],
    who: str,
    company: str | None,
    sections: dict[str, list[dict[str, Any]]],
    facts: Sequence[Fact],
    results: Sequence[Fact],
) -> str:
    """A different piece from the case study: it leads with the customer's lesson, then how they got there.

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
    title = f"What {company} learned, in {speaker}'s words" if company else f"What {who} learned"
    # Advice the customer gave as advice is framed as theirs to give; a line picked for want of advice is not.
    lead = (
        f"What {speaker} would tell a team in the same place:" if told_as_advice else f"In {speaker}'s words:"
    )
    parts = [f"# {title}", f"## The lesson, from {subject}", lead, quote_block(advice)]
    parts += ["## The story behind it", " ".join(r.text for r in told), quote_block(kept) if kept else ""]
    if results:
        parts += ["## What came of it", "\n".join(f"- {render_fact(f)}" for f in results[:AT_A_GLANCE])]
    # Lines the case study does not carry first; its quotes may follow (a quote repeated is not prose repeated).
    more = _more_lines(quotes, [*story, *advice, *in_case_study], facts)
    more += [q for q in _more_lines(quotes, [*story, *advice], facts) if q not in more]
    heading = f"## More in {speaker}'s words"
    while more and len("\n\n".join(parts).split()) < DRAFT_WORDS["blog_post"][0]:
        if heading not in parts:
            parts.append(heading)
        parts.append(quote_block([more.pop(0)]))
    return "\n\n".join(p for p in parts if p) + "\n"


def _more_lines(
    quotes: list[dict[str, Any]], used: list[dict[str, Any]], facts: Sequence[Fact]
) -> list[dict[str, Any]]:
    """Quotes not yet used, best first, that carry no hope and no one else's figure."""
    not_done = not_done_figures(facts)
    return [q for q in quotes if q not in used and not canonical_figures(q["text"]) & not_done]


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
) -> dict[str, Any]:
    """Drafts built by code alone, used when no writer model runs.

    The customer's quotes and achieved figures in their own words, framed in the third person by fixed
    lines that claim nothing of their own.
    """
    customer = ", ".join(transcript.customers) or "the customer"
    who = _speaks_of(customer, company)
    sections = quotes_by_section(quotes, facts, vendor)
    case_study, traced = code_case_study(
        quotes,
        who,
        result_headline(results, company) or code_headline(transcript, company or customer, facts),
        sections,
        results,
        company,
    )
    return {
        "case_study": case_study,
        "traced": [r.as_json() for r in traced],
        "blog_post": code_blog_post(quotes, who, company, sections, facts, results),
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
