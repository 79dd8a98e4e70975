"""The customer's figures as claims: status, caveats, and the draft sentences that misstate them."""

from __future__ import annotations

from callcontent.facts import (
    cause_problems,
    claim_problems,
    customer_facts,
    fact_clause,
    held_figures,
    misstatements,
    result_facts,
)
from callcontent.gates import form_problems, prose
from callcontent.ingest import parse_text
from callcontent.run import run_transcript
from callcontent.settings import Settings
from tests.conftest import ROOT
from tests.support.fake_chat import ScriptedChat, plan

RETRO = (
    "Dana: Thanks for doing this. Do you mind if I record? I'll send you a draft before we publish.\n"
    "Ana: Sure.\n"
    "Dana: What changed after the rollout?\n"
    "Ana: Our month-end close went from 6 working days to 2. About 30% of our invoices now go out "
    "the same day.\n"
    "Dana: What comes next?\n"
    "Ana: I'd love to get support tickets down by 50% next year. Our goal is 3 hires fewer than planned.\n"
    "Dana: And the savings?\n"
    "Ana: Roughly $400,000 a year, going by our CFO's estimate. I'd want to double-check that before you "
    "print it.\n"
)


def test_statuses_and_caveats() -> None:
    facts = {f.sentence[:20]: f for f in customer_facts(parse_text(RETRO))}
    assert facts["Our month-end close "].status == "achieved" and facts["Our month-end close "].caveat is None
    assert facts["I'd love to get supp"].status == "hoped"
    assert (
        facts["Roughly $400,000 a y"].caveat == "double-check"
        and facts["Roughly $400,000 a y"].status == "someone_else"
    )
    assert held_figures(list(facts.values())) == {"$400000"}


def test_a_hope_stated_as_a_result_and_an_unconfirmed_figure_are_problems() -> None:
    facts = customer_facts(parse_text(RETRO))
    assert claim_problems("Support tickets fell 50%.", facts)  # a hope read as a result
    assert not claim_problems("The team hopes to cut support tickets by 50% next year.", facts)
    assert claim_problems("Ana's team saved $400,000 a year.", facts)  # waits for her confirmation
    assert not claim_problems("The close went from 6 working days to 2.", facts)


def test_a_writer_that_misreads_the_figures_is_cut_and_the_email_asks_first() -> None:
    misreading = plan(results="Support tickets fell 50%. The team saved $400,000 a year. {{Q1}}")
    result = run_transcript(
        text=RETRO,
        settings=Settings(model="local", writer_llm="on"),
        chat_model=ScriptedChat(writes=[misreading]),
    )
    case_study = result["drafts"]["case_study"].split("\n\n", 1)[1]
    # The hope may stand inside the customer's own quote, said as a hope; never in the writer's words.
    assert "50%" not in prose(case_study) and "$400,000" not in case_study
    assert any("not a result" in r or "confirm" in r for r in result["review"]["removed_by_code"])
    email = result["drafts"]["approval_email"]
    first_item = next(line for line in email.splitlines() if line.startswith("1. "))
    assert "$400,000" in first_item and "double-check" in first_item
    assert "Reply with the numbers" in email
    assert not any(
        "$400,000" in q["text"] for q in result["quotes"] if q["text"] in result["drafts"]["case_study"]
    )


def test_the_sample_holds_the_figure_the_customer_wants_checked() -> None:
    result = run_transcript(ROOT / "examples" / "sample_interview.txt", settings=Settings(model="none"))
    publishable = "\n".join([result["drafts"]["case_study"], result["drafts"]["blog_post"]])
    assert "1.1 million" not in publishable
    assert "1.1 million" in result["drafts"]["approval_email"].split("Quotes we would attribute")[0]


FIGURES = (
    "Nadia: What is different now?\n"
    "Ben: Cost per lead went from $120 to $85. About 40% of our leads come from organic search. "
    "Our churn is around 3% a month. Gartner says companies like us waste 30% of their budget.\n"
    "Nadia: Thanks, I'll send you the draft before anything goes out.\n"
    "Ben: Great.\n"
)


def test_a_share_a_rate_and_someone_elses_figure_are_not_changes_or_results() -> None:
    facts = customer_facts(parse_text(FIGURES))
    misread = [
        "Organic search leads increased by 40%.",
        "About 40% more leads now come from organic search.",
        "Fernway reduced churn to 3% a month.",
        "Companies waste 30% of their marketing budget.",
    ]
    faithful = [
        "Cost per lead fell from $120 to $85.",
        "About 40% of leads now come from organic search.",
        "Churn runs at around 3% a month.",
        "Gartner says companies like Fernway waste 30% of their budget.",
    ]
    assert all(claim_problems(s, facts) for s in misread), [
        s for s in misread if not claim_problems(s, facts)
    ]
    assert not any(claim_problems(s, facts) for s in faithful), [
        (s, claim_problems(s, facts)) for s in faithful
    ]


def test_a_cause_between_two_figures_the_customer_never_joined_is_a_problem() -> None:
    facts = customer_facts(parse_text(FIGURES))
    assert cause_problems("Cost per lead fell to $85, which helped bring churn to 3% a month.", facts)
    assert not cause_problems("Cost per lead went from $120 to $85, which helped the team.", facts)
    assert not cause_problems("Cost per lead fell to $85 and churn is around 3% a month.", facts)


def test_a_case_study_in_the_customers_voice_and_a_blog_that_repeats_it_are_sent_back() -> None:
    transcript = parse_text(FIGURES)
    told = "Ben's team stopped guessing where leads came from. They measured every channel for six months."
    drafts = {
        "case_study": f"# A story\n\n## Challenge\n\n{told}\n\n## Solution\n\nOur team rebuilt the funnel.\n",
        "blog_post": f"# A lesson\n\n{told}\n",
    }
    problems = form_problems(drafts, transcript)
    assert any(p.startswith("case_study: written as the customer (“Our”") for p in problems), problems
    assert any(p.startswith("blog_post: 2 of 2 sentences repeat") for p in problems), problems
    assert any(p.startswith("case_study: the headline “A story” does not carry") for p in problems), problems
    drafts = {
        "case_study": f"# Ben's team and its cost per lead\n\n## Challenge\n\n{told}\n\n> “We were flying blind.” — Ben\n",
        "blog_post": "# A lesson\n\nMeasure before you spend: the channel you trust may not be the one that pays.\n",
    }
    assert form_problems(drafts, transcript) == []  # first person inside a quote is the customer's


def test_a_fact_prints_as_the_clause_that_carries_its_figure() -> None:
    facts = customer_facts(parse_text(RETRO))
    clauses = [fact_clause(f) for f in facts]
    assert "Our month-end close went from 6 working days to 2" in clauses
    assert "About 30% of our invoices now go out the same day" in clauses
    transcript = parse_text(
        "Dana: How did it go?\nAna: Disputes are down about 40 percent, because the invoice carries the proof.\n"
        "Dana: And DSO?\nAna: It was slow, and our days sales outstanding went from 52 to 41.\n"
    )
    assert [fact_clause(f) for f in customer_facts(transcript)] == [
        "Disputes are down about 40 percent",
        "our days sales outstanding went from 52 to 41",
    ]


def test_results_are_the_achieved_changes_not_hopes_levels_or_figures_held_back() -> None:
    facts = customer_facts(parse_text(RETRO))
    results = [fact_clause(f) for f in result_facts(facts, held_figures(facts))]
    assert results == [
        "Our month-end close went from 6 working days to 2",
        "About 30% of our invoices now go out the same day",
    ]


def test_a_result_in_the_writers_own_words_with_nothing_behind_it_is_a_problem() -> None:
    facts = customer_facts(parse_text(RETRO))
    for sentence in (
        "The new process reduced disputes and detention charges.",
        "This improvement has led to increased customer satisfaction.",
        "Fernway Improves Its Marketing",
    ):
        assert misstatements(sentence, facts), sentence
    for sentence in (
        "Ana wanted to reduce the time the close took.",
        "Since then, “Our month-end close went from 6 working days to 2”.",
        "The close improved: “it went from 6 working days to 2” — Ana",
    ):
        assert not misstatements(sentence, facts), sentence
