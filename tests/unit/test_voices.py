"""Turns where the transcription merged both voices, and what the critique and the quotes do with them."""

from __future__ import annotations

import re

from callcontent import vocabulary as V
from callcontent.critique import critique_transcript
from callcontent.ingest import parse_text
from callcontent.quote_picking import all_candidates, code_picks, near_duplicates
from callcontent.transcript import Turn
from callcontent.voices import holds_both_voices, span_holds_both_voices


def _turn(text: str, role: str = "interviewer") -> Turn:
    return Turn(index=0, speaker="A", text=text, role=role)


def test_a_question_answered_inside_the_interviewer_turn_holds_both_voices() -> None:
    merged = "Do you have models in production? Yes. Yes. Okay. And did you hit any issue once deployed?"
    assert holds_both_voices(_turn(merged))
    # The interviewer's own question and a follow-up, with nobody answering in between: one voice.
    assert not holds_both_voices(
        _turn("Do you have models in production? And did you hit any issue once deployed?")
    )
    # A bare "Yes." at the very end is not followed by more speech: no switch back, nothing to say.
    assert not holds_both_voices(_turn("So that was in production, right? Yes."))


def test_a_back_channel_run_between_two_stretches_of_speech_is_a_change_of_speaker() -> None:
    otter = (
        "I'll keep my camera off today because the connection here is weak. Sounds great. Cool. "
        "So, I am a recent graduate and I started at the company in March."
    )
    assert holds_both_voices(_turn(otter))
    assert holds_both_voices(_turn(otter, role="customer"))
    # One acknowledgement while moving on is the same speaker.
    assert not holds_both_voices(
        _turn(
            "That makes sense given what you said about the backlog. Okay. So how did the team react to it?"
        )
    )


def test_a_customer_answer_ending_on_the_interviewers_thanks_holds_both_voices() -> None:
    answer = "Perhaps elsewhere in the company they do, but on my end I honestly do not know of any. Okay, perfect. Thank you."
    assert holds_both_voices(_turn(answer, role="customer"))
    assert not holds_both_voices(_turn("Thank you. It was a pleasure.", role="customer"))


def test_a_quote_never_takes_in_the_other_sides_words() -> None:
    assert span_holds_both_voices("We cut the close from ten days to four. Okay. Thank you.")
    assert span_holds_both_voices("Did it cover the audits? Yes. We cut the close from ten days to four.")
    assert not span_holds_both_voices("We cut the close from ten days to four. Yes, really: four days.")
    transcript = parse_text(
        "Interviewer: What changed after the rollout?\n"
        "Customer: We cut the month-end close from ten days to four, and the team finally slept. "
        "Okay. Thank you.\n"
        "Interviewer: Great, tell me more about the team.\n"
        "Customer: The team stopped dreading the last week of the month, honestly it felt like a new job.\n"
    )
    texts = [c.text for c in all_candidates(transcript)]
    assert texts and not any("Thank you" in t for t in texts)


def test_a_merged_monologue_and_merged_answers_are_not_blamed_on_the_interviewer() -> None:
    customer_speech = " ".join(["We rebuilt the whole intake process in three weeks with the ops team."] * 12)
    transcript = parse_text(
        "Interviewer: Thanks for joining, can you hear me?\n"
        "Customer: Yes, loud and clear, happy to be here today.\n"
        f"Interviewer: Let me start with your role here and keep my camera off. Sounds great. Cool. {customer_speech}\n"
        "Customer: And the team loved the new flow, it changed the mood completely in the office.\n"
        "Interviewer: Do you have it in production? Yes. Yes. Okay. What did you try next? And what about the audit trail?\n"
        "Customer: We added an audit trail that the compliance team signs off every Friday morning.\n"
    )
    found = critique_transcript(transcript)
    by_turn = {(f.mistake, f.turn) for f in found.findings}
    assert ("talking_too_much", 2) not in by_turn
    assert ("no_silence", 4) not in by_turn


def test_near_duplicate_lines_are_picked_once() -> None:
    assert near_duplicates(
        "We moved the team to the new flow. Then onboarding took a day.",
        "We moved the team to the new flow. The backlog cleared in a week.",
    )
    assert not near_duplicates("Onboarding now takes a day, not a week.", "Our backlog cleared in a week.")
    answers = [
        "We moved the team to the new flow. Then onboarding took a single day instead of a full week.",
        "We moved the team to the new flow. The backlog of two hundred tickets cleared within a week.",
        "We moved the team to the new flow. Our support lead said it was the best change this year.",
        "We moved the team to the new flow. Customers noticed faster replies within the first month.",
        "We moved the team to the new flow. I would tell any ops lead to start with the intake form.",
    ]
    text = "".join(
        f"Interviewer: What happened next, part {i}?\nCustomer: {a}\n" for i, a in enumerate(answers)
    )
    picks = [p.text for p in code_picks(parse_text(text))]
    assert sum("We moved the team to the new flow." in p for p in picks) <= 1
    assert all(not near_duplicates(a, b) for i, a in enumerate(picks) for b in picks[i + 1 :])


def test_each_vocabulary_table_is_written_once_and_its_patterns_compile() -> None:
    for name in dir(V):
        table = getattr(V, name)
        if name.isupper() and isinstance(table, tuple):
            assert len(set(table)) == len(table), f"{name} repeats an entry"
            assert all(e == e.lower() for e in table), f"{name} must be lower case"
            re.compile(V.alternation(table))
    assert "okay" in V.plain_words(V.ACKNOWLEDGEMENTS) and "um+" not in V.plain_words(V.HESITATIONS)
