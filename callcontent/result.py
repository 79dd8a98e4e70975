"""The run's result: one contract, written by `run`, read back by `report` and `approve`, rendered as HTML.

The payloads are TypedDicts (the graph's state carries them, and LangGraph checkpoints state as JSON),
and `RunResult` is the whole of result.json built from them. The same model validates a result when the
run writes it and when a command reads one back from disk, where it is untrusted: it must parse
strictly and have this shape, or the error names the file and the field. Fields a newer version adds
are kept (extra keys are allowed); what readers and the report rely on is typed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import (
    Any,
    Literal,
    Required,  # pydantic validates only these on Python 3.11
)

from pydantic import BaseModel, ConfigDict, Field, ValidationError, with_config
from typing_extensions import TypedDict

from callcontent.critique.model import MistakeId, Severity
from callcontent.transcript import Role

# Every payload keeps the keys it does not name: result.json grows, and a reader must not drop what it
# does not know.
_KEEP_EXTRA = ConfigDict(extra="allow")


class ResultFileError(Exception):
    """result.json is unreadable or not what a run writes; the message is one line naming the field."""


@with_config(_KEEP_EXTRA)
class TurnItem(TypedDict, total=False):
    """One transcript turn as the result carries it (every value the report puts in markup is typed)."""

    index: Required[int]
    """The turn's position in the call, from 0."""
    speaker: Required[str]
    """Who spoke, as the transcript labels them."""
    role: Role
    """interviewer, customer or other."""
    start: float | None
    """Seconds from the start of the call, where the source has times."""
    end: float | None
    """Seconds at the end of the turn, where the source has times."""
    text: Required[str]
    """What was said."""


@with_config(_KEEP_EXTRA)
class TranscriptItem(TypedDict, total=False):
    """The transcript the run read."""

    path: str | None
    """The file, or None for text given directly."""
    format: str | None
    """The format it was read as (otter, webvtt, …)."""
    turns: list[TurnItem]
    """Every turn, in order."""


@with_config(_KEEP_EXTRA)
class SpeakerItem(TypedDict, total=False):
    """A speaker and the role the run gave them."""

    name: Required[str]
    """The speaker's label."""
    role: Required[Role]
    """interviewer, customer or other."""


@with_config(_KEEP_EXTRA)
class FindingItem(TypedDict, total=False):
    """One critique finding (the full shape is `critique.model.Finding`)."""

    mistake: Required[MistakeId]
    """Which of the eight mistakes."""
    turn: Required[int | None]
    """The turn it sits at, or None for the whole call."""
    severity: Severity
    """low, medium or high."""
    timestamp: float | None
    """Seconds from the start, where the source has times."""


@with_config(_KEEP_EXTRA)
class CritiqueItem(TypedDict, total=False):
    """The critique in the `callcontent critique --json` shape."""

    speakers: list[SpeakerItem]
    """Who took part and on which side."""
    findings: list[FindingItem]
    """The mistakes found, in call order."""
    top: list[int]
    """Indices into `findings` of the costliest moments, costliest first."""
    score: int
    """0-100 by the seed's standard."""


@with_config(_KEEP_EXTRA)
class QuoteItem(TypedDict, total=False):
    """One customer quote, checked verbatim against the transcript."""

    text: Required[str]
    """The customer's exact words."""
    speaker: str
    """Who said it (always a customer-side speaker)."""
    turn: Required[int]
    """The turn it comes from."""
    start: float | None
    """Seconds from the start of the call, where the source has times."""
    categories: list[str]
    """What kind of line it is: result, emotion, story, advice, before/after."""
    score: float
    """How strong a pick it is (ranker's or code's), higher first."""
    verified: bool
    """Found in a customer turn; a quote that is not is never kept."""
    match: str
    """How it was found: 'exact' or 'normalised' (whitespace, quote marks, case)."""


@with_config(_KEEP_EXTRA)
class QuoteStats(TypedDict, total=False):
    """How the quotes were picked."""

    candidates: int
    """Spans offered to the ranker."""
    ranked_by: str
    """'llm' or 'code'."""
    dropped_unverified: int
    """Picks that named no candidate or repeated one, dropped."""


@with_config(_KEEP_EXTRA)
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


@with_config(_KEEP_EXTRA)
class Drafts(TypedDict, total=False):
    """The publishable drafts; quotes are inserted by code from their ids."""

    case_study: Required[str]
    """Markdown case study: Challenge, Solution, Results."""
    blog_post: Required[str]
    """Markdown blog post."""
    social_posts: Required[list[str]]
    """Social posts, each ending on one quote: a LinkedIn post, then one for X."""
    social_platforms: list[str]
    """The platform of each social post, in order ("LinkedIn", "X")."""
    testimonials: Required[dict[str, str]]
    """Short, medium and long testimonials, built by code from verified quotes."""
    approval_email: Required[str]
    """The email asking the customer to confirm every quote and figure, built by code."""
    extractive: bool
    """True when no writer ran: code built the drafts from verified quotes and facts (and they say so)."""
    writer: str
    """Who wrote the drafts: the writer's model, or why no writer ran ("writer skipped: …")."""
    unknown_quote_refs: list[str]
    """Quote ids the writer cited that do not exist (their sentences are cut)."""
    content_kind: str
    """What the call is for content: success_story, churn, feature_request, planning, research or discovery."""
    content_kind_reason: str
    """The cues and done results that decided it."""
    pieces: list[str]
    """The pieces written (a piece not among them is left empty)."""
    not_written: dict[str, str]
    """Each piece left out, with why ("a churn interview has no results of theirs to publish …")."""
    insight_memo: str
    """Markdown memo for the product team: the customer's verbatim sentences by what they show."""
    traced: list[dict[str, Any]]
    """Each sentence of the drafts' own that reports the customer's: its text, the customer sentence (span)
    it reports, that sentence's turn, the piece (case_study or blog_post) and the section it stands in."""


class StorySpan(TypedDict, total=False):
    """One element of the story: the customer's sentence, verbatim, and its turn."""

    text: Required[str]
    turn: Required[int]
    status: str
    """For a hope or plan: wished, hoped, expected, hypothetical or planned."""
    caveat: str
    """For a figure waiting for the customer: what they said about checking it."""


class StoryResultItem(StorySpan, total=False):
    """One result: what it measures, before and after or by how much, and when (null where not said)."""

    measure: str | None
    before: str | None
    after: str | None
    change: str | None
    timeframe: str | None


class StoryRole(TypedDict):
    """The role the customer gave themselves."""

    speaker: str
    said: str
    """In their words: "run finance operations"."""
    told: str
    """In the third person: "runs finance operations"."""
    turn: int


class StoryPerson(TypedDict, total=False):
    """The customer as the call names them."""

    name: str | None
    role: StoryRole | None
    company: str | None


class Story(TypedDict, total=False):
    """The story model the drafts are written from (`callcontent.story.StoryModel`)."""

    customer: StoryPerson
    vendor: str | None
    before: list[StorySpan]
    """The situation before."""
    trigger: StorySpan | None
    """What set the change off."""
    change: list[StorySpan]
    """What changed, and how."""
    results: list[StoryResultItem]
    """Done results only."""
    caveats: list[StorySpan]
    """Figures waiting for the customer to confirm them."""
    hopes_and_plans: list[StorySpan]
    """Never results."""
    others_figures: list[StorySpan]
    """Figures that are someone else's."""
    advice: list[StorySpan]


@with_config(_KEEP_EXTRA)
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


class RunResult(BaseModel):
    """result.json: everything one run produced, in one shape."""

    model_config = ConfigDict(extra="allow")

    status: Literal["ok", "degraded"]
    """'degraded' when a model step failed and its outputs are fallbacks; never passed off as 'ok'."""
    transcript: TranscriptItem
    """The transcript as read."""
    critique: CritiqueItem
    """The coaching."""
    quotes: list[QuoteItem]
    """The verified customer quotes."""
    quote_stats: QuoteStats = Field(default_factory=lambda: QuoteStats())
    """How the quotes were picked."""
    retrieved: Retrieved = Field(default_factory=lambda: Retrieved())
    """What the library gave the writer."""
    facts: list[dict[str, Any]] = Field(default_factory=list)
    """The customer's sentences with figures, with status and caveat."""
    story: Story = Field(default_factory=lambda: Story())
    """The story model the drafts are written from: the customer (name, role and company as said), the
    vendor, the situation before, the trigger, what changed, each result (what it measures, before and after
    or by how much, when), caveats, hopes and plans (never results), others' figures and advice; every
    element with the customer sentence and turn behind it."""
    drafts: Drafts
    """The drafts after the last review."""
    review: Review
    """The last review's verdict."""
    errors: list[str] = Field(default_factory=list)
    """Model steps that failed."""
    meta: dict[str, Any] = Field(default_factory=dict)
    """Versions, models, prompt versions, tokens, timings."""

    def as_json(self) -> dict[str, Any]:
        """The JSON-ready dict written to result.json (validated values, unknown keys kept)."""
        return self.model_dump(mode="json")


def field_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a reader writes it: `transcript.turns[0].index`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def first_problem(exc: ValidationError) -> str:
    """The first validation error as `field 'where': what is wrong`."""
    first = exc.errors()[0]
    return f"field {field_path(first['loc'])!r}: {first['msg']}"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def read_json_strictly(path: Path) -> Any:
    """JSON as the standard defines it: no NaN or Infinity, no number that overflows to infinity."""
    return json.loads(
        path.read_text(encoding="utf-8"), parse_constant=_no_constant, parse_float=_finite_float
    )


def read_result(path: Path) -> dict[str, Any]:
    """result.json as the contract's dict, once it is known to have the shape a run writes."""
    try:
        raw = read_json_strictly(path)
    except FileNotFoundError:
        raise ResultFileError(f"{path}: file not found (is {path.parent} a run folder?)") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise ResultFileError(f"{path}: cannot be read as a run result ({str(exc)[:160]})") from None
    if not isinstance(raw, dict):
        raise ResultFileError(f"{path}: not a run result (the top level is not an object)")
    try:
        return RunResult.model_validate(raw).as_json()
    except ValidationError as exc:
        raise ResultFileError(f"{path}: {first_problem(exc)}") from None


def kept_round_note(review: dict[str, Any]) -> str:
    """Why the drafts are an earlier round's than the last, or "" when they are the last round's."""
    kept = review.get("kept_round")
    if not kept:
        return ""
    why = review.get("revision_failed") or "later rewrites had more problems"
    return f"These are round {kept}'s drafts ({why})."


def social_markdown(drafts: dict[str, Any]) -> str:
    """The social posts, each under its platform's name."""
    platforms = drafts.get("social_platforms") or []
    posts = drafts.get("social_posts") or []
    names = [*platforms, *(f"Post {i + 1}" for i in range(len(platforms), len(posts)))]
    return "\n\n".join(f"## {name}\n\n{post}" for name, post in zip(names, posts, strict=False))


def piece_written(drafts: Mapping[str, Any], piece: str) -> bool:
    """Whether the run wrote `piece`; a result from before pieces were planned wrote all but the memo."""
    if "pieces" in drafts:
        return piece in drafts["pieces"]
    return piece != "insight_memo"
