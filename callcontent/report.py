"""The critique's JSON contract (`callcontent critique --json`, and `critique` in result.json)."""

from __future__ import annotations

from typing import Any

from callcontent.critique import CountableCritique, top_findings
from callcontent.transcript import Transcript


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
        "call_type": critique.call_type,
        "call_type_reason": critique.call_type_reason,
        "metrics": critique.metrics.model_dump(),
        "findings": [f.model_dump() for f in critique.findings],
        # The moments that cost the most material, as indices into `findings`, most costly first.
        "top": [critique.findings.index(f) for f in top_findings(critique.findings)],
        "notes": critique.notes,
        "score": critique.score,
    }


def split_top(payload: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The findings a person should act on first, and the rest in call order."""
    findings: list[dict[str, Any]] = payload.get("findings", [])
    top_ids = [i for i in payload.get("top", []) if isinstance(i, int) and 0 <= i < len(findings)]
    chosen = set(top_ids)
    return [findings[i] for i in top_ids], [f for i, f in enumerate(findings) if i not in chosen]
