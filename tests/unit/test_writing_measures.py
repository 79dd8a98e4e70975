"""The drafts measured as writing: own-sentence share, headline, naming, hook."""

from __future__ import annotations

from callcontent.evals.writing import linkedin_has_hook, own_share, writing_scores
from callcontent.facts import customer_facts
from callcontent.ingest import parse_text
from callcontent.run import run_transcript
from callcontent.settings import Settings
from tests.support.call_kinds import CHURN, SUCCESS


def test_own_share_counts_the_tools_sentences_not_quotes_bullets_or_headings() -> None:
    draft = (
        "# How Brightline closed the month in two days\n\n"
        "Brightline runs finance for a freight company.\n\n"  # 7 own words
        "> “Month end took six working days.” — Priya\n\n"  # 7 words, a quote
        "- Two days to close\n\n"  # 4 words, a bullet
        "Priya says “it was painful” about the old close.\n"  # 9 words, 3 of them quoted
    )
    assert own_share(draft) == round((7 + 6) / (7 + 7 + 4 + 9), 3)
    assert own_share("# Only a title\n") is None


def test_a_linkedin_post_opening_on_a_quote_has_no_hook() -> None:
    assert linkedin_has_hook("Six days to close a month. Now two.\n\n“We closed in two days.” — Priya")
    assert not linkedin_has_hook("“We closed in two days.” — Priya\n\nWhat a change.")
    assert not linkedin_has_hook("Brightline: “Disputes are down about 40 percent”\n\nMore.")  # a label
    assert not linkedin_has_hook("A hook of our own.\n" + "x" * 1300)


def test_the_measures_of_a_success_story_and_of_a_call_with_no_story() -> None:
    story = run_transcript(text=SUCCESS, settings=Settings(model="none"))
    transcript = parse_text(SUCCESS)
    scores = writing_scores(story["drafts"], transcript, customer_facts(transcript))
    assert scores["customer_named"] and scores["third_person"] and scores["headline_has_result"]
    assert scores["case_study_own_share"] is not None and 0 < scores["case_study_own_share"] < 1
    churn = run_transcript(text=CHURN, settings=Settings(model="none"))
    transcript = parse_text(CHURN)
    none = writing_scores(churn["drafts"], transcript, customer_facts(transcript))
    assert none["case_study_own_share"] is None and none["headline_has_result"] is None
