"""The small words of talk, as tables: each list written once, the patterns that apply them built from it.

Entries are lower-case regular-expression fragments (most are plain words; `um+` covers "ummm").
The code that applies them (the sentence filler stripper, the exchange reader, the detectors, the
merged-voice finder) builds its pattern with `alternation`, so a word added here reaches every use.
"""

from __future__ import annotations

# Hesitation sounds.
HESITATIONS: tuple[str, ...] = ("um+", "uh+", "hmm+", "mm-hmm")
# What a listener says to show they heard ("okay", "got it"): the back-channel of either side.
ACKNOWLEDGEMENTS: tuple[str, ...] = (
    "okay",
    "ok",
    "all right",
    "alright",
    "right",
    "great",
    "cool",
    "nice",
    "good",
    "perfect",
    "awesome",
    "amazing",
    "super",
    "wow",
    "interesting",
    "i see",
    "got it",
    "gotcha",
    "sure",
    "sounds good",
    "sounds great",
)
THANKS: tuple[str, ...] = ("thanks", "thank you", "thank you so much", "thank you very much")
AFFIRMATIONS: tuple[str, ...] = ("yes", "yeah", "yep", "yup")
# A whole reply to a yes/no question, on its own.
SHORT_REPLIES: tuple[str, ...] = (
    *AFFIRMATIONS,
    "no",
    "nope",
    "not really",
    "exactly",
    "correct",
    "right",
    "sure",
    "absolutely",
    "definitely",
    "of course",
    "uh-huh",
    "mm-hmm",
    "something like that",
    "that's right",
    "that's correct",
)
# Praise of the answer that closes it ("That's a great point").
APPRAISALS: tuple[str, ...] = (
    r"that'?s (?:a )?(?:good|great|interesting) point",
    r"that'?s (?:great|amazing|interesting|fascinating)",
)
# Words that open a sentence without adding to it.
LEAD_INS: tuple[str, ...] = ("so", "and", "but", "well", "now", "anyway", "anyhow", "oh")
# Phrases that announce a question ("I'm curious, how …").
QUESTION_LEAD_INS: tuple[str, ...] = ("let me ask", "i'm curious", "i am curious", "i wonder")
# Bracketed tags a transcription service writes in place of speech ("[inaudible]", "[laughs]").
TRANSCRIPTION_TAGS: tuple[str, ...] = (
    "unintelligible",
    "inaudible",
    "indiscernible",
    "crosstalk",
    "laughs",
    "laughter",
)
APOLOGIES: tuple[str, ...] = ("sorry",)
NEGATIONS: tuple[str, ...] = ("no",)


# Words that make a line a sentence of its own: forms of be/have/do, modals and their contractions, and
# the common verbs customers tell a story with (a regular past, "-ed", is matched by pattern).
FINITE_VERBS: tuple[str, ...] = (
    *("am", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did"),
    *("can", "could", "will", "would", "shall", "should", "may", "might", "must"),
    *("'s", "'re", "'ve", "'d", "'ll", r"\w{2,}ed"),
    *("go", "goes", "went", "get", "gets", "got", "take", "takes", "took", "make", "makes", "made"),
    *("come", "comes", "came", "give", "gives", "gave", "keep", "keeps", "kept", "run", "runs", "ran"),
    *("send", "sends", "sent", "spend", "spends", "spent", "find", "finds", "found", "feel", "feels", "felt"),
    *("know", "knows", "knew", "think", "thinks", "thought", "say", "says", "said", "tell", "tells", "told"),
    *("see", "sees", "saw", "need", "needs", "want", "wants", "use", "uses", "work", "works"),
    *("close", "closes", "cut", "cuts", "grow", "grows", "grew", "fall", "falls", "fell", "rise", "rises"),
    *("rose", "drop", "drops", "stop", "stops", "start", "starts", "pay", "pays", "paid", "lose", "loses"),
    *("lost", "win", "wins", "won", "build", "builds", "built", "bring", "brings", "brought", "buy", "buys"),
    *("bought", "sell", "sells", "sold", "hire", "hires", "save", "saves"),
)


# What people call their job: a draft that puts one of these beside the customer's name gives them a role,
# which must be the one they gave ("I'm the practice manager", not "clinical director").
JOB_TITLES: tuple[str, ...] = (
    *("ceo", "cfo", "coo", "cto", "cmo", "cio", "cro", "cpo", "vp", "svp", "evp", "founder", "co-founder"),
    *("cofounder", "owner", "co-owner", "president", "chair", "chairman", "chairwoman", "partner"),
    *("principal", "director", "head", "manager", "lead", "controller", "comptroller", "treasurer"),
    *("accountant", "bookkeeper", "officer", "chief", "executive", "administrator", "coordinator"),
    *("supervisor", "superintendent", "specialist", "analyst", "engineer", "developer", "architect"),
    *("designer", "consultant", "advisor", "adviser", "strategist", "editor", "producer", "researcher"),
    *("scientist", "nurse", "doctor", "physician", "dentist", "teacher", "professor", "lecturer"),
    *("dispatcher", "planner", "buyer", "recruiter", "marketer", "salesperson", "representative", "rep"),
    *("associate", "assistant", "clerk", "secretary", "intern", "operator", "technician", "foreman"),
)
# How a person says what they run rather than what they are called ("I run finance operations").
DUTY_VERBS: dict[str, str] = {
    "run": "runs",
    "lead": "leads",
    "head up": "heads up",
    "head": "heads",
    "manage": "manages",
    "oversee": "oversees",
    "own": "owns",
    "look after": "looks after",
}

# The parts of a customer's story, as the story model finds them in their sentences (`story.story_of`).
# The situation before: "we used to", "by hand", "a patchwork".
STORY_BEFORE: tuple[str, ...] = (
    *("used to", "back then", "at the time", "before(?=,)", "before (?:we|that|this|then|it)", "had to"),
    *("by hand", r"manual\w*", "spreadsheets?", "patchwork", "nightmare", "mess", "chaos", "chaotic"),
    *(r"retyp\w*", "lowest point", "drowning", "fire drill", "waited", "broke", r"problem\w*", r"pain\w*"),
    *(r"struggl\w*", r"frustrat\w*", "worst"),
)
# What set the change off: "that's when", "the last straw", "we started looking".
STORY_TRIGGER: tuple[str, ...] = (
    *("that'?s when", "that was when", "the last straw", "the final straw", "what (?:made|pushed|got) us"),
    *(
        "(?:we|i) (?:started|began) looking",
        "we decided",
        "i decided",
        "that was the trigger",
        "tipping point",
    ),
    *("(?:mentioned|recommended) (?:you|it|them)", "heard about"),
)
# What changed and how: the rollout, the switch, the pilot.
STORY_CHANGE: tuple[str, ...] = (
    *("roll ?out", "rolled out", "switched", "moved (?:over|to|onto)", "set (?:it )?up", "onboarding"),
    *("went live", "go[- ]live", "pilot", r"implement\w*", r"migrat\w*", "line by line", "sat with"),
)
# What is not done yet: a plan with a date, a next step.
STORY_PLAN: tuple[str, ...] = (
    *("next (?:week|month|quarter|year|spring|summer|autumn|fall|winter)", "later this year"),
    *(
        "in the (?:spring|summer|autumn|fall|winter|new year)",
        "moves? over",
        "what'?s next",
        "plan(?:s|ning)? to",
        "(?:we|i) (?:also )?want to",
    ),
)
# Advice to someone in their shoes: "I'd tell them", "don't wait".
STORY_ADVICE: tuple[str, ...] = (
    *("i'?d tell", "i would tell", "my advice", "i'?d advise", "i'?d say to", "don'?t wait", "make sure"),
    *(
        "(?:you|they) should",
        "you have to",
        "if you'?re (?:thinking|considering|on the fence)",
        "do it sooner",
    ),
    "start (?:small|early)",
)
# A sentence that opens on one of these tells someone what to do ("Never …", "Talk to your team").
ADVICE_OPENERS: tuple[str, ...] = (
    "never",
    "always",
    "stop",
    "start",
    "don't",
    "do not",
    "measure",
    "talk to",
    "ask",
)
# The time after the change: "Now I spend my time on pricing", "these days", "the rota fills itself".
STORY_AFTER: tuple[str, ...] = (
    *("now", "nowadays", "these days", "since then", "any ?more", "no longer", "haven'?t had to"),
    "(?:fills|runs|sorts) itself",
)

# What the interviewer's question asks about, which says what part of the story the answer tells. Read in
# this order: the close, advice, then what is next, then results, then the time before, then the change
# ("What was reporting like before the switch?" asks about the time before).
# The close: the draft, approval, publishing, thanks. Its answers are part of no story.
ASKS_CLOSE: tuple[str, ...] = (
    *(
        "(?:send|share) (?:you )?(?:over )?(?:a |the )?draft",
        "write (?:this|it) up",
        "to approve",
        "for (?:your )?approval",
    ),
    *("before (?:anything|it|this) (?:is published|goes (?:out|live))", r"before (?:we )?publish\w*"),
)
ASKS_ADVICE: tuple[str, ...] = (
    *("what would you tell", "what would you say to", "(?:any|your|one piece of) advice", "recommend"),
    r"if (?:a|another|someone|a listener|anyone) [^?]{0,60}(?:where you were|thinking about|considering|on the fence)",
)
ASKS_NEXT: tuple[str, ...] = (
    *(
        "what'?s next",
        "what is next",
        "what comes next",
        "plans? for",
        "anything you wish",
        "wish (?:it|worked)",
    ),
    "what would you (?:change|improve|add)",
)
ASKS_RESULT: tuple[str, ...] = (
    *(
        "results?",
        "what (?:has )?changed",
        "what difference",
        "since (?:then|you|going live|the switch)",
        "impact",
    ),
    *("what did (?:that|this|it) mean", r"how (?:has|have|did) [^?]{0,40}(?:changed?|taken it)", "now"),
    *("after you (?:went live|switched|started|moved)", "how did it feel (?:the first|after|when)", "payoff"),
)
ASKS_CHANGE: tuple[str, ...] = (
    *(
        "what did you (?:change|do|try|build|put in place)",
        "how did you (?:fix|solve|start|go about|get started)",
        # The next step of the story: "What happened after that?"
        "what happened (?:after|next|then)",
        "then what",
    ),
    *("rollout", "roll ?out", "switch", "set ?up", "onboarding", r"implement\w*", r"migrat\w*", "pilot"),
    *(
        "how does it work",
        "what changed first",
        "hardest part of the change",
        "how did the (?:move|change) go",
    ),
)
ASKS_BEFORE: tuple[str, ...] = (
    *("before", "back then", "at the time", "what was it like", r"what did [^?]{0,30}look like", "worst"),
    *(r"bad (?:week|day|month)", "used to", "what made you", "what were you using", "hear about"),
)


def alternation(*tables: tuple[str, ...]) -> str:
    """One non-capturing regex group matching any entry of the tables (longest first, each once)."""
    entries = sorted(dict.fromkeys(e for table in tables for e in table), key=len, reverse=True)
    return "(?:" + "|".join(entries) + ")"


def plain_words(*tables: tuple[str, ...]) -> frozenset[str]:
    """The single-word entries of the tables that are plain words (no pattern characters)."""
    return frozenset(e for table in tables for e in table if e.isalpha())
