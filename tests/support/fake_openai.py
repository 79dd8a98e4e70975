"""A small OpenAI-compatible chat server on 127.0.0.1 for tests, scripted reply by reply.

Each request takes the next step of the script: a normal JSON reply, a 429 with Retry-After, a 500,
a slow reply, malformed JSON, a reply cut off at the token limit, or an auth / quota error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
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
    in the last `window_s` seconds (a provider's requests-per-minute limit, on a shorter clock).
    """

    script: list[Step] = field(default_factory=list)
    default: Step = field(default_factory=lambda: Step("500"))
    responder: Any = None
    delay: float = 0.0
    rpm_limit: int = 0
    window_s: float = 60.0
    rejected: int = 0
    # Batch API: files by id, batches by id, and how many status polls a batch takes to complete.
    files: dict[str, str] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    polls_to_complete: int = 2
    batch_requests: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    port: int = 0  # 0: any free port; a fixed one brings an endpoint "back" at the same address
    # /audio/transcriptions: the verbose_json reply (None: the endpoint answers 500), and the uploads.
    transcription: dict[str, Any] | None = None
    uploads: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake.batch_get(self)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                if self.path.endswith("/files") or self.path.endswith("/batches"):
                    fake.batch_post(self, raw)
                    return
                if self.path.endswith("/audio/transcriptions"):
                    fake.transcription_post(self, raw)
                    return
                body = json.loads(raw or b"{}")
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

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def cli_env(self) -> dict[str, str]:
        """Environment for a `callcontent` subprocess that talks to this server.

        Its retry budget is wide enough for the scripted 429s and slow replies. An endpoint model runs every
        step by default; the writer is set on as the README's endpoint command sets it.
        """
        return {
            **os.environ,
            "CALLCONTENT_WRITER_LLM": "on",
            "OPENAI_BASE_URL": self.base_url,
            "OPENAI_API_KEY": "sk-test-fake-0123456789",
            "CALLCONTENT_MAX_ATTEMPTS": "8",
            "CALLCONTENT_MAX_RETRY_TIME_S": "120",
        }

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

    def transcription_post(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        """Speech-to-text: record the multipart upload, answer the scripted words (or a server error)."""
        with self._lock:
            self.uploads.append(raw)
        if self.transcription is None:
            self._send(
                handler, 500, {"error": {"message": "transcription backend down", "type": "server_error"}}
            )
        else:
            self._send(handler, 200, self.transcription)

    # ---- Batch API: /files (multipart upload), /batches, /batches/{id}, /files/{id}/content

    def batch_post(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        with self._lock:
            if handler.path.endswith("/files"):
                boundary = handler.headers["content-type"].split("boundary=", 1)[1].strip('"').encode()
                content = b""
                for part in raw.split(b"--" + boundary):
                    head, _, data = part.partition(b"\r\n\r\n")
                    if b'name="file"' in head:
                        content = data.rsplit(b"\r\n", 1)[0]
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = content.decode()
                payload: dict[str, Any] = {
                    "id": file_id,
                    "object": "file",
                    "bytes": len(content),
                    "created_at": 0,
                    "filename": "requests.jsonl",
                    "purpose": "batch",
                    "status": "processed",
                }
            else:
                body = json.loads(raw)
                batch_id = f"batch_{len(self.batches) + 1}"
                payload = {
                    "id": batch_id,
                    "object": "batch",
                    "endpoint": body["endpoint"],
                    "input_file_id": body["input_file_id"],
                    "completion_window": body["completion_window"],
                    "created_at": 0,
                    "status": "validating",
                    "output_file_id": None,
                    "error_file_id": None,
                    "polls": 0,
                }
                self.batches[batch_id] = payload
        self._send(handler, 200, {k: v for k, v in payload.items() if k != "polls"})

    def batch_get(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            parts = handler.path.strip("/").split("/")
            if parts[-1] == "content":
                data = self.files[parts[-2]].encode()
                handler.send_response(200)
                handler.send_header("content-type", "application/jsonl")
                handler.send_header("content-length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)
                return
            batch = self.batches[parts[-1]]
            batch["polls"] += 1
            if batch["status"] != "completed":
                batch["status"] = "in_progress"
                if batch["polls"] >= self.polls_to_complete:
                    lines = []
                    for line in self.files[batch["input_file_id"]].splitlines():
                        item = json.loads(line)
                        self.batch_requests.append(item)
                        content = self.responder(item["body"]) if self.responder else "{}"
                        reply = {
                            "id": "chatcmpl-batch",
                            "object": "chat.completion",
                            "created": 0,
                            "model": item["body"]["model"],
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": content},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
                        }
                        lines.append(
                            json.dumps(
                                {
                                    "id": "req",
                                    "custom_id": item["custom_id"],
                                    "response": {"status_code": 200, "body": reply},
                                    "error": None,
                                }
                            )
                        )
                    out_id = f"file-{len(self.files) + 1}"
                    self.files[out_id] = "\n".join(lines) + "\n"
                    batch.update(status="completed", output_file_id=out_id)
            payload = {k: v for k, v in batch.items() if k != "polls"}
        self._send(handler, 200, payload)

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
    """Answers each pipeline node over HTTP, like ScriptedChat does in-process.

    It routes by the reply schema the node asks for (its `response_format` name), not by prompt wording.
    """
    from tests.support.fake_chat import plan

    prompt = str(body["messages"][-1]["content"])
    schema = body.get("response_format", {}).get("json_schema", {}).get("name", "")
    if schema == "CritiqueJudgement":
        return json.dumps({"verdicts": [], "extra": []})
    if schema == "QuoteRanking":
        # The first two candidates listed (a chunk can hold just one).
        listed = re.findall(r"^\[(\d+)\]", prompt.split("Candidates:")[-1], re.M)[:2]
        return json.dumps(
            {"ranking": [f"{i}:{c}" for i, c in zip(listed, ("result", "emotion"), strict=False)]}
        )
    if schema == "RubricReview":
        return json.dumps({"score": 4, "problems": []})
    if schema == "JudgeVerdict":
        card = {"score": 4, "reason": "clear"}
        return json.dumps({"case_study": card, "blog_post": card, "social_posts": card})
    if schema == "DraftPlan":
        return json.dumps(plan())
    raise AssertionError(f"a request for an unknown reply schema {schema!r}")


class SilentEndpoint:
    """An address that accepts connections and never answers: a hung server, or a proxy in front of one."""

    def __init__(self) -> None:
        """Listen on a free loopback port and hold every connection open without a byte in reply."""
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._held: list[socket.socket] = []
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        """The /v1 URL of the hung endpoint."""
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"

    @property
    def connections(self) -> int:
        """Connections accepted so far (each held open, unanswered)."""
        return len(self._held)

    def _accept(self) -> None:
        while self._open:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._held.append(conn)

    def close(self) -> None:
        """Drop every held connection and stop listening."""
        self._open = False
        for conn in self._held:
            conn.close()
        self._sock.close()
