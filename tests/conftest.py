"""Shared test helpers: fixture paths and the optional real data in ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from callcontent.llm.pacing import DOWN_ENDPOINTS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SHARED_TRANSCRIPTS = SHARED / "data" / "transcripts"
SHARED_CASE_STUDIES = SHARED / "data" / "case_studies"


# The developer's shell must not change what the tests exercise: a CALLCONTENT_MODEL or OPENAI_BASE_URL
# left in a shell would point every test at another backend.
_HERMETIC_PREFIXES = ("CALLCONTENT_", "OPENAI_")


@pytest.fixture(autouse=True)
def hermetic_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Clear CALLCONTENT_*/OPENAI_* variables and point the library at a temp dir for every test.

    The assembled local model stays in the user's cache (a 1.1 GB file is assembled once, not per test),
    so CALLCONTENT_CACHE_DIR is kept when the outer environment sets it for that reason.
    """
    saved = {k: v for k, v in os.environ.items() if k.startswith(_HERMETIC_PREFIXES)}
    for key in saved:
        del os.environ[key]
    if "CALLCONTENT_CACHE_DIR" in saved:
        os.environ["CALLCONTENT_CACHE_DIR"] = saved["CALLCONTENT_CACHE_DIR"]
    os.environ["CALLCONTENT_LIBRARY"] = str(tmp_path_factory.mktemp("library"))
    DOWN_ENDPOINTS.clear()  # an endpoint one test took down is not down for the next
    try:
        yield
    finally:
        for key in [k for k in os.environ if k.startswith(_HERMETIC_PREFIXES)]:
            del os.environ[key]
        os.environ.update(saved)


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
