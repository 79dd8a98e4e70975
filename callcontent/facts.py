"""The customer's figures as claims: what the figure is, what status it has, and whether they hedged it.

Every number in a draft is already checked to exist in the transcript; that is not enough. "We found
$180,000 of detention we had never billed" is not "a $180,000 reduction", "I'd love to get to two days"
is not a result, and "roughly $1.1 million, I'd want to double-check that" is not for print. Each
customer sentence with a figure becomes a fact with its status; code holds caveated figures out of the
drafts and sends back a draft sentence that presents a hope, a plan or a hypothetical as a result.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from callcontent import language as lang
from callcontent import vocabulary as V
from callcontent.figures import bare_figure, canonical_figures, quoted_spans, without_quotes
from callcontent.injection import is_instruction
from callcontent.job_titles import StatedRole, role_problems, stated_roles
from callcontent.transcript import Transcript

Status = Literal["achieved", "expected", "hoped", "hypothetical", "someone_else"]

# The customer asked for the figure to be checked or kept out: it waits for their confirmation.
CAVEAT = lang.Cue(
    r"\b(?:double[- ]check|check (?:that|this|the) (?:number|figure|one)|don'?t quote me|off the record|"
    r"ballpark|roughly|not sure (?:about|of) (?:that|the) (?:number|figure)|before you print|"
    r"don'?t (?:print|publish) (?:that|this)|between us|confirm (?:that|the) (?:number|figure))\b"
)
HOPED = lang.Cue(
    r"\b(?:hope|hoping|i'?d love|we'?d love|our goal|the goal|aim(?:ing)? (?:to|for)|want to get|wish)\b"
)
EXPECTED = lang.Cue(
    r"\b(?:will|going to|gonna|expect\w*|plan(?:ning)? to|on track to|by (?:next|the end of)|should (?:be|get))\b"
)
# Conditional, not narrative: "if we …", "it would save …" ("before we could even answer" is a past fact).
HYPOTHETICAL = lang.Cue(
    r"\b(?:if (?:we|you|i|they)|would (?:be|have|save|get|cut|mean)|could (?:save|get|cut|reach|mean)|"
    r"might (?:be|save|get)|in theory|potentially|hypothetically)\b"
)
SOMEONE_ELSE = lang.Cue(
    r"\b(?:according to|going by (?:our |their |the )?\w+'?s?|(?:he|she|they) (?:said|told|say|says)|"
    r"(?:our|their) (?:controller|cfo|auditor|vendor|analyst)'?s? (?:numbers|figures|estimate)|industry average|"
    r"a (?:report|study|survey) (?:said|says|found))\b"
)
# The customer's sentence describes a change: a figure that moved ("from 6 to 2", "cut by 40%").
CHANGE = lang.Cue(
    r"\b(?:from (?:[^ ]+ ){1,6}to|by (?:about |around |roughly |nearly |almost )?[$€£]?\d+|cut|cuts|reduc\w*|"
    r"lower(?:ed|ing)|dropp\w*|drops?|fell|fallen|falling|(?:down|up) (?:to|from|by)|"
    r"(?:down|up)(?: (?:about|around|roughly|nearly|almost|over|by|to|from))* [$€£]?\d+|decreas\w*|increas\w*|"
    r"grew|grown|growing|rose|risen|rise|rising|boost\w*|improv\w*|sav(?:e|ed|es|ing|ings)|gain\w*|doubled|"
    r"halved|tripled|went (?:from|down|up)|instead of)\b"
)
# A draft sentence that turns a figure into a change.
CHANGE_CLAIM = re.compile(
    r"\b(?:cut|cuts|reduc\w*|lower\w*|drop\w*|fell|decreas\w*|increas\w*|grew|growth|rose|rise|boost\w*|"
    r"improv\w*|saved?|savings?|gain\w*|doubled|halved|tripled|jump\w*|surg\w*|slash\w*|(?:up|down) by)\b"
    r"|\d\s?(?:%|percent|hours?|days?|weeks?|minutes?)?\s+(?:more|fewer|less|higher|lower|faster|quicker|sooner|"
    r"shorter|cheaper)\b",
    re.I,
)
# A draft sentence that says whose figure it is.
ATTRIBUTION = re.compile(
    r"\b(?:according to|research|study|studies|survey|report|analysts?|industry|estimates?|says|said|cites?|"
    r"citing|per)\b",
    re.I,
)
# A named source's figure: "Gartner says…", "McKinsey found…" (the customer's own "I said" and "we found" aside).
NAMED_SOURCE = re.compile(
    r"\b(?!I\b|We\b|Our\b|My\b)[A-Z][\w&.-]+ (?:says|said|found|finds|reports|reported|estimates|estimated|claims)\b"
    r"|\b(?:studies|research|surveys?) (?:show|shows|showed|found|suggests?)\b"
)
# A cause the writer may add between two figures ("which helped us reach…", "leading to…").
CAUSE = re.compile(
    r"\b(?:which (?:helped|led|allowed|enabled|let|meant)|helped (?:us |them |the team )?(?:achieve|reach|get|"
    r"hit|deliver|drive)|leading to|led to|resulting in|resulted in|thanks to|as a result|because of|"
    r"which (?:drove|caused|produced)|driving|enabl(?:ed|ing)|so that|that (?:drove|led to|helped))\b",
    re.I,
)
# Words that make a hope into a plan or a forecast: "on track to get under $50" from "I'd love to get under $50".
OVERSTATED = re.compile(
    r"\b(?:on track|will|set to|expects?|expected|projected|forecast|achiev\w*|reached|hit|is getting|are getting)\b",
    re.I,
)
# A draft sentence that keeps the status of a non-achieved figure.
STATUS_WORDS = re.compile(
    r"\b(?:hope|hopes|hoping|aim|aims|goal|target|plan|plans|planning|planned|expect|expects|expected|projected|could|would|might|"
    r"on track|forecast|estimate[sd]?|if)\b",
    re.I,
)


@dataclass(frozen=True)
class Fact:
    """One customer sentence that carries a figure."""

    turn: int
    sentence: str
    figures: frozenset[str]
    status: Status
    caveat: str | None

    @property
    def achieved(self) -> bool:
        """True for figures the customer gave as done (theirs or a cited source's), not hoped or planned."""
        return self.status in ("achieved", "someone_else")


def _status(sentence: str) -> Status:
    if SOMEONE_ELSE.search(sentence) or NAMED_SOURCE.search(sentence):
        return "someone_else"
    if HOPED.search(sentence):
        return "hoped"
    if HYPOTHETICAL.search(sentence):
        return "hypothetical"
    if EXPECTED.search(sentence):
        return "expected"
    return "achieved"


# A step not taken yet, with or without a figure: "Our brokerage division moves over in the spring".
PLANNED = re.compile(rf"\b{V.alternation(V.STORY_PLAN)}\b", re.I)


def sentence_status(sentence: str) -> str:
    """What a customer sentence is, figure or not.

    Achieved, wished, hoped, expected, hypothetical, planned or someone_else.
    """
    if WISH.search(sentence):
        return "wished"
    status = _status(sentence)
    return "planned" if status == "achieved" and PLANNED.search(sentence) else status


def customer_facts(transcript: Transcript) -> list[Fact]:
    """Each customer sentence with a figure, its status, and the customer's caveat.

    The caveat is in the sentence or right after it: "…$1.1 million. I'd want to double-check that one".
    """
    facts: list[Fact] = []
    for turn in transcript.turns:
        if turn.role != "customer":
            continue
        sentences = [s for s in lang.sentences(turn.text) if not is_instruction(s)]
        for i, sentence in enumerate(sentences):
            figures = canonical_figures(sentence)
            if not figures:
                continue
            following = sentences[i + 1] if i + 1 < len(sentences) else ""
            if canonical_figures(following):
                following = ""  # "Roughly $1.1 million…" hedges its own figure, not the one before it
            # The plainest hedge wins: "I'd want to double-check that" says more than "roughly".
            hedges = [m.group(0) for m in CAVEAT.pattern.finditer(f"{sentence} {following}".lower())]
            hedge = next(
                (h for h in hedges if h not in ("roughly", "ballpark")), hedges[0] if hedges else None
            )
            facts.append(
                Fact(
                    turn=turn.index,
                    sentence=sentence,
                    figures=frozenset(figures),
                    status=_status(sentence),
                    caveat=hedge,
                )
            )
    return facts


def cause_problems(sentence: str, facts: list[Fact]) -> list[str]:
    """A draft sentence that joins two of the customer's figures with a cause no customer sentence states.

    "Overtime fell to 180 hours, which helped cut turnover to 5%" is a claim the customer never made
    unless one of their sentences carries both figures.
    """
    if not CAUSE.search(sentence):
        return []
    figures = sorted(f for f in canonical_figures(sentence) if facts_for(f, facts))
    for i, first in enumerate(figures):
        for second in figures[i + 1 :]:
            if not any(first in f.figures and second in f.figures for f in facts):
                return [f"joins {first} and {second} with a cause the customer never stated"]
    return []


def misstatements(sentence: str, facts: list[Fact], call: CallWords | None = None) -> list[str]:
    """Every way a draft sentence misstates the customer's figures, in the writer's own words.

    Quoted spans are left out: a verified quote states a figure exactly as the customer did (a hope
    quoted as a hope is true); what the writer says around it is what can misstate it. With the call's
    words (`call_words`), what the call does not back is named too: outcomes nobody talked about, the
    customer's wish told as done, the customer's story told as the vendor's, a fragment.
    """
    if call is not None and report_key(sentence) in call.reported_keys:
        return []  # a customer sentence reported as it was said claims what its span does, no more
    own = without_quotes(sentence)
    invented = (
        [
            *invented_outcomes(own, call.prefixes),
            *(status_of_source(own, call) or plan_told_as_done(own, call)),
            *vendor_as_customer(own, call.vendor),
            *unsaid_descriptions(own, call),
            *fragment(sentence),
            *role_problems(sentence, list(call.customers), dict(call.roles), call.company),
        ]
        if call is not None
        else []
    )
    if not canonical_figures(own):
        return [*unbacked_results(sentence), *invented]
    return [
        *claim_problems(own, facts),
        *cause_problems(own, facts),
        *direction_problems(own),
        *unbacked_results(sentence),
        *invented,
    ]


# The outcomes a writer reaches for when it has run out of what the customer said.
OUTCOME = re.compile(
    r"\b(?:customer satisfaction|satisfaction|profitab\w*|profits?|bottom line|revenue|productivity|efficiency|"
    r"morale|roi|return on investment|retention|loyalty|competitive\w*|cost savings|growth|operations)\b",
    re.I,
)


def invented_outcomes(own_words: str, said_words: frozenset[str]) -> list[str]:
    """Outcomes the draft names ("customer satisfaction", "profitability") that nobody in the call talked about."""
    unsaid = [
        m.group(0)
        for m in OUTCOME.finditer(own_words)
        if m.group(0).split()[-1].lower()[:6] not in said_words
    ]
    if not unsaid:
        return []
    return [f"names an outcome nobody in the call talked about (“{unsaid[0]}”)"]


# The customer wanted it, not had it: "I wish the mobile view were better".
WISH = lang.Cue(
    r"\b(?:i wish|wish (?:it|they|we|the)|were better|would be nice|not yet|if only|(?:still|doesn'?t|don'?t) "
    r"(?:have|work|do))\b"
)


@dataclass(frozen=True)
class CallWords:
    """What the checks compare a draft with: the call's words, the customer's sentences, the vendor."""

    prefixes: frozenset[str]
    """Every word of the call, cut to six letters ("profitable" and "profitability" are one)."""
    customer_sentences: tuple[tuple[str, frozenset[str], str], ...]
    """Each customer sentence with its word stems and its status (achieved, wished, hoped, …)."""
    vendor: str | None
    company: str | None = None
    """The customer's company, where the call names it (a title may stand beside it: "Brightline's")."""
    customers: tuple[str, ...] = ()
    roles: Mapping[str, StatedRole] = field(default_factory=dict)
    """Each customer's role as they stated it; a draft may give them that role and no other."""
    reported_keys: frozenset[str] = frozenset()
    """Each customer sentence as `report_key` reads it: a draft sentence that is one of them, reported in
    the third person, claims exactly what the customer said."""
    done_pairs: frozenset[tuple[str, str]] = frozenset()
    """Adjacent content-word pairs of the sentences telling what was done (or someone else's)."""
    pending_pairs: tuple[tuple[str, str, frozenset[tuple[str, str]]], ...] = ()
    """Each sentence the customer only planned, hoped or wished, its status and its content-word pairs."""


def call_words(transcript: Transcript, vendor: str | None = None, company: str | None = None) -> CallWords:
    """The call as the claim checks read it."""
    sentences = []
    for turn in transcript.turns:
        if turn.role != "customer":
            continue
        for sentence in lang.sentences(turn.text):
            status = sentence_status(sentence)
            sentences.append((sentence, frozenset(_stem(w) for w in lang.content_words(sentence)), status))
    return CallWords(
        prefixes=frozenset(w[:6] for turn in transcript.turns for w in _WORDS.findall(turn.text.lower())),
        customer_sentences=tuple(sentences),
        vendor=vendor,
        company=company,
        customers=tuple(transcript.customers),
        roles=stated_roles(transcript),
        reported_keys=frozenset(report_key(s) for s, _, _ in sentences),
        # Read once per call, not once per draft sentence (`plan_told_as_done`).
        done_pairs=frozenset(
            p
            for s, _, status in sentences
            if status in ("achieved", "someone_else")
            for p in _content_pairs(s)
        ),
        pending_pairs=tuple(
            (s, status, frozenset(_content_pairs(s)))
            for s, _, status in sentences
            if status not in ("achieved", "someone_else")
        ),
    )


# How code reports a customer sentence (`story.reported`): a lead naming whose it is, the first person
# plural made third, a spoken opener dropped. Nothing else changes, so a sentence that is a customer's
# once these are undone is theirs.
_REPORT_LEAD = re.compile(
    r"^(?:at [^,]{1,60},|as [^,]{1,60} tells it,|according to [^,]{1,60},|[\w .'’-]{1,40} says)\s+", re.I
)
_SPOKEN_OPENER = re.compile(r"^(?:(?:honestly|basically|so|well|yeah|oh|and)\b,?\s+)+", re.I)
# "we" and "they" read the same (and so on for each form), so the customer's and the report's agree.
_PERSON = {
    **dict.fromkeys(("we", "they"), "1"),
    **dict.fromkeys(("our", "their"), "2"),
    **dict.fromkeys(("us", "them"), "3"),
    **dict.fromkeys(("ours", "theirs"), "4"),
    **dict.fromkeys(("ourselves", "themselves"), "5"),
    **dict.fromkeys(("we're", "they're"), "6"),
    **dict.fromkeys(("we've", "they've"), "7"),
    **dict.fromkeys(("we'd", "they'd"), "8"),
    **dict.fromkeys(("we'll", "they'll"), "9"),
}


def report_key(sentence: str) -> str:
    """A sentence's words with its report's changes undone: no lead, no opener, one word for we/they."""
    text = _SPOKEN_OPENER.sub("", _REPORT_LEAD.sub("", sentence.strip()))
    words = re.findall(r"[a-z0-9'%$]+", text.lower().replace("’", "'"))
    return " ".join(_PERSON.get(w, w) for w in words)


SOURCE_SHARED = 4  # content words a draft sentence shares with a customer sentence to be told from it
SOURCE_SHARE = 0.4


def status_of_source(own_words: str, call: CallWords) -> list[str]:
    """A sentence told from a customer sentence that was a wish, a hope or a plan, told as done.

    "The company implemented a mobile view for disputes" from "I wish the mobile view of the disputes inbox
    were better": the writer's sentence is tied to the customer sentence it takes its words from, and
    keeps that sentence's status or says it.
    """
    words = {_stem(w) for w in lang.content_words(own_words)}
    if len(words) < SOURCE_SHARED or not call.customer_sentences:
        return []
    source, stems, status = max(call.customer_sentences, key=lambda s: len(words & s[1]))
    shared = words & stems
    if (
        status in ("achieved", "someone_else")
        or len(shared) < SOURCE_SHARED
        or len(shared) / len(words) < SOURCE_SHARE
    ):
        return []
    if STATUS_WORDS.search(own_words) or WISH.search(own_words):
        return []
    return [
        f"tells as done what the customer {status if status != 'wished' else 'wished for'} (“{source[:100]}”)"
    ]


def _content_pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent content words of `text`, stemmed: "add text reminders" gives (add, text) and (text, remi)."""
    kept = lang.content_words(text)
    seq = [_stem(w) for w in re.findall(r"[a-z][a-z'’-]{2,}", text.lower()) if w in kept]
    return set(itertools.pairwise(seq))


def plan_told_as_done(own_words: str, call: CallWords) -> list[str]:
    """A thing the customer only planned or hoped for, named in their words and told as done.

    "Northwind Dental has added text reminders" from "We plan to add text reminders next quarter": the
    pair of words "text reminders" comes from a plan and from no sentence of what was done. A sentence
    with a figure is left to the figure checks, which know the figure's status.
    """
    if STATUS_WORDS.search(own_words) or WISH.search(own_words) or canonical_figures(own_words):
        return []
    pairs = _content_pairs(own_words)
    if not pairs:
        return []
    for source, status, source_pairs in call.pending_pairs:
        if (pairs & source_pairs) - call.done_pairs:
            return [f"tells as done what the customer {status} (“{source[:100]}”)"]
    return []


# How a writer sizes up the customer's problem or result: "high detention charges", "slow dispute resolution".
_DESCRIBED = re.compile(
    r"\b(high|higher|low|lower|slow|slower|long|longer|poor|rising|growing|excessive|costly|expensive|"
    r"inaccurate|frequent|constant|massive|huge|significant|major|dramatic)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)",
    re.I,
)


def unsaid_descriptions(own_words: str, call: CallWords) -> list[str]:
    """A size or a speed the writer gives the customer's problem that the customer never gave it.

    "High detention charges" when the customer found detention charges never billed: the customer said
    something about detention charges, never that they were high.
    """
    for m in _DESCRIBED.finditer(own_words):
        adjective = _stem(m.group(1).lower())
        nouns = {_stem(w) for w in lang.content_words(m.group(2))}
        if not nouns:
            continue
        if not any(adjective in stems and nouns & stems for _, stems, _ in call.customer_sentences):
            return [f"calls it “{m.group(0)}”, which the customer never said"]
    return []


def vendor_as_customer(own_words: str, vendor: str | None) -> list[str]:
    """The customer's story told as the vendor's: "Tallyhand, a regional freight company, struggled …"."""
    if not vendor:
        return []
    pattern = (
        rf"\b{re.escape(vendor)}\b(?:'s)?(?:,? (?:\w+ ){{0,3}})?(?:struggl\w*|faced|suffer\w*|was (?:losing|drowning|stuck|"
        r"flying)|, an? (?:\w+ ){0,3}(?:company|firm|business|carrier))"
    )
    if not re.search(pattern, own_words, re.I):
        return []
    return [f"tells the customer's story as {vendor}'s (the vendor's)"]


_TERMINAL = re.compile(r"[.!?…:”\"')\]_]\s*$")


# A line that stops on one of these stopped mid-thought ("… significantly cut", "… dispute resolution and").
_DANGLING = frozenset(
    [
        "and",
        "or",
        "but",
        "the",
        "a",
        "an",
        "of",
        "to",
        "that",
        "with",
        "which",
        "by",
        "for",
        "in",
        "significantly",
        "cut",
    ]
)


def fragment(sentence: str) -> list[str]:
    """What a model left when it stopped: "This is", "… significantly cut", "focused on organic search."."""
    text = sentence.strip()
    if not text or text[0] in '#>-_*|“"':
        return []
    words = text.split()
    ended = bool(_TERMINAL.search(text))
    if text[0].islower() or (not ended and (len(words) < 4 or words[-1].lower() in _DANGLING)):
        return ["a fragment, not a sentence"]
    return []


_AMOUNT = r"([$€£]?\d[\d,]*(?:\.\d+)?)"
_FROM_TO = re.compile(
    rf"\bfrom (?:about |around |roughly )?{_AMOUNT}\D{{0,20}}? to (?:about |around |under |just )?{_AMOUNT}",
    re.I,
)
_RISE = re.compile(r"\b(?:increas\w*|rose|risen|grew|grown|climb\w*|jump\w*|boost\w*|up)\b", re.I)
_FALL = re.compile(
    r"\b(?:decreas\w*|reduc\w*|fell|fallen|dropp\w*|drop|cut|lower\w*|down|shrank|slash\w*)\b", re.I
)


def direction_problems(sentence: str) -> list[str]:
    """A change told the wrong way round: "increased from 52 to 41"."""
    problems = []
    for m in _FROM_TO.finditer(sentence):
        try:
            start, end = (float(re.sub(r"[^\d.]", "", g)) for g in m.groups())
        except ValueError:
            continue
        before = sentence[: m.start()]
        if end < start and _RISE.search(before) and not _FALL.search(before):
            problems.append(f"says a rise from {m.group(1)} to {m.group(2)}: that is a fall")
        elif end > start and _FALL.search(before) and not _RISE.search(before):
            problems.append(f"says a fall from {m.group(1)} to {m.group(2)}: that is a rise")
    return problems


def held_figures(facts: list[Fact]) -> set[str]:
    """Figures every mention of which the customer hedged: kept out of the drafts until confirmed."""
    hedged = {fig for f in facts if f.caveat for fig in f.figures}
    return {fig for fig in hedged if all(f.caveat for f in facts_for(fig, facts))}


def facts_for(figure: str, facts: list[Fact]) -> list[Fact]:
    """The facts that carry `figure`, also when a draft drops its sign ("180,000" for "$180,000")."""
    if figure != bare_figure(figure):  # a sign of its own: "23%" is not the customer's "23 days"
        return [f for f in facts if figure in f.figures]
    return [f for f in facts if figure in {bare_figure(x) for x in f.figures}]


def claim_problems(sentence: str, facts: list[Fact]) -> list[str]:
    """Why a draft sentence misstates the customer's figures.

    A caveated figure printed before the customer confirmed it, or a hope, plan or hypothetical stated as
    a result.
    """
    problems = []
    for figure in canonical_figures(sentence):
        sources = facts_for(figure, facts)
        if not sources:
            continue  # not the customer's figure (the numbers gate judges that)
        if all(f.caveat for f in sources):
            problems.append(
                f"the figure {figure} waits for the customer to confirm it (“{sources[0].caveat}”)"
            )
        elif not any(f.achieved for f in sources) and not STATUS_WORDS.search(sentence):
            problems.append(f"the figure {figure} is {sources[0].status}, not a result the customer reported")
        elif all(f.status == "hoped" for f in sources) and (overstated := OVERSTATED.search(sentence)):
            problems.append(
                f"the figure {figure} is only hoped for (“{sources[0].sentence}”); “{overstated.group(0)}” says more"
            )
        elif all(f.status == "someone_else" for f in sources) and not ATTRIBUTION.search(sentence):
            problems.append(
                f"the figure {figure} is someone else's (“{sources[0].sentence}”), not the customer's"
            )
        elif CHANGE_CLAIM.search(sentence) and not any(CHANGE.search(f.sentence) for f in sources):
            problems.append(
                f"the customer did not give {figure} as a change (“{sources[0].sentence}”): it is a level, a share "
                "or an amount, not a rise, a cut or a saving"
            )
        elif CHANGE_CLAIM.search(sentence) and (unsaid := words_not_said(sentence, figure, sources)):
            problems.append(
                f"the customer's {figure} is not about “{' '.join(unsaid)}” (“{sources[0].sentence}”): say what "
                "it measures in their words"
            )
    return problems


# Words a writer puts around any figure without changing what it measures.
_FRAME_WORDS = frozenset(
    [
        "company",
        "company's",
        "team",
        "team's",
        "their",
        "now",
        "since",
        "after",
        "before",
        "about",
        "around",
        "nearly",
        "almost",
        "over",
        "just",
        "percent",
        "per",
        "cent",
        "figure",
        "number",
        "total",
        "overall",
        "average",
        # How a draft says whose telling it is ("Omar says …", "According to Omar, …", "As Omar tells it").
        "says",
        "according",
        "tells",
        "told",
        "as",
        "it",
    ]
)
_CLAUSE_OF_DRAFT = re.compile(r",\s+|;\s+|\s+(?:and|while|but|which|with)\s+")


def words_not_said(sentence: str, figure: str, sources: list[Fact]) -> list[str]:
    """The words a draft's change puts on a figure that none of its source sentences says.

    "Dispute resolution time decreased by 40%" from "Disputes are down about 40 percent" puts the figure on
    something else; the customer's subject, said in the customer's words (or names), is what may carry it.
    """
    clause = next((c for c in _CLAUSE_OF_DRAFT.split(sentence) if figure in canonical_figures(c)), sentence)
    said = {_stem(w) for f in sources for w in _WORDS.findall(f.sentence.lower())}
    names = {w.lower() for w in re.findall(r"\b[A-Z][\w-]+", clause)}  # the people and companies it names
    # What the figure measures: the few words between it and the figure before it, and its unit after
    # ("dispute resolution time decreased by 40%", "14 people").
    spans = [m.span() for m in _FIGURE_TOKEN.finditer(clause)]
    here = next((i for i, (a, b) in enumerate(spans) if figure in canonical_figures(clause[a:b])), 0)
    begin = spans[here - 1][1] if here else 0
    at, end = spans[here] if spans else (0, 0)
    before = [w for w in _WORDS.findall(clause[begin:at].lower()) if _is_subject_word(w, names)][-3:]
    after = [w for w in _WORDS.findall(clause[end:].lower()) if _is_subject_word(w, names)][:1]
    return [w for w in before + after if _stem(w) not in said]


def _stem(word: str) -> str:
    return word.rstrip("s")[:4]  # "disputes"/"dispute", "billed"/"billing", "sends"/"send"


_WORDS = re.compile(r"[a-z][a-z-]{2,}")
_FIGURE_TOKEN = re.compile(r"[$€£]?\d[\d,.]*\s?(?:%|percent\b)?")


def _is_subject_word(word: str, names: set[str]) -> bool:
    return (
        word in lang.content_words(word)
        and word not in _FRAME_WORDS
        and word not in names
        and not CHANGE_CLAIM.search(word)
        and not CHANGE.search(word)
        and not STATUS_WORDS.search(word)
    )


# ---------------------------------------------------------------- facts as the drafts print them

# Where a customer sentence joins two statements: the figure's clause ends at the next one.
_CLAUSE_BREAK = re.compile(
    r",\s+(?:because|so|and|but|which|while|though|although)\b|;\s+|\s+[—–-]{1,2}\s+|:\s+", re.I
)
_LEADING_JOINER = re.compile(r"^(?:and|so|but|then|also|now|plus)\b,?\s+", re.I)
# A figure that stands for where the customer is now, not only what it was: "these days", "last month".
NOW = lang.Cue(r"\b(?:now|these days|today|this (?:year|quarter|month)|last (?:month|quarter|close))\b")


def fact_clause(fact: Fact) -> str:
    """The clause of the customer's sentence that carries the figure, verbatim.

    "Disputes are down about 40 percent, because the invoice …" → "Disputes are down about 40 percent":
    the figure with what it measures, in the customer's words, so printing it in quotation marks is true
    by construction (the quote gate checks it like any other quote).
    """
    pieces, start = [], 0
    for m in _CLAUSE_BREAK.finditer(fact.sentence):
        pieces.append(fact.sentence[start : m.start()])
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(",;:—–- ")))
    pieces.append(fact.sentence[start:])
    with_figure = [p for p in pieces if canonical_figures(p) & fact.figures] or [fact.sentence]
    clause = " ".join(with_figure[0].split()).strip(" ,;:")
    while (lead := _LEADING_JOINER.match(clause)) and len(clause) > lead.end():
        clause = clause[lead.end() :]
    return clause.rstrip(".!?")


def results_of(transcript: Transcript, facts: Sequence[Fact] | None = None) -> list[Fact]:
    """The customer's printable results in the call: the headline and its check both start from them."""
    facts = list(facts) if facts is not None else customer_facts(transcript)
    return result_facts(facts, held_figures(facts))


def facts_as_json(facts: Sequence[Fact]) -> list[dict[str, Any]]:
    """The facts as the graph's state carries them (JSON: they are checkpointed)."""
    return [
        {
            "turn": f.turn,
            "sentence": f.sentence,
            "figures": sorted(f.figures),
            "status": f.status,
            "caveat": f.caveat,
        }
        for f in facts
    ]


def facts_from_json(rows: Sequence[dict[str, Any]]) -> list[Fact]:
    """The facts back from the graph's state."""
    return [
        Fact(
            turn=int(r["turn"]),
            sentence=str(r["sentence"]),
            figures=frozenset(r["figures"]),
            status=r["status"],
            caveat=r["caveat"],
        )
        for r in rows
    ]


_YEAR = re.compile(r"(?:19|20)\d\d")


def result_facts(facts: list[Fact], held: set[str]) -> list[Fact]:
    """The customer's achieved results a draft can print: changes and where they stand now, not yet held back."""
    return [
        f
        for f in facts
        if f.status == "achieved"
        and not f.caveat
        and not f.figures & held
        # A date is not a measure: "saved over that invoice … in January 2013" is a moment, not a result.
        and not all(_YEAR.fullmatch(x) for x in f.figures)
        # In the figure's own clause: "Last year a failure stopped the line for 31 hours; this year …" is a before.
        and (CHANGE.search(fact_clause(f)) or NOW.search(fact_clause(f)))
    ]


# A result stated in the writer's own words: "which reduced disputes", "improves customer satisfaction".
RESULT_VERB = re.compile(
    r"\b(?:reduc(?:ed|es|ing)|lower(?:ed|s|ing)|decreas(?:ed|es|ing)|increas(?:ed|es|ing)|improv(?:ed|es|ing)|"
    r"boost(?:ed|s|ing)|sav(?:ed|es)|eliminat(?:ed|es|ing)|slash(?:ed|es|ing)|higher than|better than|than ever|"
    r"more (?:efficient|productive|accurate|profitable)|(?:huge|big|real) difference|game[- ]changer|cut (?:its|their|the|down)|grew|grows|doubl(?:ed|es)|"
    r"halv(?:ed|es)|tripl(?:ed|es)|(?:an?|significant|big|huge|dramatic|real|major) (?:increase|reduction|"
    r"improvement|decrease|drop|rise|boost|growth)|transform(?:ed|s)|(?:has|have) led to|led to|leads to|result(?:ed|s) in|"
    r"helped (?:\w+ )?(?:reduce|cut|increase|improve|save|grow|boost|lower)|affect(?:ed|s|ing)|impact(?:ed|s|ing)|"
    # Helping someone choose or set something up is an act, not an effect ("the front desk helped choose").
    r"hurt(?:s|ing)?|help(?:ed|s|ing)?(?! (?:\w+ )?(?:to )?(?:choose|chose|pick|decide|select|set up|design|plan|test|"
    r"train|write))|allow(?:ed|s|ing)|enabl(?:ed|es|ing)|transform(?:ing)|empower\w*|"
    r"leading to|resulting in|caus(?:ed|es|ing))\b",
    re.I,
)


def unbacked_results(sentence: str) -> list[str]:
    """A result in the writer's words that no figure, fact or quote of the customer's carries.

    "A streamlined process which reduced disputes and detention charges": true for one, false for the
    other, and nothing in the sentence lets code tell. A result is stated with a fact id or a quote id,
    which code renders in the customer's words, or not at all.
    """
    if quoted_spans(sentence):
        return []
    # A figure backs its own clause, not the ones beside it: "reducing disputes by 40 percent and
    # eliminating detention charges".
    bare = [c for c in _CLAUSE_OF_DRAFT.split(sentence) if not canonical_figures(c)]
    verb = next((m for c in bare if (m := RESULT_VERB.search(c))), None)
    if not verb:
        return []
    return [
        f"states a result or an effect (“{verb.group(0)}”) in the writer's own words with no fact or quote of the customer's "
        "behind it: cite a fact id or a quote id, or leave the result out"
    ]
