"""The case-study library.

Ingest time for the shared case studies, embedding throughput, query latency (median, p95), and one 5 MB
story's ingest time and peak memory (`library add` in its own process), with the numpy MiniLM and real
embedded Chroma in a temporary folder.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from callcontent.store.library import Library
from callcontent.store.minilm import MiniLM

CASES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "case_studies"
QUERIES = [
    "real-time messaging at scale",
    "farming robots embedded hardware",
    "payments and rewards at a credit card company",
    "travel booking API for flights",
    "observability migration to OpenTelemetry",
    "data pipelines orchestration for a TV provider",
    "startup scaling an AI chatbot",
    "grid management embedded devices",
]


def five_megabyte_story(path: Path) -> Path:
    """A 5 MB story of varied paragraphs (words from a fixed vocabulary, deterministically)."""
    rng = random.Random(7)
    vocabulary = " ".join(QUERIES).split() + [f"term{i}" for i in range(400)]
    with path.open("w") as handle:
        handle.write("# A very long story\n\n")
        while handle.tell() < 5_000_000:
            handle.write(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 400))) + "\n\n")
    return path


# Peak memory of the command itself: /proc's VmHWM starts afresh at exec, while ru_maxrss of a child
# also counts the size of the process that forked it.
PEAK_AT_EXIT = (
    "import atexit, re, sys\n"
    "atexit.register(lambda: sys.stderr.write('VmHWM_kB=' + re.search(r'VmHWM:\\s+(\\d+)', "
    "open('/proc/self/status').read()).group(1) + '\\n'))\n"
    "from callcontent.cli import main\n"
    "sys.argv[0] = 'callcontent'\n"
    "main()\n"
)


def peak_mb_of(stderr: str) -> float:
    """The VmHWM line PEAK_AT_EXIT wrote, in MB."""
    found = re.search(r"VmHWM_kB=(\d+)", stderr)
    if not found:
        raise RuntimeError(f"no peak memory reported: {stderr[-300:]}")
    return round(int(found.group(1)) / 1024, 1)


def large_story(tmp: Path) -> dict[str, float]:
    """`callcontent library add` of a 5 MB story: wall time and the command's peak memory."""
    story = five_megabyte_story(tmp / "long.md")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_AT_EXIT, "library", "add", str(story), "--library", str(tmp / "big")],
        check=True,
        capture_output=True,
        text=True,
    )
    return {
        "large_story_mb": round(story.stat().st_size / 1e6, 1),
        "large_story_s": round(time.perf_counter() - t0, 1),
        "large_story_peak_mb": peak_mb_of(proc.stderr),
    }


def main() -> None:
    """Run the library benchmarks and print the figures as JSON."""
    if not CASES.exists():
        sys.exit(f"{CASES} is absent")
    files = sorted(p for p in CASES.iterdir() if p.name != "SOURCES.md")
    model = MiniLM()
    sentences = [
        line.strip() for f in files[:10] for line in f.read_text().splitlines() if len(line.split()) > 6
    ][:500]
    t0 = time.perf_counter()
    model.embed(sentences)
    throughput = len(sentences) / (time.perf_counter() - t0)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        lib = Library(tmp)
        report = lib.add_paths(files)
        ingest_s = time.perf_counter() - t0
        latencies = []
        for _ in range(5):
            for q in QUERIES:
                t1 = time.perf_counter()
                lib.search(q, k=5)
                latencies.append((time.perf_counter() - t1) * 1000)
        latencies.sort()
        print(
            json.dumps(
                {
                    "stories": len(report.added),
                    "chunks": report.chunks,
                    "ingest_s": round(ingest_s, 2),
                    "embedding_sentences_per_s": round(throughput, 1),
                    "query_ms_median": round(statistics.median(latencies), 1),
                    "query_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
                    "queries": len(latencies),
                    **large_story(Path(tmp)),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
