"""`callcontent watch` latency: seconds from the words that trigger a signal to the line on the screen.

The planted call (tests/support/planted_call.py: a monologue, a closed question answered with one word,
a vague "a lot", a sign-off with no permission line) is followed three ways, each in its own process:
- a VTT file written cue by cue at the call's own pace (budget: 2 s);
- `--replay` of the call voiced with espeak-ng, one channel per person, at real speed (budget: 6 s);
- the same as one mono mix (speakers told apart by voice as the call goes).
Transcript mode measures from when a cue was written to when its event was printed; audio mode from
when the triggering words had been played (watch's own `latency_s`).
Run: `python -m bench.bench_watch [vtt|stereo|mono ...]` (default all three; about 8 minutes).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tests.support.planted_call import EXPECTED, PLANTED, vtt_cues
from tests.support.synthetic_call import synthesise, write_wav

BUDGET_S = {"vtt": 2.0, "stereo": 6.0, "mono": 6.0}


def _events(stdout: str) -> list[dict[str, Any]]:
    return [
        e
        for e in (json.loads(line) for line in stdout.splitlines() if line.strip())
        if e["event"] == "signal"
    ]


def _watch(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "callcontent.cli", "watch", *args, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def vtt(folder: Path) -> list[dict[str, Any]]:
    """A VTT file written cue by cue, each after its pause and the time its words take to say."""
    source = folder / "planted.vtt"
    source.write_text("WEBVTT\n\n", encoding="utf-8")
    written: list[float] = []

    def write() -> None:
        for (_, text, pause), cue in zip(PLANTED, vtt_cues(PLANTED), strict=True):
            time.sleep(pause + len(text.split()) * 0.46)
            with source.open("a", encoding="utf-8") as fh:
                fh.write(cue)
            written.append(time.time())

    proc = _watch([str(source), "--idle-exit", "100"])  # longer than the monologue takes to say
    writer = threading.Thread(target=write)
    writer.start()
    stdout, _ = proc.communicate()
    writer.join()
    return [
        {**e, "latency_s": round(e["wall_time"] - written[e["trigger_turn"]], 2)} for e in _events(stdout)
    ]


def audio(folder: Path, stereo: bool) -> list[dict[str, Any]]:
    """The voiced call replayed at real speed."""
    call = synthesise(PLANTED)
    recording = write_wav(
        folder / f"planted_{'stereo' if stereo else 'mono'}.wav", call.channels if stereo else [call.mono()]
    )
    stdout, _ = _watch(["--replay", str(recording)]).communicate()
    return _events(stdout)


def report(mode: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """Which planted moments were said, at what level and latency; anything else said."""
    said = {e["signal"]: e for e in events}
    rows = {
        signal: {"level": said[signal]["level"], "latency_s": said[signal]["latency_s"]}
        if signal in said
        else None
        for signal in EXPECTED
    }
    extra = sorted(f"{e['signal']} ({e['level']})" for e in events if e["signal"] not in EXPECTED)
    latencies = [r["latency_s"] for r in rows.values() if r and r["latency_s"] is not None]
    return {
        "mode": mode,
        "planted": rows,
        "other_lines": extra,
        "slowest_s": max(latencies) if latencies else None,
        "budget_s": BUDGET_S[mode],
    }


def main(argv: list[str]) -> None:
    """Print one JSON line per mode."""
    modes = argv or ["vtt", "stereo", "mono"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for mode in modes:
            events = vtt(folder) if mode == "vtt" else audio(folder, stereo=mode == "stereo")
            print(json.dumps(report(mode, events)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
