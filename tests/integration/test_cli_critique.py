"""`callcontent critique` as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, cli


def test_json_contract() -> None:
    proc = cli("critique", str(FIXTURES / "transcripts" / "bad_interview.txt"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data["transcript"]) >= {"path", "format", "turns", "words", "duration_s"}
    assert data["transcript"]["format"] == "plain" and data["transcript"]["turns"] == 13
    for s in data["speakers"]:
        assert set(s) >= {"name", "role", "words", "word_share", "turns"}
    assert data["interviewer"] == "Dana"
    assert set(data["metrics"]) >= {
        "interviewer_word_share",
        "questions",
        "open_questions",
        "closed_questions",
        "follow_ups",
    }
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert data["findings"]
    for f in data["findings"]:
        assert set(f) >= {"mistake", "turn", "timestamp", "evidence", "severity", "suggestion"}


def test_readable_report_and_interviewer_override() -> None:
    proc = cli("critique", str(FIXTURES / "transcripts" / "good_interview.txt"), "--interviewer", "Sam")
    assert proc.returncode == 0
    assert "Score:" in proc.stdout and "Who talked" in proc.stdout
    data = json.loads(
        cli(
            "critique", str(FIXTURES / "transcripts" / "good_interview.txt"), "--json", "--interviewer", "Sam"
        ).stdout
    )
    assert data["interviewer"] == "Sam"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "file not found"),
        (b"", "file is empty"),
        (b"\x00\x01\x02\x03binary\xff", "binary"),
        (b"Dear diary, nothing happened today.\n", "unrecognised transcript format"),
        (b"Ann: one\nAnn: two\n", "only one speaker"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, content: bytes | None, problem: str) -> None:
    f = tmp_path / "talk.txt"
    if content is not None:
        f.write_bytes(content)
    proc = cli("critique", str(f))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(f) in lines[0] and problem in lines[0]
    assert "Traceback" not in proc.stderr


def test_unknown_interviewer_exits_2() -> None:
    proc = cli("critique", str(FIXTURES / "transcripts" / "good_interview.txt"), "--interviewer", "Zed")
    assert proc.returncode == 2 and "'Zed' is not a speaker" in proc.stderr


def test_pipes_and_devices_are_refused_not_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "interview.txt"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/zero"):
        proc = cli("critique", target, timeout=30)
        assert proc.returncode == 2 and "not a regular file" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
