"""Run-scoped context handed to every node: the role clients, settings, prompts and the usage ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callcontent.llm.client import ChatClient, UsageLedger
from callcontent.settings import Role, Settings
from prompts import Prompt, load_prompt

PROMPT_NAMES = ("system", "critique", "quotes", "write", "review")


@dataclass
class Context:
    settings: Settings
    clients: dict[Role, ChatClient | None]
    ledger: UsageLedger
    prompts_dir: Path | None = None
    library_path: str | None = None
    _prompts: dict[str, Prompt] = field(default_factory=dict)

    def prompt(self, name: str) -> Prompt:
        if name not in self._prompts:
            self._prompts[name] = load_prompt(name, self.prompts_dir)
        return self._prompts[name]

    @property
    def max_revise_rounds(self) -> int:
        return self.settings.max_revise_rounds

    def prompt_versions(self) -> dict[str, str]:
        return {name: self.prompt(name).version for name in PROMPT_NAMES}


_DEFAULT: dict[str, Context] = {}


def context_of(runtime: Any) -> Context:
    """The run's Context; under `langgraph dev` (no Context passed) one is built from CALLCONTENT_* settings."""
    ctx = getattr(runtime, "context", None)
    if isinstance(ctx, Context):
        return ctx
    overrides = (
        {k: v for k, v in (ctx or {}).items() if k in Settings.model_fields} if isinstance(ctx, dict) else {}
    )
    key = repr(sorted(overrides.items()))
    if key not in _DEFAULT:
        from callcontent.llm.client import make_clients
        from callcontent.settings import load_settings

        settings = load_settings(**overrides)
        ledger = UsageLedger()
        _DEFAULT[key] = Context(settings=settings, clients=make_clients(settings, ledger), ledger=ledger)
    return _DEFAULT[key]
