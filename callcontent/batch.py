"""Batch runs over many transcripts: resumable, bounded concurrency, one bad file never stops the night.

The ledger (SQLite, in the output folder) keys each transcript by its content hash and a fingerprint of
everything that shapes the result (models, prompts, options). LangGraph checkpoints (SqliteSaver) keep
each transcript's graph state, so a run killed with `kill -9` resumes mid-graph without redoing
finished nodes: the thread is continued with `invoke(None, config)`.
"""

from __future__ import annotations

import glob
import hashlib
import json
import resource
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callcontent.agents.context import PROMPT_NAMES
from callcontent.audio.recording import SpeechToTextUnavailable, looks_like_recording
from callcontent.earned import code_only_steps
from callcontent.errors import TranscriptError
from callcontent.files import write_atomic
from callcontent.prompts import load_prompt, prompts_dir
from callcontent.settings import ROLES, Settings

TRANSCRIPT_SUFFIXES = {".txt", ".vtt", ".srt", ".md", ".json", ".markdown", ".docx", ".pdf"}

# USD per 1M tokens (input, output) for the estimate in the summary; local runs cost nothing.
PRICES = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
}


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Files, folders (recursively, transcript-like suffixes) and globs, expanded.

    A name that matches nothing is kept, so that it is reported as a failed transcript instead of
    vanishing.
    """
    files: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and (f.suffix.lower() in TRANSCRIPT_SUFFIXES or looks_like_recording(f))
            )
            # A recording and the transcript `callcontent transcribe` wrote beside it are one call.
            files += [
                f
                for f in found
                if not (f.name.endswith(".transcript.json") and f.with_suffix("").with_suffix("") in found)
            ]
        elif p.exists() or not any(c in raw for c in "*?["):
            files.append(p)
        else:
            files += sorted(Path(m) for m in glob.glob(raw, recursive=True) if Path(m).is_file())
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def settings_fingerprint(settings: Settings, prompts: Path | None, interviewers: list[str]) -> str:
    """A hash of everything that changes a run's output, so a changed setting re-runs finished transcripts."""
    shaping = {
        "roles": {r: settings.model_for(r) for r in ROLES},
        "base_url": settings.openai_base_url,
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "critique_full_transcript": settings.critique_full_transcript,
        "prompts": {n: load_prompt(n, prompts).text for n in PROMPT_NAMES},
        "interviewers": sorted(interviewers),
    }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]


MAX_BATCH_STAGES = 12  # critique/quotes, write, review, up to two revisions, and re-asks


class Ledger:
    """pending / running / done / failed per transcript; safe to share between worker threads."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the ledger database at `path`."""
        self._lock = threading.Lock()
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            """CREATE TABLE IF NOT EXISTS jobs (
                key TEXT PRIMARY KEY, path TEXT, content_hash TEXT, fingerprint TEXT, status TEXT,
                error TEXT, out_dir TEXT, attempts INTEGER DEFAULT 0, started_at REAL, finished_at REAL,
                wall_s REAL, calls INTEGER, input_tokens INTEGER, output_tokens INTEGER, model TEXT,
                ran_on TEXT)"""
        )
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(jobs)")}
        if "ran_on" not in columns:  # a ledger written before batches ran on clusters
            self.db.execute("ALTER TABLE jobs ADD COLUMN ran_on TEXT")

    def open_batch(self, batch_id: str, requests: int) -> None:
        """Record an OpenAI Batch job as submitted and not yet collected."""
        with self._lock:
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS openai_batches (id TEXT PRIMARY KEY, requests INTEGER, submitted_at REAL,"
                " collected_at REAL, counts TEXT)"
            )
            self.db.execute(
                "INSERT INTO openai_batches VALUES (?, ?, ?, NULL, NULL)", (batch_id, requests, time.time())
            )

    def open_batches(self) -> list[str]:
        """The OpenAI Batch jobs submitted and not yet collected (a killed run's, to collect, not resubmit)."""
        with self._lock:
            try:
                rows = self.db.execute("SELECT id FROM openai_batches WHERE collected_at IS NULL").fetchall()
            except sqlite3.OperationalError:
                return []
        return [r[0] for r in rows]

    def close_batch(self, batch_id: str, counts: dict[str, int]) -> None:
        """Record a Batch job's replies as collected, with their counts."""
        with self._lock:
            self.db.execute(
                "UPDATE openai_batches SET collected_at = ?, counts = ? WHERE id = ?",
                (time.time(), json.dumps(counts), batch_id),
            )

    def get(self, key: str) -> dict[str, Any] | None:
        """The ledger row of one transcript job, or None."""
        with self._lock:
            cur = self.db.execute("SELECT * FROM jobs WHERE key = ?", (key,))
            row = cur.fetchone()
            return dict(zip([c[0] for c in cur.description], row, strict=True)) if row else None

    def upsert(self, key: str, **values: Any) -> None:
        """Insert or update the row of one job with `values`."""
        with self._lock:
            if self.db.execute("SELECT 1 FROM jobs WHERE key = ?", (key,)).fetchone():
                sets = ", ".join(f"{k} = ?" for k in values)
                self.db.execute(f"UPDATE jobs SET {sets} WHERE key = ?", (*values.values(), key))
            else:
                cols = ", ".join(["key", *values])
                marks = ", ".join("?" for _ in range(len(values) + 1))
                self.db.execute(f"INSERT INTO jobs ({cols}) VALUES ({marks})", (key, *values.values()))

    def all(self) -> list[dict[str, Any]]:
        """Every job row, by path."""
        with self._lock:
            cur = self.db.execute("SELECT * FROM jobs ORDER BY path")
            names = [c[0] for c in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


@dataclass
class Job:
    """One transcript to run: where it is, its ledger key, and where its outputs go."""

    path: Path
    key: str
    content_hash: str
    out_dir: Path
    resume: bool = False


@dataclass
class BatchReport:
    """What a batch did: done, failed and skipped transcripts, and what it cost."""

    done: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    wall_s: float = 0.0
    stopped: str | None = None
    """Why the batch stopped early (consecutive degraded transcripts: the endpoint seems down)."""
    peak_rss_mb: float = 0.0


def _content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"


def plan_jobs(
    files: list[Path], out: Path, ledger: Ledger, fingerprint: str, retry_failed: bool
) -> tuple[list[Job], list[dict[str, Any]]]:
    """The jobs to run now and the files skipped (already done, or failed without --retry-failed)."""
    jobs, skipped = [], []
    for path in files:
        try:
            content_hash = _content_hash(path)
        except OSError as exc:
            content_hash = f"unreadable-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"
            ledger.upsert(
                f"{content_hash}:{fingerprint}",
                path=str(path),
                content_hash=content_hash,
                fingerprint=fingerprint,
                status="failed",
                error=f"{path}: cannot be read ({exc})",
            )
            continue
        key = f"{content_hash}:{fingerprint}"
        row = ledger.get(key)
        out_dir = out / f"{path.stem}-{content_hash[:8]}"
        if row and row["status"] == "done" and (out_dir / "result.json").exists():
            skipped.append({"path": str(path), "reason": "already done"})
            continue
        if row and row["status"] == "failed" and not retry_failed:
            skipped.append(
                {"path": str(path), "reason": f"failed before: {row['error']} (use --retry-failed)"}
            )
            continue
        jobs.append(Job(path, key, content_hash, out_dir, resume=bool(row and row["status"] == "running")))
        if not row:
            ledger.upsert(
                key,
                path=str(path),
                content_hash=content_hash,
                fingerprint=fingerprint,
                status="pending",
                out_dir=str(out_dir),
            )
    return jobs, skipped


@dataclass(frozen=True)
class JobSpec:
    """What every job of a batch shares: the settings that shape its output and where its inputs are."""

    settings: Settings
    interviewers: list[str] | None
    prompts: Path | None
    library_path: str | None


@dataclass(frozen=True)
class JobOutcome:
    """How one job ended, as the machine that ran it saw it (the ledger is written from this)."""

    status: str
    """done, failed (bad input or a broken transcript: not retried), retryable (a model step or the
    transcriber failed, or the job was never run), waiting (an OpenAI Batch reply is pending)."""
    problem: str | None = None
    """Why it did not finish, for the ledger."""
    message: str | None = None
    """The same with the file's name, for the user."""
    wall_s: float = 0.0
    tokens: dict[str, int] = field(default_factory=dict)
    model: str = ""
    review_passed: bool | None = None
    ran_on: str | None = None
    """The cluster worker that ran it (None: this process)."""


def mark_running(ledger: Ledger, job: Job) -> dict[str, Any]:
    """Record that a job starts (one more attempt); returns its ledger row as it was before."""
    row = ledger.get(job.key) or {}
    ledger.upsert(
        job.key,
        status="running",
        started_at=time.time(),
        attempts=(row.get("attempts") or 0) + 1,
        out_dir=str(job.out_dir),
    )
    return row


def not_run(job: Job, why: str) -> JobOutcome:
    """A job left for the next run (the endpoint looks down, or the cluster gave up on it)."""
    problem = f"not run: {why}"
    return JobOutcome("retryable", problem, f"{job.path}: degraded: {problem}")


def execute_job(
    job: Job,
    spec: JobSpec,
    *,
    checkpointer: Any = None,
    resume: bool = False,
    cache: Any = None,
    collector: Any = None,
) -> JobOutcome:
    """Run one transcript (or recording) and write its outputs atomically; never raises for a bad job."""
    from callcontent.llm.replies import AwaitingBatch
    from callcontent.run import run_transcript, write_outputs

    t0 = time.perf_counter()
    try:
        result = run_transcript(
            job.path,
            settings=spec.settings,
            interviewers=spec.interviewers,
            prompts_dir=spec.prompts,
            library_path=spec.library_path,
            checkpointer=checkpointer,
            thread_id=job.key,
            resume=resume,
            cache=cache,
            collector=collector,
        )
        write_outputs(result, job.out_dir)
    except AwaitingBatch:
        return JobOutcome("waiting")
    except TranscriptError as exc:
        return JobOutcome("failed", exc.problem, str(exc))
    except SpeechToTextUnavailable as exc:  # the transcriber, not the recording: retried next run
        return JobOutcome("retryable", str(exc), f"{job.path}: {exc}")
    except Exception as exc:  # one broken transcript never stops the batch
        problem = f"{type(exc).__name__}: {exc}"
        return JobOutcome("failed", problem, f"{job.path}: {problem}")
    wall = round(time.perf_counter() - t0, 3)
    if result.get("status") == "degraded":
        # A model step failed (an outage, a timeout): the outputs are fallbacks. Recorded as retryable, so a
        # plain re-run or --retry-failed runs it again instead of counting it done.
        problem = "degraded: " + "; ".join(result["errors"])[:500]
        return JobOutcome("retryable", problem, f"{job.path}: {problem}", wall)
    tokens = result["meta"]["tokens"]
    return JobOutcome(
        "done",
        wall_s=wall,
        tokens={k: tokens[k] for k in ("calls", "input_tokens", "output_tokens")},
        model=str(result["meta"]["model"]),
        review_passed=result["review"].get("passed"),
    )


def record_outcome(ledger: Ledger, job: Job, outcome: JobOutcome) -> dict[str, Any]:
    """Write a job's outcome to the ledger; returns the report's line for it (status done/failed/waiting)."""
    path = str(job.path)
    if outcome.status == "waiting":
        ledger.upsert(job.key, status="waiting_batch")
        return {"path": path, "status": "waiting"}
    if outcome.status != "done":
        ledger.upsert(
            job.key,
            status=outcome.status,
            error=outcome.problem,
            finished_at=time.time(),
            ran_on=outcome.ran_on,
        )
        return {"path": path, "status": "failed", "error": outcome.message}
    ledger.upsert(
        job.key,
        status="done",
        error=None,
        finished_at=time.time(),
        wall_s=outcome.wall_s,
        model=outcome.model,
        ran_on=outcome.ran_on,
        **outcome.tokens,
    )
    return {
        "path": path,
        "status": "done",
        "wall_s": outcome.wall_s,
        "out_dir": str(job.out_dir),
        **outcome.tokens,
        "review_passed": outcome.review_passed,
    }


def open_batch(
    inputs: list[str],
    out: Path,
    settings: Settings,
    prompts: Path | None,
    interviewers: list[str] | None,
    retry_failed: bool,
) -> tuple[Ledger, list[Job], BatchReport]:
    """The output folder's ledger, the jobs to run now, and a report holding the files skipped."""
    out.mkdir(parents=True, exist_ok=True)
    ledger = Ledger(out / "ledger.sqlite")
    fingerprint = settings_fingerprint(settings, prompts or prompts_dir(), interviewers or [])
    jobs, skipped = plan_jobs(expand_inputs(inputs), out, ledger, fingerprint, retry_failed)
    return ledger, jobs, BatchReport(skipped=skipped)


class DegradedStreak:
    """Counts transcripts in a row that failed at the model: that many mean the endpoint is down."""

    def __init__(self, limit: int) -> None:
        """`limit` in a row stops the batch (0: never)."""
        self.limit = limit
        self.count = 0

    def add(self, line: dict[str, Any]) -> str | None:
        """Count one finished job's report line; returns why the batch stops, once the streak is long enough."""
        self.count = self.count + 1 if "degraded:" in (line.get("error") or "") else 0
        if self.limit and self.count >= self.limit:
            return (
                f"{self.limit} transcript(s) in a row failed at the model (the endpoint seems down); "
                "run the same command again to resume"
            )
        return None


def run_batch(
    inputs: list[str],
    out: Path,
    settings: Settings,
    *,
    concurrency: int = 2,
    retry_failed: bool = False,
    interviewers: list[str] | None = None,
    prompts: Path | None = None,
    library_path: str | None = None,
    on_progress: Callable[[str, str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    openai_batch: bool = False,
    poll_s: float = 30.0,
    on_note: Callable[[str], None] | None = None,
) -> BatchReport:
    """Run every transcript under `inputs` into `out`, resumably; returns what was done and what failed."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    from callcontent.llm.replies import BatchCollector, LLMCache

    started = time.perf_counter()
    ledger, jobs, report = open_batch(inputs, out, settings, prompts, interviewers, retry_failed)
    if on_start:
        on_start(len(jobs))
    saver_conn = sqlite3.connect(str(out / "checkpoints.sqlite"), check_same_thread=False)
    checkpointer = SqliteSaver(saver_conn)
    lock = threading.Lock()
    cache = LLMCache(out / "batch-replies.sqlite") if openai_batch else None
    collector = BatchCollector() if openai_batch else None

    streak = DegradedStreak(settings.batch_stop_after)
    spec = JobSpec(settings, interviewers, prompts, library_path)

    def work(job: Job) -> dict[str, Any]:
        line = run_job(job)
        if line["status"] != "waiting":
            with lock:  # in the worker, so the next job sees the stop before it starts
                report.stopped = report.stopped or streak.add(line)
        return line

    def run_job(job: Job) -> dict[str, Any]:
        if report.stopped:
            return record_outcome(ledger, job, not_run(job, report.stopped))
        before = mark_running(ledger, job)
        if before.get("status") in ("retryable", "failed"):
            # A retry starts over: the old thread finished with failed steps (and its errors would carry on).
            checkpointer.delete_thread(job.key)
        outcome = execute_job(
            job,
            spec,
            checkpointer=checkpointer,
            resume=_has_checkpoint(checkpointer, job.key) if (job.resume or openai_batch) else False,
            cache=cache,
            collector=collector,
        )
        return record_outcome(ledger, job, outcome)

    def run_stage(stage_jobs: list[Job]) -> list[Job]:
        waiting: list[Job] = []
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            futures = {pool.submit(work, job): job for job in stage_jobs}
            for future in as_completed(futures):
                outcome = future.result()
                if outcome["status"] == "waiting":
                    waiting.append(futures[future])
                    continue
                with lock:
                    (report.done if outcome["status"] == "done" else report.failed).append(outcome)
                if on_progress:
                    on_progress(outcome["path"], outcome["status"])
        return waiting

    if not openai_batch:
        run_stage(jobs)
    else:
        assert cache is not None and collector is not None
        from callcontent.openai_batch import openai_client, submit, wait_and_collect

        client = openai_client(settings)
        # A job submitted by a run that was killed is collected, not paid for twice.
        for batch_id in ledger.open_batches():
            counts = wait_and_collect(client, batch_id, cache, poll_s=poll_s)
            ledger.close_batch(batch_id, counts)
        pending = [job for job in jobs]
        for _stage in range(MAX_BATCH_STAGES):
            pending = run_stage(pending)
            requests = collector.take()
            if not pending or not requests:
                break
            batch_id = submit(client, requests)
            ledger.open_batch(batch_id, len(requests))
            if on_note:
                on_note(f"batch {batch_id}: {len(requests)} requests for {len(pending)} transcripts")
            counts = wait_and_collect(client, batch_id, cache, poll_s=poll_s)
            ledger.close_batch(batch_id, counts)
        for job in pending:  # stages exhausted: record, do not loop forever
            message = f"still waiting for model replies after {MAX_BATCH_STAGES} batch stages"
            ledger.upsert(job.key, status="failed", error=message, finished_at=time.time())
            report.failed.append(
                {"path": str(job.path), "status": "failed", "error": f"{job.path}: {message}"}
            )
    saver_conn.close()
    report.wall_s = round(time.perf_counter() - started, 3)
    report.peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    write_summary(report, out, settings, ledger)
    return report


def _has_checkpoint(checkpointer: Any, thread_id: str) -> bool:
    return checkpointer.get_tuple({"configurable": {"thread_id": thread_id}}) is not None


def estimated_cost(settings: Settings, input_tokens: int, output_tokens: int) -> float | None:
    """The writer model's estimated cost in dollars (0 for local, None for an unknown price)."""
    name = settings.model_for("writer").split(":", 1)[-1]
    if settings.model_for("writer") in ("local", "none"):
        return 0.0
    price = PRICES.get(name)
    if price is None:
        return None
    return round(input_tokens / 1e6 * price[0] + output_tokens / 1e6 * price[1], 4)


def write_summary(report: BatchReport, out: Path, settings: Settings, ledger: Ledger) -> None:
    """Write summary.json: counts, failures, tokens, cost, and whether the batch stopped early."""
    rows = ledger.all()
    done = [r for r in rows if r["status"] == "done"]
    failed = [r for r in rows if r["status"] == "failed"]
    tokens_in = sum(r["input_tokens"] or 0 for r in done)
    tokens_out = sum(r["output_tokens"] or 0 for r in done)
    slowest = sorted(done, key=lambda r: r["wall_s"] or 0, reverse=True)[:5]
    calls = sum(r["calls"] or 0 for r in done)
    cost = estimated_cost(settings, tokens_in, tokens_out)
    summary: dict[str, Any] = {
        "done": len(done),
        "failed": [{"path": r["path"], "error": r["error"]} for r in failed],
        "skipped_this_run": report.skipped,
        "done_this_run": len(report.done),
        "failed_this_run": len(report.failed),
        "stopped_early": report.stopped,
        "tokens": {"input": tokens_in, "output": tokens_out, "calls": calls},
        "estimated_cost_usd": cost,
        "wall_s_this_run": report.wall_s,
        "peak_rss_mb": report.peak_rss_mb,
        "slowest": [{"path": r["path"], "wall_s": r["wall_s"]} for r in slowest],
        "model": settings.model,
        "code_only_steps": code_only_steps(settings),
    }
    lines = [
        "# Batch summary",
        "",
        f"- done: {summary['done']} (this run: {summary['done_this_run']})",
        f"- failed: {len(failed)} (this run: {summary['failed_this_run']})",
        f"- skipped this run: {len(report.skipped)}",
        f"- tokens: {tokens_in} in, {tokens_out} out, {calls} calls",
        f"- estimated cost: {'unknown for this model' if cost is None else f'${cost:.4f}'}",
        f"- wall time this run: {report.wall_s:.1f} s · peak memory {report.peak_rss_mb} MB",
        *(
            [
                f"- code only for {', '.join(summary['code_only_steps'])}: the eval has not shown {settings.model!r} "
                "beating code alone there (why: summary.json → code_only_steps)"
            ]
            if summary["code_only_steps"]
            else []
        ),
        "",
        "## Failed",
        "",
        *([f"- {r['path']}: {r['error']}" for r in failed] or ["None."]),
        "",
        "## Slowest",
        "",
        *([f"- {r['path']}: {r['wall_s']:.1f} s" for r in slowest] or ["None."]),
    ]
    for name, content in (
        ("summary.json", json.dumps(summary, indent=2) + "\n"),
        ("summary.md", "\n".join(lines) + "\n"),
    ):
        write_atomic(out / name, content)
