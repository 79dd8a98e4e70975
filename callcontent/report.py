"""The critique's JSON contract (`callcontent critique --json`, and `critique` in result.json)."""

from __future__ import annotations

from typing import Any

from callcontent.critique_rules import CountableCritique
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
        "metrics": critique.metrics.model_dump(),
        "findings": [f.model_dump() for f in critique.findings],
        "score": critique.score,
    }
