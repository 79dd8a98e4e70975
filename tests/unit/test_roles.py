from __future__ import annotations

import pytest

from callcontent.errors import TranscriptError
from callcontent.ingest import parse_text


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


def test_role_and_name_labels_are_one_person_and_role_words_mark_the_interviewer() -> None:
    t = parse_text(
        "**PM (Sarah):** Thanks for making time. What were you using before?\n\n"
        "**Jordan:** A shared spreadsheet that three teams edited, and it broke every month-end.\n\n"
        "**PM:** What happened the last time it broke?\n\n"
        "**Jordan:** We closed two days late and the auditors asked why, which was a bad afternoon.\n\n"
        "**Sarah:** How did that feel?\n\n"
        "**Jordan:** Embarrassing, honestly. I had promised the board a clean close.\n"
    )
    assert [s.name for s in t.speakers] == ["PM (Sarah)", "Jordan"]
    assert t.interviewers == ["PM (Sarah)"] and t.customers == ["Jordan"]


def test_a_second_labelled_interviewer_is_an_interviewer() -> None:
    t = parse_text(
        "Interviewer 1: What does your team do?\n"
        "Interviewee: We build the models that score risk for the claims team, mostly in Python.\n"
        "Interviewer 2: I think that is what most teams do these days, it is very common in insurance.\n"
        "Interviewee: Yes, it is.\n"
        "Interviewer 1: What goes wrong most often?\n"
        "Interviewee: Missing data, every week, and nobody owns fixing it upstream.\n"
    )
    assert sorted(t.interviewers) == ["Interviewer 1", "Interviewer 2"]


def test_an_unlabelled_first_line_is_kept() -> None:
    t = parse_text(
        "All right, shall we start.\n"
        "Interviewer: What does your team do?\n"
        "Customer: We run payroll for 400 people across three countries.\n"
        "Interviewer: What was hardest before?\n"
        "Customer: Month-end, every month.\n"
    )
    assert t.turns[0].speaker == "(unlabelled)" and t.turns[0].text == "All right, shall we start."
    assert t.turns[0].role == "other" and t.interviewers == ["Interviewer"]
