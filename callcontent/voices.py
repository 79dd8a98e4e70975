"""Turns that hold both voices: where the transcription service merged the other side's words into a turn.

Automatic transcripts (Otter, meeting tools) credit a stretch of one person's speech to the other: the
customer's "Yes." inside the interviewer's turn between two questions, "Sounds great. Cool." and then
the other person's self-introduction in one turn, the interviewer's "Okay. Thank you." at the end of a
customer's answer. A coach does not blame the interviewer for those words (GUIDE.md, "Real-data
problems"), and a marketer never credits them to the customer. Code reads three shapes from the text:

- a question answered inside the same interviewer turn by a bare reply ("…in production? Yes. And how …");
- a run of two or more back-channel sentences in the middle of a turn, with speech on both sides of it
  ("…my camera's gonna be off. Sounds great. Cool. So, I am a recent graduate…");
- a customer's answer that ends on the interviewer's acknowledgement and thanks ("… Okay. Thank you.").

Each is judged from the text alone; where timings exist they do not help (one turn, one time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from callcontent import language as lang
from callcontent import vocabulary as V
from callcontent.transcript import Turn, count_words

# A sentence that is nothing but a reply to a yes/no question ("Yes.", "Uh, no.", "Exactly. Yeah").
_REPLY_ONLY = re.compile(rf"^(?:\W*(?:{V.alternation(V.SHORT_REPLIES, V.HESITATIONS)})\b)+\W*$", re.I)
# A sentence that is nothing but a listener's back-channel or thanks ("Sounds great.", "Okay, thank you.").
_BACK_CHANNEL_ONLY = re.compile(
    rf"^(?:\W*(?:{V.alternation(V.ACKNOWLEDGEMENTS, V.THANKS, V.AFFIRMATIONS, V.HESITATIONS)})\b)+\W*$", re.I
)
_THANKS = re.compile(rf"\b{V.alternation(V.THANKS)}\b", re.I)
SPEECH_AROUND_WORDS = 8  # words of speech either side of a mid-turn back-channel run
ANSWER_BEFORE_THANKS_WORDS = 15  # a customer turn is an answer, not a sign-off, past this many words


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or lang.question_kind(sentence) is not None


def _words(sentences: Sequence[str]) -> int:
    return sum(count_words(s) for s in sentences)


def answered_inside(sentences: Sequence[str]) -> bool:
    """A question followed, in the same turn, by a bare reply and then more speech."""
    return any(
        _is_question(sentences[i]) and _REPLY_ONLY.match(sentences[i + 1]) and i + 2 < len(sentences)
        for i in range(len(sentences) - 1)
    )


def back_channel_run_inside(sentences: Sequence[str]) -> bool:
    """Two or more back-channel sentences in a row with speech on both sides: a change of speaker."""
    i = 0
    while i < len(sentences):
        if not _BACK_CHANNEL_ONLY.match(sentences[i]):
            i += 1
            continue
        j = i
        while j < len(sentences) and _BACK_CHANNEL_ONLY.match(sentences[j]):
            j += 1
        if (
            j - i >= 2
            and _words(sentences[:i]) >= SPEECH_AROUND_WORDS
            and _words(sentences[j:]) >= SPEECH_AROUND_WORDS
        ):
            return True
        i = j
    return False


def thanked_at_the_end(sentences: Sequence[str]) -> bool:
    """An answer that ends on an acknowledgement and thanks: the listener's words, not the speaker's."""
    tail = 0
    while tail < len(sentences) and _BACK_CHANNEL_ONLY.match(sentences[len(sentences) - 1 - tail]):
        tail += 1
    ending = sentences[len(sentences) - tail :]
    return (
        tail >= 2
        and any(_THANKS.search(s) for s in ending)
        and _words(sentences[: len(sentences) - tail]) >= ANSWER_BEFORE_THANKS_WORDS
    )


@lru_cache(maxsize=8192)
def _holds_both_voices(text: str, role: str) -> bool:
    sentences = lang.sentences(text)
    if len(sentences) < 2:
        return False
    if back_channel_run_inside(sentences):
        return True
    if role == "customer":
        return thanked_at_the_end(sentences)
    return answered_inside(sentences)


def holds_both_voices(turn: Turn) -> bool:
    """Whether the transcription put some of the other side's speech in this turn."""
    return _holds_both_voices(turn.text, turn.role)


@lru_cache(maxsize=65536)
def span_holds_both_voices(span: str) -> bool:
    """Whether a span of a customer's turn (a quote) takes in words the transcription merged from the other side.

    Stricter than for a whole turn: inside a quote, two back-channel sentences in a row ("Okay. Thank
    you.") or a question with its bare reply ("… in production? Yes.") are never the customer's telling.
    """
    sentences = lang.sentences(span)
    for i in range(len(sentences) - 1):
        first, second = sentences[i], sentences[i + 1]
        if _BACK_CHANNEL_ONLY.match(first) and _BACK_CHANNEL_ONLY.match(second):
            return True
        if _is_question(first) and _REPLY_ONLY.match(second):
            return True
    return False
