"""Quotes node: code picks candidate spans from customer turns, the LLM ranks them, code verifies every one."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from pydantic import BaseModel, Field

from callcontent.agents.common import messages, timed_node, transcript_of
from callcontent.agents.context import Context, context_of
from callcontent.agents.state import State
from callcontent.earned import skip_reason
from callcontent.llm.client import ChatClient
from callcontent.llm.errors import LLMError
from callcontent.quotability import QuotabilityHead
from callcontent.quote_picking import (
    MAX_QUOTES,
    Candidate,
    all_candidates,
    pick_diverse,
    score_candidates,
)
from callcontent.transcript import Transcript
from callcontent.verify import locate_quote

CATEGORIES: tuple[str, ...] = ("result", "emotion", "before_after", "advice", "story", "product")


# Best first, each entry "ID:category". Deliberately terse: a 1.5B model asked for objects with free
# text copied whole paragraphs back and ran out of tokens; trimming stays code's job (the candidates
# already come as 1-3 sentence windows).
class QuoteRanking(BaseModel):
    """The ranker's reply: candidate ids, best first, each with a category (`12:result`)."""

    ranking: list[str] = Field(
        max_length=MAX_QUOTES,
        json_schema_extra={
            "items": {"type": "string", "pattern": "^[0-9]{1,3}:(" + "|".join(CATEGORIES) + ")$"}
        },
    )

    def picks(self) -> list[tuple[int, str]]:
        """The (candidate id, category) pairs of the reply; malformed entries are left out."""
        out = []
        for entry in self.ranking:
            ident, _, category = entry.partition(":")
            if ident.isdigit() and category in CATEGORIES:
                out.append((int(ident), category))
        return out


# Candidates the model sees, in chunks that fit a small model's context: a long call is never cut to
# a handful, and each chunk's reply stays short.
SHORTLIST = 60
CHUNK = 30
PICKS_PER_CHUNK = 6


def verified_quote(
    transcript: Transcript, text: str, categories: list[str], score: float
) -> dict[str, Any] | None:
    """The quote as the result stores it, or None when it is not a verbatim span of a customer turn."""
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


@timed_node("quotes")
def quotes_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Quotes node: verified customer quotes, ranked by code (and by the model where it has earned it)."""
    quotes, stats, errors = pick_quotes(transcript_of(state), context_of(runtime))
    return {
        "quotes": quotes,
        "quote_stats": stats,
        "errors": errors,
    }


def pick_quotes(
    transcript: Transcript, ctx: Context, head: QuotabilityHead | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """10–15 verified quotes: code shortlists and ranks; the extractor model (if any) ranks the shortlist.

    `head` replaces the shipped quotability head (the eval scores each labelled call with one that never saw it).
    """
    pool = score_candidates(transcript, all_candidates(transcript), head)
    shortlist = pick_diverse(pool, SHORTLIST)
    stats: dict[str, Any] = {
        "candidates": len(pool),
        "shortlisted": len(shortlist),
        "dropped_unverified": 0,
        "dropped_reasons": [],
        "ranked_by": "code",
    }
    errors: list[str] = []
    per_chunk: list[list[tuple[Candidate, str]]] = []
    client = ctx.clients.get("extractor")
    skipped = skip_reason(ctx.settings, "extractor") if client is not None else None
    if skipped is not None:
        stats["llm"] = f"skipped: {skipped}"
    if client is not None and skipped is None and shortlist:
        try:
            stats["chunks"] = -(-len(shortlist) // CHUNK)
            for chunk_start in range(0, len(shortlist), CHUNK):
                per_chunk.append(rank_chunk(ctx, client, shortlist[chunk_start : chunk_start + CHUNK], stats))
            stats["ranked_by"] = "llm"
        except LLMError as exc:
            errors.append(f"quotes: {exc}")
            per_chunk = []
    # The model's picks first (each chunk's best, then each chunk's second, ...), then code's ranking.
    ranked = [chunk[r] for r in range(PICKS_PER_CHUNK) for chunk in per_chunk if r < len(chunk)]
    order = [c for c, _ in ranked]
    categories = {id(c): cat for c, cat in ranked}
    chosen = (
        pick_diverse(order + [c for c in shortlist if id(c) not in categories], MAX_QUOTES, ranked=True)
        if per_chunk
        else pick_diverse(pool, MAX_QUOTES)  # the code ranking, as `code_picks` and the eval have it
    )
    quotes = []
    for rank, cand in enumerate(chosen):
        cats = (
            list(dict.fromkeys([categories[id(cand)], *cand.categories]))[:3]
            if id(cand) in categories
            else cand.categories
        )
        q = verified_quote(transcript, cand.text, cats, round(10 - 6 * rank / max(1, len(chosen)), 1))
        if q is None:
            stats["dropped_unverified"] += 1
            stats["dropped_reasons"].append(f"not verbatim from a customer turn: {cand.text[:80]}")
        else:
            quotes.append(q)
    return quotes, stats, errors


def rank_chunk(
    ctx: Context, client: ChatClient, chunk: list[Candidate], stats: dict[str, Any]
) -> list[tuple[Candidate, str]]:
    """The model's best picks of one chunk, by id.

    A pick that names no candidate is asked again once with the valid range, then dropped and counted
    (never silently).
    """
    listing = "\n".join(f"[{i}] {c.text}" for i, c in enumerate(chunk))
    body = ctx.prompt("quotes").render(candidates=listing)
    for attempt in range(2):
        ranking = client.structured(QuoteRanking, messages(ctx, body), node="quotes", max_tokens=200)
        picks = ranking.picks()[:PICKS_PER_CHUNK]
        bad = [ident for ident, _ in picks if ident >= len(chunk)]
        if not bad or attempt == 1:
            break
        body += (
            f"\n\nYour last answer named ids {bad}, which do not exist: use only ids 0 to {len(chunk) - 1}."
        )
    out: list[tuple[Candidate, str]] = []
    seen: set[int] = set()
    for ident, category in picks:
        if ident >= len(chunk) or ident in seen:
            stats["dropped_unverified"] += 1
            stats["dropped_reasons"].append(f"pick {ident}: no such candidate")
            continue
        seen.add(ident)
        out.append((chunk[ident], category))
    return out
