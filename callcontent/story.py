"""The customer's story told in the third person: their own sentences, reported, each tied to its turn.

A case study reads "At Brightline, disputes are down about 40 percent" where the customer said
"Disputes are down about 40 percent"; "their days sales outstanding went from 52 to 41" where they said
"our". Code makes that change and no other: first-person plural becomes the company's third person, a
spoken filler is dropped, and the rest of the sentence, its figures, its subject and its "but", stay as
the customer said them, so a reported sentence claims exactly what its span does. A sentence in the
first-person singular ("I was at my kitchen table") or addressed to the vendor ("your team asked for")
is the customer's own telling and stays a quote.

The headline names the main result with what it measures: "How Brightline cut disputes by about 40
percent", "How Brightline took days sales outstanding from 52 to 41".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from callcontent import vocabulary as V
from callcontent.facts import Fact, fact_clause, sentence_status
from callcontent.job_titles import StatedRole, stated_roles
from callcontent.language import sentences
from callcontent.transcript import Transcript

# First-person plural → the company's third person.
_PLURAL = {
    "we": "they",
    "us": "them",
    "our": "their",
    "ours": "theirs",
    "ourselves": "themselves",
    "we're": "they're",
    "we've": "they've",
    "we'd": "they'd",
    "we'll": "they'll",
}
# Longest first, so "we're" is swapped whole rather than as "we" + "'re".
_PLURAL_WORD = re.compile(rf"\b(?:{'|'.join(sorted(_PLURAL, key=len, reverse=True))})\b", re.I)
# A person's own experience, or words to the vendor: these stay quotes.
_SINGULAR = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.I)
_ADDRESSED = re.compile(r"\b(?:you|your|yours|you're|you've|you'd|you'll|you guys)\b", re.I)
# Spoken hedges that have no place in written prose; a sentence leaning on them stays a quote.
_SPOKEN = re.compile(r"\b(?:you know|kind of|sort of|i mean|gonna|wanna|kinda|um+|uh+)\b|\blike,", re.I)
# Openers a speaker leads with; only at the start (", so there's nothing to argue about" keeps its "so").
_OPENER = re.compile(r"^(?:(?:honestly|basically|so|well|yeah|oh|and)\b,?\s+)+", re.I)
_PROPER_START = re.compile(r"^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z])")  # an acronym or a name keeps its capital
MAX_REPORTED_WORDS = 45
MIN_REPORTED_WORDS = 4
# Not a sentence of its own: "Like getting our jobs back.", "Because it broke.", "Which was the point."
_FRAGMENT = re.compile(r"^(?:like|because|which|who|but|or|than|as if)\b", re.I)
# A line that leans on the one before it ("Then he asked why …", "It took six days"): told alone, its
# "he" or "it" would point at nothing, so it stays a quote where it was said.
NEEDS_CONTEXT = re.compile(
    r"^(?:(?:and|so|but|well|yeah|oh),?\s+)*(?:he|she|it|it's|this|that|these|those|they|they're|them|"
    r"then|also|still|after that|which)\b",
    re.I,
)
# A finite verb of some kind (the table in `vocabulary`): a line without one is not a sentence to report.
_VERB = re.compile(rf"\b{V.alternation(V.FINITE_VERBS)}\b", re.I)


def _swap(match: re.Match[str]) -> str:
    word = match.group(0)
    swapped = _PLURAL[word.lower()]
    return swapped[:1].upper() + swapped[1:] if word[:1].isupper() else swapped


def reported(
    sentence: str, company: str | None, *, lead: bool = True, teller: str | None = None
) -> str | None:
    """The customer's sentence in the third person, or None when it must stay their quote.

    `lead` opens it with "At {company}," (the first reported sentence of a paragraph names the company),
    or, where the call names no company, "As {teller} tells it," so "they" has someone to refer to.
    """
    text = " ".join(sentence.split())
    if _SINGULAR.search(text) or _ADDRESSED.search(text) or _SPOKEN.search(text) or "?" in text:
        return None
    text = _OPENER.sub("", text).strip()
    if not MIN_REPORTED_WORDS <= len(text.split()) <= MAX_REPORTED_WORDS or _FRAGMENT.match(text):
        return None
    if not _VERB.search(text):
        return None  # "The weekly one, mostly.": said, not a sentence a reader can take alone
    text = _PLURAL_WORD.sub(_swap, text)
    if not text.endswith((".", "!")):
        text = text.rstrip(",;:— ") + "."
    rest = text if _PROPER_START.match(text) else text[:1].lower() + text[1:]
    if company and lead:
        return f"At {company}, {rest}"
    if teller and lead:
        return teller.format(rest) if "{}" in teller else f"As {teller} tells it, {rest}"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Reported:
    """A sentence of the draft's own, reported from one customer sentence (its span)."""

    text: str
    source: str
    turn: int
    section: str = ""
    piece: str = "case_study"

    def as_json(self) -> dict[str, object]:
        """As result.json's `drafts.traced` carries it."""
        return {
            "text": self.text,
            "source": self.source,
            "turn": self.turn,
            "section": self.section,
            "piece": self.piece,
        }


def reported_quote(
    quote: Mapping[str, Any], company: str | None, *, lead: bool, teller: str | None = None
) -> Reported | None:
    """A whole quote told in the third person, or None when any of its sentences must stay the customer's.

    All or nothing: half a quote reported and half quoted would cut a "but" away from what it qualifies.
    """
    parts = sentences(" ".join(str(quote["text"]).split()))
    if not parts or NEEDS_CONTEXT.match(parts[0]):
        return None
    told = [reported(s, company, lead=lead and i == 0, teller=teller) for i, s in enumerate(parts)]
    if any(t is None for t in told):
        return None
    return Reported(" ".join(t for t in told if t), str(quote["text"]), int(quote.get("turn") or 0))


_THEN = re.compile(r"^(?:and |so )?(?:after that|since then|from then on),?\s+", re.I)


def reported_results(
    results: Sequence[Fact], company: str | None, limit: int = 3, teller: str | None = None
) -> list[Reported]:
    """The customer's results in the third person, each with the sentence and turn it reports."""
    out: list[Reported] = []
    for fact in results:
        # "After that, mis-picks fell to about one in 900 orders": the result stands without its "after
        # that"; a line whose subject leans on the one before ("It took six days") does not.
        said = _THEN.sub("", fact.sentence.strip())
        if NEEDS_CONTEXT.match(said):
            continue
        text = reported(said[:1].upper() + said[1:], company, lead=not out, teller=teller)
        if text and not any(r.source == fact.sentence for r in out):
            out.append(Reported(text, fact.sentence, fact.turn))
        if len(out) >= limit:
            break
    return out


# "I'd tell them not to wait until it breaks": the advice, as a clause a sentence of ours can carry.
_ADVICE_GIVEN = re.compile(
    r"^(?:(?:honestly|so|well|yeah),?\s+)*(?:i'?d|i would) (?:tell|say to|advise) (?:them|anyone|people|everyone|"
    r"other \w+|an? (?:\w+ ){0,3}?\w+|any (?:\w+ ){0,2}?\w+)(?: who (?:is|are) [^,]{1,60})?,?\s+"
    r"(?P<advice>(?:not )?to [^.!?]{3,120})[.!]?$",
    re.I,
)


def reported_advice(sentence: str, person: str, turn: int) -> Reported | None:
    """The customer's advice told as theirs, or None when it is not advice in that shape or speaks as "I".

    "I'd tell them not to wait until it breaks" → "Priya Nair advises anyone in the same place not to wait
    until it breaks."
    """
    m = _ADVICE_GIVEN.match(" ".join(sentence.split()))
    if (
        not m
        or _SINGULAR.search(m["advice"])
        or _ADDRESSED.search(m["advice"])
        or _SPOKEN.search(m["advice"])
    ):
        return None
    advice = _PLURAL_WORD.sub(_swap, m["advice"].rstrip(" ,;:"))
    # "Priya Nair advises …"; "Priya Nair, who runs finance operations at Brightline, advises …".
    subject = f"{person}," if "," in person else person
    return Reported(f"{subject} advises anyone in the same place {advice}.", sentence, turn)


def advice_title(advice: Reported) -> str:
    """The advice as a headline's imperative: "not to wait until it breaks" → "Don't wait until it breaks"."""
    clause = advice.text.split(" in the same place ", 1)[1].rstrip(".")
    if clause.startswith("not to "):
        return "Don't " + clause[len("not to ") :]
    return clause[len("to ") :][:1].upper() + clause[len("to ") + 1 :]


# "Disputes are down about 40 percent"; "Our days sales outstanding went from 52 to 41".
_DOWN_UP = re.compile(
    r"^(?:(?:our|the|their)\s+)?(?P<subject>[a-z][\w' -]{1,50}?)\s+(?:is|are|was|were|came|went)\s+"
    r"(?P<dir>down|up)\s+(?:by\s+)?(?P<amount>(?:about |around |roughly |almost |nearly |over )?[$€£]?\d[\d,.]*\s?(?:%|percent)?)",
    re.I,
)
_FROM_TO = re.compile(
    r"^(?:(?:and |so )?(?:our|the|their)\s+)?(?P<subject>[a-z][\w' -]{1,50}?)\s+(?:went|dropped|fell|grew|rose|"
    r"increased|decreased|climbed|moved)\s+from\s+(?P<before>[$€£]?\d[\d,.]*\s?(?:%|percent)?)\s+to\s+"
    r"(?P<after>[$€£]?\d[\d,.]*\s?(?:%|percent)?)",
    re.I,
)


def result_headline(results: Sequence[Fact], company: str | None) -> str | None:
    """The headline "How {company} cut {what} by {how much}" from the first result saying what it measures."""
    if not company:
        return None
    for fact in results:
        clause = fact_clause(fact)
        if m := _DOWN_UP.match(clause):
            verb = "cut" if m["dir"].lower() == "down" else "grew"
            return f"How {company} {verb} {m['subject'].lower()} by {m['amount'].strip()}"
        if m := _FROM_TO.match(clause):
            return f"How {company} took {m['subject'].lower()} from {m['before']} to {m['after']}"
    return None


# ---------------------------------------------------------------- the story model: what the call tells, with spans


@dataclass(frozen=True)
class Span:
    """A customer sentence, verbatim, and the turn it was said in."""

    text: str
    turn: int

    def as_json(self) -> dict[str, object]:
        """As result.json's story carries it."""
        return {"text": self.text, "turn": self.turn}


@dataclass(frozen=True)
class StoryResult:
    """One result: what it measures, before and after or by how much, when, and the sentence saying it."""

    said: Span
    measure: str | None = None
    before: str | None = None
    after: str | None = None
    change: str | None = None
    timeframe: str | None = None

    def as_json(self) -> dict[str, object]:
        """As result.json's story carries it (a part the customer did not say is null)."""
        return {
            "measure": self.measure,
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "timeframe": self.timeframe,
            **self.said.as_json(),
        }


@dataclass(frozen=True)
class StoryModel:
    """The customer's story as the call tells it: each element with the sentence and turn behind it.

    Code builds it from the customer's sentences; the drafts are written from it, the approval email asks
    the customer to confirm it, and a writer model is given it. Hopes and plans are kept apart from
    results, and so are figures that are someone else's or wait for the customer to check them.
    """

    customer: str | None
    company: str | None
    vendor: str | None
    role: StatedRole | None = None
    before: tuple[Span, ...] = ()
    trigger: Span | None = None
    change: tuple[Span, ...] = ()
    results: tuple[StoryResult, ...] = ()
    caveats: tuple[tuple[Span, str], ...] = ()
    hopes_and_plans: tuple[tuple[Span, str], ...] = ()
    others_figures: tuple[Span, ...] = ()
    advice: tuple[Span, ...] = ()
    parts: Mapping[int, str] = field(default_factory=dict)
    """Each customer turn's part of the story (before, change, result, advice, next), by the question."""

    def who(self) -> str | None:
        """The customer as a draft names them: "Priya Nair, who runs finance operations at Brightline"."""
        if not self.customer:
            return None
        return described(self.customer, self.role, self.company)

    def as_json(self) -> dict[str, Any]:
        """As result.json carries it (`story`)."""
        return {
            "customer": {
                "name": self.customer,
                "role": self.role.as_json() if self.role else None,
                "company": self.company,
            },
            "vendor": self.vendor,
            "before": [s.as_json() for s in self.before],
            "trigger": self.trigger.as_json() if self.trigger else None,
            "change": [s.as_json() for s in self.change],
            "results": [r.as_json() for r in self.results],
            "caveats": [{**s.as_json(), "caveat": c} for s, c in self.caveats],
            "hopes_and_plans": [{**s.as_json(), "status": st} for s, st in self.hopes_and_plans],
            "others_figures": [s.as_json() for s in self.others_figures],
            "advice": [s.as_json() for s in self.advice],
        }


def described(customer: str, role: StatedRole | None, company: str | None) -> str:
    """The customer with the role they gave and their company, as far as the call says them."""
    if role is None:
        return f"{customer} of {company}" if company else customer
    at = f" at {company}" if company else ""
    if role.told.split()[0].lower() in ("the", "a", "an") or not role.told.split()[0].islower():
        return f"{customer}, {role.told}{at}"
    return f"{customer}, who {role.told}{at}"


BEFORE = re.compile(rf"\b{V.alternation(V.STORY_BEFORE)}\b", re.I)
AFTER = re.compile(rf"\b{V.alternation(V.STORY_AFTER)}\b", re.I)
_TRIGGER = re.compile(rf"\b{V.alternation(V.STORY_TRIGGER)}\b", re.I)
_CHANGE = re.compile(rf"\b{V.alternation(V.STORY_CHANGE)}\b", re.I)
ADVICE = re.compile(
    rf"\b{V.alternation(V.STORY_ADVICE)}\b|(?:^|[.!?]\s+){V.alternation(V.ADVICE_OPENERS)}\b", re.I
)
_TIMEFRAME = re.compile(
    r"\b(?:last (?:month|quarter|year|week)|this (?:month|quarter|year)|(?:in|within|over|after) (?:the )?"
    r"(?:first |last )?(?:\d+|a|one|two|three|four|five|six|eight|nine|ten|twelve) (?:days?|weeks?|months?|"
    r"years?|quarters?|closes?)|since (?:we |they )?(?:started|went live|switched|moved)|a month|per month|"
    r"a year|per year|every month)\b",
    re.I,
)
# The new way of working, told as it is now ("The depots send their data straight into the ledger now").
_NOW_STATE = re.compile(rf"\b{V.alternation(V.STORY_AFTER)}\b(?![^.]*\d)", re.I)
# "I'm not going to lie" says nothing about the future.
_FIGURE_OF_SPEECH = re.compile(r"\b(?:i'm |i am )?not (?:going to|gonna) lie\b,?", re.I)
# Elements of each kind the model keeps: enough to tell, few enough for a customer to confirm.
STORY_LIMITS = {"before": 4, "change": 4, "advice": 2}


# The part of the story an answer tells, by what the question asked (`vocabulary.ASKS_*`), in this order.
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (part, re.compile(rf"\b{V.alternation(table)}\b", re.I))
    for part, table in (
        ("close", V.ASKS_CLOSE),
        ("advice", V.ASKS_ADVICE),
        ("next", V.ASKS_NEXT),
        ("result", V.ASKS_RESULT),
        ("before", V.ASKS_BEFORE),
        ("change", V.ASKS_CHANGE),
    )
)


_POINTS_BACK = re.compile(r"\b(?:that|this|it|more|then)\b", re.I)


def asked_part(question: str) -> str | None:
    """What part of the story a question asks for: close, advice, next, result, before, change, or None."""
    return next((part for part, pattern in _ASKS if pattern.search(question)), None)


def parts_by_turn(transcript: Transcript) -> dict[int, str]:
    """Each customer turn's part of the story, by the interviewer's question it answers (where it says).

    A follow-up that names no part and points back ("Tell me more about that.", "How did that feel?")
    stays on the part the conversation is on.
    """
    parts: dict[int, str] = {}
    part: str | None = None
    for turn in transcript.turns:
        if turn.role == "interviewer":
            asked = [s for s in sentences(turn.text) if s.rstrip().endswith("?")] or sentences(turn.text)[-1:]
            asked_for = asked_part(asked[-1]) if asked else None
            # A follow-up that points back ("Tell me more about that.", "How did that feel?") stays on the
            # part; a new question that names none ("Did you look at other tools?") leaves it. The close is
            # not carried on.
            follows = bool(asked) and _POINTS_BACK.search(asked[-1]) is not None and part != "close"
            part = asked_for or (part if follows else None)
        elif turn.role == "customer" and part:
            parts[turn.index] = part
    return parts


def _customer_sentences(transcript: Transcript) -> list[Span]:
    return [
        Span(sentence, turn.index)
        for turn in transcript.turns
        if turn.role == "customer"
        for sentence in sentences(turn.text)
        if len(sentence.split()) >= MIN_REPORTED_WORDS
    ]


def _result(fact: Fact) -> StoryResult:
    """A result fact with its parts, where the customer's clause says them in a shape code can read."""
    clause = fact_clause(fact)
    said = Span(fact.sentence, fact.turn)
    frame = _TIMEFRAME.search(clause)
    timeframe = frame.group(0) if frame else None
    if m := _DOWN_UP.match(clause):
        return StoryResult(
            said,
            m["subject"].strip(),
            change=f"{m['dir'].lower()} {m['amount'].strip()}",
            timeframe=timeframe,
        )
    if m := _FROM_TO.match(clause):
        return StoryResult(said, m["subject"].strip(), m["before"], m["after"], timeframe=timeframe)
    return StoryResult(said, timeframe=timeframe)


def story_of(
    transcript: Transcript,
    facts: Sequence[Fact],
    results: Sequence[Fact],
    company: str | None,
    vendor: str | None,
) -> StoryModel:
    """The story model of a call, built by code from the customer's sentences and figures."""
    spoken = _customer_sentences(transcript)
    result_sentences = {f.sentence for f in results}
    not_done = [
        (s, status)
        for s in spoken
        if (status := sentence_status(_FIGURE_OF_SPEECH.sub("", s.text)))
        in ("wished", "hoped", "expected", "hypothetical", "planned")
    ]
    pending = {s.text for s, _ in not_done} | result_sentences
    # What changed is told best where the customer speaks of the vendor ("Your onboarding person sat with
    # …"), not of a tool they turned down.
    vendor_words = re.compile(
        rf"\b(?:{re.escape(vendor)}|your|you guys)\b" if vendor else r"\b(?:your|you guys)\b", re.I
    )

    parts = parts_by_turn(transcript)

    def first(
        pattern: re.Pattern[str],
        limit: int,
        prefer: re.Pattern[str] | None = None,
        part: str | None = None,
        said_in: tuple[str | None, ...] = (None,),
    ) -> tuple[Span, ...]:
        # A sentence answering a question about this part, or saying it in words, never one that answers
        # another part's question ("What would you tell …?" is advice, whatever its words).
        found = [
            s
            for s in spoken
            if s.text not in pending
            and (
                (part is not None and parts.get(s.turn) == part)
                or (pattern.search(s.text) and parts.get(s.turn) in (*said_in, part))
            )
        ]
        found.sort(
            key=lambda s: (
                part is not None and parts.get(s.turn) != part,
                prefer is not None and not prefer.search(s.text),
            )
        )
        return tuple(found[:limit])

    customer = transcript.customers[0] if transcript.customers else None
    triggers = first(_TRIGGER, 1)
    return StoryModel(
        customer=customer,
        company=company,
        vendor=vendor,
        role=stated_roles(transcript).get(customer) if customer else None,
        before=first(BEFORE, STORY_LIMITS["before"], part="before"),
        trigger=triggers[0] if triggers else None,
        change=(
            first(_CHANGE, STORY_LIMITS["change"], vendor_words, part="change")
            + first(_NOW_STATE, 2, said_in=(None, "result"))
        )[: STORY_LIMITS["change"]],
        results=tuple(_result(f) for f in results),
        caveats=tuple((Span(f.sentence, f.turn), f.caveat) for f in facts if f.caveat),
        hopes_and_plans=tuple(not_done),
        others_figures=tuple(Span(f.sentence, f.turn) for f in facts if f.status == "someone_else"),
        advice=first(ADVICE, STORY_LIMITS["advice"], part="advice"),
        parts=parts,
    )


def story_listing(story: StoryModel) -> str:
    """The story model as the writer model is given it: each element with the turn it comes from."""
    lines = [f"Customer: {story.who() or 'not named'}" + (f" (turn {story.role.turn})" if story.role else "")]
    lines.append(f"Vendor: {story.vendor or 'not named in the call'}")

    def block(title: str, spans: Sequence[Span]) -> None:
        if spans:
            lines.append(title)
            lines.extend(f"- turn {s.turn}: {s.text}" for s in spans)

    block("Before:", story.before)
    block("Trigger:", [story.trigger] if story.trigger else [])
    block("What changed and how:", story.change)
    if story.results:
        lines.append("Results (done, in the customer's words):")
        for r in story.results:
            parts = [
                p for p in (r.measure, r.change, r.before and f"{r.before} → {r.after}", r.timeframe) if p
            ]
            lines.append(f"- turn {r.said.turn}: {r.said.text}" + (f" [{'; '.join(parts)}]" if parts else ""))
    block(
        "Not results, never write them as done (hopes, plans, wishes, what-ifs):",
        [s for s, _ in story.hopes_and_plans],
    )
    block("Someone else's figures (name whose):", story.others_figures)
    block("Waiting for the customer to confirm (leave out):", [s for s, _ in story.caveats])
    block("Advice:", story.advice)
    return "\n".join(lines)
