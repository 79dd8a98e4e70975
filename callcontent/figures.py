"""Figures and quoted spans in text: the lowest layer of the truth checks.

`verify` (is a draft's quote or figure in the transcript?) and `facts` (what did the customer say each
figure measures, and with what status?) both read text through these; neither imports the other's
helpers, so the two modules are layered (facts, then verify) instead of importing each other.
"""

from __future__ import annotations

import re

LIST_MARKER = re.compile(r"(?m)^\s*\d+[.)]\s+")


# A comma belongs to a figure only as a thousands separator: "2, 3 or 4" is three figures, not "2,".
_NUMBER = re.compile(r"(?<![\w.])[$€£]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:%|percent\b))?")


def canon_number(token: str) -> str:
    """One spelling per figure, keeping its unit: "40 percent" → "40%", "$180,000" → "$180000"."""
    token = token.replace("percent", "%").replace(" ", "").replace(",", "")
    return token.rstrip(".")


def bare_figure(canon: str) -> str:
    """A canonical figure without its currency sign or percent ("$180000" → "180000")."""
    return canon.lstrip("$€£").rstrip("%")


def numbers_in(text: str) -> list[str]:
    """The figures in `text` (numbers with their units and signs)."""
    return [m.group(0).strip() for m in _NUMBER.finditer(text)]


def canonical_figures(text: str) -> set[str]:
    """The figures of `text`, one spelling each ("40 percent" and "40%" are one), list markers aside."""
    return {canon_number(t) for t in numbers_in(LIST_MARKER.sub("", text))}


# ---------------------------------------------------------------- quoted spans in drafts

_QUOTED = re.compile(r"“([^”]{3,600})”|\"([^\"]{3,600})\"")


# A quoted span of any length, with the attribution code puts after a quote ("” — Priya Nair").
_QUOTED_WITH_ATTRIBUTION = re.compile(r"“[^”]*”(?:\s*—\s*[^.\n]*)?|\"[^\"]*\"")


def without_quotes(text: str) -> str:
    """`text` with every quoted span (and its attribution) blanked: the writer's own words."""
    return _QUOTED_WITH_ATTRIBUTION.sub(" ", text)


def quoted_spans(text: str) -> list[str]:
    """Spans a reader would take as someone's exact words: text in quotation marks, 4+ words."""
    spans = []
    for m in _QUOTED.finditer(text):
        span = (m.group(1) or m.group(2)).strip()
        if len(span.split()) >= 4:
            spans.append(span)
    return spans
