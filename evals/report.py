"""eval.md and eval.html: the candidate against the baseline, metric by metric, and what changed."""

from __future__ import annotations

import html
from typing import Any

from callcontent.critique import MISTAKE_TITLES


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def eval_markdown(report: dict[str, Any]) -> str:
    """The eval report as Markdown: summary, gates, per-example rows, paired deltas."""
    s = report["candidate"]["summary"]
    lines = [
        f"# Eval: {report['examples']} gold examples, model {report['model']}, repeat {report['repeat']}",
        "",
        f"**{'PASSED' if report['passed'] else 'FAILED'}**"
        + ("" if report["passed"] else ": " + "; ".join(report["failures"])),
        "",
        f"Writer: {report.get('writer', '–')}.",
        "",
        "## Critique per mistake (candidate)",
        "",
        *_per_mistake_table(s["critique"]),
    ]
    lines += [
        "",
        "## Summary",
        "",
        "| metric | candidate |" + (" baseline |" if "baseline" in report else ""),
        "|---|---:|" + ("---:|" if "baseline" in report else ""),
    ]
    base = report.get("baseline", {}).get("summary", {})
    for key, value in s.items():
        if key in ("critique", "writing"):
            continue
        lines.append(f"| {key} | {_fmt(value)} |" + (f" {_fmt(base.get(key))} |" if base else ""))
    if report.get("comparison"):
        lines += [
            "",
            "## Candidate vs baseline (paired over examples, 95% bootstrap CI)",
            "",
            "| metric | baseline | candidate | delta | 95% CI | max drop | regression |",
            "|---|---:|---:|---:|---|---:|---|",
        ]
        for c in report["comparison"]:
            lines.append(
                f"| {c['metric']} | {_fmt(c['baseline'])} | {_fmt(c['candidate'])} | {c['delta']:+.3f} | "
                f"{c['ci_low']:+.3f}..{c['ci_high']:+.3f} | {_fmt(c['max_drop'])} | {'**yes**' if c['regression'] else 'no'} |"
            )
        lines += ["", "## Examples that changed", ""]
        lines += [
            f"- {e['example']}: "
            + ", ".join(f"{k} {_fmt(a)} → {_fmt(b)}" for k, (a, b) in e["changes"].items())
            for e in report["changed_examples"]
        ] or ["None."]
    lines += _writing_lines(report["per_example"], s.get("writing") or {})
    if report.get("guides"):
        lines += _guide_lines(report["guides"])
    if report.get("labelled"):
        lines += _labelled_lines(report["labelled"])
    lines += [
        "",
        "## Per example",
        "",
        "| example | transcript F1 | turn F1 | quote recall | gates | calls | wall s |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in report["per_example"]:
        gates = (
            "ok"
            if r["gate_quotes_verbatim"] and r["gate_numbers_grounded"] and r["gate_forbidden_absent"]
            else "FAIL"
        )
        lines.append(
            f"| {r['example']} | {_fmt(r['critique_transcript_f1'])} | {_fmt(r['critique_turn_f1'])} | {_fmt(r['quote_recall'])} | "
            f"{gates} | {r['llm_calls']} | {_fmt(r['wall_s'])} |"
        )
    return "\n".join(lines) + "\n"


def _per_mistake_table(per_mistake: dict[str, dict[str, Any]]) -> list[str]:
    """Precision, recall and F1 per mistake at transcript and turn level, one row each."""
    rows = [
        "| mistake | support | transcript P | R | F1 | turn P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mistake, m in per_mistake.items():
        rows.append(
            f"| {MISTAKE_TITLES[mistake]} | {m['support']} | {m['transcript_precision']:.2f} | {m['transcript_recall']:.2f} | "
            f"{m['transcript_f1']:.2f} | {m['turn_precision']:.2f} | {m['turn_recall']:.2f} | {m['turn_f1']:.2f} |"
        )
    return rows


def _learned_lines(learned: dict[str, Any] | None) -> list[str]:
    """The learned heads, each call judged by heads fitted on the other calls."""
    if not learned:
        return []
    h = learned["held_out_by_call"]
    lines = [
        f"Learned heads (`fit_critique`), each call judged by heads fitted on the other calls: turn precision "
        f"**{h['turn_precision']:.2f}**, recall **{h['turn_recall']:.2f}**, F1 **{h['turn_f1']:.2f}** · "
        f"transcript agreement {h['transcript_agreement']}/{h['transcript_decisions']} · hard negatives "
        f"flagged {_fmt(h['hard_negative_fp_rate'])} · Spearman {_fmt(h['score_spearman'])}.",
    ]
    if "validation" in learned:
        v = learned["validation"]
        verdict = (
            "they beat the rules there"
            if learned["beats_rules_on_validation"]
            else "not better than the rules"
        )
        lines.append(
            f"On the validation calls: P {v['turn_precision']:.2f} / R {v['turn_recall']:.2f} / F1 "
            f"{v['turn_f1']:.2f}: {verdict}, so the critique's default stays the rules until they do."
        )
    return [*lines, ""]


def _split_lines(splits: dict[str, Any]) -> list[str]:
    """The figures on each part of the fixed split: validation (never read, held out) first."""
    if not splits:
        return []
    lines = [
        "| part of the split | calls | turn P | R | F1 | transcript agreement | hard negatives flagged |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    names = {"validation": "validation (never read: held out)", "fitting": "fitting (development figures)"}
    for part in ("validation", "fitting"):
        if part in splits:
            p = splits[part]
            lines.append(
                f"| {names[part]} | {p['calls']} | {p['turn_precision']:.2f} | {p['turn_recall']:.2f} | "
                f"{p['turn_f1']:.2f} | {p['transcript_agreement']}/{p['transcript_decisions']} | "
                f"{_fmt(p['hard_negative_fp_rate'])} |"
            )
    return [*lines, ""]


WRITING_COLUMNS = (
    ("case_study_own_share", "case study own"),
    ("blog_own_share", "blog own"),
    ("headline_has_result", "headline result"),
    ("customer_named", "customer named"),
    ("third_person", "third person"),
    ("case_study_length_ok", "length"),
    ("blog_repeat_share", "blog repeats case study"),
    ("linkedin_hook", "LinkedIn hook"),
    ("x_fits", "X fits"),
)


def _writing_lines(rows: list[dict[str, Any]], summary: dict[str, Any]) -> list[str]:
    """The drafts as writing, per example: own-sentence shares (the bar is 0.6), headline, naming, form."""
    lines = [
        "",
        "## Drafts as writing",
        "",
        "Own: share of the words in the tool's own sentences (not quotes, bullets or headings); #29's bar is "
        "0.60 for the case study and the blog post, and under a third of the blog's sentences repeating the "
        "case study. Not a gate yet.",
        "",
        "| example | " + " | ".join(label for _, label in WRITING_COLUMNS) + " |",
        "|---|" + "---:|" * len(WRITING_COLUMNS),
    ]
    for r in rows:
        scores = r.get("writing") or {}
        cells = [_yes_no(scores.get(k)) for k, _ in WRITING_COLUMNS]
        lines.append(f"| {r['example']} | " + " | ".join(cells) + " |")
    lines.append("| **mean** | " + " | ".join(_fmt(summary.get(k)) for k, _ in WRITING_COLUMNS) + " |")
    return lines


def _yes_no(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else _fmt(value)


def _guide_lines(guides: dict[str, Any]) -> list[str]:
    """The interview guides `prepare` makes, scored."""
    lines = [
        "",
        "## Interview guides (`callcontent prepare`)",
        "",
        "| guide | questions | lines open, single, neutral | arc covered | questions with their own follow-up and specifics |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in guides["per_guide"]:
        lines.append(
            f"| {r['call_type']} | {r['questions']} | {r['open_share']:.2f} | {r['arc_coverage']:.2f} | "
            f"{r['fitted_follow_ups']:.2f} |"
        )
    return lines


def _labelled_lines(labelled: dict[str, Any]) -> list[str]:
    s = labelled["summary"]
    lines = [
        "",
        f"## Critique on real calls labelled by an expert ({s['calls']} calls, {s['labelled_findings']} "
        f"labelled mistakes; {labelled['critic']})",
        "",
        f"Turn precision **{s['turn_precision']:.2f}**, recall **{s['turn_recall']:.2f}** (±1 turn) · "
        f"transcript-level agreement **{s['transcript_agreement']}/{s['transcript_decisions']}** · hard "
        f"negatives flagged **{_fmt(s['hard_negative_fp_rate'])}** · score rank (Spearman) "
        f"**{_fmt(s['score_spearman'])}** · suggestions quoting the evidence **{_fmt(s['suggestion_fit'])}**",
        "",
        *_split_lines(labelled.get("splits", {})),
        *_learned_lines(labelled.get("learned")),
        *_per_mistake_table(s["per_mistake"]),
    ]
    lines += [
        "",
        "| call | type (labelled / inferred) | findings | turn P | R | hard negatives flagged | score / labelled |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in labelled["per_call"]:
        lines.append(
            f"| {r['call']} | {r['call_type']} / {r['inferred_call_type']} | {r['findings']} | "
            f"{r['turn_precision']:.2f} | {r['turn_recall']:.2f} | {r['hard_negatives_flagged']}/{r['hard_negatives']} | "
            f"{r['score']} / {r['labelled_score']:.0f} |"
        )
    lines += _people_lines(labelled.get("people") or [])
    quotes = labelled.get("quotes")
    if quotes:
        q = quotes["summary"]
        lines += [
            "",
            f"### Quotes on the same calls (ranked by {quotes['ranked_by']})",
            "",
            f"Expert quotes recalled **{_fmt(q['recall'])}** of {q['expert_quotes']} (a pick covers at least half "
            f"of the quote's words) · candidate ceiling **{_fmt(q['candidate_ceiling'])}** · picks matching an "
            f"expert quote **{_fmt(q['pick_precision'])}** · picks ending mid-sentence **{q['picks_ending_mid_sentence']}**"
            f" · near-duplicate pairs **{q.get('near_duplicate_pairs', '–')}** · picks verbatim in a customer turn "
            f"**{_fmt(q.get('picks_verbatim'))}**",
        ]
        spread = q.get("recall_per_call")
        if spread:
            lines += [
                "",
                f"Recall per call: lowest **{_fmt(spread['min'])}**, median **{_fmt(spread['median'])}**, highest "
                f"**{_fmt(spread['max'])}** (marketers recall each other's picks at about 0.64 on calls outside "
                "this set; on the calls several marketers labelled, see above).",
            ]
        if q.get("quotability_head"):
            lines += ["", f"The learned quotability head: {q['quotability_head']}."]
    writer = labelled.get("writer")
    if writer:
        lines += [
            "",
            "### The writer on the same calls (drafts built by code claim nothing of their own)",
            "",
            f"Drafts cleared by review **{writer['cleared']}/{writer['calls']}** · sentences code cut "
            f"**{writer['cut_by_code']}**",
            "",
            "| call | cleared | first-draft failures | cut by code | still open | s |",
            "|---|---|---:|---:|---:|---:|",
            *(
                f"| {r['call']} | {'yes' if r['cleared'] else 'no'} | {r['first_draft_failures']} | "
                f"{r['cut_by_code']} | {r['still_open']} | {r['wall_s']:.0f} |"
                for r in writer["per_call"]
            ),
        ]
    return lines


def _people_lines(people: list[dict[str, Any]]) -> list[str]:
    """Calls several coaches and marketers labelled: the critique and the picks beside the people."""
    lines: list[str] = []
    for entry in people:
        development = (
            " (a development figure: the rules were read from this call)"
            if entry["split"] == "fitting"
            else ""
        )
        critique = entry.get("critique")
        if critique:
            lines += [
                "",
                f"### {entry['call']}: the critique beside {len(critique['coaches'])} coaches{development}",
                "",
                f"Coaches against each other: turn F1 **{_fmt(critique['coaches_turn_f1'])}** · the critique "
                f"against each coach **{_fmt(critique['critique_turn_f1'])}** · within 0.1 of the coaches for "
                f"every coach: **{'yes' if critique['within_0_1_of_coaches'] else 'no'}**",
                "",
                "| against | findings | turn P | R | F1 | transcript cells agreeing |",
                "|---|---:|---:|---:|---:|---:|",
                *(
                    f"| coach {a['coach']} | {a['findings']} | {a['turn_precision']:.2f} | {a['turn_recall']:.2f} | "
                    f"{a['turn_f1']:.2f} | {a['transcript_agreement']}/8 |"
                    for a in critique["critique_vs_coach"]
                ),
                *(
                    f"| coaches {p['pair']} | | | | {p['turn_f1']:.2f} | {p['transcript_agreement']}/8 |"
                    for p in critique["coach_pairs"]
                ),
            ]
        quotes = entry.get("quotes")
        if quotes:
            lines += [
                "",
                f"### {entry['call']}: the picks (a quotability head that never saw this call) beside "
                f"{len(quotes['marketers'])} marketers{development}",
                "",
                f"Marketers recall each other's picks **{_fmt(quotes['marketers_recall'])}** · the project's picks "
                f"(held out by call) recall a marketer's **{_fmt(quotes['picks_recall'])}**: "
                + ", ".join(f"{a['marketer']} {_fmt(a['recall'])}" for a in quotes["picks_vs_marketer"]),
            ]
    return lines


def eval_html(report: dict[str, Any], markdown: str) -> str:
    """The same content as a self-contained page (tables rendered, no external resources)."""
    rows = []
    in_table = False
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            if set(line.replace("|", "").strip()) <= set("-: "):
                continue
            tag = "th" if not in_table else "td"
            if not in_table:
                rows.append("<table>")
                in_table = True
            rows.append("<tr>" + "".join(f"<{tag}>{c.replace('**', '')}</{tag}>" for c in cells) + "</tr>")
            continue
        if in_table:
            rows.append("</table>")
            in_table = False
        if line.startswith("# "):
            rows.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            rows.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            rows.append(f"<p>• {html.escape(line[2:])}</p>")
        elif line.strip():
            rows.append(f"<p>{html.escape(line).replace('**', '')}</p>")
    if in_table:
        rows.append("</table>")
    css = (
        "body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:1rem auto;padding:0 1rem;color:#1f2937}"
        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left}"
        "th{background:#f9fafb}h2{border-bottom:2px solid #e5e7eb}"
    )
    status = "passed" if report["passed"] else "failed"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Call-Content eval ({status})</title>'
        f"<style>{css}</style></head><body>{''.join(rows)}</body></html>\n"
    )
