"""The live signals: what `watch` looks for while the call is happening, as a table, and how each is read.

Most signals are the after-call critique's own detectors, run on the call so far: a moment is settled
once the interviewer has taken their next real turn (the closed question was not opened up, the vague
claim was not pressed), or at once for a monologue that has already run too long. The rest are counted:
the interviewer's share of the last minutes, consent to record in the opening minutes, and a sign-off
with no permission line.

Which signals are shown loud is not decided here: `precision.py` holds the precision each one measured
on the labelled calls, replayed turn by turn, and only those at or above `LOUD_PRECISION` are rescue
lines; the rest are notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from callcontent.critique.model import RESCUE, MistakeId

TABLE = Path(__file__).with_name("live_precision.json")  # measured by `python -m callcontent.evals.live`
LOUD_PRECISION = 0.6  # the bar: a live interruption must be right at least 3 times in 5


def is_loud(precision: float | None, checked_fact: bool) -> bool:
    """A rescue line on screen: measured at the bar or above, or a fact checked in code."""
    return checked_fact or (precision or 0.0) >= LOUD_PRECISION


@dataclass(frozen=True)
class LiveSignal:
    """One thing `watch` can say during a call."""

    id: str
    mistake: MistakeId
    """The seed's mistake it is a moment of (and the coaches' label it is measured against)."""
    title: str
    rescue: str
    """The seed's rescue line, said when the detector has no line of the customer's own words."""
    kind: str
    """"detector" (the critique's, on the call so far), "counted" (word share, consent, permission)."""


SIGNALS: tuple[LiveSignal, ...] = (
    LiveSignal(
        "monologue",
        "talking_too_much",
        "You have been talking for a while",
        RESCUE["talking"],
        "detector",
    ),
    LiveSignal(
        "talk_share",
        "talking_too_much",
        "Your share of the last minutes is over 20%",
        RESCUE["talking"],
        "counted",
    ),
    LiveSignal(
        "closed_thin",
        "closed_question",
        "A closed question drew a thin answer",
        RESCUE["short"],
        "detector",
    ),
    LiveSignal(
        "vague_unpressed",
        "no_specifics",
        "A vague outcome went unpressed",
        RESCUE["vague"],
        "detector",
    ),
    LiveSignal(
        "story_dropped",
        "no_follow_up",
        "A story was offered and dropped",
        RESCUE["vague"],
        "detector",
    ),
    LiveSignal(
        "feeling_passed",
        "no_emotion",
        "A result or a feeling went by without asking what it meant to them",
        RESCUE["emotion"],
        "detector",
    ),
    LiveSignal(
        "jumped_in",
        "no_silence",
        "You came in before the answer had landed",
        RESCUE["silence"],
        "detector",
    ),
    LiveSignal(
        "no_consent",
        "not_recording",
        "No consent to record heard in the opening minutes",
        RESCUE["not_recording"],
        "counted",
    ),
    LiveSignal(
        "no_permission",
        "no_publish_permission",
        "The call is closing without the permission line",
        RESCUE["no_publish_permission"],
        "counted",
    ),
)
BY_ID: dict[str, LiveSignal] = {s.id: s for s in SIGNALS}
# The critique's detector findings that a signal reads (mistake id → signal id).
FROM_FINDING: dict[str, str] = {s.mistake: s.id for s in SIGNALS if s.kind == "detector"}

# The window a share is counted over: the last five minutes, or the last 40 turns where there are no times.
SHARE_WINDOW_S = 300.0
SHARE_WINDOW_TURNS = 40
SHARE_MIN_WORDS = (
    600  # fewer words than this (an introduction, a first answer) is too little to judge a share on
)
SHARE_REARM = 0.15  # after a warning, the share must fall below this before it can warn again
CONSENT_WINDOW_S = 180.0  # "in the first minutes": three of them
CONSENT_WINDOW_TURNS = 12
# Live, a long turn is said while it runs, so only a clearly long one: on the fitting calls every
# interviewer turn of 150 words or more (about 70 seconds) was one a coach flagged; at 90-150, under half.
LIVE_MONOLOGUE_WORDS = 150
# Answers with nothing to open up: the customer cannot answer, which a probe does not change.
NON_ANSWER = re.compile(
    r"^\W*(?:(?:um|uh|hmm|well|so|yeah|no)\W+)*(?:I (?:don't|do not) know|I'm not sure|(?:I )?can(?:'t|not) "
    r"(?:answer|say)|I couldn't (?:say|tell)|no idea|not (?:that )?I know of|I (?:don't|do not) remember)\b",
    re.I,
)
# A question about a word, not the story: "how do you spell it?", "what does P D E stand for?".
CLARIFYING = re.compile(
    r"\b(?:spell|stand for|acronym|(?:do|did) you (?:know|see) what I(?:'m| am) (?:saying|asking)|"
    r"(?:can|could) you hear me|what (?:was|is) the (?:name|word))\b",
    re.I,
)
