"""The one shape every input format becomes: a list of turns with speakers, roles and times."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

Role = Literal["interviewer", "customer", "other"]

_WORD = re.compile(r"[\w'’]+(?:[-.,][\w'’]+)*")


def count_words(text: str) -> int:
    """Words as a person would count them ("20%", "3-4" and "don't" are one word each)."""
    return len(_WORD.findall(text))


class Turn(BaseModel):
    """One uninterrupted stretch of one speaker (consecutive segments of a speaker are merged)."""

    index: int
    speaker: str
    text: str
    start: float | None = Field(default=None, description="seconds from the start, where the source says")
    end: float | None = Field(default=None, description="seconds; measured end where the source has one")
    end_measured: bool = Field(
        default=False, description="True when `end` came from the source, not from the next turn's start"
    )
    role: Role = "other"
    _words: tuple[str, int] | None = PrivateAttr(default=None)

    @property
    def words(self) -> int:
        """Words in the turn."""
        # Counted once per text: the critique asks for every turn's words many times.
        if self._words is None or self._words[0] is not self.text:
            self._words = (self.text, count_words(self.text))
        return self._words[1]


class Speaker(BaseModel):
    """A participant, the role inferred for them, and their share of the call."""

    name: str
    role: Role
    role_confidence: float = Field(ge=0.0, le=1.0)
    role_reason: str = ""
    words: int
    word_share: float
    turns: int


class Transcript(BaseModel):
    """A parsed interview: turns in order, speakers with roles, and any warnings from reading it."""

    path: str | None = None
    format: str
    turns: list[Turn]
    speakers: list[Speaker] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def words(self) -> int:
        """Words in the whole call."""
        return sum(t.words for t in self.turns)

    @property
    def duration_s(self) -> float | None:
        """Seconds from the start to the last timestamp, where the source has timestamps."""
        times = [t.end if t.end is not None else t.start for t in self.turns]
        known = [t for t in times if t is not None]
        return round(max(known), 2) if known else None

    @property
    def has_timestamps(self) -> bool:
        """True when the source gave any timestamps."""
        return any(t.start is not None for t in self.turns)

    def turns_of(self, role: Role) -> list[Turn]:
        """The turns of the speakers with `role`."""
        return [t for t in self.turns if t.role == role]

    @property
    def interviewers(self) -> list[str]:
        """Names of the interviewer's side."""
        return [s.name for s in self.speakers if s.role == "interviewer"]

    @property
    def customers(self) -> list[str]:
        """Names of the customer's side."""
        return [s.name for s in self.speakers if s.role == "customer"]

    def render(self, *, with_index: bool = True) -> str:
        """Plain `[n] Name (role): text` lines, the form prompts and people read."""
        lines = []
        for t in self.turns:
            prefix = f"[{t.index}] " if with_index else ""
            lines.append(f"{prefix}{t.speaker} ({t.role}): {t.text}")
        return "\n".join(lines)


def format_timestamp(seconds: float | None) -> str:
    """`M:SS` or `H:MM:SS`, or `--:--` when unknown."""
    if seconds is None:
        return "--:--"
    total = int(seconds)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
