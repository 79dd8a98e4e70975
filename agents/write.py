"""Write node: case study, blog post, testimonials, social posts and the approval email.

The model writes prose and refers to quotes by id ({{Q3}}); code puts the customer's exact words in.
Testimonials and the approval email are assembled by code from verified quotes only.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from callcontent.agents.common import facts_of, messages, timed_node, transcript_of
from callcontent.agents.context import Context, context_of
from callcontent.agents.state import State
from callcontent.drafts import (
    DraftPlan,
    approval_email,
    code_drafts,
    code_headline,
    drafts_from_plan,
    fact_label,
    testimonials,
    usable_facts,
)
from callcontent.earned import skip_reason
from callcontent.facts import (
    fact_clause,
    held_figures,
    result_facts,
)
from callcontent.figures import canonical_figures
from callcontent.llm.errors import LLMError
from callcontent.pieces import (
    KIND_TITLES,
    STORY_PIECES,
    infer_content_kind,
    keep_planned,
    plan_pieces,
    praise_quotes,
)
from callcontent.story import story_listing, story_of
from callcontent.vendor import company_of, vendor_of
from callcontent.verify import normalise


@timed_node("write")
def write_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write node: drafts from the verified quotes and facts (built by code when no writer model runs)."""
    ctx = context_of(runtime)
    transcript = transcript_of(state)
    # Quotes this customer already has in published stories are not used again.
    published = {normalise(q["text"]) for q in state.get("retrieved", {}).get("published_quotes", [])}
    # Figures the customer asked to check are held out of the drafts until they confirm them: so are the
    # quotes that carry them (the approval email puts them first).
    facts_said = facts_of(state)
    held = held_figures(facts_said)
    quotes: list[dict[str, Any]] = [
        dict(q)
        for q in state.get("quotes", [])
        if normalise(q["text"]) not in published and not canonical_figures(q["text"]) & held
    ]
    customer = ", ".join(transcript.customers) or "the customer"
    errors: list[str] = []
    client = ctx.clients.get("writer")
    skipped = skip_reason(ctx.settings, "writer") if client is not None else "no writer model"
    cited = usable_facts(facts_said, held)
    results = result_facts(cited, held)
    vendor = vendor_of(transcript, ctx.settings.vendor)
    company = company_of(transcript, vendor)
    story = story_of(transcript, facts_said, results, company, vendor)
    # What the call supports decides what is written: a churn interview gets no case study.
    requested = state.get("pieces")
    praised = praise_quotes(quotes)
    critique = state.get("critique", {})
    pieces_plan = plan_pieces(
        *infer_content_kind(
            transcript, len(results), critique.get("call_type"), str(critique.get("call_type_reason") or "")
        ),
        praised=bool(praised),
        requested=requested,
    )
    drafts: dict[str, Any] | None = None
    if skipped is None and not set(pieces_plan.write) & set(STORY_PIECES):
        skipped = f"no story to write for {KIND_TITLES[pieces_plan.kind]}"
    if client is not None and skipped is None and quotes:
        listing = "\n".join(f"Q{i}: {q['text']}" for i, q in enumerate(quotes))
        fact_listing = "\n".join(
            f"F{i} [{fact_label(f, results)}]: {fact_clause(f)}" for i, f in enumerate(cited)
        )
        problems = state.get("revision_problems") or []
        style = ""
        retrieved = state.get("retrieved", {}).get("case_studies") or []
        if retrieved:
            style = "Past case studies to match in structure and voice:\n" + "\n".join(
                f"- {r.get('title')}: {r.get('outline')}" for r in retrieved[:3]
            )
        body = ctx.prompt("write").render(
            # The story model came with write v8; a prompt set from before it is compared without it.
            added={"story": story_listing(story)},
            # The customer's company by name: a small writer told only a person's name gives the customer's
            # story to the vendor ("Tallyhand, a regional freight company, struggled with disputes").
            customer=f"{customer} of {company}" if company else customer,
            interviewer=", ".join(transcript.interviewers),
            vendor=vendor
            or "not named in the call: write “the vendor” or “the team”, never a name of your own",
            facts=f"\n{fact_listing}" if fact_listing else " (none)",
            quotes=listing,
            style=style,
            problems=("Fix these problems from the last review:\n- " + "\n- ".join(problems))
            if problems
            else "",
        )
        try:
            plan = client.structured(DraftPlan, messages(ctx, body), node="write", max_tokens=1400)
            drafts = drafts_from_plan(
                plan, quotes, cited, results, code_headline(transcript, customer, facts_said)
            )
            drafts["writer"] = client.model_name
        except LLMError as exc:
            if state.get("rounds"):
                # A rewrite that failed leaves the reviewed drafts of the earlier rounds standing: the review
                # ends the loop on the best of them, flagged, instead of a run degraded to drafts built by code.
                return {"revision_failed": f"rewrite {state['rounds'] + 1} failed: {exc}", "errors": []}
            errors.append(f"write: {exc}; fell back to drafts built by code")
    if drafts is None:
        # A writer that failed is a degraded run (its error says so), not a step the eval turned off.
        why = f"writer skipped: {skipped}" if skipped else "writer failed: see the run's errors"
        drafts = (
            code_drafts(quotes, transcript, company, vendor, facts_said, results, why, story)
            if quotes
            else {
                "case_study": "",
                "blog_post": "",
                "social_posts": [],
                "social_platforms": [],
                "extractive": True,
                "writer": "nothing to write: no verified customer quote",
            }
        )
    # A customer who left is quoted publicly only for what they praised.
    endorsing = quotes if pieces_plan.kind == "success_story" or requested else praised
    drafts["testimonials"] = testimonials(endorsing, facts_said)
    drafts = keep_planned(drafts, pieces_plan, transcript, company, quotes)
    drafts["approval_email"] = (
        approval_email(transcript, endorsing, drafts, facts_said)
        if "approval_email" in pieces_plan.write
        else ""
    )
    return {"drafts": drafts, "story": story.as_json(), "errors": errors}
