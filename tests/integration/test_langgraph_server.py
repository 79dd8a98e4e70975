"""The graph under the LangGraph server (`langgraph dev`), as the README promises.

One run of the sample through its HTTP API with code-only settings.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

LANGGRAPH = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "langgraph"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = str(LANGGRAPH) if LANGGRAPH.exists() else shutil.which("langgraph")
    if binary is None:
        pytest.skip("langgraph-cli[inmem] is not installed (it is in the dev extra)")
    port = _free_port()
    log = tmp_path_factory.mktemp("langgraph") / "server.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [binary, "dev", "--host", "127.0.0.1", "--port", str(port), "--no-browser", "--no-reload"],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGSMITH_TRACING": "false"},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/ok", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(f"langgraph dev exited: {log.read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail(f"langgraph dev did not answer in 120 s: {log.read_text()[-2000:]}")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_run_through_the_server_returns_quotes_and_drafts(server: str) -> None:
    body = {
        "assistant_id": "callcontent",
        "input": {
            "transcript_text": (ROOT / "examples" / "sample_interview.txt").read_text(encoding="utf-8")
        },
        "context": {"settings": {"model": "none"}},
    }
    request = urllib.request.Request(
        f"{server}/runs/wait", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        result = json.loads(response.read())
    assert "__error__" not in result, result
    assert 10 <= len(result["quotes"]) <= 15 and all(q["verified"] for q in result["quotes"])
    assert result["drafts"]["case_study"] and result["critique"]["findings"]
    assert result["review"]["passed"]
