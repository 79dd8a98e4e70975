"""The call as a series of exchanges: what the customer offered, and what the interviewer did next.

Every detector reads the same exchanges, so "did the next question dig into the answer?" and "what
did the answer offer?" are decided once, in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from callcontent import language as lang
from callcontent.critique.cues import (
    ACKNOWLEDGING,
    AFFIRMATION_ONLY,
    CLOSING_THANKS,
    MOVING_ON,
    QUESTION_WORD_ONLY,
    REPAIR,
    SUMS_UP,
    TRAILING,
)
from callcontent.transcript import Transcript, Turn

# An interviewer turn this short with no question keeps the floor open ("Right.", "[laughs]", "That's
# a long trip on a canoe."): the customer's answer runs on across it.
BACK_CHANNEL_WORDS = 8
# An answer shorter than this offers little to dig into; a closed question that drew it got little.
THIN_ANSWER_WORDS = 25
SUBSTANTIVE_ANSWER_WORDS = 30

PROTOCOL_TURNS = 3  # a word in this many interviewer turns belongs to the script, not to one answer


@dataclass
class Exchange:
    """One interviewer turn with the answer it follows and the answer it drew."""

    turn: Turn
    """The interviewer's turn."""
    answer_before: list[Turn]
    """The customer's turns since the interviewer last asked something real (back-channels skipped)."""
    answer_after: list[Turn]
    """The customer's turns this turn drew, up to the interviewer's next real turn."""
    next_turn: Turn | None
    """The interviewer's next real (not back-channel) turn."""
    position: float
    """Where in the call the turn falls, 0 (start) to 1 (end)."""
    questions: tuple[tuple[str, lang.QuestionKind], ...] = field(default=())
    """The question sentences of the turn, with their kind."""
    asked_before: str = ""
    """The interviewer's previous real turn: what the answer before this turn responds to."""

    @cached_property
    def before_text(self) -> str:
        """The customer's answer before the question, as one text."""
        return " ".join(t.text for t in self.answer_before)

    @cached_property
    def after_text(self) -> str:
        """The customer's answer after the question, as one text."""
        return " ".join(t.text for t in self.answer_after)

    @property
    def before_words(self) -> int:
        """Words in the answer before the question."""
        return sum(t.words for t in self.answer_before)

    @property
    def after_words(self) -> int:
        """Words in the answer after the question."""
        return sum(t.words for t in self.answer_after)

    @property
    def last_answer(self) -> Turn | None:
        """The customer turn just before the question, if any."""
        return self.answer_before[-1] if self.answer_before else None

    protocol_words: frozenset[str] = frozenset()
    """Words the interviewer keeps using across the call (the script's own topic words)."""

    @cached_property
    def digs_in(self) -> bool:
        """Does this turn dig into the answer before it, rather than change topic?"""
        return bool(self.answer_before) and digs_into(self.turn.text, self.before_text, self.protocol_words)

    @cached_property
    def moves_on(self) -> bool:
        """The turn leaves the answer behind: a new question or section, not a dig into the answer."""
        if not self.answer_before or self.digs_in:
            return False
        return bool(self.questions or MOVING_ON.search(self.turn.text) or SUMS_UP.search(self.turn.text))

    @property
    def is_repair(self) -> bool:
        """Is this a repair ("can you hear me?", "could you repeat that?") rather than a question?"""
        return bool(REPAIR.search(self.turn.text))

    @property
    def answers_logistics(self) -> bool:
        """The answer before responds to a consent ask, an approval ask or a repair: nothing to dig into."""
        asked = self.asked_before
        return bool(
            lang.RECORDING_CONSENT.search(asked)
            or lang.PUBLISH_PERMISSION.search(asked)
            or REPAIR.search(asked)
        )


def is_back_channel(turn: Turn) -> bool:
    """A short acknowledgement ("Right.", "Mm-hm") with no question in it."""
    return turn.words <= BACK_CHANNEL_WORDS and not lang.questions_in(turn.text)


def digs_into(question_text: str, answer_text: str, protocol_words: frozenset[str] = frozenset()) -> bool:
    """A follow-up asks for more of what was said.

    By a probe ("tell me more", "example", "how did that feel") or by picking up the customer's own words
    from the end of the answer. Words the interviewer uses all through the call ("data", "quality",
    "model" in a study about them) do not count: the next scripted question shares them with every answer.
    """
    body = CLOSING_THANKS.sub("", question_text.strip())
    if not body:
        return False
    if lang.FOLLOW_UP.search(body) or lang.EMOTION_QUESTION.search(body):
        return not MOVING_ON.search(body)
    asked = lang.content_words(body) - protocol_words
    if not asked:
        return False
    # What the customer said last is what a follow-up picks up; a word from ten minutes ago is not.
    tail = " ".join(answer_text.split()[-120:])
    shared = asked & lang.content_words(tail)
    return len(shared) >= 2 and len(shared) / len(asked) >= 0.2


def trails_off(text: str) -> bool:
    """The answer stops mid-thought: it ends on a conjunction, a filler or a dangling comma.

    A fragment that opens with an acknowledgement ("… Okay. And", "… Super. Um,") is the interviewer's
    voice cut into the customer's turn by the transcription service, not the customer trailing off.
    """
    stripped = " ".join(text.split())
    match = TRAILING.search(stripped)
    if match is None:
        return False
    fragment = match.group(0).lstrip(" .?!")
    last = re.split(r"[.?!]\s+", fragment)[-1]
    return not (
        ACKNOWLEDGING.match(fragment) or AFFIRMATION_ONLY.match(last) or QUESTION_WORD_ONLY.match(last)
    )


def exchanges(transcript: Transcript) -> list[Exchange]:
    """Every real interviewer turn as an exchange; back-channels fold into the answers around them."""
    interviewer_side = set(transcript.interviewers)
    turns = transcript.turns
    total = max(1, len(turns) - 1)
    side = [t for t in turns if t.speaker in interviewer_side]
    # The first and last interviewer turns open and close the call, however short.
    real = [t for t in side if not is_back_channel(t) or t is side[0] or t is side[-1]]
    counts: dict[str, int] = {}
    for t in real:
        for word in lang.content_words(t.text):
            counts[word] = counts.get(word, 0) + 1
    protocol = frozenset(w for w, n in counts.items() if n >= PROTOCOL_TURNS)
    out: list[Exchange] = []
    for k, turn in enumerate(real):
        start = real[k - 1].index + 1 if k else 0
        stop = real[k + 1].index if k + 1 < len(real) else len(turns)
        before = [t for t in turns[start : turn.index] if t.role == "customer"]
        after = [t for t in turns[turn.index + 1 : stop] if t.role == "customer"]
        out.append(
            Exchange(
                turn=turn,
                answer_before=before,
                answer_after=after,
                next_turn=real[k + 1] if k + 1 < len(real) else None,
                position=turn.index / total,
                questions=lang.questions_in(turn.text),
                asked_before=real[k - 1].text if k else "",
                protocol_words=protocol,
            )
        )
    return out
