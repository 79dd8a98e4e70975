"""What kind of call this is, from how the people in it talk about it.

The call type decides which mistakes apply: permission to publish matters only for content made from
the call (a customer story), and a podcast's cold open is not a monologue in the same way.
"""

from __future__ import annotations

import re

from callcontent.critique.model import CallType
from callcontent.transcript import Transcript

# Words that only people running that kind of call use; counted over the interviewer side's turns
# and the first few turns of the call, where people say what the call is for.
_SIGNALS: dict[CallType, re.Pattern[str]] = {
    "podcast": re.compile(
        r"\b(?:podcast|episode|on the show|this show|the show|listeners|our audience|welcome (?:back )?to|"
        r"tune in|subscribe|guest today|my guest|our guest|joining (?:me|us) today)\b",
        re.I,
    ),
    "research": re.compile(
        r"\b(?:study|studies|research(?:er|ers)?|participant|participants|consent (?:form|document)|"
        r"anonymi[sz]ed?|anonymous|our paper|the survey|protocol|think[- ]aloud|questionnaire|"
        r"quality issues?|for (?:a|our|the) (?:study|research))\b",
        re.I,
    ),
    "customer_story": re.compile(
        r"\b(?:case study|customer story|testimonial|write (?:this|it|your story) up|write-?up|blog post|"
        r"publish|approval|draft|our customers?|using (?:our|the) (?:product|platform|tool)|"
        r"since you (?:started|switched|moved)|before you (?:found|used|switched)|results? you (?:saw|got))\b",
        re.I,
    ),
    "discovery": re.compile(
        r"\b(?:pain points?|how do you (?:currently|today)|what tools do you|would you (?:pay|use|buy)|"
        r"budget|workaround|walk me through your (?:current|typical)|what's hardest|jobs? to be done|"
        r"prototype|mock-?up|wireframe)\b",
        re.I,
    ),
}
_OPENING_TURNS = 6


def infer_call_type(transcript: Transcript) -> tuple[CallType, str]:
    """The most signalled call type and why; a customer story when nothing points elsewhere."""
    interviewer_side = set(transcript.interviewers)
    text = " ".join(
        t.text for t in transcript.turns if t.speaker in interviewer_side or t.index < _OPENING_TURNS
    )
    counts = {kind: len(pattern.findall(text)) for kind, pattern in _SIGNALS.items()}
    kind, hits = max(counts.items(), key=lambda item: item[1])
    if hits < 2 or (kind != "customer_story" and hits <= counts["customer_story"]):
        return "customer_story", "default: nothing marks it as a podcast, research or discovery call"
    words = sorted({m.lower() for m in _SIGNALS[kind].findall(text)})[:4]
    return kind, f"{hits} signals such as {', '.join(repr(w) for w in words)}"
