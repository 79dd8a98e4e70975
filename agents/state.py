"""The graph's state: a narrow input, what a run returns, and the full working state (both plus the
revise-loop bookkeeping)."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


class InputState(TypedDict, total=False):
    transcript_path: str
    transcript_text: str
    interviewers: list[str]
    call_type: str


class OutputState(TypedDict, total=False):
    transcript: dict[str, Any]  # Transcript.model_dump()
    critique: dict[str, Any]
    quotes: list[dict[str, Any]]
    quote_stats: dict[str, Any]
    retrieved: dict[str, Any]
    drafts: dict[str, Any]
    review: dict[str, Any]
    errors: Annotated[list[str], operator.add]  # parallel branches each add theirs
    timings: Annotated[dict[str, float], lambda a, b: {**a, **b}]


class State(InputState, OutputState, total=False):
    revision_problems: list[str]
    rounds: int
