"""The live coach on hand-made calls: what it settles, when, once, and how loud."""

from __future__ import annotations

import json
from typing import Any

from callcontent.ingest import parse_text
from callcontent.live.coach import LiveCoach, Loudness
from callcontent.live.sources import LONGEST_PIECE_S, PAUSE_S, _cut
from callcontent.transcript import Transcript

LOUD = Loudness({"monologue": 0.6, "closed_thin": 0.2}, frozenset({"monologue", "no_permission"}))
OPEN = "Jordan: Thanks for joining. Is it alright if I record this call?\nPriya: Sure, go ahead.\n"


def _call(lines: str) -> Transcript:
    return parse_text(OPEN + lines, interviewers=["Jordan"])


def _words(n: int) -> str:
    return " ".join(["context"] * n)


def test_a_closed_question_is_settled_only_when_the_interviewer_moves_past_the_answer() -> None:
    coach = LiveCoach(LOUD, call_type="customer_story")
    asked = "Jordan: Tell me about the close before.\nPriya: It took six days every month, by hand.\n"
    asked += "Jordan: Did the new system help your team?\nPriya: Yes.\n"
    assert [e.signal for e in coach.update(_call(asked))] == []
    moved_on = coach.update(_call(asked + "Jordan: What did you look at before you chose it?\n"))
    assert [(e.signal, e.level, e.turn, e.trigger_turn) for e in moved_on] == [("closed_thin", "note", 4, 6)]
    assert coach.update(_call(asked + "Jordan: What did you look at before you chose it?\n")) == []


def test_a_monologue_is_said_while_it_runs_but_only_a_clearly_long_one() -> None:
    coach = LiveCoach(LOUD, call_type="customer_story")
    assert coach.update(_call(f"Jordan: {_words(120)}. What changed?\n")) == []
    running = coach.update(_call(f"Jordan: {_words(160)}"))
    assert [(e.signal, e.level, e.turn) for e in running] == [("monologue", "rescue", 2)]
    assert running[0].say.startswith("Actually, I want to hear more from you.")


def test_the_permission_line_is_asked_for_at_the_close_of_a_customer_story_only() -> None:
    closing = "Jordan: What changed for you?\nPriya: We close in two days now.\n"
    closing += "Jordan: Great, thank you so much for your time today.\n"
    story = LiveCoach(LOUD, call_type="customer_story").update(_call(closing))
    assert [(e.signal, e.level) for e in story] == [("no_permission", "rescue")]
    assert LiveCoach(LOUD, call_type="research").update(_call(closing)) == []
    asked = closing.replace("today.", "today. I'll send you a draft for your approval before we publish.")
    assert LiveCoach(LOUD, call_type="customer_story").update(_call(asked)) == []
    # No closing words, but the call is over: still said (for the follow-up email).
    ended = LiveCoach(LOUD, call_type="customer_story").update(
        _call(closing.rsplit("Jordan:", 1)[0]), ended=True
    )
    assert [e.signal for e in ended] == ["no_permission"]


def test_the_talk_share_is_not_said_twice_for_the_monologue_that_caused_it() -> None:
    coach = LiveCoach(LOUD, call_type="customer_story")
    monologue = f"Jordan: {_words(400)}. What changed?\nPriya: {_words(300)}.\n"
    assert [e.signal for e in coach.update(_call(monologue))] == ["monologue"]
    spread = "".join(f"Jordan: {_words(40)}, what then?\nPriya: {_words(60)}.\n" for _ in range(8))
    assert [e.signal for e in LiveCoach(LOUD, call_type="customer_story").update(_call(spread))] == [
        "talk_share"
    ]


def test_loudness_comes_from_the_measured_table() -> None:
    table: dict[str, dict[str, Any]] = {
        "monologue": {"precision": 0.6, "checked_fact": False},
        "closed_thin": {"precision": 0.17, "checked_fact": False},
        "no_permission": {"precision": None, "checked_fact": True},
        "no_consent": {"precision": None, "checked_fact": False},
    }
    loud = Loudness.from_table(table)
    assert loud.loud == {"monologue", "no_permission"} and loud.level("closed_thin") == "note"


def test_audio_is_cut_into_pieces_in_the_pauses() -> None:
    # Speech until 4.0 s, heard to 4.2 s: the pause is not long enough yet, wait.
    assert _cut([(1.0, 4.0)], 0.0, 4.2, ended=False) is None
    assert _cut([(1.0, 4.0)], 0.0, 4.7, ended=False) == 4.0 + PAUSE_S / 2
    # Someone talking on past the longest piece: cut at the last gap between words.
    assert _cut([(0.5, 6.0), (6.3, 12.5)], 0.0, LONGEST_PIECE_S + 0.5, ended=False) == 6.0
    assert _cut([], 0.0, 3.0, ended=True) == 3.0
    assert _cut([], 0.0, 3.0, ended=False) is None  # silence so far: wait
    assert _cut([], 0.0, LONGEST_PIECE_S + 1.0, ended=False) == LONGEST_PIECE_S + 1.0 - PAUSE_S


def test_a_pieces_context_is_matched_by_its_words_not_its_drifting_times() -> None:
    from callcontent.audio.timed import Word
    from callcontent.live.sources import _after_context

    before = [
        Word(38.6, 38.9, "Have"),
        Word(38.9, 39.0, "a"),
        Word(39.0, 39.2, "good"),
        Word(39.2, 39.9, "afternoon."),
    ]
    # Heard again with the piece after it, times drifted a second early: the new words are still kept.
    heard = [
        Word(38.0, 38.3, "good"),
        Word(38.3, 39.0, "afternoon!"),
        Word(39.4, 39.7, "You"),
        Word(40.0, 40.4, "bye."),
    ]
    assert [w.text for w in _after_context(heard, before, 40.6)] == ["You", "bye."]
    # The context came out differently: cut by time.
    other = [Word(39.0, 39.5, "Hello"), Word(40.8, 41.0, "Yes.")]
    assert [w.text for w in _after_context(other, before, 40.6)] == ["Yes."]


def _timed(turns: list[tuple[str, float, float, str]]) -> Transcript:
    rows = [{"speaker": who, "start": a, "end": b, "text": text} for who, a, b, text in turns]
    return parse_text(json.dumps({"turns": rows}), fmt="json", interviewers=["Jordan"])


def test_a_moment_heard_again_under_another_turn_number_is_not_said_twice() -> None:
    # Audio is re-cut into turns as more is heard: a word given to the other voice splits an answer and
    # the closed question that was turn 4 is turn 6 at the next look. Its time says it is the same moment.
    before = [
        ("Jordan", 0.0, 3.0, "Thanks for joining. Is it alright if I record this call?"),
        ("Priya", 3.0, 4.0, "Sure, go ahead."),
        ("Jordan", 4.0, 6.0, "Tell me about the close before."),
        ("Priya", 6.0, 9.0, "It took six days every month, by hand."),
        ("Jordan", 9.0, 11.0, "Did the new system help your team?"),
        ("Priya", 11.0, 11.5, "Yes."),
        ("Jordan", 12.0, 14.0, "What did you look at before you chose it?"),
    ]
    coach = LiveCoach(LOUD, call_type="customer_story")
    assert [(e.signal, e.turn) for e in coach.update(_timed(before))] == [("closed_thin", 4)]
    recut = [*before[:3], ("Priya", 6.0, 7.5, "It took six days"), ("Jordan", 7.5, 7.8, "Right.")]
    recut += [("Priya", 7.8, 9.0, "every month, by hand."), *before[4:]]
    assert coach.update(_timed(recut)) == []
    # A second closed question later in the call is a moment of its own.
    later = [*recut, ("Priya", 14.0, 16.0, "A few tools."), ("Jordan", 16.5, 18.0, "Was it easy to set up?")]
    later += [("Priya", 18.0, 18.4, "Yes."), ("Jordan", 19.0, 21.0, "How did the team take it?")]
    assert [e.signal for e in coach.update(_timed(later))] == ["closed_thin"]
