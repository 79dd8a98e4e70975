"""Score the critique on real interviews labelled turn by turn by an expert (the development set).

The labels live outside the project (`../shared/data/labelled`, one JSON per transcript; format in
that folder's README). Each label names its turn by index *and* by the turn's first words, so when
the parser's turn numbering changes the label is moved to the nearest turn that starts the same way.

Figures: per-mistake precision/recall at turn level (±1 turn) and at transcript level, the share of
hard negatives (moments an expert says are *not* mistakes) that the critique flags, the rank
correlation of the critique's score with the expert's, and how many suggestions quote the customer's
own words from the evidence turn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from callcontent.critique import MISTAKES, CallType, CountableCritique, critique_transcript
from callcontent.critique.moments import exchanges
from callcontent.errors import TranscriptError
from callcontent.evals import metrics as M
from callcontent.ingest import load_transcript
from callcontent.language import ends_sentence
from callcontent.quote_picking import near_duplicates
from callcontent.transcript import Transcript

REPO_ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 1  # a finding one turn either side of the label still points at the same moment

CritiqueFn = Callable[[Transcript, CallType | None], CountableCritique]


def default_labelled_dir() -> Path | None:
    """`../shared/data/labelled` beside the checkout or the working directory, where it exists."""
    for base in (REPO_ROOT.parent, Path.cwd().parent, Path.cwd()):
        candidate = base / "shared" / "data" / "labelled"
        if candidate.is_dir():
            return candidate
    return None


@dataclass
class LabelledCall:
    """One labelled real call: its transcript, call type, expert mistakes, scores and quotes."""

    name: str
    transcript: Transcript
    call_type: str
    findings: list[M.Finding]
    hard_negatives: list[M.Finding]
    present: dict[str, bool]
    score: float
    best_quotes: list[str] = field(default_factory=list)


SPLIT_FILE = Path(__file__).resolve().parent / "labelled_split.json"


@cache
def labelled_split() -> dict[str, frozenset[str]]:
    """The fixed split of the labelled calls by name: 'fitting' (rules may be read from) and 'validation'."""
    data = json.loads(SPLIT_FILE.read_text())
    return {part: frozenset(data[part]) for part in ("fitting", "validation")}


def split_part(name: str) -> str:
    """Which part of the fixed split a labelled call belongs to.

    A call the split does not name (a user's own, or a newer one) was never read, so it is scored with the
    validation calls.
    """
    return "fitting" if name in labelled_split()["fitting"] else "validation"


def _first_words(text: str, n: int = 6) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))[:n]


def align_turn(transcript: Transcript, turn: int | None, starts: str | None) -> int | None:
    """The label's turn in this parser's numbering: the nearest turn that starts with the same words."""
    if turn is None or not starts:
        return turn
    want = _first_words(starts)
    if not want:
        return turn
    same = [
        t.index
        for t in transcript.turns
        if _first_words(t.text, len(want)) == want or (len(want) >= 3 and _first_words(t.text, 3) == want[:3])
    ]
    return min(same, key=lambda i: abs(i - turn)) if same else turn


def load_labelled(directory: Path, transcripts_dir: Path | None = None) -> list[LabelledCall]:
    """Every labelled call in `directory`; transcripts are looked up in `../transcripts` by name."""
    transcripts_dir = transcripts_dir or directory.parent / "transcripts"
    calls: list[LabelledCall] = []
    for label_file in sorted(directory.glob("*.json")):
        try:
            label = json.loads(label_file.read_text(encoding="utf-8"))
            transcript = load_transcript(transcripts_dir / label["transcript"])
        except (OSError, ValueError, KeyError, TranscriptError) as exc:
            raise ValueError(f"{label_file}: cannot be used as a labelled call ({exc})") from exc

        def aligned(items: Sequence[dict[str, Any]], t: Transcript = transcript) -> list[M.Finding]:
            return [(x["mistake"], align_turn(t, x.get("turn"), x.get("turn_starts"))) for x in items]

        calls.append(
            LabelledCall(
                name=label_file.stem,
                transcript=transcript,
                call_type=label.get("call_type", ""),
                findings=aligned(label.get("findings", [])),
                hard_negatives=aligned(label.get("not_mistakes", [])),
                present={m: bool(label.get("transcript_level", {}).get(m)) for m in MISTAKES},
                score=float(label.get("score", 0)),
                best_quotes=list(label.get("best_quotes", [])),
            )
        )
    return calls


def hard_negative_hits(negatives: Sequence[M.Finding], predicted: Sequence[M.Finding]) -> int:
    """Hard negatives that some finding of the same mistake lands on (same turn exactly)."""
    return sum(1 for m, turn in negatives if any(pm == m and pt == turn for pm, pt in predicted))


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties; None below three pairs."""
    if len(xs) < 3:
        return None

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return round(cov / (vx * vy), 4) if vx and vy else None


_QUOTED = re.compile(r"[“\"']([^”\"']{3,})[”\"']")


def evidence_window(transcript: Transcript, turn: int) -> range:
    """The turns of the exchange a finding at `turn` is about.

    The answer before the interviewer's turn (back-channels folded in), the turn, and the answer it drew.
    """
    for ex in exchanges(transcript):
        first = ex.answer_before[0].index if ex.answer_before else ex.turn.index
        last = ex.answer_after[-1].index if ex.answer_after else ex.turn.index
        if first <= turn <= last and (turn == ex.turn.index or turn in {t.index for t in ex.answer_before}):
            return range(first, last + 1)
    return range(max(0, turn - 1), turn + 2)


def suggestion_fits(suggestion: str, transcript: Transcript, turn: int | None) -> bool:
    """A suggestion fits when every phrase it quotes was said in the finding's evidence (its exchange).

    A suggestion that quotes nothing fits only if it is a rescue line of the seed (they quote nothing).
    """
    from callcontent.critique import RESCUE_LINES

    quoted = [q.strip(" ,.?!…") for q in _QUOTED.findall(suggestion.replace("’", "'"))]
    quoted = [q for q in quoted if len(q.split()) >= 2 or not q.isdigit()]
    if not quoted:
        return any(line in suggestion for line in RESCUE_LINES)
    window = range(len(transcript.turns)) if turn is None else evidence_window(transcript, turn)
    nearby = " ".join(transcript.turns[i].text for i in window)
    haystack = " ".join(nearby.replace("’", "'").lower().split())
    return all(" ".join(q.lower().split()) in haystack for q in quoted)


def score_labelled(
    calls: Sequence[LabelledCall], critique: CritiqueFn | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Summary figures and one row per call for the critique over the labelled calls."""
    critique = critique or (lambda t, call_type: critique_transcript(t, call_type=call_type))
    pairs: list[tuple[list[M.Finding], list[M.Finding]]] = []
    rows: list[dict[str, Any]] = []
    negatives = negative_hits = agree = fits = suggestions = 0
    scores: list[tuple[float, float]] = []
    for call in calls:
        result = critique(call.transcript, None)
        predicted: list[M.Finding] = [(f.mistake, f.turn) for f in result.findings]
        pairs.append((call.findings, predicted))
        hits = hard_negative_hits(call.hard_negatives, predicted)
        negatives += len(call.hard_negatives)
        negative_hits += hits
        present = {m: any(pm == m for pm, _ in predicted) for m in MISTAKES}
        agree += sum(present[m] == call.present[m] for m in MISTAKES)
        fitting = sum(suggestion_fits(f.suggestion, call.transcript, f.turn) for f in result.findings)
        fits += fitting
        suggestions += len(result.findings)
        scores.append((float(result.score), call.score))
        turn = sum((M.turn_level(call.findings, predicted, m, TOLERANCE) for m in MISTAKES), M.PRF(0, 0, 0))
        rows.append(
            {
                "call": call.name,
                "call_type": call.call_type,
                "inferred_call_type": getattr(result, "call_type", None),
                "labelled_findings": len(call.findings),
                "findings": len(predicted),
                "turn_tp": turn.tp,
                "turn_precision": round(turn.precision, 4),
                "turn_recall": round(turn.recall, 4),
                "hard_negatives_flagged": hits,
                "hard_negatives": len(call.hard_negatives),
                "score": result.score,
                "labelled_score": call.score,
            }
        )
    per_mistake = M.critique_scores(pairs)
    overall = sum(
        (M.turn_level(g, p, m, TOLERANCE) for g, p in pairs for m in MISTAKES),
        M.PRF(0, 0, 0),
    )
    summary = {
        "calls": len(calls),
        "labelled_findings": sum(len(c.findings) for c in calls),
        "turn_precision": round(overall.precision, 4),
        "turn_recall": round(overall.recall, 4),
        "turn_f1": round(overall.f1, 4),
        "transcript_agreement": agree,
        "transcript_decisions": len(calls) * len(MISTAKES),
        "hard_negative_fp_rate": round(negative_hits / negatives, 4) if negatives else None,
        "score_spearman": spearman([a for a, _ in scores], [b for _, b in scores]),
        "suggestion_fit": round(fits / suggestions, 4) if suggestions else None,
        # The mistake whose findings are least often right (a mistake that never fires scores 1.0).
        "weakest_mistake_precision": min(v["turn_precision"] for v in per_mistake.values()),
        "per_mistake": per_mistake,
    }
    return summary, rows


# ---------------------------------------------------------------- quotes

QUOTE_COVER = 0.5  # a pick covers an expert quote when it holds at least half of the quote's words


def score_quotes_labelled(
    calls: Sequence[LabelledCall],
    pick: Callable[[Transcript], list[str]],
    candidates: Callable[[Transcript], list[str]] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """How the quotes compare with the expert's on each labelled call.

    Expert-quote recall of the picks (and of the candidate pool, the ceiling), pick precision, and picks
    that end mid-sentence.
    """
    rows: list[dict[str, Any]] = []
    expert = recalled = ceiling = picks_total = picks_matching = cut_off = duplicates = verbatim = 0
    for call in calls:
        if not call.best_quotes:
            continue
        picks = pick(call.transcript)
        duplicates += sum(near_duplicates(a, b) for i, a in enumerate(picks) for b in picks[i + 1 :])
        verbatim += sum(_said_by_customer(call.transcript, p) for p in picks)
        pool = candidates(call.transcript) if candidates else []
        hit = sum(1 for g in call.best_quotes if any(M.span_overlap(g, p) >= QUOTE_COVER for p in picks))
        reachable = sum(1 for g in call.best_quotes if any(M.span_overlap(g, c) >= QUOTE_COVER for c in pool))
        matching = sum(1 for p in picks if any(M.span_overlap(g, p) >= QUOTE_COVER for g in call.best_quotes))
        unfinished = sum(1 for p in picks if not ends_sentence(p))
        expert += len(call.best_quotes)
        recalled += hit
        ceiling += reachable
        picks_total += len(picks)
        picks_matching += matching
        cut_off += unfinished
        rows.append(
            {
                "call": call.name,
                "expert_quotes": len(call.best_quotes),
                "recalled": hit,
                "candidates": len(pool),
                "reachable": reachable,
                "picks": len(picks),
                "picks_matching": matching,
                "recall": round(hit / len(call.best_quotes), 4),
            }
        )
    per_call = sorted(r["recall"] for r in rows)
    summary = {
        "expert_quotes": expert,
        "recall": round(recalled / expert, 4) if expert else None,
        "candidate_ceiling": round(ceiling / expert, 4) if expert and candidates else None,
        "pick_precision": round(picks_matching / picks_total, 4) if picks_total else None,
        "picks_ending_mid_sentence": cut_off,
        "near_duplicate_pairs": duplicates,
        "picks_verbatim": round(verbatim / picks_total, 4) if picks_total else None,
        # How far the figure moves from call to call: the spread a user meets on one call.
        "recall_per_call": {
            "min": per_call[0],
            "median": per_call[len(per_call) // 2],
            "max": per_call[-1],
        }
        if per_call
        else None,
    }
    return summary, rows


def _said_by_customer(transcript: Transcript, text: str) -> bool:
    """Whether `text` stands word for word in one customer turn (whitespace aside)."""
    wanted = " ".join(text.split())
    return any(t.role == "customer" and wanted in " ".join(t.text.split()) for t in transcript.turns)
