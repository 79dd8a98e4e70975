"""Shared test helpers: fixture paths and the optional real data in ../shared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SHARED_TRANSCRIPTS = SHARED / "data" / "transcripts"
SHARED_CASE_STUDIES = SHARED / "data" / "case_studies"


def shared_or_skip(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared data folder is not beside this checkout)")
    return path


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """Run `callcontent ARGS...` as a user would: a real subprocess of this interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "callcontent.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
