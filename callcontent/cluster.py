"""Batch past one machine: the same jobs on a Dask distributed cluster.

The machine that runs `callcontent batch --cluster ADDRESS` keeps the ledger and the summary in `--out`
(only it writes them: SQLite on a network share is not safe for several writers). Each transcript or
recording is one task, run by a worker (`callcontent worker --cluster ADDRESS`, or any `dask worker` with
callcontent installed): it transcribes, critiques, quotes and drafts, and writes the outputs atomically
into `--out`, a folder every machine mounts at the same path. A worker that dies mid-job has its task
rerun on another by the scheduler (`distributed.scheduler.allowed-failures`, 3 by default); a job that
fails is a result, not an exception, so a bad file is recorded failed once and never retried by the
engine.

The task carries the settings that shape the output and none of the worker's own: the API key, thread
count, local model path and cache folder are read on the worker, from its environment, so a secret never
travels in a task payload or appears in the scheduler's logs.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import uuid4

from callcontent.batch import (
    BatchReport,
    DegradedStreak,
    Job,
    JobOutcome,
    JobSpec,
    execute_job,
    mark_running,
    not_run,
    open_batch,
    record_outcome,
    write_summary,
)
from callcontent.settings import Settings, load_settings

WORKER_OWN_SETTINGS = ("openai_api_key", "local_threads", "local_log", "local_model", "cache_dir")
"""Settings that belong to the machine a job runs on, read there, never sent."""

CONNECT_TIMEOUT_S = 20


class ClusterUnavailable(Exception):
    """The scheduler at the address cannot be reached (or distributed is not installed)."""


def for_the_wire(settings: Settings) -> Settings:
    """The settings a task carries: the run's, with the machine's own (the API key above all) left out."""
    defaults = Settings(model=settings.model)
    return settings.model_copy(update={name: getattr(defaults, name) for name in WORKER_OWN_SETTINGS})


def run_on_worker(job: Job, spec: JobSpec) -> JobOutcome:
    """The task: one job on this worker, with this machine's own settings filled in."""
    from distributed import get_worker

    here = load_settings()
    settings = spec.settings.model_copy(update={name: getattr(here, name) for name in WORKER_OWN_SETTINGS})
    outcome = execute_job(job, replace(spec, settings=settings))
    return replace(outcome, ran_on=str(get_worker().name))


def _task_key(job: Job, run_id: str) -> str:
    # Readable in the scheduler's logs; unique per run, so a job from an earlier run still held by the
    # scheduler is never mistaken for this one.
    return f"callcontent-{job.path.stem}-{job.key}-{run_id}"


def _absolute(job: Job) -> Job:
    # Workers start in their own folders: the paths they get must not depend on this one's.
    return replace(job, path=job.path.absolute(), out_dir=job.out_dir.absolute())


def connect(address: str) -> Any:
    """A client of the scheduler at `address` (tcp://host:8786), or ClusterUnavailable in one line."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterUnavailable(
            "the cluster extra is not installed (pip install 'callcontent[cluster]')"
        ) from exc
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterUnavailable(
            f"{address}: no Dask scheduler answered ({type(exc).__name__}: {exc})"
        ) from exc


def _outcome_of(future: Any, job: Job) -> JobOutcome:
    """What a finished task says; a task the engine gave up on is left for the next run."""
    from distributed.scheduler import KilledWorker

    try:
        outcome: JobOutcome = future.result()
    except KilledWorker:
        return not_run(
            job, "the cluster's workers died running it (it is retried when the command runs again)"
        )
    except Exception as exc:  # the engine, not the transcript: a lost connection, a worker out of memory
        return not_run(job, f"the cluster could not run it ({type(exc).__name__}: {exc})")
    return outcome


def run_cluster_batch(
    inputs: list[str],
    out: Path,
    settings: Settings,
    *,
    client: Any,
    retry_failed: bool = False,
    interviewers: list[str] | None = None,
    prompts: Path | None = None,
    library_path: str | None = None,
    on_progress: Callable[[str, str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BatchReport:
    """`run_batch`'s contract (ledger, retries, summary) with the jobs run by `client`'s workers (see `connect`).

    The client is closed at the end.
    """
    from distributed import as_completed

    started = time.perf_counter()
    try:
        ledger, jobs, report = open_batch(inputs, out, settings, prompts, interviewers, retry_failed)
        if on_start:
            on_start(len(jobs))
        spec = JobSpec(
            for_the_wire(settings),
            interviewers,
            prompts.absolute() if prompts else None,
            str(Path(library_path).absolute()) if library_path else None,
        )
        run_id = uuid4().hex[:8]
        futures = {}
        for job in jobs:
            mark_running(ledger, job)
            future = client.submit(
                run_on_worker, _absolute(job), spec, key=_task_key(job, run_id), pure=False
            )
            futures[future] = job
        streak = DegradedStreak(settings.batch_stop_after)

        def finish(job: Job, outcome: JobOutcome) -> None:
            line = record_outcome(ledger, job, outcome)
            (report.done if line["status"] == "done" else report.failed).append(line)
            if on_progress:
                on_progress(line["path"], line["status"])
            report.stopped = report.stopped or streak.add(line)

        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            job = futures.pop(future)
            finish(job, _outcome_of(future, job))
            if report.stopped and futures:
                # The endpoint looks down: the jobs not finished yet are left for the next run.
                client.cancel(list(futures))
                for job in futures.values():
                    finish(job, not_run(job, report.stopped))
                break
    finally:
        client.close()
    report.wall_s = round(time.perf_counter() - started, 3)
    write_summary(report, out, settings, ledger)
    return report


def _warm_up() -> None:
    """Load what every job uses before joining, so that a job's time is its own work."""
    import callcontent.run  # noqa: F401  (the graph, the critique's heads, chromadb)
    from callcontent.store.minilm import shared_model

    shared_model()


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "CALLCONTENT_LOCAL_THREADS")
"""Read once, when numpy, CTranslate2 and llama.cpp load: a worker sets them before anything loads."""


def worker_command(address: str, threads: int, name: str | None = None) -> list[str]:
    """The command line that starts a worker for `address` with this interpreter."""
    named = ["--name", name] if name else []
    return [
        sys.executable,
        "-m",
        "callcontent.cli",
        "worker",
        "--cluster",
        address,
        "--threads",
        str(threads),
        *named,
    ]


def serve_worker(address: str, name: str | None, threads: int) -> None:
    """Run one worker process for `address` until the scheduler goes away or the process is stopped.

    One job at a time (transcription is CPU-bound: start one worker per core, or one per `threads`
    cores), its numeric libraries held to `threads` threads: two workers on two cores whose BLAS each
    started a thread per core took twice as long per code-only job (Dask's own nanny sets the same
    variables for the same reason).
    """
    wanted = {variable: str(threads) for variable in THREAD_VARIABLES}
    if any(os.environ.get(variable) != value for variable, value in wanted.items()):
        # numpy is loaded already (the CLI imports it) with a thread per core: start again, same process id.
        argv = worker_command(address, threads, name)
        os.execve(sys.executable, argv, {**os.environ, **wanted})
    import asyncio

    from distributed import Worker

    _warm_up()

    async def serve() -> None:
        async with Worker(address, nthreads=1, name=name, death_timeout=CONNECT_TIMEOUT_S) as worker:
            await worker.finished()

    asyncio.run(serve())
