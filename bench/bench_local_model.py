"""The local model on this machine.

Prompt and generation tokens/s, and one structured-output call on a 1,500-word transcript (wall time, tokens).
Uses llama.cpp's own `timings` from the server reply.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import httpx
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from callcontent.ingest import load_transcript
from callcontent.llm.client import ChatClient
from callcontent.llm.local_server import LOCAL_SERVER
from callcontent.llm.usage import UsageLedger
from callcontent.settings import Settings

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample_interview.txt"


class QuoteList(BaseModel):
    """A structured reply the benchmark asks for: a few verbatim customer sentences."""

    quotes: list[str] = Field(max_length=8, description="verbatim customer sentences")


def main() -> None:
    """Measure the local model's load time, prompt and generation speed, and one structured call."""
    t0 = time.perf_counter()
    base = LOCAL_SERVER.ensure(8192)
    load_s = time.perf_counter() - t0
    transcript = load_transcript(SAMPLE)
    text = transcript.render()
    runs = []
    for i in range(3):
        # A different first line each run defeats the prompt cache, so prompt speed is measured cold.
        body = {
            "model": "local",
            "messages": [{"role": "user", "content": f"Run {i}. Summarise in 3 sentences:\n{text}"}],
            "max_tokens": 128,
            "temperature": 0,
        }
        timings = httpx.post(base + "/chat/completions", json=body, timeout=600).json()["timings"]
        runs.append(timings)
    ledger = UsageLedger()
    client = ChatClient("extractor", Settings(model="local", max_tokens=600), ledger)
    t1 = time.perf_counter()
    client.structured(
        QuoteList,
        [
            SystemMessage(content="List the customer's most quotable sentences, verbatim."),
            HumanMessage(content=text),
        ],
        node="bench",
    )
    structured_s = time.perf_counter() - t1
    rec = ledger.calls[0]
    print(
        json.dumps(
            {
                "server_start_s": round(load_s, 2),
                "n_ctx": LOCAL_SERVER.n_ctx,
                "transcript_words": transcript.words,
                "prompt_tokens": runs[0]["prompt_n"],
                "prompt_tokens_per_s_median": round(
                    statistics.median(r["prompt_per_second"] for r in runs), 1
                ),
                "generation_tokens_per_s_median": round(
                    statistics.median(r["predicted_per_second"] for r in runs), 1
                ),
                "structured_call": {
                    "wall_s": round(structured_s, 2),
                    "input_tokens": rec.input_tokens,
                    "output_tokens": rec.output_tokens,
                    "cached_tokens": rec.cached_tokens,
                    "reasks": rec.reasks,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
