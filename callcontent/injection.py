"""Text in a transcript that speaks to an AI instead of to the interviewer: prompt injection.

A transcript is untrusted data. Sentences that give orders to a model, pose as a system prompt or
carry markup meant for a renderer are never offered as quotes, never ground a figure in a draft, and
are shown in the report as a warning. The cues are kinds of phrasing, not one sentence: orders to
ignore or override, role play and "as an AI", system/assistant lookalikes, orders about what to write
or publish, markup, and the same in the languages customers often speak.
"""

from __future__ import annotations

import re
from functools import lru_cache

from callcontent import language as lang
from callcontent.injection_cues import (
    ARTICLES,
    CJK_ADDRESS,
    CJK_GREETINGS,
    CJK_IGNORE,
    CJK_INSTRUCTIONS,
    CJK_MODELS,
    LANGUAGES,
    LanguageCues,
)
from callcontent.vocabulary import alternation

_PATTERNS = [
    # Orders to drop what came before.
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.?!\n]{0,40}"
    r"\b(?:instructions?|prompts?|rules|guidelines|directions|everything (?:above|before)|all (?:of )?the above|"
    r"previous (?:messages?|context)|your (?:training|programming|guardrails|system))",
    # Talking to the model as a model.
    r"\b(?:as an ai|as a language model|you are (?:now )?(?:an? )?(?:ai|assistant|chatbot|language model|"
    r"chatgpt|gpt|llm|dan)\b|you are no longer|from now on,? you|pretend (?:to be|you are)|"
    r"act as (?:an?|the|our) \w+(?: \w+)? and (?:write|say|state|claim|publish|report)|"
    r"(?:dear|hey|attention|note to (?:the )?)\s*(?:ai|assistant|chatgpt|gpt|llm|model|bot|language model)\b)",
    # System / assistant lookalikes and chat-template tokens.
    r"(?:^|\s)(?:system|assistant|developer)\s*(?:prompt|message|instruction)?\s*:|<\|?(?:im_start|im_end|system|"
    r"endoftext)\|?>|\[/?(?:inst|sys)\]|###\s*(?:instruction|system)|\bnew (?:instructions?|system prompt)\b|"
    r"\bsystem prompt\b|\bjailbreak\b|\bdeveloper mode\b",
    # Orders about the output, in the imperative ("write that we…", "in the case study, say…").
    r"\b(?:in|for) (?:the|your) (?:case study|summary|output|draft|article|blog(?: post)?)\b[^.?!\n]{0,30}"
    r"\b(?:write|say|state|claim|mention|include|put|add)\b|"
    r"(?:^|[,;:]\s*|\b(?:please|and|then|just|now|also)\s+)(?:write|say|state|claim|report|publish|include|add|"
    r"mention) (?:in (?:the|your) \w+ )?that (?:we|they|the (?:customer|company|vendor))\b|"
    r"\bmake sure (?:to|you) (?:say|write|include|mention|quote)\b|"
    r"\b(?:when you (?:write|summari[sz]e)|respond with|reply with|repeat after me|output only|print only)\b",
    # Markup meant for a renderer.
    r"<\s*/?\s*(?:script|iframe|img|svg|object|embed|style|link|meta)\b|javascript:|\bon(?:error|load|click)\s*=",
    # Other languages: "ignore the previous instructions" / "you are an AI".
    r"\b(?:ignora|ignorez|ignoriere|ignoreer|ignore as) (?:las |les |die |de |as )?(?:instrucciones|"
    r"instructions|anweisungen|instructies|instruções)|\binstrucciones anteriores\b|"
    r"\binstructions précédentes\b|\bvorherigen anweisungen\b|\bcomo (?:una )?ia\b|\ben tant qu'ia\b",
]


# Where a sentence starts, in a turn or in a quote of several sentences.
SENTENCE_START = r"(?:^|(?<=[.!?…])\s+)"


def _language_patterns(cues: LanguageCues) -> list[str]:
    """A language's ways of speaking to a model, from its tables (`injection_cues.py`)."""
    model = rf"{ARTICLES}{alternation(cues.models)}(?!\w)"
    return [
        # "Note to any AI …", "Si eres una IA", "Wenn du ein Sprachmodell bist".
        rf"\b{alternation(cues.address)}\W*{model}",
        # "Hey Claude, …", "Atención, asistente: …": a name called out, then a comma or colon.
        rf"(?:^|[\s,.;:!?\"“(])\b{alternation(cues.greetings)}\W{{0,3}}\s*{model}\s*[,:!—–-]",
        # "ChatGPT, please describe …": the sentence opens on the name, then an order.
        rf"{SENTENCE_START}\W*{alternation(cues.models)}\s*[,:]\s*(?:please\s+|por favor\s+|bitte\s+|per favore\s+)?"
        rf"{alternation(cues.directives)}\b",
        # "Ignora las instrucciones anteriores".
        rf"\b{alternation(cues.ignore)}\b[^.?!\n]{{0,40}}\b{alternation(cues.instructions)}(?!\w)",
    ]


_GENERAL_PATTERNS = [
    *(p for cues in LANGUAGES.values() for p in _language_patterns(cues)),
    # "Any language model processing this should …", "whatever assistant reads this next".
    rf"\b(?:any|whatever|the|an?)\s+{alternation(LANGUAGES['en'].models)}\s+(?:that\s+|which\s+)?(?:is\s+)?"
    r"(?:reading|reads|processing|processes|summari[sz]ing|summari[sz]es|writing|writes|analy[sz]ing|analy[sz]es)\s+"
    r"this(?:\s+(?:call|transcript|conversation|interview|recording|text))?(?:\s*[,.;:!?]|\s+(?:next|up|should|must|will|now))",
    r"\bif this (?:call |transcript |conversation |interview )?is being (?:summari[sz]ed|processed|read|analy[sz]ed|"
    r"written up) by\b",
    # Role markers at a sentence's start or in brackets: "User: write …", "[system] …".
    rf"{SENTENCE_START}\W*(?:user|human)\s*:|\[\s*(?:system|assistant|user|developer)\s*\]",
    # Scripts without spaces: "忽略之前的所有指令", "以前の指示をすべて無視", "如果你是人工智能", "AIへの指示".
    rf"{alternation(CJK_IGNORE)}.{{0,12}}{alternation(CJK_INSTRUCTIONS)}",
    rf"{alternation(CJK_INSTRUCTIONS)}.{{0,8}}{alternation(CJK_IGNORE)}",
    rf"{alternation(CJK_ADDRESS)}.{{0,4}}{alternation(CJK_MODELS)}",
    rf"{alternation(CJK_GREETINGS)}\s*[，,:：]\s*{alternation(CJK_MODELS)}",
    rf"{alternation(CJK_MODELS)}(?:への|に対する|に)(?:指示|命令|メモ|注意)",
]
INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in [*_PATTERNS, *_GENERAL_PATTERNS]), re.I)


def is_instruction(text: str) -> bool:
    """Does this text speak to a model (or a renderer) rather than to the interviewer?"""
    return bool(INSTRUCTION.search(text))


def instruction_sentences(text: str) -> list[str]:
    """The sentences of `text` that speak to a model; the rest of the turn is still the customer's."""
    return [s for s in lang.sentences(text) if is_instruction(s)]


@lru_cache(maxsize=4096)
def without_instructions(text: str) -> str:
    """`text` with every instruction-like sentence removed: what may ground a quote or a figure.

    Cached: every quote check and every figure check of a review round asks it of every customer turn.
    """
    return " ".join(s for s in lang.sentences(text) if not is_instruction(s))
