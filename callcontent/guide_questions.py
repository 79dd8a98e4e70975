"""The interview guide's questions, as data: per call type the story arc, per stage three lines.

Each stage has a question, a follow-up and a prompt for specifics (`prepare.py` fills and checks them).

Placeholders: {company} (the customer's company, or "your company"), {role} (their role, or "person in
your role"), {topic} (what
the notes say the call is about, or "this"). Every question is open (How / What / Tell me / Walk me
through), asks one thing and presumes no answer: `prepare.check_question` holds each one to that.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    """One stage of the story arc: what to ask, how to dig in, and how to get a number or an example."""

    name: str
    question: str
    follow_up: str
    specifics: str


CUSTOMER_STORY: tuple[Stage, ...] = (
    Stage(
        "before",
        "Walk me through how you handled {topic} at {company} before you changed anything.",
        "What was the hardest part of that for you?",
        "How long did that take in a typical week, roughly?",
    ),
    Stage(
        "trigger",
        "Tell me about the moment you decided {topic} needed a different approach.",
        "What happened right before that?",
        "What was at stake if nothing had changed?",
    ),
    Stage(
        "change",
        "How did you go about changing it, from the first week on?",
        "What surprised you along the way?",
        "How long did the change take, end to end?",
    ),
    Stage(
        "results",
        "What is different now, compared with before?",
        "What does that make possible that was not possible before?",
        "How would you put a number on that difference: hours, days, money, a share?",
    ),
    Stage(
        "feelings",
        "How has this changed your own working day?",
        "What went through your mind when you first saw it working?",
        "What did you tell your team when it started working?",
    ),
    Stage(
        "advice",
        "What would you tell another {role} who is where you were a year ago?",
        "What would you do differently if you started again?",
        "What is the one thing they should check first?",
    ),
)

DISCOVERY: tuple[Stage, ...] = (
    Stage(
        "context",
        "Walk me through a normal day in your role at {company}.",
        "Where does most of your time go?",
        "How many people touch it in a typical week?",
    ),
    Stage(
        "pain",
        "Tell me about the last time something went wrong with {topic}.",
        "What happened after that?",
        "What did it cost you that time: hours, money, a customer?",
    ),
    Stage(
        "workaround",
        "How do you handle {topic} today?",
        "What do you like least about that way of doing it?",
        "How much time does it take each week, roughly?",
    ),
    Stage(
        "priorities",
        "What would have to be true for this to be solved for you?",
        "Why does that matter more than the rest?",
        "How would you know it worked: what would you measure?",
    ),
    Stage(
        "feelings",
        "How does it affect you personally when something goes wrong with {topic}?",
        "What do you tell your team when it happens?",
        "Can you give me an example from the last month?",
    ),
)

RESEARCH: tuple[Stage, ...] = (
    Stage(
        "context",
        "Tell me about your role and the work your team does.",
        "How did you come to that role?",
        "How many people are on the team today?",
    ),
    Stage(
        "process",
        "Walk me through how your team handles {topic}, step by step.",
        "Where does that process break down?",
        "Can you give me a recent example?",
    ),
    Stage(
        "problems",
        "What problems have you run into with {topic}?",
        "What happened next, the last time that came up?",
        "How often does that happen in a typical month?",
    ),
    Stage(
        "impact",
        "How do those problems affect the people who rely on your work?",
        "What did they say when it happened?",
        "How would you size it: hours lost, decisions delayed, money?",
    ),
    Stage(
        "suggestions",
        "What would you change first if you could?",
        "Why that before anything else?",
        "What would tell you the change worked?",
    ),
)

PODCAST: tuple[Stage, ...] = (
    Stage(
        "origin",
        "Tell me how {company} started: what were you doing at the time?",
        "What made you take the leap?",
        "How many of you were there at the start?",
    ),
    Stage(
        "turning_point",
        "Tell me about the moment things turned, for better or worse.",
        "What went through your mind then?",
        "What changed in the numbers after that?",
    ),
    Stage(
        "lessons",
        "What did you get wrong early on?",
        "What would you do differently today?",
        "Can you give me a concrete example?",
    ),
    Stage(
        "now",
        "What does a week look like for you now?",
        "What still keeps you up at night?",
        "What has grown the most since then?",
    ),
    Stage(
        "advice",
        "What would you tell someone starting out today?",
        "Where do most people go wrong?",
        "What is the first thing they should do this week?",
    ),
)

ARCS: dict[str, tuple[Stage, ...]] = {
    "customer_story": CUSTOMER_STORY,
    "discovery": DISCOVERY,
    "research": RESEARCH,
    "podcast": PODCAST,
}

# A stage a published story already covers, by the headings stories use for it.
STAGE_HEADINGS: dict[str, tuple[str, ...]] = {
    "before": ("challenge", "problem", "before", "situation", "background"),
    "trigger": ("why", "decision", "turning point", "trigger"),
    "change": ("solution", "implementation", "rollout", "approach", "how"),
    "results": ("results", "outcome", "impact", "after", "at a glance"),
    "feelings": ("in their words", "the team", "people"),
    "advice": ("advice", "lesson", "tips", "what's next"),
}

# Asked when the library already holds a story about this customer: the news since, not the same story.
SINCE_THEN = Stage(
    "since_then",
    "What has changed at {company} since we last told your story?",
    "What did you not expect back then?",
    "How do the numbers compare with then?",
)
