"""Speech-to-text: real-time factor and peak memory for a 10-minute and a 60-minute recording.

The two-voice synthetic call (tests/support/synthetic_call.py, espeak-ng) repeated to length, as a mono
m4a, transcribed by `callcontent transcribe` in its own process (model load included), default settings.
Run: `python -m bench.bench_transcribe [minutes ...]` (default 10 60; another model size with
CALLCONTENT_ASR_MODEL=/path/to/ctranslate2-whisper-folder); `... accuracy` prints word error
rate, pause error and speaker attribution of the 3-minute call in each container instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_library import PEAK_AT_EXIT, peak_mb_of
from tests.support.synthetic_call import SCRIPT, synthesise, write_encoded


def measure(minutes: int, folder: Path) -> dict[str, float | str]:
    """Transcribe a `minutes`-long call once, with an empty transcript cache."""
    one = synthesise(SCRIPT)
    call = synthesise(SCRIPT, repeat=max(1, round(minutes * 60 / one.duration_s)))
    recording = write_encoded(folder / f"call_{minutes}min.m4a", [call.mono()])
    env = {**os.environ, "CALLCONTENT_CACHE_DIR": str(folder / f"cache_{minutes}")}
    # The model is joined and verified once (not part of the measured run).
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from callcontent.audio.asr_weights import ensure_model_dir; ensure_model_dir()",
        ],
        check=True,
        env=env,
    )
    out = folder / f"call_{minutes}min.json"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_AT_EXIT, "transcribe", str(recording), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak = peak_mb_of(done.stderr)
    turns = json.loads(out.read_text())["turns"]
    return {
        "minutes": round(call.duration_s / 60, 1),
        "model": os.environ.get("CALLCONTENT_ASR_MODEL", "base") + " (int8, beam 5)",
        "wall_s": round(wall, 1),
        "real_time_factor": round(wall / call.duration_s, 3),
        "peak_mb": round(peak),
        "turns": len(turns),
    }


def accuracy(folder: Path) -> None:
    """The Done-when figures of the audio issue, one JSON line per container."""
    from callcontent.audio import transcribe_recording
    from callcontent.settings import load_settings
    from tests.integration.test_audio import attributed_share
    from tests.support.synthetic_call import word_error_rate, write_wav

    call = synthesise(SCRIPT)
    settings = load_settings(cache_dir=str(folder / "cache"))
    cases = {
        "wav, a channel per person": write_wav(folder / "stereo.wav", call.channels),
        "m4a, a channel per person": write_encoded(folder / "stereo.m4a", call.channels),
        "m4a, mono mix": write_encoded(folder / "mono.m4a", [call.mono()]),
        "mp3, mono mix": write_encoded(folder / "mono.mp3", [call.mono()]),
        "mp4 with video, mono mix": write_encoded(folder / "mono.mp4", [call.mono()], video=True),
        "wav, mono mix": write_wav(folder / "mono.wav", [call.mono()]),
    }
    truth = " ".join(t.text for t in call.turns)
    for label, path in cases.items():
        timed = transcribe_recording([path], settings=settings, names=call.speakers)
        turns = timed["turns"]
        row: dict[str, object] = {
            "case": label,
            "minutes": round(call.duration_s / 60, 2),
            "wer": round(word_error_rate(truth, " ".join(t["text"] for t in turns)), 3),
            "turns": f"{len(turns)}/{len(call.turns)}",
            "words_attributed": round(attributed_share(call, timed), 3),
            "separation": timed["speakers"],
        }
        if len(turns) == len(call.turns):
            errors = [abs(t["pause_before_s"] - p) for t, p in zip(turns[1:], call.pauses(), strict=True)]
            row.update(
                pauses=len(errors),
                pause_error_mean_s=round(sum(errors) / len(errors), 3),
                pause_error_max_s=round(max(errors), 3),
                turns_right=sum(t["speaker"] == c.speaker for t, c in zip(turns, call.turns, strict=True)),
            )
        print(json.dumps(row), flush=True)


def main() -> None:
    """Print one JSON line per length (or per container, with `accuracy`)."""
    if sys.argv[1:] == ["accuracy"]:
        with tempfile.TemporaryDirectory() as tmp:
            accuracy(Path(tmp))
        return
    lengths = [int(a) for a in sys.argv[1:]] or [10, 60]
    with tempfile.TemporaryDirectory() as tmp:
        for minutes in lengths:
            print(json.dumps(measure(minutes, Path(tmp))), flush=True)


if __name__ == "__main__":
    main()
