"""Better questions in the customer's own words: a phrase they said, picked from the evidence."""

from __future__ import annotations

import re

from callcontent import language as lang

_WORD = re.compile(r"\S+")
_EDGE_FILLER = re.compile(
    r"^(?:um+|uh+|so|and|but|or|like|yeah|well|okay|ok|just|then|because|that|the|a|an|to|of|from|with|"
    r"for|in|on|at|is|was|it|this|which|who|if|as|--|-|—)$",
    re.I,
)
PHRASE_MIN_WORDS = 3
PHRASE_MAX_WORDS = 12


def excerpt(text: str, limit: int = 200) -> str:
    """`text` on one line, cut at a word boundary to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def phrase_around(text: str, cue: lang.Cue, *, max_words: int = PHRASE_MAX_WORDS) -> str | None:
    """The customer's words around the cue, verbatim.

    A few words either side, inside one sentence, without filler at the edges. None when the cue is not
    there.
    """
    for sentence in lang.sentences(" ".join(text.split())):
        match = cue.search(sentence)
        if match is None:
            continue
        words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
        hit = next((i for i, (s, e) in enumerate(words) if e > match.start()), 0)
        lo, hi = max(0, hit - 4), min(len(words), hit + max_words - 4)
        # Start where the cue's clause starts ("know, that definitely created a huge bias" → "that …"),
        # so the phrase reads as said and stays verbatim (a comma dropped inside it would not be).
        breaks = [i + 1 for i in range(lo, hit) if sentence[words[i][1] - 1] in ",;:"]
        lo = breaks[-1] if breaks else lo
        ends = [i + 1 for i in range(max(lo, hit), hi) if sentence[words[i][1] - 1] in ",;:"]
        hi = ends[0] if ends and ends[0] - lo >= PHRASE_MIN_WORDS else hi
        bare = [sentence[s:e].strip(",.;:") for s, e in words]
        # Filler at the edges goes, and so does a lead-in of its own ("For example, the data lake …").
        while lo < hi and (
            _EDGE_FILLER.match(bare[lo])
            or (hi - lo > PHRASE_MIN_WORDS and sentence[words[lo][1] - 1] in ",;:")
        ):
            lo += 1
        while hi > lo and _EDGE_FILLER.match(bare[hi - 1]):
            hi -= 1
        phrase = sentence[words[lo][0] : words[hi - 1][1]].strip(' ,.;:?!"“”') if hi > lo else ""
        if len(phrase.split()) >= PHRASE_MIN_WORDS:
            return phrase
    return None


def first_phrase(text: str, cues: list[lang.Cue]) -> str | None:
    """The first phrase of `text` around any of `cues`, or None."""
    for cue in cues:
        phrase = phrase_around(text, cue)
        if phrase:
            return phrase
    return None


def closing_words(text: str, words: int = 8) -> str:
    """The last words of an answer, verbatim (where a trailing answer was cut off)."""
    return " ".join(" ".join(text.split()).split()[-words:]).strip(" ,")


# Closed → open rewrites of the interviewer's own question, for when the answer gave nothing to quote.

_REWRITES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(?:would|will) you recommend (?P<x>.+)", re.I),
        "If a friend asked you about {x}, what would you tell them?",
    ),
    (
        re.compile(r"^(?:do|did|does) (?P<s>.+?) (?:like|love|enjoy) (?P<x>.+)", re.I),
        "How did {s} react to {x}? Tell me about a moment that shows it.",
    ),
    (
        re.compile(r"^(?:did|does|has) (?:it|this|that) (?P<x>work.*)", re.I),
        "What changed for you after you started using it?",
    ),
    (
        re.compile(r"^(?:was|is|were|are) (?:that|it|this) (?P<x>\w+)$", re.I),
        "What was that like for you? Tell me about a moment that stands out.",
    ),
    (
        re.compile(r"^(?:was|is) (?P<x>.+?) (?:easy|hard|simple|difficult|quick|smooth)\b.*", re.I),
        "Tell me about {x} — what surprised you?",
    ),
    (
        re.compile(
            r"^(?:is|are|was|were) (?P<x>.+?) (?:useful|helpful|valuable|good|important|worth it)\b.*", re.I
        ),
        "How do you use {x}? What would you miss if it went away?",
    ),
    (
        re.compile(r"^(?:is|are|was|were) there (?:anything|any \w+) (?P<x>.+)", re.I),
        "Tell me about anything {x}.",
    ),
    (
        re.compile(r"^(?:do|did) you (?:have|use) (?P<x>.+)", re.I),
        "Walk me through {x} — what was that like?",
    ),
    (re.compile(r"^(?:do|can|will|would) you (?P<x>.+)", re.I), "Walk me through how you {x}."),
    (
        re.compile(
            r"^(?:did|does|has|have|can|could|will|would) (?P<x>(?:it|this|that|you|they|we|your team) .+)",
            re.I,
        ),
        "How {aux} {x}? Walk me through a specific example.",
    ),
]


def open_rewrite(question: str) -> str:
    """An open version of a closed question, keeping its topic."""
    core = lang.strip_filler(question).rstrip("?. ")
    for pattern, template in _REWRITES:
        m = pattern.match(core)
        if m:
            fields = {k: v.strip() for k, v in m.groupdict().items()}
            text = template.format(aux=core.split()[0].lower(), **fields)
            return text[0].upper() + text[1:]
    return "What was your experience with that? Tell me about a specific moment."
