"""Small helpers the nodes share: the transcript from state, fenced prompts, timing."""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from callcontent.agents.context import Context
from callcontent.agents.state import State
from callcontent.transcript import Transcript


def transcript_of(state: State) -> Transcript:
    return Transcript.model_validate(state["transcript"])


def fenced(transcript: Transcript) -> str:
    # Fenced and declared as data; it comes first so the shared prefix is cached by llama.cpp and OpenAI.
    return f"<transcript>\n{transcript.render()}\n</transcript>"


def messages(ctx: Context, body: str, transcript: Transcript | None = None) -> list[BaseMessage]:
    prefix = fenced(transcript) + "\n\n" if transcript is not None else ""
    return [SystemMessage(content=ctx.prompt("system").text), HumanMessage(content=prefix + body)]
