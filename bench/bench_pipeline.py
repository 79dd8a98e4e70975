"""`callcontent run` on the bundled sample with the local model.

Wall time, LLM calls and tokens per node, for the graph as shipped (critique | quotes | retrieve in parallel)
and the same graph run sequentially. Target on a 2-core machine: under 120 s end to end.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from callcontent.run import run_transcript
from callcontent.settings import load_settings

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample_interview.txt"


def measure(sequential: bool, model: str | None) -> dict[str, Any]:
    """One `run` of the sample, parallel or sequential, with its wall time and model calls."""
    result = run_transcript(SAMPLE, settings=load_settings(model=model), sequential=sequential)
    meta = result["meta"]
    return {
        "mode": "sequential" if sequential else "parallel",
        "wall_s": meta["wall_s"],
        "llm_calls": meta["tokens"]["calls"],
        "input_tokens": meta["tokens"]["input_tokens"],
        "output_tokens": meta["tokens"]["output_tokens"],
        "cached_tokens": meta["tokens"]["cached_tokens"],
        "review_rounds": result["review"].get("rounds"),
        "review_passed": result["review"].get("passed"),
        "removed_by_code": len(result["review"].get("removed_by_code", [])),
        "review_history": result["review"].get("history", []),  # why each extra round was needed
        "per_node": meta["tokens_by_node"],
        "node_timings_s": meta["timings_s"],
        "quotes": len(result["quotes"]),
        "errors": result["errors"],
    }


def main() -> None:
    """Run the pipeline benchmark in the chosen mode(s) and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=None, help="default: the configured model (local)")
    parser.add_argument("--mode", choices=["both", "parallel", "sequential"], default="both")
    args = parser.parse_args()
    modes = {"both": [False, True], "parallel": [False], "sequential": [True]}[args.mode]
    print(json.dumps([measure(seq, args.model) for seq in modes], indent=2))


if __name__ == "__main__":
    main()
