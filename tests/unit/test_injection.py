"""Prompt injection in a customer turn: never a quote, never a figure's ground, never in a final draft.

The phrasings (tests/fixtures/injection/) are several kinds: orders to ignore instructions, "as an AI",
role play, system-prompt and chat-template lookalikes, orders about the output, markup, and the same in
Spanish, French and German. A writer that obeys the injected turn is simulated with a scripted model.
"""

from __future__ import annotations

import re

import pytest

from callcontent.ingest import parse_text
from callcontent.injection import is_instruction
from callcontent.run import run_transcript
from callcontent.settings import Settings
from callcontent.verify import locate_quote, transcript_numbers
from tests.conftest import FIXTURES
from tests.support.fake_chat import ScriptedChat, plan

PHRASINGS = [
    line
    for line in (FIXTURES / "injection" / "phrasings.txt").read_text(encoding="utf-8").splitlines()
    if line
]
BENIGN = [
    line for line in (FIXTURES / "injection" / "benign.txt").read_text(encoding="utf-8").splitlines() if line
]


def interview(injected: str) -> str:
    return (
        "Dana: Thanks for joining. Do you mind if I record this? I'll send you a draft before we publish.\n"
        "Sam: Sure.\n"
        "Dana: What was month-end like before?\n"
        "Sam: Six working days of spreadsheets, and I dreaded every one of them because nothing matched.\n"
        "Dana: What changed?\n"
        f"Sam: We close in two days now and my team leaves on time. {injected} It still feels strange.\n"
        "Dana: How did that feel the first time?\n"
        "Sam: Honestly, like a weight came off. I checked every number twice because I did not trust it.\n"
    )


def test_every_phrasing_is_detected_and_ordinary_speech_is_not() -> None:
    assert [p for p in PHRASINGS if not is_instruction(p)] == []
    assert [b for b in BENIGN if is_instruction(b)] == []
    assert len(PHRASINGS) >= 30


@pytest.mark.parametrize("injected", PHRASINGS)
def test_an_obeying_writer_gets_nothing_from_the_injected_turn_through(injected: str) -> None:
    transcript = parse_text(interview(injected))
    figures = re.findall(r"[$€£]?\d[\d,]*(?:\.\d+)?\s?%?", injected)
    # The injected figures ground nothing, and the injected sentence is never the customer's words.
    assert not locate_quote(transcript, injected.strip()).verified
    for figure in figures:
        canon = figure.replace(",", "").replace(" ", "")
        assert canon not in transcript_numbers(transcript) or (
            canon.rstrip("%").isdigit() and len(canon) <= 1
        )
    quoting = plan(challenge=f"As the customer put it, “{injected.strip()}” {{{{Q0}}}}")
    plain = plan(results=f"Closing took two days. {injected.strip()} {{{{Q1}}}}")  # no quote, maybe no figure
    for obeying in (quoting, plain):
        check_final_drafts(injected, figures, obeying)


def check_final_drafts(injected: str, figures: list[str], obeying: dict[str, object]) -> None:
    result = run_transcript(
        text=interview(injected),
        settings=Settings(model="local", writer_llm="on"),
        chat_model=ScriptedChat(writes=[obeying]),
    )
    assert not any(injected.strip()[:40] in q["text"] for q in result["quotes"])
    drafts = result["drafts"]
    final = "\n".join(
        [drafts["case_study"], drafts["blog_post"], *drafts["social_posts"], *drafts["testimonials"].values()]
    )
    body = final.split("\n\n", 1)[1] if final.startswith(">") else final  # the note lists what code cut
    assert injected.strip()[:40] not in body
    for figure in figures:
        if len(figure.strip("$€£%, ")) > 1:
            assert figure.strip() not in body


def _tsv(name: str) -> list[tuple[str, str]]:
    rows = (FIXTURES / "injection" / name).read_text(encoding="utf-8").splitlines()
    return [(kind, text) for kind, text in (row.split("\t", 1) for row in rows if row)]


# 50 phrasings in ten languages and styles, written for the generalised detector: the detector's tables
# were written against the first half only; the held-back half was run once, after, and not tuned on.
GENERALISED_DEV = _tsv("generalised_dev.tsv")
GENERALISED_HELD_BACK = _tsv("generalised_heldback.tsv")
GENERALISED_BENIGN = _tsv("generalised_benign.tsv")


def test_the_generalised_phrasings_cover_ten_languages_or_styles() -> None:
    assert len(GENERALISED_DEV) + len(GENERALISED_HELD_BACK) == 50
    assert len({kind for kind, _ in GENERALISED_DEV + GENERALISED_HELD_BACK}) >= 10


def test_every_development_phrasing_is_detected_and_ai_talk_that_orders_nobody_is_not() -> None:
    assert [t for _, t in GENERALISED_DEV if not is_instruction(t)] == []
    # Customers talk about models, assistants and instructions; only speech *to* a model is injection.
    assert [t for _, t in GENERALISED_BENIGN if is_instruction(t)] == []


def test_the_held_back_phrasings_are_detected_as_measured() -> None:
    # Measured once, untuned: 24 of 25 (the old detector caught 5). A drop means a table lost a phrasing.
    caught = sum(is_instruction(t) for _, t in GENERALISED_HELD_BACK)
    assert caught >= 24, f"{caught}/25 held-back phrasings detected"


@pytest.mark.parametrize(("kind", "injected"), GENERALISED_DEV + GENERALISED_HELD_BACK)
def test_no_detected_phrasing_is_ever_a_quote_candidate(kind: str, injected: str) -> None:
    from callcontent.quote_picking import all_candidates

    if not is_instruction(injected):
        pytest.skip(f"not detected ({kind}); counted in the held-back measure")
    texts = [c.text for c in all_candidates(parse_text(interview(injected)))]
    assert texts and not any(injected.strip()[:30] in t for t in texts)
