"""The interview critique: the seed's eight mistakes, found by code, ranked by what they cost.

Every finding names the turn it happened at, the words that show it, what the moment could have given,
and the better question in the customer's own words (or the seed's rescue line).
"""

from __future__ import annotations

import statistics
from typing import Literal

from callcontent import language as lang
from callcontent.critique.call_type import infer_call_type
from callcontent.critique.detectors import (
    DETECTORS,
    QUICK_GAP_S,
    Call,
    answer_gaps,
    emotion_questions,
    interviewer_share,
    publish_permission_asked,
    recording_consent_heard,
)
from callcontent.critique.learned import CritiqueHeads, learned_findings, shipped_heads
from callcontent.critique.model import (
    CALL_TYPES,
    MISTAKE_TITLES,
    MISTAKES,
    PUBLISHED_CONTENT_CALLS,
    RESCUE,
    RESCUE_LINES,
    CallType,
    CountableCritique,
    CritiqueMetrics,
    Finding,
    MistakeId,
    Severity,
)
from callcontent.critique.moments import THIN_ANSWER_WORDS, exchanges
from callcontent.critique.suggest import open_rewrite
from callcontent.transcript import Transcript

__all__ = [
    "CALL_TYPES",
    "MISTAKES",
    "MISTAKE_TITLES",
    "RESCUE",
    "RESCUE_LINES",
    "SHIPPED",
    "CallType",
    "CountableCritique",
    "CritiqueMetrics",
    "Finding",
    "MistakeId",
    "Severity",
    "critique_transcript",
    "open_rewrite",
    "score_findings",
    "top_findings",
]

# How many moments the report leads with; the rest are folded below them.
TOP_MOMENTS = 5


SHIPPED: Literal["shipped"] = (
    "shipped"  # the heads fitted on the labelled calls (callcontent/critique/critique_heads.json)
)


def critique_transcript(
    transcript: Transcript,
    *,
    call_type: CallType | None = None,
    heads: CritiqueHeads | Literal["shipped"] | None = None,
) -> CountableCritique:
    """Run every detector over the call; `call_type` overrides the inferred one.

    The rules find the moments. With learned heads (`heads`: "shipped" for the ones fitted on the labelled
    calls) the heads decide which turn-level moments are findings, the rules' verdicts among their
    features. The rules alone are the default: held out, the heads do not beat them yet (`callcontent
    eval` → labelled.learned).
    """
    inferred, reason = infer_call_type(transcript)
    call = Call(
        transcript=transcript,
        exchanges=exchanges(transcript),
        call_type=call_type or inferred,
        interviewer_side=set(transcript.interviewers),
    )
    findings = one_finding_per_moment([f for detect in DETECTORS for f in detect(call)])
    judges = shipped_heads() if isinstance(heads, str) else heads
    if judges is not None and not any(f.mistake == "not_recording" for f in findings):
        learned = learned_findings(transcript, call.exchanges, findings, judges)
        kept = [f for f in findings if f.turn is None or f.mistake not in judges.decides]
        findings = one_finding_per_moment(kept + learned)
    notes_style = any(f.mistake == "not_recording" for f in findings)
    if notes_style:
        # Paraphrased notes are not the customer's words: moments cannot be judged, only the whole call.
        findings = [f for f in findings if f.turn is None]
    findings.sort(key=lambda f: (f.turn if f.turn is not None else -1, MISTAKES.index(f.mistake)))
    metrics = _metrics(call, findings)
    notes = []
    if notes_style:
        notes.append("The input reads as notes, not a transcript: only whole-call findings are given.")
    elif not metrics.recording_consent and call.call_type in PUBLISHED_CONTENT_CALLS:
        notes.append(
            "Consent to record was not heard on the recording; if it was asked before, keep a note of it — "
            f"otherwise open with: “{RESCUE['not_recording']}”"
        )
    return CountableCritique(
        interviewer=", ".join(transcript.interviewers),
        call_type=call.call_type,
        call_type_reason="set with --call-type" if call_type else reason,
        metrics=metrics,
        findings=findings,
        notes=notes,
        score=score_findings(findings, metrics),
    )


def one_finding_per_moment(findings: list[Finding]) -> list[Finding]:
    """A feeling named inside a story the interviewer walked past is one moment, coached once.

    The missed follow-up's "tell me more about that" reaches the feeling too; two findings on one turn
    would ask the interviewer to fix the same moment twice.
    """
    walked_past = {f.turn for f in findings if f.mistake == "no_follow_up" and f.turn is not None}
    return [f for f in findings if not (f.mistake == "no_emotion" and f.turn in walked_past)]


def top_findings(findings: list[Finding], n: int = TOP_MOMENTS) -> list[Finding]:
    """The moments that cost the most material, most costly first (whole-call findings included)."""
    return sorted(findings, key=lambda f: (-f.cost, f.turn if f.turn is not None else -1))[:n]


def _metrics(call: Call, findings: list[Finding]) -> CritiqueMetrics:
    transcript = call.transcript
    # Consent and approval asks are yes/no by design: they are not interview questions.
    questions = [
        (sentence, kind)
        for ex in call.exchanges
        for sentence, kind in ex.questions
        if not (lang.RECORDING_CONSENT.search(sentence) or lang.PUBLISH_PERMISSION.search(sentence))
    ]
    gaps = answer_gaps(call)
    substantive = answer_gaps(call, min_answer_words=THIN_ANSWER_WORDS)
    customer_words = sum(t.words for t in transcript.turns_of("customer"))
    return CritiqueMetrics(
        call_words=transcript.words,
        interviewer_word_share=round(interviewer_share(call), 4),
        customer_word_share=round(customer_words / max(1, transcript.words), 4),
        questions=len(questions),
        open_questions=sum(1 for _, kind in questions if kind == "open"),
        closed_questions=sum(1 for _, kind in questions if kind == "closed"),
        follow_ups=sum(1 for ex in call.exchanges if ex.digs_in),
        stacked_questions=sum(1 for f in findings if f.mistake == "no_silence" and f.turn is not None),
        longest_monologue_words=max((t.words for t in call.interviewer_turns()), default=0),
        median_answer_gap_s=round(statistics.median(gaps), 2) if gaps else None,
        answer_gaps_measured=len(gaps),
        quick_after_answers_share=round(sum(g < QUICK_GAP_S for g in substantive) / len(substantive), 3)
        if substantive
        else None,
        short_answers=sum(
            1 for ex in call.exchanges if ex.answer_after and ex.after_words < THIN_ANSWER_WORDS
        ),
        vague_unpressed=sum(1 for f in findings if f.mistake == "no_specifics"),
        emotion_questions=emotion_questions(call),
        recording_consent=recording_consent_heard(call),
        publish_permission=publish_permission_asked(call),
        notes_style=any(f.mistake == "not_recording" for f in findings),
    )


# The score follows what the method values most: the customer's share of the talk (80/20), then the
# moments missed per minute of call (about 150 words), then what the whole call lacked.
_SHARE_FREE = 0.15  # below this interviewer share, talk costs nothing
_POINTS_PER_SHARE = 100.0
_POINTS_PER_COST_PER_MINUTE = 25.0
_POINTS_PER_WHOLE_CALL_COST = 2.0
_WORDS_PER_MINUTE = 150


def score_findings(findings: list[Finding], metrics: CritiqueMetrics) -> int:
    """0–100: the interviewer's share of the talk, the cost of missed moments per minute, whole-call gaps."""
    minutes = max(1.0, metrics.call_words / _WORDS_PER_MINUTE)
    moments = sum(f.cost for f in findings if f.turn is not None)
    whole_call = sum(f.cost for f in findings if f.turn is None and f.mistake != "talking_too_much")
    lost = (
        _POINTS_PER_SHARE * max(0.0, metrics.interviewer_word_share - _SHARE_FREE)
        + _POINTS_PER_COST_PER_MINUTE * moments / minutes
        + _POINTS_PER_WHOLE_CALL_COST * whole_call
    )
    return max(0, min(100, round(100 - lost)))
