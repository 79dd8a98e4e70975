"""The countable half of the interview critique: the seed's eight mistakes, found by code.

Every finding names the turn it happened at, the words that show it, and the better question or
rescue line. The LLM later confirms or rejects these and adds what code cannot see; it never
replaces the counts.
"""

from __future__ import annotations

import re
import statistics
from typing import Literal

from pydantic import BaseModel, Field

from callcontent import language as lang
from callcontent.transcript import Transcript, Turn, count_words

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
MISTAKES: tuple[MistakeId, ...] = (
    "not_recording",
    "closed_question",
    "no_follow_up",
    "talking_too_much",
    "no_emotion",
    "no_silence",
    "no_specifics",
    "no_publish_permission",
)
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
}

SHORT_ANSWER_WORDS = 15
MONOLOGUE_WORDS = 120
TARGET_INTERVIEWER_SHARE = 0.20
SILENCE_TARGET_S = 3.0


class Finding(BaseModel):
    mistake: MistakeId
    turn: int | None = Field(description="index of the turn where it happened; null for the whole call")
    timestamp: float | None = None
    evidence: str = Field(description="the words in the transcript that show it")
    severity: Severity
    suggestion: str = Field(description="the better question or the rescue line")
    source: Literal["rule", "llm"] = "rule"


class CritiqueMetrics(BaseModel):
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
    short_answers: int
    vague_unpressed: int
    emotion_questions: int
    recording_consent: bool
    publish_permission: bool
    notes_style: bool


class CountableCritique(BaseModel):
    interviewer: str
    metrics: CritiqueMetrics
    findings: list[Finding]
    score: int = Field(ge=0, le=100)


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _short(turn: Turn) -> bool:
    return turn.words < SHORT_ANSWER_WORDS


# ---------------------------------------------------------------- closed → open rewrites

_REWRITES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(?:would|will) you recommend (?P<x>.+)", re.I),
        "If a friend asked you about {x}, what would you tell them?",
    ),
    (
        re.compile(r"^(?:do|did|does) (?P<s>.+?) (?:like|love|enjoy) (?P<x>.+)", re.I),
        "How did {s} react to {x}? Tell me about a moment that shows it.",
    ),
    (
        re.compile(r"^(?:did|does|has) (?:it|this|that) (?P<x>work.*)", re.I),
        "What changed for you after you started using it?",
    ),
    (
        re.compile(r"^(?:was|is|were|are) (?:that|it|this) (?P<x>\w+)$", re.I),
        "What was that like for you? Tell me about a moment that stands out.",
    ),
    (
        re.compile(r"^(?:was|is) (?P<x>.+?) (?:easy|hard|simple|difficult|quick|smooth)\b.*", re.I),
        "Tell me about {x} — what surprised you?",
    ),
    (
        re.compile(
            r"^(?:is|are|was|were) (?P<x>.+?) (?:useful|helpful|valuable|good|important|worth it)\b.*", re.I
        ),
        "How do you use {x}? What would you miss if it went away?",
    ),
    (
        re.compile(r"^(?:is|are|was|were) there (?:anything|any \w+) (?P<x>.+)", re.I),
        "Tell me about anything {x}.",
    ),
    (
        re.compile(r"^(?:do|did) you (?:have|use) (?P<x>.+)", re.I),
        "Walk me through {x} — what was that like?",
    ),
    (re.compile(r"^(?:do|can|will|would) you (?P<x>.+)", re.I), "Walk me through how you {x}."),
    (
        re.compile(
            r"^(?:did|does|has|have|can|could|will|would) (?P<x>(?:it|this|that|you|they|we|your team) .+)",
            re.I,
        ),
        "How {aux} {x}? Walk me through a specific example.",
    ),
]


def open_rewrite(question: str) -> str:
    core = lang.strip_filler(question).rstrip("?. ")
    for pattern, template in _REWRITES:
        m = pattern.match(core)
        if m:
            fields = {k: v.strip() for k, v in m.groupdict().items()}
            text = template.format(aux=core.split()[0].lower(), **fields)
            return text[0].upper() + text[1:]
    return "What was your experience with that? Tell me about a specific moment."


# ---------------------------------------------------------------- the analysis


def critique_transcript(transcript: Transcript) -> CountableCritique:
    turns = transcript.turns
    interviewer_names = set(transcript.interviewers)
    total_words = max(1, transcript.words)
    iv_words = sum(t.words for t in turns if t.speaker in interviewer_names)
    cu_words = sum(t.words for t in turns if t.role == "customer")
    findings: list[Finding] = []

    def add(
        mistake: MistakeId, turn: Turn | None, evidence: str, severity: Severity, suggestion: str
    ) -> None:
        findings.append(
            Finding(
                mistake=mistake,
                turn=turn.index if turn else None,
                timestamp=turn.start if turn else None,
                evidence=_excerpt(evidence),
                severity=severity,
                suggestion=suggestion,
            )
        )

    questions = open_q = closed_q = follow_ups = stacked = 0
    emotion_questions = 0
    short_answers = vague_unpressed = 0
    gaps: list[float] = []
    monologues: list[Turn] = []
    recording = publish = False

    # Each interviewer turn is judged against the customer answer just before it.
    previous_answer: Turn | None = None
    # An answer to a consent ask or to a follow-up already dug in does not need another follow-up.
    answer_needs_follow_up = True
    for i, turn in enumerate(turns):
        if turn.role == "customer":
            previous_answer = turn
            continue
        if turn.speaker not in interviewer_names:
            continue
        # Consent and approval asks are yes/no by design: they are not interview questions.
        qs = [
            (s, k)
            for s, k in lang.questions_in(turn.text)
            if not (lang.RECORDING_CONSENT.search(s) or lang.PUBLISH_PERMISSION.search(s))
        ]
        questions += len(qs)
        open_q += sum(1 for _, k in qs if k == "open")
        closed_q += sum(1 for _, k in qs if k == "closed")
        recording = recording or bool(lang.RECORDING_CONSENT.search(turn.text))
        publish = publish or bool(lang.PUBLISH_PERMISSION.search(turn.text))
        if qs and lang.EMOTION_QUESTION.search(turn.text):
            emotion_questions += 1
        if turn.words >= MONOLOGUE_WORDS:
            monologues.append(turn)
        for sentence, kind in qs:
            if kind == "closed":
                # A closed question that checks understanding of what was just said ("So that was 2019?")
                # is a follow-up, not the mistake; only closed questions that open a topic count.
                if previous_answer is not None and _is_follow_up(sentence, previous_answer):
                    continue
                answer = next((t for t in turns[i + 1 : i + 3] if t.role == "customer"), None)
                severity: Severity = "high" if answer is not None and answer.words <= 5 else "medium"
                add("closed_question", turn, sentence, severity, open_rewrite(sentence))
        distinct_topics = {frozenset(lang.content_words(s)) for s, _ in qs}
        if len(qs) >= 3 or (len(qs) == 2 and len(distinct_topics) == 2 and turn.words > 25):
            stacked += 1
        if len(lang.questions_in(turn.text)) >= 3:  # counted with consent asks, as a listener hears them
            add(
                "no_silence",
                turn,
                turn.text,
                "low",
                "Ask one question, then stop and wait; stacked questions let the customer pick the easiest one.",
            )
        if lang.PITCH.search(turn.text) and turn.words >= 25:
            topic = lang.PITCH.search(turn.text)
            add(
                "talking_too_much",
                turn,
                turn.text,
                "medium",
                "Turn the pitch into a question: “How do you use "
                f"{_pitch_object(topic.group(0) if topic else '')} in your day-to-day work?”",
            )

        answer = previous_answer
        previous_answer = None
        if answer is not None and lang.ACKNOWLEDGEMENT.match(turn.text.strip()):
            previous_answer = answer  # "Mm-hmm." keeps the floor open; judge the next real turn instead
            continue
        followed = answer is not None and _is_follow_up(turn.text, answer)
        expected_follow_up = answer_needs_follow_up
        answer_needs_follow_up = not followed and not (
            lang.RECORDING_CONSENT.search(turn.text) or lang.PUBLISH_PERMISSION.search(turn.text)
        )
        if answer is None:
            continue
        if followed:
            follow_ups += 1
        if answer.end_measured and answer.end is not None and turn.start is not None:
            gaps.append(max(0.0, turn.start - answer.end))
        # Mistake 3/6/7 are about what the interviewer did right after an answer.
        is_short = _short(answer)
        short_answers += is_short
        vague = lang.VAGUE_QUANTITY.search(answer.text) or (
            is_short and lang.VAGUE_QUALITY.search(answer.text)
        )
        number = lang.FIGURE.search(answer.text)
        feeling = lang.FEELING.search(answer.text)
        story = lang.STORY.search(answer.text)
        if not followed and qs and expected_follow_up:
            if number or feeling:
                hook = (number or feeling).group(0)  # type: ignore[union-attr]
                add(
                    "no_follow_up",
                    turn,
                    f"Customer: “{_excerpt(answer.text, 120)}” → next: “{_excerpt(turn.text, 80)}”",
                    "high",
                    f"You said “{hook}” — tell me more about that. What did it mean for you day to day?",
                )
            elif vague or is_short or story:
                hook_text = (vague or story).group(0) if (vague or story) else None  # type: ignore[union-attr]
                add(
                    "no_follow_up",
                    turn,
                    f"Customer: “{_excerpt(answer.text, 120)}” → next: “{_excerpt(turn.text, 80)}”",
                    "medium" if vague or story else "low",
                    f"What do you mean by “{hook_text}”? Can you give me a specific example?"
                    if hook_text
                    else RESCUE["short"],
                )
            if is_short and not answer.end_measured:
                add(
                    "no_silence",
                    turn,
                    f"Short answer “{_excerpt(answer.text, 80)}” met at once by “{_excerpt(turn.text, 80)}”",
                    "medium",
                    "After a short answer, stay silent and count to three — the customer usually keeps "
                    "going, and that is where the best material comes out.",
                )
        quant = lang.VAGUE_QUANTITY.search(answer.text)
        if quant and not lang.DIGITS.search(answer.text) and not lang.PRESS_FOR_NUMBER.search(turn.text):
            vague_unpressed += 1
            add(
                "no_specifics",
                answer,
                f"“{_excerpt(answer.text, 160)}”",
                "high" if "time" in quant.group(0).lower() or "lot" in quant.group(0).lower() else "medium",
                f"When you say “{quant.group(0)}”, can you ballpark it? 5 hours a week? 10? "
                "What does that look like in numbers?",
            )

    # ---- talking too much: the 80/20 rule and the longest monologues
    iv_share = iv_words / total_words
    if iv_share > TARGET_INTERVIEWER_SHARE:
        share_severity: Severity = "high" if iv_share > 0.4 else "medium" if iv_share > 0.3 else "low"
        add(
            "talking_too_much",
            None,
            f"The interviewer spoke {iv_share:.0%} of the words (target: at most 20%).",
            share_severity,
            RESCUE["talking"],
        )
    for turn in sorted(monologues, key=lambda t: t.words, reverse=True)[:3]:
        add(
            "talking_too_much",
            turn,
            f"{turn.words}-word interviewer turn: “{_excerpt(turn.text, 140)}”",
            "medium" if turn.words < 250 else "high",
            "Cut the set-up to one sentence and end on a single open question.",
        )

    # ---- no emotion: never asked how it felt, what changed personally, what would have happened
    if emotion_questions == 0:
        first_result = next(
            (t for t in turns if t.role == "customer" and lang.DIGITS.search(t.text)), None
        ) or next((t for t in turns if t.role == "customer"), None)
        add(
            "no_emotion",
            first_result,
            "No question asked how it felt, what changed personally, or what would have happened otherwise.",
            "high" if first_result is not None and lang.DIGITS.search(first_result.text) else "medium",
            "You mentioned that result — how did that change things for you personally? "
            "What would have happened if you hadn't solved this?",
        )

    # ---- no silence with measured timings: the gap between an answer and the next question
    median_gap = round(statistics.median(gaps), 2) if gaps else None
    if median_gap is not None and len(gaps) >= 3 and median_gap < 1.0:
        add(
            "no_silence",
            None,
            f"Median pause between the customer's answer and the next question: {median_gap:.1f} s "
            f"over {len(gaps)} answers.",
            "medium" if median_gap >= 0.3 else "high",
            "After the customer finishes, count to three before the next question.",
        )

    # ---- not recording: no consent ask, or notes-style input
    customer_text = " ".join(t.text for t in turns if t.role == "customer")
    cu_count = max(1, count_words(customer_text))
    first_person = len(lang.FIRST_PERSON.findall(customer_text)) / cu_count
    customer_sentences = lang.sentences(customer_text)
    reported = sum(1 for s in customer_sentences if lang.REPORTED_SENTENCE.match(s))
    # Too few customer words say nothing about style; a real answer in someone's own words says "I" and
    # "we", while notes say "Customer said ...".
    notes_style = cu_count >= 40 and (
        first_person < 0.01 or reported / max(1, len(customer_sentences)) >= 0.25
    )
    if notes_style:
        add(
            "not_recording",
            next((t for t in turns if t.role == "customer"), None),
            "The customer's turns read as notes (third person, paraphrase), not their own words.",
            "high",
            RESCUE["not_recording"],
        )
    elif not recording:
        add(
            "not_recording",
            next((t for t in turns if t.speaker in interviewer_names), None),
            "The interviewer never asked permission to record.",
            "medium",
            "Open with: “Do you mind if I record this so I can focus on our conversation instead of taking "
            "notes? I'll send you a draft before publishing anything.”",
        )

    # ---- no permission to publish
    if not publish:
        last_iv = next((t for t in reversed(turns) if t.speaker in interviewer_names), None)
        add(
            "no_publish_permission",
            last_iv,
            "The interviewer never offered to send a draft for approval before publishing.",
            "medium",
            RESCUE["no_publish_permission"],
        )

    metrics = CritiqueMetrics(
        interviewer_word_share=round(iv_share, 4),
        customer_word_share=round(cu_words / total_words, 4),
        questions=questions,
        open_questions=open_q,
        closed_questions=closed_q,
        follow_ups=follow_ups,
        stacked_questions=stacked,
        longest_monologue_words=max((t.words for t in turns if t.speaker in interviewer_names), default=0),
        median_answer_gap_s=median_gap,
        answer_gaps_measured=len(gaps),
        short_answers=short_answers,
        vague_unpressed=vague_unpressed,
        emotion_questions=emotion_questions,
        recording_consent=recording,
        publish_permission=publish,
        notes_style=notes_style,
    )
    findings.sort(key=lambda f: (f.turn if f.turn is not None else -1, MISTAKES.index(f.mistake)))
    return CountableCritique(
        interviewer=", ".join(transcript.interviewers),
        metrics=metrics,
        findings=findings,
        score=score_findings(findings, metrics),
    )


def _pitch_object(phrase: str) -> str:
    words = phrase.split()
    if len(words) == 2 and words[0].lower() == "our":
        return f"the {words[1]}"
    return "it"


def _is_follow_up(question_text: str, answer: Turn) -> bool:
    """Does the interviewer's turn dig into the answer, rather than change topic?"""
    if lang.FOLLOW_UP.search(question_text) or lang.EMOTION_QUESTION.search(question_text):
        return True  # asking how it felt or what it changed digs into the answer too
    figures = {m.group(0).strip() for m in lang.FIGURE.finditer(answer.text)}
    if any(f in question_text for f in figures):
        return True  # echoing the customer's number back ("One in 900. What did that mean…")
    asked = lang.content_words(question_text)
    if not asked:
        return False
    shared = asked & lang.content_words(answer.text)
    return len(shared) >= 2 or len(shared) / len(asked) >= 0.34


# Points off per finding, capped per mistake so one habit cannot take the whole score.
_PENALTY = {"low": 2, "medium": 5, "high": 9}
_CAP_PER_MISTAKE = 18


def score_findings(findings: list[Finding], metrics: CritiqueMetrics) -> int:
    """0–100: 100 minus the capped penalties of each mistake's findings."""
    lost: dict[str, int] = {}
    for f in findings:
        lost[f.mistake] = min(_CAP_PER_MISTAKE, lost.get(f.mistake, 0) + _PENALTY[f.severity])
    return max(0, min(100, 100 - sum(lost.values())))
