"""What marks a call as a churn interview, a feature-request call or a planning session: cue tables.

Applied by `callcontent.pieces`, which decides from them which pieces the call supports. Each cue is
lower-case regular-expression text (`language.Cue`); a phrase added here reaches every use.
"""

from __future__ import annotations

from callcontent import language as lang

# The customer left, or is leaving: said by either side ("why did you cancel?", "we didn't renew").
CHURN = lang.Cue(
    r"\b(?:cancel(?:l?ed|l?ing|lation)?|churn(?:ed)?|(?:didn'?t|did not|won'?t|will not|decided not to) renew|"
    r"switch(?:ed|ing)? (?:away|back|off)|mov(?:ed|ing) (?:off|away from)|stopped using|"
    r"(?:why|when) (?:did )?you (?:leave|left|cancel\w*|stop\w*)|what would have kept you|"
    r"(?:went|gone|going) with (?:a |another |the other )?(?:competitor|vendor|tool)|"
    r"(?:our|the) contract (?:ended|ran out|lapsed)|exit (?:interview|survey)|win (?:you|them) back)\b"
)
# The customer asks for something the product does not do.
FEATURE_REQUEST = lang.Cue(
    r"\b(?:feature requests?|(?:i|we) (?:really )?wish (?:it|you|there|we could)|"
    r"it would be (?:great|nice|amazing|helpful|huge) if|(?:would|'d) (?:really )?love (?:it if|to see|a way)|"
    r"(?:is|was|are|were) missing|on (?:the|your) roadmap|if you (?:could|added|had|built)|"
    r"(?:we|i) (?:really )?need(?:ed)? (?:a way|the ability|to be able)|(?:can'?t|cannot) (?:export|integrate|"
    r"connect|sync)|doesn'?t (?:support|integrate|sync|let us)|(?:a|the) workaround)\b"
)
# The work is still ahead: the call plans it.
PLANNING = lang.Cue(
    r"\b(?:kick-?off|planning (?:session|call|meeting)|the plan is to|"
    r"(?:we'?re|we are|i'?m|i am) (?:going|planning|hoping|aiming) to|next (?:quarter|month|year|phase|step)|"
    r"timeline|go-?live|once (?:we|it) (?:launch|go live|roll)\w*|(?:haven'?t|have not|not yet) "
    r"(?:started|launched|rolled|gone live)|by the end of (?:the )?(?:quarter|year|month)|milestones?)\b"
)
# What hurt: the customer's sentences an insight memo leads with.
PAIN = lang.Cue(
    r"\b(?:frustrat\w*|annoy\w*|painful|pain|hard to|difficult|confus\w*|broke|broken|slow|clunky|"
    r"too (?:expensive|slow|complicated|much)|(?:didn'?t|did not|doesn'?t|does not|never) work\w*|"
    r"problem|issue|struggl\w*|waste\w*|gave up|the reason (?:we|i))\b"
)
# What they asked for, or what would have kept them.
ASK = lang.Cue(
    FEATURE_REQUEST.pattern.pattern
    + r"|\b(?:would have (?:stayed|kept us|made us stay)|if (?:you|it) had|what we needed|"
    r"(?:we|i) (?:needed|wanted|asked for))\b"
)
# Praise a testimonial may carry even from a customer who left.
PRAISE = lang.Cue(
    r"\b(?:(?:really |absolutely )?(?:loved?|liked?|enjoyed) (?:the|your|it|how|working)|great (?:support|team|"
    r"service|product)|(?:the|your) (?:support |onboarding |account )?(?:support|team|onboarding|people) (?:was|were|"
    r"(?:has|have) been) (?:always )?(?:great|excellent|fantastic|amazing|brilliant|really good|so good)|"
    r"best (?:part|thing)|(?:i|we) (?:would|'d) recommend|helpful|responsive|"
    r"(?:answered|responded|replied|got back to us) (?:within|in under|the same day|right away|quickly))\b"
)
