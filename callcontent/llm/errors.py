"""How a model call fails: one typed error with a plain message, key redaction, and the transient test.

Every failure that leaves the LLM layer is an `LLMError` whose message names the cause and the
endpoint and never holds a secret, so nodes can record it in the result and the CLI can print it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import openai

from callcontent.settings import openai_key_from_env

ErrorKind = Literal[
    "auth",
    "quota",
    "transient",
    "invalid_output",
    "truncated",
    "unavailable",
    "bad_request",
    "endpoint_down",
    "client",
]


class LLMError(RuntimeError):
    """A model call that failed for good; the message is plain, names the cause and holds no secret."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        """Keep the kind next to the message so callers can branch on it (auth, quota, down, …)."""
        self.kind = kind
        super().__init__(message)


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


def is_quota(exc: BaseException) -> bool:
    """True for a 429 that means the account is out of credit: waiting will not help."""
    return isinstance(exc, openai.RateLimitError) and (
        getattr(exc, "code", None) == "insufficient_quota" or "insufficient_quota" in str(exc)
    )


def is_transient(exc: BaseException) -> bool:
    """True for failures worth retrying: rate limits, 5xx, timeouts and dropped connections."""
    if isinstance(exc, openai.RateLimitError):
        return not is_quota(exc)
    return isinstance(
        exc, (openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
    ) or (isinstance(exc, openai.APIStatusError) and exc.status_code >= 500)


def is_refused_connection(exc: BaseException) -> bool:
    """True when nothing answered at the endpoint's address (refused, unreachable), not a slow reply."""
    return isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError)


def retry_after_s(exc: BaseException) -> float | None:
    """The wait the server asked for (Retry-After-Ms or Retry-After), if it gave one."""
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


def plain_error(exc: BaseException, endpoint: str) -> LLMError:
    """The SDK's exception as one line a user can act on (which key, which account, which endpoint)."""
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return LLMError(
            "auth",
            f"the model endpoint {endpoint} rejected the API key ({type(exc).__name__}); "
            "check OPENAI_API_KEY / CALLCONTENT_OPENAI_API_KEY",
        )
    if is_quota(exc):
        return LLMError(
            "quota",
            f"the account at {endpoint} has no quota left (insufficient_quota); add credit or use another key",
        )
    if isinstance(exc, openai.BadRequestError):
        return LLMError("bad_request", f"the model endpoint {endpoint} refused the request: {exc}")
    return LLMError("transient", f"the model endpoint {endpoint} kept failing: {type(exc).__name__}: {exc}")
