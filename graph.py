"""The Call-Content pipeline as a LangGraph state machine.

transcript ─┬─ critique ─┐
            ├─ quotes ───┼─ write ─ review ─┬─ done
            └─ retrieve ─┘     ▲            │
                               └── revise ──┘  (bounded; the best round is kept, marked)
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from callcontent.agents.common import timed_node
from callcontent.agents.context import Context
from callcontent.agents.critique import critique_node
from callcontent.agents.quotes import quotes_node
from callcontent.agents.retrieve import retrieve_node
from callcontent.agents.review import review_node, route_after_review
from callcontent.agents.state import InputState, OutputState, State
from callcontent.agents.write import write_node
from callcontent.facts import customer_facts, facts_as_json
from callcontent.ingest import load_transcript, parse_text


@timed_node("ingest")
def ingest_node(state: State) -> dict[str, Any]:
    """Parse the transcript (path or text) once; every later node reads it from state."""
    interviewers = state.get("interviewers") or []
    if state.get("transcript_text"):
        transcript = parse_text(state["transcript_text"], interviewers=interviewers)
    else:
        transcript = load_transcript(state["transcript_path"], interviewers=interviewers)
    return {
        "transcript": transcript.model_dump(),
        "facts": facts_as_json(customer_facts(transcript)),
        "rounds": 0,
    }


def build_graph(checkpointer: Any = None, *, sequential: bool = False) -> Any:
    """The pipeline. `sequential=True` chains the three branches (for the benchmark's comparison)."""
    builder = StateGraph(State, context_schema=Context, input_schema=InputState, output_schema=OutputState)
    builder.add_node("ingest", ingest_node)
    builder.add_node("critique", critique_node)
    builder.add_node("quotes", quotes_node)
    builder.add_node("retrieve", retrieve_node)
    builder.add_node("write", write_node)
    builder.add_node("review", review_node)

    builder.add_edge(START, "ingest")
    if sequential:
        builder.add_edge("ingest", "critique")
        builder.add_edge("critique", "quotes")
        builder.add_edge("quotes", "retrieve")
        builder.add_edge("retrieve", "write")
    else:
        for branch in ("critique", "quotes", "retrieve"):  # run in parallel, join before writing
            builder.add_edge("ingest", branch)
        builder.add_edge(["critique", "quotes", "retrieve"], "write")
    builder.add_edge("write", "review")
    builder.add_conditional_edges("review", route_after_review, {"revise": "write", "done": END})
    return builder.compile(checkpointer=checkpointer)


graph = build_graph()
