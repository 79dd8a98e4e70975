"""The endpoint path from a fresh install: a chosen endpoint is used, a dead one is a degraded run, doctor."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import openai

from tests.conftest import ROOT, cli
from tests.support.fake_openai import FakeOpenAI, pipeline_responder

SAMPLE = ROOT / "examples" / "sample_interview.txt"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def closed_port_env() -> dict[str, str]:
    return {
        **os.environ,
        "CALLCONTENT_WRITER_LLM": "on",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{closed_port()}/v1",
        "OPENAI_API_KEY": "sk-test-closed-0123456789",
    }


def test_the_locked_sdk_accepts_the_timeout_the_client_builds() -> None:
    # openai 3 is built on httpx2 and refuses httpx's Timeout (every model call was a traceback).
    client = openai.OpenAI(
        api_key="x", base_url="http://127.0.0.1:1/v1", timeout=openai.Timeout(5, connect=1)
    )
    assert client.timeout is not None
    client.close()


def test_a_closed_port_is_a_degraded_run_in_one_line_within_a_minute(tmp_path: Path) -> None:
    started = time.monotonic()
    proc = cli(
        "run", str(SAMPLE), "--model", "openai:gpt-4o-mini", "--out", str(tmp_path / "run"),
        "--library", str(tmp_path / "lib"), "--export", "docx", env=closed_port_env(), timeout=120,
    )  # fmt: skip
    assert time.monotonic() - started < 60
    assert proc.returncode == 3, proc.stderr
    # The fallbacks are not exported for publishing, and that does not hide the degraded run's exit code.
    assert "not exported" in proc.stderr and not (tmp_path / "run" / "export").exists()
    assert "Traceback" not in proc.stderr
    degraded = [line for line in proc.stderr.splitlines() if line.startswith("callcontent: degraded:")]
    assert len(degraded) == 1 and "127.0.0.1" in degraded[0]
    result = json.loads((tmp_path / "run" / "result.json").read_text())
    assert result["status"] == "degraded" and result["drafts"]["case_study"]  # fallbacks written


def test_an_endpoint_model_writes_the_drafts_by_default(tmp_path: Path) -> None:
    server = FakeOpenAI(responder=pipeline_responder)
    env = {k: v for k, v in server.cli_env().items() if k != "CALLCONTENT_WRITER_LLM"}
    try:
        proc = cli(
            "run", str(SAMPLE), "--model", "openai:fake-model", "--out", str(tmp_path / "run"),
            "--library", str(tmp_path / "lib"), env=env,
        )  # fmt: skip
    finally:
        server.close()
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "run" / "result.json").read_text())
    assert result["drafts"]["writer"] == "openai:fake-model" and not result["drafts"]["extractive"]
    assert result["meta"]["steps"]["writer"] == "model openai:fake-model"
    assert not result["meta"]["skipped_steps"]
    assert "writer by model openai:fake-model" in " ".join(proc.stdout.split())


def test_config_says_which_step_uses_which_model() -> None:
    env = {**os.environ, "CALLCONTENT_WRITER_MODEL": "openai:gpt-4o-mini"}
    proc = cli("config", "--json", env=env)
    steps = json.loads(proc.stdout)["steps"]
    assert steps["writer"] == "model openai:gpt-4o-mini"
    assert steps["critic"].startswith("code (")  # the local model has not earned the critic step


def test_doctor_reports_a_live_endpoint_with_the_model_it_served() -> None:
    server = FakeOpenAI(responder=lambda _body: "OK")
    try:
        proc = cli("doctor", "--model", "openai:fake-model", "--json", env=server.cli_env())
    finally:
        server.close()
    assert proc.returncode == 0, proc.stderr
    (check,) = json.loads(proc.stdout)
    assert check["ok"] and check["served_model"] and check["latency_s"] >= 0
    assert check["roles"] == ["critic", "extractor", "writer", "reviewer", "judge"]


def test_doctor_reports_a_closed_port_as_down_within_30_s() -> None:
    started = time.monotonic()
    proc = cli("doctor", "--model", "openai:gpt-4o-mini", env=closed_port_env(), timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1
    assert "down" in proc.stdout and "nothing answered" in " ".join(proc.stdout.split())
