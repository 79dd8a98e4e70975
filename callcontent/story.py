"""The customer's story told in the third person: their own sentences, reported, each tied to its turn.

A case study reads "At Brightline, disputes are down about 40 percent" where the customer said
"Disputes are down about 40 percent"; "their days sales outstanding went from 52 to 41" where they said
"our". Code makes that change and no other: first-person plural becomes the company's third person, a
spoken filler is dropped, and the rest of the sentence, its figures, its subject and its "but", stay as
the customer said them, so a reported sentence claims exactly what its span does. A sentence in the
first-person singular ("I was at my kitchen table") or addressed to the vendor ("your team asked for")
is the customer's own telling and stays a quote.

The headline names the main result with what it measures: "How Brightline cut disputes by about 40
percent", "How Brightline took days sales outstanding from 52 to 41".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from callcontent import vocabulary as V
from callcontent.facts import Fact, fact_clause
from callcontent.language import sentences

# First-person plural → the company's third person.
_PLURAL = {
    "we": "they",
    "us": "them",
    "our": "their",
    "ours": "theirs",
    "ourselves": "themselves",
    "we're": "they're",
    "we've": "they've",
    "we'd": "they'd",
    "we'll": "they'll",
}
# Longest first, so "we're" is swapped whole rather than as "we" + "'re".
_PLURAL_WORD = re.compile(rf"\b(?:{'|'.join(sorted(_PLURAL, key=len, reverse=True))})\b", re.I)
# A person's own experience, or words to the vendor: these stay quotes.
_SINGULAR = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.I)
_ADDRESSED = re.compile(r"\b(?:you|your|yours|you're|you've|you'd|you'll|you guys)\b", re.I)
# Spoken hedges that have no place in written prose; a sentence leaning on them stays a quote.
_SPOKEN = re.compile(r"\b(?:you know|kind of|sort of|i mean|gonna|wanna|kinda|um+|uh+)\b|\blike,", re.I)
# Openers a speaker leads with; only at the start (", so there's nothing to argue about" keeps its "so").
_OPENER = re.compile(r"^(?:(?:honestly|basically|so|well|yeah|oh|and)\b,?\s+)+", re.I)
_PROPER_START = re.compile(r"^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z])")  # an acronym or a name keeps its capital
MAX_REPORTED_WORDS = 45
MIN_REPORTED_WORDS = 4
# Not a sentence of its own: "Like getting our jobs back.", "Because it broke.", "Which was the point."
_FRAGMENT = re.compile(r"^(?:like|because|which|who|but|or|than|as if)\b", re.I)
# A line that leans on the one before it ("Then he asked why …", "It took six days"): told alone, its
# "he" or "it" would point at nothing, so it stays a quote where it was said.
_NEEDS_CONTEXT = re.compile(
    r"^(?:(?:and|so|but|well|yeah|oh),?\s+)*(?:he|she|it|it's|this|that|these|those|they|they're|them|"
    r"then|also|still|after that|which)\b",
    re.I,
)
# A finite verb of some kind (the table in `vocabulary`): a line without one is not a sentence to report.
_VERB = re.compile(rf"\b{V.alternation(V.FINITE_VERBS)}\b", re.I)


def _swap(match: re.Match[str]) -> str:
    word = match.group(0)
    swapped = _PLURAL[word.lower()]
    return swapped[:1].upper() + swapped[1:] if word[:1].isupper() else swapped


def reported(
    sentence: str, company: str | None, *, lead: bool = True, teller: str | None = None
) -> str | None:
    """The customer's sentence in the third person, or None when it must stay their quote.

    `lead` opens it with "At {company}," (the first reported sentence of a paragraph names the company),
    or, where the call names no company, "As {teller} tells it," so "they" has someone to refer to.
    """
    text = " ".join(sentence.split())
    if _SINGULAR.search(text) or _ADDRESSED.search(text) or _SPOKEN.search(text) or "?" in text:
        return None
    text = _OPENER.sub("", text).strip()
    if not MIN_REPORTED_WORDS <= len(text.split()) <= MAX_REPORTED_WORDS or _FRAGMENT.match(text):
        return None
    if not _VERB.search(text):
        return None  # "The weekly one, mostly.": said, not a sentence a reader can take alone
    text = _PLURAL_WORD.sub(_swap, text)
    if not text.endswith((".", "!")):
        text = text.rstrip(",;:— ") + "."
    rest = text if _PROPER_START.match(text) else text[:1].lower() + text[1:]
    if company and lead:
        return f"At {company}, {rest}"
    if teller and lead:
        return teller.format(rest) if "{}" in teller else f"As {teller} tells it, {rest}"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Reported:
    """A sentence of the draft's own, reported from one customer sentence (its span)."""

    text: str
    source: str
    turn: int
    section: str = ""

    def as_json(self) -> dict[str, object]:
        """As result.json's `drafts.traced` carries it."""
        return {"text": self.text, "source": self.source, "turn": self.turn, "section": self.section}


def reported_quote(
    quote: Mapping[str, Any], company: str | None, *, lead: bool, teller: str | None = None
) -> Reported | None:
    """A whole quote told in the third person, or None when any of its sentences must stay the customer's.

    All or nothing: half a quote reported and half quoted would cut a "but" away from what it qualifies.
    """
    parts = sentences(" ".join(str(quote["text"]).split()))
    if not parts or _NEEDS_CONTEXT.match(parts[0]):
        return None
    told = [reported(s, company, lead=lead and i == 0, teller=teller) for i, s in enumerate(parts)]
    if any(t is None for t in told):
        return None
    return Reported(" ".join(t for t in told if t), str(quote["text"]), int(quote.get("turn") or 0))


def reported_results(
    results: Sequence[Fact], company: str | None, limit: int = 3, teller: str | None = None
) -> list[Reported]:
    """The customer's results in the third person, each with the sentence and turn it reports."""
    out: list[Reported] = []
    for fact in results:
        if _NEEDS_CONTEXT.match(fact.sentence.strip()):
            continue
        text = reported(fact.sentence, company, lead=not out, teller=teller)
        if text and not any(r.source == fact.sentence for r in out):
            out.append(Reported(text, fact.sentence, fact.turn))
        if len(out) >= limit:
            break
    return out


# "Disputes are down about 40 percent"; "Our days sales outstanding went from 52 to 41".
_DOWN_UP = re.compile(
    r"^(?:(?:our|the|their)\s+)?(?P<subject>[a-z][\w' -]{1,50}?)\s+(?:is|are|was|were|came|went)\s+"
    r"(?P<dir>down|up)\s+(?:by\s+)?(?P<amount>(?:about |around |roughly |almost |nearly |over )?[$€£]?\d[\d,.]*\s?(?:%|percent)?)",
    re.I,
)
_FROM_TO = re.compile(
    r"^(?:(?:and |so )?(?:our|the|their)\s+)?(?P<subject>[a-z][\w' -]{1,50}?)\s+(?:went|dropped|fell|grew|rose|"
    r"increased|decreased|climbed|moved)\s+from\s+(?P<before>[$€£]?\d[\d,.]*\s?(?:%|percent)?)\s+to\s+"
    r"(?P<after>[$€£]?\d[\d,.]*\s?(?:%|percent)?)",
    re.I,
)


def result_headline(results: Sequence[Fact], company: str | None) -> str | None:
    """The headline "How {company} cut {what} by {how much}" from the first result saying what it measures."""
    if not company:
        return None
    for fact in results:
        clause = fact_clause(fact)
        if m := _DOWN_UP.match(clause):
            verb = "cut" if m["dir"].lower() == "down" else "grew"
            return f"How {company} {verb} {m['subject'].lower()} by {m['amount'].strip()}"
        if m := _FROM_TO.match(clause):
            return f"How {company} took {m['subject'].lower()} from {m['before']} to {m['after']}"
    return None
