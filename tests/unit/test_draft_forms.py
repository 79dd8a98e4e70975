"""The forms a draft takes: the vendor's name, LinkedIn and X posts, a headline on the main result."""

from __future__ import annotations

from typing import Any

from callcontent.drafts import (
    LinkedInPlan,
    at_a_glance,
    linkedin_post,
    quotes_by_section,
    usable_facts,
    x_post,
)
from callcontent.drafts import (
    testimonials as pick_testimonials,
)
from callcontent.facts import call_words, customer_facts, held_figures, misstatements, result_facts
from callcontent.gates import scrub_drafts, social_problems
from callcontent.ingest import parse_text
from callcontent.vendor import vendor_of
from callcontent.verify import scrub_unsupported, ungrounded_numbers

CALL = (
    "Jordan: Thanks, Priya. Did you have a billing tool before Tallyhand?\n"
    "Priya: Spreadsheets. Brightline sends 9,000 invoices a month.\n"
    "Jordan: Tallyhand was built for messy freight data. What changed?\n"
    "Priya: Disputes are down about 40 percent, because the proof of delivery is attached. "
    "Roughly $1.1 million in working capital, going by our controller's numbers. I'd want to double-check that.\n"
    "Jordan: Anything else?\n"
    "Priya: Honestly, I sleep through month-end now. It's the billing clerk who never gets tired.\n"
)


def quote(text: str) -> dict[str, Any]:
    return {"text": text, "speaker": "Priya", "score": 1.0, "categories": ["result"]}


def test_the_vendor_is_the_configured_name_else_the_one_the_interviewer_calls_theirs() -> None:
    transcript = parse_text(CALL)
    assert vendor_of(transcript) == "Tallyhand"
    assert vendor_of(transcript, "Acme Billing") == "Acme Billing"
    # The customer's company is not the vendor, and a call that names no product has none.
    assert (
        vendor_of(parse_text("Jordan: Tell me about Brightline?\nPriya: Brightline moves freight.\n")) is None
    )


def test_facts_the_writer_may_cite_leave_out_what_the_customer_asked_to_check() -> None:
    facts = customer_facts(parse_text(CALL))
    cited = usable_facts(facts, held_figures(facts))
    assert all("1.1" not in f.sentence for f in cited)
    box = at_a_glance(result_facts(cited, held_figures(facts)), "Priya")
    assert box == "## At a glance\n\n- “Disputes are down about 40 percent” — Priya\n\n"


def test_a_linkedin_post_is_a_hook_short_lines_and_one_quote_within_the_fold() -> None:
    quotes = [quote("I sleep through month-end now.")]
    plan = LinkedInPlan(hook="Month-end used to mean midnight.", lines=["A" + "a" * 189] * 5, quote_id=0)
    post = linkedin_post(plan, quotes, [], [])
    assert post.startswith("Month-end used to mean midnight.\n\n") and post.endswith("— Priya")
    assert social_problems({"social_platforms": ["LinkedIn"], "social_posts": [post]}) == []
    long_lines = LinkedInPlan(hook="Hook.", lines=["B" + "b" * 199] * 5, quote_id=0)
    long_post = linkedin_post(long_lines, [quote("x " * 200 + "end.")], [], [])
    assert (
        len(long_post) <= 1300 and 0 < long_post.count("B" + "b" * 199) < 5
    )  # lines dropped from the end to fit
    two_lines = "Hook.\n\nOne.\nTwo.\n\n“Quote.” — Priya"
    problems = social_problems({"social_platforms": ["LinkedIn"], "social_posts": [two_lines]})
    assert problems and "3-5 short lines" in problems[0]


def test_an_x_post_takes_the_chosen_quote_or_the_shortest_that_fits_280_characters() -> None:
    quotes = [quote("word " * 60 + "end."), quote("I sleep through month-end now.")]
    post = x_post("Month-end, solved.", quotes, 0)
    assert post == "Month-end, solved.\n\n“I sleep through month-end now.” — Priya" and len(post) <= 280
    assert social_problems({"social_platforms": ["X"], "social_posts": ["z" * 281]}) == [
        "social_post_1 (X): 281 characters, at most 280"
    ]


def test_a_headline_code_cut_is_replaced_by_the_main_result_in_the_customers_words() -> None:
    transcript = parse_text(CALL)
    drafts = {
        "case_study": "# Brightline Improves Customer Satisfaction\n\n## Challenge\n\nBilling was slow.\n",
        "blog_post": "",
        "social_posts": [],
    }
    cleaned, removed = scrub_drafts(transcript, drafts, [])
    assert any("Improves" in r for r in removed)
    assert cleaned["case_study"].startswith("# Priya: “Disputes are down about 40 percent”\n\n## Challenge")


def test_a_figure_moved_onto_something_the_customer_did_not_say_is_a_misstatement() -> None:
    facts = customer_facts(parse_text(CALL))
    assert misstatements("The company's dispute resolution time decreased by 40%.", facts)
    assert not misstatements("Brightline cut disputes by 40%.", facts)
    assert not misstatements("Brightline sends 9,000 invoices a month.", facts)  # a level, not a change


def test_a_section_code_emptied_tells_that_part_in_the_customers_quotes_said_so() -> None:
    transcript = parse_text(CALL)
    quotes = [
        {**quote("Spreadsheets, retyped by hand."), "categories": ["story"]},
        {**quote("Disputes are down about 40 percent."), "categories": ["result"]},
        {**quote("Your team rebuilt ten of our worst invoices in four days."), "categories": ["story"]},
    ]
    drafts = {
        "case_study": "# Priya and her disputes\n\n## Challenge\n\nBilling was slow.\n\n## Solution\n\n"
        "The new system reduced detention charges.\n\n## Results\n\nDisputes are down about 40 percent.\n",
        "blog_post": "",
        "social_posts": [],
    }
    cleaned, removed = scrub_drafts(transcript, drafts, quotes)
    assert removed and "detention" in removed[0]
    solution = cleaned["case_study"].split("## Solution")[1].split("## Results")[0]
    assert (
        "was cut; in Priya's words" in solution
        and "“Your team rebuilt ten of our worst invoices in four days.”" in solution
    )
    assert "Disputes are down about 40 percent." in cleaned["case_study"]  # what held stays as written


def test_a_change_told_the_wrong_way_round_a_hope_told_as_a_plan_and_an_outcome_nobody_named() -> None:
    transcript = parse_text(
        CALL + "Jordan: And next?\nPriya: I'd love to get days sales outstanding under 35 by next year.\n"
    )
    facts, said = customer_facts(transcript), call_words(transcript, "Tallyhand")
    assert misstatements("Their days sales outstanding increased from 52 to 41.", facts, said) == [
        "says a rise from 52 to 41: that is a fall"
    ]
    assert misstatements("Priya is on track to get it under 35 by next year.", facts, said)
    assert not misstatements("Priya hopes to get it under 35 by next year.", facts, said)
    assert misstatements("Brightline improved customer satisfaction.", facts, said)
    assert misstatements("Slow billing affected their cash.", facts, said)  # an effect nobody stated
    assert not misstatements("Brightline attaches the proof of delivery to every invoice.", facts, said)


def test_results_never_show_a_quote_whose_figure_is_a_hope() -> None:
    transcript = parse_text(
        CALL + "Jordan: And next?\nPriya: I'd love to get disputes under 20 percent next year.\n"
    )
    hope = {**quote("I'd love to get disputes under 20 percent next year."), "categories": ["result"]}
    done = {**quote("Disputes are down about 40 percent."), "categories": ["result"]}
    story = {**quote("Spreadsheets, retyped by hand."), "categories": ["story"]}
    sections = quotes_by_section([story, hope, done], customer_facts(transcript))
    assert sections["Results"] == [done]


def test_a_line_the_model_wrapped_is_one_line_and_a_cut_leaves_no_fragment() -> None:
    plan = LinkedInPlan(
        hook="Hook.", lines=["Priya found the money", "never billed.", "Two.", "Three."], quote_id=0
    )
    post = linkedin_post(plan, [quote("I sleep through month-end now.")], [], [])
    assert "Priya found the money never billed.\nTwo.\nThree." in post
    kept, removed = scrub_unsupported("never billed. The rate fell 99%. Priya slept.", parse_text(CALL))
    assert kept == "Priya slept." and any("fragment" in r for r in removed)


def test_a_wish_told_as_done_the_customers_story_told_as_the_vendors_and_fragments_are_cut() -> None:
    transcript = parse_text(
        CALL + "Jordan: Anything missing?\nPriya: I wish the mobile view of the disputes inbox were better, "
        "because our reps read disputes on their phones in the truck yards.\n"
    )
    facts, call = customer_facts(transcript), call_words(transcript, vendor_of(transcript))
    told_as_done = (
        "Brightline implemented a mobile view so reps read disputes on their phones in the truck yards."
    )
    assert misstatements(told_as_done, facts, call)
    assert not misstatements("Priya wishes the mobile view of the disputes inbox were better.", facts, call)
    assert misstatements("Tallyhand, a regional freight company, struggled with disputes.", facts, call)
    assert not misstatements("Tallyhand reads the load data straight from dispatch.", facts, call)
    assert misstatements("This is", facts, call) == ["a fragment, not a sentence"]
    assert not misstatements("## Results", facts, call)


def test_a_size_the_customer_never_gave_and_a_result_beside_a_figure_are_cut() -> None:
    transcript = parse_text(
        CALL + "Jordan: And detention?\nPriya: We found detention charges we never billed.\n"
    )
    facts, call = customer_facts(transcript), call_words(transcript, "Tallyhand")
    assert misstatements("Brightline struggled with high detention charges.", facts, call)
    assert misstatements(
        "Disputes are down about 40 percent, and detention charges were eliminated.", facts, call
    )
    assert not misstatements("Disputes are down about 40 percent.", facts, call)


def test_each_part_of_the_story_is_told_by_the_quotes_that_tell_it() -> None:
    transcript = parse_text(
        CALL + "Jordan: And next year?\nPriya: I'd love to get disputes under 20 percent next year.\n"
    )
    before = {**quote("We used to retype every invoice by hand."), "categories": ["story"], "turn": 1}
    part = {
        **quote("Your team mapped fifteen years of contracts with us."),
        "categories": ["story"],
        "turn": 3,
    }
    done = {
        **quote("Disputes are down about 40 percent, because the proof of delivery is attached."),
        "turn": 3,
    }
    level = {**quote("Brightline sends 9,000 invoices a month."), "turn": 1}  # a level, not a result
    hope = {
        **quote("I'd love to get disputes under 20 percent next year."),
        "categories": ["emotion"],
        "turn": 7,
    }
    sections = quotes_by_section([hope, level, done, part, before], customer_facts(transcript), "Tallyhand")
    assert sections["Results"] == [done]
    assert sections["Challenge"][0] == before and hope not in sections["Challenge"]
    assert sections["Solution"][0] == part and hope not in sections["Solution"]


def test_a_testimonial_is_never_a_hope_and_a_speaker_label_is_not_a_figure() -> None:
    transcript = parse_text(
        CALL + "Jordan: And next year?\nPriya: I'd love to get disputes under 20 percent next year.\n"
    )
    hope = quote("I'd love to get disputes under 20 percent next year.")
    chosen = pick_testimonials(
        [hope, quote("Disputes are down about 40 percent.")], customer_facts(transcript)
    )
    assert list(chosen.values()) == ["“Disputes are down about 40 percent.” — Priya"]
    labelled = parse_text("Speaker 1: What changed?\nP10: We closed in two days, not six.\n")
    assert ungrounded_numbers("“We closed in two days, not six.” — P10, asked by Speaker 1", labelled) == []
    assert ungrounded_numbers("Speaker 1 says 7 days.", labelled) == ["7"]


def test_three_testimonials_of_different_lengths_when_one_band_has_no_quote() -> None:
    words = ["the", "billing", "clerk", "reads", "every", "contract"]
    quotes = [quote(" ".join(words * n) + ".") for n in (1, 2, 5)]  # 6, 12 and 30 words: none is long
    chosen = pick_testimonials(quotes)
    assert list(chosen) == ["short", "medium", "long"]
    lengths = [len(text.split()) for text in chosen.values()]
    assert lengths == sorted(lengths) and len(set(lengths)) == 3


def test_a_call_whose_results_are_counted_in_words_still_has_results() -> None:
    transcript = parse_text(
        "Dana: What changed?\nSam: I got my evenings back. My month-end went from four late nights to none.\n"
    )
    counted = {**quote("I got my evenings back. My month-end went from four late nights to none."), "turn": 1}
    story = {**quote("It was mind-numbing work."), "categories": ["story"], "turn": 1}
    sections = quotes_by_section([story, counted], customer_facts(transcript))
    assert sections["Results"] == [counted] and sections["Challenge"] == [story]


def test_a_blog_post_of_short_pull_quotes_takes_more_lines_to_reach_its_length() -> None:
    from callcontent.drafts import DRAFT_WORDS, code_blog_post

    facts = customer_facts(parse_text(CALL))
    lines = [
        quote("Spreadsheets."),
        quote("Honestly, I sleep through month-end now."),
        quote("I'd tell them not to wait."),
        quote("Roughly $1.1 million in working capital, going by our controller's numbers."),
        *(
            quote(f"Line {i}: the proof of delivery is attached to every invoice we send now.")
            for i in range(8)
        ),
    ]
    sections = {"Challenge": lines[:1], "Solution": lines[1:2], "Results": []}
    blog, _ = code_blog_post(lines, "Priya", None, sections, facts, [])
    assert len(blog.split()) >= DRAFT_WORDS["blog_post"][0]
    assert blog.count("## More in Priya's words") == 1
    assert "1.1 million" not in blog  # a figure she asked to check is not filler
    assert "Line 7" not in blog  # it stops once it is long enough
    two = [lines[0], lines[2]]  # the story and the lesson, nothing more to say
    short, _ = code_blog_post(two, "Priya", None, {"Challenge": [], "Solution": [], "Results": []}, facts, [])
    assert "## More" not in short  # nothing left to add: it stays short and the review says so


def test_the_approval_email_says_where_each_quote_would_appear() -> None:
    from callcontent.drafts import placements

    drafts = {
        "case_study": "# Headline\n\nIntro.\n\n## Challenge\n\n> “We waited until it broke.” — Priya\n\n## Results\n\nAt Acme, x.",
        "blog_post": "> “We waited until it broke.” — Priya\n\n## The lesson\n\nText.",
        "social_posts": ["Hook.\n\n“We waited until it broke.” — Priya", "X post without it"],
        "social_platforms": ["LinkedIn", "X"],
        "testimonials": {"short": "“We waited until it broke.” — Priya", "long": "“Something else.” — Priya"},
    }
    assert placements("We waited until it broke.", drafts) == [
        "case study, Challenge",
        "blog post, opening",
        "LinkedIn post",
        "short testimonial",
    ]
    assert placements("Never said.", drafts) == []


# One call, and quotes of each kind a section could be given wrongly (#29: "no quote sits in a section it
# does not fit"). The part each quote fits, if any, is named beside it.
FIT_CALL = parse_text(
    CALL
    + "Jordan: And next year?\nPriya: I'd love to get disputes under 20 percent next year.\n"
    + "Jordan: Advice?\nPriya: I'd tell them not to wait until it breaks. We waited until it broke.\n"
)


def fit_quote(text: str, category: str, turn: int) -> dict[str, Any]:
    return {**quote(text), "categories": [category], "turn": turn}


BEFORE_Q = fit_quote("We used to retype every invoice by hand, and it was painful.", "story", 1)
VENDOR_Q = fit_quote("Your team mapped fifteen years of contracts with us.", "story", 3)
RESULT_Q = fit_quote(
    "Disputes are down about 40 percent, because the proof of delivery is attached.", "result", 3
)
THEN_NOW_Q = fit_quote(
    "Before, I checked every invoice myself. Now I spend my time on pricing.", "before_after", 5
)
FELT_AFTER_Q = fit_quote("Honestly, I sleep through month-end now, and it was such a relief.", "emotion", 5)
ADVICE_Q = fit_quote(
    "I'd tell them not to wait until it breaks. We waited until it broke, and set up everything in a panic.",
    "advice",
    9,
)
HOPE_Q = fit_quote("I'd love to get disputes under 20 percent next year.", "emotion", 7)
OTHERS_Q = fit_quote(
    "Roughly $1.1 million in working capital, going by our controller's numbers.", "result", 3
)
ALL_Q = [ADVICE_Q, HOPE_Q, OTHERS_Q, FELT_AFTER_Q, THEN_NOW_Q, RESULT_Q, VENDOR_Q, BEFORE_Q]


def fitted_sections() -> dict[str, list[dict[str, Any]]]:
    return quotes_by_section(ALL_Q, customer_facts(FIT_CALL), "Tallyhand")


def test_the_challenge_holds_the_time_before_and_never_advice_the_time_after_or_a_hope() -> None:
    challenge = fitted_sections()["Challenge"]
    assert challenge == [BEFORE_Q]
    for misfit in (ADVICE_Q, THEN_NOW_Q, FELT_AFTER_Q, HOPE_Q, OTHERS_Q):
        assert misfit not in challenge, misfit["text"]


def test_the_solution_holds_the_vendors_part_and_never_advice_that_names_a_setup() -> None:
    solution = fitted_sections()["Solution"]
    assert solution == [VENDOR_Q]  # the advice says "set up", but it is advice
    assert ADVICE_Q not in solution and HOPE_Q not in solution


def test_the_results_hold_what_changed_and_never_a_hope_or_someone_elses_figure() -> None:
    results = fitted_sections()["Results"]
    assert results[0] == RESULT_Q and THEN_NOW_Q in results
    for misfit in (HOPE_Q, OTHERS_Q, ADVICE_Q, BEFORE_Q, VENDOR_Q):
        assert misfit not in results, misfit["text"]


def test_a_part_with_no_quote_that_fits_is_left_for_the_review_to_flag_not_filled_with_a_misfit() -> None:
    sections = quotes_by_section([ADVICE_Q, HOPE_Q, RESULT_Q], customer_facts(FIT_CALL), "Tallyhand")
    assert sections["Challenge"] == [] and sections["Solution"] == [] and sections["Results"] == [RESULT_Q]


def test_a_part_with_sentences_of_its_own_weaves_in_one_quote_and_leaves_the_rest_for_the_blog() -> None:
    from callcontent.drafts import woven

    reportable = fit_quote("We retyped every invoice into the ledger each month.", "story", 1)
    mine = fit_quote("I checked every invoice myself, by hand.", "story", 1)  # "I": stays a quote
    also_mine = fit_quote("I dreaded the last week of every month.", "emotion", 1)
    sections = {
        "Challenge": [reportable, mine, also_mine],
        "Solution": [VENDOR_Q, THEN_NOW_Q, FELT_AFTER_Q],
        "Results": [RESULT_Q, FELT_AFTER_Q, mine],
    }
    out = woven(sections, "Brightline", told_results=True)
    assert out["Challenge"] == [reportable, mine]  # told, and one quote woven in
    assert out["Solution"] == [VENDOR_Q, THEN_NOW_Q]  # nothing told here: two quotes
    assert out["Results"] == [RESULT_Q, FELT_AFTER_Q]  # the results told, and one quote beside them
