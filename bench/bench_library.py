"""The case-study library: ingest time for the shared case studies, embedding throughput, and query
latency (median, p95), with the numpy MiniLM and real embedded Chroma in a temporary folder."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from callcontent.store.embeddings import MiniLM
from callcontent.store.library import Library

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


def main() -> None:
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
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
