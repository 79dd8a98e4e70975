"""Truth checks, all in one place: quotes are verbatim customer words, numbers come from the transcript.

The model never decides these. A quote is found in a customer turn exactly, or after normalising
whitespace, quote marks, dashes and case; anything else is not the customer's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from callcontent.facts import CallWords, Fact, call_words, customer_facts, misstatements
from callcontent.figures import (
    LIST_MARKER,
    bare_figure,
    canon_number,
    numbers_in,
    quoted_spans,
    without_quotes,
)
from callcontent.injection import is_instruction, without_instructions
from callcontent.transcript import Transcript, Turn

_QUOTE_CHARS = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
)


def normalise(text: str) -> str:
    """Text reduced to what matching compares: lower case, plain quotes, single spaces."""
    text = text.translate(_QUOTE_CHARS).lower()
    text = re.sub(r"[\"']", "", text)
    text = re.sub(r"[^\w%$.,!?-]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .,!?")


Match = Literal["exact", "normalised"]


@dataclass(frozen=True)
class QuoteCheck:
    """Where a quote was found in the transcript, and whether it counts as verbatim."""

    verified: bool
    turn: Turn | None
    match: Match | None
    reason: str


# A replacement character or the marks of UTF-8 read as a single-byte charset ("â€™", "‚Äô", "Ã©").
GARBLED = re.compile("(?:\ufffd|â€|‚Ä|Ã[\x80-\xbf©¨§¡]|Â[\xa0-\xbf])")


def locate_quote(transcript: Transcript, quote: str) -> QuoteCheck:
    """Where `quote` stands in a customer turn, or why it is not the customer's words."""
    quote = quote.strip().strip("\"“”'")
    if len(quote.split()) < 2:
        return QuoteCheck(False, None, None, "too short to be a quote")
    if is_instruction(quote):
        return QuoteCheck(False, None, None, "speaks to an AI (prompt injection), not testimony")
    if GARBLED.search(quote):
        # The file was decoded wrongly somewhere: these are not the customer's words as they said them.
        return QuoteCheck(False, None, None, "contains garbled characters (a decoding error), not verbatim")
    # Sentences that speak to an AI are not the customer's testimony: nothing quoted from them counts.
    testimony = {t.index: without_instructions(t.text) for t in transcript.turns if t.role == "customer"}
    for turn in transcript.turns:
        if turn.role == "customer" and quote in testimony[turn.index]:
            return QuoteCheck(True, turn, "exact", "verbatim")
    wanted = normalise(quote)
    for turn in transcript.turns:
        if turn.role == "customer" and wanted and wanted in normalise(testimony[turn.index]):
            return QuoteCheck(True, turn, "normalised", "verbatim after normalising punctuation and case")
    for turn in transcript.turns:
        if turn.role != "customer" and wanted and wanted in normalise(turn.text):
            return QuoteCheck(
                False, turn, None, f"these are {turn.speaker}'s ({turn.role}) words, not the customer's"
            )
    return QuoteCheck(False, None, None, "not found in any customer turn (invented or paraphrased)")


# ---------------------------------------------------------------- numbers


def transcript_numbers(transcript: Transcript) -> set[str]:
    """Every figure the transcript contains, canonical, as said (with its % or currency) and bare."""
    found: set[str] = set()
    for turn in transcript.turns:
        # A figure inside an instruction to the model ("say we saved 500%") grounds nothing.
        for token in numbers_in(without_instructions(turn.text)):
            canon = canon_number(token)
            found |= {canon, bare_figure(canon)}
    return found


def without_names(text: str, names: set[str]) -> str:
    """`text` without the speaker labels that carry digits: "— Speaker 1" and "P10" are names, not figures."""
    for name in sorted(names, key=len, reverse=True):
        if any(c.isdigit() for c in name):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return text


def ungrounded_numbers(text: str, transcript: Transcript) -> list[str]:
    """Figures in `text` that the transcript never says (list numbering like "1. " is not a figure).

    A percentage or an amount of money must be said as one: "23%" is not grounded by "23 days", nor
    "$14" by "14 people" (the local writer did write "a 23% reduction" from "23 days" and "a 14%
    increase in revenue" from "14 people"). A bare number may come from any figure, since code cannot
    tell what it counts.
    """
    known = transcript_numbers(transcript)
    text = without_names(text, {t.speaker for t in transcript.turns})
    return sorted({t for t in numbers_in(LIST_MARKER.sub("", text)) if canon_number(t) not in known})


# ---------------------------------------------------------------- last resort: remove what cannot be true

SENTENCE_SPLIT = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"])")


def draft_line_sentences(line: str) -> list[str]:
    """A draft line's sentences, a quotation kept whole: “It broke. I fixed it.” — Ana is one unit.

    Cut apart, the second half of a quote would read as the writer's own words in the customer's voice.
    """
    out: list[str] = []
    for piece in SENTENCE_SPLIT.split(line):
        if out and out[-1].count("“") > out[-1].count("”"):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


# The customer's own voice, outside their quotes: a case study is about them, not by them.
VOICED = re.compile(r"\b(?:[Ww]e|[Ww]e['’](?:re|ve|d|ll)|[Oo]urs?|us|I|I['’](?:m|ve|d|ll)|[Mm]y|me)\b")


def unsupported_reasons(
    sentence: str,
    transcript: Transcript,
    facts: Sequence[Fact] = (),
    *,
    about_customer: bool = False,
    call: CallWords | None = None,
) -> list[str]:
    """Why a draft sentence cannot stand.

    An unverified quote, an ungrounded figure, a figure stated against its status or before the customer
    confirmed it, text injected into the transcript, or (in a piece about the customer) words put in the
    customer's mouth outside a quote: "Our churn has always been high" is a claim she never made.
    """
    if is_instruction(sentence):
        # A writer that obeyed text injected into the transcript: the sentence speaks to a model.
        return ["speaks to an AI or carries markup (prompt injection), not publishable"]
    reasons = [
        f"quote “{span[:60]}” {locate_quote(transcript, span).reason}"
        for span in quoted_spans(sentence)
        if not locate_quote(transcript, span).verified
    ]
    reasons += [f"number {n} not in the transcript" for n in ungrounded_numbers(sentence, transcript)]
    # The claim checks run whether or not the customer gave figures: most of them read words, not numbers.
    reasons += misstatements(sentence, list(facts), call)
    if about_customer and (voice := VOICED.search(without_quotes(sentence))):
        reasons.append(f"speaks as the customer (“{voice.group(0)}”) outside a quote")
    return reasons


def scrub_unsupported(
    text: str,
    transcript: Transcript,
    *,
    about_customer: bool = False,
    call: CallWords | None = None,
    facts: Sequence[Fact] | None = None,
) -> tuple[str, list[str]]:
    """Remove each sentence that carries an unverified quote or an ungrounded number.

    The review runs it in every round a quote or number gate fails, before the writer is asked again:
    the draft keeps what is true and the result lists exactly what was cut and why, so nothing
    unsupported is passed off as clean.
    """
    facts = list(facts) if facts is not None else customer_facts(transcript)
    call = call or call_words(transcript)
    removed: list[str] = []
    out_lines = []
    for line in text.split("\n"):
        if line.lstrip().startswith(("#", ">")):
            # A heading is one unit: a title like "Response time down 75%" goes whole (found by eval). So is
            # a block quote: cutting one of its sentences would leave a broken quote standing.
            reasons = unsupported_reasons(line, transcript, facts, about_customer=about_customer, call=call)
            if reasons:
                unit = "heading" if line.lstrip().startswith("#") else "quote"
                removed.append(f"{unit} “{line.strip('#> ').strip()[:120]}” ({'; '.join(reasons)})")
            else:
                out_lines.append(line)
            continue
        kept = []
        for sentence in draft_line_sentences(line):
            reasons = unsupported_reasons(
                sentence, transcript, facts, about_customer=about_customer, call=call
            )
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
    """Indices of the quotes the drafts use and the figures they state, in reading order.

    The list the approval email and the report's checklist put in front of the customer.
    """
    text = publishable_text(drafts)
    used = [i for i, q in enumerate(quotes) if q["text"] in text]
    figures = set(numbers_in(without_names(text, {q["speaker"] for q in quotes})))
    return used, sorted(figures, key=text.find)
