"""The graph's state: a narrow input, the full working state, and what a run returns."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


class InputState(TypedDict, total=False):
    transcript_path: str
    transcript_text: str
    interviewers: list[str]


class State(InputState, total=False):
    transcript: dict[str, Any]  # Transcript.model_dump()
    critique: dict[str, Any]
    quotes: list[dict[str, Any]]
    quote_stats: dict[str, Any]
    retrieved: dict[str, Any]
    drafts: dict[str, Any]
    review: dict[str, Any]
    revision_problems: list[str]
    rounds: int
    errors: Annotated[list[str], operator.add]
    timings: Annotated[dict[str, float], lambda a, b: {**a, **b}]


class OutputState(TypedDict, total=False):
    transcript: dict[str, Any]
    critique: dict[str, Any]
    quotes: list[dict[str, Any]]
    quote_stats: dict[str, Any]
    retrieved: dict[str, Any]
    drafts: dict[str, Any]
    review: dict[str, Any]
    errors: list[str]
    timings: dict[str, float]
