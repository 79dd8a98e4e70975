"""The `callcontent` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from callcontent.critique import (
    CALL_TYPES,
    MISTAKE_TITLES,
    MISTAKES,
    SHIPPED,
    CallType,
    critique_transcript,
    top_findings,
)
from callcontent.errors import TranscriptError
from callcontent.files import OutputDirError, check_output_dir, write_atomic
from callcontent.ingest import load_transcript
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
EXIT_DEGRADED = 3  # the run finished, but a model step failed: outputs are fallbacks, not the real thing

InterviewerOpt = Annotated[
    list[str] | None,
    typer.Option("--interviewer", help="Speaker name of the interviewer (repeatable); overrides inference."),
]


CallTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--call-type",
        help="customer_story | discovery | research | podcast (default: inferred from the conversation); "
        "decides which mistakes apply.",
    ),
]


def call_type_or_exit(value: str | None) -> CallType | None:
    """The call type named on the command line (a prefix will do), or exit 2 naming the choices."""
    if value is None:
        return None
    for kind in CALL_TYPES:
        if value.replace("-", "_").lower() == kind:
            return kind
    raise fail(f"--call-type {value!r}: expected one of {', '.join(CALL_TYPES)}")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """One line on stderr, no traceback, a non-zero exit."""
    err.print(f"[bold red]callcontent: error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def transcribe_with_progress(
    paths: list[Path], speakers: int = 2, names: list[str] | None = None
) -> dict[str, Any]:
    """Transcribe a recording (or one file per person) with a progress bar; exit 2 on a bad recording."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from callcontent.audio import SpeechToTextUnavailable, transcribe_recording

    with Progress(
        TextColumn("transcribing {task.fields[name]}"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.fields[seconds]} s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("transcribe", total=None, name=paths[0].name, seconds="?")

        def on_progress(done: float, total: float) -> None:
            progress.update(task, completed=done, total=total, seconds=f"{total:.0f}")

        try:
            return transcribe_recording(paths, people=speakers, names=names, on_progress=on_progress)
        except TranscriptError as exc:
            raise fail(str(exc)) from None
        except SpeechToTextUnavailable as exc:
            # Not the recording's fault: a failure to retry (batch marks it retryable), not bad input.
            raise fail(f"{paths[0]}: cannot transcribe: {exc}", EXIT_DEGRADED) from None


def load_or_exit(path: Path, interviewers: list[str] | None) -> Transcript:
    """The transcript at `path` (a recording is transcribed first), or exit 2 naming the file and the problem."""
    from callcontent.audio import looks_like_recording

    if looks_like_recording(path):
        transcribe_with_progress([path])  # cached: the pipeline's own read of the recording is instant
    try:
        transcript = load_transcript(path, interviewers=interviewers or [])
    except TranscriptError as exc:
        raise fail(str(exc)) from None
    for warning in transcript.warnings:
        err.print(f"[yellow]callcontent: warning:[/] {path}: {warning}", highlight=False)
    return transcript


@app.command()
def transcribe(
    recordings: Annotated[
        list[Path],
        typer.Argument(
            help="A recording (m4a, mp4, mp3, wav, ...), or one file per person (exact speakers)."
        ),
    ],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Transcript to write (JSON, read by run/critique/batch); default: beside "
            "the recording, RECORDING.transcript.json.",
        ),
    ] = None,
    speakers: Annotated[
        int, typer.Option("--speakers", min=1, max=8, help="People in a one-channel mix.")
    ] = 2,
    names: Annotated[
        str | None,
        typer.Option(
            "--names", help='Names in order of first words, or of the files/channels: "Jordan,Priya".'
        ),
    ] = None,
) -> None:
    """Transcribe a recording offline: words, who said them, and the pause before each turn."""
    from callcontent.audio import looks_like_recording
    from callcontent.audio.timed import GENERATOR, separation_warnings

    for path in recordings:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        if not looks_like_recording(path):
            raise fail(
                f"{path}: not a recording (expected audio or video: m4a, mp4, mp3, wav, ogg, flac, webm)"
            )
    target = out_file or recordings[0].with_name(recordings[0].name + ".transcript.json")
    if target.exists() and not _written_by(target, GENERATOR):
        raise fail(f"{target}: exists and was not written by `callcontent transcribe`; choose another --out")
    given = [n.strip() for n in names.split(",") if n.strip()] if names else None
    timed = transcribe_with_progress(recordings, speakers, given)
    try:
        write_atomic(target, json.dumps(timed, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise fail(f"{target}: cannot write the transcript: {exc}") from None
    for warning in separation_warnings(timed):
        err.print(f"[yellow]callcontent: warning:[/] {recordings[0]}: {warning}", highlight=False)
    turns = timed["turns"]
    pauses = [t["pause_before_s"] for t in turns if t.get("pause_before_s") is not None]
    out.print(
        f"{len(turns)} turns · {sum(len(t['text'].split()) for t in turns)} words · {timed['duration_s']:.0f} s · "
        f"speakers by {timed['speakers']['method']} · {len(pauses)} pauses measured → {target}"
    )


def _written_by(path: Path, generator: str) -> bool:
    """True when `path` is a JSON file this tool wrote (so replacing it loses nothing of the user's)."""
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("generator") == generator)
    except (OSError, ValueError, AttributeError):
        return False


PREPARED_BY = "callcontent prepare"
MARK_PREPARED = "<!-- written by callcontent prepare -->"


def _marked_by(path: Path, mark: str) -> bool:
    """True when a text file this tool wrote starts with its mark."""
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().strip() == mark
    except (OSError, UnicodeDecodeError):
        return False


@app.callback()
def root() -> None:
    """Call-Content: interviews in, coaching, verified quotes and drafts out."""


@app.command()
def critique(
    file: Annotated[
        Path,
        typer.Argument(
            help="Transcript file (Otter, VTT, SRT, Markdown, plain, JSON) or a recording (m4a, mp4, mp3, wav, ...)."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the critique as JSON.")] = False,
    interviewer: InterviewerOpt = None,
    call_type: CallTypeOpt = None,
    learned: Annotated[
        bool,
        typer.Option(
            "--learned",
            help="Let the heads learned from coaches' labels decide the moments (off by default: held out, "
            "they do not beat the rules yet). Also CALLCONTENT_CRITIQUE_HEADS=true.",
        ),
    ] = False,
) -> None:
    """Coach the interviewer: the seed's eight mistakes, counted, with better questions."""
    from callcontent.settings import load_settings

    learned = learned or load_settings().critique_heads
    kind = call_type_or_exit(call_type)
    transcript = load_or_exit(file, interviewer)
    result = critique_transcript(transcript, call_type=kind, heads=SHIPPED if learned else None)
    if as_json:
        sys.stdout.write(
            json.dumps(critique_payload(transcript, result), indent=2, ensure_ascii=False) + "\n"
        )
        return
    m = result.metrics
    out.print(
        f"[bold]{file}[/] · {result.call_type.replace('_', ' ')} call ({result.call_type_reason}) · "
        f"{transcript.format} · {len(transcript.turns)} turns · {transcript.words} words"
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
    top = top_findings(result.findings)
    findings = Table(title="The moments that matter most", show_lines=True)
    findings.add_column("turn", justify="right")
    findings.add_column("mistake")
    findings.add_column("what happened", ratio=3)
    findings.add_column("ask instead", ratio=3)
    for f in top:
        findings.add_row(
            "—" if f.turn is None else f"{f.turn}\n{format_timestamp(f.timestamp)}",
            MISTAKE_TITLES[f.mistake],
            f.evidence + (f"\n[dim]cost: {f.missed}[/]" if f.missed else ""),
            f.suggestion,
        )
    out.print(findings)
    for note in result.notes:
        out.print(f"[dim]Note: {note}[/]")
    rest = [f for f in result.findings if f not in top]
    if rest:
        counts = ", ".join(
            f"{MISTAKE_TITLES[m].lower()} ×{n}"
            for m in MISTAKES
            if (n := sum(1 for f in rest if f.mistake == m))
        )
        out.print(
            f"Also seen ({len(rest)}): {counts} — all listed with --json, in critique.md and the report."
        )
    out.print(f"[bold]Score: {result.score}/100[/]")


LibraryOpt = Annotated[
    Path | None,
    typer.Option(
        "--library",
        help="Library folder (default: the `library` setting, ~/.local/share/callcontent/library).",
    ),
]
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
    from callcontent.audio.asr_weights import speech_model_status
    from callcontent.earned import step_models
    from callcontent.llm.local_weights import local_model_status
    from callcontent.settings import load_settings

    settings = load_settings(model=model)
    data = settings.public_dict()
    data["steps"] = step_models(settings)
    data["local_model_status"] = local_model_status()
    data["speech_model_status"] = speech_model_status()
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
def doctor(
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """One tiny call to each configured model: reachable, the model it served, latency (exit 1 if any is down)."""
    from callcontent.llm.doctor import check_models
    from callcontent.settings import load_settings

    checks = check_models(load_settings(model=model))
    if as_json:
        sys.stdout.write(json.dumps([c.as_dict() for c in checks], indent=2) + "\n")
    elif not checks:
        out.print("No model is configured (--model none): nothing to check.")
    for check in [] if as_json else checks:
        who = f"{check.model} ({', '.join(check.roles)}) at {check.endpoint}"
        if check.ok:
            out.print(f"[green]ok[/]   {who}: served {check.served_model or '?'} in {check.latency_s:.2f} s")
        else:
            out.print(f"[red]down[/] {who}: {check.error}", soft_wrap=True)
    if any(not c.ok for c in checks):
        raise typer.Exit(1)


@app.command()
def run(
    file: Annotated[
        Path, typer.Argument(help="Transcript file, or a recording (transcribed offline first).")
    ],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: runs/<file stem>).")
    ] = None,
    model: ModelOpt = None,
    interviewer: InterviewerOpt = None,
    prompts: Annotated[Path | None, typer.Option("--prompts", help="Folder of prompt files to use.")] = None,
    library: LibraryOpt = None,
    call_type: CallTypeOpt = None,
    export: Annotated[
        str | None,
        typer.Option(
            "--export",
            help="Also export the drafts: docx, pdf and/or html, comma-separated (cleared runs only).",
        ),
    ] = None,
    pieces: Annotated[
        str | None,
        typer.Option(
            "--pieces",
            help="Write these pieces whatever the call supports: case_study, blog_post, testimonials, "
            "social_posts, approval_email, insight_memo (comma-separated). Default: what the call supports.",
        ),
    ] = None,
) -> None:
    """Interview in; coaching, verified quotes and reviewed drafts out (written atomically)."""
    from callcontent.result import kept_round_note, piece_written
    from callcontent.run import run_transcript, write_outputs
    from callcontent.settings import load_settings

    settings = load_settings(model=model, library=str(library) if library else None)
    kind = call_type_or_exit(call_type)
    load_or_exit(file, interviewer)  # bad input fails fast, before any model loads
    formats = export_formats_or_exit(export) if export else []
    requested = pieces_or_exit(pieces) if pieces else None
    target = out_dir or Path("runs") / file.stem
    try:
        check_output_dir(target)  # a bad --out costs nothing: refused before the work starts
    except OutputDirError as exc:
        raise fail(str(exc)) from None
    err.print(f"callcontent: running {file} with model [bold]{settings.model}[/] → {target}", highlight=False)

    def progress(node: str, elapsed: float) -> None:
        err.print(f"  ✓ {node:<9} {elapsed:7.1f}s", highlight=False)

    try:
        result = run_transcript(
            file,
            settings=settings,
            interviewers=interviewer,
            prompts_dir=prompts,
            library_path=settings.library,
            call_type=kind,
            pieces=requested,
            on_node=progress,
        )
    except TranscriptError as exc:
        raise fail(str(exc)) from None
    try:
        write_outputs(result, target)
    except (OutputDirError, OSError) as exc:
        raise fail(f"cannot write the run folder: {exc}") from None
    review = result["review"]
    for problem in result["errors"]:
        err.print(f"[yellow]callcontent: warning:[/] {problem}", highlight=False)
    removed = len(review.get("removed_by_code") or [])
    if result.get("status") == "degraded":
        status = f"[red]NOT cleared: the run is DEGRADED[/] ({len(result['errors'])} model step(s) failed)"
    elif not review.get("passed"):
        status = "[red]NOT cleared[/] — see the notes at the top of each draft"
        if review.get("kept_round"):
            status += f"; {kept_round_note(review)}"
    elif removed:
        # Passed only because code cut what it could not verify; say so, the cut is listed in each draft.
        status = (
            f"[yellow]passed once code removed {removed} unsupported sentence(s)[/] (listed in each draft)"
        )
    else:
        status = "[green]passed[/]"
    out.print(
        f"{len(result['quotes'])} verified quotes · critique score {result['critique']['score']}/100 · "
        f"review {status} · {review.get('rounds', 0)} review round(s) · {result['meta']['tokens']['calls']} LLM calls · "
        f"{result['meta']['wall_s']:.1f}s"
    )
    drafts = result["drafts"]
    pieces_written = [p for p in drafts.get("pieces", []) if p != "approval_email"]
    out.print(
        f"Wrote {target}/result.json, result.html, critique.md, quotes.md"
        + (f", drafts/ ({', '.join(pieces_written)})" if pieces_written else ", drafts/")
        + (", approval_email.md" if piece_written(drafts, "approval_email") else "")
    )
    if line := not_written_line_of(drafts):
        out.print(line + " (--pieces writes them anyway)", soft_wrap=True)
    steps = result["meta"].get("steps") or {}
    if steps:
        out.print("Steps: " + "; ".join(f"{step} by {who}" for step, who in steps.items()))
    skipped = result["meta"].get("skipped_steps") or {}
    if skipped:
        # Principle: a model step runs only where the eval showed it beating code alone; say which did not.
        out.print(
            f"Code only for {', '.join(skipped)}: the eval has not shown the {settings.model} model beating "
            "code alone there (reasons in result.json meta.skipped_steps; set e.g. CALLCONTENT_WRITER_LLM=on "
            "to run a step anyway)."
        )
    if formats:
        if review.get("passed") and result.get("status") != "degraded":
            export_or_exit(target, formats)
        else:
            # The run's own outcome (and exit code) stands; an uncleared draft is exported only on request.
            err.print(
                f"callcontent: not exported: review did not clear the drafts; `callcontent export {target} "
                "--allow-uncleared` exports them marked as such",
                highlight=False,
                soft_wrap=True,
            )
    if result.get("status") == "degraded":
        err.print(
            f"callcontent: degraded: {result['errors'][0]} — the drafts are fallbacks; re-run when the model "
            f"is back (exit {EXIT_DEGRADED})",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_DEGRADED)


def pieces_or_exit(value: str) -> list[str]:
    """The pieces `--pieces` names, or exit 2 naming the unknown one."""
    from callcontent.pieces import PIECES

    chosen = [p.strip().lower() for p in value.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PIECES]
    if unknown or not chosen:
        raise fail(f"--pieces: unknown {', '.join(unknown) or 'empty list'}: pieces are {', '.join(PIECES)}")
    return chosen


def not_written_line_of(drafts: dict[str, Any]) -> str:
    """What the run left out and why, from result.json's drafts."""
    from callcontent.pieces import not_written_line

    return not_written_line(drafts.get("content_kind", "success_story"), drafts.get("not_written") or {})


def export_formats_or_exit(value: str) -> list[str]:
    """The formats `--to`/`--export` names, or exit 2 naming the unknown one."""
    from callcontent.export import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise fail(
            f"--to/--export: unknown format {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}"
        )
    return formats


def export_or_exit(
    run_dir: Path, formats: list[str], pieces: list[str] | None = None, *, allow_uncleared: bool = False
) -> None:
    """Export the run's drafts, or exit 2 with the reason on one line."""
    from callcontent.export import PIECES, ExportError, export_run

    try:
        written = export_run(run_dir, formats, pieces or PIECES, allow_uncleared=allow_uncleared)
    except (ExportError, OSError) as exc:
        raise fail(str(exc)) from None
    out.print(
        f"Exported {len(written)} file(s) to {run_dir / 'export'}: {', '.join(p.name for p in written)}"
    )


@app.command()
def export(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `callcontent run`.")],
    to: Annotated[str, typer.Option("--to", help="docx, pdf and/or html, comma-separated.")] = "docx",
    pieces: Annotated[
        str | None,
        typer.Option(
            "--pieces", help="Which drafts: case_study, blog_post, testimonials, social_posts (default all)."
        ),
    ] = None,
    allow_uncleared: Annotated[
        bool,
        typer.Option(
            "--allow-uncleared", help="Export drafts review did not clear (each file says so on page one)."
        ),
    ] = False,
) -> None:
    """The run's drafts as Word, PDF or HTML files in RUN_DIR/export (review notes left out)."""
    chosen = [p.strip() for p in pieces.split(",") if p.strip()] if pieces else None
    export_or_exit(run_dir, export_formats_or_exit(to), chosen, allow_uncleared=allow_uncleared)


@app.command()
def prepare(
    customer: Annotated[
        str,
        typer.Option(
            "--customer", help='Who the call is with: "Name, Role, Company" (role, company optional).'
        ),
    ],
    notes: Annotated[Path | None, typer.Option("--notes", help="Your notes on the customer (text).")] = None,
    library: LibraryOpt = None,
    call_type: CallTypeOpt = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the guide here (Markdown) and beside it as .json.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the guide as JSON.")] = False,
) -> None:
    """Before the call: an interview guide of open questions along the story arc, consent and close lines."""
    import json

    from callcontent.prepare import (
        PrepareError,
        build_guide,
        guide_markdown,
        parse_customer,
        published_about,
        read_notes,
    )

    kind = call_type_or_exit(call_type) or "customer_story"
    try:
        who = parse_customer(customer)
        text = read_notes(notes)
        published: tuple[list[str], list[str]] = ([], [])
        if library is not None:
            published = published_about(_open_library(library), who)
        guide = build_guide(who, kind, notes=text, published=published)
    except PrepareError as exc:
        raise fail(str(exc)) from None
    markdown = guide_markdown(guide)
    payload = json.dumps({"generator": PREPARED_BY, **guide.as_json()}, indent=2, ensure_ascii=False) + "\n"
    if out_file is None:
        out.print(payload if as_json else markdown, markup=False, highlight=False, soft_wrap=True)
        return
    json_file = out_file.with_suffix(".json")
    ours = {out_file: _marked_by(out_file, MARK_PREPARED), json_file: _written_by(json_file, PREPARED_BY)}
    for target, written_here in ours.items():
        if target.exists() and not written_here:
            raise fail(
                f"--out {target}: exists and was not written by `callcontent prepare`; choose another name"
            )
    try:
        write_atomic(out_file, f"{MARK_PREPARED}\n{markdown}")
        write_atomic(json_file, payload)
    except OSError as exc:
        raise fail(f"--out {out_file}: cannot be written ({exc.strerror or exc})") from None
    out.print(f"Wrote {out_file} and {json_file}")


@app.command()
def watch(
    source: Annotated[
        Path | None,
        typer.Argument(
            help="A transcript file being written during the call (VTT, SRT, Otter/Zoom text), or a WAV "
            "file a recorder is writing."
        ),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option("--replay", help="Play a recording at real speed through offline transcription."),
    ] = None,
    speed: Annotated[
        float, typer.Option("--speed", min=0.25, max=20.0, help="Replay this many times real speed.")
    ] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line, for tools.")] = False,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", help="Where to write the transcript watch saw (default: SOURCE.watched.json)."
        ),
    ] = None,
    idle_exit: Annotated[
        float | None,
        typer.Option("--idle-exit", help="Stop when the source has not grown for this many seconds."),
    ] = None,
    interviewer: InterviewerOpt = None,
    call_type: CallTypeOpt = None,
    names: Annotated[
        str | None, typer.Option("--names", help='Audio: names in order of first words, "Jordan,Priya".')
    ] = None,
) -> None:
    """During the call: follow it live and say the seed's rescue lines at the moment they apply."""
    from callcontent.audio import looks_like_recording
    from callcontent.live.coach import LiveCoach, shipped_loudness
    from callcontent.live.sources import GrowingWav, LiveTranscriber, ReplayedRecording, TranscriptFile
    from callcontent.live.view import LiveView
    from callcontent.live.watch import GENERATOR, save_transcript, watch_audio, watch_transcript_file
    from callcontent.settings import load_settings

    if (source is None) == (replay is None):
        raise fail("watch: give a SOURCE file to follow, or --replay RECORDING (one of them)")
    path = source or replay
    assert path is not None
    if not path.is_file():
        raise fail(f"{path}: no such file")
    target = save or path.with_name(path.name + ".watched.json")
    if target.exists() and not _written_by(target, GENERATOR):
        raise fail(f"--save {target}: exists and was not written by `callcontent watch`; choose another name")
    coach = LiveCoach(shipped_loudness(), call_type=call_type_or_exit(call_type))
    view = LiveView(out, as_json=as_json)
    audio = replay is not None or looks_like_recording(path)
    try:
        if audio:
            settings = load_settings()
            given = [n.strip() for n in names.split(",") if n.strip()] if names else None
            feed = (
                ReplayedRecording(path, speed) if replay is not None else GrowingWav(path, idle_exit or 10.0)
            )
            transcriber = LiveTranscriber(feed, settings, names=given, interviewers=interviewer or [])
            view.status(f"loading the speech model for {path.name} …")
            transcriber.load()
            if isinstance(feed, ReplayedRecording):
                feed.start()
            view.status(f"watching {path.name} ({'replay' if replay else 'growing WAV'}); Ctrl-C ends")
            watched = watch_audio(feed, transcriber, coach, view.say)
        else:
            view.status(f"watching {path.name}; Ctrl-C ends")
            watched = watch_transcript_file(
                TranscriptFile(path, interviewer or []), coach, view.say, idle_exit_s=idle_exit
            )
    except TranscriptError as exc:
        raise fail(str(exc)) from None
    if watched.transcript is None:
        view.status(f"no conversation heard in {path.name}: nothing saved")
        return
    try:
        save_transcript(target, watched.transcript)
    except OSError as exc:
        raise fail(f"--save {target}: cannot be written ({exc.strerror or exc})") from None
    view.summary(watched, target)


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `callcontent run`.")],
    open_it: Annotated[bool, typer.Option("--open", help="Open the report in the default browser.")] = False,
) -> None:
    """Re-render result.html from the run's result.json (and open it)."""
    import webbrowser

    from callcontent.html_report import render_result_html
    from callcontent.result import ResultFileError, read_result

    source = run_dir / "result.json"
    try:
        result = read_result(source)
    except ResultFileError as exc:
        raise fail(str(exc)) from None
    target = run_dir / "result.html"
    try:
        page = render_result_html(result)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise fail(f"{source}: not a valid run result: {str(exc)[:200]}") from None
    write_atomic(target, page)
    out.print(f"Wrote {target}")
    if open_it and not webbrowser.open(target.resolve().as_uri()):
        err.print(f"callcontent: no browser to open; the report is at {target.resolve()}", highlight=False)


@app.command(name="eval")
def eval_command(
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Gold examples folder (default: evals/gold).")
    ] = None,
    prompts: Annotated[
        str | None, typer.Option("--prompts", help="Candidate prompts folder or git ref.")
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Baseline prompts folder or git ref (default: HEAD).")
    ] = "HEAD",
    model: ModelOpt = None,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Runs per example (LLM variance).")] = 1,
    out_dir: Annotated[Path, typer.Option("--out", help="Where eval.json, eval.md and eval.html go.")] = Path(
        "runs/eval"
    ),
    labelled: Annotated[
        Path | None,
        typer.Option(
            "--labelled",
            help="Real calls labelled turn by turn (default: ../shared/data/labelled where it exists).",
        ),
    ] = None,
) -> None:
    """Score the pipeline on gold examples; compare candidate prompts with a baseline; exit 1 on a regression."""
    from callcontent.evals.labelled import default_labelled_dir
    from callcontent.evals.report import eval_html, eval_markdown
    from callcontent.evals.runner import GOLD_DIR, evaluate, uses_llm
    from callcontent.settings import load_settings

    settings = load_settings(model=model)
    if not uses_llm(settings):
        baseline = None if baseline == "HEAD" else baseline  # without a model the prompts change nothing

    def progress(name: str, row: dict[str, Any]) -> None:
        err.print(
            f"  ✓ {name:<32} turn F1 {row['critique_turn_f1']:.2f} · {row['llm_calls']} calls · {row['wall_s']:.1f}s",
            highlight=False,
        )

    if labelled is not None and (not labelled.is_dir() or not any(labelled.glob("*.json"))):
        raise fail(f"--labelled {labelled}: not a folder of labelled calls (*.json)")
    labelled = labelled or default_labelled_dir()
    if labelled is None:
        err.print("callcontent: no labelled real calls found (../shared/data/labelled); gold set only")
    try:
        report_data = evaluate(
            gold or GOLD_DIR,
            prompts,
            baseline,
            settings,
            out_dir,
            repeat,
            on_example=progress,
            labelled_dir=labelled,
        )
    except ValueError as exc:
        raise fail(str(exc)) from None
    md = eval_markdown(report_data)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in (
        ("eval.json", json.dumps(report_data, indent=2, default=str) + "\n"),
        ("eval.md", md),
        ("eval.html", eval_html(report_data, md)),
    ):
        write_atomic(out_dir / name, content)
    out.print(md, markup=False, highlight=False)
    if not report_data["passed"]:
        raise typer.Exit(1)


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Transcript or recording files, folders or globs.")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Output folder (ledger, checkpoints, one folder per transcript).")
    ],
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="Transcripts in flight at once.")
    ] = 2,
    model: ModelOpt = None,
    interviewer: InterviewerOpt = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Run transcripts that failed before again.")
    ] = False,
    prompts: Annotated[Path | None, typer.Option("--prompts", help="Folder of prompt files to use.")] = None,
    library: LibraryOpt = None,
    openai_batch: Annotated[
        bool,
        typer.Option("--openai-batch", help="Send each stage's LLM requests as one OpenAI Batch API job."),
    ] = False,
    poll_s: Annotated[float, typer.Option("--poll", help="Seconds between Batch API status checks.")] = 30.0,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Dask scheduler address (tcp://host:8786): the jobs run on its workers, outputs land in "
            "--out (a folder every machine mounts at the same path); --concurrency is then the workers'.",
        ),
    ] = None,
) -> None:
    """Run many transcripts overnight: resumable after a crash, finished ones skipped, failures recorded."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from callcontent.batch import run_batch
    from callcontent.settings import load_settings
    from callcontent.store.library import default_library_path

    settings = load_settings(model=model)
    client = None
    if cluster:
        from callcontent.cluster import ClusterUnavailable, connect, run_cluster_batch

        if openai_batch:
            raise fail(
                "--cluster and --openai-batch do not go together: the Batch API runs the model calls", 2
            )
        try:
            client = connect(cluster)
        except ClusterUnavailable as exc:
            raise fail(str(exc), 2) from None
    counts = {"done": 0, "failed": 0}
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("done {task.fields[done]} · failed {task.fields[failed]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
    ) as progress:
        task = progress.add_task("transcripts", total=None, done=0, failed=0)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def advance(path: str, status: str) -> None:
            counts[status] += 1
            progress.update(task, advance=1, done=counts["done"], failed=counts["failed"])
            if status == "failed":
                progress.console.print(f"[yellow]failed:[/] {path}", highlight=False)

        shared: dict[str, Any] = {
            "retry_failed": retry_failed,
            "interviewers": interviewer,
            "prompts": prompts,
            "library_path": str(library or default_library_path()),
            "on_progress": advance,
            "on_start": started,
        }
        if client is not None:
            report = run_cluster_batch(inputs, out_dir, settings, client=client, **shared)
        else:
            report = run_batch(
                inputs,
                out_dir,
                settings,
                concurrency=concurrency,
                openai_batch=openai_batch,
                poll_s=poll_s,
                on_note=lambda note: progress.console.print(note, highlight=False),
                **shared,
            )
    out.print(
        f"{len(report.done)} done, {len(report.failed)} failed, {len(report.skipped)} skipped in {report.wall_s:.1f}s · "
        f"summary: {out_dir / 'summary.md'}"
    )
    for item in report.failed:
        err.print(f"  {item['error']}", highlight=False)
    degraded = [item for item in report.failed if "degraded:" in item.get("error", "")]
    if report.stopped:
        err.print(f"callcontent: batch stopped early: {report.stopped}", highlight=False)
    if degraded:
        err.print(
            f"callcontent: {len(degraded)} transcript(s) degraded by failed model steps; they are marked "
            f"retryable: run the same command again to retry them (exit {EXIT_DEGRADED})",
            highlight=False,
        )
        raise typer.Exit(EXIT_DEGRADED)


@app.command()
def worker(
    cluster: Annotated[str, typer.Option("--cluster", help="Dask scheduler address (tcp://host:8786).")],
    name: Annotated[str | None, typer.Option("--name", help="This worker's name in the ledger.")] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="Cores for this worker's speech and local models.")
    ] = 1,
) -> None:
    """Run jobs of `batch --cluster` on this machine: one job at a time; start one per core."""
    from callcontent.cluster import serve_worker

    try:
        serve_worker(cluster, name, threads)
    except ImportError:
        raise fail("the cluster extra is not installed (pip install 'callcontent[cluster]')", 2) from None
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


library_app = typer.Typer(
    help="The case-study library (Chroma): add, list, search, remove.", no_args_is_help=True
)
app.add_typer(library_app, name="library")


def _open_library(path: Path | None) -> Any:
    from callcontent.store.library import Library, LibraryError

    try:
        return Library(path)
    except LibraryError as exc:
        raise fail(str(exc), 2) from None
    except Exception as exc:
        raise fail(f"{path or 'library'}: cannot open the library ({type(exc).__name__}: {exc})", 1) from None


@library_app.command("add")
def library_add(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, folders or globs (Markdown, MDX, AsciiDoc, text, HTML).")
    ],
    library: LibraryOpt = None,
) -> None:
    """Add case studies; unchanged files are skipped, changed files replace their old chunks."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from callcontent.store.library import AddReport, expand_paths

    lib = _open_library(library)
    total = len(expand_paths(paths, AddReport()))
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("indexing", total=total)
        chunks = progress.add_task("chunks", total=None, visible=False)

        def on_chunks(done: int, of: int) -> None:
            # Only a long story gets its own bar: most stories are a handful of chunks.
            progress.update(chunks, completed=done, total=of, visible=of > 64 and done < of)

        report = lib.add_paths(paths, on_file=lambda _p: progress.advance(task), on_chunks=on_chunks)
    for path, problem in report.failed:
        err.print(f"[yellow]callcontent: skipped:[/] {path}: {problem}", highlight=False)
    for path, stored in report.duplicates:
        err.print(
            f"[yellow]callcontent: duplicate:[/] {path}: same text as {stored}, not added", highlight=False
        )
    out.print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.duplicates)} duplicate, {len(report.failed)} skipped · {report.chunks} chunks · "
        f"library {lib.location}"
    )
    if report.failed and not (report.added or report.replaced or report.unchanged or report.duplicates):
        raise typer.Exit(1)


@library_app.command("list")
def library_list(
    library: LibraryOpt = None, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """List the stories in the library."""
    docs = _open_library(library).documents()
    if as_json:
        sys.stdout.write(json.dumps(docs, indent=2) + "\n")
        return
    table = Table(title=f"{len(docs)} case studies", show_edge=False)
    for col in ("id", "title", "customer", "industry", "chunks"):
        table.add_column(col)
    for d in docs:
        table.add_row(
            d["doc_id"],
            str(d["title"]),
            str(d.get("customer") or ""),
            str(d.get("industry") or ""),
            str(d["chunks"]),
        )
    out.print(table)


@library_app.command("search")
def library_search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many stories (1-100).")] = 5,
    library: LibraryOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find the stories most similar to QUERY."""
    hits = _open_library(library).search(query, k=k)
    if as_json:
        sys.stdout.write(json.dumps(hits, indent=2) + "\n")
        return
    if not hits:
        out.print("No stories in the library yet: add some with `callcontent library add PATH`.")
    for i, h in enumerate(hits, 1):
        out.print(
            f"[bold]{i}. {h['title']}[/] ({h['score']:.2f}) · {h['doc_id']}\n   {h['excerpt']}",
            highlight=False,
        )


@library_app.command("remove")
def library_remove(
    ident: Annotated[str, typer.Argument(help="Story id (from `library list`) or source path.")],
    library: LibraryOpt = None,
) -> None:
    """Remove a story and all its chunks."""
    removed = _open_library(library).remove(ident)
    if not removed:
        raise fail(f"{ident}: no such story in the library", 1)
    out.print(f"Removed {ident} ({removed} chunks).")


@app.command()
def approve(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `callcontent run`.")],
    by: Annotated[str, typer.Option("--by", help="Who approved (the customer or their delegate).")],
    library: LibraryOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Approve a run whose review was not cleared (recorded as forced).")
    ] = False,
) -> None:
    """Record the customer's approval and add the approved case study to the library."""
    from callcontent.approval import ApprovalError, approve_run

    try:
        record = approve_run(run_dir, by, library, force=force)
    except ApprovalError as exc:
        raise fail(str(exc)) from None
    out.print(
        f"Approved by {record['approved_by']} at {record['approved_at']}; added to library {record['library']}."
    )


def main() -> None:
    """The `callcontent` command."""
    app()


if __name__ == "__main__":
    main()
