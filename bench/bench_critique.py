"""Parse + critique of a 10,000-word transcript with no LLM.

Median of repeated runs (target < 1 s; the critique reads exchanges, not single turns, and measured about 59
ms here, 39 ms before it did).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from callcontent.critique import critique_transcript
from callcontent.ingest import parse_text
from callcontent.transcript import count_words

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "transcripts"


def make_transcript(words: int) -> str:
    """Alternate the bad and good fixture interviews until the transcript has `words` words."""
    blocks = [(FIXTURES / n).read_text() for n in ("good_interview.txt", "bad_interview.txt")]
    parts: list[str] = []
    total = 0
    while total < words:
        block = blocks[len(parts) % 2]
        parts.append(block)
        total += count_words(block) - block.count("\n")  # labels are not words of the interview
    return "\n".join(parts)


def main() -> None:
    """Time parse + critique of a long transcript and print the median as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    text = make_transcript(args.words)
    critique_transcript(parse_text(text))  # warm up regex caches and imports
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        transcript = parse_text(text)
        critique_transcript(transcript)
        times.append((time.perf_counter() - t0) * 1000)
    result = {
        "words": transcript.words,
        "turns": len(transcript.turns),
        "repeat": args.repeat,
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "target_ms": 1000,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
