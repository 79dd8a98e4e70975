"""When to send the next request: a process-wide rate gate, back-off, and endpoints known to be down.

These are shared by every worker of a process, so a batch of parallel graphs backs off together
instead of each one bouncing off the same rate limit or the same dead endpoint.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tenacity import RetryCallState

from callcontent.llm.errors import retry_after_s


class RateGate:
    """A not-before time set by 429s, and optional pacing to a known requests-per-minute limit.

    Pacing lets a batch run at the provider's limit instead of bouncing off it.
    """

    def __init__(self) -> None:
        """Start open: no hold, no pacing slot taken."""
        self._lock = threading.Lock()
        self._not_before = 0.0
        self._next_slot = 0.0

    def pace(self, requests_per_minute: int) -> None:
        """Sleep until this worker's slot under `requests_per_minute` (0: no pacing)."""
        if requests_per_minute <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 60.0 / requests_per_minute
        if slot > now:
            time.sleep(slot - now)

    def hold_until(self, t: float) -> None:
        """Make every worker wait until monotonic time `t` (a server's Retry-After)."""
        with self._lock:
            self._not_before = max(self._not_before, t)

    def wait(self) -> None:
        """Sleep out any hold a 429 has set."""
        with self._lock:
            delay = self._not_before - time.monotonic()
        if delay > 0:
            time.sleep(delay)


SHARED_GATE = RateGate()


@dataclass
class Backoff:
    """Retry-After when the server gives one (shared through the gate); else exponential back-off with jitter."""

    initial: float = 1.0
    maximum: float = 30.0
    gate: RateGate = field(default_factory=lambda: SHARED_GATE)
    jitter: Callable[[], float] = field(default=random.random)

    def __call__(self, state: RetryCallState) -> float:
        """Seconds to wait before the next attempt (tenacity's `wait` protocol)."""
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_s(exc) if exc else None
        if hinted is not None:
            # The server said when: wait that long (plus a little jitter so workers do not stampede),
            # and make every other worker wait too.
            self.gate.hold_until(time.monotonic() + hinted)
            return float(hinted * (1.0 + 0.1 * self.jitter()))
        base = min(self.maximum, self.initial * 2 ** (state.attempt_number - 1))
        return float(base * (0.5 + self.jitter() / 2))


class DownEndpoints:
    """Endpoints that failed through every retry in this process (refused, or never answered).

    The next calls fail at once with one clear line instead of retrying five times per node. A mark
    lapses after `ttl_s`, so a long batch notices when the endpoint comes back.
    """

    def __init__(self, ttl_s: float = 60.0) -> None:
        """Marks last `ttl_s` seconds."""
        self.ttl_s = ttl_s
        self._down: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def mark(self, endpoint: str, reason: str) -> None:
        """Remember that `endpoint` is down, and why, for the next `ttl_s` seconds."""
        with self._lock:
            self._down[endpoint] = (time.monotonic() + self.ttl_s, reason)

    def reason(self, endpoint: str) -> str | None:
        """Why `endpoint` is down, or None if it is not marked (or its mark lapsed)."""
        with self._lock:
            entry = self._down.get(endpoint)
            if entry is None:
                return None
            if time.monotonic() > entry[0]:
                del self._down[endpoint]
                return None
            return entry[1]

    def clear(self) -> None:
        """Forget every mark (a new process would; tests that share one process need it)."""
        with self._lock:
            self._down.clear()


DOWN_ENDPOINTS = DownEndpoints()
