"""`callcontent batch` against a fake OpenAI-compatible server on 127.0.0.1.

Killed with kill -9 mid-run and resumed, a corrupt file among good ones, a provider rate limit, an
endpoint that goes down and comes back.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, cli
from tests.support.batch_inputs import BAD, CALLS_PER_TRANSCRIPT, GOOD, batch_env, distinct_transcripts
from tests.support.fake_openai import FakeOpenAI, pipeline_responder


def total_calls(inputs: Path) -> int:
    return CALLS_PER_TRANSCRIPT * sum(1 for p in inputs.iterdir() if p.suffix == ".txt")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "transcripts" / "good_interview.txt", folder / "a_good.txt")
    shutil.copy(FIXTURES / "transcripts" / "bad_interview.txt", folder / "b_bad.txt")
    shutil.copy(ROOT / "examples" / "sample_interview.txt", folder / "c_sample.txt")
    return folder


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(responder=pipeline_responder)
    yield fake
    fake.close()


def batch_args(inputs: Path, out: Path, *extra: str) -> list[str]:
    return [
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--model",
        "openai:fake-model",
        "--library",
        str(out.parent / "no-library"),
        *extra,
    ]


def run_batch(server: FakeOpenAI, inputs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`callcontent batch` to completion against the fake server."""
    return cli(*batch_args(inputs, out, *extra), env=batch_env(server))


def start_batch(server: FakeOpenAI, inputs: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`callcontent batch` in the background, to be killed mid-run."""
    return subprocess.Popen(
        [sys.executable, "-m", "callcontent.cli", *batch_args(inputs, out, *extra)],
        env=batch_env(server),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def ledger(out: Path) -> dict[str, str]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        return {Path(p).name: s for p, s in db.execute("SELECT path, status FROM jobs")}


def outputs(out: Path) -> list[str]:
    return sorted(p.parent.name for p in out.glob("*/result.json"))


def test_killed_batch_resumes_mid_graph_without_redoing_nodes(
    inputs: Path, server: FakeOpenAI, tmp_path: Path
) -> None:
    server.delay = 0.6
    out = tmp_path / "out"
    proc = start_batch(server, inputs, out, "--concurrency", "1")
    deadline = time.monotonic() + 120
    # Kill once the first transcript's parallel branches are done and its writer is in flight.
    while time.monotonic() < deadline and len(server.requests) < 1:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before_kill = len(server.requests)
    assert before_kill >= 1
    assert "running" in ledger(out).values()
    assert outputs(out) == []  # nothing half-written looks finished

    done = run_batch(server, inputs, out, "--concurrency", "1")
    assert done.returncode == 0, done.stderr
    assert ledger(out) == {"a_good.txt": "done", "b_bad.txt": "done", "c_sample.txt": "done"}
    names = outputs(out)
    assert len(names) == 3 and len(set(n.rsplit("-", 1)[0] for n in names)) == 3  # every output exactly once
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary folders left
    # Finished nodes were not redone: at most the one request in flight at the kill is repeated.
    assert len(server.requests) <= total_calls(inputs) + 1
    summary = json.loads((out / "summary.json").read_text())
    assert summary["done"] == 3 and summary["failed"] == []

    again = run_batch(server, inputs, out)
    assert again.returncode == 0 and "0 done, 0 failed, 3 skipped" in again.stdout
    assert len(server.requests) <= total_calls(inputs) + 1  # finished transcripts cost nothing


def test_a_corrupt_file_is_recorded_and_the_batch_goes_on(
    inputs: Path, server: FakeOpenAI, tmp_path: Path
) -> None:
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02 not a transcript")
    (inputs / "one_speaker.txt").write_text("Ann: hello\nAnn: anyone there?\n")
    out = tmp_path / "out"
    proc = run_batch(server, inputs, out, "--concurrency", "2")
    assert proc.returncode == 0, proc.stderr
    assert ledger(out) == {
        "a_good.txt": "done",
        "b_bad.txt": "done",
        "c_sample.txt": "done",
        "broken.txt": "failed",
        "one_speaker.txt": "failed",
    }
    summary = json.loads((out / "summary.json").read_text())
    reasons = {Path(f["path"]).name: f["error"] for f in summary["failed"]}
    assert "binary" in reasons["broken.txt"] and "only one speaker" in reasons["one_speaker.txt"]
    assert "broken.txt" in (out / "summary.md").read_text()
    # Failed ones stay failed until asked: --retry-failed runs them again.
    again = run_batch(server, inputs, out, "--retry-failed")
    assert "0 done, 2 failed, 3 skipped" in again.stdout


def test_rate_limited_endpoint_all_transcripts_succeed(
    inputs: Path, server: FakeOpenAI, tmp_path: Path
) -> None:
    # At most 2 requests per 4 s: the three transcripts' first requests, started together, already hit it
    # however long the steps between requests take (12 requests need about 24 s).
    server.rpm_limit, server.window_s = 2, 4.0
    out = tmp_path / "out"
    proc = run_batch(server, inputs, out, "--concurrency", "3")
    assert proc.returncode == 0, proc.stderr
    assert server.rejected >= 1  # the limit was hit, Retry-After honoured and shared, nothing failed
    assert ledger(out) == {"a_good.txt": "done", "b_bad.txt": "done", "c_sample.txt": "done"}
    assert json.loads((out / "summary.json").read_text())["failed"] == []
    assert len(server.requests) == total_calls(inputs)


def test_openai_batch_mode_stage_by_stage_and_resumable(
    inputs: Path, server: FakeOpenAI, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = run_batch(server, inputs, out, "--openai-batch", "--poll", "0.05")
    assert proc.returncode == 0, proc.stderr
    assert server.requests == []  # no live chat request: everything went through batch jobs
    assert len(server.batches) >= 2  # write, review: one job per stage for all transcripts
    assert len(server.batch_requests) == total_calls(inputs)
    assert ledger(out) == {"a_good.txt": "done", "b_bad.txt": "done", "c_sample.txt": "done"}
    assert len(outputs(out)) == 3
    with sqlite3.connect(out / "ledger.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM openai_batches WHERE collected_at IS NULL").fetchone()[0] == 0
    # Restarting changes nothing and submits nothing.
    jobs_before = len(server.batches)
    again = run_batch(server, inputs, out, "--openai-batch", "--poll", "0.05")
    assert again.returncode == 0 and "3 skipped" in again.stdout and len(server.batches) == jobs_before


def test_openai_batch_killed_while_polling_collects_the_same_job(
    inputs: Path, server: FakeOpenAI, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    server.polls_to_complete = 10_000  # the first job never finishes while the first process lives
    proc = start_batch(server, inputs, out, "--openai-batch", "--poll", "0.05")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not server.batches:
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(server.batches) == 1
    server.polls_to_complete = 2
    done = run_batch(server, inputs, out, "--openai-batch", "--poll", "0.05")
    assert done.returncode == 0, done.stderr
    assert ledger(out) == {"a_good.txt": "done", "b_bad.txt": "done", "c_sample.txt": "done"}
    # The paid-for first job was collected, not resubmitted: no request went out twice.
    assert len(server.batch_requests) == total_calls(inputs)


@pytest.fixture
def twenty(tmp_path: Path) -> Path:
    """A folder of 20 transcripts, as an overnight batch would hold."""
    return distinct_transcripts(tmp_path / "twenty", 20, sources=(GOOD, BAD))


def test_endpoint_down_is_a_failure_not_a_success_and_a_rerun_completes_each_once(
    twenty: Path, tmp_path: Path
) -> None:
    inputs = twenty
    down = FakeOpenAI(responder=pipeline_responder)
    port, env = down.server.server_address[1], batch_env(down)
    down.close()  # the endpoint is down: connections are refused
    env = {**env, "CALLCONTENT_MAX_ATTEMPTS": "5", "CALLCONTENT_MAX_RETRY_TIME_S": "300"}

    started = time.monotonic()
    single = cli(
        "run",
        str(inputs / "call_00.txt"),
        "--model",
        "openai:fake-model",
        "--out",
        str(tmp_path / "single"),
        "--library",
        str(tmp_path / "no-lib"),
        env=env,
    )
    assert single.returncode == 3, single.stderr
    assert time.monotonic() - started < 30
    assert "is down" in single.stderr or "kept failing" in single.stderr
    assert json.loads((tmp_path / "single" / "result.json").read_text())["status"] == "degraded"

    out = tmp_path / "out"
    first = cli(*batch_args(inputs, out, "--concurrency", "1"), env=env)
    assert first.returncode == 3 and "retryable" in first.stderr
    # Three failures in a row (the default), then the rest are left for the next run, not hammered.
    assert "stopped early" in first.stderr
    assert set(ledger(out).values()) == {"retryable"} and len(ledger(out)) == 20
    with sqlite3.connect(out / "ledger.sqlite") as db:
        attempts = sorted(a or 0 for (a,) in db.execute("SELECT attempts FROM jobs"))
    assert attempts == [0] * 17 + [1] * 3
    assert json.loads((out / "summary.json").read_text())["stopped_early"]

    back = FakeOpenAI(responder=pipeline_responder, port=port)
    try:
        again = cli(*batch_args(inputs, out), env=env, timeout=900)
        assert again.returncode == 0, again.stderr
        assert set(ledger(out).values()) == {"done"} and len(ledger(out)) == 20
        assert len(back.requests) == total_calls(inputs)  # each transcript once, nothing twice
        for result_file in out.glob("*/result.json"):
            assert json.loads(result_file.read_text())["status"] == "ok"
    finally:
        back.close()
