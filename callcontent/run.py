"""Run the pipeline on one transcript (`run_transcript`) and write its outputs atomically."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from callcontent import __version__
from callcontent.agents.context import Context
from callcontent.critique import MISTAKE_TITLES
from callcontent.drafts import still_told
from callcontent.earned import code_only_steps, step_models
from callcontent.files import publish_run_folder
from callcontent.html_report import render_result_html
from callcontent.llm.client import make_clients
from callcontent.llm.replies import BatchCollector, LLMCache
from callcontent.llm.usage import UsageLedger
from callcontent.pieces import PLAN_KEYS
from callcontent.report import split_top
from callcontent.result import RunResult, kept_round_note, piece_written, social_markdown
from callcontent.settings import Settings
from callcontent.transcript import format_timestamp


def run_transcript(
    path: str | Path | None = None,
    *,
    text: str | None = None,
    settings: Settings | None = None,
    interviewers: list[str] | None = None,
    call_type: str | None = None,
    pieces: list[str] | None = None,
    chat_model: BaseChatModel | None = None,
    library_path: str | None = None,
    prompts_dir: Path | None = None,
    on_node: Callable[[str, float], None] | None = None,
    sequential: bool = False,
    cache: LLMCache | None = None,
    collector: BatchCollector | None = None,
    checkpointer: Any = None,
    thread_id: str = "",
    resume: bool = False,
) -> dict[str, Any]:
    """Turn one interview into the result dict (the content of result.json).

    Raises `TranscriptError` for unusable input; model failures are recorded in `errors`, not raised.
    """
    from callcontent.graph import build_graph

    settings = settings or Settings()
    ledger = UsageLedger()
    ctx = Context(
        settings=settings,
        clients=make_clients(settings, ledger, chat_model=chat_model, cache=cache, collector=collector),
        ledger=ledger,
        prompts_dir=prompts_dir,
        library_path=library_path,
    )
    graph_input: dict[str, Any] = {"interviewers": interviewers or []}
    if call_type:
        graph_input["call_type"] = call_type
    if pieces:
        graph_input["pieces"] = pieces
    if text is not None:
        graph_input["transcript_text"] = text
    else:
        graph_input["transcript_path"] = str(path)
    started = time.perf_counter()
    graph = build_graph(checkpointer=checkpointer, sequential=sequential)
    config: dict[str, Any] | None = {"configurable": {"thread_id": thread_id}} if checkpointer else None
    # Resuming a checkpointed thread continues from its last finished node: invoke with None, not the
    # input, or the graph starts over.
    stream_input = None if resume else graph_input
    state: dict[str, Any] = {}
    for mode, chunk in graph.stream(stream_input, config, context=ctx, stream_mode=["updates", "values"]):
        if mode == "values":
            state = dict(chunk)
        elif on_node is not None:
            for node in chunk:
                on_node(node, time.perf_counter() - started)
    if config is not None:
        state = dict(graph.get_state(config).values)
    return assemble_result(state, ctx, time.perf_counter() - started, chat_model)


def assemble_result(
    state: dict[str, Any], ctx: Context, wall_s: float, chat_model: BaseChatModel | None
) -> dict[str, Any]:
    """result.json's content from the graph's final state."""
    drafts = state.get("drafts", {})
    transcript = state.get("transcript", {})
    result = {
        "transcript": {
            "path": transcript.get("path"),
            "format": transcript.get("format"),
            "turns": [
                {k: t.get(k) for k in ("index", "speaker", "role", "start", "end", "text")}
                for t in transcript.get("turns", [])
            ],
        },
        "critique": state.get("critique", {}),
        "quotes": state.get("quotes", []),
        "facts": state.get("facts", []),
        "story": state.get("story", {}),
        "quote_stats": state.get("quote_stats", {}),
        "retrieved": state.get("retrieved", {}),
        "drafts": {
            "case_study": drafts.get("case_study", ""),
            "blog_post": drafts.get("blog_post", ""),
            "testimonials": drafts.get("testimonials", {}),
            "social_posts": drafts.get("social_posts", []),
            "social_platforms": drafts.get("social_platforms", []),
            "approval_email": drafts.get("approval_email", ""),
            "extractive": drafts.get("extractive", True),
            "writer": drafts.get("writer", ""),
            **{k: drafts[k] for k in PLAN_KEYS if k in drafts},
            # What code cut from the case study is no longer traced to anything.
            "traced": still_told(drafts),
        },
        "review": state.get("review", {}),
        # A step whose model call failed makes the run degraded: its outputs are fallbacks, never "passed".
        "status": "degraded" if state.get("errors") else "ok",
        "errors": state.get("errors", []),
        "meta": {
            "callcontent_version": __version__,
            "model": type(chat_model).__name__ if chat_model is not None else ctx.settings.model,
            "roles": {r: (c.model_name if c else "none") for r, c in ctx.clients.items()},
            "prompt_versions": ctx.prompt_versions(),
            "tokens": ctx.ledger.totals(),
            "tokens_by_node": ctx.ledger.by_node(),
            "calls": ctx.ledger.records(),
            "timings_s": state.get("timings", {}),
            "wall_s": round(wall_s, 3),
            # A model step runs only where the eval justified it; which did not, and why.
            "skipped_steps": code_only_steps(ctx.settings),
            # Which model did each model step, or code (the summary line prints it).
            "steps": step_models(ctx.settings),
        },
    }
    # Written through the contract the report and `approve` read it back with: a shape they would
    # refuse fails here, at the run that made it.
    return RunResult.model_validate(result).as_json()


# ---------------------------------------------------------------- outputs


def quotes_markdown(result: dict[str, Any]) -> str:
    """quotes.md: the verified quotes, each with its speaker, turn and categories."""
    lines = [
        "# Customer quotes",
        "",
        "Every quote is verified verbatim against a customer turn of the transcript.",
        "",
    ]
    for i, q in enumerate(result["quotes"], 1):
        lines.append(
            f"{i}. “{q['text']}” — {q['speaker']}, turn {q['turn']} ({format_timestamp(q['start'])}) · "
            f"{', '.join(q['categories'])} · score {q['score']:g}"
        )
    stats = result.get("quote_stats", {})
    lines += [
        "",
        f"Candidates: {stats.get('candidates', 0)}; dropped as not verbatim: {stats.get('dropped_unverified', 0)}.",
    ]
    return "\n".join(lines) + "\n"


def critique_markdown_from_result(result: dict[str, Any]) -> str:
    """critique.md: the five costliest moments first, then the rest and the call's metrics."""
    c = result["critique"]
    m = c["metrics"]
    top, rest = split_top(c)
    lines = [
        f"# Interview coaching: {c['transcript']['path'] or 'transcript'}",
        "",
        f"**Score {c['score']}/100** · {c.get('call_type', 'customer_story').replace('_', ' ')} call · "
        f"interviewer {c['interviewer']} · interviewer share "
        f"{m['interviewer_word_share']:.0%} (80/20 rule: ≤20%) · {m['questions']} questions "
        f"({m['open_questions']} open, {m['closed_questions']} closed) · {m['follow_ups']} follow-ups",
        "",
    ]
    if top:
        lines += ["## The moments that matter most", ""]
        for f in top:
            where = (
                "whole call"
                if f["turn"] is None
                else f"turn {f['turn']} ({format_timestamp(f['timestamp'])})"
            )
            lines += [
                f"1. **{MISTAKE_TITLES[f['mistake']]}** · {where}",
                f"   - What happened: {f['evidence']}",
            ]
            if f.get("missed"):
                lines.append(f"   - What it cost: {f['missed']}")
            lines.append(f"   - Ask instead: {f.get('better_question') or f['suggestion']}")
        lines.append("")
    for note in c.get("notes", []):
        lines += [f"> Note: {note}", ""]
    if rest:
        lines += [f"<details><summary>Everything else ({len(rest)} findings)</summary>", ""]
        for f in rest:
            where = "whole call" if f["turn"] is None else f"turn {f['turn']}"
            lines.append(
                f"- **{MISTAKE_TITLES[f['mistake']]}** · {f['severity']} · {where}: {f['evidence']} "
                f"→ {f.get('better_question') or f['suggestion']}"
            )
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def review_note(result: dict[str, Any]) -> str:
    """A note at the top of each draft whenever review did not clear it untouched."""
    review = result.get("review", {})
    lines = []
    removed = review.get("removed_by_code") or []
    if removed:
        lines.append(
            f"> **Code removed {len(removed)} unsupported sentence(s)** (quote or number not in the transcript):"
        )
        lines += [f"> - {r}" for r in removed]
    if not review.get("passed"):
        lines.append(f"> **Not cleared by review** after {review.get('rounds', 0)} round(s). Still open:")
        lines += [f"> - {p}" for p in review.get("open_problems", review.get("problems", []))]
    if review.get("kept_round"):
        lines.append(f"> {kept_round_note(review)}")
    return "\n".join(lines) + "\n\n" if lines else ""


def write_outputs(result: dict[str, Any], out_dir: Path) -> None:
    """Write the run folder: whole and new, or the tool's own files replaced in a previous run folder."""
    drafts = result["drafts"]
    note = review_note(result)
    files = {
        "result.json": json.dumps(result, indent=2, ensure_ascii=False) + "\n",
        "critique.md": critique_markdown_from_result(result),
        "quotes.md": quotes_markdown(result),
        "result.html": render_result_html(result),
    }
    testimonials = "\n\n".join(f"## {k}\n\n{v}" for k, v in drafts["testimonials"].items())
    pieces = {
        "case_study": ("drafts/case_study.md", note + drafts["case_study"]),
        "blog_post": ("drafts/blog_post.md", note + drafts["blog_post"]),
        "testimonials": ("drafts/testimonials.md", f"# Testimonials\n\n{testimonials}\n"),
        "social_posts": ("drafts/social_posts.md", "# Social posts\n\n" + social_markdown(drafts) + "\n"),
        "approval_email": ("approval_email.md", drafts["approval_email"]),
        "insight_memo": ("drafts/insight_memo.md", note + drafts.get("insight_memo", "")),
    }
    # Only the pieces the call supports (or `--pieces` asked for); result.json says what was left out.
    files.update({name: text for piece, (name, text) in pieces.items() if piece_written(drafts, piece)})
    publish_run_folder(files, out_dir)
