"""The role a customer gives themselves, in their words, and draft sentences that give them another.

"I run finance operations", "I'm the practice manager at Northwind Dental": a case study names the
customer with the role they gave. A writer that calls Priya "Brightline's CFO" (in the call, the CFO is
her boss) gives her a role she never claimed, and that sentence is cut like an invented figure. The
title words are a table in `vocabulary`; this module only reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callcontent import vocabulary as V
from callcontent.figures import without_quotes
from callcontent.language import sentences
from callcontent.transcript import Transcript

_TITLE = V.alternation(V.JOB_TITLES)
# "I'm the practice manager", "I am a senior engineer", "I'm head of operations", "my role is CFO".
_AS_TITLE = re.compile(
    rf"\b(?:i'm|i am|i work as|my (?:role|title|job) is|i've been)\s+(?P<role>(?:(?:the|a|an|our)\s+)?"
    rf"(?:[\w&-]+\s+){{0,3}}?{_TITLE}s?\b(?:\s+of\s+(?:[\w&-]+\s+){{0,2}}?[\w&-]+)?)"
    r"(?=\s+(?:at|for|with|in|here|there|and|since|so|but)\b|\s*[,.;:!?]|\s*$)",
    re.I,
)
# "I run finance operations", "I lead the data team", "I look after scheduling".
_AS_DUTY = re.compile(
    rf"\bi\s+(?P<verb>{V.alternation(tuple(V.DUTY_VERBS))})\s+(?P<what>(?:the\s+|our\s+|a\s+)?"
    r"[\w&-]+(?:\s+[\w&-]+){0,3})",
    re.I,
)
# Where what a person runs stops: "finance operations, so billing" and "the data team at Acme".
_DUTY_END = re.compile(r"\s+(?:so|and|but|at|for|with|in|because|here|there|now|which|who)\b.*$", re.I)
_NOT_A_DUTY = frozenset(
    (
        "it",
        "that",
        "this",
        "them",
        "those",
        "these",
        "into",
        "out",
        "over",
        "through",
        "across",
        "up",
        "around",
    )
)
_NOT_A_ROLE = re.compile(r"\b(?:not|no|never|former|ex|used to)\b", re.I)
_TITLE_WORD = re.compile(rf"\b{_TITLE}s?\b", re.I)


@dataclass(frozen=True)
class StatedRole:
    """What a customer said they do, and where: "I run finance operations" in turn 1."""

    speaker: str
    said: str
    """The role in the speaker's words: "the practice manager", "run finance operations"."""
    told: str
    """The same in the third person: "the practice manager", "runs finance operations"."""
    turn: int
    sentence: str

    def as_json(self) -> dict[str, object]:
        """As result.json's story carries it."""
        return {"speaker": self.speaker, "said": self.said, "told": self.told, "turn": self.turn}


def _role_in(sentence: str) -> tuple[str, str] | None:
    """The role a first-person sentence states, as said and as told, or None."""
    if m := _AS_TITLE.search(sentence):
        role = " ".join(m["role"].split())
        if not _NOT_A_ROLE.search(role):
            told = re.sub(r"^our\s+", "the ", role, flags=re.I)
            return role, told
    if m := _AS_DUTY.search(sentence):
        what = _DUTY_END.sub("", " ".join(m["what"].split())).rstrip(",.;:")
        # "I run it daily", "I run into that": a verb, not a job.
        if what and what.split()[0].lower() not in _NOT_A_DUTY:
            verb = V.DUTY_VERBS[" ".join(m["verb"].lower().split())]
            told = re.sub(r"^our\s+", "the ", what, flags=re.I)
            return f"{m['verb']} {what}", f"{verb} {told}"
    return None


def stated_roles(transcript: Transcript) -> dict[str, StatedRole]:
    """Each customer's role, from the first sentence in which they state one (none for one who never does)."""
    roles: dict[str, StatedRole] = {}
    for turn in transcript.turns:
        if turn.role != "customer" or turn.speaker in roles:
            continue
        for sentence in sentences(turn.text):
            if found := _role_in(sentence):
                roles[turn.speaker] = StatedRole(turn.speaker, found[0], found[1], turn.index, sentence)
                break
    return roles


def _names(person: str) -> list[str]:
    """How a draft may name a person: whole, or by first name."""
    first = person.split()[0]
    return [person] + ([first] if first != person and len(first) >= 3 else [])


def _phrase_after(name: str) -> re.Pattern[str]:
    # "Priya Nair, Brightline's CFO", "Dana, who is the clinical director", "Priya is head of finance".
    return re.compile(
        rf"\b{re.escape(name)}(?:,\s+(?:who\s+is\s+|who's\s+)?|\s+(?:is|was)\s+)"
        rf"(?P<phrase>(?:[\w'’&-]+\s+){{0,4}}?{_TITLE}s?)\b",
        re.I,
    )


def _phrase_before(name: str) -> re.Pattern[str]:
    # "Brightline's CFO Priya Nair", "clinical director Dana Whitfield".
    return re.compile(rf"\b(?P<phrase>{_TITLE}s?),?\s+{re.escape(name)}\b", re.I)


def _words(text: str) -> set[str]:
    """Words compared between a title and a stated role: lower case, no possessive, singular."""
    words = re.findall(r"[\w&-]+", re.sub(r"['’]s\b", "", text).lower())
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


# Words that may stand around a title without changing the role: "Brightline's CFO", "the head of".
_AROUND = frozenset({"the", "a", "an", "its", "their", "her", "his", "who", "is", "was", "of", "at"})


def role_problems(
    sentence: str, customers: list[str], roles: dict[str, StatedRole], company: str | None = None
) -> list[str]:
    """A role the draft gives a customer that is not the one they gave (or gave none).

    Only a title set beside the name counts ("Priya Nair, Brightline's CFO", "CFO Priya Nair"), not a
    title elsewhere in the sentence ("Priya showed her CFO the numbers"). The title's words must be words
    of the role the customer stated; the company's name and articles may stand around them.
    """
    own = without_quotes(sentence)
    around = _AROUND | _words(company or "")
    problems: list[str] = []
    for person in customers:
        stated = roles.get(person)
        said = _words(stated.said) if stated else set()
        first = person.split()[0]
        for name in _names(person):
            for pattern in (_phrase_after(name), _phrase_before(name)):
                for m in pattern.finditer(own):
                    if _words(m["phrase"]) - said - around:
                        problems.append(
                            f"calls {person} “{m['phrase']}”: "
                            + (
                                f"not the role {first} gave (“{stated.said}”)"
                                if stated
                                else f"the call gives {first} no role"
                            )
                        )
    return list(dict.fromkeys(problems))
