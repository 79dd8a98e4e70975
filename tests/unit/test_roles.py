from __future__ import annotations

import pytest

from callcontent.ingest import TranscriptError, parse_text


def test_labels_decide_roles_even_when_the_interviewer_talks_more() -> None:
    t = parse_text(
        "Interviewee: Sure.\n"
        "Interviewer: Let me explain at length what this study is about and why we are doing it, "
        "because there is a lot of background to cover before we begin. What do you do?\n"
        "Interviewee: I run the data team.\n"
    )
    roles = {s.name: s.role for s in t.speakers}
    assert roles == {"Interviewee": "customer", "Interviewer": "interviewer"}


def test_the_asker_is_the_interviewer_without_labels() -> None:
    t = parse_text(
        "Priya: What was it like before?\nTom: Chaos. We had four tools and none of them talked to each other, "
        "so every Friday I rebuilt the numbers by hand.\nPriya: How did that feel?\n"
        "Tom: Exhausting, honestly. I dreaded Fridays and my team could tell.\n"
        "Priya: What happened next?\nTom: We found the new system and moved over in a month.\n"
    )
    by_name = {s.name: s for s in t.speakers}
    assert by_name["Priya"].role == "interviewer" and by_name["Tom"].role == "customer"
    assert by_name["Priya"].role_confidence > 0.7
    assert [turn.role for turn in t.turns[:2]] == ["interviewer", "customer"]


def test_unknown_speaker_and_bit_parts_are_other() -> None:
    t = parse_text(
        "Host: What got you started?\nGuest: A broken invoice, of all things, and a long weekend of fixing it.\n"
        "Host: How did it grow?\nGuest: Word of mouth, mostly, for the first three years.\n"
        "Unknown Speaker: This episode is brought to you by our sponsor.\n"
    )
    assert {s.name: s.role for s in t.speakers}["Unknown Speaker"] == "other"


def test_interviewer_override_is_case_insensitive_and_checked() -> None:
    text = "Ann: Tell me?\nBo: Well, what do you want to know?\nAnn: Anything at all about the project.\n"
    t = parse_text(text, interviewers=["bo"])
    assert {s.name: s.role for s in t.speakers} == {"Ann": "customer", "Bo": "interviewer"}
    assert next(s for s in t.speakers if s.name == "Bo").role_confidence == 1.0
    with pytest.raises(TranscriptError, match="'Cy' is not a speaker here; speakers: Ann, Bo"):
        parse_text(text, interviewers=["Cy"])
