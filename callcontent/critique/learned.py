"""The critique's judgement, learned from coaches' labels: per mistake, a small head over what code measures.

The rules find moments a keyword could; whether a coach would stop the tape there depends on more than
one cue: what the customer had just said, how long the answer was, whether the next turn picked up the
customer's words, where in the call it is. For each mistake that sits at a turn, every turn of the side
it sits on (the interviewer's, or the customer's for an unpressed vague claim) is a candidate, described
by the numbers below; the rules' own verdicts are among them, as features, not as the decision. A
logistic head per mistake, fitted on the labelled real calls by `python -m callcontent.evals.fit_critique
--write`, says which candidates are findings. Only the fitted numbers ship (`critique_heads.json`).

Whole-call findings (the 80/20 share, no feeling asked anywhere, permission, recording) stay with the
rules: code counts those exactly.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from callcontent import language as lang
from callcontent.critique.model import MISTAKES, RESCUE, Finding, MistakeId
from callcontent.critique.moments import Exchange, trails_off
from callcontent.transcript import Transcript, Turn
from callcontent.voices import holds_both_voices

HEADS_FILE = Path(__file__).with_name("critique_heads.json")

# The mistakes a head decides, each at the side of the call it sits on (GUIDE.md's conventions): all but
# the two that only the whole call shows.
WHOLE_CALL_ONLY: frozenset[str] = frozenset({"not_recording", "no_publish_permission"})
TURN_MISTAKES: tuple[MistakeId, ...] = tuple(m for m in MISTAKES if m not in WHOLE_CALL_ONLY)
AT_CUSTOMER_TURN: frozenset[str] = frozenset({"no_specifics"})


@dataclass(frozen=True)
class Moment:
    """One candidate turn with what surrounds it."""

    turn: Turn
    before: str
    """What the other side said just before (the customer's answer, or the question a customer answers)."""
    after: str
    """What the other side said next."""
    next_own: str
    """This side's next turn."""
    position: float
    exchange: Exchange | None
    rule_turns: frozenset[tuple[str, int]]
    """(mistake, turn) of every rule finding in the call."""


def _words(text: str) -> float:
    return math.log1p(len(text.split()))


def _questions(text: str) -> float:
    return float(text.count("?"))


def _closed_question(text: str) -> float:
    kinds = [kind for _, kind in lang.questions_in(text)]
    return float(bool(kinds) and kinds[-1] == "closed")


def _open_question(text: str) -> float:
    return float(any(kind == "open" for _, kind in lang.questions_in(text)))


def _statement_recap(text: str) -> float:
    start = text.strip().lower()
    return float(
        "?" not in text and start.startswith(("so ", "so,", "okay, so", "right, so", "it sounds like"))
    )


def _shared_words(text: str, other: str) -> float:
    asked = lang.content_words(text)
    if not asked:
        return 0.0
    return len(asked & lang.content_words(" ".join(other.split()[-120:]))) / len(asked)


def _cue(cue: lang.Cue | re.Pattern[str]) -> Callable[[str], float]:
    def count(text: str) -> float:
        return float(len(cue.findall(text)))

    return count


_VAGUE = _cue(lang.VAGUE_QUANTITY)
_FIGURES = _cue(lang.FIGURE)
_FOLLOW_UP = _cue(lang.FOLLOW_UP)
_PRESS = _cue(lang.PRESS_FOR_NUMBER)
_FEELING_Q = _cue(lang.EMOTION_QUESTION)


def _rule(mistake: str, near: int) -> Callable[[Moment], float]:
    def fired(m: Moment) -> float:
        return float(any((mistake, m.turn.index + d) in m.rule_turns for d in range(-near, near + 1)))

    return fired


# Each feature is one number about a moment, named so a head's weights can be read.
FEATURES: dict[str, Callable[[Moment], float]] = {
    "words": lambda m: _words(m.turn.text),
    "words_before": lambda m: _words(m.before),
    "words_after": lambda m: _words(m.after),
    "thin_after": lambda m: float(len(m.after.split()) < 25),
    "questions": lambda m: _questions(m.turn.text),
    "closed": lambda m: _closed_question(m.turn.text),
    "open": lambda m: _open_question(m.turn.text),
    "recap": lambda m: _statement_recap(m.turn.text),
    "picks_up_before": lambda m: _shared_words(m.turn.text, m.before),
    "next_picks_up": lambda m: _shared_words(m.next_own, m.turn.text),
    "follow_up_cue": lambda m: _FOLLOW_UP(m.turn.text),
    "next_follow_up_cue": lambda m: _FOLLOW_UP(m.after if m.turn.role == "customer" else m.next_own),
    "press_next": lambda m: _PRESS(m.after),
    "feeling_question": lambda m: _FEELING_Q(m.turn.text),
    "vague": lambda m: _VAGUE(m.turn.text),
    "vague_before": lambda m: _VAGUE(m.before),
    "figures": lambda m: _FIGURES(m.turn.text),
    "figures_before": lambda m: _FIGURES(m.before),
    "trails_off_before": lambda m: float(bool(m.before) and trails_off(m.before)),
    "both_voices": lambda m: float(holds_both_voices(m.turn)),
    "position": lambda m: m.position,
    "late": lambda m: float(m.position > 0.9),
    "early": lambda m: float(m.position < 0.05),
    **{f"rule_{name}": _rule(name, 0) for name in TURN_MISTAKES},
    **{f"rule_{name}_near": _rule(name, 1) for name in TURN_MISTAKES},
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)


def moments(
    transcript: Transcript, exchanges: Sequence[Exchange], rule_findings: Sequence[Finding], side: str
) -> list[Moment]:
    """Every turn of `side` ('interviewer' or 'customer') as a candidate moment."""
    turns = transcript.turns
    by_turn = {ex.turn.index: ex for ex in exchanges}
    rules = frozenset((f.mistake, f.turn) for f in rule_findings if f.turn is not None)
    total = max(1, len(turns) - 1)
    out = []
    for turn in turns:
        if turn.role != side:
            continue
        k = turn.index
        before = _other_side_text(turns, k, -1, turn.role)
        after = _other_side_text(turns, k, 1, turn.role)
        next_own = next((t.text for t in turns[k + 1 :] if t.role == turn.role), "")
        out.append(Moment(turn, before, after, next_own, k / total, by_turn.get(k), rules))
    return out


def _other_side_text(turns: Sequence[Turn], k: int, step: int, role: str) -> str:
    """The other side's words right before (step -1) or after (step 1) turn k, up to this side's next turn."""
    texts: list[str] = []
    i = k + step
    while 0 <= i < len(turns) and turns[i].role != role:
        texts.append(turns[i].text)
        i += step
    return " ".join(texts if step > 0 else reversed(texts))


def feature_matrix(found: Sequence[Moment]) -> np.ndarray:
    """One row of FEATURES per moment."""
    if not found:
        return np.zeros((0, len(FEATURE_NAMES)))
    return np.array([[FEATURES[name](m) for name in FEATURE_NAMES] for m in found], dtype=np.float64)


@dataclass(frozen=True)
class Head:
    """A logistic head for one mistake over standardised features, with its decision threshold."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(a coach flags the moment) for each row."""
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        """As `critique_heads.json` stores it, weights by feature name."""
        return {
            "weights": {n: round(float(w), 6) for n, w in zip(FEATURE_NAMES, self.weights, strict=True)},
            "bias": round(self.bias, 6),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "threshold": round(self.threshold, 4),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Head:
        """Back from the file; a feature the file does not know gets weight 0."""
        weights = np.array([float(data["weights"].get(n, 0.0)) for n in FEATURE_NAMES])
        return cls(
            weights=weights,
            bias=float(data["bias"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            threshold=float(data["threshold"]),
        )


@dataclass(frozen=True)
class CritiqueHeads:
    """One head per turn-level mistake, and what they were fitted on."""

    heads: dict[MistakeId, Head]
    silent: frozenset[str] = frozenset()
    """Mistakes no head could flag at the precision a coach's finding needs: no turn-level finding of
    these is given (their whole-call findings still are)."""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def decides(self) -> frozenset[str]:
        """The turn-level mistakes these heads decide (flag, or leave silent)."""
        return frozenset(self.heads) | self.silent

    def to_json(self) -> dict[str, Any]:
        """As `critique_heads.json` stores it."""
        return {
            "features": list(FEATURE_NAMES),
            "heads": {m: h.to_json() for m, h in self.heads.items()},
            "silent": sorted(self.silent),
            **self.meta,
        }


@cache
def shipped_heads() -> CritiqueHeads | None:
    """The heads fitted on the labelled calls, as shipped; None when the file is absent or stale."""
    if not HEADS_FILE.exists():
        return None
    data = json.loads(HEADS_FILE.read_text(encoding="utf-8"))
    if tuple(data.get("features", ())) != FEATURE_NAMES:
        return None  # features changed since the fit: refit (`fit_critique --write`); rules decide meanwhile
    heads = {m: Head.from_json(h) for m, h in data.pop("heads").items() if m in TURN_MISTAKES}
    silent = frozenset(data.pop("silent", ()))
    data.pop("features")
    return CritiqueHeads(heads=heads, silent=silent, meta=data)


def learned_findings(
    transcript: Transcript,
    exchanges: Sequence[Exchange],
    rule_findings: Sequence[Finding],
    heads: CritiqueHeads,
) -> list[Finding]:
    """The turn-level findings the heads accept: a rule's wording where a rule fired there, else the seed's."""
    rule_at = {(f.mistake, f.turn): f for f in rule_findings if f.turn is not None}
    out: list[Finding] = []
    for side in ("interviewer", "customer"):
        found = moments(transcript, exchanges, rule_findings, side)
        x = feature_matrix(found)
        for mistake, head in heads.heads.items():
            if (mistake in AT_CUSTOMER_TURN) != (side == "customer") or not found:
                continue
            p = head.probability(x)
            for moment, prob in zip(found, p, strict=True):
                if prob < head.threshold:
                    continue
                rule = rule_at.get((mistake, moment.turn.index))
                out.append(rule or _seed_finding(mistake, moment, float(prob)))
    return out


_SUGGESTION: dict[str, str] = {
    "closed_question": RESCUE["short"],
    "no_follow_up": "Tell me more about that — what happened next?",
    "talking_too_much": RESCUE["talking"],
    "no_emotion": RESCUE["emotion"],
    "no_silence": RESCUE["silence"],
    "no_specifics": RESCUE["vague"],
}


def _seed_finding(mistake: MistakeId, moment: Moment, probability: float) -> Finding:
    """A finding the head made where no rule fired: the moment's words and the seed's rescue line."""
    evidence = (
        moment.turn.text if mistake != "no_follow_up" else f"{moment.before[-160:]} → {moment.turn.text}"
    )
    return Finding(
        mistake=mistake,
        turn=moment.turn.index,
        timestamp=moment.turn.start,
        evidence=" ".join(evidence.split())[:240],
        severity="medium" if probability >= 0.7 else "low",
        suggestion=_SUGGESTION[mistake],
        cost=round(0.5 + probability, 2),
    )
