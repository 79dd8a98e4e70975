"""The customer's results reported in the third person: only the pronouns and a spoken opener change."""

from __future__ import annotations

from callcontent.facts import Fact
from callcontent.story import reported, reported_quote, reported_results, result_headline


def _fact(sentence: str, turn: int = 3) -> Fact:
    return Fact(turn=turn, sentence=sentence, figures=frozenset({"40%"}), status="achieved", caveat=None)


def test_plural_becomes_the_company_and_the_rest_stays() -> None:
    said = "So our disputes are down about 40 percent, so there's nothing to argue about."
    assert reported(said, "Brightline") == (
        "At Brightline, their disputes are down about 40 percent, so there's nothing to argue about."
    )
    assert (
        reported("We closed the month in four days", "Acme", lead=False)
        == "They closed the month in four days."
    )


def test_an_acronym_keeps_its_capital_after_the_lead() -> None:
    assert reported("DSO went from 52 to 41.", "Brightline") == "At Brightline, DSO went from 52 to 41."


def test_a_personal_spoken_or_addressed_sentence_stays_a_quote() -> None:
    assert reported("I was at my kitchen table at midnight.", "Acme") is None
    assert reported("Your team asked for the export on day one.", "Acme") is None
    assert reported("It's kind of down 40 percent.", "Acme") is None
    assert reported("Are disputes down 40 percent?", "Acme") is None


def test_only_the_first_reported_result_names_the_company() -> None:
    facts = [_fact("Disputes are down about 40 percent."), _fact("We close in four days now.", 5)]
    told = reported_results(facts, "Brightline")
    assert [r.text for r in told] == [
        "At Brightline, disputes are down about 40 percent.",
        "They close in four days now.",
    ]
    assert [r.turn for r in told] == [3, 5]
    assert told[0].source == "Disputes are down about 40 percent."


def test_a_sentence_told_twice_is_reported_once_and_personal_ones_are_skipped() -> None:
    facts = [
        _fact("I cut my hours by 40 percent."),
        _fact("Disputes are down 40 percent."),
        _fact("Disputes are down 40 percent."),
    ]
    assert len(reported_results(facts, "Brightline")) == 1


def test_headline_says_what_the_result_measures() -> None:
    assert result_headline([_fact("Disputes are down about 40 percent.")], "Brightline") == (
        "How Brightline cut disputes by about 40 percent"
    )
    from_to = Fact(
        3, "Our days sales outstanding went from 52 to 41.", frozenset({"52", "41"}), "achieved", None
    )
    assert (
        result_headline([from_to], "Brightline") == "How Brightline took days sales outstanding from 52 to 41"
    )


def test_no_headline_without_a_company_or_a_measured_result() -> None:
    assert result_headline([_fact("Disputes are down about 40 percent.")], None) is None
    assert result_headline([_fact("It was great, 40 percent of the time.")], "Brightline") is None


def test_a_quote_is_told_in_the_third_person_whole_or_not_at_all() -> None:
    quote = {"text": "We used to close in six days. Now we close in two.", "turn": 5}
    told = reported_quote(quote, "Brightline", lead=True)
    assert (
        told is not None
        and told.text == "At Brightline, they used to close in six days. Now they close in two."
    )
    assert told.source == quote["text"] and told.turn == 5
    # One sentence in the first person singular keeps the whole quote the customer's.
    assert (
        reported_quote({"text": "We closed in two days. I was amazed.", "turn": 5}, "Acme", lead=True) is None
    )


def test_fragments_and_verbless_lines_stay_quotes() -> None:
    assert reported("Like getting our jobs back.", "Acme") is None
    assert reported("The weekly one, mostly.", "Acme") is None
    assert reported("Because the old one broke.", "Acme") is None
    assert reported("Our team closed the books in two days.", "Acme") is not None


def test_with_no_company_the_lead_says_whose_telling_it_is() -> None:
    said = "Our recruiters stopped dreading Mondays."
    assert reported(said, None, teller="Kai") == "As Kai tells it, their recruiters stopped dreading Mondays."
    assert reported(said, None, teller="According to Kai, {}") == (
        "According to Kai, their recruiters stopped dreading Mondays."
    )


def test_a_quote_that_leans_on_the_line_before_it_stays_a_quote() -> None:
    # Told alone, "he" would point at nothing.
    assert (
        reported_quote({"text": "Then he asked why we hadn't done it sooner.", "turn": 9}, "Acme", lead=True)
        is None
    )
    assert reported_quote({"text": "It took six days to close.", "turn": 9}, "Acme", lead=True) is None
    assert reported_quote({"text": "We took six days to close.", "turn": 9}, "Acme", lead=True) is not None
