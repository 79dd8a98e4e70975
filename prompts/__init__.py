"""Prompt files with versions. Each `NAME.md` starts with a `version:` line, then `---`, then the text.

The version of every prompt used is stored in each result, so outputs can be traced to prompts and
`callcontent eval` can compare prompt sets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    text: str

    def render(self, **values: str) -> str:
        text = self.text
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text


def prompts_dir() -> Path:
    return Path(os.environ.get("CALLCONTENT_PROMPTS_DIR") or PROMPTS_DIR)


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    path = (directory or prompts_dir()) / f"{name}.md"
    raw = path.read_text(encoding="utf-8")
    header, sep, body = raw.partition("\n---\n")
    if not sep or not header.startswith("version:"):
        raise ValueError(f"{path}: a prompt file starts with 'version: N' and a '---' line")
    return Prompt(name=name, version=header.split(":", 1)[1].strip(), text=body.strip())
