"""Turning a critique into the JSON contract and into text people read."""

from __future__ import annotations

from typing import Any

from callcontent.critique_rules import MISTAKE_TITLES, CountableCritique, Finding
from callcontent.transcript import Transcript, format_timestamp


def critique_payload(transcript: Transcript, critique: CountableCritique) -> dict[str, Any]:
    """The `callcontent critique --json` shape (also `critique` inside a run's result.json)."""
    return {
        "transcript": {
            "path": transcript.path,
            "format": transcript.format,
            "turns": len(transcript.turns),
            "words": transcript.words,
            "duration_s": transcript.duration_s,
            "warnings": transcript.warnings,
        },
        "speakers": [s.model_dump() for s in transcript.speakers],
        "interviewer": critique.interviewer,
        "metrics": critique.metrics.model_dump(),
        "findings": [f.model_dump() for f in critique.findings],
        "score": critique.score,
    }


def _finding_line(f: Finding) -> str:
    where = "whole call" if f.turn is None else f"turn {f.turn} ({format_timestamp(f.timestamp)})"
    return f"**{MISTAKE_TITLES[f.mistake]}** · {f.severity} · {where}"


def critique_markdown(transcript: Transcript, critique: CountableCritique, extra: str = "") -> str:
    m = critique.metrics
    lines = [
        f"# Interview critique: {transcript.path or 'transcript'}",
        "",
        f"**Score: {critique.score}/100** · interviewer: {critique.interviewer} · "
        f"{len(transcript.turns)} turns, {transcript.words} words"
        + (f", {format_timestamp(transcript.duration_s)}" if transcript.duration_s else ""),
        "",
        "## Talk time",
        "",
        "| speaker | role | words | share | turns |",
        "|---|---|---:|---:|---:|",
    ]
    for s in transcript.speakers:
        lines.append(f"| {s.name} | {s.role} | {s.words} | {s.word_share:.0%} | {s.turns} |")
    lines += [
        "",
        f"Interviewer share {m.interviewer_word_share:.0%} (the 80/20 rule says at most 20%). "
        f"Questions: {m.questions} ({m.open_questions} open, {m.closed_questions} closed), "
        f"follow-ups: {m.follow_ups}, stacked: {m.stacked_questions}, emotion questions: {m.emotion_questions}, "
        f"vague answers left unpressed: {m.vague_unpressed}."
        + (
            f" Median pause before the next question: {m.median_answer_gap_s:.1f} s."
            if m.median_answer_gap_s is not None
            else ""
        ),
        "",
        "## Findings",
        "",
    ]
    if not critique.findings:
        lines.append("No mistakes found.")
    for f in critique.findings:
        lines += [f"- {_finding_line(f)}", f"  - Evidence: {f.evidence}", f"  - Better: {f.suggestion}"]
    if extra:
        lines += ["", extra]
    return "\n".join(lines) + "\n"
