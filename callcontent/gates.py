"""The review's gates: the checks in code every draft must pass before it is called clean.

Quotes verbatim from customer turns, figures grounded and stated as the customer said them, no injected
text, the forms' limits (sections, lengths, platforms), and the cuts that remove what cannot be true.
The review node runs them each round; the eval reads them too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from callcontent.drafts import (
    DRAFT_WORDS,
    LINKEDIN_LINES,
    LINKEDIN_MAX_CHARS,
    X_MAX_CHARS,
    approval_email,
    code_headline,
    quote_block,
    quotes_by_section,
)
from callcontent.facts import (
    Fact,
    call_words,
    customer_facts,
    fact_clause,
    held_figures,
    misstatements,
    results_of,
)
from callcontent.figures import canonical_figures, quoted_spans, without_quotes
from callcontent.injection import instruction_sentences
from callcontent.language import content_words
from callcontent.result import piece_written
from callcontent.transcript import Transcript
from callcontent.vendor import company_of, vendor_of
from callcontent.verify import (
    VOICED,
    draft_line_sentences,
    locate_quote,
    normalise,
    scrub_unsupported,
    ungrounded_numbers,
)

REFILLED = "The writer's text here was cut"
CUT_GATES = ("quotes_verbatim", "numbers_grounded", "no_injected_text", "claims_hold", "third_person")


def draft_texts(drafts: dict[str, Any]) -> dict[str, str]:
    """Every draft text the review checks, by name (social posts numbered)."""
    texts = {"case_study": drafts.get("case_study", ""), "blog_post": drafts.get("blog_post", "")}
    for i, post in enumerate(drafts.get("social_posts", [])):
        texts[f"social_post_{i + 1}"] = post
    for name, text in drafts.get("testimonials", {}).items():
        texts[f"testimonial_{name}"] = text
    texts["approval_email"] = drafts.get("approval_email", "")
    if drafts.get("insight_memo"):
        texts["insight_memo"] = drafts["insight_memo"]
    return texts


def unverified_quotes(name: str, text: str, transcript: Transcript) -> tuple[int, list[str]]:
    """How many quoted spans `text` holds, and a problem for each that is not the customer's verbatim words."""
    spans = quoted_spans(text)
    return len(spans), [
        f"{name}: quote “{span[:80]}” — {check.reason}"
        for span in spans
        if not (check := locate_quote(transcript, span)).verified
    ]


def section_text(markdown: str, heading: str) -> str:
    """The text under `## heading` up to the next heading (quotes count as content)."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^#|\Z)", markdown, re.M | re.S)
    return match.group(1).strip() if match else ""


def draft_sentences(text: str) -> list[str]:
    """A draft's sentences and headings, as the review and the cuts see them."""
    return [s for line in text.split("\n") for s in draft_line_sentences(line) if s.strip()]


def run_gates(
    transcript: Transcript,
    drafts: dict[str, Any],
    vendor: str | None = None,
    facts: Sequence[Fact] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The hard checks: verbatim customer quotes, grounded numbers, sections, lengths."""
    problems: list[str] = []
    quotes_checked = quotes_bad = numbers_bad = invented_by_writer = injected = misstated = 0
    facts = list(facts) if facts is not None else customer_facts(transcript)
    named = vendor_of(transcript, vendor)
    call = call_words(transcript, named, company_of(transcript, named))
    for name, text in draft_texts(drafts).items():
        checked, wrong = unverified_quotes(name, text, transcript)
        quotes_checked += checked
        quotes_bad += len(wrong)
        bad_here = len(wrong)
        if name == "insight_memo":
            # Code writes the memo from the customer's sentences alone, under fixed headings with turn
            # numbers: its quotes are what there is to check.
            problems += wrong
            continue
        if name != "approval_email":  # the email asks the customer to confirm exactly these figures
            for sentence in draft_sentences(text):
                for problem in misstatements(sentence, facts, call):
                    misstated += 1
                    bad_here += 1
                    problems.append(f"{name}: “{sentence[:80]}” — {problem}")
        # Code builds the approval email from verified quotes and facts ("Reply with the numbers …").
        for sentence in instruction_sentences(text) if name != "approval_email" else []:
            injected += 1
            bad_here += 1
            problems.append(f"{name}: “{sentence[:80]}” speaks to an AI or carries markup (prompt injection)")
        problems += wrong
        for number in ungrounded_numbers(text, transcript):
            bad_here += 1
            numbers_bad += 1
            problems.append(f"{name}: the number {number} does not appear in the transcript")
        # Code builds the approval email from the drafts: its failures repeat theirs, so they are not
        # the writer's doing a second time.
        if name != "approval_email":
            invented_by_writer += bad_here
    case_study = drafts.get("case_study", "")
    # A piece the call does not support is not written, so its form is not owed.
    sections = ("Challenge", "Solution", "Results") if piece_written(drafts, "case_study") else ()
    missing = [s for s in sections if not section_text(case_study, s)]
    if missing:
        # A heading left empty (say, after code cut an invented result) is as missing as no heading.
        problems.append(f"case_study: missing or empty sections {', '.join(missing)}")
    refilled = [s for s in sections if REFILLED in section_text(case_study, s)]
    if refilled:
        # Code told them in the customer's quotes so the draft is whole, but the writer still owes them.
        problems.append(
            f"case_study: {', '.join(refilled)} cut to nothing by code; told in quotes until rewritten"
        )
    # Drafts built by code are held to the same form as the writer's: a user publishes either.
    length_problems = []
    for name, (low, high) in DRAFT_WORDS.items():
        if not piece_written(drafts, name):
            continue
        words = len(drafts.get(name, "").split())
        if not low <= words <= high:
            length_problems.append(f"{name}: {words} words, expected {low}-{high}")
    length_problems += social_problems(drafts)
    problems += length_problems
    form = form_problems(drafts, transcript, facts)
    problems += form
    gates = {
        "quotes_verbatim": quotes_bad == 0,
        "quotes_checked": quotes_checked,
        "quotes_failed": quotes_bad,
        "numbers_grounded": numbers_bad == 0,
        "numbers_failed": numbers_bad,
        "no_injected_text": injected == 0,
        "claims_hold": misstated == 0,
        "invented_by_writer": invented_by_writer,
        "third_person": not voiced_pieces(drafts),
        "sections_present": not missing,
        "lengths_ok": not length_problems,
        "form_ok": not form,
    }
    return gates, problems


# Share of the blog's sentences that may repeat the case study before it counts as the same piece.
BLOG_REPEAT_LIMIT = 0.3


def prose(text: str) -> str:
    """A draft without its quotes (quoted spans and > blockquotes): the writer's own words."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return without_quotes("\n".join(lines))


def form_problems(
    drafts: dict[str, Any], transcript: Transcript, facts: Sequence[Fact] | None = None
) -> list[str]:
    """What makes a draft the wrong kind of piece.

    A case study in the customer's voice, or a blog post that is the case study again.
    """
    problems = []
    customer = ", ".join(transcript.customers) or "the customer"
    for name, voice in voiced_pieces(drafts).items():
        problems.append(
            f"{name}: written as the customer (“{voice}” outside a quote); write about {customer} "
            "in the third person and let the quotes speak for them"
        )
    problems += headline_problems(drafts.get("case_study", ""), transcript, facts)
    repeated, blog_sentences = blog_repeats(drafts)
    if blog_sentences and repeated / blog_sentences > BLOG_REPEAT_LIMIT:
        problems.append(
            f"blog_post: {repeated} of {blog_sentences} sentences repeat the case study; write a "
            "different piece (the lesson or how-to the story teaches)"
        )
    return problems


def blog_repeats(drafts: dict[str, Any]) -> tuple[int, int]:
    """How many of the blog post's own sentences (six words or more) repeat the case study, of how many."""
    case_sentences = {normalise(s) for s in draft_sentences(prose(drafts.get("case_study", "")))}
    blog_sentences = [
        normalise(s) for s in draft_sentences(prose(drafts.get("blog_post", ""))) if len(s.split()) >= 6
    ]
    return sum(1 for s in blog_sentences if s in case_sentences), len(blog_sentences)


def voiced_pieces(drafts: dict[str, Any]) -> dict[str, str]:
    """The pieces about the customer that speak as the customer outside a quote, with the word that does."""
    pieces = {"case_study": drafts.get("case_study", ""), "blog_post": drafts.get("blog_post", "")}
    pieces.update({f"social_post_{i + 1}": post for i, post in enumerate(drafts.get("social_posts", []))})
    return {name: voice.group(0) for name, text in pieces.items() if (voice := VOICED.search(prose(text)))}


def social_problems(drafts: dict[str, Any]) -> list[str]:
    """Posts that are not the posts their platform takes: LinkedIn's hook, lines and fold, X's 280 characters."""
    problems = []
    platforms = drafts.get("social_platforms") or []
    for i, (platform, post) in enumerate(zip(platforms, drafts.get("social_posts", []), strict=False)):
        name = f"social_post_{i + 1} ({platform})"
        if not post.strip():
            problems.append(f"{name}: empty (code cut what it said)")
            continue
        if platform == "LinkedIn":
            if len(post) > LINKEDIN_MAX_CHARS:
                problems.append(f"{name}: {len(post)} characters, at most {LINKEDIN_MAX_CHARS}")
            hook, _, rest = post.partition("\n\n")
            lines = [line for line in rest.rpartition("\n\n")[0].splitlines() if line.strip()]
            low, high = LINKEDIN_LINES
            if not hook.strip() or not low <= len(lines) <= high:
                problems.append(
                    f"{name}: a hook line and {low}-{high} short lines before the quote, not {len(lines)}"
                )
        elif platform == "X" and len(post) > X_MAX_CHARS:
            problems.append(f"{name}: {len(post)} characters, at most {X_MAX_CHARS}")
    return problems


def headline_problems(
    case_study: str, transcript: Transcript, facts: Sequence[Fact] | None = None
) -> list[str]:
    """A headline that does not carry the main result, when the customer gave one."""
    title = next((line[2:] for line in case_study.splitlines() if line.startswith("# ")), "")
    results = results_of(transcript, facts)
    if not title or not results:
        return []
    said = {w[:5] for f in results for w in content_words(fact_clause(f))}  # "disputes" is "dispute"
    if {w[:5] for w in content_words(title)} & said or canonical_figures(title) & {
        x for f in results for x in f.figures
    }:
        return []
    return [
        f"case_study: the headline “{title[:80]}” does not carry the main result; build it on "
        f"“{fact_clause(results[0])}”"
    ]


def scrub_drafts(
    transcript: Transcript,
    drafts: dict[str, Any],
    quotes: list[dict[str, Any]],
    vendor: str | None = None,
    facts: Sequence[Fact] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Cut each draft sentence that cannot be true; returns the drafts and what was cut (and why)."""
    facts = list(facts) if facts is not None else customer_facts(transcript)
    named = vendor_of(transcript, vendor)
    call = call_words(transcript, named, company_of(transcript, named))
    drafts = dict(drafts)
    removed: list[str] = []
    for key in ("case_study", "blog_post"):
        drafts[key], cut = scrub_unsupported(
            drafts.get(key, ""), transcript, about_customer=True, call=call, facts=facts
        )
        removed += [f"{key}: {c}" for c in cut]
    customer = ", ".join(transcript.customers) or "the customer"
    if removed and drafts.get("case_study") and not drafts.get("extractive"):
        held = held_figures(facts)
        printable = [q for q in quotes if not canonical_figures(q["text"]) & held]
        drafts["case_study"] = refill_sections(drafts["case_study"], printable, facts, named)
    if drafts.get("case_study") and not re.search(r"(?m)^# ", drafts["case_study"]):
        # The writer's headline was cut: the customer's main result in their words heads the story.
        drafts["case_study"] = (
            f"# {code_headline(transcript, customer, facts)}\n\n" + drafts["case_study"].lstrip()
        )
    posts = []
    for i, post in enumerate(drafts.get("social_posts", [])):
        cleaned, cut = scrub_unsupported(post, transcript, about_customer=True, call=call, facts=facts)
        removed += [f"social_post_{i + 1}: {c}" for c in cut]
        posts.append(cleaned)
    drafts["social_posts"] = posts
    if removed and piece_written(drafts, "approval_email"):  # the email lists what the drafts now contain
        drafts["approval_email"] = approval_email(transcript, quotes, drafts, facts)
    return drafts, removed


def refill_sections(
    case_study: str, quotes: list[dict[str, Any]], facts: list[Fact], vendor: str | None = None
) -> str:
    """A section code emptied by its cuts tells that part in the customer's quotes instead, said so."""
    for name, picked in quotes_by_section(quotes, facts, vendor).items():
        if picked and not section_text(case_study, name).strip():
            filled = f"_{REFILLED}; in {picked[0]['speaker']}'s words:_\n\n{quote_block(picked)}"
            section = f"## {name}\n\n{filled}\n\n"
            at = re.search(rf"^## {name}[ \t]*\n\s*(?=^#|\Z)", case_study, flags=re.M)
            if at:
                case_study = case_study[: at.start()] + section + case_study[at.end() :]
    return case_study
