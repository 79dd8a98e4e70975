"""A Dask cluster on loopback for the tests and the bench: a scheduler and `callcontent worker` processes.

Started and stopped by the caller (`with local_cluster(...) as cluster:`), each process logging to its
own file in `folder`.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from callcontent.cluster import worker_command


@dataclass
class Cluster:
    """A running local cluster: the scheduler's address, the worker processes by name, their logs."""

    address: str
    workers: dict[str, subprocess.Popen[bytes]]
    logs: Path

    def log_text(self) -> str:
        """Everything the scheduler and the workers logged."""
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in self.logs.glob("*.log"))


def _spawn(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as fh:
        return subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=log.parent)


def _scheduler_address(scheduler: subprocess.Popen[bytes], scheduler_file: Path, log: Path) -> str:
    for _ in range(600):
        if scheduler_file.exists() and scheduler_file.stat().st_size:
            return str(json.loads(scheduler_file.read_text())["address"])
        if scheduler.poll() is not None:
            raise RuntimeError(f"the Dask scheduler exited: {log.read_text()}")
        time.sleep(0.1)
    raise RuntimeError("the Dask scheduler did not start in 60 s")


@contextmanager
def local_cluster(folder: Path, names: list[str], env: dict[str, str], threads: int = 1) -> Iterator[Cluster]:
    """A scheduler and one `callcontent worker --threads THREADS` per name, up until the block ends."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    dask = str(Path(sys.executable).with_name("dask"))
    scheduler = _spawn(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(scheduler_file)],
        folder / "scheduler.log", env,
    )  # fmt: skip
    processes = [scheduler]
    try:
        address = _scheduler_address(scheduler, scheduler_file, folder / "scheduler.log")
        workers = {
            name: _spawn(worker_command(address, threads, name), folder / f"{name}.log", env)
            for name in names
        }
        processes += workers.values()
        with Client(address, timeout=30) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(len(names), timeout=120)
        yield Cluster(address, workers, folder)
    finally:
        for proc in reversed(processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
