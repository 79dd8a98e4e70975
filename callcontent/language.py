"""Word-level cues the critique is built on: questions, vague quantities, figures, consent and pitching.

Real exports (Otter above all) often drop question marks, so a question is recognised by how the
sentence starts as well as by its punctuation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from callcontent import vocabulary as V

QuestionKind = Literal["open", "closed"]


class Cue:
    """A case-insensitive cue matched against lowercased text.

    `re` is about 2.5x slower on long alternations with IGNORECASE than on lowercased input, and the
    critique runs a dozen of these over every turn.
    """

    def __init__(self, pattern: str) -> None:
        """Compile `pattern` to match lower-cased text."""
        assert not re.search(r"\\[SWDB]", pattern), "upper-case escapes would change meaning when lowered"
        self.pattern = re.compile(pattern.lower())

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in `text`, case-insensitively."""
        return self.pattern.search(text.lower())

    def findall(self, text: str) -> list[str]:
        """Every match in `text`, case-insensitively."""
        return self.pattern.findall(text.lower())


_SENTENCE_SPLIT = re.compile(
    r"(?<=[.?!])\s+|\s+(?=(?:so|and|but|okay|ok|um|uh)\s*,?\s+(?:how|what|why)\b)", re.I
)
_FILLER = re.compile(
    rf"^(?:{V.alternation(V.HESITATIONS, V.LEAD_INS, V.ACKNOWLEDGEMENTS, V.AFFIRMATIONS, V.THANKS, V.QUESTION_LEAD_INS)}"
    r"\b[\s,.!-]*)+",
    re.I,
)
_OPEN_START = re.compile(
    r"^(?:how|what|why|tell me|walk me through|describe|explain|talk (?:me |us )?(?:through|about)|"
    r"share|in what way|give me an example|(?:can|could|would|will) you (?:please )?(?:start|begin) by|"
    r"(?:can|could|would|will) you (?:please )?"
    r"(?:tell|describe|walk|explain|talk|share|give|say more|elaborate|expand|paint|help me understand)|"
    r"help me understand|say more|when you say|where|when|who|which)\b",
    re.I,
)
_CLOSED_START = re.compile(
    r"^(?:do|does|did|is|are|was|were|have|has|had|will|would|could|can|should|shall|may|might|"
    r"any|anything else|isn't|aren't|wasn't|didn't|don't|doesn't|haven't|won't|wouldn't)\b",
    re.I,
)
_TAG_QUESTION = re.compile(r"\b(?:right|correct|yes or no|isn't it|don't you|didn't it|true)\s*\?*\s*$", re.I)


SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*$")
# A title before a name ends in a full stop and never ends a sentence ("trained there by Dr. Kim").
TITLE_BEFORE_NAME = re.compile(r"(?:^|[\s(\"“])(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.$")


def ends_sentence(text: str) -> bool:
    """Whether `text` stops where a sentence does: an end mark that is not a title's full stop."""
    stripped = text.rstrip()
    return bool(SENTENCE_END.search(stripped)) and not TITLE_BEFORE_NAME.search(stripped)


def sentences(text: str) -> list[str]:
    """The sentences of `text`, split on sentence ends."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def strip_filler(sentence: str) -> str:
    """The sentence without leading filler ("so", "um", "and")."""
    return _FILLER.sub("", sentence.strip()).strip()


def question_kind(sentence: str) -> QuestionKind | None:
    """'open', 'closed' or None (not a question). Works without question marks."""
    core = strip_filler(sentence)
    if not core:
        return None
    marked = core.rstrip().endswith("?")
    if _OPEN_START.match(core):
        # "What year?" invites one word but still asks for content; "how" and "what" are the seed's openers.
        return "open"
    if _CLOSED_START.match(core):
        words = core.split()
        # "Can you ..." without a telling verb, "Do you ..." etc.; a statement like "Would be great." is
        # excluded by requiring a subject right after the auxiliary.
        if marked or (
            len(words) >= 3
            and re.match(
                r"^\w+(?:n't)?\s+(?:you|it|that|this|they|we|there|your|the|he|she|anyone|anything|any)\b",
                core,
                re.I,
            )
        ):
            return "closed"
        return None
    if marked:
        if _ECHO_PROBE.search(core):
            # "Avoid what, exactly?", "And then what?", "Such as?": asks for more, in their words.
            return "open"
        return "closed" if _TAG_QUESTION.search(core) or len(core.split()) <= 12 else "open"
    return None


_ECHO_PROBE = re.compile(
    r"\b(?:what|which|why|how|who|where|when)\W*(?:exactly|then|else|now)?\W*\?$|\b(?:such as|for example|like)\W*\?$",
    re.I,
)


@lru_cache(maxsize=8192)
def questions_in(text: str) -> tuple[tuple[str, QuestionKind], ...]:
    """The question sentences of a turn; cached because roles and critique both ask for every turn."""
    found: list[tuple[str, QuestionKind]] = []
    for s in sentences(text):
        kind = question_kind(s)
        if kind == "closed" and found and found[-1][1] == "open" and _clarifying_tail(s):
            continue  # "How did that feel for you? The first month?": one open question, narrowed
        if kind is not None:
            found.append((s, kind))
    return tuple(found)


# A few words with a question mark that narrow the open question before them (no verb, no guess).
CLARIFYING_TAIL_WORDS = 4


def _clarifying_tail(sentence: str) -> bool:
    core = strip_filler(sentence)
    return (
        len(core.split()) <= CLARIFYING_TAIL_WORDS
        and not _CLOSED_START.match(core)
        and not _TAG_QUESTION.search(core)
        # "Ten people?" offers the answer: a guess, not a narrowing.
        and not DIGITS.search(core)
        and not NUMBER.search(core)
    )


# ---------------------------------------------------------------- what answers contain

VAGUE_QUANTITY = Cue(
    r"\b(?:a lot|lots(?: of)?|a ton|tons of|so much|much (?:faster|better|easier|quicker|cheaper|more)|"
    r"way (?:faster|better|easier|more)|(?:a )?(?:huge|massive|big) (?:difference|impact|improvement)|"
    r"significantly|substantially|dramatically|saved? (?:us |me |them )?(?:a lot of |so much |some )?"
    r"(?:time|money|hours)|a bunch|more efficient|fewer|less time|a while|a fair amount|quite a bit|"
    r"(?:is|are|was|were|got|gets|it's|they're|been) (?:a lot |much |way |so much |far )?(?:faster|quicker|cheaper))\b",
)
NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|double|twice|triple"
)
NUMBER = Cue(
    r"(?<![\w.])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?\s?(?:%|x|k|m|bn|percent)?(?![\w])|"
    rf"\b(?:{NUMBER_WORDS})\b",
)
DIGITS = re.compile(r"\d")
# A figure worth quoting back to the customer: digits with their unit or currency.
FIGURE = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b|x\b|k\b))?")
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|we|we're|we've|our|us)\b")

FOLLOW_UP = Cue(
    r"\b(?:tell me more|say more|more about (?:that|this)|example|what do you mean|what did you mean|"
    r"what happened|how did (?:that|it|this) (?:make you )?feel|how so|why|"
    r"you (?:said|mentioned|described|talked about)|when you say|you just said|ballpark|how much|how many|"
    r"how long|specific|specifically|elaborate|expand on|go back to|what made|what was that like|"
    r"and then what|what else|dig into|unpack|after that|what happened next|what did you do next|"
    # Questions that point back at what was just said: "the consequences of this", "how did you fix that".
    r"(?:consequences?|impact|effect|result|outcome|cause) of,? (?:(?:uh|um|er),? )*(?:this|that|it)|"
    r"what (?:caused|causes|drove) (?:this|that|it)|"
    r"how did you (?:solve|fix|handle|deal with|find|notice|catch) (?:this|that|it)|"
    r"what did (?:this|that|it) (?:mean|cost|change))\b",
)
PRESS_FOR_NUMBER = Cue(
    r"\b(?:how much|how many|how long|ballpark|roughly|number|percent|percentage|hours|minutes|days|weeks|"
    r"dollars|estimate|quantify|measure|specific)\b",
)
EMOTION_QUESTION = Cue(
    r"\b(?:feel|felt|feeling|personally|going through your mind|what would(?: have|'ve) happened|"
    r"tell your team|how did (?:that|it|this) change|change things for you|what did it mean to you|"
    r"proud|frustrat\w*|worried|excited|stress\w*|relie\w*|emotion\w*|your life|sleep at night|"
    r"what was (?:that|it) like)\b",
)
RECORDING_CONSENT = Cue(
    r"\b(?:record(?:ing)? (?:this|the (?:call|interview|conversation|session)|our conversation)|"
    r"(?:mind|okay|ok|alright|all right|fine|consent|permission)\b[^.?!]{0,40}\brecord|"
    r"(?:I'm|I am|we're|we are|we'll be|I'll be|be making|be doing)[^.?!]{0,40}\brecording|"
    r"recording (?:is|has) (?:on|started|running)|(?:start|started|starting|hit) (?:the )?record(?:ing)?\b|"
    r"already recording)",
)
PUBLISH_PERMISSION = Cue(
    r"\b(?:draft|(?:your|for) (?:approval|sign[- ]off|okay|ok)|approve (?:it|the draft|before)|"
    r"permission to (?:publish|use|quote|share)|before (?:we|I) (?:publish|share|post)|before publishing|"
    r"send (?:you|it|this) (?:over )?(?:a |the )?(?:copy|draft|write-?up)|"
    r"(?:okay|ok|alright|fine) (?:to|if (?:we|I)) (?:use|quote|publish|share)|use your name|quote you|"
    r"look (?:it )?over before|"
    r"(?:happy|okay|ok|alright|fine|comfortable) (?:for|with) (?:us|me) (?:to )?(?:publish|use|quote|share)|"
    r"once you(?:'ve| have)? (?:approved|signed off|seen it))",
)
REPORTED_SENTENCE = re.compile(
    r"^(?:the )?(?:customer|client|interviewee|user|he|she|they|[A-Z][a-z]+) "
    r"(?:said|says|mentioned|explained|noted|reported|thinks|thought|felt|feels|was|is) ",
)
PITCH = Cue(
    r"\b(?:our (?:product|platform|tool|feature|features|dashboard|app|solution|software|team built|"
    r"integration|roadmap|ai)|we (?:built|launched|released|shipped|designed|offer|also have|just added)|"
    r"it integrates|integrates with|our customers|new feature|amazing feature)\b",
)

_STOP = set(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "me",
        "my",
        "your",
        "our",
        "their",
        "them",
        "us",
        "do",
        "did",
        "does",
        "have",
        "has",
        "had",
        "not",
        "no",
        "yes",
        "yeah",
        "um",
        "uh",
        "like",
        "just",
        "really",
        "very",
        "can",
        "could",
        "would",
        "will",
        "should",
        "what",
        "how",
        "why",
        "when",
        "where",
        "who",
        "which",
        "there",
        "here",
        "then",
        "than",
        "if",
        "into",
        "out",
        "up",
        "down",
        "over",
        "more",
        "most",
        "some",
        "any",
        "all",
        "also",
        "know",
        "think",
        "going",
        "get",
        "got",
        "one",
        "okay",
        "ok",
        "right",
        "well",
        "kind",
        "sort",
        "thing",
        "things",
        "lot",
    ]
)


def content_words(text: str) -> set[str]:
    """The words of `text` that carry meaning (three letters or more, stop words left out)."""
    return {w for w in re.findall(r"[a-z][a-z'’-]{2,}", text.lower()) if w not in _STOP}
