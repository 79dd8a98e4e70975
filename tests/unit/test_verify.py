"""Grounding of figures: a percentage or an amount of money must be said as one in the transcript."""

from __future__ import annotations

import pytest

from callcontent.figures import numbers_in
from callcontent.ingest import parse_text
from callcontent.transcript import Transcript
from callcontent.verify import scrub_unsupported, ungrounded_numbers


def interview(customer_says: str) -> Transcript:
    return parse_text(f"Jo: How did it go?\nPriya: {customer_says}\nJo: And then what happened?\n")


SAID = interview(
    "Disputes are down about 40 percent. Disputes stayed open for 23 days. My team is 14 people. "
    "We found about $180,000 in charges, 9,000 invoices a month, and went from 52 to 41."
)


@pytest.mark.parametrize(
    "draft",
    [
        "Disputes fell 40%.",
        "Disputes fell by 40 percent.",
        "They found $180,000.",
        "A team of 14.",
        "9,000 invoices",
        "9000 invoices",
        "From 52 to 41 days.",
        "Found 180,000 in charges.",
    ],
)
def test_figures_said_in_the_transcript_are_grounded(draft: str) -> None:
    assert ungrounded_numbers(draft, SAID) == []


@pytest.mark.parametrize(
    ("draft", "ungrounded"),
    [
        ("A 23% reduction in invoice processing times.", ["23%"]),  # said: 23 days
        ("A 14% increase in revenue.", ["14%"]),  # said: 14 people
        ("A 41% increase in days sales outstanding.", ["41%"]),  # said: from 52 to 41
        ("Saved $9,000 a month.", ["$9,000"]),  # said: 9,000 invoices
        ("Disputes fell 45%.", ["45%"]),  # never said
        ("Closing now takes 3 days.", ["3"]),
    ],
)
def test_a_figure_given_a_unit_it_never_had_is_not_grounded(draft: str, ungrounded: list[str]) -> None:
    assert ungrounded_numbers(draft, SAID) == ungrounded


def test_list_numbering_is_not_a_figure() -> None:
    assert ungrounded_numbers("1. Disputes fell 40%.\n2. A team of 14.", SAID) == []


def test_scrub_cuts_only_the_sentence_with_the_borrowed_unit() -> None:
    text = "Disputes fell 40 percent. Processing times fell 23%. The team of 14 went home on time."
    kept, removed = scrub_unsupported(text, SAID)
    assert kept == "Disputes fell 40 percent. The team of 14 went home on time."
    assert removed == ["“Processing times fell 23%.” (number 23% not in the transcript)"]


def test_a_comma_is_part_of_a_figure_only_between_thousands() -> None:
    assert numbers_in("in 2, 3 or 4 weeks, saving $180,000 and 1,250 hours") == [
        "2",
        "3",
        "4",
        "$180,000",
        "1,250",
    ]


def test_a_piece_about_the_customer_cuts_her_voice_outside_quotes_and_keeps_quotes_whole() -> None:
    text = (
        "Priya's team billed by hand. Our churn was always high. "
        "She put it plainly: “Disputes are down about 40 percent. Disputes stayed open for 23 days. My team is 14 people.” — Priya"
    )
    kept, removed = scrub_unsupported(text, SAID, about_customer=True)
    assert kept == (
        "Priya's team billed by hand. "
        "She put it plainly: “Disputes are down about 40 percent. Disputes stayed open for 23 days. My team is 14 people.” — Priya"
    )
    assert removed == ["“Our churn was always high.” (speaks as the customer (“Our”) outside a quote)"]
    assert scrub_unsupported(text, SAID)[1] == []  # a social post may speak as the vendor
