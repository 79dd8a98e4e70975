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
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
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
from callcontent.quotability import (
    HEAD_FILE,
    REGULARISATION_C,
    QuotabilityHead,
    embed_lines,
    fit_head,
    keep_embeddings_in,
    shipped_head,
)
from callcontent.quote_picking import all_candidates, code_picks
from callcontent.settings import load_settings
from callcontent.store.minilm import MODEL_NAME
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
    return _fit_lines([training_lines(call) for call in calls if call.best_quotes], c)


def _fit_lines(
    lines: list[tuple[np.ndarray, np.ndarray]],
    c: float = REGULARISATION_C,
    start: QuotabilityHead | None = None,
) -> QuotabilityHead:
    return fit_head(np.vstack([x for x, _ in lines]), np.concatenate([y for _, y in lines]), c, start)


def held_out_heads(
    calls: Sequence[LabelledCall], fitted_on: Collection[str] | None = None
) -> dict[str, QuotabilityHead]:
    """For each call, a head that never saw it.

    A call outside `fitted_on` (by default, the calls the shipped head was fitted on) gets the shipped
    head itself: it is new to it, as a user's call is. A call inside gets a head fitted on the other calls
    of `fitted_on` that are here. A call with no other to fit on is left out (see `head_for`).
    """
    seen = set(shipped_head().meta.get("trained_on", []) if fitted_on is None else fitted_on)
    # Each call's lines once, not once per head that trains on them.
    lines = {call.name: training_lines(call) for call in calls if call.name in seen and call.best_quotes}
    heads: dict[str, QuotabilityHead] = {}
    # Each held-out fit starts from the head fitted on all of these calls: leaving one call out moves the
    # optimum a little, so Newton needs a few steps instead of a cold start's many (same optimum).
    everything = _fit_lines(list(lines.values())) if len(lines) > 2 else None
    for call in calls:
        if call.name not in seen:
            heads[call.name] = shipped_head()
        elif others := [ls for name, ls in lines.items() if name != call.name]:
            heads[call.name] = _fit_lines(others, start=everything)
    return heads


def head_for(
    calls: Sequence[LabelledCall], heads: dict[str, QuotabilityHead], transcript: Transcript
) -> QuotabilityHead:
    """The held-out head of the call this transcript belongs to (the shipped one where there is none)."""
    name = next(call.name for call in calls if call.transcript is transcript)
    return heads.get(name, shipped_head())


def _calls(n: int) -> str:
    return f"{n} call" if n == 1 else f"{n} calls"


def held_out_note(calls: Sequence[LabelledCall], heads: dict[str, QuotabilityHead]) -> str:
    """How the eval's quote figures were held out, in a line."""
    new = sum(1 for call in calls if heads.get(call.name) is shipped_head())
    refit = sum(1 for call in calls if call.name in heads) - new
    seen = len(calls) - new - refit
    parts = [f"{_calls(refit)} it was fitted on scored by a head fitted on the others"] if refit else []
    parts += [f"{_calls(new)} it never saw scored by the shipped head"] if new else []
    if seen:
        parts.append(
            f"{_calls(seen)} scored by the head fitted on them (nothing else to fit on): not held out"
        )
    return "held out by call: " + "; ".join(parts)


def score_held_out(
    calls: Sequence[LabelledCall],
    pick: Callable[[Transcript, QuotabilityHead], list[str]],
    fitted_on: Collection[str] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The quote figures of `pick` on each call with quotes, given a head that never saw that call.

    The summary says how the figures were held out (`quotability_head`); the rows are per call.
    """
    quoted = [call for call in calls if call.best_quotes]
    heads = held_out_heads(quoted, fitted_on)
    summary, rows = score_quotes_labelled(
        quoted,
        lambda t: pick(t, head_for(quoted, heads, t)),
        lambda t: [c.text for c in all_candidates(t)],
    )
    summary["quotability_head"] = held_out_note(quoted, heads)
    return summary, rows


def held_out_quote_figures(
    calls: Sequence[LabelledCall], fitted_on: Collection[str] | None = None
) -> dict[str, Any]:
    """Code picks on each call with a head that never saw it."""
    summary, _ = score_held_out(calls, lambda t, head: [c.text for c in code_picks(t, head=head)], fitted_on)
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
    keep_embeddings_in(Path(load_settings().cache_dir) / "embeddings")
    calls = [call for call in load_labelled(Path(directory)) if call.best_quotes]
    held_out = held_out_quote_figures(calls, fitted_on=[call.name for call in calls])
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
        HEAD_FILE.write_text(json.dumps(replace(head, meta=meta).to_json()) + "\n", encoding="utf-8")
        print(f"wrote {HEAD_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
