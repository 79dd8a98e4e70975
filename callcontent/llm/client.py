"""One place that makes chat models and calls them: retries, structured output, accounting, redaction.

Retries live here and only here: the OpenAI SDK's own retries are switched off (`max_retries=0`) so
that one tenacity layer decides, counts and reports every attempt.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, stop_after_delay

from callcontent.llm.local_server import LOCAL_SERVER
from callcontent.llm.local_weights import LocalModelUnavailable
from callcontent.settings import Role, Settings, openai_key_from_env

T = TypeVar("T", bound=BaseModel)
ErrorKind = Literal[
    "auth", "quota", "transient", "invalid_output", "truncated", "unavailable", "bad_request", "endpoint_down"
]


class LLMError(RuntimeError):
    """A model call that failed for good; the message is plain, names the cause and holds no secret."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        self.kind = kind
        super().__init__(message)


# ---------------------------------------------------------------- secrets

_KEY_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]{8,}"),
    re.compile(r"(?i)(api[_-]?key[\"'=:\s]+)[A-Za-z0-9._\-]{8,}"),
]


def redact(text: str, secrets: Sequence[str | None] = ()) -> str:
    """Remove API keys from any text that may reach logs, results, reports or error messages."""
    for secret in [*secrets, openai_key_from_env()]:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[REDACTED]")
    for pattern in _KEY_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[REDACTED]", text)
    return text


# ---------------------------------------------------------------- accounting


@dataclass
class CallRecord:
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
        with self._lock:
            self.calls.append(record)

    def totals(self) -> dict[str, Any]:
        with self._lock:
            calls = list(self.calls)
        return _sum(calls)

    def by_node(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            calls = list(self.calls)
        nodes: dict[str, list[CallRecord]] = {}
        for c in calls:
            nodes.setdefault(c.node, []).append(c)
        return {node: _sum(cs) for node, cs in nodes.items()}

    def records(self) -> list[dict[str, Any]]:
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


# ---------------------------------------------------------------- shared back-off


class RateGate:
    """Shared by every worker of a process: a not-before time set by 429s, and optional pacing to a
    known requests-per-minute limit so a batch runs at the provider's limit instead of bouncing off it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._not_before = 0.0
        self._next_slot = 0.0

    def pace(self, requests_per_minute: int) -> None:
        if requests_per_minute <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 60.0 / requests_per_minute
        if slot > now:
            time.sleep(slot - now)

    def hold_until(self, t: float) -> None:
        with self._lock:
            self._not_before = max(self._not_before, t)

    def wait(self) -> None:
        with self._lock:
            delay = self._not_before - time.monotonic()
        if delay > 0:
            time.sleep(delay)


SHARED_GATE = RateGate()


# ---------------------------------------------------------------- errors and waits


def _is_quota(exc: BaseException) -> bool:
    return isinstance(exc, openai.RateLimitError) and (
        getattr(exc, "code", None) == "insufficient_quota" or "insufficient_quota" in str(exc)
    )


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.RateLimitError):
        return not _is_quota(exc)
    return isinstance(
        exc, (openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
    ) or (isinstance(exc, openai.APIStatusError) and exc.status_code >= 500)


def retry_after_s(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after-ms")
    if value:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None


@dataclass
class Backoff:
    """Retry-After when the server gives one (shared through the gate); else exponential back-off with jitter."""

    initial: float = 1.0
    maximum: float = 30.0
    gate: RateGate = field(default_factory=lambda: SHARED_GATE)
    jitter: Callable[[], float] = field(default=random.random)

    def __call__(self, state: RetryCallState) -> float:
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
    """Endpoints that refused connections through every retry in this process: the next calls fail at
    once with one clear line instead of retrying five times per node. A mark lapses after `ttl_s`, so
    a long batch notices when the endpoint comes back."""

    def __init__(self, ttl_s: float = 60.0) -> None:
        self.ttl_s = ttl_s
        self._down: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def mark(self, endpoint: str, reason: str) -> None:
        with self._lock:
            self._down[endpoint] = (time.monotonic() + self.ttl_s, reason)

    def reason(self, endpoint: str) -> str | None:
        with self._lock:
            entry = self._down.get(endpoint)
            if entry is None:
                return None
            if time.monotonic() > entry[0]:
                del self._down[endpoint]
                return None
            return entry[1]


DOWN_ENDPOINTS = DownEndpoints()


def _plain_error(exc: BaseException, endpoint: str) -> LLMError:
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return LLMError(
            "auth",
            f"the model endpoint {endpoint} rejected the API key ({type(exc).__name__}); "
            "check OPENAI_API_KEY / CALLCONTENT_OPENAI_API_KEY",
        )
    if _is_quota(exc):
        return LLMError(
            "quota",
            f"the account at {endpoint} has no quota left (insufficient_quota); add credit or use another key",
        )
    if isinstance(exc, openai.BadRequestError):
        return LLMError("bad_request", f"the model endpoint {endpoint} refused the request: {exc}")
    return LLMError("transient", f"the model endpoint {endpoint} kept failing: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------- the client


def estimate_tokens(messages: Sequence[BaseMessage]) -> int:
    return sum(len(str(m.content)) for m in messages) // 3 + 16 * len(messages)


def _parse_json(content: str) -> Any:
    text = content.strip()
    fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.S)
    if fence:
        text = fence.group(1)
    return json.loads(text)


class AwaitingBatch(Exception):
    """Raised by a node's call in Batch API mode when its reply is not in yet."""


class BatchCollector:
    """The requests the graphs are waiting on, keyed by cache key (the batch job's custom_id)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[str, dict[str, Any]] = {}

    def add(self, key: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests[key] = body

    def take(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            taken, self.requests = self.requests, {}
        return taken


class LLMCache:
    """Replies keyed by model, schema, messages (which carry the prompt text and version) and budget.

    `callcontent eval` uses it so a re-run costs nothing for unchanged parts. SQLite, safe across threads.
    """

    def __init__(self, path: str | os.PathLike[str], salt: str = "") -> None:
        import sqlite3

        self.path = str(path)
        self.salt = salt
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, content TEXT NOT NULL)")
        self._db.commit()

    def key(self, spec: str, schema: type[BaseModel], messages: Sequence[BaseMessage], budget: int) -> str:
        import hashlib

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
        with self._lock:
            row = self._db.execute("SELECT content FROM replies WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put(self, key: str, content: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO replies VALUES (?, ?)", (key, content))
            self._db.commit()


class ChatClient:
    """The chat model of one pipeline role, with the call discipline every node relies on."""

    def __init__(
        self,
        role: Role,
        settings: Settings,
        ledger: UsageLedger | None = None,
        *,
        chat_model: BaseChatModel | None = None,
        gate: RateGate | None = None,
        cache: LLMCache | None = None,
        collector: BatchCollector | None = None,
    ) -> None:
        self.cache = cache
        self.collector = collector
        self.role = role
        self.settings = settings
        self.spec = settings.model_for(role) if chat_model is None else "fake"
        self.ledger = ledger or UsageLedger()
        self.gate = gate or SHARED_GATE
        self._fixed_model = chat_model
        self.backoff = Backoff(gate=self.gate)

    @property
    def model_name(self) -> str:
        if self._fixed_model is not None:
            return type(self._fixed_model).__name__
        return self.spec

    @property
    def endpoint(self) -> str:
        if self._fixed_model is not None or self.spec == "local":
            return "local llama.cpp" if self.spec == "local" else "fake model"
        return self.settings.openai_base_url or "https://api.openai.com/v1"

    @property
    def temperature(self) -> float:
        # Judging roles are pinned to 0 so verdicts and eval scores are repeatable.
        return 0.0 if self.role in ("critic", "reviewer", "judge", "extractor") else self.settings.temperature

    def batch_request(
        self, schema: type[BaseModel], messages: Sequence[BaseMessage], budget: int
    ) -> dict[str, Any]:
        """The /v1/chat/completions body of this call, for an OpenAI Batch API job."""
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        return {
            "model": self.spec.split(":", 1)[1] if self.spec.startswith("openai:") else self.spec,
            "messages": [{"role": roles[m.type], "content": str(m.content)} for m in messages],
            "max_tokens": budget,
            "temperature": self.temperature,
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": schema.__name__,
                    "schema": schema.model_json_schema(),
                    "strict": False,
                },
            },
        }

    def _secrets(self) -> list[str | None]:
        key = self.settings.openai_api_key
        return [key.get_secret_value() if key else None]

    def _chat_model(self, messages: Sequence[BaseMessage], max_tokens: int) -> BaseChatModel:
        if self._fixed_model is not None:
            return self._fixed_model
        from langchain_openai import ChatOpenAI

        temperature = (
            0.0 if self.role in ("critic", "reviewer", "judge", "extractor") else self.settings.temperature
        )
        common: dict[str, Any] = {
            "temperature": temperature,
            "max_tokens": max_tokens,
            "timeout": self.settings.timeout_s,
            "max_retries": 0,  # tenacity below is the one retry layer
            "stream_usage": True,
        }
        if self.spec == "local":
            try:
                base_url = LOCAL_SERVER.ensure(
                    estimate_tokens(messages) + max_tokens + 256,
                    threads=self.settings.local_threads,
                    log=self.settings.local_log,
                )
            except LocalModelUnavailable as exc:
                raise LLMError("unavailable", str(exc)) from exc
            return ChatOpenAI(base_url=base_url, api_key="local", model="local", **common)
        if self.spec == "none":
            raise LLMError("unavailable", f"no model is configured for the {self.role} role (--model none)")
        name = self.spec.split(":", 1)[1] if self.spec.startswith("openai:") else self.spec
        key = self.settings.openai_api_key
        if key is None and not self.settings.openai_base_url:
            raise LLMError(
                "auth",
                f"the {self.role} role uses {self.spec!r} but OPENAI_API_KEY is not set "
                "(set it, or set OPENAI_BASE_URL for a keyless local endpoint)",
            )
        return ChatOpenAI(
            model=name,
            api_key=key or "not-needed",
            base_url=self.settings.openai_base_url,
            **common,
        )

    def _invoke(self, model: Any, messages: Sequence[BaseMessage], record: CallRecord) -> AIMessage:
        """One logical request: transient failures retried with back-off, everything else raised plainly."""
        down = DOWN_ENDPOINTS.reason(self.endpoint)
        if down is not None:
            raise LLMError(
                "endpoint_down", f"the model endpoint {self.endpoint} is down ({down}); not retried"
            )
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_attempts)
            | stop_after_delay(self.settings.max_retry_time_s),
            wait=self.backoff,
            retry=retry_if_exception(is_transient),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    record.attempts += 1
                    record.retries = record.attempts - 1
                    self.gate.wait()
                    self.gate.pace(self.settings.requests_per_minute)
                    reply = model.invoke(list(messages))
                    assert isinstance(reply, AIMessage)
                    return reply
        except openai.LengthFinishReasonError as exc:
            # With a json_schema response format the SDK raises instead of returning the cut-off reply.
            usage = exc.completion.usage
            return AIMessage(
                content="",
                response_metadata={"finish_reason": "length"},
                usage_metadata={
                    "input_tokens": usage.prompt_tokens if usage else 0,
                    "output_tokens": usage.completion_tokens if usage else 0,
                    "total_tokens": usage.total_tokens if usage else 0,
                },
            )
        except openai.OpenAIError as exc:
            error = _plain_error(exc, self.endpoint)
            remote = self.spec != "local" and self._fixed_model is None
            if (
                remote
                and isinstance(exc, openai.APIConnectionError)
                and not isinstance(exc, openai.APITimeoutError)
            ):
                # An endpoint that refuses connections is down for this run; the in-process local model
                # is not an endpoint that goes down (it restarts, e.g. with a bigger context).
                DOWN_ENDPOINTS.mark(self.endpoint, f"no connection after {record.attempts} attempts")
            if error.kind == "transient":
                error = LLMError(
                    "transient",
                    f"gave up after {record.attempts} attempts: {error}",
                )
            raise LLMError(error.kind, redact(str(error), self._secrets())) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _account(self, record: CallRecord, reply: AIMessage) -> None:
        usage: dict[str, Any] = dict(reply.usage_metadata or {})
        record.input_tokens += int(usage.get("input_tokens", 0))
        record.output_tokens += int(usage.get("output_tokens", 0))
        details = usage.get("input_token_details") or {}
        record.cached_tokens += int(details.get("cache_read", 0) or 0)

    def structured(
        self,
        schema: type[T],
        messages: Sequence[BaseMessage],
        *,
        node: str,
        max_tokens: int | None = None,
        shrink: Callable[[Sequence[BaseMessage]], Sequence[BaseMessage]] | None = None,
    ) -> T:
        """A reply validated against `schema`. Re-asks with the validation error; a reply cut off at the
        token limit is retried with twice the room (or, with `shrink`, a smaller input). Raises LLMError."""
        budget = max_tokens or self.settings.max_tokens
        record = CallRecord(node=node, role=self.role, model=self.model_name)
        conversation = list(messages)
        started = time.perf_counter()
        cache_key = self.cache.key(self.spec, schema, messages, budget) if self.cache else None
        if self.cache is not None and cache_key is not None:
            hit = self.cache.get(cache_key)
            if hit is not None:
                record.cached = True
                record.latency_s = round(time.perf_counter() - started, 3)
                self.ledger.add(record)
                if hit.startswith("__batch_error__:"):
                    raise LLMError(
                        "transient", f"{self.role}: the batch request failed: {hit.split(':', 1)[1]}"
                    )
                try:
                    return schema.model_validate(_parse_json(hit))
                except (ValueError, ValidationError) as exc:
                    if self.collector is not None:  # a batch reply that does not fit: a plain node failure
                        raise LLMError(
                            "invalid_output",
                            f"{self.role}: batch reply did not match the schema: {str(exc)[:300]}",
                        ) from None
            elif self.collector is not None:
                # Batch API mode: queue the request and stop this node; the graph resumes from its
                # checkpoint once the batch's replies are in the cache.
                self.collector.add(cache_key, self.batch_request(schema, messages, budget))
                raise AwaitingBatch(cache_key)
        try:
            for ask in range(self.settings.structured_retries + 1):
                record.reasks = ask
                model = self._chat_model(conversation, budget)
                bound = self._bind_schema(model, schema)
                reply = self._invoke(bound, conversation, record)
                self._account(record, reply)
                finish = (reply.response_metadata or {}).get("finish_reason")
                content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
                if finish == "length":
                    if shrink is not None and ask % 2 == 1:
                        conversation = list(shrink(conversation))
                    else:
                        budget = min(budget * 2, 8192)
                    problem = f"reply cut off at the token limit ({record.output_tokens} tokens so far)"
                    continue
                try:
                    parsed = schema.model_validate(_parse_json(content))
                    if self.cache is not None and cache_key is not None:
                        self.cache.put(cache_key, content)
                    return parsed
                except (ValueError, ValidationError) as exc:
                    problem = f"reply did not match the schema: {str(exc)[:600]}"
                    conversation = [
                        *messages,
                        AIMessage(content=content[:4000]),
                        HumanMessage(
                            content=f"That reply was not valid: {str(exc)[:600]}\n"
                            "Reply again with only a JSON object that matches the schema exactly."
                        ),
                    ]
            kind: ErrorKind = "truncated" if "cut off" in problem else "invalid_output"
            raise LLMError(
                kind, f"{self.role} ({self.model_name}): {problem}; gave up after {record.reasks + 1} asks"
            )
        except LLMError as exc:
            record.ok = False
            record.error = redact(str(exc), self._secrets())
            raise LLMError(exc.kind, record.error) from None
        finally:
            record.latency_s = round(time.perf_counter() - started, 3)
            self.ledger.add(record)

    def _bind_schema(self, model: BaseChatModel, schema: type[BaseModel]) -> Any:
        from langchain_openai import ChatOpenAI

        if not isinstance(model, ChatOpenAI):
            return model
        # json_schema response format: llama.cpp turns it into a grammar; OpenAI enforces it server-side.
        return model.bind(
            response_format={
                "type": "json_schema",
                "json_schema": {
                    "name": schema.__name__,
                    "schema": schema.model_json_schema(),
                    "strict": False,
                },
            }
        )


def make_clients(
    settings: Settings,
    ledger: UsageLedger,
    *,
    chat_model: BaseChatModel | None = None,
    cache: LLMCache | None = None,
    collector: BatchCollector | None = None,
) -> dict[Role, ChatClient | None]:
    """A client per role, or None for a role whose model is 'none' (the deterministic half only)."""
    from callcontent.settings import ROLES

    clients: dict[Role, ChatClient | None] = {}
    for role in ROLES:
        if chat_model is None and settings.model_for(role) == "none":
            clients[role] = None
        else:
            clients[role] = ChatClient(
                role, settings, ledger, chat_model=chat_model, cache=cache, collector=collector
            )
    return clients
