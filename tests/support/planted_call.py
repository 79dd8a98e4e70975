"""A customer-story call with four planted mistakes, for `watch` (tests and bench/bench_watch.py).

Planted, in order: a monologue of about 70 seconds (160 words at espeak's 130 a minute), a closed
question answered with one word and walked past, a vague "a lot" left unpressed, and a sign-off with no
permission line. Everything else is done well: consent asked first, open questions, a feelings question.
"""

from __future__ import annotations

from pathlib import Path

MONOLOGUE = (
    "Great, thanks. Before we go on, let me tell you a bit about why we do these stories and how we think "
    "about them, because I think the context helps. Our team has been running customer interviews for about "
    "three years now, and we have learned that the best stories come from the details, the small moments "
    "where something changed for a team. We usually publish them on our website and share them with our "
    "sales team, and sometimes we turn them into short videos or posts for social media. We also use them "
    "internally, so our product people can hear directly from the customers who use what they build every "
    "day. I always find it interesting how different teams describe the same problem in completely different "
    "words, and how the same tool can mean something different to a finance team than to an operations team. "
    "Anyway, that is the background, and I am really glad you made the time for this today. "
    "So what was the biggest change for your team?"
)

# (speaker, text, pause before in seconds)
PLANTED: list[tuple[str, str, float]] = [
    ("Jordan", "Thanks for joining today. Is it alright if I record this call?", 0.0),
    ("Priya", "Yes, that is fine, go ahead and record it.", 0.8),
    ("Jordan", "Tell me about your team and what month end looked like before the change.", 1.2),
    (
        "Priya",
        "I run finance operations at a freight company. Month end took six working days, and two people spent "
        "most of a week typing depot spreadsheets into the ledger by hand.",
        1.0,
    ),
    ("Jordan", MONOLOGUE, 1.0),
    (
        "Priya",
        "The biggest change was the close. We stopped retyping numbers, and the depots send their data "
        "straight into the ledger now.",
        1.0,
    ),
    ("Jordan", "Did the new system help your team?", 2.0),
    ("Priya", "Yes.", 0.8),
    ("Jordan", "What did you look at before you chose it?", 1.0),
    (
        "Priya",
        "We looked at three tools. Two wanted the depots to change how they worked, and the one we chose read "
        "the dispatch data directly.",
        1.0,
    ),
    ("Jordan", "How did that feel for you personally, the first month?", 2.5),
    (
        "Priya",
        "It was a relief, honestly. I stopped dreading the last week of the month. We save a lot of time now.",
        1.0,
    ),
    ("Jordan", "Okay. Who else on your team was involved in the rollout?", 1.0),
    (
        "Priya",
        "Our controller and two depot managers. They tested it with one depot first and then rolled it out to "
        "the rest over six weeks.",
        1.0,
    ),
    ("Jordan", "Great, thank you so much for your time today. Have a good afternoon.", 1.5),
    ("Priya", "You too, bye.", 0.8),
]

# The planted moments: the signal watch must say, and the turn (index in PLANTED) whose words settle it.
EXPECTED: dict[str, int] = {
    "monologue": 4,
    "closed_thin": 8,
    "vague_unpressed": 12,
    "no_permission": 14,
}


def vtt_cues(script: list[tuple[str, str, float]], seconds_per_word: float = 0.46) -> list[str]:
    """The script as WebVTT cues (speaker in a <v> tag), timed at espeak's pace, one string per cue."""
    cues, at = [], 0.0
    for speaker, text, pause in script:
        at += pause
        length = max(1.0, len(text.split()) * seconds_per_word)
        cues.append(f"{_clock(at)} --> {_clock(at + length)}\n<v {speaker}>{text}\n\n")
        at += length
    return cues


def _clock(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def write_vtt(path: Path, script: list[tuple[str, str, float]] | None = None) -> Path:
    """The whole planted call as one VTT file."""
    path.write_text("WEBVTT\n\n" + "".join(vtt_cues(script or PLANTED)), encoding="utf-8")
    return path
