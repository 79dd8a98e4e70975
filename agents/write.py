"""Write node: case study, blog post, testimonials, social posts and the approval email.

The model writes prose and refers to quotes by id ({{Q3}}); code puts the customer's exact words in.
Testimonials and the approval email are assembled by code from verified quotes only.
"""

from __future__ import annotations

import re
from typing import Any

from langgraph.runtime import Runtime
from pydantic import BaseModel, Field

from callcontent.agents.common import messages, timed_node, transcript_of
from callcontent.agents.context import Context, context_of
from callcontent.agents.state import State
from callcontent.facts import CHANGE, Fact, customer_facts, facts_for, held_figures
from callcontent.llm.errors import LLMError
from callcontent.transcript import Transcript
from callcontent.verify import canonical_figures, figures_in_context, normalise, to_confirm


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


class SocialPlan(BaseModel):
    """One social post: its text and the quote it is built on."""

    text: str = Field(max_length=260)
    quote_id: int = Field(ge=0, le=99)


class DraftPlan(BaseModel):
    """Everything the writer returns in one reply."""

    case_study: CaseStudyPlan
    blog_post: BlogPlan
    social_posts: list[SocialPlan] = Field(max_length=3)


_REF = re.compile(r"\{\{?\s*Q(\d+)\s*\}?\}")


def cite(quote: dict[str, Any]) -> str:
    """A quote as drafts print it, with its speaker."""
    return f"“{quote['text']}” — {quote['speaker']}"


def fill_refs(text: str, quotes: list[dict[str, Any]], unknown: list[str]) -> str:
    """Replace `[Q3]`-style references with the quotes they name; unknown ids are collected in `unknown`."""

    def sub(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if 0 <= i < len(quotes):
            return cite(quotes[i])
        unknown.append(m.group(0))
        return ""

    return re.sub(r"[ \t]{2,}", " ", _REF.sub(sub, text)).strip()


def fact_note(figure: str | None, facts: list[Fact]) -> str:
    """What the writer must keep about a figure: its status, its source, or that it is not a change."""
    sources = facts_for(figure, facts) if figure else []
    if not sources:
        return ""
    if not any(f.achieved for f in sources):
        return f" (the customer's {sources[0].status} figure, not a result)"
    if all(f.status == "someone_else" for f in sources):
        return " (someone else's figure: name its source)"
    if not any(CHANGE.search(f.sentence) for f in sources):
        return " (a level or a share, not a change)"
    return ""


def _figure_of(context: str) -> str | None:
    figures = canonical_figures(context)
    return next(iter(figures)) if len(figures) == 1 else None


def testimonials(quotes: list[dict[str, Any]]) -> dict[str, str]:
    """Short, medium and long: the best-scored verified quote in each length band."""
    bands = {"short": (0, 20), "medium": (20, 40), "long": (40, 1000)}
    chosen: dict[str, str] = {}
    for name, (low, high) in bands.items():
        fits = [q for q in quotes if low <= len(q["text"].split()) < high]
        if fits:
            chosen[name] = cite(max(fits, key=lambda q: q["score"]))
    return chosen


def approval_email(
    transcript: Transcript, quotes: list[dict[str, Any]], drafts: dict[str, Any], customer: str
) -> str:
    """What the customer must confirm, in the words they said it.

    The figures they asked to check first, then every quote and every figure the drafts use (each once,
    numbered, with its sentence).
    """
    used_ids, figures = to_confirm(drafts, quotes)
    used = [quotes[i] for i in used_ids]
    facts = customer_facts(transcript)
    held = [f for f in facts if f.caveat and f.figures & held_figures(facts)]
    in_drafts: list[str] = []
    for figure in figures:
        canon = next(iter(canonical_figures(figure)), figure)
        source = next((f.sentence for f in facts if canon in f.figures), None)
        line = f"“{source}”" if source else figure
        if line not in in_drafts and not any(source == h.sentence for h in held):
            in_drafts.append(line)
    first_name = customer.split()[0] if customer else ""
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
        ("Quotes we would attribute to you:", [f"“{q['text']}”" for q in used]),
        ("Figures in the draft, with the sentence each comes from:", in_drafts),
    ):
        # One numbering through the email, so the customer can answer "change 3 and 7".
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


def extractive_plan(quotes: list[dict[str, Any]], customer: str) -> dict[str, Any]:
    """--model none: drafts built only from verified quotes, arranged by category, labelled as such."""

    def pick(*cats: str, n: int = 2) -> list[dict[str, Any]]:
        return [q for q in quotes if set(q["categories"]) & set(cats)][:n]

    challenge = pick("before_after", "story", "emotion") or quotes[:1]
    results = [q for q in pick("result", n=3) if q not in challenge] or quotes[1:2]
    solution = [q for q in pick("product", "advice", "story") if q not in challenge + results][:2]
    label = "_Extractive draft (no LLM): built only from verified customer quotes._"

    def block(qs: list[dict[str, Any]]) -> str:
        return "\n\n".join(f"> {cite(q)}" for q in qs) or "_No quote in this category._"

    case_study = (
        f"# {customer}'s story\n\n{label}\n\n## Challenge\n\n{block(challenge)}\n\n"
        f"## Solution\n\n{block(solution)}\n\n## Results\n\n{block(results)}\n"
    )
    blog = f"# In {customer}'s words\n\n{label}\n\n" + "\n\n".join(f"> {cite(q)}" for q in quotes[:6]) + "\n"
    social = [f"{label}\n\n{cite(q)}" for q in quotes[:3]]
    return {"case_study": case_study, "blog_post": blog, "social_posts": social, "extractive": True}


@timed_node("write")
def write_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write node: drafts from the verified quotes and facts (extractive drafts when no writer model runs)."""
    ctx = context_of(runtime)
    transcript = transcript_of(state)
    # Quotes this customer already has in published stories are not used again.
    published = {normalise(q["text"]) for q in state.get("retrieved", {}).get("published_quotes", [])}
    # Figures the customer asked to check are held out of the drafts until they confirm them: so are the
    # quotes that carry them (the approval email puts them first).
    facts_said = customer_facts(transcript)
    held = held_figures(facts_said)
    quotes: list[dict[str, Any]] = [
        dict(q)
        for q in state.get("quotes", [])
        if normalise(q["text"]) not in published and not canonical_figures(q["text"]) & held
    ]
    customer = ", ".join(transcript.customers) or "the customer"
    errors: list[str] = []
    client = ctx.clients.get("writer")
    drafts: dict[str, Any] | None = None
    if client is not None and quotes:
        facts = list(dict.fromkeys(f for q in quotes for f in figures_in_context(q["text"])))
        facts = [f"{f}{fact_note(_figure_of(f), facts_said)}" for f in facts]
        listing = "\n".join(f"Q{i}: {q['text']}" for i, q in enumerate(quotes))
        problems = state.get("revision_problems") or []
        style = ""
        retrieved = state.get("retrieved", {}).get("case_studies") or []
        if retrieved:
            style = "Past case studies to match in structure and voice:\n" + "\n".join(
                f"- {r.get('title')}: {r.get('outline')}" for r in retrieved[:3]
            )
        body = ctx.prompt("write").render(
            customer=customer,
            interviewer=", ".join(transcript.interviewers),
            facts="".join(f"\n- {f}" for f in facts) or " (none)",
            quotes=listing,
            style=style,
            problems=("Fix these problems from the last review:\n- " + "\n- ".join(problems))
            if problems
            else "",
        )
        try:
            plan = client.structured(DraftPlan, messages(ctx, body), node="write", max_tokens=1400)
            unknown: list[str] = []
            cs = plan.case_study
            pulls = "\n\n".join(f"> {cite(quotes[i])}" for i in cs.pull_quote_ids if 0 <= i < len(quotes))
            case_study = (
                f"# {cs.title}\n\n## Challenge\n\n{fill_refs(cs.challenge, quotes, unknown)}\n\n"
                f"## Solution\n\n{fill_refs(cs.solution, quotes, unknown)}\n\n"
                f"## Results\n\n{fill_refs(cs.results, quotes, unknown)}\n\n"
                + (f"## Pull quotes\n\n{pulls}\n" if pulls else "")
            )
            blog = f"# {plan.blog_post.title}\n\n{fill_refs(plan.blog_post.body, quotes, unknown)}\n"
            social = [
                f"{fill_refs(p.text, quotes, unknown)}\n\n{cite(quotes[p.quote_id])}"
                if 0 <= p.quote_id < len(quotes)
                else fill_refs(p.text, quotes, unknown)
                for p in plan.social_posts
            ]
            drafts = {
                "case_study": case_study,
                "blog_post": blog,
                "social_posts": social,
                "extractive": False,
            }
            if unknown:
                drafts["unknown_quote_refs"] = unknown
        except LLMError as exc:
            if state.get("rounds"):
                # A rewrite that failed leaves the reviewed drafts of the earlier rounds standing: the review
                # ends the loop on the best of them, flagged, instead of a run degraded to extractive drafts.
                return {"revision_failed": f"rewrite {state['rounds'] + 1} failed: {exc}", "errors": []}
            errors.append(f"write: {exc}; fell back to an extractive draft")
    if drafts is None:
        drafts = (
            extractive_plan(quotes, customer)
            if quotes
            else {"case_study": "", "blog_post": "", "social_posts": [], "extractive": True}
        )
    drafts["testimonials"] = testimonials(quotes)
    drafts["approval_email"] = approval_email(transcript, quotes, drafts, customer)
    return {"drafts": drafts, "errors": errors}
