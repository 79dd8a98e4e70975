"""`callcontent run` against a fake OpenAI-compatible server: what the user is told about the review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_out_dot_in_a_folder_of_other_files_is_refused_and_nothing_is_touched(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    transcript = work / "interview.txt"
    transcript.write_text((FIXTURES / "transcripts" / "good_interview.txt").read_text(encoding="utf-8"))
    (work / "notes.md").write_text("my own notes\n")
    before = _tree(work)
    proc = subprocess.run(
        [sys.executable, "-m", "callcontent.cli", "run", "interview.txt", "--model", "none", "--out", "."],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2 and "not a Call-Content run folder" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert _tree(work) == before


def test_out_naming_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("precious\n")
    proc = cli(
        "run", str(FIXTURES / "transcripts" / "good_interview.txt"), "--model", "none", "--out", str(target)
    )
    assert proc.returncode == 2 and "is a file" in proc.stderr
    assert target.read_text() == "precious\n" and sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_rerunning_into_a_run_folder_replaces_only_the_tools_files(tmp_path: Path) -> None:
    out = tmp_path / "run"
    sample = str(FIXTURES / "transcripts" / "good_interview.txt")
    assert cli("run", sample, "--model", "none", "--out", str(out)).returncode == 0
    (out / "my-edits.md").write_text("the customer's corrections\n")
    (out / "critique.md").write_text("stale\n")
    assert cli("run", sample, "--model", "none", "--out", str(out)).returncode == 0
    assert (out / "my-edits.md").read_text() == "the customer's corrections\n"
    assert (out / "critique.md").read_text() != "stale\n"
    assert not [p for p in tmp_path.rglob("*callcontent-tmp*")]  # no temp folders or files left behind


def test_an_unwritable_out_is_refused_before_the_work_starts(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        proc = cli(
            "run",
            str(FIXTURES / "transcripts" / "good_interview.txt"),
            "--model",
            "none",
            "--out",
            str(locked / "run"),
        )
        assert proc.returncode == 2 and "not writable" in proc.stderr
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"status": "ok", "quotes": [{"text": NaN}]}', "NaN"),
        ('{"a": 1e400}', "out of range"),
        ("[" * 100_000 + "]" * 100_000, "cannot be read"),
        ('{"a": 1}', "'status'"),
    ],
)
def test_report_refuses_a_result_json_a_run_did_not_write(tmp_path: Path, content: str, named: str) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "result.json").write_text(content)
    proc = cli("report", str(run))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert named in proc.stderr and str(run / "result.json") in proc.stderr
    assert not (run / "result.html").exists()


def test_report_names_the_field_of_a_result_json_with_a_wrong_type(tmp_path: Path) -> None:
    _, result = run_with(pipeline_responder, tmp_path / "out")
    result["quotes"][0]["text"] = 5
    (tmp_path / "out" / "result.json").write_text(json.dumps(result))
    proc = cli("report", str(tmp_path / "out"))
    assert proc.returncode == 2 and "field 'quotes[0].text'" in proc.stderr
