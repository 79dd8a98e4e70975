"""The graph's state.

A narrow input, what a run returns, and the full working state (both plus the revise-loop bookkeeping).
The payloads (quotes, drafts, review, …) are the result contract's TypedDicts (`callcontent.result`):
JSON-shaped, since they are checkpointed, and described once for the state, result.json and the report.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from callcontent.result import Drafts, QuoteItem, QuoteStats, Retrieved, Review


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
    pieces: list[str]
    """The pieces to write (`--pieces`); absent: what the call supports (`callcontent.pieces`)."""


class OutputState(TypedDict, total=False):
    """What a run returns."""

    transcript: dict[str, Any]
    """The parsed transcript (`Transcript.model_dump()`)."""
    critique: dict[str, Any]
    """The critique in the `callcontent critique --json` shape, plus the LLM critic's status."""
    facts: list[dict[str, Any]]
    """The customer's sentences that carry a figure, each with its status (done, hoped, someone else's) and
    caveat: read once at ingest, then every draft and check reads them from here."""
    quotes: list[QuoteItem]
    """10–15 verified customer quotes."""
    story: dict[str, Any]
    """The customer's story as the call tells it (`story.StoryModel`): who they are, the situation before,
    what changed, each result with what it measures, caveats, hopes and plans, advice, each with its span."""
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
