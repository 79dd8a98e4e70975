"""A small OpenAI-compatible chat server on 127.0.0.1 for tests, scripted reply by reply.

Each request takes the next step of the script: a normal JSON reply, a 429 with Retry-After, a 500,
a slow reply, malformed JSON, a reply cut off at the token limit, or an auth / quota error.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    kind: str  # ok | 429 | 500 | slow | malformed | cutoff | 401 | quota
    content: str = "{}"
    retry_after: float | None = None
    delay: float = 0.0


@dataclass
class FakeOpenAI:
    """`script` steps are used first; then `responder(body) -> content` if set, else `default`.

    `delay` slows every reply; `rpm_limit` answers 429 with Retry-After once that many requests arrived
    in the last `window_s` seconds (a provider's requests-per-minute limit, on a shorter clock)."""

    script: list[Step] = field(default_factory=list)
    default: Step = field(default_factory=lambda: Step("500"))
    responder: Any = None
    delay: float = 0.0
    rpm_limit: int = 0
    window_s: float = 60.0
    rejected: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                with fake._lock:
                    now = time.monotonic()
                    if fake.rpm_limit:
                        recent = [t for t in fake.times if now - t < fake.window_s]
                        if len(recent) >= fake.rpm_limit:
                            fake.rejected += 1
                            wait = fake.window_s - (now - recent[-fake.rpm_limit])
                            fake.answer(self, Step("429", retry_after=round(max(0.05, wait), 2)), body)
                            return
                    fake.requests.append(body)
                    fake.headers.append(dict(self.headers))
                    fake.times.append(now)
                    if fake.script:
                        step = fake.script.pop(0)
                    elif fake.responder is not None:
                        step = Step("slow", fake.responder(body), delay=fake.delay)
                    else:
                        step = fake.default
                fake.answer(self, step, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
        handler.send_response(status)
        handler.send_header("content-type", "application/json")
        handler.send_header("content-length", str(len(data)))
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client timed out and left
            handler.wfile.write(data)

    def answer(self, handler: BaseHTTPRequestHandler, step: Step, body: dict[str, Any]) -> None:
        def completion(content: str, finish: str = "stop") -> dict[str, Any]:
            return {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": finish,
                    }
                ],
                "usage": {
                    "prompt_tokens": 100,
                    "completion_tokens": 20,
                    "total_tokens": 120,
                    "prompt_tokens_details": {"cached_tokens": 64},
                },
            }

        if step.kind == "429":
            headers = {"retry-after": str(step.retry_after)} if step.retry_after is not None else {}
            self._send(
                handler,
                429,
                {
                    "error": {
                        "message": "Rate limit reached",
                        "type": "requests",
                        "code": "rate_limit_exceeded",
                    }
                },
                headers,
            )
        elif step.kind == "quota":
            self._send(
                handler,
                429,
                {
                    "error": {
                        "message": "You exceeded your current quota",
                        "type": "insufficient_quota",
                        "code": "insufficient_quota",
                    }
                },
            )
        elif step.kind == "401":
            key = handler.headers.get("authorization", "")
            self._send(
                handler,
                401,
                {
                    "error": {
                        "message": f"Incorrect API key provided: {key[7:]}",
                        "type": "invalid_request_error",
                        "code": "invalid_api_key",
                    }
                },
            )
        elif step.kind == "500":
            self._send(handler, 500, {"error": {"message": "internal error", "type": "server_error"}})
        elif step.kind == "slow":
            time.sleep(step.delay)
            self._send(handler, 200, completion(step.content))
        elif step.kind == "malformed":
            self._send(handler, 200, completion(step.content))
        elif step.kind == "cutoff":
            self._send(handler, 200, completion(step.content, finish="length"))
        else:
            self._send(handler, 200, completion(step.content))


def pipeline_responder(body: dict[str, Any]) -> str:
    """Answers each pipeline node's prompt over HTTP, like ScriptedChat does in-process."""
    from tests.support.fake_chat import plan

    prompt = str(body["messages"][-1]["content"])
    if "Findings:" in prompt:
        return json.dumps({"verdicts": [], "extra": []})
    if "Candidates:" in prompt:
        return json.dumps({"ranking": ["0:result", "1:emotion"]})
    if "Review these drafts" in prompt:
        return json.dumps({"passed": True, "problems": []})
    if "Grade each draft" in prompt:
        card = {"score": 4, "reason": "clear"}
        return json.dumps({"case_study": card, "blog_post": card, "social_posts": card})
    return json.dumps(plan())
