"""Prompt files with versions. Each `NAME.md` starts with a `version:` line, then `---`, then the text.

The version of every prompt used is stored in each result, so outputs can be traced to prompts and
`callcontent eval` can compare prompt sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent
# `{name}`: lower-case identifiers only, so JSON examples like {"id": 1} in a prompt are left alone.
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Prompt:
    """A prompt file: name, version (from its header) and text."""

    name: str
    version: str
    text: str

    def placeholders(self) -> set[str]:
        """The `{placeholder}` names the prompt uses."""
        return set(_PLACEHOLDER.findall(self.text))

    def render(self, added: Mapping[str, str] | None = None, **values: str) -> str:
        """Fill `{name}` placeholders; an unknown or missing name is an error, not silent text.

        `added` are values for placeholders a later prompt version brought in (`{story}` in write v8): a
        prompt set from an older git ref, compared by `callcontent eval`, has no place for them and is
        rendered without them; a prompt that has the placeholder gets the value.
        """
        wanted = self.placeholders()
        values = {**{k: v for k, v in (added or {}).items() if k in wanted}, **values}
        if missing := wanted - values.keys():
            raise ValueError(f"prompt {self.name!r}: no value for placeholder(s) {sorted(missing)}")
        if unknown := values.keys() - wanted:
            raise ValueError(f"prompt {self.name!r}: no placeholder for {sorted(unknown)} (misspelt?)")
        # One pass, so a value that itself contains "{x}" (transcript text) is never filled again.
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)


def prompts_dir() -> Path:
    """The prompts folder in use: the `prompts_dir` setting, else the packaged prompts."""
    from callcontent.settings import load_settings

    return Path(load_settings().prompts_dir or PROMPTS_DIR)


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """The prompt `name` from `directory` (default: the folder in use), header parsed."""
    path = (directory or prompts_dir()) / f"{name}.md"
    raw = path.read_text(encoding="utf-8")
    header, sep, body = raw.partition("\n---\n")
    if not sep or not header.startswith("version:"):
        raise ValueError(f"{path}: a prompt file starts with 'version: N' and a '---' line")
    return Prompt(name=name, version=header.split(":", 1)[1].strip(), text=body.strip())
