"""`callcontent eval`: run a candidate and a baseline prompt set over the gold set and compare them.

Each example is a folder with `transcript.*` and `gold.json` (see evals/README.md). Per example the
pipeline runs as `callcontent run` would; the metrics are computed from its result. The comparison
is paired over examples with a bootstrap interval on each delta.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from callcontent import language as lang
from callcontent.critique import MISTAKES, critique_transcript
from callcontent.critique.model import MistakeId
from callcontent.errors import TranscriptError
from callcontent.evals import metrics as M
from callcontent.evals.writing import writing_scores
from callcontent.facts import facts_from_json
from callcontent.figures import numbers_in
from callcontent.gates import run_gates
from callcontent.ingest import load_transcript
from callcontent.llm.replies import LLMCache
from callcontent.prompts import PROMPTS_DIR, load_prompt
from callcontent.result import first_problem, read_json_strictly
from callcontent.run import run_transcript
from callcontent.settings import ROLES, Settings
from callcontent.transcript import Transcript
from callcontent.verify import locate_quote, publishable_text

GOLD_DIR = Path(__file__).resolve().parent / "gold"
THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"
PROMPT_NAMES = ("system", "critique", "quotes", "write", "review", "judge")

# Per-example numbers compared between prompt sets: (key, higher is better).
PAIRED = [
    ("critique_transcript_f1", True),
    ("critique_turn_f1", True),
    ("quote_recall", True),
    ("quotes_verbatim_share", True),
    ("quotes_customer_share", True),
    ("writer_clean", True),
    ("unsupported_cut", False),
    ("first_draft_invented", False),
    ("false_claims_first", False),
    ("false_claims_final", False),
    ("fact_recall", True),
    ("judge_mean", True),
    ("llm_calls", False),
    ("tokens", False),
    ("wall_s", False),
]


class GoldFinding(BaseModel):
    """A mistake the critique must find: at a turn, or anywhere in the call (turn null)."""

    model_config = ConfigDict(extra="forbid")
    mistake: MistakeId
    turn: int | None = Field(ge=0)


class FalseClaim(BaseModel):
    """A misreading a writer is tempted into, found sentence by sentence in the drafts.

    A draft sentence is a false claim when it matches `pattern` and not `unless` (the words that keep the
    claim true, e.g. the source's name for someone else's figure). Both are case-insensitive regexes.
    """

    model_config = ConfigDict(extra="forbid")
    pattern: str
    unless: str | None = None
    why: str

    @field_validator("pattern", "unless")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            re.compile(value)
        return value

    def found_in(self, sentence: str) -> bool:
        """Does this sentence make the false claim?"""
        return bool(re.search(self.pattern, sentence, re.I)) and not (
            self.unless and re.search(self.unless, sentence, re.I)
        )


class Gold(BaseModel):
    """gold.json: what an expert expects from one example (see evals/README.md)."""

    model_config = ConfigDict(extra="forbid")
    notes: str = ""
    findings: list[GoldFinding] = Field(default_factory=list)
    quotes: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    forbidden_numbers: bool = False
    interviewer: str | None = None
    facts: list[str] = Field(default_factory=list)  # true figures the drafts should carry (fact recall)
    false_claims: list[FalseClaim] = Field(default_factory=list)


def read_gold(gold_file: Path) -> dict[str, Any]:
    """gold.json checked against `Gold`; a problem is a ValueError naming the file and the field."""
    try:
        raw = read_json_strictly(gold_file)
        gold = Gold.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"{gold_file}: {first_problem(exc)}") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise ValueError(f"{gold_file}: cannot be read ({str(exc)[:160]})") from None
    # Only what the file says: a key it leaves out stays out (an absent interviewer is not checked).
    return gold.model_dump(include=set(raw))


@dataclass
class Example:
    """One gold example: its folder name, transcript and expected findings and quotes."""

    name: str
    transcript_path: Path
    gold: dict[str, Any]


def uses_llm(settings: Settings) -> bool:
    """True when any role is set to use a model."""
    return any(settings.model_for(role) != "none" for role in ROLES)


def load_gold(directory: Path) -> list[Example]:
    """Every example folder under `directory`; a malformed one raises ValueError naming the file."""
    examples = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        transcripts = sorted(folder.glob("transcript.*"))
        gold_file = folder / "gold.json"
        if not transcripts or not gold_file.exists():
            raise ValueError(f"{folder}: an example needs transcript.* and gold.json")
        gold = read_gold(gold_file)
        examples.append(Example(folder.name, transcripts[0], gold))
    if not examples:
        raise ValueError(f"{directory}: no examples")
    return examples


def prompts_from_ref(ref: str, workdir: Path) -> Path:
    """Materialise prompts/*.md as they were at git REF into a folder."""
    repo = PROMPTS_DIR.parent
    out = workdir / f"prompts-{ref.replace('/', '_')}"
    out.mkdir(parents=True, exist_ok=True)
    for name in PROMPT_NAMES:
        proc = subprocess.run(
            ["git", "-C", str(repo), "show", f"{ref}:prompts/{name}.md"], capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise ValueError(
                f"--baseline {ref}: cannot read prompts/{name}.md at that git ref ({proc.stderr.strip()})"
            )
        (out / f"{name}.md").write_text(proc.stdout, encoding="utf-8")
    return out


def resolve_prompts(spec: str | Path | None, workdir: Path) -> Path:
    """A git ref, or a folder that may hold only the prompts that change.

    The rest come from prompts/. A file that is not one of the prompts is an error, so a misspelt name is
    never silently ignored.
    """
    if spec is None:
        return PROMPTS_DIR
    path = Path(spec)
    if not path.is_dir():
        return prompts_from_ref(str(spec), workdir)
    given = {p.stem for p in path.glob("*.md") if p.name.lower() != "readme.md"}
    unknown = sorted(given - set(PROMPT_NAMES))
    if unknown:
        raise ValueError(f"{path}: {', '.join(unknown)} not a prompt name ({', '.join(PROMPT_NAMES)})")
    if not given:
        raise ValueError(f"{path}: no prompt files (NAME.md) in this folder")
    if given == set(PROMPT_NAMES):
        return path
    workdir.mkdir(parents=True, exist_ok=True)
    merged = Path(tempfile.mkdtemp(prefix=f"prompts-{path.name}-", dir=workdir))
    for name in PROMPT_NAMES:
        source = path if name in given else PROMPTS_DIR
        (merged / f"{name}.md").write_bytes((source / f"{name}.md").read_bytes())
    return merged


def prompt_fingerprint(directory: Path) -> dict[str, str]:
    """Each prompt's full text, so a report records exactly what was evaluated."""
    return {name: load_prompt(name, directory).text for name in PROMPT_NAMES}


def score_example(example: Example, result: dict[str, Any], transcript: Transcript) -> dict[str, Any]:
    """The metrics of one example's run against its gold."""
    gold = example.gold
    gold_findings: list[M.Finding] = [(f["mistake"], f["turn"]) for f in gold.get("findings", [])]
    pred_findings: list[M.Finding] = [
        (f["mistake"], f["turn"]) for f in result["critique"]["findings"] if f.get("confirmed", True)
    ]
    t_sum = sum((M.transcript_level(gold_findings, pred_findings, m) for m in MISTAKES), M.PRF(0, 0, 0))
    u_sum = sum((M.turn_level(gold_findings, pred_findings, m) for m in MISTAKES), M.PRF(0, 0, 0))
    quotes = [q["text"] for q in result["quotes"]]
    checks = [locate_quote(transcript, q) for q in quotes]
    drafts = result["drafts"]
    gates, _ = run_gates(transcript, drafts)
    text = publishable_text(result["drafts"])
    forbidden = [s for s in gold.get("forbidden", []) if s.lower() in (text + " ".join(quotes)).lower()]
    if gold.get("forbidden_numbers"):
        forbidden += numbers_in(text)
    judge = result.get("judge") or {}
    meta = result["meta"]["tokens"]
    return {
        "example": example.name,
        "gold_findings": gold_findings,
        "pred_findings": pred_findings,
        "critique_transcript_f1": round(t_sum.f1, 4),
        "critique_turn_f1": round(u_sum.f1, 4),
        "interviewer_ok": ("interviewer" not in gold)
        or result["critique"]["interviewer"] == gold["interviewer"],
        "quote_recall": M.quote_recall(gold.get("quotes", []), quotes),
        "quotes": len(quotes),
        "quotes_verbatim_share": M.share([c.verified for c in checks]),
        "quotes_customer_share": M.share([bool(c.turn and c.turn.role == "customer") for c in checks]),
        "gate_quotes_verbatim": gates["quotes_verbatim"],
        "gate_numbers_grounded": gates["numbers_grounded"],
        "gate_forbidden_absent": not forbidden,
        "forbidden_found": forbidden,
        "writer_clean": 0.0 if result["review"].get("removed_by_code") else 1.0,
        # Sentences the writer put in that code had to cut (invented quote or number): a prompt's honesty.
        "unsupported_cut": float(len(result["review"].get("removed_by_code") or [])),
        "first_draft_invented": float(first_draft_invented(result["review"])),
        # Misreadings of true figures (a share as a rise, a hope as a result, someone else's figure as
        # the customer's): in the first draft (what the prompt produces) and in what would ship.
        "false_claims_first": float(false_claims_in(first_draft_text(result), gold.get("false_claims", []))),
        "false_claims_final": float(false_claims_in(text, gold.get("false_claims", []))),
        "fact_recall": fact_recall(text, gold.get("facts", [])),
        "judge": judge,
        "judge_mean": M.mean([v["score"] for v in judge.values()]) if judge else None,
        "llm_calls": meta["calls"],
        "tokens": meta["input_tokens"] + meta["output_tokens"],
        "wall_s": result["meta"]["wall_s"],
        "review_passed": result["review"].get("passed"),
        "errors": result["errors"],
        "writing": writing_scores(drafts, transcript, facts_from_json(result.get("facts") or [])),
    }


def false_claims_in(text: str, claims: list[dict[str, Any]]) -> int:
    """Draft sentences that make one of the gold example's false claims."""
    checks = [FalseClaim.model_validate(c) for c in claims]
    return sum(1 for sentence in lang.sentences(text) for claim in checks if claim.found_in(sentence))


def fact_recall(text: str, facts: list[str]) -> float | None:
    """Share of the example's true figures that the drafts carry (None when it lists none)."""
    folded = " ".join(text.lower().split())
    return M.share([fact.lower() in folded for fact in facts]) if facts else None


def first_draft_text(result: dict[str, Any]) -> str:
    """The drafts as the writer first handed them in (before code cuts and rewrites)."""
    history = result["review"].get("history") or []
    first = history[0].get("handed_in") if history else None
    return str(first) if first is not None else publishable_text(result["drafts"])


def first_draft_invented(review: dict[str, Any]) -> int:
    """Invented quotes and figures in the writer's first draft, before any revise round or cut.

    What the write prompt itself produces. (The final cut count hides it when a rewrite or a cut fixed
    them.)
    """
    history = review.get("history") or []
    return int(history[0]["invented"]) if history else 0


def run_prompt_set(
    examples: list[Example],
    prompts_dir: Path,
    settings: Settings,
    cache_path: Path,
    repeat: int = 1,
    on_example: Any = None,
) -> list[dict[str, Any]]:
    """Run the pipeline over every example with one prompt set; one row of metrics per example."""
    from callcontent.evals.judge import judge_drafts

    rows = []
    for example in examples:
        try:
            transcript = load_transcript(example.transcript_path, interviewers=[])
        except TranscriptError as exc:
            raise ValueError(f"gold example {example.name}: {exc}") from None
        runs = []
        for i in range(repeat):
            cache = LLMCache(cache_path, salt=f"repeat-{i}") if uses_llm(settings) else None
            started = time.perf_counter()
            result = run_transcript(
                example.transcript_path, settings=settings, prompts_dir=prompts_dir, cache=cache
            )
            result["judge"] = judge_drafts(result, settings, cache, prompts_dir)
            result["meta"]["wall_s"] = round(time.perf_counter() - started, 3)
            runs.append(score_example(example, result, transcript))
        row = dict(runs[0])
        for key, _ in PAIRED:  # repeats are averaged per example
            row[key] = M.mean([r[key] for r in runs])
        rows.append(row)
        if on_example:
            on_example(example.name, row)
    return rows


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Summary over the rows: means of each metric and the critique's per-mistake scores."""
    per_mistake = M.critique_scores([(r["gold_findings"], r["pred_findings"]) for r in rows])
    supported = [m for m in MISTAKES if per_mistake[m]["support"]]
    return {
        "critique": per_mistake,
        "critique_transcript_macro_f1": round(
            sum(per_mistake[m]["transcript_f1"] for m in supported) / max(1, len(supported)), 4
        ),
        "critique_turn_macro_f1": round(
            sum(per_mistake[m]["turn_f1"] for m in supported) / max(1, len(supported)), 4
        ),
        "interviewer_accuracy": M.share([r["interviewer_ok"] for r in rows]),
        "quote_recall": M.mean([r["quote_recall"] for r in rows]),
        "quotes_verbatim_share": M.mean([r["quotes_verbatim_share"] for r in rows]),
        "quotes_customer_share": M.mean([r["quotes_customer_share"] for r in rows]),
        "gate_quotes_verbatim": M.share([r["gate_quotes_verbatim"] for r in rows]),
        "gate_numbers_grounded": M.share([r["gate_numbers_grounded"] for r in rows]),
        "gate_forbidden_absent": M.share([r["gate_forbidden_absent"] for r in rows]),
        "writer_clean": M.mean([r["writer_clean"] for r in rows]),
        "unsupported_cut": M.mean([r["unsupported_cut"] for r in rows]),
        "first_draft_invented": M.mean([r["first_draft_invented"] for r in rows]),
        "false_claims_first": M.mean([r["false_claims_first"] for r in rows]),
        "false_claims_final": sum(r["false_claims_final"] for r in rows),
        "fact_recall": M.mean([r["fact_recall"] for r in rows]),
        "judge_mean": M.mean([r["judge_mean"] for r in rows]),
        "llm_calls": sum(r["llm_calls"] for r in rows),
        "tokens": sum(r["tokens"] for r in rows),
        "wall_s": round(sum(r["wall_s"] for r in rows), 2),
        "writing": writing_summary([r.get("writing") or {} for r in rows]),
    }


def writing_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each writing measure over the examples whose drafts have it: the mean, or the share that hold."""
    keys = sorted({k for row in rows for k in row})
    return {k: M.mean([float(row[k]) for row in rows if row.get(k) is not None]) for k in keys}


def compare(
    base_rows: list[dict[str, Any]], cand_rows: list[dict[str, Any]], thresholds: dict[str, Any]
) -> list[dict[str, Any]]:
    """Paired comparison of candidate and baseline per metric, with a bootstrap interval on each delta."""
    out = []
    for key, higher in PAIRED:
        pairs = [
            (b[key], c[key])
            for b, c in zip(base_rows, cand_rows, strict=True)
            if b.get(key) is not None and c.get(key) is not None
        ]
        if not pairs:
            continue
        delta, low, high = M.bootstrap_delta([float(b) for b, _ in pairs], [float(c) for _, c in pairs])
        limit = thresholds.get("max_drop", {}).get(key)
        regressed = limit is not None and M.is_regression(delta, low, high, float(limit), higher)
        out.append(
            {
                "metric": key,
                "baseline": round(sum(float(b) for b, _ in pairs) / len(pairs), 4),
                "candidate": round(sum(float(c) for _, c in pairs) / len(pairs), 4),
                "delta": round(delta, 4),
                "ci_low": round(low, 4),
                "ci_high": round(high, 4),
                "higher_is_better": higher,
                "max_drop": limit,
                "regression": regressed,
            }
        )
    return out


def gate_failures(summary: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """The gold-set thresholds the summary fails, as lines to print."""
    failures = []
    for key in ("gate_quotes_verbatim", "gate_numbers_grounded", "gate_forbidden_absent"):
        value = summary.get(key)
        if value is not None and value < 1.0:
            failures.append(f"{key} is {value:.0%}; it must be 100%")
    if summary.get("false_claims_final"):
        failures.append(
            f"false_claims_final is {summary['false_claims_final']:g}; final drafts must make none"
        )
    for key, minimum in thresholds.get("minimum", {}).items():
        value = summary.get(key)
        if value is not None and value < minimum:
            failures.append(f"{key} is {value:.3f}, under the minimum {minimum}")
    return failures


def score_real_calls(
    labelled_dir: Path, settings: Settings, prompts_dir: Path | None = None
) -> dict[str, Any]:
    """The critique on real calls labelled by an expert: the figures that count (a development set)."""
    from callcontent.earned import skip_reason
    from callcontent.evals.labelled import load_labelled, score_labelled, split_part
    from callcontent.quotability import keep_embeddings_in

    keep_embeddings_in(Path(settings.cache_dir) / "embeddings")  # the same lines every run: embed them once
    calls = load_labelled(labelled_dir)
    summary, rows = score_labelled(calls)
    # The rules were written by hand: only the split's validation calls, never read, give a held-out figure.
    splits = {
        part: score_labelled([c for c in calls if split_part(c.name) == part])[0]
        for part in ("fitting", "validation")
        if any(split_part(c.name) == part for c in calls)
    }
    picked: dict[str, list[str]] = {}
    quotes_summary, quote_rows = score_real_quotes(calls, settings, picked)
    critic = settings.model_for("critic")
    skipped = skip_reason(settings, "critic") if critic != "none" else "no model"
    from callcontent.evals.fit_critique import learned_report, prepare

    report: dict[str, Any] = {
        "dir": str(labelled_dir),
        # What a default run does for this model: the code critique, unless the LLM critic has earned its
        # place; the figures below are the code critique's.
        "critic": "code only" + (f" ({skipped})" if skipped else ""),
        "summary": summary,
        "splits": splits,
        # The learned heads (not the default yet), each call judged by heads fitted on the other calls.
        "learned": learned_report([prepare(c) for c in calls], splits.get("validation")),
        "per_call": [{**r, "split": split_part(r["call"])} for r in rows],
        "quotes": {
            "ranked_by": "code"
            if settings.model_for("extractor") == "none" or skip_reason(settings, "extractor")
            else settings.model_for("extractor"),
            "summary": quotes_summary,
            "per_call": quote_rows,
        },
    }
    report["people"] = people_agreement(labelled_dir, calls, picked)
    if settings.model_for("writer") != "none":
        report["writer"] = score_real_drafts(calls, settings, prompts_dir)
    return report


def people_agreement(
    labelled_dir: Path, calls: list[Any], picked: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """On the calls several coaches and marketers labelled: the default critique and picks beside them."""
    from callcontent.evals.agreement import load_panels, panel_report
    from callcontent.evals.labelled import split_part

    def critique(call: Any) -> tuple[list[Any], dict[str, bool]]:
        result = critique_transcript(call.transcript)
        found = [(f.mistake, f.turn) for f in result.findings]
        return found, {m: any(pm == m for pm, _ in found) for m in MISTAKES}

    report = panel_report(load_panels(labelled_dir, calls), critique, lambda c: picked.get(c.name))
    # The rules were read from the fitting calls: there the critique's figure is a development figure.
    return [{**entry, "split": split_part(entry["call"])} for entry in report]


def score_real_drafts(
    calls: list[Any], settings: Settings, prompts_dir: Path | None = None
) -> dict[str, Any]:
    """The writer (with the candidate prompts) on real calls, against drafts built by code.

    Per call: whether its drafts cleared review, what code had to cut, and what was still open. Drafts
    built by code claim nothing of their own; the writer earns its place only by doing better than that.
    """
    rows = []
    for call in calls:
        result = run_transcript(
            call.transcript.path,
            settings=settings.model_copy(update={"writer_llm": "on"}),
            prompts_dir=prompts_dir,
        )
        review = result["review"]
        rows.append(
            {
                "call": call.name,
                "cleared": bool(review.get("passed")),
                "first_draft_failures": first_draft_invented(review),
                "cut_by_code": len(review.get("removed_by_code") or []),
                "still_open": len(review.get("still_wrong") or []),
                "wall_s": result["meta"]["wall_s"],
            }
        )
    return {
        "cleared": sum(r["cleared"] for r in rows),
        "calls": len(rows),
        "cut_by_code": sum(r["cut_by_code"] for r in rows),
        "per_call": rows,
    }


def score_real_quotes(
    calls: list[Any], settings: Settings, picked: dict[str, list[str]] | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The quotes the pipeline would pick on each labelled call (code ranking, or the extractor model).

    The shipped quotability head was fitted on these calls, so each call is scored with a head fitted on
    the others: the figures are held out by call, not the head's fit to what it saw.
    """
    from callcontent.agents.context import Context
    from callcontent.agents.quotes import pick_quotes
    from callcontent.evals.fit_quotability import score_held_out
    from callcontent.llm.client import make_clients
    from callcontent.llm.usage import UsageLedger
    from callcontent.quotability import QuotabilityHead

    ledger = UsageLedger()
    ctx = Context(settings=settings, ledger=ledger, clients=make_clients(settings, ledger))

    names = {id(c.transcript): c.name for c in calls}

    def picks(transcript: Transcript, head: QuotabilityHead) -> list[str]:
        chosen = [q["text"] for q in pick_quotes(transcript, ctx, head)[0]]
        if picked is not None:  # kept for the comparison with several marketers (people_agreement)
            picked[names[id(transcript)]] = chosen
        return chosen

    return score_held_out(calls, picks)


def labelled_gate_failures(
    summary: dict[str, Any], thresholds: dict[str, Any], label: str = "real calls"
) -> list[str]:
    """The labelled-set thresholds the summary fails, as lines to print."""
    failures = []
    for key, minimum in thresholds.get("labelled_minimum", {}).items():
        value = summary.get(key)
        if value is not None and value < minimum:
            failures.append(f"{label}: {key} is {value:.3f}, under the minimum {minimum}")
    for key, maximum in thresholds.get("labelled_maximum", {}).items():
        value = summary.get(key)
        if value is not None and value > maximum:
            failures.append(f"{label}: {key} is {value:.3f}, over the maximum {maximum}")
    return failures


def changed_examples(
    base_rows: list[dict[str, Any]], cand_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Examples whose metrics changed between baseline and candidate."""
    changed = []
    for b, c in zip(base_rows, cand_rows, strict=True):
        diffs = {k: (b[k], c[k]) for k, _ in PAIRED if k not in ("wall_s", "tokens") and b[k] != c[k]}
        if diffs or set(map(tuple, b["pred_findings"])) != set(map(tuple, c["pred_findings"])):
            changed.append({"example": b["example"], "changes": diffs})
    return changed


def writer_note(settings: Settings) -> str:
    """What the eval does with the writer, and what a default run with these settings does."""
    from callcontent.earned import skip_reason

    if settings.model_for("writer") == "none":
        return "no model"
    skipped = skip_reason(settings, "writer")
    return (
        f"measured here; a default run skips it ({skipped})"
        if skipped
        else "measured here; a default run uses it"
    )


def evaluate(
    gold_dir: Path,
    prompts: str | Path | None,
    baseline: str | Path | None,
    settings: Settings,
    out_dir: Path,
    repeat: int = 1,
    cache_path: Path | None = None,
    on_example: Any = None,
    labelled_dir: Path | None = None,
) -> dict[str, Any]:
    """Evaluate a prompt set (and a baseline) on the gold set and the labelled calls; writes the report."""
    examples = load_gold(gold_dir)
    thresholds = json.loads(THRESHOLDS.read_text()) if THRESHOLDS.exists() else {}
    # The eval is where a writer earns its place, so it runs the writer a default run may skip; the report
    # says what a default run does with this model.
    writer = writer_note(settings)
    if settings.writer_llm == "auto":
        settings = settings.model_copy(update={"writer_llm": "on"})
    with tempfile.TemporaryDirectory() as tmp:
        cand_dir = resolve_prompts(prompts, Path(tmp))
        base_dir = resolve_prompts(baseline, Path(tmp)) if baseline is not None else None
        cache = cache_path or (out_dir / "llm-cache.sqlite")
        cand_rows = run_prompt_set(examples, cand_dir, settings, cache, repeat, on_example)
        base_rows: list[dict[str, Any]] | None = None
        if base_dir is not None:
            if prompt_fingerprint(base_dir) == prompt_fingerprint(cand_dir) or not uses_llm(settings):
                base_rows = cand_rows  # same prompts (or no model): the runs would be identical
            else:
                base_rows = run_prompt_set(examples, base_dir, settings, cache, repeat, on_example)
        cand_versions = {n: load_prompt(n, cand_dir).version for n in PROMPT_NAMES}
        # Real calls with the candidate prompts, while they are on disk (a git ref is checked out here).
        labelled = score_real_calls(labelled_dir, settings, cand_dir) if labelled_dir is not None else None
        base_versions = {n: load_prompt(n, base_dir).version for n in PROMPT_NAMES} if base_dir else None
    summary = aggregate(cand_rows)
    report: dict[str, Any] = {
        "model": ", ".join(f"{r}={settings.model_for(r)}" for r in ROLES)
        if len({settings.model_for(r) for r in ROLES}) > 1
        else settings.model,
        "examples": len(examples),
        "repeat": repeat,
        "writer": writer,
        "candidate": {"prompts": str(prompts or "prompts/"), "versions": cand_versions, "summary": summary},
        "per_example": cand_rows,
        "thresholds": thresholds,
    }
    failures = gate_failures(summary, thresholds)
    from callcontent.evals.guides import score_guides

    report["guides"] = score_guides()
    failures += labelled_gate_failures(
        report["guides"], {"labelled_minimum": thresholds.get("guides_minimum", {})}, label="interview guides"
    )
    if labelled is not None:
        report["labelled"] = labelled
        # The hand-written critique is gated on each part of the fixed split at what it holds: the fitting
        # calls (development figures) and the validation calls (held out: never read).
        for part, part_summary in labelled["splits"].items():
            failures += labelled_gate_failures(
                part_summary,
                {
                    "labelled_minimum": thresholds.get(f"labelled_{part}_minimum", {}),
                    "labelled_maximum": thresholds.get(f"labelled_{part}_maximum", {}),
                },
                label=f"real calls ({part})",
            )
        failures += labelled_gate_failures(
            report["labelled"]["quotes"]["summary"],
            {
                "labelled_minimum": thresholds.get("labelled_quotes_minimum", {}),
                "labelled_maximum": thresholds.get("labelled_quotes_maximum", {}),
            },
        )
    if base_rows is not None:
        report["baseline"] = {
            "prompts": str(baseline),
            "versions": base_versions,
            "summary": aggregate(base_rows),
        }
        report["comparison"] = compare(base_rows, cand_rows, thresholds)
        report["changed_examples"] = changed_examples(base_rows, cand_rows)
        failures += [
            f"{c['metric']} regressed by {c['delta']:+.3f} (95% CI {c['ci_low']:+.3f}..{c['ci_high']:+.3f})"
            for c in report["comparison"]
            if c["regression"]
        ]
    report["failures"] = failures
    report["passed"] = not failures
    return report
