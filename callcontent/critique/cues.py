"""The critique's cue vocabulary: the phrases each detector looks for, as patterns, apart from the code.

Like a language's tables in spaCy, these are data: each pattern is written once, here, and the detectors
(`moments.py`, `detectors.py`) apply them. The small words of talk (acknowledgements, replies, fillers)
come from `callcontent.vocabulary`.
"""

from __future__ import annotations

import re

from callcontent import language as lang
from callcontent import vocabulary as V

# ---------------------------------------------------------------- read by moments.py

# What the customer offered that an interviewer should stop on. Each is a class of material the seed
# names: a story or example, a feeling, a problem admitted, a strong claim.
STORY = lang.Cue(
    r"\b(?:i remember|one (?:day|night|time|morning)|there was (?:a|one) (?:time|day|case|project)|"
    r"that'?s when|the moment|turned out|ended up|we (?:didn'?t|did not) (?:realize|notice|know)|"
    r"until (?:after|we|i)|for (?:example|instance)|an example|(?:i|we) (?:had|have) an example|"
    r"the first time|at one point|we (?:had|tried) (?:to|a|an|twice)|we tried|we failed|"
    r"i (?:applied|decided|left|quit|started|realized|didn'?t get)|(?:we|i) (?:had|got) to)\b"
)

# Feelings with stakes. Enthusiasm ("I love", "super exciting") is how guests talk all through a
# podcast; a moment to stop on is a fear, a strain, a surprise or a pride the customer names.
FEELING = lang.Cue(
    r"\b(?:frustrat\w*|terrif\w*|scar(?:y|ed)|afraid|uncomfortable|overwhelm\w*|exhilarat\w*|"
    r"burn(?:ed|t)? out|burnout|exhausted|stressful|stressed|anxious|worried|nervous|proud|"
    r"surpris\w*|disappoint\w*|embarrass\w*|upset|angry|annoy\w*|painful|miserable|"
    r"heartbreak\w*|end of my rope|soul-crushing|nightmare|struggl\w*|hardest|"
    r"devastat\w*|crunch|lost in a|relieved|sad)\b"
)

PROBLEM = lang.Cue(
    r"\b(?:problem|issue|challenge|pain point|mistake|fail(?:ed|ure|s)?|broke|broken|bug|leak\w*|"
    r"(?:we|i) (?:don'?t|didn'?t|do not|did not|can'?t|cannot|couldn'?t) (?:have|know|understand|"
    r"reproduce|get|find)|not (?:so )?helpful|(?:wasn'?t|isn'?t|not) (?:updated|working|clear)|"
    r"unclear|downgrade\w*|make do|had to (?:clean|fix|redo|retype|rebuild|start)|"
    r"(?:really|very|pretty|quite) (?:difficult|hard|bad|painful)|difficult|bad)\b"
)

# How an interviewer leaves an answer behind: a thanks or filler, then the next scripted item.
MOVING_ON = lang.Cue(
    r"\b(?:move on|moving on|i'?ll move|next (?:question|section|part|task|topic|one)|"
    r"let'?s (?:talk(?! (?:more|a bit more|about (?:that|this|it)))|move|switch|go(?! back)|shift|turn|get|"
    r"jump|dovetail|compare)|switch(?:ing)? gears|"
    r"(?:one )?last (?:little )?(?:questions?|ones?|things?|topics?|sections?|parts?|tasks?|drawings?|"
    r"exercises?|bits?)(?: for you)?|(?:two|a few|a couple|one) more (?:questions?|things?)|"
    r"another question|different (?:topic|question)|quick (?:logistical )?question|"
    r"i (?:will|'ll) ask you|let'?s start with|now (?:you'?re|you are|we'?re|we are|i'?d like|i want|i'?ll)|"
    r"anything else|that'?s (?:all|it) for (?:the|this|today|now|us)|"
    # Back to something said long before: a change of topic from the answer just given.
    r"(?:previously|earlier|at the (?:beginning|start)),? you (?:said|mentioned|talked|told))\b"
)

# The interviewer files the answer under a label instead of asking about it: "So basically it's an
# efficiency issue", "In other words, …".
SUMS_UP = lang.Cue(r"\b(?:so basically|basically|in other words|so you'?re saying|to sum up|so in short)\b")

CLOSING_THANKS = re.compile(
    rf"^(?:\W*{V.alternation(V.ACKNOWLEDGEMENTS, V.THANKS, V.AFFIRMATIONS, V.APPRAISALS, V.APOLOGIES, V.HESITATIONS, ('so',))}"
    r"\b\W*)+",
    re.I,
)

# A new thought just begun and left hanging: after the last full stop, at most three words ending on a
# conjunction, a filler or a comma ("… over time. Okay. So", "… It's, uh,").
TRAILING = re.compile(
    r"(?:^|[.?!]\s+)(?:\S+\s+){0,2}\S*(?:\b(?:and|so|but|or|because|it'?s|uh+|um+)\W*|,|-+)\s*$", re.I
)

# "… production platforms. Yeah," is the answer's last word, not a new thought begun (a bare "So" is).
AFFIRMATION_ONLY = re.compile(rf"^(?:so\W+)?(?:{V.alternation(V.AFFIRMATIONS)}\W*)+$", re.I)

# "… Yes. Yeah. What," then "what were the reasons.": the interviewer's question begun inside the turn.
QUESTION_WORD_ONLY = re.compile(r"^(?:what|how|why|when|where|which|who)\W*$", re.I)

ACKNOWLEDGING = re.compile(rf"{V.alternation(V.ACKNOWLEDGEMENTS, V.THANKS)}\b", re.I)

# Repairs and logistics: a yes/no question that checks the line, the screen or a date is not an
# interview question.
REPAIR = lang.Cue(
    r"\b(?:can you (?:hear|see)|hear me|see (?:my|the) screen|you'?re (?:muted|on mute)|"
    r"repeat (?:that|the)|can you repeat|say that again|just to clarify|to clarify|did you mean|you meant|"
    r"is that (?:right|correct)|am i right|correct\?|make sense|sound good|are you ready|"
    r"any questions|is it okay|are you okay|okay with that|still there)\b"
)

# ---------------------------------------------------------------- read by detectors.py

# "Is there anything else we missed?", "Any other comments?": a section's closing sweep, where "no" is
# a fine answer.
CATCH_ALL = lang.Cue(
    r"\b(?:any(?:thing)? (?:other|else)|other (?:comments?|thoughts|issues?|questions?)|"
    r"(?:we|i) (?:missed|haven'?t (?:covered|asked))|before we (?:wrap|finish|close))\b"
)

# A plain "no" to a screening question: nothing was there to probe.
FLAT_NO = re.compile(
    r"^(?:\W*(?:um+|uh+|hmm+|so|well|personally)\W*)*(?:no\b|nope|not really|not that i|not off the top|"
    r"i (?:have not|haven'?t|don'?t think so|do not think so|did not|didn'?t|never))[^.?!]{0,40}[.?!]?"
    rf"(?:\s*{V.alternation(V.NEGATIONS, V.ACKNOWLEDGEMENTS, V.THANKS, V.AFFIRMATIONS)}\W*)*$",
    re.I,
)

# "…, right?", "Is that correct?": a check on what was said, not a question that opens a topic.
TAG = re.compile(r"(?:\b(?:right|correct|true|you know|isn'?t it|don'?t you|no)\s*\??\s*)$", re.I)

# The interviewer's own verdict right after their question ("Okay, good. Fantastic.", "And I guess, yes.").
# A bare "Yes." there is usually the customer's reply cut into the interviewer's turn by the transcript.
OWN_REPLY = re.compile(
    r"^\W*(?:(?:okay|ok|right|so)\W+)?(?:good|great|fantastic|perfect|wonderful|excellent)\b|^\W*(?:and )?i guess\b",
    re.I,
)

ASSENT = re.compile(
    rf"^\W*{V.alternation(V.AFFIRMATIONS, ('sure', 'probably', 'mostly', 'definitely', 'absolutely', 'of course'))}\b",
    re.I,
)

REPAIR_ANSWER = lang.Cue(
    r"\b(?:say (?:it|that) again|sorry\?|pardon|repeat (?:it|that|the question)|come again)\b"
)

# The interviewer restating the answer; a bare "basically" is too common in their own speech to count.
PARAPHRASE = lang.Cue(
    r"\b(?:so basically|in other words|so (?:what )?you'?re saying|to sum up|if i understand(?: correctly)?|"
    r"so you mean)\b"
)

# A surface answer the seed says to dig into ("It made things easier.", "Yeah, it's good.").
SURFACE = lang.Cue(
    r"\b(?:easier|simpler|smoother|better|faster|quicker|helpful|useful|good|great|fine|nice|good ones|"
    r"it helped|works? (?:well|fine))\b"
)

# A figure with its unit: a result worth hearing the story of.
RESULT_FIGURE = lang.Cue(
    r"(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:%|percent|x\b|hours?|days?|weeks?|months?|minutes?|people|"
    r"customers|k\b))"
)

IMPACT_QUESTION = lang.Cue(r"\b(?:affect\w*|impact\w*|feel|felt|like for (?:you|them)|mean for)\b")

# Laughter marked by the transcript or the speaker: a feeling word said as a joke.
LAUGHTER = lang.Cue(
    r"\[(?:laughs?|laughter|chuckles?)\]|\((?:laughs?|laughter|chuckles?)\)|\bhaha\b|\blol\b|just kidding"
)

ANNOUNCED_QUESTIONS = lang.Cue(
    r"\b(?:two|three|a couple of|several) questions|the (?:first|second) (?:one|question)\b"
)

VAGUE_OUTCOME = lang.Cue(
    r"\b(?:(?:a )?(?:huge|massive|big|significant|dramatic|major|tremendous) "
    r"(?:loss|impact|difference|improvement|bias|drop|increase|gain|savings?|change|reduction|boost|win|"
    r"problem|hit)|"
    r"(?:dropped|increased|decreased|improved|reduced|grew|fell|declined|went (?:up|down)|sped up|"
    r"slowed down|saved us|cut) (?:\w+ )?(?:significantly|dramatically|substantially|a lot|quite a bit|"
    r"massively|hugely|tremendously|considerably)|"
    r"(?:significantly|dramatically|substantially|considerably|much|way|far) (?:faster|better|easier|"
    r"quicker|cheaper|more efficient|less|fewer|lower|higher)|"
    r"a lot (?:of|more) (?:the )?(?:time|work|effort|money|duplication|errors?|mistakes|rework|hours|"
    r"manual|cost|overhead|problems|issues|complaints|savings?)(?! to do)|"
    r"(?:(?:fairly|very|really|quite|pretty) )?(?:time|computationally|resource)[- ]?(?:intensive|consuming|"
    r"expensive)|"
    r"(?:worked|works|went|going) (?:pretty|really|quite|very) well|(?:it'?s|is|was) pretty good|"
    r"the vast majority|lion'?s share|the majority of|more than once|making a (?:real )?difference|"
    r"(?:far|much|way) more than|"
    r"saved? (?:us |me |them )?(?:a lot of |so much |a ton of )(?:time|money|hours)|"
    # A difference claimed without its size: "we would get different step counts".
    r"(?:get|got|getting|gave|give|saw|see|had|have|showed|show) (?:\w+ )?(?:different|inconsistent|varying) "
    r"(?:\w+ )?(?:counts|results|numbers|readings|values|outcomes|answers|figures))\b"
)

# A question about the person, or an answer that introduces them.
INTRODUCTION = lang.Cue(
    r"\b(?:introduce yourself|about yourself|(?:tell|talk) (?:me|us) (?:a (?:bit|little) )?about (?:you|your (?:role|"
    r"background|team|company|job))|your (?:[\w-]+ ){0,2}(?:background|experience|role)|how much experience|"
    r"what do you do|who (?:are you|you are)|i'?m a (?:[\w'’-]+ )?(?:student|engineer|scientist|researcher|"
    r"manager|director|founder)|i (?:work|am working) (?:at|as|for)|i run |i'?ve been (?:working|at))\b"
)

HOW_MUCH = lang.Cue(
    r"\b(?:how (?:much|many|long|often|fast|big)|what (?:share|percentage|portion)|"
    r"\b(?:save|saved|cut|reduce|reduced|improve|improved|speed up|sped up)\b|what results?)\b"
)

# "A lot of the time" means "often": a frequency, not an amount claimed.
OFTEN = re.compile(r"\ba lot of the time\b", re.I)

# What should happen is an opinion about the future, not an outcome ("there has to be a lot of work").
NORMATIVE = lang.Cue(r"\b(?:has|have|needs?) to be\b|\bshould\b")

TIME_CLAIM = lang.Cue(r"\btime\b|\bintensive\b|\bconsuming\b")

# A duration the customer gave, in digits or in words ("ongoing since, uh, nine months"); not "a week",
# which is as often a rate ("saves us a lot of time a week") as a span.
DURATION = lang.Cue(
    rf"\b(?:\d+|{lang.NUMBER_WORDS}|a few|several) "
    r"(?:hours?|days?|weeks?|months?|years?)\b"
)
