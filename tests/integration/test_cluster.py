"""`callcontent batch --cluster` on a real Dask cluster.

A scheduler and two `callcontent worker` processes on loopback, started and stopped by the tests, against
the fake OpenAI-compatible server.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import cli
from tests.support.batch_inputs import CALLS_PER_TRANSCRIPT, SAMPLE, batch_env, distinct_transcripts
from tests.support.fake_openai import FakeOpenAI, pipeline_responder
from tests.support.local_cluster import Cluster, local_cluster

pytest.importorskip("distributed", reason="the cluster extra is not installed")

TRANSCRIPTS = 12
SECRET = "sk-test-fake-0123456789"  # FakeOpenAI.cli_env's key: it must reach the endpoint, never the engine


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(responder=pipeline_responder)
    yield fake
    fake.close()


@pytest.fixture
def cluster(tmp_path: Path, server: FakeOpenAI) -> Iterator[Cluster]:
    with local_cluster(tmp_path / "cluster", ["w1", "w2"], batch_env(server)) as running:
        yield running


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Twelve distinct transcripts, and a binary file posing as one."""
    folder = distinct_transcripts(tmp_path / "in", TRANSCRIPTS)
    (folder / "zz_corrupt.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 50)
    return folder


def _batch(cluster: Cluster, server: FakeOpenAI, inputs: Path, out: Path) -> subprocess.Popen[str]:
    args = [
        sys.executable, "-m", "callcontent.cli", "batch", str(inputs), "--out", str(out),
        "--model", "openai:fake-model", "--library", str(out.parent / "no-library"), "--cluster", cluster.address,
    ]  # fmt: skip
    return subprocess.Popen(
        args, env=batch_env(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _rows(out: Path) -> dict[str, dict[str, object]]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        db.row_factory = sqlite3.Row
        return {Path(r["path"]).name: dict(r) for r in db.execute("SELECT * FROM jobs")}


def _results(out: Path) -> list[Path]:
    return sorted(out.glob("*/result.json"))


def test_twelve_transcripts_each_done_once_a_bad_file_failed_once_and_a_rerun_does_nothing(
    tmp_path: Path, cluster: Cluster, server: FakeOpenAI, inputs: Path
) -> None:
    out = tmp_path / "out"
    stdout, stderr = _batch(cluster, server, inputs, out).communicate(timeout=600)
    assert "12 done, 1 failed, 0 skipped" in stdout, stderr
    rows = _rows(out)
    done = {name: r for name, r in rows.items() if r["status"] == "done"}
    assert len(done) == TRANSCRIPTS and all(r["attempts"] == 1 for r in done.values())
    assert {r["ran_on"] for r in done.values()} == {"w1", "w2"}  # both workers took jobs
    assert len(_results(out)) == TRANSCRIPTS
    # Exactly once: each transcript's model calls were made once, no job was run twice.
    assert len(server.requests) == CALLS_PER_TRANSCRIPT * TRANSCRIPTS
    corrupt = rows["zz_corrupt.txt"]
    assert corrupt["status"] == "failed" and corrupt["attempts"] == 1 and "binary" in str(corrupt["error"])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["done"] == TRANSCRIPTS and [f["path"] for f in summary["failed"]] == [
        str(inputs / "zz_corrupt.txt")
    ]
    # The key came from each worker's own environment: it reached the endpoint, not the engine's logs.
    assert {h.get("authorization") for h in server.headers} == {f"Bearer {SECRET}"}
    assert SECRET not in cluster.log_text()

    requests = len(server.requests)
    again, again_err = _batch(cluster, server, inputs, out).communicate(timeout=300)
    assert "0 done, 0 failed, 13 skipped" in again, again_err
    assert len(server.requests) == requests and _rows(out) == rows


def _done_so_far(out: Path) -> int:
    """Jobs the ledger has recorded done, while the batch may still be creating the ledger (none yet)."""
    try:
        return sum(1 for r in _rows(out).values() if r["status"] == "done") if out.exists() else 0
    except sqlite3.OperationalError:  # the ledger file exists, its table not yet
        return 0


def test_a_worker_killed_mid_job_has_its_jobs_rerun_on_the_other_exactly_once(
    tmp_path: Path, cluster: Cluster, server: FakeOpenAI, inputs: Path
) -> None:
    from distributed import Client

    (inputs / "zz_corrupt.txt").unlink()
    server.delay = 0.4  # each job takes a second or so: long enough to be caught mid-way
    out = tmp_path / "out"
    batch = _batch(cluster, server, inputs, out)
    held: list[str] = []
    with Client(cluster.address, timeout=30) as client:  # type: ignore[no-untyped-call]
        names = {addr: w["name"] for addr, w in client.scheduler_info()["workers"].items()}
        deadline = time.monotonic() + 300
        while not held and time.monotonic() < deadline:
            finished = _done_so_far(out)
            if finished >= 2:  # mid-run: both workers have started, some jobs are left
                held = [
                    key for addr, keys in client.processing().items() if names[addr] == "w1" for key in keys
                ]
            time.sleep(0.05)
    assert held, "w1 was never seen holding a job"
    os.kill(cluster.workers["w1"].pid, signal.SIGKILL)
    stdout, stderr = batch.communicate(timeout=600)
    assert f"{TRANSCRIPTS} done, 0 failed" in stdout, stderr
    rows = _rows(out)
    assert all(r["status"] == "done" and r["attempts"] == 1 for r in rows.values())
    assert len(_results(out)) == TRANSCRIPTS
    rerun = [name for name, r in rows.items() if any(str(r["key"]) in key for key in held)]
    assert rerun and all(rows[name]["ran_on"] == "w2" for name in rerun)
    # Every job's last call (the review) was made once, except where w1 died after making it.
    assert (
        CALLS_PER_TRANSCRIPT * TRANSCRIPTS
        <= len(server.requests)
        <= CALLS_PER_TRANSCRIPT * (TRANSCRIPTS + len(held))
    )


def test_the_task_payload_carries_no_secret_and_no_machine_settings() -> None:
    from callcontent.batch import Job, JobSpec
    from callcontent.cluster import for_the_wire
    from callcontent.settings import Settings

    settings = Settings(
        model="openai:gpt-4o-mini",
        openai_api_key="sk-live-do-not-ship",
        local_threads=8,
        cache_dir="/home/me/.cache",
    )
    spec = JobSpec(for_the_wire(settings), None, None, None)
    payload = pickle.dumps((Job(Path("/x/call.txt"), "k", "h", Path("/out/call")), spec))
    assert b"sk-live-do-not-ship" not in payload and b"/home/me/.cache" not in payload
    assert spec.settings.model == settings.model and spec.settings.openai_api_key is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--openai-batch"], "--cluster and --openai-batch do not go together"),
        ([], "tcp://127.0.0.1:9: no Dask scheduler answered"),
    ],
)
def test_a_cluster_that_cannot_run_the_batch_is_one_line_exit_2(
    tmp_path: Path, extra: list[str], message: str
) -> None:
    shutil.copy(SAMPLE, tmp_path / "call.txt")
    out = tmp_path / "out"
    proc = cli(
        "batch", str(tmp_path / "call.txt"), "--out", str(out), "--model", "none", "--cluster", "tcp://127.0.0.1:9",
        *extra, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()  # nothing half written
