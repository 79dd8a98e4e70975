"""Replies kept for later: the SQLite reply cache and the queue of requests for an OpenAI Batch job."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import BaseMessage
from pydantic import BaseModel


class AwaitingBatch(Exception):
    """Raised by a node's call in Batch API mode when its reply is not in yet."""


class BatchCollector:
    """The requests the graphs are waiting on, keyed by cache key (the batch job's custom_id)."""

    def __init__(self) -> None:
        """Start with no requests queued."""
        self._lock = threading.Lock()
        self.requests: dict[str, dict[str, Any]] = {}

    def add(self, key: str, body: dict[str, Any]) -> None:
        """Queue one /v1/chat/completions body under its cache key."""
        with self._lock:
            self.requests[key] = body

    def take(self) -> dict[str, dict[str, Any]]:
        """Every queued request, emptying the queue."""
        with self._lock:
            taken, self.requests = self.requests, {}
        return taken


class LLMCache:
    """Replies keyed by model, schema, messages (which carry the prompt text and version) and budget.

    `callcontent eval` uses it so a re-run costs nothing for unchanged parts. SQLite, safe across threads.
    """

    def __init__(self, path: str | os.PathLike[str], salt: str = "") -> None:
        """Open (or create) the cache database at `path`; `salt` separates otherwise equal keys."""
        self.path = str(path)
        self.salt = salt
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, content TEXT NOT NULL)")
        self._db.commit()

    def key(self, spec: str, schema: type[BaseModel], messages: Sequence[BaseMessage], budget: int) -> str:
        """The cache key of one request: everything that can change the reply."""
        payload = json.dumps(
            {
                "model": spec,
                "schema": schema.model_json_schema(),
                "messages": [[m.type, str(m.content)] for m in messages],
                "budget": budget,
                "salt": self.salt,
            },
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def get(self, key: str) -> str | None:
        """The stored reply text, or None."""
        with self._lock:
            row = self._db.execute("SELECT content FROM replies WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put(self, key: str, content: str) -> None:
        """Store a reply that validated against its schema."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO replies VALUES (?, ?)", (key, content))
            self._db.commit()
