"""`callcontent run` against a fake OpenAI-compatible server: what the user is told about the review."""

from __future__ import annotations

import json
import os
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


def test_run_retrieves_from_the_library_it_is_given(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    story = tmp_path / "story.md"
    story.write_text(
        "---\ntitle: Payroll close at a logistics firm\ncustomer: Ana\n---\n# Challenge\n"
        "Month-end payroll took six days of spreadsheet work for the finance team.\n"
        "# Results\nThe close now takes two days and nobody retypes figures by hand.\n",
        encoding="utf-8",
    )
    added = cli("library", "add", str(story), "--library", str(library))
    assert added.returncode == 0, added.stderr
    out = tmp_path / "run"
    proc = cli(
        "run",
        str(FIXTURES / "transcripts" / "good_interview.txt"),
        "--model",
        "none",
        "--library",
        str(library),
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    retrieved = json.loads((out / "result.json").read_text())["retrieved"]
    assert retrieved["status"] == "ok" and retrieved["library"] == str(library)
    assert retrieved["case_studies"][0]["title"] == "Payroll close at a logistics firm"


def test_config_shows_every_setting(tmp_path: Path) -> None:
    proc = cli("config", "--json", env={**os.environ, "CALLCONTENT_LIBRARY": str(tmp_path / "lib")})
    data = json.loads(proc.stdout)
    for key in (
        "library",
        "chroma_url",
        "embeddings",
        "prompts_dir",
        "cache_dir",
        "local_model",
        "critic_llm",
    ):
        assert key in data
    assert data["library"] == str(tmp_path / "lib")
