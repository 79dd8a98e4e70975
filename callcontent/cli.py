"""The `callcontent` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from callcontent.critique_rules import MISTAKE_TITLES, critique_transcript
from callcontent.ingest import TranscriptError, load_transcript
from callcontent.report import critique_payload
from callcontent.transcript import Transcript, format_timestamp

app = typer.Typer(
    name="callcontent",
    help="Turn a recorded customer interview into coaching, verified quotes and publishable drafts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

EXIT_BAD_INPUT = 2

InterviewerOpt = Annotated[
    list[str] | None,
    typer.Option("--interviewer", help="Speaker name of the interviewer (repeatable); overrides inference."),
]


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """One line on stderr, no traceback, a non-zero exit."""
    err.print(f"[bold red]callcontent: error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def load_or_exit(path: Path, interviewers: list[str] | None) -> Transcript:
    try:
        transcript = load_transcript(path, interviewers=interviewers or [])
    except TranscriptError as exc:
        raise fail(str(exc)) from None
    for warning in transcript.warnings:
        err.print(f"[yellow]callcontent: warning:[/] {path}: {warning}", highlight=False)
    return transcript


@app.callback()
def root() -> None:
    """Call-Content: interviews in, coaching, verified quotes and drafts out."""


@app.command()
def critique(
    file: Annotated[Path, typer.Argument(help="Transcript file (Otter, VTT, SRT, Markdown, plain, JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the critique as JSON.")] = False,
    interviewer: InterviewerOpt = None,
) -> None:
    """Coach the interviewer: the seed's eight mistakes, counted, with better questions."""
    transcript = load_or_exit(file, interviewer)
    result = critique_transcript(transcript)
    if as_json:
        sys.stdout.write(
            json.dumps(critique_payload(transcript, result), indent=2, ensure_ascii=False) + "\n"
        )
        return
    m = result.metrics
    out.print(
        f"[bold]{file}[/] · {transcript.format} · {len(transcript.turns)} turns · {transcript.words} words"
        + (f" · {format_timestamp(transcript.duration_s)}" if transcript.duration_s else "")
    )
    speakers = Table(title="Who talked", show_edge=False)
    for col in ("speaker", "role", "confidence", "words", "share", "turns"):
        speakers.add_column(col, justify="right" if col not in ("speaker", "role") else "left")
    for s in transcript.speakers:
        speakers.add_row(
            s.name, s.role, f"{s.role_confidence:.2f}", str(s.words), f"{s.word_share:.0%}", str(s.turns)
        )
    out.print(speakers)
    out.print(
        f"Interviewer share [bold]{m.interviewer_word_share:.0%}[/] (80/20 rule: ≤20%) · questions {m.questions} "
        f"({m.open_questions} open, {m.closed_questions} closed) · follow-ups {m.follow_ups} · "
        f"emotion questions {m.emotion_questions} · vague answers unpressed {m.vague_unpressed}"
        + (f" · median pause {m.median_answer_gap_s:.1f}s" if m.median_answer_gap_s is not None else "")
    )
    findings = Table(title=f"Findings ({len(result.findings)})", show_lines=True)
    findings.add_column("turn", justify="right")
    findings.add_column("mistake")
    findings.add_column("sev")
    findings.add_column("evidence", ratio=3)
    findings.add_column("better question / rescue line", ratio=3)
    colour = {"high": "red", "medium": "yellow", "low": "cyan"}
    for f in result.findings:
        findings.add_row(
            "—" if f.turn is None else f"{f.turn}\n{format_timestamp(f.timestamp)}",
            MISTAKE_TITLES[f.mistake],
            f"[{colour[f.severity]}]{f.severity}[/]",
            f.evidence,
            f.suggestion,
        )
    out.print(findings)
    out.print(f"[bold]Score: {result.score}/100[/]")


ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", help="local (default) | none | openai:MODEL — for every role unless set per role."
    ),
]


@app.command()
def config(
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show the resolved settings (flags, then CALLCONTENT_* variables, then defaults)."""
    from callcontent.llm.local_weights import cache_dir, local_model_status
    from callcontent.settings import load_settings

    settings = load_settings(model=model)
    data = settings.public_dict()
    data["local_model"] = local_model_status()
    data["cache_dir"] = str(cache_dir())
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    table = Table(title="Call-Content settings", show_edge=False)
    table.add_column("setting")
    table.add_column("value")
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        table.add_row(key, str(value))
    out.print(table)
    out.print(f"Active model: [bold]{settings.model}[/]")


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="Transcript file.")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: runs/<file stem>).")
    ] = None,
    model: ModelOpt = None,
    interviewer: InterviewerOpt = None,
    prompts: Annotated[Path | None, typer.Option("--prompts", help="Folder of prompt files to use.")] = None,
) -> None:
    """Interview in; coaching, verified quotes and reviewed drafts out (written atomically)."""
    from callcontent.run import run_transcript, write_outputs
    from callcontent.settings import load_settings

    settings = load_settings(model=model)
    load_or_exit(file, interviewer)  # bad input fails fast, before any model loads
    target = out_dir or Path("runs") / file.stem
    err.print(f"callcontent: running {file} with model [bold]{settings.model}[/] → {target}", highlight=False)

    def progress(node: str, elapsed: float) -> None:
        err.print(f"  ✓ {node:<9} {elapsed:7.1f}s", highlight=False)

    try:
        result = run_transcript(
            file, settings=settings, interviewers=interviewer, prompts_dir=prompts, on_node=progress
        )
    except TranscriptError as exc:
        raise fail(str(exc)) from None
    write_outputs(result, target)
    review = result["review"]
    for problem in result["errors"]:
        err.print(f"[yellow]callcontent: warning:[/] {problem}", highlight=False)
    status = (
        "[green]passed[/]"
        if review.get("passed")
        else "[red]NOT cleared[/] — see the notes at the top of each draft"
    )
    out.print(
        f"{len(result['quotes'])} verified quotes · critique score {result['critique']['score']}/100 · "
        f"review {status} after {review.get('rounds', 0)} round(s) · {result['meta']['tokens']['calls']} LLM calls · "
        f"{result['meta']['wall_s']:.1f}s"
    )
    out.print(f"Wrote {target}/result.json, critique.md, quotes.md, drafts/, approval_email.md")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
