"""Which of the customer's lines a marketer would pull.

Every sentence window is a candidate, scored by features that make a line quotable, then picked for variety.

Candidates are 1–3 whole sentences of one customer turn, verbatim (disfluencies kept). A line is quotable when
it is specific (a figure with its unit, a named thing), carries stakes or a feeling, has the shape of a story,
states an opinion or advice, draws a contrast, reads on its own, sits in a quotable length, says something the
rest of the call does not, or made the interviewer react. A learned head over the line's embedding
(`quotability`) adds what those cues cannot see: what the line says.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from callcontent import language as lang
from callcontent.injection import is_instruction
from callcontent.quotability import QuotabilityHead, embed_lines, logistic, shipped_head
from callcontent.transcript import Transcript, Turn, count_words
from callcontent.voices import span_holds_both_voices

MIN_WORDS, MAX_WORDS = 6, 80
IDEAL_WORDS = (12, 45)  # short enough for a pull quote, long enough to say something
MAX_PER_ANSWER = 2
MIN_QUOTES, MAX_QUOTES = 10, 15
# Share of the learned quotability in a line's score (the cue score has the rest, both standardised per
# call): 0.7 was best held out by call, and 0.5–1.0 all beat the cues alone (see `quotability`).
QUOTABILITY_WEIGHT = 0.7

SPECIFIC = re.compile(
    r"[$€£]\s?\d|\d[\d,.]*\s?(?:%|percent|x\b|hours?|days?|weeks?|months?|years?|minutes?|"
    r"people|customers|users|times|k\b|million|billion)",
    re.I,
)
STAKES = lang.Cue(
    r"\b(?:frustrat\w*|terrif\w*|scar(?:y|ed)|afraid|fear\w*|uncomfortable|overwhelm\w*|exhilarat\w*|"
    r"burn(?:ed|t)? out|exhausted|stress\w*|worried|nervous|proud|thrill\w*|excit\w*|surpris\w*|"
    r"disappoint\w*|embarrass\w*|painful|miserable|end of my rope|nightmare|struggl\w*|love|hate|"
    r"ashamed|hardest|crazy|amazing|incredible|magic\w*|fail(?:ed|ure)?|mistake|risk|lost|saved|"
    r"won|broke|bad|worst|best)\b"
)
STORY_SHAPE = lang.Cue(
    r"\b(?:i remember|one (?:day|night|time|morning)|that'?s when|the moment|turned out|ended up|"
    r"(?:we|i) (?:tried|realized|decided|found|discovered|learned|started|applied|built|moved|left)|"
    r"the first time|at (?:one|that) point|years? ago|back then|until|suddenly|finally|"
    r"(?:twice|three times) before)\b"
)
OPINION = lang.Cue(
    r"\b(?:i think|i believe|i'?d (?:say|tell)|my advice|the key is|the (?:secret|trick|lesson)|you have to|"
    r"you need to|you should|don'?t|never|always|the (?:best|biggest|most|hardest|only)|"
    r"(?:it'?s|that'?s) (?:all about|the whole point)|if you want|if you'?re|we'?re not gonna|"
    r"it'?s like|is like a|like a little)\b"
)
CONTRAST = lang.Cue(
    r"\b(?:used to|before|now|anymore|went from|instead of|no longer|but|however|versus|vs|"
    r"(?:longer|more|less|better|worse|faster|slower) than)\b"
)
# A line that leans on what came before does not read alone.
DANGLING_START = re.compile(
    r"^\W*(?:and|but|so|or|because|which|that|it|this|those|these|they|he|she|then)\b", re.I
)
DANGLING_END = re.compile(r"\b(?:and|but|so|or|because|which|that|the|a|of|to|with)\W*$", re.I)
FILLER = re.compile(r"\b(?:um+|uh+|you know|i mean|kind of|sort of|like,)\b", re.I)
REACTION = lang.Cue(
    r"^[^a-z0-9]*(?:wow|oh wow|that'?s (?:amazing|incredible|fascinating|great|wild|crazy)|amazing|"
    r"incredible|fascinating|interesting|i love that|ha)\b"
)
_WORD = re.compile(r"[a-z][a-z'’]{2,}")
# After the end mark, or after the mark that closes reported words ('… try it." That works').
SENTENCE_BREAK = re.compile(r"(?<=[.?!…])\s+|(?<=[.?!…][\"”’)])\s+")
SENTENCE_START = re.compile(r"[\"“‘(\[]?[A-Z0-9$€£]")


@dataclass
class Candidate:
    """A span of 1–3 whole sentences from one customer turn."""

    text: str
    turn: int
    sentences: tuple[int, int]
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    categories: list[str] = field(default_factory=list)


def _sentences(turn: Turn) -> list[str]:
    """The turn's sentences as they stand in the text (so every window is a verbatim span)."""
    pieces = [s for s in SENTENCE_BREAK.split(" ".join(turn.text.split())) if s.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and lang.TITLE_BEFORE_NAME.search(merged[-1]):
            merged[-1] += " " + piece  # "by Dr." and "Kim." are one sentence
        else:
            merged.append(piece)
    return merged


def all_candidates(transcript: Transcript) -> list[Candidate]:
    """Every window of 1–3 whole sentences in a customer turn, in the quotable length range."""
    out: list[Candidate] = []
    for turn in transcript.turns:
        if turn.role != "customer":
            continue
        sents = _sentences(turn)
        text = " ".join(turn.text.split())
        for size in (1, 2, 3):
            for i in range(len(sents) - size + 1):
                span = " ".join(sents[i : i + size]).strip()
                words = count_words(span)
                if not MIN_WORDS <= words <= MAX_WORDS or span not in text or is_instruction(span):
                    continue
                if span_holds_both_voices(span):
                    continue  # "… Okay. Thank you.": the interviewer's words, merged into the answer
                if not lang.ends_sentence(span) or not SENTENCE_START.match(span):
                    # A quote starts and ends where a sentence does ("2 a.m. matching …" is not a start).
                    continue
                if not _quotation_marks_balanced(span):
                    # It starts or stops inside words the speaker was reporting ('model?" And ask …').
                    continue
                out.append(Candidate(text=span, turn=turn.index, sentences=(i, i + size)))
    return out


def _quotation_marks_balanced(span: str) -> bool:
    """Every reported-speech mark in the span is opened, then closed, inside it.

    A straight mark opens where it starts a word and closes where it ends one, so a span that closes
    someone's words and opens others' ('again?" And … say "Here') has two marks and is still refused.
    """
    depth = 0
    for i, mark in enumerate(span):
        if mark not in '"“”':
            continue
        opens = mark == "“" or (mark == '"' and (i == 0 or not span[i - 1].strip() or span[i - 1] in "([{"))
        depth += 1 if opens else -1
        if depth < 0:
            return False
    return depth == 0


def _rarity(transcript: Transcript) -> Counter[str]:
    counts: Counter[str] = Counter()
    for turn in transcript.turns:
        counts.update(set(_WORD.findall(turn.text.lower())))
    return counts


def score_candidates(
    transcript: Transcript, candidates: list[Candidate], head: QuotabilityHead | None = None
) -> list[Candidate]:
    """Score every candidate: cue features blended with the line's learned quotability.

    The cue features are each in 0..1 and weighted, so no single cue decides; `head` is the shipped
    quotability head unless given.
    """
    doc_freq = _rarity(transcript)
    turns = len(transcript.turns)
    reacted = {
        t.index - 1
        for t in transcript.turns
        if t.role != "customer" and t.index > 0 and REACTION.search(t.text)
    }
    for c in candidates:
        words = count_words(c.text)
        lowered = c.text.lower()
        content = [w for w in _WORD.findall(lowered) if w not in lang._STOP]
        novelty = (
            sum(math.log(turns / doc_freq[w]) for w in content) / (len(content) * math.log(max(2, turns)))
            if content
            else 0.0
        )
        lo, hi = IDEAL_WORDS
        length = (
            1.0
            if lo <= words <= hi
            else max(0.0, 1 - (lo - words) / lo if words < lo else 1 - (words - hi) / hi)
        )
        c.features = {
            "specific": float(bool(SPECIFIC.search(c.text))),
            "stakes": min(1.0, len(STAKES.findall(c.text)) / 2),
            "story": float(bool(STORY_SHAPE.search(c.text))),
            "opinion": float(bool(OPINION.search(c.text))),
            "contrast": float(bool(CONTRAST.search(c.text))),
            "first_person": min(1.0, len(lang.FIRST_PERSON.findall(c.text)) / 3),
            "reads_alone": 1.0
            - 0.5 * bool(DANGLING_START.match(c.text))
            - 0.5 * bool(DANGLING_END.search(c.text)),
            "length": length,
            "novelty": min(1.0, novelty),
            "reaction": float(c.turn in reacted),
            "filler": min(1.0, len(FILLER.findall(lowered)) / max(1.0, words / 8)),
        }
        f = c.features
        c.score = round(
            1.2 * f["specific"]
            + 1.2 * f["stakes"]
            + 1.0 * f["story"]
            + 1.0 * f["opinion"]
            + 0.6 * f["contrast"]
            + 0.5 * f["first_person"]
            + 1.0 * f["reads_alone"]
            + 1.0 * f["length"]
            + 1.5 * f["novelty"]
            + 0.8 * f["reaction"]
            - 1.2 * f["filler"],
            3,
        )
        c.categories = _categories(c)
    _blend_quotability(candidates, head or shipped_head())
    return candidates


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def _blend_quotability(candidates: list[Candidate], head: QuotabilityHead) -> None:
    """Each candidate's score becomes the standardised blend of its cue score and its learned quotability."""
    if not candidates:
        return
    learned = head.decision(embed_lines([c.text for c in candidates]))
    cues = np.array([c.score for c in candidates])
    blended = QUOTABILITY_WEIGHT * _standardised(learned) + (1 - QUOTABILITY_WEIGHT) * _standardised(cues)
    for c, probability, score in zip(candidates, logistic(learned), blended, strict=True):
        c.features["quotability"] = round(float(probability), 3)
        c.score = round(float(score), 3)


def _categories(c: Candidate) -> list[str]:
    f = c.features
    cats = [
        name
        for name, on in (
            ("result", f["specific"]),
            ("emotion", f["stakes"] >= 0.5),
            ("story", f["story"]),
            ("advice", f["opinion"]),
            ("before_after", f["contrast"] and f["specific"]),
        )
        if on
    ]
    return cats or ["story"]


def pick_diverse(
    candidates: list[Candidate], n: int = MAX_QUOTES, *, ranked: bool = False
) -> list[Candidate]:
    """Pick quotes best first, spread across the call and across kinds of quote.

    Best first is by score, or the given order when `ranked`; at most two per answer, no two lines
    sharing a sentence, and no kind (story, result, emotion, advice, before/after) taking more than a
    third of the picks while lines of other kinds are left. A short call with few answers may go to three
    or four per answer to reach the minimum.
    """
    order = candidates if ranked else sorted(candidates, key=lambda c: c.score, reverse=True)
    category_cap = math.ceil(n / 3)
    chosen: list[Candidate] = []
    for cap in range(MAX_PER_ANSWER, MAX_PER_ANSWER + 3):
        for balanced in (True, False):
            per_turn = Counter(c.turn for c in chosen)
            per_category = Counter(k for c in chosen for k in c.categories)
            for c in order:
                if len(chosen) >= n:
                    break
                if per_turn[c.turn] >= cap or any(
                    c is o or _overlaps(c, o) or near_duplicates(c.text, o.text) for o in chosen
                ):
                    continue
                if balanced and c.categories and all(per_category[k] >= category_cap for k in c.categories):
                    continue
                chosen.append(c)
                per_turn[c.turn] += 1
                per_category.update(c.categories)
        if len(chosen) >= min(n, MIN_QUOTES):
            break
    if ranked:
        return chosen
    return sorted(chosen, key=lambda c: c.score, reverse=True)


DUPLICATE_SHARE = 0.6  # of the shorter line's content words, found in the other line
DUPLICATE_SENTENCE_WORDS = 5  # a sentence this long said twice word for word makes two lines one


def _normalised_sentences(text: str) -> set[str]:
    return {
        " ".join(_WORD.findall(s.lower()))
        for s in lang.sentences(text)
        if count_words(s) >= DUPLICATE_SENTENCE_WORDS
    }


def near_duplicates(a: str, b: str) -> bool:
    """Two lines that say the same: most of the shorter one's words in the other, or a long sentence in both.

    "We moved the team to the new flow." opening five answers is one quote, not five.
    """
    words_a, words_b = lang.content_words(a), lang.content_words(b)
    shorter = min(len(words_a), len(words_b))
    if shorter >= 3 and len(words_a & words_b) / shorter >= DUPLICATE_SHARE:
        return True
    return bool(_normalised_sentences(a) & _normalised_sentences(b))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.turn == b.turn and a.sentences[0] < b.sentences[1] and b.sentences[0] < a.sentences[1]


def code_picks(
    transcript: Transcript, n: int = MAX_QUOTES, head: QuotabilityHead | None = None
) -> list[Candidate]:
    """The code ranking: scored candidates, picked for variety. The fallback when no model ranks."""
    return pick_diverse(score_candidates(transcript, all_candidates(transcript), head), n)
