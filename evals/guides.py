"""Interview guides scored: every line open, single and neutral, the arc covered, each question equipped.

For each call type (and for a customer whose story the library already holds) the guide `prepare`
makes is measured: the share of its lines (questions, follow-ups, specifics prompts) that pass the
critique's checks, the share of the arc's stages it asks about, and the share of questions that come
with both a follow-up and a specifics prompt of their own.
"""

from __future__ import annotations

from typing import Any

from callcontent.critique.model import CALL_TYPES
from callcontent.guide_questions import ARCS
from callcontent.prepare import Customer, Guide, build_guide, check_question

SAMPLE_CUSTOMER = Customer("Priya Nair", "Head of Finance Ops", "Brightline")
SAMPLE_NOTES = "Topic: invoice disputes.\nWent live in March."


def guide_scores(guide: Guide) -> dict[str, Any]:
    """The figures of one guide."""
    lines = [text for q in guide.questions for text in (q.question, q.follow_up, q.specifics)]
    stages = {s.name for s in ARCS[guide.call_type]}
    asked = {q.stage for q in guide.questions}
    equipped = [
        q
        for q in guide.questions
        if q.follow_up != q.question and q.specifics not in (q.question, q.follow_up)
    ]
    return {
        "call_type": guide.call_type,
        "questions": len(guide.questions),
        "open_share": round(sum(not check_question(t) for t in lines) / len(lines), 4),
        "arc_coverage": round(len(stages & asked) / len(stages), 4),
        "fitted_follow_ups": round(len(equipped) / len(guide.questions), 4),
    }


def score_guides() -> dict[str, Any]:
    """Each call type's guide, and one for a customer the library already has a story about."""
    rows = [guide_scores(build_guide(SAMPLE_CUSTOMER, kind, notes=SAMPLE_NOTES)) for kind in CALL_TYPES]
    again = build_guide(SAMPLE_CUSTOMER, notes=SAMPLE_NOTES, published=(["Brightline's story"], ["results"]))
    repeat = {**guide_scores(again), "call_type": "customer_story (story already published)"}
    # A published story's stages come last: the guide asks first for what the library does not hold.
    repeat["asks_new_first"] = (
        again.questions[0].stage != "results" and again.questions[-1].stage == "results"
    )
    rows.append(repeat)
    return {
        "per_guide": rows,
        "open_share": min(r["open_share"] for r in rows),
        "arc_coverage": min(r["arc_coverage"] for r in rows),
        "fitted_follow_ups": min(r["fitted_follow_ups"] for r in rows),
        "questions_in_range": all(5 <= r["questions"] <= 10 for r in rows),
        "asks_new_first": repeat["asks_new_first"],
    }
