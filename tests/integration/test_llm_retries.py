"""Every retry path of the model client, over real HTTP against a scripted OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from langchain_core.messages import HumanMessage
from pydantic import BaseModel, Field

from callcontent.llm.client import ChatClient
from callcontent.llm.errors import LLMError
from callcontent.llm.pacing import RateGate
from callcontent.llm.usage import UsageLedger
from callcontent.settings import Settings
from tests.support.fake_openai import FakeOpenAI, SilentEndpoint, Step

SECRET = "sk-test-SECRET-0123456789abcdef"


class Verdict(BaseModel):
    verdict: str = Field(max_length=20)
    reasons: list[str] = Field(max_length=3)


GOOD = json.dumps({"verdict": "pass", "reasons": ["grounded"]})


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI()
    yield server
    server.close()


def client(fake: FakeOpenAI, **overrides: object) -> tuple[ChatClient, UsageLedger]:
    settings = Settings.model_validate(
        {
            "model": "openai:gpt-test",
            "openai_api_key": SECRET,
            "openai_base_url": fake.base_url,
            "max_attempts": 4,
            "timeout_s": 5,
            **overrides,
        }
    )
    ledger = UsageLedger()
    return ChatClient("reviewer", settings, ledger, gate=RateGate()), ledger


def ask(c: ChatClient) -> Verdict:
    return c.structured(Verdict, [HumanMessage(content="Judge this.")], node="review", max_tokens=64)


def test_ok_reply_is_parsed_and_accounted(fake: FakeOpenAI) -> None:
    fake.script = [Step("ok", GOOD)]
    c, ledger = client(fake)
    assert ask(c) == Verdict(verdict="pass", reasons=["grounded"])
    rec = ledger.calls[0]
    assert (rec.input_tokens, rec.output_tokens, rec.cached_tokens, rec.retries) == (100, 20, 64, 0)
    assert fake.requests[0]["response_format"]["type"] == "json_schema"
    assert {k.lower(): v for k, v in fake.headers[0].items()}["authorization"] == f"Bearer {SECRET}"


def test_429_honours_retry_after(fake: FakeOpenAI) -> None:
    fake.script = [Step("429", retry_after=1.5), Step("ok", GOOD)]
    c, ledger = client(fake)
    assert ask(c).verdict == "pass"
    assert len(fake.requests) == 2
    assert fake.times[1] - fake.times[0] >= 1.5  # waited at least what the server asked for
    assert ledger.calls[0].retries == 1


def test_500_then_success(fake: FakeOpenAI) -> None:
    fake.script = [Step("500"), Step("500"), Step("ok", GOOD)]
    c, ledger = client(fake)
    assert ask(c).verdict == "pass"
    assert ledger.calls[0].attempts == 3


def test_timeout_is_retried(fake: FakeOpenAI) -> None:
    fake.script = [Step("slow", GOOD, delay=2.0), Step("ok", GOOD)]
    c, ledger = client(fake, timeout_s=0.5)
    assert ask(c).verdict == "pass"
    assert ledger.calls[0].retries == 1


def test_malformed_json_is_asked_again_with_the_error(fake: FakeOpenAI) -> None:
    fake.script = [Step("malformed", '{"verdict": "pass", "reasons": '), Step("ok", GOOD)]
    c, ledger = client(fake)
    assert ask(c).verdict == "pass"
    second = fake.requests[1]["messages"]
    assert "not valid" in second[-1]["content"]
    assert ledger.calls[0].reasks == 1


def test_schema_violation_is_asked_again(fake: FakeOpenAI) -> None:
    too_many = json.dumps({"verdict": "pass", "reasons": ["a", "b", "c", "d"]})
    fake.script = [Step("ok", too_many), Step("ok", GOOD)]
    c, _ = client(fake)
    assert ask(c).reasons == ["grounded"]
    assert "at most 3 items" in fake.requests[1]["messages"][-1]["content"]


def test_cut_off_reply_is_retried_with_more_room(fake: FakeOpenAI) -> None:
    fake.script = [Step("cutoff", '{"verdict": "pa'), Step("ok", GOOD)]
    c, _ = client(fake)
    assert ask(c).verdict == "pass"
    assert fake.requests[1]["max_completion_tokens"] == 2 * fake.requests[0]["max_completion_tokens"]


def test_gives_up_after_capped_attempts_with_a_clear_message(fake: FakeOpenAI) -> None:
    fake.default = Step("500")
    c, ledger = client(fake, max_attempts=3)
    with pytest.raises(LLMError) as info:
        ask(c)
    assert info.value.kind == "transient"
    assert "gave up after 3 attempts" in str(info.value)
    assert len(fake.requests) == 3
    assert not ledger.calls[0].ok and ledger.calls[0].error


def test_invalid_output_gives_up_after_bounded_reasks(fake: FakeOpenAI) -> None:
    fake.default = Step("malformed", "not json at all")
    c, _ = client(fake, structured_retries=2)
    with pytest.raises(LLMError) as info:
        ask(c)
    assert info.value.kind == "invalid_output" and "gave up after 3 asks" in str(info.value)
    assert len(fake.requests) == 3


def test_auth_error_is_not_retried_and_never_shows_the_key(fake: FakeOpenAI) -> None:
    fake.script = [Step("401")]
    c, ledger = client(fake)
    with pytest.raises(LLMError) as info:
        ask(c)
    assert info.value.kind == "auth" and "API key" in str(info.value)
    assert len(fake.requests) == 1
    everything = str(info.value) + json.dumps(ledger.records())
    assert SECRET not in everything and "0123456789abcdef" not in everything


def test_insufficient_quota_is_not_retried(fake: FakeOpenAI) -> None:
    fake.script = [Step("quota")]
    c, _ = client(fake)
    with pytest.raises(LLMError) as info:
        ask(c)
    assert info.value.kind == "quota" and "no quota left" in str(info.value)
    assert len(fake.requests) == 1


def test_total_retry_time_is_capped(fake: FakeOpenAI) -> None:
    fake.default = Step("429", retry_after=0.6)
    c, _ = client(fake, max_attempts=50, max_retry_time_s=1.0)
    with pytest.raises(LLMError, match="gave up"):
        ask(c)
    assert len(fake.requests) < 5


def test_an_endpoint_that_never_answers_fails_once_then_is_known_to_be_down() -> None:
    hung = SilentEndpoint()
    try:
        settings = Settings.model_validate(
            {
                "model": "openai:gpt-test",
                "openai_api_key": SECRET,
                "openai_base_url": hung.base_url,
                "max_attempts": 2,
                "timeout_s": 1,
                "max_retry_time_s": 30,
            }
        )
        c = ChatClient("reviewer", settings, UsageLedger(), gate=RateGate())
        with pytest.raises(LLMError, match="gave up after 2 attempts"):
            ask(c)
        assert hung.connections == 2  # two 1 s read timeouts, not minutes of them
        # Every later call of the run fails at once with one clear line, instead of waiting again.
        with pytest.raises(LLMError) as info:
            ask(c)
        assert info.value.kind == "endpoint_down" and "no reply within 1 s" in str(info.value)
        assert hung.connections == 2  # not even a connection attempt
    finally:
        hung.close()


def test_a_reply_cut_off_twice_gives_up_instead_of_growing_the_room_again(fake: FakeOpenAI) -> None:
    # A small model can repeat a JSON array until any limit: after twice the room, more room only costs time.
    fake.script = [Step("cutoff", '{"verdict": "pa'), Step("cutoff", '{"verdict": "pa'), Step("ok", GOOD)]
    c, _ = client(fake, structured_retries=2)
    with pytest.raises(LLMError) as info:
        ask(c)
    assert info.value.kind == "truncated" and "gave up after 2 asks" in str(info.value)
    assert len(fake.requests) == 2
