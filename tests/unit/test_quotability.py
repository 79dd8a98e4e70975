"""The learned quotability head: the fit is the regularised optimum, and the blend moves what it rates up."""

from __future__ import annotations

import numpy as np
import pytest

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
