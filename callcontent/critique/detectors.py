"""One detector per mistake of the seed. Each reads the call's exchanges and returns its findings.

Conventions (the same as the expert labels): closed questions and missed follow-ups sit at the
interviewer's turn, an unpressed vague answer at the customer's turn, whole-call findings at no turn.
Each detector fires on what the moment cost, not on a keyword: a closed question that drew a full
answer, "a lot" as filler, a repair or a sign-off are not mistakes.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from callcontent import language as lang
from callcontent import vocabulary as V
from callcontent.critique import suggest
from callcontent.critique.cues import (
    ANNOUNCED_QUESTIONS,
    ASSENT,
    CATCH_ALL,
    DURATION,
    FEELING,
    FLAT_NO,
    HOW_MUCH,
    IMPACT_QUESTION,
    INTRODUCTION,
    LAUGHTER,
    MOVING_ON,
    NORMATIVE,
    OFTEN,
    OWN_REPLY,
    PARAPHRASE,
    PROBLEM,
    REPAIR,
    REPAIR_ANSWER,
    RESULT_FIGURE,
    STORY,
    SURFACE,
    TAG,
    TIME_CLAIM,
    VAGUE_OUTCOME,
)
from callcontent.critique.model import (
    PUBLISHED_CONTENT_CALLS,
    RESCUE,
    CallType,
    Finding,
    MistakeId,
    Severity,
)
from callcontent.critique.moments import (
    SUBSTANTIVE_ANSWER_WORDS,
    THIN_ANSWER_WORDS,
    Exchange,
    trails_off,
)
from callcontent.transcript import Transcript, Turn, count_words
from callcontent.voices import holds_both_voices

TARGET_INTERVIEWER_SHARE = 0.20  # the seed's 80/20 rule
MONOLOGUE_WORDS = 90  # about 40 seconds of the interviewer talking without handing over
OPENING_ALLOWANCE_WORDS = 150  # a cold open or briefing that ends in an open question
STACKED_QUESTIONS = 3  # three questions on three different topics in one breath
SILENCE_TARGET_S = 3.0  # the seed: count to three
RUSHED_GAP_S = 1.0  # a median pause under a second means the next question came at once
SIGN_OFF_POSITION = 0.9  # the last tenth of the call is thanks and goodbyes


@dataclass
class Call:
    """What every detector reads."""

    transcript: Transcript
    exchanges: list[Exchange]
    call_type: CallType
    interviewer_side: set[str]

    def interviewer_turns(self) -> list[Turn]:
        """The turns of the interviewer's side (an interviewer and any colleagues)."""
        return [t for t in self.transcript.turns if t.speaker in self.interviewer_side]


def finding(
    mistake: MistakeId,
    turn: Turn | None,
    evidence: str,
    severity: Severity,
    suggestion: str,
    *,
    missed: str = "",
    cost: float = 1.0,
) -> Finding:
    """A finding, with its timestamp taken from the turn."""
    return Finding(
        mistake=mistake,
        turn=turn.index if turn else None,
        timestamp=turn.start if turn else None,
        evidence=suggest.excerpt(evidence),
        severity=severity,
        suggestion=suggestion,
        missed=missed,
        cost=round(cost, 2),
    )


def _exchange_evidence(ex: Exchange) -> str:
    return f"Customer: “{suggest.excerpt(ex.before_text, 120)}” → next: “{suggest.excerpt(ex.turn.text, 80)}”"


# ---------------------------------------------------------------- #1 not recording


def detect_not_recording(call: Call) -> list[Finding]:
    """A transcript means the call was recorded; only notes typed in the third person show it was not."""
    customer_turns = call.transcript.turns_of("customer")
    customer_text = " ".join(t.text for t in customer_turns)
    words = count_words(customer_text)
    if words < 40:
        return []  # too few words to tell a paraphrase from someone's own voice
    first_person = len(lang.FIRST_PERSON.findall(customer_text)) / words
    sentences = lang.sentences(customer_text)
    reported = sum(1 for s in sentences if lang.REPORTED_SENTENCE.match(s)) / max(1, len(sentences))
    # Someone speaking says "I", "we", "our" at least now and then; notes say "Customer said …".
    if reported < 0.25 and first_person >= 0.005:
        return []
    return [
        finding(
            "not_recording",
            None,
            "The customer's turns read as notes (third person, paraphrase), not their own words.",
            "high",
            RESCUE["not_recording"],
            missed="their exact words: notes lose the quotes a case study is built on",
            cost=5.0,
        )
    ]


def recording_consent_heard(call: Call) -> bool:
    """Did the interviewer ask to record?"""
    return any(lang.RECORDING_CONSENT.search(t.text) for t in call.interviewer_turns())


# ---------------------------------------------------------------- #2 closed questions


def detect_closed_questions(call: Call) -> list[Finding]:
    """A closed question that drew a thin answer nobody probed, or that the interviewer answered.

    The interviewer answering it themselves: "… proud of it? Okay, good. Then …".

    A yes/no question that drew a full answer did its job; a screening question followed by an open
    probe, a repair ("can you hear me?"), a confirmation ("…, right?") and a sign-off are fine.
    """
    out: list[Finding] = []
    for k, ex in enumerate(call.exchanges):
        following = call.exchanges[k + 1] if k + 1 < len(call.exchanges) else None
        probed = following is not None and (following.digs_in or _short_open_probe(following))
        paraphrase = _leading_paraphrase(ex)
        if paraphrase is not None and not probed:
            phrase = suggest.first_phrase(ex.before_text, [STORY, PROBLEM, FEELING])
            out.append(
                finding(
                    "closed_question",
                    ex.turn,
                    f"“{suggest.excerpt(paraphrase, 140)}” → “{suggest.excerpt(ex.after_text, 80)}”",
                    "medium",
                    f"You mentioned “{phrase}” — what happened there?" if phrase else RESCUE["vague"],
                    missed="the customer's own account, not a confirmation of yours",
                    cost=1.5,
                )
            )
            continue
        if not ex.questions or ex.is_repair or ex.position >= SIGN_OFF_POSITION:
            continue
        self_answered = _self_answered_question(ex.turn.text)
        if self_answered is not None:
            out.append(
                finding(
                    "closed_question",
                    ex.turn,
                    f"“{suggest.excerpt(self_answered, 140)}” — answered by the interviewer before the customer could",
                    "medium",
                    f"Instead of “{suggest.excerpt(self_answered, 90)}”, ask it open — "
                    f"{suggest.open_rewrite(self_answered)} — then wait for the answer.",
                    missed="the customer's own answer",
                    cost=1.5,
                )
            )
            continue
        last_sentence, kind = ex.questions[-1]
        if kind != "closed" or not _is_interview_question(last_sentence):
            continue
        if not ex.answer_after or ex.after_words >= THIN_ANSWER_WORDS or not _is_an_answer(ex.after_text):
            continue
        if probed:
            continue  # a screening question, then a probe on what it found
        answer = ex.answer_after[0]
        phrase = suggest.first_phrase(ex.before_text, [STORY, PROBLEM, FEELING]) if ex.answer_before else None
        better = (
            f"You mentioned “{phrase}” — what happened there?"
            if phrase
            else f"Instead of “{suggest.excerpt(last_sentence, 90)}”, ask it open: {suggest.open_rewrite(last_sentence)}"
        )
        out.append(
            finding(
                "closed_question",
                ex.turn,
                f"“{suggest.excerpt(last_sentence, 140)}” → “{suggest.excerpt(answer.text, 80)}”",
                "high" if ex.after_words <= 5 else "medium",
                better,
                missed=f"a {ex.after_words}-word answer that nobody opened up",
                cost=2.0 if ex.after_words <= 5 else 1.5,
            )
        )
    return out


SHORT_PROBE_WORDS = 8


def _is_interview_question(sentence: str) -> bool:
    """Not a consent or approval ask, a section's sweep, a confirmation tag, or a one-word clarification."""
    return not (
        lang.RECORDING_CONSENT.search(sentence)
        or lang.PUBLISH_PERMISSION.search(sentence)
        or CATCH_ALL.search(sentence)
        or TAG.search(sentence.strip())
        or count_words(sentence) < 3
    )


def _is_an_answer(text: str) -> bool:
    """Something the customer said in reply.

    Not a plain "no" to a screening question, not a request to repeat the question, not just "okay,
    thanks" or a transcription tag.
    """
    stripped = re.sub(r"\[[^\]]*\]", " ", text).strip()
    if FLAT_NO.match(stripped) or REPAIR_ANSWER.search(stripped):
        return False
    # "Yes." and "Sure." are answers (the thin ones closed questions draw); "Okay. Thanks." is not.
    return bool(ASSENT.match(stripped) or lang.content_words(stripped) - _NOT_CONTENT)


def _short_open_probe(ex: Exchange) -> bool:
    """Is the next question a probe: short, open, and bringing at most one word of its own?

    "In which scenario?" and "Why is that?" probe; "Which reports do you look at?" opens a new topic.
    """
    if not ex.questions or ex.questions[0][1] != "open" or count_words(ex.turn.text) > SHORT_PROBE_WORDS:
        return False
    new_words = lang.content_words(ex.turn.text) - lang.content_words(ex.before_text) - ex.protocol_words
    return len(new_words - _NOT_CONTENT - ACKNOWLEDGEMENT_WORDS) <= 1


def _leading_paraphrase(ex: Exchange) -> str | None:
    """A summary of the answer that asks nothing and got a thin confirmation: a closed question.

    "So basically, this is an issue you have often…" puts the words in the customer's mouth. A summary
    that drew a full answer ("… Correct." → 53 words) did what a clarifying check should.
    """
    if ex.questions or not ex.answer_before or ex.position >= SIGN_OFF_POSITION:
        return None
    if not ex.answer_after or ex.after_words >= THIN_ANSWER_WORDS:
        return None
    for sentence in lang.sentences(ex.turn.text):
        if PARAPHRASE.search(sentence) and re.search(r"\byou\b", sentence, re.I):
            return sentence
    return None


def _self_answered_question(text: str) -> str | None:
    """A closed question the interviewer answered themselves in the same breath."""
    sentences = lang.sentences(text)
    for sentence, following in itertools.pairwise(sentences):
        if lang.question_kind(sentence) != "closed" or not _is_interview_question(sentence):
            continue
        if OWN_REPLY.match(following) and lang.question_kind(following) is None:
            return sentence
    return None


# ---------------------------------------------------------------- #3 not digging deeper


def offer_strength(text: str) -> float:
    """How much an answer offered to dig into: a story, a problem admitted, a feeling named."""
    if count_words(text) < SUBSTANTIVE_ANSWER_WORDS:
        return 0.0
    tail = " ".join(text.split()[-150:])  # what the customer said last is what the next turn answers
    return (
        1.0 * bool(STORY.search(tail))
        + 1.0 * bool(PROBLEM.search(tail))
        + 0.5 * bool(FEELING.search(tail))
        + 1.0 * bool(RESULT_FIGURE.search(tail))
        + 0.5 * bool(STORY.search(text) and PROBLEM.search(text))
    )


SHORT_ANSWER_WORDS = 15
# An answer offering less than a story, a problem or a result (a feeling alone is 0.5) is not a dropped story.
OFFER_THRESHOLD = 1.5


THIN_TO_OPEN_WORDS = 2  # "Spreadsheets.", "Good ones.": a word or two, not a sentence


def _thin_answer_to_open_question(ex: Exchange) -> bool:
    """An open question that got a word, not a story ("What did you use before?" "Spreadsheets.")."""
    asked = lang.questions_in(ex.asked_before)
    return (
        bool(asked)
        and asked[-1][1] == "open"
        and ex.before_words <= THIN_TO_OPEN_WORDS
        and bool(lang.content_words(ex.before_text) - _NOT_CONTENT)
    )


# Confirmations, thanks and transcription tags are not content to dig into.
# ("It's good." is a thin verdict worth opening up, so not every acknowledgement word is here.)
_NOT_CONTENT = V.plain_words(V.THANKS, V.SHORT_REPLIES, V.TRANSCRIPTION_TAGS) | {
    "thank",
    "great",
    "perfect",
    "cool",
    "fine",
    "bye",
    "true",
    "totally",
    "that's",
    "that’s",
    "it's",
    "it’s",
}
ACKNOWLEDGEMENT_WORDS = V.plain_words(V.ACKNOWLEDGEMENTS)


def _surface_answer(ex: Exchange) -> Finding | None:
    """A thin answer the next question walked past.

    Thin: short, with a result, a surface word ("easier"), or one word to an open question.
    """
    answer = ex.before_text
    if ex.answers_logistics or not 0 < ex.before_words < SHORT_ANSWER_WORDS or not _is_an_answer(answer):
        return None
    figure = RESULT_FIGURE.search(answer)
    if figure is None and not SURFACE.search(answer) and not _thin_answer_to_open_question(ex):
        return None
    phrase = suggest.phrase_around(answer, RESULT_FIGURE if figure else SURFACE) or suggest.excerpt(
        answer, 60
    )
    return finding(
        "no_follow_up",
        ex.turn,
        _exchange_evidence(ex),
        "high" if figure else "medium",
        f"You said “{phrase}” — tell me more. What did that mean for you day to day?"
        if figure
        else f"What do you mean by “{phrase}”? Can you give me a specific example?",
        missed="the story behind a surface answer",
        cost=2.5 if figure else 1.5,
    )


def detect_no_follow_up(call: Call) -> list[Finding]:
    """The customer offered a story, a problem, a feeling or a result and the next question changed topic."""
    out: list[Finding] = []
    for ex in call.exchanges:
        closing = ex.next_turn is None and not ex.digs_in and _vague_claim(ex.before_text) is None
        if closing and (surface := _surface_answer(ex)) is not None:
            out.append(surface)  # "Good ones." → "Great, thank you, that's all": the last chance, missed
            continue
        if not ex.moves_on or ex.position >= SIGN_OFF_POSITION or ex.is_repair or ex.answers_logistics:
            continue
        surface = _surface_answer(ex)
        if surface is not None:
            out.append(surface)
            continue
        strength = offer_strength(ex.before_text)
        if strength < OFFER_THRESHOLD:
            continue
        tail = " ".join(ex.before_text.split()[-150:])
        phrase = suggest.first_phrase(tail, [STORY, PROBLEM, FEELING])
        better = (
            f"You said “{phrase}” — can you tell me more about that? What happened?"
            if phrase
            else RESCUE["vague"]
        )
        out.append(
            finding(
                "no_follow_up",
                ex.turn,
                _exchange_evidence(ex),
                "high" if strength >= 2.5 else "medium",
                better,
                missed="the story behind the answer: the example, what happened next, what it cost",
                cost=1.5 * strength,
            )
        )
    return out


# ---------------------------------------------------------------- #4 talking too much


def interviewer_share(call: Call) -> float:
    """The interviewer's share of the call's words."""
    total = max(1, call.transcript.words)
    return sum(t.words for t in call.interviewer_turns()) / total


def detect_talking_too_much(call: Call) -> list[Finding]:
    """Over the 80/20 rule for the call, and the monologues that took the floor."""
    out: list[Finding] = []
    share = interviewer_share(call)
    if share > TARGET_INTERVIEWER_SHARE:
        out.append(
            finding(
                "talking_too_much",
                None,
                f"The interviewer side spoke {share:.0%} of the words (target: at most 20%).",
                "high" if share > 0.4 else "medium" if share > 0.3 else "low",
                RESCUE["talking"],
                missed="the customer's airtime: every extra interviewer word is one they did not say",
                cost=10 * (share - TARGET_INTERVIEWER_SHARE),
            )
        )
    for ex in call.exchanges:
        turn = ex.turn
        if turn.words < MONOLOGUE_WORDS or ex.position >= SIGN_OFF_POSITION:
            continue
        if holds_both_voices(turn):
            continue  # partly the customer's speech, merged by the transcription: not one person's monologue
        opening = not any(t.role == "customer" and t.words > 15 for t in call.transcript.turns[: turn.index])
        ends_open = bool(ex.questions) and ex.questions[-1][1] == "open"
        if (
            opening
            and ends_open
            and turn.words <= OPENING_ALLOWANCE_WORDS
            and not lang.PITCH.search(turn.text)
        ):
            continue  # a cold open or a short briefing that hands over with an open question
        topic = suggest.first_phrase(ex.before_text, [STORY, FEELING, PROBLEM]) if ex.answer_before else None
        out.append(
            finding(
                "talking_too_much",
                turn,
                f"{turn.words}-word interviewer turn: “{suggest.excerpt(turn.text, 140)}”",
                "high" if turn.words >= 250 else "medium" if turn.words >= 120 else "low",
                f"Actually, I want to hear more from you. Tell me more about “{topic}”."
                if topic
                else RESCUE["talking"],
                missed="the customer's own telling: a long set-up answers the question for them",
                cost=turn.words / 60,
            )
        )
    return out


def detect_pitching(call: Call) -> list[Finding]:
    """The interviewer describing the product in a customer story: their story, not yours."""
    if call.call_type != "customer_story":
        return []
    out: list[Finding] = []
    for ex in call.exchanges:
        pitch = lang.PITCH.search(ex.turn.text)
        if pitch is None or ex.turn.words < 25:
            continue
        words = pitch.group(0).split()
        thing = f"the {words[1]}" if len(words) == 2 and words[0].lower() == "our" else "it"
        out.append(
            finding(
                "talking_too_much",
                ex.turn,
                ex.turn.text,
                "medium",
                f"Instead of “{suggest.excerpt(pitch.group(0), 40)}…”, ask: “How do you use {thing} in your "
                "day-to-day work?”",
                missed="how the customer describes the product, in their words",
                cost=1.5,
            )
        )
    return out


# ---------------------------------------------------------------- #5 no space for emotion


def emotion_questions(call: Call) -> int:
    """Interviewer turns that ask how it felt, what changed personally, or what would have happened."""
    return sum(1 for ex in call.exchanges if ex.questions and lang.EMOTION_QUESTION.search(ex.turn.text))


def detect_no_emotion(call: Call) -> list[Finding]:
    """A feeling the customer named and nobody stopped on; and a call that never asked how it felt."""
    out: list[Finding] = []
    for ex in call.exchanges:
        if not ex.answer_before or ex.position >= SIGN_OFF_POSITION or ex.is_repair:
            continue
        if not FEELING.search(ex.before_text) or lang.EMOTION_QUESTION.search(ex.turn.text):
            continue
        if LAUGHTER.search(ex.before_text):
            continue  # "I'm afraid now [laughs]": banter, not a feeling to stop on
        if IMPACT_QUESTION.search(ex.asked_before):
            continue  # the feeling answered a question about impact: the space was made
        if ex.digs_in and not ex.moves_on and ex.questions:
            continue
        phrase = suggest.phrase_around(ex.before_text, FEELING)
        if phrase is None:
            continue
        out.append(
            finding(
                "no_emotion",
                ex.turn,
                _exchange_evidence(ex),
                "medium",
                f"You said “{phrase}” — what was that like for you?",
                missed="how it felt: the line that makes a story human",
                cost=2.0,
            )
        )
    answered = sum(1 for ex in call.exchanges if ex.answer_after)
    if emotion_questions(call) == 0 and answered >= 3:
        first_result = next(
            (t for t in call.transcript.turns_of("customer") if lang.DIGITS.search(t.text)), None
        )
        out.append(
            finding(
                "no_emotion",
                None,
                "No question asked how it felt, what changed personally, or what would have happened otherwise.",
                "high" if first_result is not None else "medium",
                RESCUE["emotion"] + " What would have happened if you hadn't solved this?",
                missed="the personal stakes of the story",
                cost=3.0,
            )
        )
    return out


# ---------------------------------------------------------------- #6 skipping the silence


CUT_OFF_MAX_WORDS = 6 * SUBSTANTIVE_ANSWER_WORDS
QUICK_GAP_S = 1.0  # under a second after a real answer: the interviewer did not let it land


def answer_gaps(call: Call, min_answer_words: int = 0) -> list[float]:
    """Measured pauses between the end of an answer (of at least `min_answer_words`) and the next question."""
    gaps = []
    for ex in call.exchanges:
        answer = ex.last_answer
        if (
            answer is not None
            and answer.words >= min_answer_words
            and answer.end_measured
            and answer.end is not None
            and ex.turn.start is not None
        ):
            gaps.append(max(0.0, ex.turn.start - answer.end))
    return gaps


def _distinct_questions(ex: Exchange) -> int:
    """Questions on topics of their own.

    Rephrasings ("What excites you? What keeps you excited?") and either/or narrowing ("… or is it
    annotated by hand?") are one question; repairs ("Can you repeat?") are none, and questions the
    interviewer announced ("I have two questions") are deliberate.
    """
    if ANNOUNCED_QUESTIONS.search(ex.turn.text):
        return 0
    seen: set[str] = set()
    distinct = 0
    for sentence, _ in ex.questions:
        if REPAIR.search(sentence):
            continue
        words = lang.content_words(sentence)
        if words and not words & seen and not sentence.lstrip().lower().startswith("or "):
            distinct += 1
        seen |= words
    return distinct


def detect_no_silence(call: Call) -> list[Finding]:
    """Stacked questions, answers cut off mid-thought, and (with timings) pauses under a second."""
    out: list[Finding] = []
    for ex in call.exchanges:
        if ex.position >= SIGN_OFF_POSITION and not ex.answer_before:
            continue
        # Questions with the customer's "Yes." merged between them were answered one by one, not stacked.
        if _distinct_questions(ex) >= STACKED_QUESTIONS and not holds_both_voices(ex.turn):
            first = ex.questions[0][0]
            out.append(
                finding(
                    "no_silence",
                    ex.turn,
                    ex.turn.text,
                    "medium",
                    f"Ask one question — “{suggest.excerpt(first, 100)}” — then stop and wait; stacked "
                    "questions let the customer pick the easiest one.",
                    missed="the answer to the hardest of the stacked questions",
                    cost=1.5,
                )
            )
            continue
        answer = ex.last_answer
        if answer is None or answer.end_measured or not ex.moves_on:
            continue
        if _surface_answer(ex) is not None:
            out.append(
                finding(
                    "no_silence",
                    ex.turn,
                    f"Short answer “{suggest.excerpt(answer.text, 80)}” met at once by "
                    f"“{suggest.excerpt(ex.turn.text, 80)}”",
                    "medium",
                    RESCUE["silence"] + " The customer usually keeps going, and that is where the best "
                    "material comes out.",
                    missed="what the customer would have added after a pause",
                    cost=1.0,
                )
            )
            continue
        # A 130-word answer that stops on "It's, uh," was cut off too; past a few minutes of talk, a
        # dangling end is more likely the transcript's turn boundary than a thought left hanging.
        if trails_off(answer.text) and answer.words < CUT_OFF_MAX_WORDS and _is_an_answer(answer.text):
            out.append(
                finding(
                    "no_silence",
                    ex.turn,
                    f"Answer trailing off “…{suggest.closing_words(answer.text)}” met at once by "
                    f"“{suggest.excerpt(ex.turn.text, 80)}”",
                    "low",
                    f"Count to three after “{suggest.closing_words(answer.text)}”: the customer was still "
                    "thinking, and that is where the best material comes out.",
                    missed="what the customer was about to add",
                    cost=1.0,
                )
            )
    gaps = answer_gaps(call)
    median_gap = statistics.median(gaps) if gaps else None
    if median_gap is not None and len(gaps) >= 3 and median_gap < RUSHED_GAP_S:
        out.append(
            finding(
                "no_silence",
                None,
                f"Median pause between the customer's answer and the next question: {median_gap:.1f} s "
                f"over {len(gaps)} answers (the seed: count to {SILENCE_TARGET_S:.0f}).",
                "medium" if median_gap >= 0.3 else "high",
                RESCUE["silence"],
                missed="the second thoughts a pause draws out",
                cost=3.0,
            )
        )
    return out


# ---------------------------------------------------------------- #7 not pressing for specifics


def detect_no_specifics(call: Call) -> list[Finding]:
    """Vague claims about an outcome that the next turn did not press for a number or an example.

    "A huge loss", "dropped significantly", "lion's share" are claims; "a lot" as filler is not.
    """
    out: list[Finding] = []
    for k, ex in enumerate(call.exchanges):
        if not ex.answer_before:
            continue
        if lang.PRESS_FOR_NUMBER.search(ex.turn.text) or (
            lang.FOLLOW_UP.search(ex.turn.text) and not MOVING_ON.search(ex.turn.text)
        ):
            continue
        asked_amount = k > 0 and bool(HOW_MUCH.search(call.exchanges[k - 1].turn.text))
        if INTRODUCTION.search(ex.asked_before) or INTRODUCTION.search(ex.before_text[:200]):
            continue  # who they are and what they do: context, not an outcome to put a number on
        for answer in reversed(ex.answer_before):
            claim = _vague_claim(answer.text) or (
                answer.text if asked_amount and _vague_amount(answer.text) else None
            )
            if claim is None:
                continue
            out.append(
                finding(
                    "no_specifics",
                    answer,
                    f"“{suggest.excerpt(claim, 160)}”",
                    "medium",
                    _press_for_number(answer.text),
                    missed="a number or an example that makes the claim believable",
                    cost=1.5,
                )
            )
            break
    return out


def _vague_amount(text: str) -> bool:
    """An amount answered without a number ("A lot.", "Quite a bit, really", "Good ones.")."""
    if lang.DIGITS.search(text):
        return False
    short = count_words(text) < SHORT_ANSWER_WORDS
    return bool(lang.VAGUE_QUANTITY.search(text) or (short and SURFACE.search(text)))


def _vague_claim(text: str) -> str | None:
    """The sentence with a vague outcome claim and no figure of its own.

    Not a claim: "a lot of the time" (often), what should happen, and time "a lot of" which the customer
    put a duration on in the same breath.
    """
    sentences = lang.sentences(" ".join(text.split()))
    for k, sentence in enumerate(sentences):
        if not VAGUE_OUTCOME.search(OFTEN.sub("", sentence)) or lang.DIGITS.search(sentence):
            continue
        said_just_before = " ".join(sentences[max(0, k - 2) : k + 1])
        if NORMATIVE.search(sentence) or (TIME_CLAIM.search(sentence) and DURATION.search(said_just_before)):
            continue
        return sentence
    return None


def _press_for_number(text: str) -> str:
    phrase = suggest.phrase_around(text, VAGUE_OUTCOME, max_words=10)
    if phrase is None:
        amount = lang.VAGUE_QUANTITY.search(text)
        if amount is None:
            return RESCUE["vague"]
        # The seed's own line: "When you say 'a lot,' can you ballpark it? 5 hours? 10 hours?"
        return (
            f"When you say “{text[amount.start() : amount.end()]}”, can you ballpark it? 5 hours? 10 hours?"
        )
    lowered = phrase.lower()
    if "more than once" in lowered:
        return f"You said “{phrase}” — walk me through the last time it happened."
    if any(w in lowered for w in ("majority", "lion", "share")):
        return f"When you say “{phrase}”, roughly what share is that — 60%? 90%?"
    if any(w in lowered for w in ("time", "hours", "intensive", "consuming", "work", "effort")):
        return f"When you say “{phrase}”, can you ballpark it — hours a week? Days per project?"
    return f"When you say “{phrase}”, can you ballpark it, or give me a specific example?"


# ---------------------------------------------------------------- bonus: no permission to publish


def publish_permission_asked(call: Call) -> bool:
    """Did the interviewer ask to publish, or promise a draft before anything is published?"""
    return any(lang.PUBLISH_PERMISSION.search(t.text) for t in call.interviewer_turns())


def detect_no_publish_permission(call: Call) -> list[Finding]:
    """Content made from the call needs the customer's approval; research and podcasts do not."""
    if call.call_type not in PUBLISHED_CONTENT_CALLS or publish_permission_asked(call):
        return []
    return [
        finding(
            "no_publish_permission",
            None,
            "The interviewer never offered to send a draft for approval before publishing.",
            "medium",
            RESCUE["no_publish_permission"],
            missed="written approval: without it the story cannot be published",
            cost=3.0,
        )
    ]


DETECTORS: tuple[Callable[[Call], list[Finding]], ...] = (
    detect_not_recording,
    detect_closed_questions,
    detect_no_follow_up,
    detect_talking_too_much,
    detect_pitching,
    detect_no_emotion,
    detect_no_silence,
    detect_no_specifics,
    detect_no_publish_permission,
)
