"""Critique node: the countable findings, then the LLM confirms or rejects each and adds what code cannot see."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from pydantic import BaseModel, Field

from callcontent.agents.common import messages, timed_node, transcript_of
from callcontent.agents.context import Context, context_of
from callcontent.agents.state import State
from callcontent.critique import (
    CALL_TYPES,
    MISTAKES,
    SHIPPED,
    Finding,
    MistakeId,
    critique_transcript,
    score_findings,
)
from callcontent.earned import skip_reason
from callcontent.llm.errors import LLMError
from callcontent.report import critique_payload
from callcontent.transcript import Transcript

MAX_JUDGED = 6  # the most severe findings go to the model; a small model's output stays short


class Verdict(BaseModel):
    """The critic's verdict on one code finding: keep it or drop it, and why."""

    id: int = Field(ge=0, le=999)
    confirm: bool
    reason: str = Field(max_length=100)
    better_question: str = Field(max_length=140)


class ExtraFinding(BaseModel):
    """A finding the critic adds that code missed, tied to a turn and its words."""

    mistake: MistakeId
    turn: int = Field(ge=0, le=100_000)
    evidence: str = Field(max_length=140)
    suggestion: str = Field(max_length=140)


class CritiqueJudgement(BaseModel):
    """The critic's reply: a verdict per finding shown and at most two additions."""

    verdicts: list[Verdict] = Field(max_length=MAX_JUDGED)
    extra: list[ExtraFinding] = Field(default_factory=list, max_length=2)


@timed_node("critique")
def critique_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Critique node: code finds and ranks the mistakes; the LLM critic only judges where it has earned it."""
    ctx = context_of(runtime)
    transcript = transcript_of(state)
    call_type = state.get("call_type")
    rules = critique_transcript(
        transcript,
        call_type=call_type if call_type in CALL_TYPES else None,
        heads=SHIPPED if ctx.settings.critique_heads else None,
    )
    payload = critique_payload(transcript, rules)
    findings = [{**f.model_dump(), "id": i, "judged": False} for i, f in enumerate(rules.findings)]
    errors: list[str] = []
    client = ctx.clients.get("critic")
    skipped = skip_reason(ctx.settings, "critic")
    payload["llm"] = {"status": "off (--model none)" if client is None else f"skipped: {skipped}"}
    if client is not None and skipped is None and findings:
        judged_ids = ids_to_judge(findings)
        listing = "\n".join(
            f"[{i}] {findings[i]['mistake']} at turn {findings[i]['turn']}: {findings[i]['evidence']}"
            for i in judged_ids
        )
        shown = (
            transcript if ctx.settings.critique_full_transcript else excerpt(transcript, findings, judged_ids)
        )
        try:
            judgement = client.structured(
                CritiqueJudgement,
                messages(ctx, ctx.prompt("critique").render(findings=listing), shown),
                node="critique",
                max_tokens=600,
            )
            apply_judgement(findings, judged_ids, judgement, {t.index for t in shown.turns})
            payload["llm"] = {"status": "judged", "judged": len(judged_ids)}
        except LLMError as exc:
            errors.append(f"critique: {exc}")
            payload["llm"] = {"status": "failed", "error": str(exc)}
    kept = [f for f in findings if f.get("confirmed", True)]
    payload["findings"] = findings
    payload["score"] = score_findings(
        [Finding.model_validate({k: v for k, v in f.items() if k in Finding.model_fields}) for f in kept],
        rules.metrics,
    )
    return {
        "critique": payload,
        "errors": errors,
    }


def ids_to_judge(findings: list[dict[str, Any]]) -> list[int]:
    """The most severe findings, earliest first within a severity, at most MAX_JUDGED."""
    rank = {"high": 0, "medium": 1, "low": 2}
    return sorted(range(len(findings)), key=lambda i: (rank[findings[i]["severity"]], i))[:MAX_JUDGED]


def excerpt(transcript: Transcript, findings: list[dict[str, Any]], judged_ids: list[int]) -> Transcript:
    """The turns around each judged finding (one before, one after), with their real indices.

    On a 2-core machine every 1,000 transcript tokens cost the local model about 15 s of prompt
    processing; the windows carry what the judgement needs (set critique_full_transcript for all).
    """
    wanted: set[int] = set()
    for i in judged_ids:
        turn = findings[i]["turn"]
        if turn is not None:
            wanted.update(range(max(0, turn - 1), turn + 2))
    if not wanted:
        wanted = set(range(min(6, len(transcript.turns))))
    turns = [t for t in transcript.turns if t.index in wanted]
    return transcript.model_copy(update={"turns": turns})


def apply_judgement(
    findings: list[dict[str, Any]], judged_ids: list[int], judgement: CritiqueJudgement, shown_turns: set[int]
) -> None:
    """Merge the model's verdicts into the findings. It may only cite findings and turns that exist."""
    allowed = set(judged_ids)
    for v in judgement.verdicts:
        if v.id not in allowed:
            continue  # a verdict on a finding that was not asked about, or does not exist: dropped
        f = findings[v.id]
        f.update(judged=True, confirmed=v.confirm, llm_reason=v.reason)
        if v.better_question.strip():
            f["better_question"] = v.better_question.strip()
    for extra in judgement.extra:
        if extra.turn not in shown_turns or extra.mistake not in MISTAKES:
            continue
        source: Literal["llm"] = "llm"
        findings.append(
            {
                "id": len(findings),
                "mistake": extra.mistake,
                "turn": extra.turn,
                "timestamp": None,
                "evidence": extra.evidence,
                "severity": "medium",
                "suggestion": extra.suggestion,
                "source": source,
                "judged": True,
                "confirmed": True,
            }
        )
