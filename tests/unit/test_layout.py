"""One home per module: the top-level folders and graph.py reach the package through links, not copies."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import callcontent.graph

ROOT = Path(__file__).resolve().parents[2]
LINKS = {
    "agents": "../agents",
    "store": "../store",
    "evals": "../evals",
    "prompts": "../prompts",
    "graph.py": "../graph.py",
}


@pytest.mark.parametrize("name", sorted(LINKS))
def test_each_top_level_name_is_a_link_into_the_package(name: str) -> None:
    link = ROOT / "callcontent" / name
    assert link.is_symlink(), f"callcontent/{name} must be a link to {LINKS[name]}, not a copy"
    assert link.readlink() == Path(LINKS[name])


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("name", sorted(LINKS))
def test_git_stores_each_link_as_a_link(name: str) -> None:
    out = subprocess.run(
        ["git", "ls-files", "-s", f"callcontent/{name}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("120000 "), out.stdout  # mode 120000 is a symbolic link


def test_langgraph_serves_the_file_the_cli_runs() -> None:
    served = json.loads((ROOT / "langgraph.json").read_text())["graphs"]["callcontent"].split(":")[0]
    assert (ROOT / served).resolve() == Path(callcontent.graph.__file__).resolve()
