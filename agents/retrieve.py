"""Retrieve node.

Similar past case studies from the team's library, for structure and voice, and quotes already published from
the same customer. An empty or absent library is fine.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from callcontent.agents.common import timed_node, transcript_of
from callcontent.agents.context import Context, context_of
from callcontent.agents.state import State
from callcontent.store.retrieval import library_available, retrieve_for


@timed_node("retrieve")
def retrieve_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Retrieve node: similar past case studies and quotes already published, from the library."""
    path = context_of(runtime).library_path
    errors: list[str] = []
    if not library_available(path):
        retrieved: dict[str, Any] = {
            "status": "no library",
            "library": path,
            "case_studies": [],
            "published_quotes": [],
        }
    else:
        try:
            retrieved = retrieve_for(transcript_of(state), path)
        except Exception as exc:  # a broken library must not cost the run: report it and write without it
            retrieved = {"status": "failed", "library": path, "case_studies": [], "published_quotes": []}
            errors.append(f"retrieve: library {path} could not be searched: {type(exc).__name__}: {exc}")
    return {
        "retrieved": retrieved,
        "errors": errors,
    }
