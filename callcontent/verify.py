"""Truth checks, all in one place: quotes are verbatim customer words, numbers come from the transcript.

The model never decides these. A quote is found in a customer turn exactly, or after normalising
whitespace, quote marks, dashes and case; anything else is not the customer's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from callcontent.transcript import Transcript, Turn

_QUOTE_CHARS = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
)


def normalise(text: str) -> str:
    text = text.translate(_QUOTE_CHARS).lower()
    text = re.sub(r"[\"']", "", text)
    text = re.sub(r"[^\w%$.,!?-]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .,!?")


Match = Literal["exact", "normalised"]


@dataclass(frozen=True)
class QuoteCheck:
    verified: bool
    turn: Turn | None
    match: Match | None
    reason: str


def locate_quote(transcript: Transcript, quote: str) -> QuoteCheck:
    """Where `quote` stands in a customer turn, or why it is not the customer's words."""
    quote = quote.strip().strip("\"“”'")
    if len(quote.split()) < 2:
        return QuoteCheck(False, None, None, "too short to be a quote")
    for turn in transcript.turns:
        if turn.role == "customer" and quote in turn.text:
            return QuoteCheck(True, turn, "exact", "verbatim")
    wanted = normalise(quote)
    for turn in transcript.turns:
        if turn.role == "customer" and wanted and wanted in normalise(turn.text):
            return QuoteCheck(True, turn, "normalised", "verbatim after normalising punctuation and case")
    for turn in transcript.turns:
        if turn.role != "customer" and wanted and wanted in normalise(turn.text):
            return QuoteCheck(
                False, turn, None, f"these are {turn.speaker}'s ({turn.role}) words, not the customer's"
            )
    return QuoteCheck(False, None, None, "not found in any customer turn (invented or paraphrased)")


# ---------------------------------------------------------------- numbers

_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b))?")


def _canon_number(token: str) -> str:
    token = token.replace("percent", "%").replace(" ", "")
    token = re.sub(r"[$€£]", "", token)
    token = token.replace(",", "")
    return token.rstrip("%").rstrip(".") + ("%" if token.endswith("%") else "")


def numbers_in(text: str) -> list[str]:
    return [m.group(0).strip() for m in _NUMBER.finditer(text)]


def transcript_numbers(transcript: Transcript) -> set[str]:
    """Every figure the transcript contains, canonical ("40 percent" and "40%" are one), with and without %."""
    found: set[str] = set()
    for turn in transcript.turns:
        for token in numbers_in(turn.text):
            canon = _canon_number(token)
            found.add(canon)
            found.add(canon.rstrip("%"))
    return found


_LIST_MARKER = re.compile(r"(?m)^\s*\d+[.)]\s+")


def ungrounded_numbers(text: str, transcript: Transcript, allowed: set[str] | None = None) -> list[str]:
    """Figures in `text` that the transcript never says (list numbering like "1. " is not a figure)."""
    known = transcript_numbers(transcript) | (allowed or set())
    missing = []
    for token in numbers_in(_LIST_MARKER.sub("", text)):
        canon = _canon_number(token)
        if canon not in known and canon.rstrip("%") not in known:
            missing.append(token)
    return sorted(set(missing))


# ---------------------------------------------------------------- quoted spans in drafts

_QUOTED = re.compile(r"“([^”]{3,600})”|\"([^\"]{3,600})\"")


def quoted_spans(text: str) -> list[str]:
    """Spans a reader would take as someone's exact words: text in quotation marks, 4+ words."""
    spans = []
    for m in _QUOTED.finditer(text):
        span = (m.group(1) or m.group(2)).strip()
        if len(span.split()) >= 4:
            spans.append(span)
    return spans


# ---------------------------------------------------------------- last resort: remove what cannot be true

_SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"])")


def unsupported_reasons(sentence: str, transcript: Transcript) -> list[str]:
    reasons = [
        f"quote “{span[:60]}” {locate_quote(transcript, span).reason}"
        for span in quoted_spans(sentence)
        if not locate_quote(transcript, span).verified
    ]
    reasons += [f"number {n} not in the transcript" for n in ungrounded_numbers(sentence, transcript)]
    return reasons


def scrub_unsupported(text: str, transcript: Transcript) -> tuple[str, list[str]]:
    """Remove each sentence that carries an unverified quote or an ungrounded number.

    Used only when the revise rounds are spent: the draft keeps what is true and the result lists
    exactly what was cut and why, so nothing unsupported is passed off as clean.
    """
    removed: list[str] = []
    out_lines = []
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):
            # A heading is one unit: a title like "Response time down 75%" goes whole (found by eval).
            reasons = unsupported_reasons(line, transcript)
            if reasons:
                removed.append(f"heading “{line.strip('# ').strip()[:120]}” ({'; '.join(reasons)})")
            else:
                out_lines.append(line)
            continue
        kept = []
        for sentence in _SENTENCE_END.split(line):
            reasons = unsupported_reasons(sentence, transcript)
            if reasons:
                removed.append(f"“{sentence.strip()[:120]}” ({'; '.join(reasons)})")
            else:
                kept.append(sentence)
        out_lines.append(" ".join(kept))
    return "\n".join(out_lines), removed


# ---------------------------------------------------------------- what the customer must confirm


def publishable_text(drafts: dict[str, Any]) -> str:
    """Every draft that could be published: case study, blog post, social posts, testimonials."""
    return "\n".join(
        [
            drafts.get("case_study", ""),
            drafts.get("blog_post", ""),
            *(drafts.get("social_posts") or []),
            *(drafts.get("testimonials") or {}).values(),
        ]
    )


def to_confirm(drafts: dict[str, Any], quotes: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
    """Indices of the quotes the drafts use and the figures they state, in reading order: the list the
    approval email and the report's checklist put in front of the customer."""
    text = publishable_text(drafts)
    used = [i for i, q in enumerate(quotes) if q["text"] in text]
    return used, sorted(set(numbers_in(text)), key=text.find)
