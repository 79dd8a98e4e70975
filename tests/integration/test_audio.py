"""Recordings in, offline: the real Whisper base model on a two-voice call synthesised in the test.

The call (tests/support/synthetic_call.py) is 24 turns, about 3 minutes, with 23 known pauses; the
truth is measured on the synthesised audio. Skips cleanly where espeak-ng or the audio extra is absent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from callcontent.audio import AudioError, looks_like_recording, transcribe_recording
from callcontent.settings import load_settings
from tests.conftest import cli
from tests.support.synthetic_call import (
    SCRIPT,
    SyntheticCall,
    espeak_available,
    synthesise,
    word_error_rate,
    write_encoded,
    write_wav,
)

pytest.importorskip("faster_whisper", reason="the audio extra is not installed")
pytestmark = pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")


@pytest.fixture(scope="module")
def call() -> SyntheticCall:
    return synthesise()


@pytest.fixture(scope="module")
def short_call() -> SyntheticCall:
    return synthesise(SCRIPT[:6])


@pytest.fixture(scope="module")
def joined_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Whisper model joined and verified once for these tests (a fresh clone does this on first use)."""
    from callcontent.audio.asr_weights import ensure_model_dir

    cache = tmp_path_factory.mktemp("asr_cache")
    saved = os.environ.get("CALLCONTENT_CACHE_DIR")
    os.environ["CALLCONTENT_CACHE_DIR"] = str(cache)
    try:
        return ensure_model_dir()
    finally:
        os.environ.pop("CALLCONTENT_CACHE_DIR")
        if saved is not None:
            os.environ["CALLCONTENT_CACHE_DIR"] = saved


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path: Path, joined_model: Path) -> None:
    # Every test transcribes for real: no transcript cached by an earlier test or run. The 145 MB model
    # is the one joined for the module, linked in, not copied again.
    models = tmp_path / "cache" / "models"
    models.mkdir(parents=True)
    (models / joined_model.name).symlink_to(joined_model, target_is_directory=True)
    os.environ["CALLCONTENT_CACHE_DIR"] = str(tmp_path / "cache")


def transcribe(path: Path, **kw: Any) -> dict[str, Any]:
    return transcribe_recording([path], settings=load_settings(), **kw)


def truth_speaker_at(call: SyntheticCall, start: float, end: float) -> str:
    return max(call.turns, key=lambda t: min(end, t.end) - max(start, t.start)).speaker


def attributed_share(call: SyntheticCall, timed: dict[str, Any]) -> float:
    """Share of recognised words whose speaker label maps to the true speaker (best one-to-one mapping)."""
    pairs = [
        (t["speaker"], truth_speaker_at(call, t["start"], t["end"]), len(t["text"].split()))
        for t in timed["turns"]
    ]
    labels = sorted({p[0] for p in pairs})
    best = 0
    for flip in (False, True):
        mapping = dict(zip(labels, call.speakers[::-1] if flip else call.speakers, strict=False))
        best = max(best, sum(n for label, truth, n in pairs if mapping.get(label) == truth))
    return best / max(1, sum(n for _, _, n in pairs))


def check_turns_and_pauses(call: SyntheticCall, timed: dict[str, Any]) -> None:
    turns = timed["turns"]
    assert len(turns) == len(call.turns), [t["text"][:40] for t in turns]
    errors = [abs(t["pause_before_s"] - p) for t, p in zip(turns[1:], call.pauses(), strict=True)]
    assert max(errors) <= 0.3 and sum(errors) / len(errors) <= 0.15, errors
    heard = " ".join(t["text"] for t in turns)
    assert word_error_rate(" ".join(t.text for t in call.turns), heard) <= 0.10


def test_a_channel_per_person_gives_exact_speakers_words_and_pauses(
    call: SyntheticCall, tmp_path: Path
) -> None:
    stereo = write_wav(tmp_path / "call.wav", call.channels)
    timed = transcribe(stereo, names=["Jordan", "Priya"])
    assert timed["speakers"]["method"] == "channels"
    check_turns_and_pauses(call, timed)
    assert [t["speaker"] for t in timed["turns"]] == [t.speaker for t in call.turns]  # 100 % of turns


def test_a_mono_mix_is_split_by_voice(call: SyntheticCall, tmp_path: Path) -> None:
    mono = write_encoded(tmp_path / "call.m4a", [call.mono()])
    timed = transcribe(mono)
    assert timed["speakers"]["method"] == "voices" and not timed["speakers"]["uncertain"]
    check_turns_and_pauses(call, timed)
    assert attributed_share(call, timed) >= 0.9


@pytest.mark.parametrize(("name", "video"), [("call.mp4", True), ("call.mp3", False), ("stereo.m4a", False)])
def test_every_container_is_read(short_call: SyntheticCall, tmp_path: Path, name: str, video: bool) -> None:
    channels = short_call.channels if name.startswith("stereo") else [short_call.mono()]
    path = write_encoded(tmp_path / name, channels, video=video)
    assert looks_like_recording(path)
    timed = transcribe(path)
    assert len({t["speaker"] for t in timed["turns"]}) == 2
    heard = " ".join(t["text"] for t in timed["turns"])
    assert word_error_rate(" ".join(t.text for t in short_call.turns), heard) <= 0.15


def test_run_takes_a_recording_and_the_silence_findings_use_measured_gaps(
    call: SyntheticCall, tmp_path: Path
) -> None:
    recording = write_encoded(tmp_path / "interview.m4a", call.channels)
    done = cli("run", str(recording), "--model", "none", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    metrics = result["critique"]["metrics"]
    assert metrics["answer_gaps_measured"] >= 10
    assert abs(metrics["median_answer_gap_s"] - float(np.median(call.pauses()[1::2]))) < 0.5
    assert metrics["quick_after_answers_share"] is not None
    assert result["quotes"] and all(q["verified"] for q in result["quotes"])
    assert "Patience: median pause" in (tmp_path / "out" / "result.html").read_text()


def test_transcribe_writes_a_transcript_the_pipeline_reads(short_call: SyntheticCall, tmp_path: Path) -> None:
    recording = write_wav(tmp_path / "call.wav", short_call.channels)
    done = cli("transcribe", str(recording), "--names", "Jordan,Priya")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "call.wav.transcript.json"
    assert json.loads(written.read_text())["turns"][0]["speaker"] == "Jordan"
    critique = cli("critique", str(written), "--json")
    assert critique.returncode == 0 and json.loads(critique.stdout)["metrics"]["answer_gaps_measured"] >= 2


def test_transcribe_never_overwrites_a_file_it_did_not_write(
    short_call: SyntheticCall, tmp_path: Path
) -> None:
    recording = write_wav(tmp_path / "call.wav", short_call.channels)
    mine = tmp_path / "notes.json"
    mine.write_text('{"my": "notes"}')
    done = cli("transcribe", str(recording), "--out", str(mine))
    assert done.returncode == 2 and "was not written by" in done.stderr
    assert mine.read_text() == '{"my": "notes"}'


def bad_recordings(tmp_path: Path, call: SyntheticCall) -> dict[str, tuple[Path, str]]:
    silent = write_wav(tmp_path / "silent.wav", [np.zeros(16_000 * 5, dtype=np.float32)])
    short = write_wav(tmp_path / "short.wav", [call.mono()[16_000 * 1 : 16_000 * 2]])
    good = write_encoded(tmp_path / "good.m4a", [call.mono()[: 16_000 * 20]]).read_bytes()
    corrupt = tmp_path / "corrupt.m4a"
    corrupt.write_bytes(good[:64] + bytes(len(good) - 64))
    one_voice = write_wav(tmp_path / "one_voice.wav", [call.channels[1]])
    not_audio = tmp_path / "notes.m4a"
    not_audio.write_text("Jordan: hello\nPriya: hi\n")
    return {
        "silent": (silent, "is silent"),
        "short": (short, "too short"),
        "corrupt": (corrupt, "cannot be"),
        "one voice": (one_voice, "only one voice"),
        "not audio": (not_audio, "not a recording"),
    }


def test_bad_recordings_exit_2_with_one_line(call: SyntheticCall, tmp_path: Path) -> None:
    for label, (path, problem) in bad_recordings(tmp_path, call).items():
        done = cli("transcribe", str(path))
        assert done.returncode == 2, (label, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path.name) in lines[0] and problem in lines[0], (label, lines)
        assert not list(tmp_path.glob(f"{path.name}.transcript.json"))


def test_audio_error_is_a_transcript_error_naming_the_file(tmp_path: Path) -> None:
    silent = write_wav(tmp_path / "silent.wav", [np.zeros(16_000 * 5, dtype=np.float32)])
    with pytest.raises(AudioError, match=r"silent\.wav: is silent"):
        transcribe(silent)


def test_ctrl_c_leaves_no_half_written_transcript(call: SyntheticCall, tmp_path: Path) -> None:
    recording = write_wav(tmp_path / "long.wav", [np.concatenate([call.mono()] * 3)])
    target = tmp_path / "long.transcript.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "callcontent.cli", "transcribe", str(recording), "--out", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(8)  # loading the model, then into the words
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    assert proc.returncode != 0
    assert not target.exists() and not list(tmp_path.glob(".*tmp*"))


def words_of(call: SyntheticCall) -> list[dict[str, Any]]:
    """What a transcription endpoint would answer: each turn's words spread over its true speech."""
    out = []
    for turn in call.turns:
        words = turn.text.split()
        step = (turn.end - turn.start) / len(words)
        out += [
            {
                "word": w,
                "start": round(turn.start + i * step, 2),
                "end": round(turn.start + (i + 1) * step, 2),
            }
            for i, w in enumerate(words)
        ]
    return out


def test_an_openai_compatible_endpoint_is_one_setting_away(short_call: SyntheticCall, tmp_path: Path) -> None:
    from tests.support.fake_openai import FakeOpenAI

    fake = FakeOpenAI(transcription={"text": "", "words": words_of(short_call)})
    try:
        recording = write_wav(tmp_path / "call.wav", short_call.channels)
        env = {**fake.cli_env(), "CALLCONTENT_ASR_MODEL": "openai:whisper-1"}
        done = cli("transcribe", str(recording), "--out", str(tmp_path / "t.json"), env=env)
        assert done.returncode == 0, done.stderr
        assert (
            len(fake.uploads) == 1 and b"whisper-1" in fake.uploads[0] and b"verbose_json" in fake.uploads[0]
        )
        turns = json.loads((tmp_path / "t.json").read_text())["turns"]
        assert [t["text"] for t in turns] == [t.text for t in short_call.turns]
        # Speakers and pauses are still measured here, from the channels.
        assert turns[1]["pause_before_s"] == pytest.approx(short_call.pauses()[0], abs=0.3)
        fake.transcription = None  # the endpoint fails: not the recording's fault, so not exit 2
        env["CALLCONTENT_CACHE_DIR"] = str(tmp_path / "another_cache")  # not the transcript cached above
        done = cli("transcribe", str(recording), "--out", str(tmp_path / "u.json"), env=env)
        assert (
            done.returncode == 3 and "cannot transcribe" in done.stderr and not (tmp_path / "u.json").exists()
        )
    finally:
        fake.close()


def test_config_says_where_speech_to_text_stands(tmp_path: Path) -> None:
    done = cli("config", "--json")
    assert done.returncode == 0 and "Whisper base (verified" in json.loads(done.stdout)["speech_model_status"]
    env = {**os.environ, "CALLCONTENT_CACHE_DIR": str(tmp_path / "empty")}
    status = json.loads(cli("config", "--json", env=env).stdout)["speech_model_status"]
    assert "joined and verified on first use" in status
    env = {**os.environ, "CALLCONTENT_ASR_MODEL": str(tmp_path)}
    assert "no model.bin there" in json.loads(cli("config", "--json", env=env).stdout)["speech_model_status"]


def test_a_batch_folder_takes_recordings_and_a_bad_one_does_not_stop_it(
    short_call: SyntheticCall, tmp_path: Path
) -> None:
    inputs = tmp_path / "calls"
    inputs.mkdir()
    write_encoded(inputs / "interview.m4a", [short_call.mono()])
    write_wav(inputs / "zoom_export", short_call.channels)  # no extension: known by its content
    write_wav(inputs / "silent.wav", [np.zeros(16_000 * 5, dtype=np.float32)])
    out = tmp_path / "out"
    done = cli("batch", str(inputs), "--out", str(out), "--model", "none")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert len(summary["failed"]) == 1 and "is silent" in summary["failed"][0]["error"]
    results = sorted(out.glob("*/result.json"))
    assert len(results) == 2
    for path in results:
        metrics = json.loads(path.read_text())["critique"]["metrics"]
        assert metrics["answer_gaps_measured"] >= 2


def test_two_batch_workers_joining_the_model_at_once_both_get_it(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from callcontent.audio.asr_weights import ensure_model_dir

    os.environ["CALLCONTENT_CACHE_DIR"] = str(tmp_path / "empty")
    with ThreadPoolExecutor(2) as pool:
        folders = list(pool.map(lambda _: ensure_model_dir(), range(2)))
    assert folders[0] == folders[1] and (folders[0] / "model.bin").stat().st_size > 100_000_000
    assert not [p.name for p in folders[0].iterdir() if p.name.startswith(".")]
