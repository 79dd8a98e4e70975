"""`callcontent run` writes the pieces a call supports, says what it left out, and `--pieces` overrides."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import cli
from tests.support.call_kinds import CHURN, PLANNING


def _run(tmp_path: Path, text: str, *extra: str) -> tuple[str, Path]:
    source = tmp_path / "call.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "run"
    proc = cli("run", str(source), "--model", "none", "--out", str(out), *extra)
    assert proc.returncode == 0, proc.stderr
    return " ".join(proc.stdout.split()), out


def test_a_churn_interview_gets_a_memo_and_the_run_says_what_it_did_not_write(tmp_path: Path) -> None:
    said, out = _run(tmp_path, CHURN)
    drafts = sorted(p.name for p in (out / "drafts").iterdir())
    assert drafts == ["insight_memo.md", "testimonials.md"]
    assert (
        "Not written (a churn interview): case study, blog post, social posts: a churn interview has no"
        in said
    )
    assert "(--pieces writes them anyway)" in said
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["drafts"]["content_kind"] == "churn" and result["drafts"]["insight_memo"]


def test_pieces_override_and_a_rerun_leaves_no_stale_piece(tmp_path: Path) -> None:
    said, out = _run(tmp_path, PLANNING, "--pieces", "case_study,insight_memo")
    assert sorted(p.name for p in (out / "drafts").iterdir()) == ["case_study.md", "insight_memo.md"]
    assert "not asked for (--pieces)" in said
    # The same folder again without the override: the case study this tool wrote is not left behind.
    _run(tmp_path, PLANNING)
    assert sorted(p.name for p in (out / "drafts").iterdir()) == ["insight_memo.md"]
    assert not (out / "approval_email.md").exists()


def test_an_unknown_piece_is_refused_before_anything_runs(tmp_path: Path) -> None:
    source = tmp_path / "call.txt"
    source.write_text(PLANNING, encoding="utf-8")
    proc = cli(
        "run", str(source), "--model", "none", "--out", str(tmp_path / "run"), "--pieces", "case_study,press"
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "--pieces: unknown press" in proc.stderr and not (tmp_path / "run").exists()


def test_a_run_with_no_case_study_says_why_there_is_nothing_to_approve(tmp_path: Path) -> None:
    _, out = _run(tmp_path, PLANNING)
    proc = cli("approve", str(out), "--by", "Sam", "--library", str(tmp_path / "library"))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "no case study to approve (a planning session has no results yet" in proc.stderr
