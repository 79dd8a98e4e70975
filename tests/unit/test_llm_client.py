from __future__ import annotations

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage
from pydantic import BaseModel, Field

from callcontent.llm.client import ChatClient, make_clients
from callcontent.llm.errors import LLMError, redact
from callcontent.llm.usage import UsageLedger
from callcontent.settings import Settings, load_settings


class Pick(BaseModel):
    turn: int
    why: str = Field(max_length=40)


def fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


def test_fenced_json_from_a_small_model_is_accepted() -> None:
    ledger = UsageLedger()
    c = ChatClient("critic", Settings(), ledger, chat_model=fake('```json\n{"turn": 3, "why": "vague"}\n```'))
    assert c.structured(Pick, [HumanMessage(content="x")], node="critique") == Pick(turn=3, why="vague")
    assert ledger.by_node()["critique"]["calls"] == 1


def test_invalid_then_valid_reply_counts_one_reask() -> None:
    ledger = UsageLedger()
    c = ChatClient(
        "critic", Settings(), ledger, chat_model=fake('{"turn": "three"}', '{"turn": 3, "why": "ok"}')
    )
    assert c.structured(Pick, [HumanMessage(content="x")], node="critique").turn == 3
    assert ledger.calls[0].reasks == 1 and ledger.calls[0].ok


def test_none_model_gives_no_client_and_missing_key_is_plain() -> None:
    clients = make_clients(Settings(model="none"), UsageLedger())
    assert all(c is None for c in clients.values())
    c = ChatClient("writer", Settings(model="openai:gpt-4o-mini"), UsageLedger())
    with pytest.raises(LLMError, match="OPENAI_API_KEY is not set"):
        c.structured(Pick, [HumanMessage(content="x")], node="write")


def test_settings_precedence_flags_over_env_over_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLCONTENT_MODEL", "none")
    monkeypatch.setenv("CALLCONTENT_WRITER_MODEL", "openai:gpt-4o")
    monkeypatch.setenv("CALLCONTENT_MAX_ATTEMPTS", "7")
    s = load_settings()
    assert (s.model, s.model_for("writer"), s.model_for("critic"), s.max_attempts) == (
        "none",
        "openai:gpt-4o",
        "none",
        7,
    )
    assert load_settings(model="local").model == "local"


def test_keys_are_redacted_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "plainkey-1234567890")
    text = "auth failed for sk-proj-ABCDEF1234567890 with Bearer abcdefghijk12345 and plainkey-1234567890"
    cleaned = redact(text)
    assert "ABCDEF1234567890" not in cleaned and "abcdefghijk12345" not in cleaned
    assert "plainkey-1234567890" not in cleaned
    settings = load_settings()
    assert "plainkey" not in str(settings.public_dict()) and "plainkey" not in repr(settings)
