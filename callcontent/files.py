"""Writing files so that a reader never sees half of one, and never touching what the tool did not write.

A run folder carries a marker (`.callcontent-run`) listing the files the tool wrote there. `--out` may
name a new folder, an empty one, or a run folder; anything else (a file, a folder of the user's) is
refused before any work starts. Re-running into a run folder replaces only the tool's own files, each
atomically; the user's files beside them stay as they are.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".callcontent-run"
_TMP_INFIX = ".callcontent-tmp-"


class OutputDirError(Exception):
    """`--out` names something the tool must not write into; the message says what and why."""


def write_atomic(path: Path, content: str) -> None:
    """Write `content` to `path` whole or not at all (a temp file of its own renamed over it).

    The temp name is unique, so two writers of the same file (two batch workers caching one transcript)
    never rename each other's temp file away.
    """
    write_atomic_bytes(path, content.encode("utf-8"))


def write_atomic_bytes(path: Path, content: bytes) -> None:
    """`write_atomic` for bytes (a Word or PDF file)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp_name, path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def _written_before(out_dir: Path) -> list[str] | None:
    """The files a previous run listed in its marker, or None when `out_dir` is not a run folder."""
    marker = out_dir / MARKER
    if not marker.is_file():
        return None
    try:
        files = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return None
    return [
        f for f in files if isinstance(f, str) and not Path(f).is_absolute() and ".." not in Path(f).parts
    ]


def check_output_dir(out_dir: Path) -> None:
    """Refuse a file, a non-empty folder that is not a run folder, or a place that cannot be written.

    Called before the work starts, so a bad `--out` costs nothing.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputDirError(f"--out {out_dir}: is a file, not a folder; nothing was written")
    if out_dir.is_dir() and any(out_dir.iterdir()) and _written_before(out_dir) is None:
        raise OutputDirError(
            f"--out {out_dir}: folder is not empty and is not a Call-Content run folder; "
            "choose a new or empty folder (nothing was written)"
        )
    probe_dir = out_dir if out_dir.is_dir() else _nearest_existing_parent(out_dir)
    if not os.access(probe_dir, os.W_OK | os.X_OK):
        raise OutputDirError(f"--out {out_dir}: {probe_dir} is not writable; nothing was written")


def _nearest_existing_parent(path: Path) -> Path:
    for parent in path.absolute().parents:
        if parent.exists():
            return parent
    return Path("/")


def publish_run_folder(files: dict[str, str], out_dir: Path) -> None:
    """Write `files` (relative path → text) as the run folder `out_dir`.

    A new folder appears whole (written beside it, then renamed). In an existing run folder each of the
    tool's files is replaced atomically and files of the previous run that this one does not produce
    are removed; nothing else in the folder is touched.
    """
    check_output_dir(out_dir)
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(out_dir)
    listing = {**files, MARKER: json.dumps({"files": sorted(files)}, indent=2) + "\n"}
    if not out_dir.exists():
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}{_TMP_INFIX}", dir=out_dir.parent))
        try:
            tmp.chmod(0o755)  # mkdtemp makes it private; the finished run folder is an ordinary folder
            for name, content in listing.items():
                target = tmp / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
            os.rename(tmp, out_dir)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return
    previous = _written_before(out_dir) or []
    for name, content in listing.items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_file = target.with_name(f".{target.name}{_TMP_INFIX}{os.getpid()}")
        tmp_file.write_text(content, encoding="utf-8")
        os.replace(tmp_file, target)
    for name in set(previous) - set(files):
        (out_dir / name).unlink(missing_ok=True)


def _remove_stale_temps(out_dir: Path) -> None:
    """Temp folders and files a killed run left behind: ours by name, beside or inside the run folder."""
    if out_dir.parent.is_dir():
        for leftover in out_dir.parent.glob(f".{out_dir.name}{_TMP_INFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
    if out_dir.is_dir() and _written_before(out_dir) is not None:
        for leftover in out_dir.rglob(f".*{_TMP_INFIX}*"):
            leftover.unlink(missing_ok=True)
