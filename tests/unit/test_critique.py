"""Each of the seed's eight mistakes: one interview that has it, one that does not."""

from __future__ import annotations

import pytest

from callcontent.critique import MISTAKES, CountableCritique, critique_transcript, open_rewrite
from callcontent.ingest import parse_text
from callcontent.language import question_kind, questions_in
from tests.conftest import FIXTURES

CONSENT = "Dana: Do you mind if I record this so I can focus on our conversation?\nSam: Sure, go ahead.\n"
PERMISSION = (
    "Dana: Thank you! I'll write up your story and send you a draft before we publish anything.\n"
    "Sam: Sounds good, happy to look it over.\n"
)


def run(body: str, *, consent: bool = True, permission: bool = True) -> CountableCritique:
    text = (CONSENT if consent else "") + body + (PERMISSION if permission else "")
    return critique_transcript(parse_text(text))


def mistakes(c: CountableCritique, mistake: str) -> list[int | None]:
    return [f.turn for f in c.findings if f.mistake == mistake]


def fixture(name: str) -> CountableCritique:
    return critique_transcript(parse_text((FIXTURES / "transcripts" / name).read_text()))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Did it save you time?", "closed"),
        ("did it save you time", "closed"),
        ("So um do you like the dashboard", "closed"),
        ("Would you recommend us?", "closed"),
        ("Was setup easy?", "closed"),
        ("How has your workflow changed since you started using this", "open"),
        ("Okay so walk me through a typical Monday", "open"),
        ("Tell me about your first week", "open"),
        ("Can you describe that project for me", "open"),
        ("What changed for you after you started using this?", "open"),
        ("We moved the servers in March.", None),
        ("Would be great to see.", None),
        # Echo probes ask for more in the customer's own words.
        ("Avoid what, exactly?", "open"),
        ("And then what?", "open"),
        ("Such as?", "open"),
        ("Really?", "closed"),
    ],
)
def test_question_kind_without_relying_on_question_marks(sentence: str, kind: str | None) -> None:
    assert question_kind(sentence) == kind


def test_open_rewrites_follow_the_seed_table() -> None:
    assert (
        open_rewrite("Would you recommend us?") == "If a friend asked you about us, what would you tell them?"
    )
    assert open_rewrite("Did it work for you?") == "What changed for you after you started using it?"
    assert open_rewrite("Was setup easy?") == "Tell me about setup — what surprised you?"
    assert question_kind(open_rewrite("Did it save you time?")) == "open"


def test_closed_question_found_even_without_question_marks() -> None:
    c = run(
        "Dana: so did it save you time\nSam: Yes.\n"
        "Dana: okay and do you like the dashboard\nSam: Yeah it's fine I guess, we use it daily.\n"
    )
    assert mistakes(c, "closed_question") == [2, 4]
    assert all("?" in f.suggestion for f in c.findings if f.mistake == "closed_question")
    assert c.metrics.closed_questions == 2 and c.metrics.open_questions == 0


def test_open_questions_are_not_flagged() -> None:
    c = run(
        "Dana: How has your week changed since you started?\n"
        "Sam: We used to rebuild the supplier ledger by hand every Friday and it ate the whole afternoon, "
        "now it is ready when I log in and I only look at the flagged lines.\n"
    )
    assert mistakes(c, "closed_question") == []
    assert c.metrics.open_questions == 1


def test_no_follow_up_after_a_vague_answer() -> None:
    c = run(
        "Dana: What difference has it made?\nSam: Things are simpler now.\n"
        "Dana: Okay. Which integrations do you rely on?\nSam: The ERP connector, mostly, and the export to "
        "the treasury team which we set up with our auditor last spring.\n"
    )
    assert mistakes(c, "no_follow_up") == [4]


def test_dig_deeper_is_not_flagged() -> None:
    c = run(
        "Dana: What difference has it made?\nSam: Things are simpler now.\n"
        "Dana: Say more — what do you mean by simpler?\n"
        "Sam: Before, every Friday went on matching supplier statements line by line. It took me 5 or 6 "
        "hours. Now the matching runs on its own and I review exceptions.\n"
        "Dana: How did that change your week personally?\nSam: Fridays are mine again.\n"
    )
    assert mistakes(c, "no_follow_up") == []
    assert c.metrics.follow_ups >= 1


def test_no_follow_up_after_a_number_is_high() -> None:
    c = run(
        "Dana: What results did you see?\nSam: Our close got 30% shorter in the first quarter.\n"
        "Dana: What integrations do you use?\nSam: Slack and the CRM, which we connected on day one.\n"
    )
    found = [f for f in c.findings if f.mistake == "no_follow_up"]
    assert [f.turn for f in found] == [4] and found[0].severity == "high"
    assert "30%" in found[0].suggestion


def test_talking_too_much_share_monologue_and_pitch() -> None:
    pitch = (
        "So, our platform matches every invoice to its purchase order the moment it arrives. It learns your "
        "approval rules, and it connects to more than 40 accounting systems. We designed it because the older "
        "tools needed a consultant for every change, so ours is configurable by anyone. " * 3
    )
    c = run(f"Dana: {pitch}Anyway, what do you think?\nSam: Er, it seems fine.\n")
    found = [f for f in c.findings if f.mistake == "talking_too_much"]
    assert any(f.turn is None and "%" in f.evidence for f in found)  # the 80/20 share
    assert any(f.turn == 2 and "How do you use the platform" in f.suggestion for f in found)  # the pitch
    assert any(f.turn == 2 and "-word interviewer turn" in f.evidence for f in found)  # the monologue
    assert c.metrics.interviewer_word_share > 0.8


def test_listening_interviewer_is_not_talking_too_much() -> None:
    c = fixture("good_interview.txt")
    assert [f.severity for f in c.findings if f.mistake == "talking_too_much"] in ([], ["low"])
    assert c.metrics.interviewer_word_share < 0.3


def test_no_emotion_when_only_facts_are_asked() -> None:
    c = run(
        "Dana: What results did you see?\nSam: Our close got 30% shorter.\n"
        "Dana: What else changed in the numbers?\nSam: Late payments dropped by half over the quarter.\n"
    )
    found = [f for f in c.findings if f.mistake == "no_emotion"]
    # A whole-call finding is not pinned to a turn; with results on the table it costs the most.
    assert len(found) == 1 and found[0].turn is None and found[0].severity == "high"


def test_emotion_question_clears_no_emotion() -> None:
    c = run(
        "Dana: What results did you see?\nSam: Our close got 30% shorter.\n"
        "Dana: You said 30% shorter. How did that feel for you and the team?\n"
        "Sam: Like a weight lifted. I had been dreading every month-end for years.\n"
    )
    assert mistakes(c, "no_emotion") == []
    assert c.metrics.emotion_questions == 1


def test_no_silence_from_measured_gaps() -> None:
    def vtt(gap: float) -> str:
        cues, t = ["WEBVTT", ""], 0.0
        lines = [
            ("Dana", "Do you mind if I record this? I'll send you a draft before we publish."),
            ("Sam", "Sure."),
            ("Dana", "What was the hardest part of your old process?"),
            ("Sam", "Chasing approvals by email took up most of every Thursday for two of us."),
            ("Dana", "What did you try first?"),
            ("Sam", "Spreadsheets, then a contractor, and neither of them stuck with us."),
            ("Dana", "What made you look for something else?"),
            ("Sam", "The contractor left and nobody knew how the sheets worked any more."),
        ]
        for speaker, text in lines:
            start, end = t, t + 4
            cues += [f"00:00:{start:06.3f} --> 00:00:{end:06.3f}", f"<v {speaker}>{text}</v>", ""]
            t = end + gap
        return "\n".join(cues)

    rushed = critique_transcript(parse_text(vtt(0.2)))
    patient = critique_transcript(parse_text(vtt(3.0)))
    assert rushed.metrics.median_answer_gap_s == pytest.approx(0.2)
    assert any(f.mistake == "no_silence" and f.turn is None for f in rushed.findings)
    assert patient.metrics.median_answer_gap_s == pytest.approx(3.0)
    assert mistakes(patient, "no_silence") == []


def test_no_silence_without_timestamps_short_answers_and_stacked_questions() -> None:
    c = run(
        "Dana: What was the hardest part?\nSam: Chasing approvals.\n"
        "Dana: What tools do you use? How many people are on the team? Who signs off on the budget?\n"
        "Sam: Mostly spreadsheets, eight people, and the CFO signs off on anything above ten thousand.\n"
    )
    assert 4 in mistakes(c, "no_silence")  # short answer met at once, and a stack of three questions
    assert c.metrics.stacked_questions == 1


def test_waiting_after_answers_is_not_no_silence() -> None:
    assert mistakes(fixture("good_interview.txt"), "no_silence") == []


def test_no_specifics_when_a_lot_is_accepted() -> None:
    c = run(
        "Dana: How much time does it save each week?\nSam: A lot.\nDana: Nice. What do you use it for?\n"
        "Sam: Supplier payments and the weekly cash forecast for the regional offices.\n"
    )
    found = [f for f in c.findings if f.mistake == "no_specifics"]
    assert [f.turn for f in found] == [3] and "ballpark" in found[0].suggestion


def test_pressing_for_a_number_is_not_no_specifics() -> None:
    c = run(
        "Dana: How much time does it save each week?\nSam: Oh, a lot, really.\n"
        "Dana: Roughly how many hours would you say — two, eight?\nSam: Around 12 for the team.\n"
    )
    assert mistakes(c, "no_specifics") == []


@pytest.mark.parametrize(
    "answer",
    [
        # "A lot of the time" means "often", not an amount claimed.
        "A lot of the time it's one invoice at a time, so there is not much to keep track of.",
        # What should happen is an opinion, not an outcome.
        "Honestly, there has to be a lot more work on the matching rules before anyone trusts them.",
        # Time "a lot of" that the answer itself puts a duration on.
        "It has been going on for eight months now. Big companies. That takes a lot of time.",
    ],
)
def test_a_lot_that_is_not_a_vague_outcome(answer: str) -> None:
    c = run(f"Dana: How does the reconciliation go these days?\nSam: {answer}\nDana: Who owns the ledger?\n")
    assert mistakes(c, "no_specifics") == []


def test_a_duration_said_long_before_does_not_put_a_number_on_the_claim() -> None:
    c = run(
        "Dana: How does the reconciliation go these days?\n"
        "Sam: I have been on this team for three years. We run it every month. The vendor files change. "
        "The formats drift. Matching them by hand takes a lot of time.\nDana: Who owns the ledger?\n"
    )
    assert mistakes(c, "no_specifics") == [3]


def test_a_lot_of_time_a_week_is_still_a_vague_outcome() -> None:
    # "a week" is a rate here, not a duration that puts a number on the claim.
    c = run(
        "Dana: How does the reconciliation go these days?\n"
        "Sam: The new matching saves us a lot of time a week.\nDana: Who owns the ledger?\n"
    )
    assert mistakes(c, "no_specifics") == [3]


def test_a_difference_without_its_size_is_a_vague_outcome_and_the_suggestion_quotes_it_verbatim() -> None:
    c = run(
        "Dana: How did you check the readings?\n"
        "Sam: We had people wear one tracker on each arm, and we would get different step counts.\n"
        "Dana: Super interesting. Who analysed the data?\n"
    )
    (found,) = [f for f in c.findings if f.mistake == "no_specifics"]
    # The phrase starts where its clause does: "arm, and we would…" quoted as "arm and we…" was not said.
    assert "“we would get different step counts”" in found.suggestion


@pytest.mark.parametrize(
    "follow_up",
    [
        "What happened after that, last year, when it broke?",
        "Let's go back to that night. What happened next?",
        "Let's talk more about that. What happened after the run failed?",
    ],
)
def test_a_follow_up_is_not_moving_on(follow_up: str) -> None:
    c = run(
        "Dana: What was billing like before?\n"
        "Sam: I remember one night the invoice run failed and we lost a whole week of billing, and the "
        "team was frustrated because we had to rebuild every invoice by hand before the month closed.\n"
        f"Dana: {follow_up}\n"
        "Sam: We moved the run to the morning and added a check before anything is sent to customers.\n"
    )
    assert mistakes(c, "no_follow_up") == []


@pytest.mark.parametrize(
    ("said", "phrase"),
    [
        (
            "We had issues. For example, the data lake is, is huge and nobody finds anything.",
            "data lake is, is huge",
        ),
        (
            "You know, that definitely created a huge bias in who we could reach.",
            "definitely created a huge bias",
        ),
    ],
)
def test_a_quoted_phrase_is_verbatim_and_starts_at_its_clause(said: str, phrase: str) -> None:
    from callcontent.critique import suggest
    from callcontent.critique.cues import STORY, VAGUE_OUTCOME

    found = suggest.first_phrase(said, [STORY, VAGUE_OUTCOME])
    assert found is not None and found.startswith(phrase) and found in said


def test_going_back_to_an_earlier_answer_does_not_press_this_one() -> None:
    c = run(
        "Dana: Do updates cause you trouble?\n"
        "Sam: Often. An update would take a lot of the work we have already done, and we rerun it all.\n"
        "Dana: Okay. Earlier you mentioned the weekly reports. Who reads them?\n"
        "Sam: The finance leads and sometimes the board.\n"
    )
    assert mistakes(c, "no_specifics") == [3]


def test_a_summary_that_puts_words_in_the_customers_mouth_is_a_closed_question() -> None:
    c = run(
        "Dana: How do you test the model before release?\n"
        "Sam: We take one customer record, change a couple of fields a little, and watch whether the "
        "forecast moves a lot, because small changes should not swing it.\n"
        "Dana: I see. So basically, this is an issue you have often, that small changes swing your forecasts.\n"
        "Sam: Yeah. We want to avoid that.\n"
        "Dana: What do you use for monitoring today?\n"
        "Sam: Mostly dashboards the data team built in the first year, plus alerts on the nightly job "
        "when the row counts drop below what we expect for that day of the week.\n"
    )
    assert mistakes(c, "closed_question") == [4]
    summary_drew_a_full_answer = run(
        "Dana: How do you test the model before release?\n"
        "Sam: We change a couple of fields a little and watch whether the forecast moves.\n"
        "Dana: So basically, you perturb the inputs and check the output is stable.\n"
        "Sam: Right, and on top of that we replay last quarter's data through the new version and compare "
        "every forecast with what actually happened, store by store, before anyone signs it off.\n"
    )
    assert mistakes(summary_drew_a_full_answer, "closed_question") == []
    own_aside = run(
        "Dana: How do you test the model before release?\n"
        "Sam: We change a couple of fields a little and watch whether the forecast moves.\n"
        "Dana: Basically, you have answered my next one already. Thanks.\n"
        "Sam: Sure.\n"
    )
    assert mistakes(own_aside, "closed_question") == []
    then_probed = run(
        "Dana: How do you test the model before release?\n"
        "Sam: We take one customer record, change a couple of fields a little, and watch whether the "
        "forecast moves a lot, because small changes should not swing it.\n"
        "Dana: I see. So basically, this is an issue you have often, that small changes swing your forecasts.\n"
        "Sam: Yeah. We want to avoid that.\n"
        "Dana: What happened the last time one swung?\n"
        "Sam: We get a forecast that flips because someone's tenure moved by a month, and our planners stop trusting "
        "it after one of those.\n"
    )
    assert not any(f.mistake == "not_recording" for f in then_probed.findings)
    assert mistakes(then_probed, "closed_question") == []


@pytest.mark.parametrize(
    ("ending", "cut_off"),
    [
        ("from what my colleagues tell me as well. It's, uh,", True),
        ("from what my colleagues tell me as well. So", True),
        ("those are the production platforms. Yeah,", False),  # the answer's last word, not a new thought
        ("that instance? Yes. Yeah. What,", False),  # the interviewer's question begun inside the turn
    ],
)
def test_an_answer_cut_off_when_the_interviewer_closes_the_call(ending: str, cut_off: bool) -> None:
    answer = (
        "We have had the same problem in other projects, where the environment was never ready and the "
        "deployment waited on infrastructure for months, and the data sources kept changing under us, "
        "which meant every estimate we gave the sponsors turned out wrong, "
    )
    c = run(
        "Dana: What gets in the way of deploying?\n"
        f"Sam: {answer * 2}{ending}\n"
        "Dana: I see. All right, so that's all for the interview. Thanks a lot.\n"
        "Sam: Thank you.\n",
        permission=False,
    )
    assert (4 in mistakes(c, "no_silence")) is cut_off


def test_not_recording_only_for_notes_style_input() -> None:
    # A transcript means the call was recorded: consent not heard on tape is a note, not the mistake.
    no_consent = run(
        "Dana: What changed for you?\nSam: I got my evenings back and the team stopped dreading Mondays.\n",
        consent=False,
    )
    assert mistakes(no_consent, "not_recording") == [] and not no_consent.metrics.recording_consent
    assert any("consent" in note.lower() for note in no_consent.notes)
    notes = critique_transcript(parse_text((FIXTURES / "transcripts" / "notes_style.txt").read_text()))
    found = [f for f in notes.findings if f.mistake == "not_recording"]
    assert notes.metrics.notes_style and found and found[0].severity == "high"


def test_consent_asked_is_not_not_recording() -> None:
    c = run(
        "Dana: What changed for you?\nSam: I got my evenings back and the team stopped dreading Mondays.\n"
    )
    assert mistakes(c, "not_recording") == [] and c.metrics.recording_consent


def test_no_publish_permission() -> None:
    without = run("Dana: What changed for you?\nSam: I got my evenings back.\n", permission=False)
    assert len(mistakes(without, "no_publish_permission")) == 1
    with_it = run("Dana: What changed for you?\nSam: I got my evenings back.\n")
    assert mistakes(with_it, "no_publish_permission") == [] and with_it.metrics.publish_permission
    asked = run(
        "Dana: What changed for you?\nSam: I got my evenings back.\nDana: Would you be happy for us to "
        "publish a short story about this, once you have approved the quotes?\nSam: Yes.\n",
        permission=False,
    )
    assert mistakes(asked, "no_publish_permission") == [] and asked.metrics.publish_permission


def test_seed_bad_and_good_interviews_score_far_apart() -> None:
    bad, good = fixture("bad_interview.txt"), fixture("good_interview.txt")
    assert bad.score < 30 < 85 < good.score
    # Every mistake but not_recording: a transcript exists, so the call was recorded.
    assert {f.mistake for f in bad.findings} == set(MISTAKES) - {"not_recording"}
    for f in bad.findings:
        assert f.suggestion and f.evidence and f.severity in ("low", "medium", "high")


def test_a_few_words_narrowing_an_open_question_do_not_make_it_closed() -> None:
    # Whisper heard "How did that feel for you personally, the first month?" as two sentences.
    assert questions_in("How did that feel for you personally? The first month?") == (
        ("How did that feel for you personally?", "open"),
    )
    # A guess at the answer after an open question is still a closed question of its own.
    assert [k for _, k in questions_in("How big is the team? Ten people?")] == ["open", "closed"]
    assert [k for _, k in questions_in("What changed? Did it help?")] == ["open", "closed"]
