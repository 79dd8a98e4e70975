"""Run-scoped context handed to every node: the role clients, settings, prompts and the usage ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callcontent.llm.client import ChatClient
from callcontent.llm.usage import UsageLedger
from callcontent.prompts import Prompt, load_prompt
from callcontent.settings import Role, Settings, load_settings

PROMPT_NAMES = ("system", "critique", "quotes", "write", "review")


@dataclass
class Context:
    """What every node of one run shares.

    Every field has a default, so the LangGraph server can build a Context from CALLCONTENT_* settings
    when a client sends none, or from `{"settings": {...}}`.
    """

    settings: Settings = field(default_factory=load_settings)
    """Resolved settings: flags, then CALLCONTENT_* variables, then defaults."""
    ledger: UsageLedger = field(default_factory=UsageLedger)
    """Tokens, latency and retries of every model call in the run."""
    clients: dict[Role, ChatClient | None] = field(default_factory=dict)
    """One client per LLM role (None where the role runs without a model); built from settings if empty."""
    prompts_dir: Path | None = None
    """A folder of prompt files that replaces the bundled prompts (eval comparisons)."""
    library_path: str | None = None
    """The case-study library to retrieve from; the `library` setting when not given."""
    _prompts: dict[str, Prompt] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Build settings from a JSON dict (as the LangGraph server sends them) and default the rest."""
        # Under the LangGraph server a client sends the context as JSON: {"settings": {"model": "none"}}.
        raw: object = self.settings
        if isinstance(raw, dict):
            self.settings = load_settings(**raw)
        if not self.clients:
            from callcontent.llm.client import make_clients

            self.clients = make_clients(self.settings, self.ledger)
        if self.library_path is None:
            self.library_path = self.settings.library

    def prompt(self, name: str) -> Prompt:
        """The prompt file `name` from this run's prompts folder, loaded once."""
        if name not in self._prompts:
            self._prompts[name] = load_prompt(name, self.prompts_dir)
        return self._prompts[name]

    @property
    def max_revise_rounds(self) -> int:
        """How many times review may send drafts back to the writer."""
        return self.settings.revise_rounds()

    def prompt_versions(self) -> dict[str, str]:
        """Each prompt's version, recorded in the result so runs can be compared across prompt changes."""
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
        _DEFAULT[key] = Context(settings=load_settings(**overrides))
    return _DEFAULT[key]
