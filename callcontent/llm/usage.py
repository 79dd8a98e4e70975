"""What every model call of a run cost: tokens, time, retries, re-asks, failures, per node."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class CallRecord:
    """One logical model call (all its retries and re-asks), as the ledger keeps it."""

    node: str
    role: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    latency_s: float = 0.0
    attempts: int = 0
    retries: int = 0
    reasks: int = 0
    ok: bool = True
    error: str | None = None
    cached: bool = False


@dataclass
class UsageLedger:
    """Every model call of a run, for reports and the batch summary. Thread-safe (nodes run in parallel)."""

    calls: list[CallRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, record: CallRecord) -> None:
        """Record a finished call (successful or not)."""
        with self._lock:
            self.calls.append(record)

    def totals(self) -> dict[str, Any]:
        """Sums over every call of the run."""
        with self._lock:
            calls = list(self.calls)
        return _sum(calls)

    def by_node(self) -> dict[str, dict[str, Any]]:
        """Sums per graph node, for the report's cost table."""
        with self._lock:
            calls = list(self.calls)
        nodes: dict[str, list[CallRecord]] = {}
        for c in calls:
            nodes.setdefault(c.node, []).append(c)
        return {node: _sum(cs) for node, cs in nodes.items()}

    def records(self) -> list[dict[str, Any]]:
        """Every call as a plain dict, for result.json."""
        with self._lock:
            return [asdict(c) for c in self.calls]


def _sum(calls: list[CallRecord]) -> dict[str, Any]:
    return {
        "calls": len(calls),
        "failed": sum(1 for c in calls if not c.ok),
        "input_tokens": sum(c.input_tokens for c in calls),
        "output_tokens": sum(c.output_tokens for c in calls),
        "cached_tokens": sum(c.cached_tokens for c in calls),
        "latency_s": round(sum(c.latency_s for c in calls), 3),
        "retries": sum(c.retries for c in calls),
        "reasks": sum(c.reasks for c in calls),
        "cached_replies": sum(1 for c in calls if c.cached),
    }
