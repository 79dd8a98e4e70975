"""llama.cpp's OpenAI-compatible server, running inside this process on 127.0.0.1 (xllamacpp).

Started lazily on first use, once per process; restarted with a larger context when an input needs
more room than the running server has; stopped at exit.
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any

from callcontent.llm.local_weights import INSTALL_HINT, LocalModelUnavailable, ensure_model_file

MIN_CONTEXT = 4096
SLOTS = 2
MAX_CONTEXT = 32768  # Qwen2.5-Coder-1.5B's trained context


class LocalServer:
    """The one in-process llama.cpp server of this process."""

    def __init__(self) -> None:
        """Not started: the first `ensure` starts it."""
        self._lock = threading.Lock()
        self._server: Any = None
        self._n_ctx = 0
        self.address = ""
        self.model_path = ""

    def ensure(self, context_tokens: int, *, threads: int = 0, log: bool = False) -> str:
        """Base URL (…/v1) of a server whose context holds `context_tokens`."""
        wanted = MIN_CONTEXT
        while wanted < min(context_tokens, MAX_CONTEXT):
            wanted *= 2
        with self._lock:
            if self._server is None or wanted > self._n_ctx:
                self._start(wanted, threads, log)
            return self.address + "/v1"

    @property
    def n_ctx(self) -> int:
        """Context per slot (per request)."""
        return self._n_ctx

    def _start(self, n_ctx: int, threads: int, log: bool) -> None:
        try:
            import xllamacpp
        except ImportError as exc:
            raise LocalModelUnavailable(
                f"the local LLM runtime is not installed; install it with: {INSTALL_HINT}"
            ) from exc
        model_path = ensure_model_file()
        self._stop()
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        # Two slots: the critique and quotes branches decode together. On a CPU, decoding is memory-bound,
        # so two sequences in one batch cost little more than one. Each slot gets half the context.
        params.n_ctx = n_ctx * SLOTS
        params.n_parallel = SLOTS
        params.cache_prompt = True
        params.warmup = False
        n_threads = threads or os.cpu_count() or 2
        params.cpuparams.n_threads = n_threads
        params.cpuparams_batch.n_threads = n_threads
        params.verbosity = 3 if log else -1
        self._server = xllamacpp.Server(params)
        self._n_ctx = n_ctx
        self.address = str(self._server.listening_address)
        self.model_path = str(model_path)

    def _stop(self) -> None:
        # xllamacpp stops its HTTP thread and frees the model when the Server is released.
        self._server = None
        self._n_ctx = 0

    def stop(self) -> None:
        """Stop the server and free the model."""
        with self._lock:
            self._stop()


LOCAL_SERVER = LocalServer()
atexit.register(LOCAL_SERVER.stop)
