"""`callcontent eval --model none` as CI runs it, and a deliberately broken gold example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from callcontent.critique_rules import MISTAKES
from evals.runner import GOLD_DIR, load_gold
from tests.conftest import cli


def test_gold_set_covers_every_mistake_with_and_without() -> None:
    examples = load_gold(GOLD_DIR)
    assert len(examples) >= 15
    for mistake in MISTAKES:
        having = [e for e in examples if any(f["mistake"] == mistake for f in e.gold["findings"])]
        lacking = [e for e in examples if not any(f["mistake"] == mistake for f in e.gold["findings"])]
        assert having and lacking, mistake


def test_eval_model_none_passes_the_thresholds(tmp_path: Path) -> None:
    proc = cli("eval", "--model", "none", "--out", str(tmp_path), timeout=600)
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
    proc = cli("eval", "--model", "none", "--gold", str(gold), "--out", str(tmp_path / "out"), timeout=600)
    assert proc.returncode == 1
    assert "interviewer_accuracy is 0.000, under the minimum 1.0" in proc.stdout
