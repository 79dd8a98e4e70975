"""`callcontent doctor`: one tiny call to each configured model, so a dead endpoint shows before a batch.

Each distinct model the roles use gets one request with no retries and a short timeout: reachable or
not, the model name the endpoint says it served, and the latency. The run's own client is not used,
because its retries and back-off are made to ride out an outage, and here an outage is the answer.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

import openai

from callcontent.llm.errors import plain_error, redact
from callcontent.llm.local_server import LOCAL_SERVER
from callcontent.llm.local_weights import LocalModelUnavailable
from callcontent.settings import ROLES, Settings, endpoint_model_name

# Seconds to wait for an endpoint to accept the connection and to answer a two-token request. The
# local model's first answer also loads 1.1 GB of weights, so it gets longer.
CONNECT_TIMEOUT_S = 5.0
REPLY_TIMEOUT_S = 20.0
LOCAL_REPLY_TIMEOUT_S = 120.0


@dataclass
class ModelCheck:
    """What one tiny call to one model found."""

    model: str
    """The model as configured (`local`, `openai:gpt-4o-mini`, …)."""
    roles: list[str]
    """The roles configured to use it."""
    endpoint: str
    """Where the call went."""
    ok: bool
    """The model answered."""
    served_model: str | None = None
    """The model name the endpoint says answered."""
    latency_s: float | None = None
    """Seconds from request to reply."""
    error: str | None = None
    """Why it did not answer, in one line."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def models_by_role(settings: Settings) -> dict[str, list[str]]:
    """Each configured model (not 'none') with the roles that use it, in role order."""
    models: dict[str, list[str]] = {}
    for role in ROLES:
        spec = settings.model_for(role)
        if spec != "none":
            models.setdefault(spec, []).append(role)
    return models


def _endpoint_of(spec: str, settings: Settings) -> tuple[str, str, str, float]:
    """Base URL, API key, model name and reply timeout for one configured model."""
    if spec == "local":
        base_url = LOCAL_SERVER.ensure(512, threads=settings.local_threads, log=settings.local_log)
        return base_url, "local", "local", LOCAL_REPLY_TIMEOUT_S
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return (
        settings.openai_base_url or "https://api.openai.com/v1",
        key,
        endpoint_model_name(spec),
        REPLY_TIMEOUT_S,
    )


def check_model(spec: str, roles: list[str], settings: Settings) -> ModelCheck:
    """One request of two tokens to `spec`, without retries."""
    check = ModelCheck(
        model=spec, roles=roles, endpoint="local llama.cpp" if spec == "local" else "", ok=False
    )
    secrets = [settings.openai_api_key.get_secret_value() if settings.openai_api_key else None]
    try:
        base_url, key, name, reply_timeout = _endpoint_of(spec, settings)
    except LocalModelUnavailable as exc:
        check.error = str(exc)
        return check
    if spec != "local":
        check.endpoint = base_url
        if settings.openai_api_key is None and not settings.openai_base_url:
            check.error = "OPENAI_API_KEY is not set (set it, or OPENAI_BASE_URL for a keyless endpoint)"
            return check
    client = openai.OpenAI(
        base_url=base_url,
        api_key=key,
        max_retries=0,
        timeout=openai.Timeout(reply_timeout, connect=CONNECT_TIMEOUT_S),
    )
    started = time.perf_counter()
    try:
        reply = client.chat.completions.create(
            model=name, messages=[{"role": "user", "content": "Reply with the word OK."}], max_tokens=2
        )
    except openai.APITimeoutError:
        check.error = f"no reply within {reply_timeout:g} s"
        return check
    except openai.APIConnectionError as exc:
        check.error = f"nothing answered at {check.endpoint} ({type(exc).__name__}: {exc})"
        return check
    except openai.OpenAIError as exc:
        check.error = redact(str(plain_error(exc, check.endpoint)), secrets)
        return check
    except Exception as exc:  # an SDK mismatch is a finding too, not a traceback
        check.error = redact(f"{type(exc).__name__}: {exc}", secrets)[:300]
        return check
    finally:
        client.close()
    check.latency_s = round(time.perf_counter() - started, 3)
    check.ok = True
    check.served_model = reply.model or None
    return check


def check_models(settings: Settings) -> list[ModelCheck]:
    """One check per configured model."""
    return [check_model(spec, roles, settings) for spec, roles in models_by_role(settings).items()]
