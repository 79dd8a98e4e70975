"""The learned quotability head: the fit is the regularised optimum, and the blend moves what it rates up."""

from __future__ import annotations

import numpy as np
import pytest

from callcontent.evals.labelled import LabelledCall
from callcontent.ingest import parse_text
from callcontent.quotability import QuotabilityHead, embed_lines, fit_head, shipped_head
from callcontent.quote_picking import all_candidates, score_candidates


def _toy(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(400, 8))
    y = x[:, 2] + 0.3 * rng.normal(size=400) > 1.0  # a rare class, as quotable lines are
    return x, y


def test_the_fit_is_the_optimum_of_the_balanced_l2_objective() -> None:
    x, y = _toy()
    c = 0.5
    head = fit_head(x, y, c)
    # At the optimum the gradient of ½‖w‖² + C·Σ sᵢ·logloss vanishes (the bias unpenalised).
    n, positives = len(y), y.sum()
    s = np.where(y, n / (2 * positives), n / (2 * (n - positives)))
    p = 1 / (1 + np.exp(-(x @ head.weights + head.bias)))
    residual = c * s * (p - y)
    assert np.allclose(head.weights + x.T @ residual, 0, atol=1e-6)
    assert abs(residual.sum()) < 1e-6
    assert int(np.argmax(np.abs(head.weights))) == 2  # it found the direction that decides


def test_a_stronger_penalty_shrinks_the_weights() -> None:
    x, y = _toy(1)
    assert np.linalg.norm(fit_head(x, y, 0.01).weights) < np.linalg.norm(fit_head(x, y, 1.0).weights)


def test_fitting_needs_both_kinds_of_line() -> None:
    with pytest.raises(ValueError, match="both"):
        fit_head(np.ones((5, 3)), np.zeros(5, dtype=bool))


def test_the_shipped_head_matches_the_embedding() -> None:
    head = shipped_head()
    assert head.weights.shape == (384,) and np.isfinite(head.weights).all()
    assert head.meta["embedding"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert embed_lines(["We closed the books in two days."]).shape == (1, 384)


def test_the_blend_lifts_the_line_the_head_rates_highest() -> None:
    transcript = parse_text(
        "Host: What changed for you?\n"
        "Guest: We closed the books in two days instead of six. My team got their Fridays back. "
        "The weather was fine that week. I had a sandwich for lunch.\n"
    )
    candidates = all_candidates(transcript)
    target = "I had a sandwich for lunch."
    direction = embed_lines([target])[0]
    # A head that rates only lines like the sandwich one: it must come first although no cue favours it.
    head = QuotabilityHead(weights=direction * 20, bias=-10.0)
    scored = score_candidates(transcript, candidates, head)
    best = max(scored, key=lambda c: c.score)
    assert best.text == target
    assert 0.0 <= best.features["quotability"] <= 1.0


def _call(name: str, answer: str, quote: str) -> LabelledCall:
    transcript = parse_text(
        f"Host: What happened?\nGuest: {answer}\nHost: And then?\nGuest: It was fine. We moved on.\n"
    )
    return LabelledCall(name, transcript, "customer_story", [], [], {}, 50.0, [quote])


def test_each_labelled_call_is_scored_by_a_head_that_never_saw_it() -> None:
    from callcontent.evals.fit_quotability import fit_on, head_for, held_out_heads, held_out_note

    a = _call(
        "a", "We lost the biggest client in March. I cried in the car park.", "I cried in the car park."
    )
    b = _call("b", "The invoices doubled overnight. Nobody slept that week.", "Nobody slept that week.")
    c = _call("c", "We hired two people. The office moved.", "We hired two people.")
    heads = held_out_heads([a, b, c], fitted_on=["a", "b"])
    assert heads["c"] is shipped_head()  # a call the shipped head never saw is scored by it, as a user's is
    assert np.allclose(heads["a"].weights, fit_on([b]).weights)  # a call it saw: a head fitted on the others
    assert np.allclose(heads["b"].weights, fit_on([a]).weights)
    assert held_out_note([a, b, c], heads) == (
        "held out by call: 2 calls it was fitted on scored by a head fitted on the others; "
        "1 call it never saw scored by the shipped head"
    )
    alone = held_out_heads([a], fitted_on=["a"])
    assert alone == {} and head_for([a], alone, a.transcript) is shipped_head()
    assert held_out_note([a], alone).endswith("not held out")


def test_the_quotes_stage_imports_its_embedding_model_up_front_and_no_chromadb() -> None:
    # The quotes node runs beside the retrieve node, which imports chromadb; a second thread importing
    # chromadb at the same moment failed the run (KeyError: 'chromadb.api'). So the model the quotes
    # stage embeds with is imported with the module, before any node runs, and it needs no chromadb.
    import subprocess
    import sys

    probe = (
        "import sys, callcontent.agents.quotes; "
        "print('callcontent.store.minilm' in sys.modules, any(m.startswith('chromadb') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
