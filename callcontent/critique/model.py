"""What the critique says: the seed's eight mistakes, its rescue lines, findings, metrics and call types."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

MistakeId = Literal[
    "not_recording",
    "closed_question",
    "no_follow_up",
    "talking_too_much",
    "no_emotion",
    "no_silence",
    "no_specifics",
    "no_publish_permission",
]
MISTAKES: tuple[MistakeId, ...] = get_args(MistakeId)
MISTAKE_TITLES: dict[str, str] = {
    "not_recording": "Not recording the interview",
    "closed_question": "Asking closed questions",
    "no_follow_up": "Not digging deeper",
    "talking_too_much": "Talking too much",
    "no_emotion": "No space for emotion",
    "no_silence": "Skipping the silence",
    "no_specifics": "Not pressing for specifics",
    "no_publish_permission": "No permission to publish",
}
Severity = Literal["low", "medium", "high"]

CallType = Literal["customer_story", "discovery", "research", "podcast"]
CALL_TYPES: tuple[CallType, ...] = get_args(CallType)
# Content to publish needs the customer's approval; research and podcasts (published by agreement,
# or never published) do not.
PUBLISHED_CONTENT_CALLS: frozenset[str] = frozenset({"customer_story"})

# The seed's rescue lines, used where a finding has no more specific better question.
RESCUE = {
    "not_recording": (
        "Hey, this conversation is so valuable — do you mind if I start recording from here? "
        "I want to make sure I capture your exact words."
    ),
    "no_publish_permission": (
        "Thanks so much for this! I'm going to write up your story and send you a draft before we publish "
        "anything. If there's anything you want me to change or remove, just let me know."
    ),
    "vague": "That's helpful — can you give me a specific example of when that happened?",
    "short": (
        "I'm curious — can you tell me the story of how you got here? Like, what was the moment you "
        "decided you needed to change something?"
    ),
    "talking": "Actually, I want to hear more from you. Tell me more about how this played out for you.",
    "emotion": "How did that change things for you personally?",
    "silence": "After the customer finishes answering, count to 3 in your head before asking the next question.",
}
RESCUE_LINES: tuple[str, ...] = tuple(RESCUE.values())


class Finding(BaseModel):
    """One mistake at one moment (or over the whole call): evidence, cost, and what to say instead."""

    mistake: MistakeId
    turn: int | None = Field(description="index of the turn where it happened; null for the whole call")
    timestamp: float | None = None
    evidence: str = Field(description="the words in the transcript that show it")
    severity: Severity
    suggestion: str = Field(description="the better question or the rescue line")
    missed: str = Field(default="", description="what the moment could have given, in one line")
    cost: float = Field(default=0.0, description="how much material the moment cost; findings rank by it")
    source: Literal["rule", "llm"] = "rule"


class CritiqueMetrics(BaseModel):
    """What code counts about the call: word shares, questions, answers and pauses."""

    call_words: int = 0
    interviewer_word_share: float
    customer_word_share: float
    questions: int
    open_questions: int
    closed_questions: int
    follow_ups: int
    stacked_questions: int
    longest_monologue_words: int
    median_answer_gap_s: float | None
    answer_gaps_measured: int
    quick_after_answers_share: float | None = None
    """Patience: share of measured pauses under 1 s after a substantive answer (None without timings)."""
    short_answers: int
    vague_unpressed: int
    emotion_questions: int
    recording_consent: bool
    publish_permission: bool
    notes_style: bool


class CountableCritique(BaseModel):
    """The critique as code computes it: call type, speakers, findings, metrics and score."""

    interviewer: str
    call_type: CallType = "customer_story"
    call_type_reason: str = ""
    metrics: CritiqueMetrics
    findings: list[Finding]
    notes: list[str] = Field(default_factory=list, description="things worth knowing that are not mistakes")
    score: int = Field(ge=0, le=100)
