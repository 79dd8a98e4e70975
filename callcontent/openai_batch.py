"""OpenAI Batch API mode for `callcontent batch --openai-batch`: half the price, a 24 h window.

The pipeline's graphs run until a node needs a model reply that is not in the reply store; that
request is queued and the node stops (its graph is checkpointed). All queued requests of a stage go
out as one JSONL batch job; when it completes, the replies are stored by request key and the graphs
resume from their checkpoints. A batch id is written to the ledger before polling starts, so a
restarted run collects the job it already paid for instead of submitting it again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from callcontent.llm.errors import redact
from callcontent.llm.replies import LLMCache
from callcontent.settings import Settings

BATCH_ERROR = "__batch_error__:"
TERMINAL = {"completed", "failed", "expired", "cancelled"}


def openai_client(settings: Settings) -> Any:
    """An OpenAI SDK client for the configured endpoint and key."""
    from openai import OpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return OpenAI(api_key=key, base_url=settings.openai_base_url, max_retries=3, timeout=settings.timeout_s)


def submit(client: Any, requests: dict[str, dict[str, Any]]) -> str:
    """Upload the requests as a JSONL file and start a Batch job; returns its id."""
    lines = [
        json.dumps({"custom_id": key, "method": "POST", "url": "/v1/chat/completions", "body": body})
        for key, body in requests.items()
    ]
    upload = client.files.create(file=("requests.jsonl", ("\n".join(lines) + "\n").encode()), purpose="batch")
    job = client.batches.create(
        input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    return str(job.id)


def wait_and_collect(
    client: Any,
    batch_id: str,
    cache: LLMCache,
    *,
    poll_s: float,
    on_status: Callable[[str, str], None] | None = None,
    timeout_s: float = 26 * 3600,
) -> dict[str, int]:
    """Poll until the job ends; store every reply (or its error) under its request key."""
    started = time.monotonic()
    while True:
        job = client.batches.retrieve(batch_id)
        if on_status:
            on_status(batch_id, str(job.status))
        if job.status in TERMINAL:
            break
        if time.monotonic() - started > timeout_s:
            raise RuntimeError(f"batch {batch_id} still {job.status} after {timeout_s:.0f} s")
        time.sleep(poll_s)
    counts = {"ok": 0, "errors": 0, "input_tokens": 0, "output_tokens": 0}
    if job.status != "completed":
        return counts | {"status_" + str(job.status): 1}
    for file_id in (job.output_file_id, job.error_file_id):
        if not file_id:
            continue
        for line in client.files.content(file_id).text.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            response = item.get("response") or {}
            body = response.get("body") or {}
            if response.get("status_code") == 200 and body.get("choices"):
                cache.put(item["custom_id"], body["choices"][0]["message"]["content"] or "")
                usage = body.get("usage") or {}
                counts["ok"] += 1
                counts["input_tokens"] += int(usage.get("prompt_tokens", 0))
                counts["output_tokens"] += int(usage.get("completion_tokens", 0))
            else:
                error = (
                    item.get("error")
                    or body.get("error")
                    or {"message": f"status {response.get('status_code')}"}
                )
                cache.put(item["custom_id"], BATCH_ERROR + redact(json.dumps(error))[:500])
                counts["errors"] += 1
    return counts
