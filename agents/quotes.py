"""Quotes node: code picks candidate spans from customer turns, the LLM ranks them, code verifies every one."""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime
from pydantic import BaseModel, Field

from callcontent import language as lang
from callcontent.agents.common import messages, transcript_of
from callcontent.agents.context import Context, context_of
from callcontent.agents.state import State
from callcontent.llm.client import LLMError
from callcontent.transcript import Transcript
from callcontent.verify import locate_quote

MAX_CANDIDATES = 30
MIN_QUOTES, MAX_QUOTES = 10, 15


CATEGORIES: tuple[str, ...] = ("result", "emotion", "before_after", "advice", "story", "product")


# Best first, each entry "ID:category". Deliberately terse: a 1.5B model asked for objects with free
# text copied whole paragraphs back and ran out of tokens; trimming stays code's job (the candidates
# already come as 1-3 sentence windows).
class QuoteRanking(BaseModel):
    ranking: list[str] = Field(
        max_length=MAX_QUOTES,
        json_schema_extra={
            "items": {"type": "string", "pattern": "^[0-9]{1,3}:(" + "|".join(CATEGORIES) + ")$"}
        },
    )

    def picks(self) -> list[tuple[int, str]]:
        out = []
        for entry in self.ranking:
            ident, _, category = entry.partition(":")
            if ident.isdigit() and category in CATEGORIES:
                out.append((int(ident), category))
        return out


ADVICE = lang.Cue(
    r"\b(?:i'd (?:tell|say)|i would (?:tell|say)|my advice|don't wait|if you're|stop trying|just do it)\b"
)
# Words addressed to an AI, not said as testimony: never offered as a quote (prompt injection).
INSTRUCTION = lang.Cue(
    r"\b(?:ignore (?:all |your |the |any )?(?:previous |prior )?instructions|system prompt|disregard|"
    r"you are (?:an ai|chatgpt|a language model)|as an ai|say that we|write that we)\b"
)
BEFORE_AFTER = lang.Cue(r"\b(?:used to|before|now|anymore|went from|instead of|no longer|since)\b")


def candidate_spans(transcript: Transcript) -> list[dict[str, Any]]:
    """Windows of 1-3 consecutive sentences from customer turns, 8-70 words, scored by quotable cues."""
    found: dict[str, dict[str, Any]] = {}
    for turn in transcript.turns:
        if turn.role != "customer":
            continue
        sents = lang.sentences(turn.text)
        for size in (1, 2, 3):
            for i in range(len(sents) - size + 1):
                span = " ".join(sents[i : i + size])
                words = len(span.split())
                # A span that starts mid-sentence ("matching charges by hand...") reads as a fragment.
                if (
                    not 8 <= words <= 70
                    or span not in turn.text
                    or not span[0].isupper()
                    or INSTRUCTION.search(span)
                ):
                    continue
                cats: list[str] = []
                if lang.FIGURE.search(span):
                    cats.append("result")
                if lang.FEELING.search(span):
                    cats.append("emotion")
                if BEFORE_AFTER.search(span):
                    cats.append("before_after")
                if ADVICE.search(span):
                    cats.append("advice")
                if lang.STORY.search(span):
                    cats.append("story")
                first_person = len(lang.FIRST_PERSON.findall(span))
                score = 2 * len(cats) + min(first_person, 3) * 0.5 - abs(words - 30) / 30
                if cats and (span not in found or found[span]["code_score"] < score):
                    found[span] = {
                        "text": span,
                        "turn": turn.index,
                        "sentences": (i, i + size),
                        "categories": cats,
                        "code_score": round(score, 2),
                    }
    ranked = sorted(found.values(), key=lambda c: c["code_score"], reverse=True)
    chosen: list[dict[str, Any]] = []
    for cand in ranked:  # no two spans share a sentence
        lo, hi = cand["sentences"]
        if any(
            c["turn"] == cand["turn"] and lo < c["sentences"][1] and c["sentences"][0] < hi for c in chosen
        ):
            continue
        chosen.append(cand)
        if len(chosen) >= MAX_CANDIDATES:
            break
    return chosen


def verified_quote(
    transcript: Transcript, text: str, categories: list[str], score: float
) -> dict[str, Any] | None:
    check = locate_quote(transcript, text)
    if not check.verified or check.turn is None:
        return None
    return {
        "text": text,
        "speaker": check.turn.speaker,
        "turn": check.turn.index,
        "start": check.turn.start,
        "categories": categories,
        "score": score,
        "verified": True,
        "match": check.match,
    }


def quotes_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    started = time.perf_counter()
    ctx = context_of(runtime)
    transcript = transcript_of(state)
    candidates = candidate_spans(transcript)
    stats: dict[str, Any] = {
        "candidates": len(candidates),
        "dropped_unverified": 0,
        "dropped_reasons": [],
        "ranked_by": "code",
    }
    errors: list[str] = []
    picks: list[dict[str, Any]] = []
    client = ctx.clients.get("extractor")
    if client is not None and candidates:
        listing = "\n".join(f"[{i}] {c['text']}" for i, c in enumerate(candidates))
        try:
            ranking = client.structured(
                QuoteRanking,
                messages(ctx, ctx.prompt("quotes").render(candidates=listing)),
                node="quotes",
                max_tokens=300,
            )
            seen: set[int] = set()
            picked = ranking.picks()
            for rank, (ident, category) in enumerate(picked):
                if ident >= len(candidates) or ident in seen:
                    stats["dropped_unverified"] += 1
                    stats["dropped_reasons"].append(f"pick {ident}: no such candidate")
                    continue
                seen.add(ident)
                cand = candidates[ident]
                # The model's category first, then what the cues found; score falls with rank.
                categories = list(dict.fromkeys([category, *cand["categories"]]))[:3]
                picks.append(
                    {
                        "text": cand["text"],
                        "categories": categories,
                        "score": round(10 - 6 * rank / max(1, len(picked)), 1),
                    }
                )
            stats["ranked_by"] = "llm"
        except LLMError as exc:
            errors.append(f"quotes: {exc}")
    # Code ranking fills up to the minimum (and is the whole ranking with --model none).
    for c in candidates:
        if len(picks) >= MIN_QUOTES:
            break
        if not any(c["text"] == p["text"] or p["text"] in c["text"] for p in picks):
            picks.append(
                {
                    "text": c["text"],
                    "categories": c["categories"],
                    "score": min(10.0, max(1.0, c["code_score"])),
                }
            )
    quotes = []
    for p in picks[:MAX_QUOTES]:
        q = verified_quote(transcript, p["text"], p["categories"], p["score"])
        if q is None:
            stats["dropped_unverified"] += 1
            stats["dropped_reasons"].append(f"not verbatim from a customer turn: {p['text'][:80]}")
        else:
            quotes.append(q)
    quotes.sort(key=lambda q: q["score"], reverse=True)
    return {
        "quotes": quotes,
        "quote_stats": stats,
        "errors": errors,
        "timings": {"quotes": round(time.perf_counter() - started, 3)},
    }
