"""One place that makes chat models and calls them: retries, structured output, accounting, redaction.

Retries live here and only here: the OpenAI SDK's own retries are switched off (`max_retries=0`) so
that one tenacity layer decides, counts and reports every attempt. The parts it leans on live beside
it: `errors` (what failure looks like), `pacing` (when to send), `usage` (what it cost) and
`replies` (cached replies and Batch API requests).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, stop_after_delay

from callcontent.llm.errors import (
    ErrorKind,
    LLMError,
    is_refused_connection,
    is_transient,
    plain_error,
    redact,
)
from callcontent.llm.local_server import LOCAL_SERVER
from callcontent.llm.local_weights import LocalModelUnavailable
from callcontent.llm.pacing import DOWN_ENDPOINTS, SHARED_GATE, Backoff, RateGate
from callcontent.llm.replies import AwaitingBatch, BatchCollector, LLMCache
from callcontent.llm.usage import CallRecord, UsageLedger
from callcontent.settings import Role, Settings, endpoint_model_name

T = TypeVar("T", bound=BaseModel)

# Judging roles are pinned to temperature 0 so verdicts and eval scores are repeatable.
JUDGING_ROLES: frozenset[Role] = frozenset({"critic", "reviewer", "judge", "extractor"})
# A pessimistic prompt-reading rate for the local model on a busy 2-core machine: the first token of a
# long prompt comes only after the whole prompt is read, so its wait grows with the prompt.
LOCAL_PROMPT_TOKENS_PER_S = 20.0
LOCAL_DRY_MULTIPLIER = 0.8
# Replies cut off at the token limit before a call gives up (the second ask has twice the room).
MAX_CUT_OFFS = 2


def estimate_tokens(messages: Sequence[BaseMessage]) -> int:
    """A cheap upper estimate of the prompt's tokens (about 3 characters a token, plus framing)."""
    return sum(len(str(m.content)) for m in messages) // 3 + 16 * len(messages)


def parse_json(content: str) -> Any:
    """The JSON in a reply, with a Markdown code fence around it tolerated."""
    text = content.strip()
    fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.S)
    if fence:
        text = fence.group(1)
    return json.loads(text)


def json_schema_format(schema: type[BaseModel]) -> dict[str, Any]:
    """The `response_format` that asks for `schema` (llama.cpp turns it into a grammar)."""
    return {
        "type": "json_schema",
        "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False},
    }


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
        """A client for `role` as `settings` configure it; `chat_model` replaces the model in tests."""
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
        """The model as reports name it."""
        if self._fixed_model is not None:
            return type(self._fixed_model).__name__
        return self.spec

    @property
    def endpoint(self) -> str:
        """Where calls go, as error messages name it."""
        if self._fixed_model is not None or self.spec == "local":
            return "local llama.cpp" if self.spec == "local" else "fake model"
        return self.settings.openai_base_url or "https://api.openai.com/v1"

    @property
    def temperature(self) -> float:
        """The sampling temperature of this role."""
        return 0.0 if self.role in JUDGING_ROLES else self.settings.temperature

    def batch_request(
        self, schema: type[BaseModel], messages: Sequence[BaseMessage], budget: int
    ) -> dict[str, Any]:
        """The /v1/chat/completions body of this call, for an OpenAI Batch API job."""
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        return {
            "model": endpoint_model_name(self.spec),
            "messages": [{"role": roles[m.type], "content": str(m.content)} for m in messages],
            "max_tokens": budget,
            "temperature": self.temperature,
            "response_format": json_schema_format(schema),
        }

    def _secrets(self) -> list[str | None]:
        key = self.settings.openai_api_key
        return [key.get_secret_value() if key else None]

    def _chat_model(self, messages: Sequence[BaseMessage], max_tokens: int) -> BaseChatModel:
        if self._fixed_model is not None:
            return self._fixed_model
        from langchain_openai import ChatOpenAI

        common: dict[str, Any] = {
            "temperature": self.temperature,
            "max_tokens": max_tokens,
            "max_retries": 0,  # tenacity below is the one retry layer
            "stream_usage": True,
        }
        if self.spec == "local":
            prompt_tokens = estimate_tokens(messages)
            try:
                base_url = LOCAL_SERVER.ensure(
                    prompt_tokens + max_tokens + 256,
                    threads=self.settings.local_threads,
                    log=self.settings.local_log,
                )
            except LocalModelUnavailable as exc:
                raise LLMError("unavailable", str(exc)) from exc
            # Streamed, so the read timeout is the longest silence between tokens, not a wall clock:
            # a slow machine that keeps producing tokens is never cut off; a stuck one is. openai.Timeout
            # is the SDK's own class (httpx's on openai 1-2, httpx2's on 3); another package's is refused.
            stall = self.settings.local_stall_s + prompt_tokens / LOCAL_PROMPT_TOKENS_PER_S
            return ChatOpenAI(
                base_url=base_url,
                api_key="local",
                model="local",
                # llama.cpp's DRY sampler: a 1.5B model can repeat a span until the token limit (measured:
                # 3 of 5 sample runs looped in a revise round); DRY penalises a repeat as it grows.
                extra_body={"dry_multiplier": LOCAL_DRY_MULTIPLIER},
                streaming=True,
                timeout=openai.Timeout(stall, connect=self.settings.connect_timeout_s),
                **common,
            )
        if self.spec == "none":
            raise LLMError("unavailable", f"no model is configured for the {self.role} role (--model none)")
        name = endpoint_model_name(self.spec)
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
            timeout=openai.Timeout(self.settings.timeout_s, connect=self.settings.connect_timeout_s),
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
                    # The node's name travels as run metadata: traces show it, and test models route by it.
                    reply = model.invoke(
                        list(messages), config={"run_name": record.node, "metadata": {"node": record.node}}
                    )
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
            error = plain_error(exc, self.endpoint)
            self._mark_if_down(exc, record)
            if error.kind == "transient":
                error = LLMError(
                    "transient",
                    f"gave up after {record.attempts} attempts: {error}",
                )
            raise LLMError(error.kind, redact(str(error), self._secrets())) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _mark_if_down(self, exc: BaseException, record: CallRecord) -> None:
        """Mark a remote endpoint down after retries were spent on it refusing or never answering.

        The in-process local model is not an endpoint that goes down (it restarts, e.g. with a bigger
        context), and a fake model has no endpoint at all.
        """
        if self.spec == "local" or self._fixed_model is not None:
            return
        if is_refused_connection(exc):
            DOWN_ENDPOINTS.mark(self.endpoint, f"no connection after {record.attempts} attempts")
        elif isinstance(exc, openai.APITimeoutError):
            DOWN_ENDPOINTS.mark(
                self.endpoint,
                f"no reply within {self.settings.timeout_s:g} s, {record.attempts} attempts",
            )

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
        """A reply validated against `schema`.

        Re-asks with the validation error; a reply cut off at the token limit is retried with twice
        the room (or, with `shrink`, a smaller input). Raises LLMError.
        """
        budget = max_tokens or self.settings.max_tokens
        if self.cache is not None:
            cache_key = self.cache.key(self.spec, schema, messages, budget)
            cached = self._from_cache(schema, messages, budget, cache_key, node)
            if cached is not None:
                return cached
        else:
            cache_key = None
        record = CallRecord(node=node, role=self.role, model=self.model_name)
        started = time.perf_counter()
        try:
            content = self._ask_until_valid(schema, messages, budget, shrink, record)
            if self.cache is not None and cache_key is not None:
                self.cache.put(cache_key, content)
            return schema.model_validate(parse_json(content))
        except LLMError as exc:
            record.ok = False
            record.error = redact(str(exc), self._secrets())
            raise LLMError(exc.kind, record.error) from None
        except AwaitingBatch:
            raise
        except Exception as exc:
            # Anything else (an SDK that changed under us, a bug in the client stack) is still a model step
            # that failed: the run takes its degraded path and says why, it never ends in a traceback.
            record.ok = False
            record.error = redact(
                f"{self.role} ({self.model_name}) failed in the model client: {type(exc).__name__}: {exc}"[
                    :600
                ],
                self._secrets(),
            )
            raise LLMError("client", record.error) from exc
        finally:
            record.latency_s = round(time.perf_counter() - started, 3)
            self.ledger.add(record)

    def _from_cache(
        self, schema: type[T], messages: Sequence[BaseMessage], budget: int, cache_key: str, node: str
    ) -> T | None:
        """A cached reply, or None to ask the model. In Batch API mode a miss queues the request."""
        assert self.cache is not None
        hit = self.cache.get(cache_key)
        if hit is None:
            if self.collector is not None:
                # Batch API mode: queue the request and stop this node; the graph resumes from its
                # checkpoint once the batch's replies are in the cache.
                self.collector.add(cache_key, self.batch_request(schema, messages, budget))
                raise AwaitingBatch(cache_key)
            return None
        self.ledger.add(CallRecord(node=node, role=self.role, model=self.model_name, cached=True))
        if hit.startswith("__batch_error__:"):
            raise LLMError("transient", f"{self.role}: the batch request failed: {hit.split(':', 1)[1]}")
        try:
            return schema.model_validate(parse_json(hit))
        except (ValueError, ValidationError) as exc:
            if self.collector is not None:  # a batch reply that does not fit: a plain node failure
                raise LLMError(
                    "invalid_output", f"{self.role}: batch reply did not match the schema: {str(exc)[:300]}"
                ) from None
            return None  # a stale entry from an older schema: ask again

    def _ask_until_valid(
        self,
        schema: type[BaseModel],
        messages: Sequence[BaseMessage],
        budget: int,
        shrink: Callable[[Sequence[BaseMessage]], Sequence[BaseMessage]] | None,
        record: CallRecord,
    ) -> str:
        """The text of the first reply that parses as `schema`, within the re-ask budget."""
        conversation = list(messages)
        problem = ""
        cut_offs = 0
        for ask in range(self.settings.structured_retries + 1):
            record.reasks = ask
            model = self._chat_model(conversation, budget)
            reply = self._invoke(self._bind_schema(model, schema), conversation, record)
            self._account(record, reply)
            finish = (reply.response_metadata or {}).get("finish_reason")
            content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
            if finish == "length":
                cut_offs += 1
                problem = f"reply cut off at the token limit ({record.output_tokens} tokens so far)"
                if cut_offs >= MAX_CUT_OFFS and shrink is None:
                    # Twice past a budget sized for the reply: the model is looping (a small model can repeat
                    # a JSON array until the limit), and more room only costs minutes.
                    break
                if shrink is not None and ask % 2 == 1:
                    conversation = list(shrink(conversation))
                else:
                    budget = min(budget * 2, 8192)
                continue
            try:
                schema.model_validate(parse_json(content))
                return content
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

    def _bind_schema(self, model: BaseChatModel, schema: type[BaseModel]) -> Any:
        from langchain_openai import ChatOpenAI

        if not isinstance(model, ChatOpenAI):
            return model
        # json_schema response format: llama.cpp turns it into a grammar; OpenAI enforces it server-side.
        return model.bind(response_format=json_schema_format(schema))


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
