"""Whose product the story is about: the vendor's name from settings, or as the interviewer says it.

A case study names the vendor; a 1.5B writer that is not told the name invents one (or credits the
customer's own team with the product). The name comes from `CALLCONTENT_VENDOR`, else from how the
interviewer talks about their product ("before Tallyhand", "Tallyhand was built", "here at Acme"),
else it is unknown and the drafts say "the vendor" rather than guess.
"""

from __future__ import annotations

import re
from collections import Counter

from callcontent.transcript import Transcript

_NAME = r"([A-Z][A-Za-z0-9]+(?:[ -][A-Z][A-Za-z0-9]+)?)"
# How an interviewer speaks of their own product or company (the customer's company is "your").
_VENDOR_CONTEXT = (
    re.compile(
        rf"\b(?:before|using|switch(?:ed|ing)? to|mov(?:e|ed|ing) to|chose|choosing|bought|adopt(?:ed)?|"
        rf"start(?:ed|ing)? (?:with|using))\s+{_NAME}"
    ),
    re.compile(rf"\b{_NAME}\s+(?:was built|is built|was founded|started as)\b"),
    re.compile(rf"\b(?:here at|I'm \w+ (?:from|at|with)|we at|on behalf of)\s+{_NAME}"),
    re.compile(rf"\bhear about {_NAME}"),
)
# Words that start a sentence or name a time, not a product.
_NOT_A_NAME = frozenset(
    [
        "I",
        "We",
        "You",
        "They",
        "The",
        "This",
        "That",
        "It",
        "Our",
        "Your",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "Company",
        "University",
        "College",
        "Institute",
        "School",
    ]
)


def _speaker_words(transcript: Transcript) -> set[str]:
    """Every word of the speakers' names: "Priya Nair" is a person, not a product or a company."""
    return {word for speaker in transcript.speakers for word in speaker.name.split()}


def vendor_of(transcript: Transcript, configured: str | None = None) -> str | None:
    """The vendor's name: configured, else the one the interviewer speaks of as theirs, else None."""
    if configured and configured.strip():
        return configured.strip()
    people = _speaker_words(transcript)
    counts: Counter[str] = Counter()
    for turn in transcript.turns:
        if turn.role != "interviewer":
            continue
        for pattern in _VENDOR_CONTEXT:
            for m in pattern.finditer(turn.text):
                name = m.group(1)
                if name.split()[0] not in _NOT_A_NAME and name not in people:
                    counts[name] += 1
    if not counts:
        return None
    # A name the customer also says is surer; otherwise the interviewer's most frequent one.
    customer_text = " ".join(t.text for t in transcript.turns if t.role == "customer")
    return max(counts, key=lambda n: (counts[n] + (n in customer_text), -len(n)))


# How a customer names their own company ("Brightline is a regional freight company") or how the
# interviewer asks about it ("tell me about Brightline and your role").
_COMPANY_CONTEXT = (
    re.compile(
        rf"\b{_NAME} is an? (?:\w+ ){{0,4}}(?:company|firm|business|carrier|agency|startup|organi[sz]ation|"
        r"provider|practice|clinic|hospital|school|brand|retailer|manufacturer|studio|shop|group)\b"
    ),
    re.compile(rf"\b(?:about|at|here at|join(?:ed)?) {_NAME}\b"),
)


def company_of(transcript: Transcript, vendor: str | None) -> str | None:
    """The customer's company as the call names it, or None: never the vendor, never a person."""
    people = _speaker_words(transcript)
    counts: Counter[str] = Counter()
    described: set[str] = set()
    for turn in transcript.turns:
        for k, pattern in enumerate(_COMPANY_CONTEXT):
            for m in pattern.finditer(turn.text):
                name = m.group(1)
                if name.split()[0] not in _NOT_A_NAME and name not in people and name != vendor:
                    counts[name] += 1
                    described |= {name} if k == 0 else set()
    text = " ".join(t.text for t in transcript.turns)
    # "Brightline is a regional freight company" names it; a name said once after "at" is a place in a
    # story unless it comes up again.
    named = [n for n in counts if n in described or len(re.findall(rf"\b{re.escape(n)}\b", text)) >= 2]
    return max(named, key=lambda n: (n in described, counts[n], -len(n))) if named else None
