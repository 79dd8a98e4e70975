"""Eval metrics: pure functions over gold and predicted data, each small enough to check by hand."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from callcontent.critique import MISTAKES

Finding = tuple[str, int | None]  # (mistake id, turn or None for the whole call)


@dataclass(frozen=True)
class PRF:
    """True positives, false positives and false negatives, and the scores built on them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of predictions that were right (1.0 when there were none)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold that was found (1.0 when there was none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        """Counts summed, for totals over mistakes or examples."""
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def transcript_level(gold: Sequence[Finding], pred: Sequence[Finding], mistake: str) -> PRF:
    """Is the mistake present in the interview at all?"""
    g = any(m == mistake for m, _ in gold)
    p = any(m == mistake for m, _ in pred)
    return PRF(int(g and p), int(p and not g), int(g and not p))


def _matches(g: Finding, p: Finding, tolerance: int) -> bool:
    if g[0] != p[0]:
        return False
    if g[1] is None:  # a whole-call gold finding is matched by any finding of that mistake
        return True
    return p[1] is not None and abs(p[1] - g[1]) <= tolerance


def turn_level(gold: Sequence[Finding], pred: Sequence[Finding], mistake: str, tolerance: int = 1) -> PRF:
    """Findings matched one to one by mistake and turn (±tolerance); greedy, nearest turn first."""
    gs = [g for g in gold if g[0] == mistake]
    ps = [p for p in pred if p[0] == mistake]
    used: set[int] = set()
    tp = 0
    for g in sorted(gs, key=lambda f: (f[1] is None, f[1] or 0)):
        candidates = [
            (abs((p[1] or 0) - (g[1] or 0)) if g[1] is not None else 0, i)
            for i, p in enumerate(ps)
            if i not in used and _matches(g, p, tolerance)
        ]
        if candidates:
            used.add(min(candidates)[1])
            tp += 1
    return PRF(tp, len(ps) - len(used), len(gs) - tp)


def critique_scores(
    examples: Sequence[tuple[Sequence[Finding], Sequence[Finding]]],
) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per mistake at both levels, summed over examples (micro)."""
    out: dict[str, dict[str, float]] = {}
    for mistake in MISTAKES:
        t = sum((transcript_level(g, p, mistake) for g, p in examples), PRF(0, 0, 0))
        u = sum((turn_level(g, p, mistake) for g, p in examples), PRF(0, 0, 0))
        out[mistake] = {
            "transcript_precision": round(t.precision, 4),
            "transcript_recall": round(t.recall, 4),
            "transcript_f1": round(t.f1, 4),
            "turn_precision": round(u.precision, 4),
            "turn_recall": round(u.recall, 4),
            "turn_f1": round(u.f1, 4),
            "support": t.tp + t.fn,
        }
    return out


# ---------------------------------------------------------------- quotes


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def span_overlap(gold: str, pred: str) -> float:
    """Share of the gold quote's words covered by the predicted span, in order (longest common run)."""
    g, p = _tokens(gold), _tokens(pred)
    if not g:
        return 0.0
    best = 0
    for i in range(len(g)):
        for j in range(len(p)):
            k = 0
            while i + k < len(g) and j + k < len(p) and g[i + k] == p[j + k]:
                k += 1
            best = max(best, k)
    return best / len(g)


def quote_recall(gold: Sequence[str], pred: Sequence[str], threshold: float = 0.5) -> float | None:
    """Share of gold quotes that some predicted quote covers by at least `threshold`; None without gold."""
    if not gold:
        return None
    hit = sum(1 for g in gold if any(span_overlap(g, p) >= threshold for p in pred))
    return hit / len(gold)


def share(flags: Sequence[bool]) -> float | None:
    """Share of True in `flags`, or None for no flags."""
    return sum(flags) / len(flags) if flags else None


# ---------------------------------------------------------------- comparison


def bootstrap_delta(
    baseline: Sequence[float], candidate: Sequence[float], *, resamples: int = 2000, seed: int = 7
) -> tuple[float, float, float]:
    """Mean paired difference (candidate - baseline) and its 95% percentile bootstrap interval."""
    if len(baseline) != len(candidate):
        raise ValueError("paired samples must have the same length")
    diffs = [c - b for b, c in zip(baseline, candidate, strict=True)]
    if not diffs:
        return 0.0, 0.0, 0.0
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    low = means[int(0.025 * (resamples - 1))]
    high = means[int(0.975 * (resamples - 1))]
    return sum(diffs) / n, low, high


def is_regression(
    delta: float, low: float, high: float, threshold: float, higher_is_better: bool = True
) -> bool:
    """A drop larger than `threshold` whose interval excludes zero."""
    if higher_is_better:
        return delta < -threshold and high < 0
    return delta > threshold and low > 0


def mean(values: Sequence[float | None]) -> float | None:
    """Mean of the known values, or None."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
