"""`callcontent batch --cluster` throughput: 1 against 2 worker processes on the same 12 calls.

Two workloads, code only (`--model none`, so the engine's work is the pipeline itself):
- transcripts: 12 text transcripts (critique, quotes, drafts, review);
- recordings: 12 two-voice recordings voiced with espeak-ng, transcribed offline on the workers.
Each configuration gets a fresh local Dask cluster and a fresh transcript cache (the speech model's
weights are shared), so nothing is reused between them. Workers run one job at a time with one thread
each; "1 worker, 2 threads" is one process with both cores, for comparison.
Overhead per job: the batch's wall time less the command's fixed start (the same command run again,
finding everything done) and less the jobs' own time (the ledger's wall_s, shared among the workers),
per job; and the engine's own round trip for an empty task.
Run: `python -m bench.bench_cluster [transcripts|recordings ...]` (about 10 minutes on 2 cores).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from callcontent.settings import load_settings
from tests.support.batch_inputs import distinct_transcripts
from tests.support.local_cluster import Cluster, local_cluster
from tests.support.synthetic_call import RATE, synthesise, write_wav

CALLS = 12
CONFIGS = [("1 worker", 1, 1), ("2 workers", 2, 1), ("1 worker, 2 threads", 1, 2)]


def recordings(folder: Path) -> Path:
    """Twelve recordings of the synthetic call, each with its own length of closing silence (own bytes)."""
    folder.mkdir(parents=True)
    call = synthesise()
    for n in range(CALLS):
        tail = np.zeros(RATE * n // 10, dtype=np.float32)
        write_wav(folder / f"call_{n:02d}.wav", [np.concatenate([c, tail]) for c in call.channels])
    return folder


def _fresh_cache(folder: Path) -> Path:
    """An empty cache that shares the assembled model weights (no transcript is found there)."""
    folder.mkdir(parents=True)
    models = Path(load_settings().cache_dir) / "models"
    if models.exists():
        (folder / "models").symlink_to(models)
    return folder


def _ledger_seconds(out: Path) -> list[float]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        return [r[0] for r in db.execute("SELECT wall_s FROM jobs WHERE status = 'done'")]


def _empty_task_round_trip(cluster: Cluster, tasks: int = 200) -> float:
    from distributed import Client

    with Client(cluster.address, timeout=30) as client:  # type: ignore[no-untyped-call]
        client.gather(client.map(int, range(20), pure=False))  # warm
        t0 = time.perf_counter()
        client.gather(client.map(int, range(tasks), pure=False))
        return (time.perf_counter() - t0) / tasks


def measure(inputs: Path, work: Path, workers: int, threads: int) -> dict[str, Any]:
    """One batch of `inputs` on a fresh cluster of `workers` processes with `threads` threads each."""
    env = {**os.environ, "CALLCONTENT_CACHE_DIR": str(_fresh_cache(work / "cache"))}
    names = [f"w{i + 1}" for i in range(workers)]
    with local_cluster(work / "cluster", names, env, threads=threads) as cluster:
        out = work / "out"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "callcontent.cli", "batch", str(inputs), "--out", str(out), "--model", "none",
             "--library", str(work / "no-library"), "--cluster", cluster.address],
            capture_output=True, text=True, env=env, timeout=3600,
        )  # fmt: skip
        wall = time.perf_counter() - t0
        if proc.returncode != 0 or f"{CALLS} done" not in proc.stdout:
            raise RuntimeError(f"batch failed: {proc.stdout}\n{proc.stderr}")
        jobs = _ledger_seconds(out)
        t0 = time.perf_counter()  # the same command again: starts, connects, finds everything done
        subprocess.run(proc.args, capture_output=True, env=env, timeout=600, check=True)
        fixed = time.perf_counter() - t0
        round_trip = _empty_task_round_trip(cluster)
    return {
        "wall_s": round(wall, 2),
        "jobs_s": round(sum(jobs), 2),
        "command_start_s": round(fixed, 2),
        "overhead_per_job_s": round((wall - fixed - sum(jobs) / workers) / CALLS, 3),
        "empty_task_round_trip_ms": round(round_trip * 1000, 2),
    }


def main(workloads: list[str]) -> dict[str, Any]:
    """Every workload at each configuration; the speedup of 2 workers over 1."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for workload in workloads:
            folder = root / workload / "in"
            inputs = distinct_transcripts(folder, CALLS) if workload == "transcripts" else recordings(folder)
            runs = {
                label: measure(inputs, root / workload / label.replace(" ", "_").replace(",", ""), n, threads)
                for label, n, threads in CONFIGS
            }
            runs["speedup_2_workers_over_1"] = round(
                runs["1 worker"]["wall_s"] / runs["2 workers"]["wall_s"], 2
            )
            results[workload] = runs
            print(workload, json.dumps(runs, indent=2), flush=True)
    return results


if __name__ == "__main__":
    main(sys.argv[1:] or ["transcripts", "recordings"])
