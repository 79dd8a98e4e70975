"""Retrieve node: similar past case studies from the team's library, for structure and voice.

An empty or absent library is fine: the writer then works from the interview alone. The Chroma
library itself (`store/`) is built in its own issue; until a library exists this node reports that
plainly in the result instead of pretending to have searched.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agents.context import Context
from agents.state import State


def retrieve_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    started = time.perf_counter()
    retrieved: dict[str, Any] = {
        "status": "no library",
        "library": runtime.context.library_path,
        "case_studies": [],
        "published_quotes": [],
    }
    return {"retrieved": retrieved, "timings": {"retrieve": round(time.perf_counter() - started, 3)}}
