"""The graph's state.

A narrow input, what a run returns, and the full working state (both plus the revise-loop bookkeeping).
Payloads are JSON-shaped (they are checkpointed and written to result.json), so each is a TypedDict rather
than a model object.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


class QuoteItem(TypedDict, total=False):
    """One customer quote, checked verbatim against the transcript."""

    text: str
    """The customer's exact words."""
    speaker: str
    """Who said it (always a customer-side speaker)."""
    turn: int
    """The turn it comes from."""
    start: float | None
    """Seconds from the start of the call, where the source has times."""
    categories: list[str]
    """What kind of line it is: result, emotion, story, advice, before/after."""
    score: int
    """How strong a pick it is (ranker's or code's), higher first."""
    verified: bool
    """Found in a customer turn; a quote that is not is never kept."""
    match: str
    """How it was found: 'exact' or 'normalised' (whitespace, quote marks, case)."""


class QuoteStats(TypedDict, total=False):
    """How the quotes were picked."""

    candidates: int
    """Spans offered to the ranker."""
    ranked_by: str
    """'llm' or 'code'."""
    dropped_unverified: int
    """Picks that named no candidate or repeated one, dropped."""


class Retrieved(TypedDict, total=False):
    """What the library gave the writer."""

    status: str
    """'ok', 'empty library', 'no library' or 'failed'."""
    library: str | None
    """The library searched (folder or server)."""
    query: str
    """The transcript's gist used as the query."""
    case_studies: list[dict[str, Any]]
    """Similar past stories: title and outline, for structure and voice."""
    published_quotes: list[dict[str, Any]]
    """Quotes this customer already has in published stories (not reused)."""


class Drafts(TypedDict, total=False):
    """The publishable drafts; quotes are inserted by code from their ids."""

    case_study: str
    """Markdown case study: Challenge, Solution, Results."""
    blog_post: str
    """Markdown blog post."""
    social_posts: list[str]
    """Social posts, each ending on one quote: a LinkedIn post, then one for X."""
    social_platforms: list[str]
    """The platform of each social post, in order ("LinkedIn", "X")."""
    testimonials: dict[str, str]
    """Short, medium and long testimonials, built by code from verified quotes."""
    approval_email: str
    """The email asking the customer to confirm every quote and figure, built by code."""
    extractive: bool
    """True when no writer ran: code built the drafts from verified quotes and facts (and they say so)."""
    writer: str
    """Who wrote the drafts: the writer's model, or why no writer ran ("writer skipped: …")."""
    unknown_quote_refs: list[str]
    """Quote ids the writer cited that do not exist (their sentences are cut)."""


class Review(TypedDict, total=False):
    """The review of the last round: gates in code, then the rubric."""

    passed: bool
    """Every gate holds and the rubric passes; never True for a draft code could not clear."""
    gates: dict[str, Any]
    """Each code gate's verdict on the drafts as written."""
    gates_after_removal: dict[str, Any]
    """The gates again after code cut unsupported sentences."""
    removed_by_code: list[str]
    """Sentences cut because a quote or figure in them is not supported by the transcript."""
    problems: list[str]
    """Everything found this round."""
    open_problems: list[str]
    """What is still wrong after code's cuts."""
    still_wrong: list[str]
    """What no rewrite fixed; shown at the top of each draft."""
    next: str
    """'revise' (back to the writer) or 'done'."""
    rounds: int
    """Review rounds so far."""
    history: list[dict[str, Any]]
    """One line per round: problems, invented items, cuts, rubric score."""
    kept_round: int
    """The round whose drafts were kept, when a later rewrite came out worse or could not be written."""
    revision_failed: str
    """Why the last rewrite could not be written (the drafts are an earlier round's, flagged)."""


class InputState(TypedDict, total=False):
    """What a caller gives the graph."""

    transcript_path: str
    """A transcript file to read (or give `transcript_text`)."""
    transcript_text: str
    """Transcript text, parsed with format detection."""
    interviewers: list[str]
    """Speaker names to treat as the interviewer side, overriding inference."""
    call_type: str
    """customer_story, discovery, research or podcast; inferred when absent."""


class OutputState(TypedDict, total=False):
    """What a run returns."""

    transcript: dict[str, Any]
    """The parsed transcript (`Transcript.model_dump()`)."""
    critique: dict[str, Any]
    """The critique in the `callcontent critique --json` shape, plus the LLM critic's status."""
    quotes: list[QuoteItem]
    """10–15 verified customer quotes."""
    quote_stats: QuoteStats
    """How the quotes were picked."""
    retrieved: Retrieved
    """What the library gave the writer."""
    drafts: Drafts
    """The drafts as they stand after the last review."""
    review: Review
    """The last review."""
    errors: Annotated[list[str], operator.add]
    """Steps that failed (each makes the run degraded); parallel branches each add theirs."""
    timings: Annotated[dict[str, float], lambda a, b: {**a, **b}]
    """Seconds per node."""


class State(InputState, OutputState, total=False):
    """The working state: input, output and the revise loop's bookkeeping."""

    revision_problems: list[str]
    """What the writer must fix in the next round."""
    rounds: int
    """Review rounds done."""
    best_round: dict[str, Any]
    """The reviewed drafts with the fewest open problems so far: round, drafts, open problems, cuts."""
    revision_failed: str
    """Set by the writer when a rewrite failed; the review then ends the loop on the best round."""
