"""A fake chat model for graph unit tests: answers each node with a scripted JSON reply.

It routes by the node that calls it (the run metadata every model call carries), never by the
prompt's wording, so a prompt can be rewritten without breaking the tests.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field


class ScriptedChat(BaseChatModel):
    """Replies by calling node; `writes` are consumed one per write call (for revise rounds)."""

    critique: dict[str, Any] = Field(default_factory=lambda: {"verdicts": [], "extra": []})
    quotes: dict[str, Any] = Field(default_factory=lambda: {"ranking": []})
    writes: list[dict[str, Any]] = Field(default_factory=list)
    review: dict[str, Any] = Field(default_factory=lambda: {"score": 4, "problems": []})
    seen: list[str] = Field(default_factory=list)
    seen_prompts: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        prompt = str(messages[-1].content)
        kind = str((run_manager.metadata if run_manager else {}).get("node", ""))
        with _LOCK:
            if kind == "critique":
                reply = self.critique
            elif kind == "quotes":
                reply = self.quotes
            elif kind == "review":
                reply = self.review
            elif kind == "write":
                reply = self.writes[0] if len(self.writes) == 1 else self.writes.pop(0)
            else:
                raise AssertionError(f"a model call from an unknown node {kind!r}")
            self.seen.append(kind)
            self.seen_prompts.append(prompt)
        message = AIMessage(
            content=json.dumps(reply),
            usage_metadata={"input_tokens": 10, "output_tokens": 5, "total_tokens": 15},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


_LOCK = threading.Lock()


def plan(
    challenge: str = "Things were slow. {{Q0}}", results: str = "Closing took two days. {{Q1}}"
) -> dict[str, Any]:
    body = " ".join(["The team rebuilt how billing works, step by step, with the customer in the lead."] * 8)
    lesson = " ".join(
        ["Finance leaders can learn from it: fix the handoffs before buying more software."] * 8
    )
    return {
        "case_study": {
            "title": "From six days to two",
            "challenge": challenge + " " + body,
            "solution": "They moved billing to one system. " + body,
            "results": results,
            "pull_quote_ids": [0, 1],
        },
        # A different piece from the case study: the lesson the story teaches, not the story again.
        "blog_post": {"title": "A close without the fire drill", "body": lesson + " {{Q2}} " + lesson},
        "linkedin": {
            "hook": "A finance team got its evenings back.",
            "lines": [
                "Billing ran on spreadsheets.",
                "Every close was a fire drill.",
                "Then they rebuilt it.",
            ],
            "quote_id": 0,
        },
        "x_post": {"text": "A finance team got its evenings back.", "quote_id": 0},
    }
