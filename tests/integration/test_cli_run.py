"""`callcontent run` against a fake OpenAI-compatible server: what the user is told about the review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, cli
from tests.support.fake_chat import plan
from tests.support.fake_openai import FakeOpenAI, pipeline_responder


def run_with(responder: Callable[[dict[str, Any]], str], out: Path) -> tuple[str, dict[str, Any]]:
    server = FakeOpenAI(responder=responder)
    try:
        proc = cli(
            "run",
            str(FIXTURES / "transcripts" / "good_interview.txt"),
            "--model",
            "openai:fake-model",
            "--out",
            str(out),
            "--library",
            str(out.parent / "no-library"),
            env=server.cli_env(),
        )
    finally:
        server.close()
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, json.loads((out / "result.json").read_text())


def test_clean_drafts_are_reported_as_passed(tmp_path: Path) -> None:
    stdout, result = run_with(pipeline_responder, tmp_path / "run")
    assert "review passed · 1 review round(s)" in " ".join(stdout.split())
    assert not result["review"].get("removed_by_code")
    assert not (tmp_path / "run" / "drafts" / "case_study.md").read_text().startswith(">")


def test_a_pass_after_code_cut_an_invented_figure_says_so(tmp_path: Path) -> None:
    def invents_a_figure(body: dict[str, Any]) -> str:
        reply = pipeline_responder(body)
        if "case_study" in reply:  # the writer's plan
            return json.dumps(plan(results="Closing took two days. Costs fell 73 percent. {{Q1}}"))
        return reply

    stdout, result = run_with(invents_a_figure, tmp_path / "run")
    said = " ".join(stdout.split())
    assert (
        "review passed once code removed 1 unsupported sentence(s)" in said and "review passed ·" not in said
    )
    review = result["review"]
    assert not review["gates"]["numbers_grounded"] and review["gates_after_removal"]["numbers_grounded"]
    case_study = (tmp_path / "run" / "drafts" / "case_study.md").read_text()
    assert (
        case_study.startswith("> **Code removed 1 unsupported sentence(s)**")
        and "73" not in case_study.split("\n\n", 1)[1]
    )
