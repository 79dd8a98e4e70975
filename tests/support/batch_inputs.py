"""Inputs and environment shared by the batch tests and benches (local and cluster)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.support.fake_openai import FakeOpenAI

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "transcripts" / "good_interview.txt"
BAD = ROOT / "tests" / "fixtures" / "transcripts" / "bad_interview.txt"
SAMPLE = ROOT / "examples" / "sample_interview.txt"

# LLM calls one transcript costs under batch_env: the writer and the rubric review.
CALLS_PER_TRANSCRIPT = 2


def batch_env(server: FakeOpenAI) -> dict[str, str]:
    """The fake endpoint with the critic and quote ranking left to code.

    Each transcript then makes exactly the writer's and the review's calls, in order: what these tests
    count is the batch machinery, not which steps a model runs.
    """
    return {**server.cli_env(), "CALLCONTENT_CRITIC_LLM": "off", "CALLCONTENT_EXTRACTOR_LLM": "off"}


def distinct_transcripts(folder: Path, n: int, sources: Sequence[Path] = (GOOD, BAD, SAMPLE)) -> Path:
    """`n` transcripts `call_00.txt`… in `folder`, the sources in turn, each with its own last line.

    A batch knows transcripts by content, so plain copies would be one job.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        ending = "" if text.endswith("\n") else "\n"
        (folder / f"call_{i:02d}.txt").write_text(
            text + ending + f"Dana: Thanks again, this was call {i + 1}.\n"
        )
    return folder
