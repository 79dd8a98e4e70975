"""result.json read back (by `report` and `approve`).

Untrusted until it parses strictly and has the shape a run writes, checked with pydantic so the error names
the file and the field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class ResultFileError(Exception):
    """result.json is unreadable or not what a run writes; the message is one line naming the field."""


class _Open(BaseModel):
    # A newer version may add fields; what is checked is what the readers rely on.
    model_config = ConfigDict(extra="allow")


class ResultTurn(_Open):
    """One transcript turn as the report shows it."""

    index: int
    speaker: str
    text: str


class ResultTranscript(_Open):
    """The transcript the run read."""

    turns: list[ResultTurn] = Field(default_factory=list)


class ResultSpeaker(_Open):
    """A speaker and the role the run gave them."""

    name: str
    role: str


class ResultCritique(_Open):
    """The critique payload (only its speakers are relied on when reading back)."""

    speakers: list[ResultSpeaker] = Field(default_factory=list)


class ResultQuote(_Open):
    """A verified quote."""

    text: str


class ResultDrafts(_Open):
    """The drafts the run wrote."""

    case_study: str
    blog_post: str
    testimonials: dict[str, str]
    social_posts: list[str]
    social_platforms: list[str] = []
    approval_email: str


class ResultReview(_Open):
    """The review's verdict."""

    passed: bool | None = None


class RunResult(_Open):
    """The parts of result.json that `report` and `approve` read."""

    status: Literal["ok", "degraded"]
    transcript: ResultTranscript
    critique: ResultCritique
    quotes: list[ResultQuote]
    drafts: ResultDrafts
    review: ResultReview
    errors: list[str] = Field(default_factory=list)


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
    """result.json as a dict, once it is known to have the shape a run writes."""
    try:
        raw = read_json_strictly(path)
    except FileNotFoundError:
        raise ResultFileError(f"{path}: file not found (is {path.parent} a run folder?)") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise ResultFileError(f"{path}: cannot be read as a run result ({str(exc)[:160]})") from None
    if not isinstance(raw, dict):
        raise ResultFileError(f"{path}: not a run result (the top level is not an object)")
    try:
        RunResult.model_validate(raw)
    except ValidationError as exc:
        raise ResultFileError(f"{path}: {first_problem(exc)}") from None
    return raw


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
