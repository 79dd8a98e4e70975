"""The customer's figures as claims: what the figure is, what status it has, and whether they hedged it.

Every number in a draft is already checked to exist in the transcript; that is not enough. "We found
$180,000 of detention we had never billed" is not "a $180,000 reduction", "I'd love to get to two days"
is not a result, and "roughly $1.1 million, I'd want to double-check that" is not for print. Each
customer sentence with a figure becomes a fact with its status; code holds caveated figures out of the
drafts and sends back a draft sentence that presents a hope, a plan or a hypothetical as a result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from callcontent import language as lang
from callcontent.injection import is_instruction
from callcontent.transcript import Transcript
from callcontent.verify import bare_figure, canonical_figures, without_quotes

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
# A draft sentence that keeps the status of a non-achieved figure.
STATUS_WORDS = re.compile(
    r"\b(?:hope|hopes|hoping|aim|aims|goal|target|plan|plans|expect|expects|expected|projected|could|would|might|"
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


def misstatements(sentence: str, facts: list[Fact]) -> list[str]:
    """Every way a draft sentence misstates the customer's figures, in the writer's own words.

    Quoted spans are left out: a verified quote states a figure exactly as the customer did (a hope
    quoted as a hope is true); what the writer says around it is what can misstate it.
    """
    own = without_quotes(sentence)
    if not canonical_figures(own):
        return []
    return [*claim_problems(own, facts), *cause_problems(own, facts)]


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
        elif all(f.status == "someone_else" for f in sources) and not ATTRIBUTION.search(sentence):
            problems.append(
                f"the figure {figure} is someone else's (“{sources[0].sentence}”), not the customer's"
            )
        elif CHANGE_CLAIM.search(sentence) and not any(CHANGE.search(f.sentence) for f in sources):
            problems.append(
                f"the customer did not give {figure} as a change (“{sources[0].sentence}”): it is a level, a share "
                "or an amount, not a rise, a cut or a saving"
            )
    return problems
