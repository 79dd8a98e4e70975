"""Small helpers the nodes share: the transcript from state, fenced prompts, timing."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, ParamSpec

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from callcontent.agents.context import Context
from callcontent.agents.state import State
from callcontent.facts import Fact, customer_facts, facts_from_json
from callcontent.transcript import Transcript


def transcript_of(state: State) -> Transcript:
    """The state's transcript as the model it was stored from."""
    return Transcript.model_validate(state["transcript"])


def facts_of(state: State) -> list[Fact]:
    """The customer's facts, read once at ingest (a state from before they were carried reads them now)."""
    if "facts" in state:
        return facts_from_json(state["facts"])
    return customer_facts(transcript_of(state))


def fenced(transcript: Transcript) -> str:
    """The transcript inside <transcript> tags, so every prompt marks it as data, never as instructions."""
    # Fenced and declared as data; it comes first so the shared prefix is cached by llama.cpp and OpenAI.
    return f"<transcript>\n{transcript.render()}\n</transcript>"


def messages(ctx: Context, body: str, transcript: Transcript | None = None) -> list[BaseMessage]:
    """System prompt plus one human message: the fenced transcript (when given) before `body`."""
    prefix = fenced(transcript) + "\n\n" if transcript is not None else ""
    return [SystemMessage(content=ctx.prompt("system").text), HumanMessage(content=prefix + body)]


P = ParamSpec("P")
NodeUpdate = dict[str, Any]


def timed_node(
    name: str | Callable[[NodeUpdate], str],
) -> Callable[[Callable[P, NodeUpdate]], Callable[P, NodeUpdate]]:
    """Time a node into `timings[name]` and give every update an `errors` list.

    `name` may be computed from the update (the review names each round). The wrapper keeps the node's
    signature, so LangGraph still sees whether it takes the runtime.
    """

    def decorate(node: Callable[P, NodeUpdate]) -> Callable[P, NodeUpdate]:
        @functools.wraps(node)
        def run(*args: P.args, **kwargs: P.kwargs) -> NodeUpdate:
            started = time.perf_counter()
            update = node(*args, **kwargs)
            key = name(update) if callable(name) else name
            return {
                **update,
                "errors": update.get("errors", []),
                "timings": {key: round(time.perf_counter() - started, 3)},
            }

        return run

    return decorate
