"""Run-scoped context handed to every node: the role clients, settings, prompts and the usage ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from callcontent.llm.client import ChatClient, UsageLedger
from callcontent.settings import Role, Settings
from prompts import Prompt, load_prompt

PROMPT_NAMES = ("system", "critique", "quotes", "write", "review")
MAX_REVISE_ROUNDS = 2


@dataclass
class Context:
    settings: Settings
    clients: dict[Role, ChatClient | None]
    ledger: UsageLedger
    prompts_dir: Path | None = None
    library_path: str | None = None
    max_revise_rounds: int = MAX_REVISE_ROUNDS
    _prompts: dict[str, Prompt] = field(default_factory=dict)

    def prompt(self, name: str) -> Prompt:
        if name not in self._prompts:
            self._prompts[name] = load_prompt(name, self.prompts_dir)
        return self._prompts[name]

    def prompt_versions(self) -> dict[str, str]:
        return {name: self.prompt(name).version for name in PROMPT_NAMES}
