"""Which pieces a call supports, and the insight memo written for calls that are not success stories.

A success story gets the case study, blog post, testimonials, social posts and the approval email. A
churn interview or a feature-request call has no results of the customer's to publish: it gets an
insight memo for the product team (what hurt, what they asked for or what would have kept them, what
they valued; every line the customer's verbatim sentence with its turn) and testimonials only from
what they praised. A planning session has nothing to publish until the plan has run: its memo says
what they plan and what worries them. A research interview or a discovery call (the critique's call
type) is for learning: the memo alone. The run says what it did not write and why; `--pieces` chooses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from callcontent import vocabulary as V
from callcontent.content_kind_cues import ASK, CHURN, FEATURE_REQUEST, PAIN, PLANNING, PRAISE
from callcontent.injection import is_instruction
from callcontent.language import Cue
from callcontent.quote_picking import SENTENCE_BREAK
from callcontent.transcript import Transcript, Turn, format_timestamp
from callcontent.voices import holds_both_voices

ContentKind = Literal["success_story", "churn", "feature_request", "planning", "research", "discovery"]
PIECES: tuple[str, ...] = (
    "case_study",
    "blog_post",
    "testimonials",
    "social_posts",
    "approval_email",
    "insight_memo",
)
STORY_PIECES: tuple[str, ...] = ("case_study", "blog_post", "social_posts")
KIND_TITLES: dict[str, str] = {
    "success_story": "a success story",
    "churn": "a churn interview",
    "feature_request": "a feature-request call",
    "planning": "a planning session",
    "research": "a research interview",
    "discovery": "a discovery call",
}
# What each kind of call supports (testimonials and the email only where something is there to approve).
WRITES: dict[ContentKind, tuple[str, ...]] = {
    "success_story": ("case_study", "blog_post", "testimonials", "social_posts", "approval_email"),
    "churn": ("insight_memo", "testimonials", "approval_email"),
    "feature_request": ("insight_memo", "testimonials", "approval_email"),
    "planning": ("insight_memo",),
    "research": ("insight_memo",),
    "discovery": ("insight_memo",),
}
_NO_STORY: dict[ContentKind, str] = {
    "churn": "a churn interview has no results of theirs to publish; the insight memo carries what they said",
    "feature_request": "a feature-request call tells what is missing, not results; the insight memo carries it",
    "planning": "a planning session has no results yet: interview them again once the plan has run",
    "research": "a research interview is for learning, not a customer's story to publish; the insight memo "
    "carries what they said",
    "discovery": "a discovery call is about their needs, not results of theirs to publish; the insight memo "
    "carries what they said",
}
# Cue hits that decide a kind (counted over the whole call; requests over the customer's turns).
CHURN_HITS = 2
CHURN_HITS_WITH_RESULTS = 4
REQUEST_HITS = 3
PLANNING_HITS = 3
# What a run's drafts carry of the plan (result.json → drafts).
PLAN_KEYS = ("content_kind", "content_kind_reason", "pieces", "not_written", "insight_memo")
MEMO_LINES = 5  # evidence lines per memo section
MAX_HESITATIONS = 1  # "uh", "um", "like," and repeated words a memo line may carry
MEMO_WORDS = (6, 60)  # a line shorter says too little alone; longer is a paragraph, not evidence


@dataclass(frozen=True)
class PiecePlan:
    """What this run writes and what it leaves out, with why."""

    kind: ContentKind
    kind_reason: str
    write: tuple[str, ...]
    not_written: dict[str, str]


# Calls the critique reads as for learning, not for a story (`critique.call_type`): a memo, nothing to publish.
LEARNING_CALLS: tuple[ContentKind, ...] = ("research", "discovery")


def infer_content_kind(
    transcript: Transcript, results: int, call_type: str | None = None, call_type_reason: str = ""
) -> tuple[ContentKind, str]:
    """The kind of call for content, from its words and its done results (`results`: how many).

    A call the critique reads as research or discovery (`call_type`, inferred or set with --call-type) is
    that kind whatever its words: the person interviewed is not a customer telling their story.
    """
    if call_type in LEARNING_CALLS:
        kind: ContentKind = "research" if call_type == "research" else "discovery"
        return kind, f"the critique reads it as a {call_type} call ({call_type_reason or 'its words'})"
    everyone = " ".join(t.text for t in transcript.turns)
    customer = " ".join(t.text for t in transcript.turns if t.role == "customer")
    churn = len(CHURN.findall(everyone))
    requests = len(FEATURE_REQUEST.findall(customer))
    planning = len(PLANNING.findall(everyone))
    counted = f"{churn} churn, {requests} request and {planning} planning cues; {results} done result(s)"
    if churn >= CHURN_HITS_WITH_RESULTS or (churn >= CHURN_HITS and not results):
        return "churn", counted
    if requests >= REQUEST_HITS and not results:
        return "feature_request", counted
    if planning >= PLANNING_HITS and not results:
        return "planning", counted
    return "success_story", counted


def plan_pieces(
    kind: ContentKind, kind_reason: str, *, praised: bool, requested: Sequence[str] | None = None
) -> PiecePlan:
    """The pieces to write for this kind (or those `requested`), and a reason for each left out."""
    if requested:
        write = tuple(p for p in PIECES if p in requested)
        left = {p: "not asked for (--pieces)" for p in PIECES if p not in write and p != "insight_memo"}
        return PiecePlan(kind, kind_reason, write, left)
    write = WRITES[kind]
    not_written: dict[str, str] = {p: _NO_STORY[kind] for p in STORY_PIECES if p not in write}
    if "testimonials" in write and kind != "success_story" and not praised:
        write = tuple(p for p in write if p != "testimonials")
        not_written["testimonials"] = "nothing in the call praises the product or the team"
    if "testimonials" not in write and "testimonials" not in not_written:
        not_written["testimonials"] = _NO_STORY[kind]
    if not set(write) & {"case_study", "blog_post", "testimonials", "social_posts"}:
        write = tuple(p for p in write if p != "approval_email")
        not_written["approval_email"] = "nothing to publish, so nothing to ask the customer to approve"
    return PiecePlan(kind, kind_reason, write, not_written)


def keep_planned(
    drafts: dict[str, Any],
    plan: PiecePlan,
    transcript: Transcript,
    company: str | None,
    quotes: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The drafts with only the planned pieces (the rest emptied), the memo where planned, and the plan."""
    kept = dict(drafts)
    if "case_study" not in plan.write:
        kept["case_study"] = ""
    if "blog_post" not in plan.write:
        kept["blog_post"] = ""
    if "social_posts" not in plan.write:
        kept["social_posts"], kept["social_platforms"] = [], []
    if "testimonials" not in plan.write:
        kept["testimonials"] = {}
    if "insight_memo" in plan.write:
        kept["insight_memo"] = insight_memo(transcript, plan.kind, company, quotes)
    kept["content_kind"] = plan.kind
    kept["content_kind_reason"] = plan.kind_reason
    kept["pieces"] = list(plan.write)
    kept["not_written"] = dict(plan.not_written)
    return kept


def praise_quotes(quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The verified quotes that praise: a churned customer's testimonial comes only from these."""
    return [q for q in quotes if PRAISE.search(str(q["text"]))]


def not_written_line(kind: str, not_written: dict[str, str]) -> str:
    """One line for the run's summary: what was left out, and why ("" when nothing was)."""
    reasons: dict[str, list[str]] = {}
    for piece, why in not_written.items():
        reasons.setdefault(why, []).append(piece.replace("_", " "))
    told = "; ".join(f"{', '.join(pieces)}: {why}" for why, pieces in reasons.items())
    title = KIND_TITLES.get(kind, kind.replace("_", " "))
    return f"Not written ({title}): {told}" if told else ""


# The memo's sections per kind: heading and the cue a customer sentence must carry to stand under it.
_MEMO_SECTIONS: dict[ContentKind, tuple[tuple[str, Cue], ...]] = {
    "churn": (("Why they left", CHURN), ("What hurt", PAIN), ("What would have kept them", ASK)),
    "feature_request": (("What hurts today", PAIN), ("What they asked for", ASK)),
    "planning": (("What they plan", PLANNING), ("What worries them", PAIN)),
    "research": (("What hurts", PAIN), ("What they asked for", ASK), ("What they plan", PLANNING)),
    "discovery": (("What hurts", PAIN), ("What they asked for", ASK), ("What they plan", PLANNING)),
    "success_story": (("What hurt before", PAIN), ("What they asked for", ASK)),
}
_VALUED = ("What they valued", PRAISE)


def insight_memo(
    transcript: Transcript, kind: ContentKind, company: str | None, quotes: Sequence[dict[str, Any]] = ()
) -> str:
    """The memo for the product team: the customer's own sentences under what they show, each with its turn.

    A research interview or a discovery call opens on its strongest lines (the verified quotes, best
    first): what they show is for the reader to judge, so no cue heading stands over them.
    """
    customer = ", ".join(transcript.customers) or "the customer"
    who = f"{customer} ({company})" if company else customer
    lines = [
        f"# What {who} told us",
        "",
        f"From {KIND_TITLES[kind]}, for the product team: the customer's own sentences, verbatim, with the "
        "turn each was said in.",
    ]
    used: set[str] = set()
    turns = {t.index: t for t in _customer_turns(transcript)}
    strongest = (
        [q for q in quotes if int(q.get("turn") or -1) in turns][:MEMO_LINES]
        if kind in LEARNING_CALLS
        else []
    )
    if strongest:
        lines += ["", "## Their strongest lines", ""]
        for q in strongest:
            turn = turns[int(q["turn"])]
            used.update(_sentences_of(str(q["text"])))
            at = f" at {format_timestamp(turn.start)}" if turn.start is not None else ""
            lines += [f"> “{q['text']}” — {turn.speaker}, turn {turn.index}{at}", ""]
        lines.pop()
    candidates = [(turn, sentence) for turn in _customer_turns(transcript) for sentence in _sentences(turn)]
    for heading, cue in (*_MEMO_SECTIONS[kind], _VALUED):
        # Praise stands under what they valued, even where it names what broke ("when it broke they answered").
        fits = [(t, s) for t, s in candidates if s not in used and cue.search(s)]
        chosen = [(t, s) for t, s in fits if cue is PRAISE or not PRAISE.search(s)][:MEMO_LINES]
        if not chosen:
            continue
        lines += ["", f"## {heading}", ""]
        for turn, sentence in chosen:
            used.add(sentence)
            at = f" at {format_timestamp(turn.start)}" if turn.start is not None else ""
            lines.append(f"> “{sentence}” — {turn.speaker}, turn {turn.index}{at}")
            lines.append("")
        lines.pop()
    if not used:
        lines += ["", f"{customer} said nothing in the call that the memo's sections look for."]
    return "\n".join(lines) + "\n"


_HESITATION = re.compile(rf"\b{V.alternation(V.HESITATIONS)}\b|\blike,|\b(\w+),? \1\b", re.I)


def _customer_turns(transcript: Transcript) -> list[Turn]:
    # A turn holding both voices (a transcription artefact) may put the interviewer's words in the memo.
    return [t for t in transcript.turns if t.role == "customer" and not holds_both_voices(t)]


def _sentences_of(text: str) -> list[str]:
    return [s for s in SENTENCE_BREAK.split(" ".join(text.split())) if s]


def _sentences(turn: Turn) -> list[str]:
    text = " ".join(turn.text.split())
    low, high = MEMO_WORDS
    return [
        s
        for s in SENTENCE_BREAK.split(text)
        if low <= len(s.split()) <= high
        and not is_instruction(s)
        and '"' not in s
        and not s.rstrip().endswith(
            "?"
        )  # their question back ("Do you mean architecture-wise?") shows nothing
        # "So it was, it was with one month delay that …": too many hesitations to stand as evidence.
        and len(_HESITATION.findall(s)) <= MAX_HESITATIONS
    ]
