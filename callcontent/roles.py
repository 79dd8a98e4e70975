"""Who is the interviewer and who is the customer, inferred with no configuration.

Evidence, in order of weight: the speaker label ("Interviewer 1", "Guest"), how much of what they
say is questions, whether they open the call, and how much they talk (the customer talks most).
"""

from __future__ import annotations

import re
from collections import defaultdict

from callcontent.language import questions_in
from callcontent.transcript import Role, Speaker, Transcript

# Role words that put a person on the interviewer's side of the call.
_INTERVIEWER_LABEL = re.compile(
    r"^(?:interviewer|co-?host|host|moderator|facilitator|researcher|q|me|pm|product manager|consultant|"
    r"agency|coach|csm|customer success|marketer|marketing|content lead|writer)\b",
    re.I,
)
_CUSTOMER_LABEL = re.compile(r"^(?:interviewee|customer|guest|participant|respondent|client|a|p\d+)\b", re.I)
_OTHER_LABEL = re.compile(
    r"^(?:(?:unknown|unidentified|narrator|announcer|break|music|ad)\b|\(unlabelled\))", re.I
)


def assign_roles(transcript: Transcript, interviewers: list[str]) -> None:
    """Set `role` on every turn and fill `transcript.speakers`. Raises ValueError for an unknown name."""
    words: dict[str, int] = defaultdict(int)
    turns: dict[str, int] = defaultdict(int)
    question_turns: dict[str, int] = defaultdict(int)
    for turn in transcript.turns:
        words[turn.speaker] += turn.words
        turns[turn.speaker] += 1
        if questions_in(turn.text):
            question_turns[turn.speaker] += 1
    names = list(dict.fromkeys(t.speaker for t in transcript.turns))
    total = max(1, sum(words.values()))
    opener = transcript.turns[0].speaker

    roles: dict[str, Role] = {}
    confidence: dict[str, float] = {}
    reasons: dict[str, str] = {}

    if interviewers:
        lookup = {n.casefold(): n for n in names}
        for wanted in interviewers:
            if wanted.casefold() not in lookup:
                raise ValueError(
                    f"--interviewer {wanted!r} is not a speaker here; speakers: {', '.join(names)}"
                )
            name = lookup[wanted.casefold()]
            roles[name], confidence[name], reasons[name] = "interviewer", 1.0, "set with --interviewer"
    else:
        scores = {}
        all_question_turns = max(1, sum(question_turns.values()))
        for name in names:
            q_rate = question_turns[name] / max(1, turns[name])
            # Share of all the asking weighs most: a diarisation stray with two questions asks at a 100%
            # rate but holds little of the interview's asking.
            q_share = question_turns[name] / all_question_turns
            score = 2.0 * q_share + q_rate - 1.5 * words[name] / total + (0.3 if name == opener else 0.0)
            # Labels weigh less than behaviour: exports with swapped labels exist, and whoever asks
            # nearly all the questions is the interviewer whatever the label says.
            if _INTERVIEWER_LABEL.match(name):
                score += 1.5
            if _CUSTOMER_LABEL.match(name):
                score -= 1.5
            if _OTHER_LABEL.match(name) or turns[name] < 2:
                score -= 2.0
            scores[name] = score
        ranked = sorted(names, key=lambda n: scores[n], reverse=True)
        best = ranked[0]
        margin = scores[best] - (scores[ranked[1]] if len(ranked) > 1 else -3.0)
        roles[best] = "interviewer"
        confidence[best] = round(min(0.99, 0.5 + margin / 2), 2)
        label = "label and questions" if _INTERVIEWER_LABEL.match(best) else "asks the most questions"
        reasons[best] = f"{label}; {question_turns[best]}/{turns[best]} turns with a question"
        # A second interviewer (a note-taker who asks too) is labelled so, or asks in most turns and talks little.
        top_talker = max(ranked[1:], key=lambda n: words[n], default=None)
        for name in ranked[1:]:
            q_rate = question_turns[name] / max(1, turns[name])
            # A role label makes a second interviewer unless that person does most of the talking (a
            # swapped label: the real interviewer was found by behaviour above).
            if (_INTERVIEWER_LABEL.match(name) and name != top_talker) or (
                q_rate >= 0.6
                and turns[name] >= 3
                and words[name] / total < 0.1
                and not _CUSTOMER_LABEL.match(name)
            ):
                roles[name], confidence[name] = "interviewer", 0.6
                reasons[name] = f"also asks: {question_turns[name]}/{turns[name]} turns with a question"

    rest = [n for n in names if n not in roles]
    if not rest:
        raise ValueError("every speaker is an interviewer; there is no customer to analyse")
    top_words = max(words[n] for n in rest)
    for name in rest:
        if _OTHER_LABEL.match(name) and len(rest) > 1:
            roles[name], confidence[name], reasons[name] = "other", 0.8, "label"
        elif words[name] >= 0.4 * top_words or _CUSTOMER_LABEL.match(name):
            roles[name] = "customer"
            share = words[name] / total
            confidence[name] = round(min(0.99, 0.5 + share), 2)
            reasons[name] = "label" if _CUSTOMER_LABEL.match(name) else f"answers; {share:.0%} of words"
        else:
            roles[name], confidence[name] = "other", 0.6
            reasons[name] = f"speaks little ({words[name]} words) and is not the main interviewer"
    if not any(roles[n] == "customer" for n in rest):
        roles[rest[0]] = "customer"

    for turn in transcript.turns:
        turn.role = roles[turn.speaker]
    transcript.speakers = [
        Speaker(
            name=n,
            role=roles[n],
            role_confidence=confidence[n],
            role_reason=reasons[n],
            words=words[n],
            word_share=round(words[n] / total, 4),
            turns=turns[n],
        )
        for n in names
    ]
