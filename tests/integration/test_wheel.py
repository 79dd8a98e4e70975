"""The built wheel: one top-level name, the data it needs, and the CLI working outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    # Build from a copy: setuptools builds in-tree (build/), and a stale build/ would leak into the wheel.
    source = tmp_path_factory.mktemp("src") / "callcontent"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "runs", "*.egg-info", "__pycache__"),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (built,) = dist.glob("callcontent-*.whl")
    return built


def test_the_wheel_has_one_top_level_name_and_carries_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"callcontent", wheel.name.split("-py")[0] + ".dist-info"}
    for needed in (
        "callcontent/agents/critique.py",
        "callcontent/graph.py",
        "callcontent/prompts/write.md",
        "callcontent/evals/thresholds.json",
        "callcontent/evals/gold/01_all_mistakes/gold.json",
        "callcontent/evals/worsened/write.md",
        "callcontent/store/library.py",
        # The fitted numbers the code ships beside it: without them the installed tool silently differs.
        "callcontent/quotability_head.json",
        "callcontent/critique/critique_heads.json",
        "callcontent/evals/labelled_split.json",
        "callcontent/live/live_precision.json",
    ):
        assert needed in names


def test_the_installed_wheel_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies come from this interpreter's site-packages (a plain path entry, so the
    # checkout's editable install is not on the path); the project itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    sample = work / "interview.txt"
    sample.write_text((ROOT / "examples" / "sample_interview.txt").read_text(encoding="utf-8"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), "-m", "callcontent.cli", *args],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=600,
        )

    where = subprocess.run(
        [str(python), "-c", "import callcontent; print(callcontent.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and "site-packages" in where
    assert run("critique", "interview.txt", "--json").returncode == 0
    config = run("config", "--json")
    assert config.returncode == 0 and '"library"' in config.stdout
    evaluated = run("eval", "--model", "none", "--out", str(work / "eval"))
    assert evaluated.returncode == 0, evaluated.stdout[-2000:] + evaluated.stderr
    assert (work / "eval" / "eval.json").is_file()
