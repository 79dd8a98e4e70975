"""`result.html`: one self-contained page per run (no network, no CDN), readable offline and in print.

A timeline of the call with the interviewer's share against the 80/20 line, each finding pinned to its
turn, the transcript with the quotes highlighted by category, the drafts with every quote linked to its
span, the review gates and the approval checklist.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pydantic import ValidationError

from callcontent.critique import MISTAKE_TITLES
from callcontent.injection import instruction_sentences
from callcontent.report import split_top
from callcontent.result import RunResult, first_problem, kept_round_note, piece_written, social_markdown
from callcontent.transcript import format_timestamp
from callcontent.verify import to_confirm

CATEGORY_COLOURS = {
    "result": "#fde68a",
    "emotion": "#fbcfe8",
    "before_after": "#bfdbfe",
    "advice": "#bbf7d0",
    "story": "#ddd6fe",
    "product": "#e5e7eb",
}

CSS = """
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --iv:#6366f1; --cu:#10b981; --ot:#9ca3af; }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; }
a { color: #1d4ed8; }
a:focus, button:focus, [tabindex]:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header, main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem; }
nav.toc { display: flex; flex-wrap: wrap; gap: .75rem; font-size: .95rem; }
h1 { font-size: 1.6rem; margin: .2rem 0; } h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
.summary { display: flex; flex-wrap: wrap; gap: 1.5rem; color: var(--muted); }
.summary strong { color: var(--ink); }
.share { position: relative; height: 22px; background: #d1fae5; border-radius: 4px; margin: .5rem 0 1.5rem; }
.share .iv { position: absolute; left: 0; top: 0; bottom: 0; background: var(--iv); border-radius: 4px 0 0 4px; }
.share .target { position: absolute; top: -6px; bottom: -6px; width: 2px; background: #111; }
.share .label { position: absolute; top: 24px; font-size: .8rem; color: var(--muted); white-space: nowrap; }
.timeline { position: relative; height: 56px; background: #f9fafb; border: 1px solid var(--line); border-radius: 6px; }
.timeline a.seg { position: absolute; top: 8px; height: 24px; border-radius: 2px; }
.timeline a.seg.interviewer { background: var(--iv); } .timeline a.seg.customer { background: var(--cu); }
.timeline a.seg.other { background: var(--ot); }
.timeline a.pin { position: absolute; top: 36px; width: 10px; height: 10px; margin-left: -5px; border-radius: 50%; background: #dc2626; }
.legend { font-size: .85rem; color: var(--muted); display: flex; gap: 1rem; margin: .4rem 0; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: .3rem; }
ol.findings { padding-left: 1.2rem; } ol.findings li { margin-bottom: .8rem; }
.sev { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; padding: .05rem .4rem; border-radius: 3px; }
.sev.high { background: #fee2e2; } .sev.medium { background: #fef3c7; } .sev.low { background: #e0f2fe; }
.rejected { opacity: .6; }
.turn { display: grid; grid-template-columns: 4.5rem 1fr; gap: .75rem; padding: .5rem .25rem; border-bottom: 1px solid var(--line); }
.turn:target, .turn.flash { background: #fff7ed; }
.turn .who { font-weight: 600; } .turn .meta { color: var(--muted); font-size: .8rem; }
.turn.interviewer .who { color: var(--iv); } .turn.customer .who { color: #047857; }
.turn .flag { color: #b91c1c; font-size: .85rem; }
mark { padding: 0 .1rem; border-radius: 2px; }
mark:target { outline: 3px solid #f59e0b; }
.draft { border: 1px solid var(--line); border-radius: 6px; padding: .25rem 1rem; margin: 1rem 0; }
pre { white-space: pre-wrap; }
.draft blockquote { border-left: 4px solid var(--cu); margin: .5rem 0; padding: .1rem .8rem; background: #f0fdf4; }
.injected { background: #fef3c7; border: 1px dashed #b45309; padding: 0 .3rem; font-size: .9rem; }
.note { background: #fef2f2; border-left: 4px solid #dc2626; padding: .5rem .8rem; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; }
.ok { color: #047857; font-weight: 600; } .bad { color: #b91c1c; font-weight: 600; }
ul.checklist { list-style: none; padding-left: 0; } ul.checklist li { margin: .3rem 0; }
@media print {
  nav.toc, .skip, .timeline a.pin { display: none; }
  a { color: inherit; text-decoration: none; }
  .turn, .draft, ol.findings li { break-inside: avoid; }
  body { font-size: 11pt; }
}
"""

JS = """
document.querySelectorAll('a[data-turn]').forEach(function (a) {
  a.addEventListener('click', function () {
    var t = document.getElementById('turn-' + a.dataset.turn);
    if (!t) return;
    t.classList.add('flash');
    setTimeout(function () { t.classList.remove('flash'); }, 1600);
  });
});
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _inline(text: str) -> str:
    text = _e(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"(?<![\w])_(.+?)_(?![\w])", r"<em>\1</em>", text)


def markdown_to_html(md: str) -> str:
    """The small Markdown subset the drafts use: headings, paragraphs, block quotes, lists, rules."""
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in md.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            level = min(6, len(heading.group(1)) + 2)  # drafts sit under the page's h2
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif stripped.startswith(">"):
            flush()
            out.append(f"<blockquote>{_inline(stripped.lstrip('> '))}</blockquote>")
        elif stripped.startswith(("- ", "* ")):
            items.append(stripped[2:])
        elif stripped == "---":
            flush()
            out.append("<hr>")
        else:
            para.append(stripped)
    flush()
    return "\n".join(out)


def _link_quotes(fragment: str, quotes: list[dict[str, Any]]) -> str:
    """Wrap each verified quote's text in the rendered draft with a link to its span in the transcript."""
    for i, q in enumerate(quotes):
        escaped = _e(q["text"])
        if escaped in fragment:
            fragment = fragment.replace(
                escaped,
                f'<a href="#quote-{i}" data-turn="{q["turn"]}" title="See it in the transcript (turn {q["turn"]})">{escaped}</a>',
            )
    return fragment


def _highlight_turn(text: str, turn_quotes: list[tuple[int, dict[str, Any]]]) -> str:
    spans: list[tuple[int, int, int, dict[str, Any]]] = []
    for i, q in turn_quotes:
        at = text.find(q["text"])
        if at >= 0 and not any(at < end and start < at + len(q["text"]) for start, end, _, _ in spans):
            spans.append((at, at + len(q["text"]), i, q))
    spans.sort()
    out, pos = [], 0
    for start, end, i, q in spans:
        colour = CATEGORY_COLOURS.get(q["categories"][0] if q["categories"] else "", "#fef08a")
        out.append(_e(text[pos:start]))
        out.append(
            f'<mark id="quote-{i}" style="background:{colour}" title="Quote {i + 1}: {_e(", ".join(q["categories"]))}">'
            f"{_e(text[start:end])}</mark>"
        )
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _finding_item(f: dict[str, Any], *, lead: bool) -> str:
    """One finding as a list item; a lead finding also says what the moment cost."""
    rejected = f.get("judged") and f.get("confirmed") is False
    turn = f.get("turn")
    where = (
        "whole call"
        if turn is None
        else f'<a href="#turn-{_e(turn)}" data-turn="{_e(turn)}">turn {_e(turn)} ({format_timestamp(f.get("timestamp"))})</a>'
    )
    better = f.get("better_question") or f.get("suggestion", "")
    verdict = ""
    if f.get("judged"):
        verdict = " · rejected by review" if rejected else " · confirmed"
        if f.get("llm_reason"):
            verdict += f": {_e(f['llm_reason'])}"
    missed = f"<br>What it cost: {_e(f['missed'])}" if lead and f.get("missed") else ""
    severity = _e(f.get("severity", ""))
    return (
        f'<li class="{"rejected" if rejected else ""}"><strong>{_e(MISTAKE_TITLES.get(f.get("mistake", ""), f.get("mistake", "")))}</strong> '
        f'<span class="sev {severity}">{severity}</span> · {where} · {_e(f.get("source", "rule"))}{verdict}'
        f"<br>What happened: {_e(f.get('evidence', ''))}{missed}<br>Ask instead: <em>{_e(better)}</em></li>"
    )


def trusted_shapes(result: dict[str, Any]) -> dict[str, Any]:
    """result.json is read back from disk and may have been edited by anyone.

    It is validated against the result contract, so every value put into markup unescaped (indices,
    roles, severities, mistake ids, times) has the type it must have and a crafted file cannot inject
    markup. Raises ValueError naming the field that is wrong.
    """
    try:
        return RunResult.model_validate(result).as_json()
    except ValidationError as exc:
        raise ValueError(first_problem(exc)) from None


def _patience_line(metrics: dict[str, Any]) -> str:
    """Measured pauses after answers (from a recording's timings), or nothing where none were measured."""
    median = metrics.get("median_answer_gap_s")
    if median is None:
        return ""
    quick = metrics.get("quick_after_answers_share")
    quick_text = f"; {quick:.0%} of pauses after a real answer were under 1 s" if quick is not None else ""
    return (
        f"<p>Patience: median pause after an answer <strong>{median:.1f} s</strong> over "
        f"{metrics.get('answer_gaps_measured', 0)} answers{quick_text} (the seed: count to three).</p>"
    )


def _timeline_section(critique: dict[str, Any], turns: list[dict[str, Any]]) -> str:
    """The call as a bar, by time where the source has it (else turn by turn), findings pinned on it."""
    share = float(critique.get("metrics", {}).get("interviewer_word_share", 0.0))
    timed = bool(turns) and all(t.get("start") is not None for t in turns)
    total = (max((t.get("end") or t["start"]) for t in turns) or 1.0) if timed else max(1, len(turns))
    segs, pins = [], []
    for t in turns:
        if timed:
            left = t["start"] / total
            width = max(0.002, ((t.get("end") or t["start"]) - t["start"]) / total)
        else:
            left, width = t["index"] / total, 1 / total
        label = f"Turn {t['index']}, {t['speaker']} ({t['role']}) at {format_timestamp(t.get('start'))}"
        segs.append(
            f'<a class="seg {t["role"]}" href="#turn-{t["index"]}" data-turn="{t["index"]}" '
            f'style="left:{left * 100:.3f}%;width:{width * 100:.3f}%" aria-label="{_e(label)}"></a>'
        )
    by_turn = {t["index"]: t for t in turns}
    for f in critique.get("findings", []):
        if f.get("turn") is None or f["turn"] not in by_turn:
            continue
        t = by_turn[f["turn"]]
        left = (t["start"] / total) if timed else (t["index"] + 0.5) / total
        pins.append(
            f'<a class="pin" href="#turn-{t["index"]}" data-turn="{t["index"]}" style="left:{left * 100:.3f}%" '
            f'aria-label="{_e(MISTAKE_TITLES[f["mistake"]])} at turn {t["index"]}"></a>'
        )
    return f"""<section id="timeline" aria-labelledby="h-timeline">
<h2 id="h-timeline">Timeline of the call</h2>
<p>Interviewer share of words: <strong>{share:.0%}</strong> (the 80/20 rule: at most 20%).</p>
{_patience_line(critique.get("metrics", {}))}
<div class="share" role="img" aria-label="Interviewer share {share:.0%} against a 20% target">
<div class="iv" style="width:{share * 100:.1f}%"></div>
<div class="target" style="left:20%"></div><span class="label" style="left:20%">20% target</span>
</div>
<div class="timeline">{"".join(segs)}{"".join(pins)}</div>
<div class="legend"><span><i style="background:var(--iv)"></i>interviewer</span><span><i style="background:var(--cu)"></i>customer</span><span><i style="background:var(--ot)"></i>other</span><span><i style="background:#dc2626;border-radius:50%"></i>finding</span>
<span>{"by time" if timed else "turn by turn (no timestamps)"}</span></div>
</section>"""


def _findings_section(critique: dict[str, Any]) -> str:
    """The costliest moments first, the rest folded below."""
    top, rest = split_top(critique)
    top_items = "".join(_finding_item(f, lead=True) for f in top)
    rest_items = "".join(_finding_item(f, lead=False) for f in rest)
    notes = "".join(f'<p class="note">Note: {_e(n)}</p>' for n in critique.get("notes", []))
    folded = (
        f'<details><summary>Everything else ({len(rest)} findings)</summary><ol class="findings">{rest_items}</ol></details>'
        if rest
        else ""
    )
    return f"""<section id="findings" aria-labelledby="h-findings">
<h2 id="h-findings">The moments that matter most</h2>
<ol class="findings">{top_items or "<li>No mistakes found.</li>"}</ol>
{notes}
{folded}
</section>"""


def _withhold_instructions(text: str, rendered: str) -> str:
    """`rendered` (the turn's HTML) with each instruction-like sentence of `text` replaced by a warning.

    The transcript is data, and a line written to steer a model is neither the customer's words nor
    something to display.
    """
    out = rendered
    for sentence in instruction_sentences(text):
        out = out.replace(
            _e(sentence),
            '<span class="injected" role="note">⚠ instruction-like text withheld: it speaks to a model, '
            "not to the interviewer, so it is never quoted or used</span>",
        )
    return out


def _transcript_section(
    critique: dict[str, Any], turns: list[dict[str, Any]], quotes: list[dict[str, Any]]
) -> str:
    """Every turn, quotes highlighted by category, findings flagged where they happened."""
    findings = critique.get("findings", [])
    quotes_by_turn: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for i, q in enumerate(quotes):
        quotes_by_turn.setdefault(q["turn"], []).append((i, q))
    rows = []
    for t in turns:
        flags = [MISTAKE_TITLES[f["mistake"]] for f in findings if f.get("turn") == t["index"]]
        flag_html = f'<div class="flag">⚑ {_e("; ".join(flags))}</div>' if flags else ""
        body = _withhold_instructions(
            t["text"], _highlight_turn(t["text"], quotes_by_turn.get(t["index"], []))
        )
        rows.append(
            f'<section class="turn {t["role"]}" id="turn-{t["index"]}" tabindex="-1" aria-label="Turn {t["index"]}">'
            f'<div><div class="who">{_e(t["speaker"])}</div><div class="meta">#{t["index"]} · '
            f"{format_timestamp(t.get('start'))}</div></div>"
            f"<div>{body}{flag_html}</div></section>"
        )
    legend = "".join(
        f'<span><i style="background:{c}"></i>{_e(k.replace("_", " "))}</span>'
        for k, c in CATEGORY_COLOURS.items()
    )
    return f"""<section id="transcript" aria-labelledby="h-transcript">
<h2 id="h-transcript">Transcript</h2>
<div class="legend">{legend}</div>
{"".join(rows)}
</section>"""


def _drafts_section(drafts: dict[str, Any], review: dict[str, Any], quotes: list[dict[str, Any]]) -> str:
    """Each draft, its quotes linked to the transcript, after what code cut and what is still open."""
    note = ""
    if review.get("removed_by_code"):
        note += (
            "<p><strong>Code removed unsupported sentences:</strong></p><ul>"
            + "".join(f"<li>{_e(r)}</li>" for r in review["removed_by_code"])
            + "</ul>"
        )
    if not review.get("passed", True):
        note += (
            "<p><strong>Not cleared by review. Still open:</strong></p><ul>"
            + "".join(f"<li>{_e(p)}</li>" for p in review.get("open_problems", review.get("problems", [])))
            + "</ul>"
        )
    if review.get("kept_round"):
        note += f"<p>{_e(kept_round_note(review))}</p>"
    sections = [
        ("case_study", "Case study", drafts.get("case_study", "")),
        ("blog_post", "Blog post", drafts.get("blog_post", "")),
        (
            "testimonials",
            "Testimonials",
            "\n\n".join(f"**{k.title()}**\n\n> {v}" for k, v in (drafts.get("testimonials") or {}).items()),
        ),
        ("social_posts", "Social posts", social_markdown(drafts)),
        ("approval_email", "Approval email", drafts.get("approval_email", "")),
        ("insight_memo", "Insight memo (for the product team)", drafts.get("insight_memo", "")),
    ]
    if drafts.get("not_written"):
        told = "".join(
            f"<li>{_e(key.replace('_', ' '))}: {_e(why)}</li>" for key, why in drafts["not_written"].items()
        )
        note += f"<p><strong>Not written for this call:</strong></p><ul>{told}</ul>"
    blocks = []
    for key, label, md in [s for s in sections if piece_written(drafts, s[0])]:
        body = markdown_to_html(md) if key != "approval_email" else f"<pre>{_e(md)}</pre>"
        blocks.append(
            f'<section class="draft" id="draft-{key}" aria-labelledby="h-{key}"><h3 id="h-{key}">{label}</h3>'
            f"{_link_quotes(body, quotes)}</section>"
        )
    return f"""<section id="drafts" aria-labelledby="h-drafts">
<h2 id="h-drafts">Drafts</h2>
{f'<div class="note">{note}</div>' if note else ""}
{"".join(blocks)}
</section>"""


def _story_span(span: dict[str, Any], extra: str = "") -> str:
    turn = int(span["turn"])
    return (
        f'<li>“{_e(span["text"])}” <a href="#turn-{turn}" data-turn="{turn}">turn {turn}</a>'
        f"{f' <span class=meta>({_e(extra)})</span>' if extra else ''}</li>"
    )


def _story_section(story: dict[str, Any]) -> str:
    """The story model the drafts are written from, each element with the turn behind it."""
    if not story:
        return ""
    person = story.get("customer") or {}
    role = person.get("role") or {}
    who = " · ".join(
        x
        for x in (
            _e(person.get("name") or "not named"),
            f"{_e(role['told'])} (“{_e(role['said'])}”, <a href='#turn-{int(role['turn'])}'>turn {int(role['turn'])}</a>)"
            if role
            else "no role said",
            _e(person.get("company") or "no company said"),
        )
    )
    results = [
        _story_span(
            r,
            "; ".join(
                str(p)
                for p in (
                    r.get("measure"),
                    r.get("change"),
                    r.get("before") and f"{r.get('before')} → {r.get('after')}",
                    r.get("timeframe"),
                )
                if p
            ),
        )
        for r in story.get("results") or []
    ]
    parts: list[tuple[str, list[str]]] = [
        ("Before", [_story_span(s) for s in story.get("before") or []]),
        ("Trigger", [_story_span(story["trigger"])] if story.get("trigger") else []),
        ("What changed", [_story_span(s) for s in story.get("change") or []]),
        ("Results", results),
        (
            "Waiting for the customer to confirm",
            [_story_span(s, s.get("caveat", "")) for s in story.get("caveats") or []],
        ),
        (
            "Hopes and plans (never results)",
            [_story_span(s, s.get("status", "")) for s in story.get("hopes_and_plans") or []],
        ),
        ("Someone else's figures", [_story_span(s) for s in story.get("others_figures") or []]),
        ("Advice", [_story_span(s) for s in story.get("advice") or []]),
    ]
    blocks = "".join(f"<h3>{_e(title)}</h3><ul>{''.join(items)}</ul>" for title, items in parts if items)
    return f"""<section id="story" aria-labelledby="h-story">
<h2 id="h-story">The story, as the call tells it</h2>
<p>Customer: {who}. Vendor: {_e(story.get("vendor") or "not named")}.</p>
{blocks}
</section>"""


def _review_section(review: dict[str, Any]) -> str:
    """The review gates, each passed or failed."""
    rows = "".join(
        f"<tr><th scope='row'>{_e(k.replace('_', ' '))}</th><td class='{'ok' if v is True else 'bad' if v is False else ''}'>{_e(v)}</td></tr>"
        for k, v in review.get("gates", {}).items()
    )
    return f"""<section id="review" aria-labelledby="h-review">
<h2 id="h-review">Review gates</h2>
<table><tbody>{rows}</tbody></table>
</section>"""


def _approval_section(drafts: dict[str, Any], quotes: list[dict[str, Any]]) -> str:
    """The same list the approval email asks the customer to confirm, as checkboxes."""
    used_ids, figures = to_confirm(drafts, quotes)
    checklist = "".join(
        f'<li><label><input type="checkbox"> Quote {i + 1}: “{_e(quotes[i]["text"])}” '
        f'(<a href="#quote-{i}" data-turn="{quotes[i]["turn"]}">turn {quotes[i]["turn"]}</a>)</label></li>'
        for i in used_ids
    ) + "".join(f'<li><label><input type="checkbox"> Number: {_e(n)}</label></li>' for n in figures)
    return f"""<section id="approval" aria-labelledby="h-approval">
<h2 id="h-approval">Approval checklist</h2>
<p>Confirm each quote and number with the customer before publishing.</p>
<ul class="checklist">{checklist or "<li>No quotes or numbers in the drafts.</li>"}</ul>
</section>"""


def _header(
    critique: dict[str, Any], quotes: list[dict[str, Any]], review: dict[str, Any], meta: dict[str, Any]
) -> str:
    """Title, the run's summary line (with the model steps it left to code, and why) and the contents."""
    title = critique.get("transcript", {}).get("path") or "interview"
    given = meta.get("skipped_steps")
    skipped: dict[str, Any] = given if isinstance(given, dict) else {}
    code_only = "".join(f"<li><strong>{_e(step)}</strong>: {_e(why)}</li>" for step, why in skipped.items())
    model = meta.get("model", "")
    return f"""<header>
<h1>Interview report: {_e(title)}</h1>
<div class="summary">
<span>Critique score <strong>{_e(critique.get("score", "–"))}/100</strong></span>
<span>Interviewer <strong>{_e(critique.get("interviewer", ""))}</strong></span>
<span><strong>{len(quotes)}</strong> verified quotes</span>
<span>Review <strong>{"passed" if review.get("passed") else "not cleared"}</strong> after {_e(review.get("rounds", 0))} round(s)</span>
<span>Model {_e(model)}</span>
</div>
{f'<details class="code-only"><summary>Code only for {len(skipped)} step(s): the eval has not shown the model beating code there</summary><ul>{code_only}</ul></details>' if code_only else ""}
<nav class="toc" aria-label="Sections">
<a href="#timeline">Timeline</a><a href="#findings">Findings</a><a href="#transcript">Transcript</a>
<a href="#story">Story</a><a href="#drafts">Drafts</a><a href="#review">Review</a><a href="#approval">Approval checklist</a>
</nav>
</header>"""


def render_result_html(result: dict[str, Any]) -> str:
    """The whole page for one run; every field of `result` is treated as untrusted and escaped."""
    result = trusted_shapes(result)
    critique = result.get("critique", {})
    turns = result.get("transcript", {}).get("turns", [])
    quotes = result.get("quotes", [])
    review = result.get("review", {})
    drafts = result.get("drafts", {})
    title = critique.get("transcript", {}).get("path") or "interview"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Call-Content report: {_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
{_header(critique, quotes, review, result.get("meta", {}))}
<main>
{_timeline_section(critique, turns)}
{_findings_section(critique)}
{_transcript_section(critique, turns, quotes)}
{_story_section(dict(result.get("story") or {}))}
{_drafts_section(drafts, review, quotes)}
{_review_section(review)}
{_approval_section(drafts, quotes)}
</main>
<script>{JS}</script>
</body>
</html>
"""
