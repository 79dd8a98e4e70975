"""`callcontent eval --model none` as CI runs it.

Also a deliberately broken gold example, malformed gold files, and a deliberately worsened prompt
compared with the real ones.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from callcontent.critique import MISTAKES
from callcontent.evals.runner import GOLD_DIR, load_gold
from callcontent.prompts import PROMPTS_DIR, load_prompt
from tests.conftest import ROOT, cli
from tests.support.fake_chat import plan
from tests.support.fake_openai import FakeOpenAI, pipeline_responder


def test_gold_set_covers_every_mistake_with_and_without() -> None:
    examples = load_gold(GOLD_DIR)
    assert len(examples) >= 15
    for mistake in MISTAKES:
        having = [e for e in examples if any(f["mistake"] == mistake for f in e.gold["findings"])]
        lacking = [e for e in examples if not any(f["mistake"] == mistake for f in e.gold["findings"])]
        assert having and lacking, mistake


def test_eval_model_none_passes_the_thresholds(tmp_path: Path) -> None:
    proc = cli("eval", "--model", "none", "--out", str(tmp_path), timeout=1500)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    report = json.loads((tmp_path / "eval.json").read_text())
    assert report["passed"] and report["examples"] >= 15
    assert report["candidate"]["summary"]["gate_numbers_grounded"] == 1.0
    assert "Asking closed questions" in (tmp_path / "eval.md").read_text()
    assert (tmp_path / "eval.html").read_text().startswith("<!DOCTYPE html>")


def test_eval_fails_when_a_gold_example_is_not_met(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD_DIR / "02_clean_interview", gold / "02_clean_interview")
    spec = json.loads((gold / "02_clean_interview" / "gold.json").read_text())
    spec["interviewer"] = "Omar"  # wrong on purpose: the interviewer check must fail the run
    (gold / "02_clean_interview" / "gold.json").write_text(json.dumps(spec))
    proc = cli("eval", "--model", "none", "--gold", str(gold), "--out", str(tmp_path / "out"), timeout=1500)
    assert proc.returncode == 1
    assert "interviewer_accuracy is 0.000, under the minimum 1.0" in proc.stdout


def eval_against_the_test_endpoint(
    tmp_path: Path, prompt_set: str, examples: tuple[str, ...], writer: Callable[[dict[str, Any]], str]
) -> subprocess.CompletedProcess[str]:
    """`callcontent eval --prompts evals/PROMPT_SET` against the real prompts over `examples`.

    The model is the test endpoint, whose writer is `writer`.
    """
    gold = tmp_path / "gold"
    for name in examples:
        shutil.copytree(GOLD_DIR / name, gold / name)
    server = FakeOpenAI(responder=writer)
    try:
        return cli(
            "eval",
            "--model",
            "openai:fake-model",
            "--gold",
            str(gold),
            "--prompts",
            str(ROOT / "evals" / prompt_set),
            "--baseline",
            str(PROMPTS_DIR),
            "--out",
            str(tmp_path / "out"),
            env=server.cli_env(),
            timeout=1500,
        )
    finally:
        server.close()


def test_a_prompt_without_the_verbatim_rule_is_reported_as_a_regression(tmp_path: Path) -> None:
    # A writer over HTTP that obeys its prompt: without the rule "never type a quote yourself" it invents
    # a figure, as a model told to add striking statistics does. The comparison must exit 1 on it.
    def writer_follows_the_prompt(body: dict[str, Any]) -> str:
        reply = pipeline_responder(body)
        prompt = " ".join(str(body["messages"][-1]["content"]).lower().split())
        if "pull_quote_ids" in reply and "never type a quote yourself" not in prompt:
            return json.dumps(plan(results="Costs fell 73 percent. {{Q1}}"))
        return reply

    examples = ("02_clean_interview", "05_pitching_interviewer", "10_no_publish_permission")
    proc = eval_against_the_test_endpoint(tmp_path, "worsened", examples, writer_follows_the_prompt)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    said = " ".join(proc.stdout.split())
    assert "first_draft_invented regressed by +1.000" in said
    assert "unsupported_cut regressed by +1.000" in said
    report = json.loads((tmp_path / "out" / "eval.json").read_text())
    assert report["candidate"]["versions"]["write"] == "worsened-2"
    assert report["baseline"]["versions"]["write"] == load_prompt("write").version
    assert report["candidate"]["summary"]["gate_numbers_grounded"] == 1.0  # code cut every invention


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"findings": NaN}', "NaN"),
        ('{"findings": [{"mistake": "no_silence", "turn": 1e400}]}', "out of range"),
        ('{"findings": [{"mistake": "no_silense", "turn": 3}]}', "findings[0].mistake"),
        ('{"findings": [{"mistake": "no_silence", "turn": "x"}]}', "findings[0].turn"),
        ('{"quotes": "one quote"}', "'quotes'"),
        ('{"findings": [], "quotse": []}', "'quotse'"),
        ("[1]", "top level"),
        ("[" * 100_000 + "]" * 100_000, "cannot be read"),
    ],
)
def test_a_bad_gold_file_is_one_line_naming_the_file_and_the_field(
    tmp_path: Path, content: str, named: str
) -> None:
    example = tmp_path / "gold" / "ex"
    example.mkdir(parents=True)
    shutil.copy(GOLD_DIR / "01_all_mistakes" / "transcript.txt", example / "transcript.txt")
    (example / "gold.json").write_text(content)
    proc = cli("eval", "--gold", str(tmp_path / "gold"), "--model", "none", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert str(example / "gold.json") in proc.stderr and named in proc.stderr


# What a writer that follows "present every figure as an improvement" writes on each example, all with
# numbers really in the transcript: a share as a rise, a rate as a cut, a level as the size of a change.
MISREADINGS = {
    "Interviewer: Nadia": "Organic search leads increased by 40%. Churn was reduced to 3% a month. {{Q1}}",
    "Interviewer: Lena": "Overtime was cut by 180 hours a month. {{Q1}}",
    "Interviewer: Sara": "First replies got 19 hours faster. {{Q1}}",
}


def test_a_prompt_that_invites_misreadings_is_caught_by_the_claims_metric(tmp_path: Path) -> None:
    def writer_follows_the_prompt(body: dict[str, Any]) -> str:
        reply = pipeline_responder(body)
        prompt = str(body["messages"][-1]["content"])
        if "pull_quote_ids" in reply and "as an improvement the customer achieved" in prompt:
            misread = next(text for name, text in MISREADINGS.items() if name in prompt)
            return json.dumps(plan(results=misread))
        return reply

    examples = ("02_clean_interview", "04_number_not_followed", "19_retro_figures")
    proc = eval_against_the_test_endpoint(tmp_path, "misreading", examples, writer_follows_the_prompt)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    report = json.loads((tmp_path / "out" / "eval.json").read_text())
    first = next(c for c in report["comparison"] if c["metric"] == "false_claims_first")
    assert first["regression"] and first["ci_low"] > 0, first
    assert report["baseline"]["summary"]["false_claims_first"] == 0
    assert report["baseline"]["summary"]["false_claims_final"] == 0
    # Code sends back and cuts the misreadings it can see (the share, the rate, the old level as a
    # speed-up); the level read as the size of the cut it cannot, and the gate fails on it.
    final = {row["example"]: row["false_claims_final"] for row in report["per_example"]}
    assert final["19_retro_figures"] == 0 and final["04_number_not_followed"] == 0, final
    assert final["02_clean_interview"] >= 1
    assert "false_claims_final is" in proc.stdout
    # The eval measures the writer (here forced on, as for every run against the test endpoint), and on the
    # real calls where they are beside the checkout.
    assert report["writer"] == "measured here; a default run uses it"
    if "labelled" in report:
        writer = report["labelled"]["writer"]
        assert writer["calls"] == len(writer["per_call"]) == report["labelled"]["summary"]["calls"]
