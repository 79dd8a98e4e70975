"""Fit the quotability head on the expert-labelled real calls and measure it held out by call.

    python -m callcontent.evals.fit_quotability [--labelled DIR] [--write]

Every candidate window of each call is a training line, quotable when it covers at least half of one of
the expert's best quotes (the eval's own rule). The figures that matter are held out: for each call, a
head fitted on the other calls picks that call's quotes. `--write` stores the head fitted on all calls,
with those figures, in `callcontent/quotability_head.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from callcontent.evals import metrics as M
from callcontent.evals.labelled import (
    QUOTE_COVER,
    LabelledCall,
    default_labelled_dir,
    load_labelled,
    score_quotes_labelled,
)
from callcontent.quotability import HEAD_FILE, REGULARISATION_C, QuotabilityHead, embed_lines, fit_head
from callcontent.quote_picking import all_candidates, code_picks
from callcontent.store.embeddings import MODEL_NAME
from callcontent.transcript import Transcript


def training_lines(call: LabelledCall) -> tuple[np.ndarray, np.ndarray]:
    """The call's candidate windows, embedded, and whether each covers an expert quote."""
    texts = [c.text for c in all_candidates(call.transcript)]
    labels = np.array(
        [any(M.span_overlap(quote, text) >= QUOTE_COVER for quote in call.best_quotes) for text in texts]
    )
    return embed_lines(texts), labels


def fit_on(calls: Sequence[LabelledCall], c: float = REGULARISATION_C) -> QuotabilityHead:
    """The head fitted on every candidate window of these calls."""
    lines = [training_lines(call) for call in calls if call.best_quotes]
    return fit_head(np.vstack([x for x, _ in lines]), np.concatenate([y for _, y in lines]), c)


def held_out_heads(calls: Sequence[LabelledCall]) -> dict[str, QuotabilityHead]:
    """For each call, the head fitted on all the other calls."""
    return {call.name: fit_on([other for other in calls if other is not call]) for call in calls}


def head_for(
    calls: Sequence[LabelledCall], heads: dict[str, QuotabilityHead], transcript: Transcript
) -> QuotabilityHead:
    """The held-out head of the call this transcript belongs to."""
    return next(heads[call.name] for call in calls if call.transcript is transcript)


def held_out_quote_figures(calls: Sequence[LabelledCall]) -> dict[str, Any]:
    """Code picks on each call with the head that never saw it."""
    heads = held_out_heads(calls)
    summary, _ = score_quotes_labelled(
        calls,
        lambda t: [c.text for c in code_picks(t, head=head_for(calls, heads, t))],
        lambda t: [c.text for c in all_candidates(t)],
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    """Print the held-out figures; with --write, store the head fitted on all calls."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=None, help="directory of labelled calls")
    parser.add_argument(
        "--write", action="store_true", help=f"store the head fitted on all calls in {HEAD_FILE.name}"
    )
    args = parser.parse_args(argv)
    directory = args.labelled or default_labelled_dir()
    if directory is None or not Path(directory).is_dir():
        print("fit_quotability: no labelled calls found (pass --labelled DIR)", file=sys.stderr)
        return 2
    calls = [call for call in load_labelled(Path(directory)) if call.best_quotes]
    held_out = held_out_quote_figures(calls)
    print(json.dumps({"held_out_by_call": held_out}))
    if args.write:
        head = fit_on(calls)
        meta = {
            "embedding": MODEL_NAME,
            "regularisation_c": REGULARISATION_C,
            "label": f"the window covers at least {QUOTE_COVER:.0%} of an expert quote's words",
            "trained_on": [call.name for call in calls],
            "held_out_by_call": {k: held_out[k] for k in ("recall", "pick_precision")},
        }
        HEAD_FILE.write_text(
            json.dumps(QuotabilityHead(head.weights, head.bias, meta).to_json()) + "\n", encoding="utf-8"
        )
        print(f"wrote {HEAD_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
