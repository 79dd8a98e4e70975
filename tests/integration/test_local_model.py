"""The real local model: llama.cpp in-process with the pinned Qwen2.5-Coder-1.5B weights."""

from __future__ import annotations

import time

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from callcontent.llm.client import ChatClient
from callcontent.llm.errors import LLMError
from callcontent.llm.local_server import LOCAL_SERVER
from callcontent.llm.local_weights import SHA256, ensure_model_file
from callcontent.llm.usage import UsageLedger
from callcontent.settings import Settings
from callcontent.weights import sha256_of

pytestmark = pytest.mark.local_model


class Extracted(BaseModel):
    customer_name: str = Field(max_length=40)
    hours_saved_per_week: int = Field(ge=0, le=168)
    feeling: str = Field(max_length=40)


def test_assembled_weights_match_the_pinned_checksum() -> None:
    path = ensure_model_file()
    assert sha256_of(path) == SHA256


def test_local_model_returns_a_schema_valid_structured_answer() -> None:
    ledger = UsageLedger()
    client = ChatClient("extractor", Settings(model="local", max_tokens=128), ledger)
    answer = client.structured(
        Extracted,
        [
            SystemMessage(content="Extract facts from the interview as JSON."),
            HumanMessage(
                content="Interviewer Dana: How much time does it save you?\n"
                "Customer Sam Ortiz: About 15 hours a week. Honestly, I feel relieved.\n"
                "What is the customer's name, the hours saved per week, and the feeling?"
            ),
        ],
        node="test",
    )
    assert isinstance(answer, Extracted)
    assert answer.hours_saved_per_week == 15
    assert "relie" in answer.feeling.lower()
    rec = ledger.calls[0]
    assert rec.ok and rec.input_tokens > 20 and rec.output_tokens > 5
    assert LOCAL_SERVER.n_ctx >= 4096 and LOCAL_SERVER.address.startswith("http://127.0.0.1:")


class Fruits(BaseModel):
    names: list[str] = Field(min_length=80)  # the grammar makes the reply long


def test_the_local_model_is_judged_by_progress_not_by_a_wall_clock() -> None:
    # The stall limit is a few seconds; the reply takes longer than that in all. A wall-clock timeout
    # would cut it off; tokens keep flowing, so it completes (or is cut at the token budget).
    settings = Settings(model="local", max_tokens=700, local_stall_s=3, structured_retries=0)
    client = ChatClient("judge", settings, UsageLedger())
    started = time.monotonic()
    try:
        client.structured(Fruits, [HumanMessage(content="List 120 different fruit names.")], node="test")
    except LLMError as exc:
        assert exc.kind == "truncated", exc  # out of room is fine; a timeout is not
    elapsed = time.monotonic() - started
    stall_limit = 3 + 20 / 20  # the stall limit plus the first-token allowance of this short prompt
    assert elapsed > 2 * stall_limit, (
        f"the reply came in {elapsed:.1f} s; make it longer so the test means something"
    )
