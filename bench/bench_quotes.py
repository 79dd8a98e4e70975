"""Quotes on the labelled real calls with a model ranking (default: the local model), timed per call.

    python -m bench.bench_quotes [--model local]

Prints expert-quote recall, pick precision and the quotes stage's time per call (the issue's bar: under
60 s on a 6,000-word call on 2 cores). Each call is scored with a quotability head fitted on the other
calls (held out, as `callcontent eval` does), and timed with nothing embedded beforehand.
"""

from __future__ import annotations

import argparse
import json
import time

from callcontent.agents.context import Context
from callcontent.agents.quotes import pick_quotes
from callcontent.evals.fit_quotability import score_held_out
from callcontent.evals.labelled import default_labelled_dir, load_labelled
from callcontent.llm.client import make_clients
from callcontent.llm.usage import UsageLedger
from callcontent.quotability import QuotabilityHead, forget_embeddings
from callcontent.settings import load_settings
from callcontent.transcript import Transcript


def main() -> None:
    """Score a model's quote ranking against the expert quotes of the labelled calls."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="local")
    args = parser.parse_args()
    directory = default_labelled_dir()
    if directory is None:
        raise SystemExit("no labelled calls (../shared/data/labelled)")
    settings = load_settings(model=args.model)
    ledger = UsageLedger()
    ctx = Context(settings=settings, ledger=ledger, clients=make_clients(settings, ledger))
    timings: list[dict[str, object]] = []

    def picks(transcript: Transcript, head: QuotabilityHead) -> list[str]:
        forget_embeddings()
        started = time.perf_counter()
        quotes, stats, errors = pick_quotes(transcript, ctx, head)
        timings.append(
            {
                "words": transcript.words,
                "seconds": round(time.perf_counter() - started, 1),
                "ranked_by": stats["ranked_by"],
                "dropped": stats["dropped_unverified"],
                "errors": errors,
            }
        )
        return [q["text"] for q in quotes]

    summary, rows = score_held_out(load_labelled(directory), picks)
    print(json.dumps({"model": args.model, "summary": summary}, indent=2))
    for row, timing in zip(rows, timings, strict=True):
        print(json.dumps({**row, **timing}))


if __name__ == "__main__":
    main()
