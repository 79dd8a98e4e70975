"""A learned "would a marketer pull this line" score over sentence embeddings.

The cue features in `quote_picking` see words (a figure, a feeling, "I remember"); what makes an expert pull
one line of an answer and not the next is what the line says, which they do not see. This head is a
logistic regression over the line's all-MiniLM-L6-v2 embedding, fitted on the expert-labelled real calls
(`python -m callcontent.evals.fit_quotability --write` writes `quotability_head.json`). Fitted on five
calls and scored on the sixth, it lifted expert-quote recall over the cue score alone (the figures are in
the head file's `held_out_by_call` and in `callcontent eval`), so the code ranking blends the two.

Only the fitted numbers ship (384 weights and a bias); no transcript text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

# Imported here, not inside a node: see minilm.py on importing chromadb from two threads.
from callcontent.store.minilm import HIDDEN, shared_model

HEAD_FILE = Path(__file__).with_name("quotability_head.json")
# Inverse L2 strength and the labelled-line weighting, as sklearn's LogisticRegression(C, class_weight=
# "balanced") has them; C = 0.1 sat in the middle of the held-out plateau (0.05–0.3).
REGULARISATION_C = 0.1
NEWTON_STEPS = 50
_EMBEDDING_MEMO_LIMIT = 100_000  # lines (150 MB): the labelled eval embeds about 11,000 (22 calls)


@dataclass(frozen=True)
class QuotabilityHead:
    """Logistic-regression weights over a 384-dimensional sentence embedding."""

    weights: np.ndarray
    bias: float
    meta: dict[str, Any] = field(default_factory=dict)

    def decision(self, embeddings: np.ndarray) -> np.ndarray:
        """Log-odds that each embedded line is one an expert would pull (higher is more quotable)."""
        return np.asarray(embeddings @ self.weights + self.bias, dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        """The head as `quotability_head.json` stores it."""
        return {
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            **self.meta,
        }


def logistic(log_odds: np.ndarray) -> np.ndarray:
    """Probabilities from log-odds."""
    return np.asarray(1.0 / (1.0 + np.exp(-log_odds)), dtype=np.float64)


@cache
def shipped_head() -> QuotabilityHead:
    """The head fitted on the labelled development calls, as shipped in the package."""
    data = json.loads(HEAD_FILE.read_text(encoding="utf-8"))
    weights = np.asarray(data.pop("weights"), dtype=np.float64)
    bias = float(data.pop("bias"))
    return QuotabilityHead(weights=weights, bias=bias, meta=data)


def fit_head(embeddings: np.ndarray, labels: np.ndarray, c: float = REGULARISATION_C) -> QuotabilityHead:
    """L2-regularised logistic regression with balanced class weights, fitted by Newton's method.

    Minimises ½‖w‖² + C · Σ sᵢ · logloss(xᵢ, yᵢ), the bias unpenalised, sᵢ = n / (2 · n_class(yᵢ)).
    """
    y = labels.astype(np.float64)
    n, dim = embeddings.shape
    positives = float(y.sum())
    if positives in (0.0, float(n)):
        raise ValueError("fitting the quotability head needs both quotable and other lines")
    sample_weight = np.where(y > 0, n / (2 * positives), n / (2 * (n - positives)))
    x = np.hstack([embeddings.astype(np.float64), np.ones((n, 1))])
    penalty = np.ones(dim + 1)
    penalty[-1] = 0.0
    theta = np.zeros(dim + 1)
    for _ in range(NEWTON_STEPS):
        p = logistic(x @ theta)
        gradient = penalty * theta + c * x.T @ (sample_weight * (p - y))
        hessian = np.diag(penalty) + c * (x.T * (sample_weight * p * (1 - p))) @ x
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return QuotabilityHead(weights=theta[:-1], bias=float(theta[-1]))


_memo: dict[str, np.ndarray] = {}


def forget_embeddings() -> None:
    """Drop the memo (a benchmark times the quotes stage as a run meets it: nothing embedded yet)."""
    _memo.clear()


def embed_lines(texts: list[str]) -> np.ndarray:
    """The lines' MiniLM embeddings (memoised: the eval scores the same windows for every held-out head)."""
    missing = list(dict.fromkeys(t for t in texts if t not in _memo))
    if missing:
        if len(_memo) + len(missing) > _EMBEDDING_MEMO_LIMIT:
            _memo.clear()
        for text, vector in zip(missing, shared_model().embed(missing), strict=True):
            _memo[text] = vector
    if not texts:
        return np.zeros((0, HIDDEN))
    return np.vstack([_memo[t] for t in texts])
