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
INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.I)


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
