"""The batch ledger and how a job's outcome is recorded (shared by local and cluster batches)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from callcontent.batch import DegradedStreak, Job, JobOutcome, Ledger, not_run, record_outcome


def _job(tmp_path: Path) -> Job:
    return Job(tmp_path / "call.txt", "hash:fp", "hash", tmp_path / "out" / "call-hash")


def test_a_ledger_written_before_clusters_gains_the_worker_column(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE jobs (key TEXT PRIMARY KEY, path TEXT, status TEXT, error TEXT, finished_at REAL)"
        )
        db.execute("INSERT INTO jobs VALUES ('k', 'a.txt', 'done', NULL, 1.0)")
    ledger = Ledger(path)
    ledger.upsert("k", ran_on="w1")
    assert ledger.get("k") == {"key": "k", "path": "a.txt", "status": "done", "error": None, "finished_at": 1.0,
                               "ran_on": "w1"}  # fmt: skip


def test_outcomes_are_recorded_with_their_status_reason_and_worker(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite")
    job = _job(tmp_path)
    done = JobOutcome("done", wall_s=1.5, tokens={"calls": 2, "input_tokens": 10, "output_tokens": 5},
                      model="openai:m", review_passed=True, ran_on="w2")  # fmt: skip
    line = record_outcome(ledger, job, done)
    assert line["status"] == "done" and line["calls"] == 2 and line["review_passed"] is True
    row = ledger.get(job.key)
    assert row is not None and (row["status"], row["ran_on"], row["input_tokens"]) == ("done", "w2", 10)

    bad = JobOutcome("failed", "looks like a binary file", f"{job.path}: looks like a binary file")
    assert record_outcome(ledger, job, bad) == {
        "path": str(job.path),
        "status": "failed",
        "error": bad.message,
    }
    row = ledger.get(job.key)
    assert row is not None and (row["status"], row["error"]) == ("failed", "looks like a binary file")


def test_a_job_left_for_the_next_run_is_retryable_and_counts_towards_the_stop() -> None:
    job = Job(Path("a.txt"), "k", "h", Path("out"))
    left = not_run(job, "the endpoint seems down")
    assert left.status == "retryable" and left.message == "a.txt: degraded: not run: the endpoint seems down"
    streak = DegradedStreak(2)
    degraded = {"status": "failed", "error": left.message}
    assert streak.add(degraded) is None
    assert streak.add({"status": "done"}) is None  # a success resets the count
    assert streak.add(degraded) is None
    reason = streak.add(degraded)
    assert reason is not None and "2 transcript(s) in a row" in reason
    assert DegradedStreak(0).add(degraded) is None  # 0: never stop
