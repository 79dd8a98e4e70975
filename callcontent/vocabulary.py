"""The small words of talk, as tables: each list written once, the patterns that apply them built from it.

Entries are lower-case regular-expression fragments (most are plain words; `um+` covers "ummm").
The code that applies them (the sentence filler stripper, the exchange reader, the detectors, the
merged-voice finder) builds its pattern with `alternation`, so a word added here reaches every use.
"""

from __future__ import annotations

# Hesitation sounds.
HESITATIONS: tuple[str, ...] = ("um+", "uh+", "hmm+", "mm-hmm")
# What a listener says to show they heard ("okay", "got it"): the back-channel of either side.
ACKNOWLEDGEMENTS: tuple[str, ...] = (
    "okay",
    "ok",
    "all right",
    "alright",
    "right",
    "great",
    "cool",
    "nice",
    "good",
    "perfect",
    "awesome",
    "amazing",
    "super",
    "wow",
    "interesting",
    "i see",
    "got it",
    "gotcha",
    "sure",
    "sounds good",
    "sounds great",
)
THANKS: tuple[str, ...] = ("thanks", "thank you", "thank you so much", "thank you very much")
AFFIRMATIONS: tuple[str, ...] = ("yes", "yeah", "yep", "yup")
# A whole reply to a yes/no question, on its own.
SHORT_REPLIES: tuple[str, ...] = (
    *AFFIRMATIONS,
    "no",
    "nope",
    "not really",
    "exactly",
    "correct",
    "right",
    "sure",
    "absolutely",
    "definitely",
    "of course",
    "uh-huh",
    "mm-hmm",
    "something like that",
    "that's right",
    "that's correct",
)
# Praise of the answer that closes it ("That's a great point").
APPRAISALS: tuple[str, ...] = (
    r"that'?s (?:a )?(?:good|great|interesting) point",
    r"that'?s (?:great|amazing|interesting|fascinating)",
)
# Words that open a sentence without adding to it.
LEAD_INS: tuple[str, ...] = ("so", "and", "but", "well", "now", "anyway", "anyhow", "oh")
# Phrases that announce a question ("I'm curious, how …").
QUESTION_LEAD_INS: tuple[str, ...] = ("let me ask", "i'm curious", "i am curious", "i wonder")
# Bracketed tags a transcription service writes in place of speech ("[inaudible]", "[laughs]").
TRANSCRIPTION_TAGS: tuple[str, ...] = (
    "unintelligible",
    "inaudible",
    "indiscernible",
    "crosstalk",
    "laughs",
    "laughter",
)
APOLOGIES: tuple[str, ...] = ("sorry",)
NEGATIONS: tuple[str, ...] = ("no",)


# Words that make a line a sentence of its own: forms of be/have/do, modals and their contractions, and
# the common verbs customers tell a story with (a regular past, "-ed", is matched by pattern).
FINITE_VERBS: tuple[str, ...] = (
    *("am", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did"),
    *("can", "could", "will", "would", "shall", "should", "may", "might", "must"),
    *("'s", "'re", "'ve", "'d", "'ll", r"\w{2,}ed"),
    *("go", "goes", "went", "get", "gets", "got", "take", "takes", "took", "make", "makes", "made"),
    *("come", "comes", "came", "give", "gives", "gave", "keep", "keeps", "kept", "run", "runs", "ran"),
    *("send", "sends", "sent", "spend", "spends", "spent", "find", "finds", "found", "feel", "feels", "felt"),
    *("know", "knows", "knew", "think", "thinks", "thought", "say", "says", "said", "tell", "tells", "told"),
    *("see", "sees", "saw", "need", "needs", "want", "wants", "use", "uses", "work", "works"),
    *("close", "closes", "cut", "cuts", "grow", "grows", "grew", "fall", "falls", "fell", "rise", "rises"),
    *("rose", "drop", "drops", "stop", "stops", "start", "starts", "pay", "pays", "paid", "lose", "loses"),
    *("lost", "win", "wins", "won", "build", "builds", "built", "bring", "brings", "brought", "buy", "buys"),
    *("bought", "sell", "sells", "sold", "hire", "hires", "save", "saves"),
)


def alternation(*tables: tuple[str, ...]) -> str:
    """One non-capturing regex group matching any entry of the tables (longest first, each once)."""
    entries = sorted(dict.fromkeys(e for table in tables for e in table), key=len, reverse=True)
    return "(?:" + "|".join(entries) + ")"


def plain_words(*tables: tuple[str, ...]) -> frozenset[str]:
    """The single-word entries of the tables that are plain words (no pattern characters)."""
    return frozenset(e for table in tables for e in table if e.isalpha())
