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

import atexit
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

# Imported here, not inside a node: see minilm.py on importing chromadb from two threads.
from callcontent.store.minilm import HIDDEN, MODEL_NAME, shared_model

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


def fit_head(
    embeddings: np.ndarray,
    labels: np.ndarray,
    c: float = REGULARISATION_C,
    start: QuotabilityHead | None = None,
) -> QuotabilityHead:
    """L2-regularised logistic regression with balanced class weights, fitted by Newton's method.

    Minimises ½‖w‖² + C · Σ sᵢ · logloss(xᵢ, yᵢ), the bias unpenalised, sᵢ = n / (2 · n_class(yᵢ)). The
    objective is convex, so `start` (a head fitted on nearly the same lines, as in leave-one-call-out)
    changes only how many steps it takes to reach the same optimum.
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
    theta = np.zeros(dim + 1) if start is None else np.append(start.weights, start.bias).astype(np.float64)
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
# Where the eval and the fitters keep the labelled calls' line embeddings between runs (None: memory only).
# A run of the pipeline never writes here: a user's transcript is embedded in memory and forgotten.
_store: Path | None = None


def forget_embeddings() -> None:
    """Drop the memo (a benchmark times the quotes stage as a run meets it: nothing embedded yet)."""
    _memo.clear()


def keep_embeddings_in(folder: Path) -> None:
    """Keep line embeddings in `folder` across processes (the eval embeds the same ~11,000 lines each run).

    Keyed by the model and the line's sha256; a damaged file is ignored and rewritten.
    """
    global _store
    if _store is None:
        # Written once, as the process ends: rewriting a 30 MB file after every call's batch cost more
        # than it saved.
        atexit.register(_save_store)
    _store = folder / f"{MODEL_NAME.replace('/', '_')}-lines.npz"
    try:
        with np.load(_store) as saved:
            for key, vector in zip(saved["keys"], saved["vectors"], strict=True):
                _stored[str(key)] = vector
    except (OSError, ValueError, KeyError):
        pass


_stored: dict[str, np.ndarray] = {}
_unsaved: list[str] = []  # keys embedded since the store was read


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _save_store() -> None:
    if _store is None or not _unsaved:
        return
    _store.parent.mkdir(parents=True, exist_ok=True)
    keys = list(_stored)
    partial = _store.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(partial, keys=np.array(keys), vectors=np.vstack([_stored[k] for k in keys]))
    os.replace(partial, _store)  # whole or not at all, even with two evals at once
    _unsaved.clear()


def embed_lines(texts: list[str]) -> np.ndarray:
    """The lines' MiniLM embeddings (memoised: the eval scores the same windows for every held-out head)."""
    missing = list(dict.fromkeys(t for t in texts if t not in _memo))
    if missing and _stored:
        for text in missing:
            if (vector := _stored.get(_key(text))) is not None:
                _memo[text] = vector
        missing = [t for t in missing if t not in _memo]
    if missing:
        if len(_memo) + len(missing) > _EMBEDDING_MEMO_LIMIT:
            _memo.clear()
        for text, vector in zip(missing, shared_model().embed(missing), strict=True):
            _memo[text] = vector
            if _store is not None:
                _stored[key := _key(text)] = vector
                _unsaved.append(key)
    if not texts:
        return np.zeros((0, HIDDEN))
    return np.vstack([_memo[t] for t in texts])
