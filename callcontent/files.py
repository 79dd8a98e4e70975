"""Writing a file so that a reader never sees half of it: temp file beside it, then rename."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)
