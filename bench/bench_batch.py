"""`callcontent batch` against a fake OpenAI-compatible server with a latency and a rate limit.

Measures throughput as a fraction of what the limit allows, failures, and peak memory of the batch
process at two batch sizes (it should stay flat as the batch grows).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.batch_inputs import GOOD, SAMPLE, distinct_transcripts  # noqa: E402
from tests.support.fake_openai import FakeOpenAI, pipeline_responder  # noqa: E402

CALLS_PER_TRANSCRIPT = 4


def run(n: int, limit: int, window: float, latency: float, concurrency: int, pace: bool) -> dict[str, object]:
    """One batch of `n` transcripts against a rate-limited fake endpoint; throughput, failures, peak memory."""
    server = FakeOpenAI(responder=pipeline_responder, delay=latency, rpm_limit=limit, window_s=window)
    tmp = Path(tempfile.mkdtemp())
    try:
        (tmp / "in").mkdir()
        distinct_transcripts(tmp / "in", n, sources=(GOOD, SAMPLE))
        env = {
            **os.environ,
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-bench-000000000000",
            "CALLCONTENT_MAX_ATTEMPTS": "50",
            "CALLCONTENT_MAX_RETRY_TIME_S": "600",
        }
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "callcontent.cli",
                "batch",
                str(tmp / "in"),
                "--out",
                str(tmp / "out"),
                "--model",
                "openai:fake-model",
                "--concurrency",
                str(concurrency),
                "--library",
                str(tmp / "none"),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=3600,
        )
        wall = time.perf_counter() - t0
        summary = json.loads((tmp / "out" / "summary.json").read_text())
        requests = n * CALLS_PER_TRANSCRIPT
        ideal = requests / (limit / window)  # the time the limit allows at its steady rate
        return {
            "transcripts": n,
            "requests": len(server.requests),
            "rejected_429": server.rejected,
            "limit": f"{limit} requests / {window:g} s",
            "latency_s": latency,
            "concurrency": concurrency,
            "paced_to_limit": pace,
            "wall_s": round(wall, 1),
            "ideal_s": round(ideal, 1),
            "throughput_fraction_of_limit": round(ideal / wall, 3) if wall else None,
            "failed": len(summary["failed"]),
            "peak_rss_mb": summary["peak_rss_mb"],
        }
    finally:
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    """Run the batch benchmark at each size given and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,200")
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--window", type=float, default=6.0)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--no-pace", action="store_true", help="only react to 429s, do not pace to the limit")
    args = parser.parse_args()
    results = [
        run(int(n), args.limit, args.window, args.latency, args.concurrency, not args.no_pace)
        for n in args.sizes.split(",")
    ]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
