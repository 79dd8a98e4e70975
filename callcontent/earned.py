"""Which LLM steps have earned their place, per model, by the eval on real labelled calls.

The bundled local model runs a step by default only where the eval on real labelled calls showed it
beating the code-only result; until then the step is code only and the run says so and why. A model
behind an endpoint is the user's choice, made for its judgement and writing: with `auto` it runs every
step, behind the same code checks, and `callcontent eval --model X` shows the comparison with code. A
user can still force a step on (`critic_llm=on`, `extractor_llm=on`, `writer_llm=on`) or off.
"""

from __future__ import annotations

from typing import Literal

from callcontent.settings import Settings

GatedRole = Literal["critic", "extractor", "writer"]

# Models for which the labelled-set eval showed the step beating code alone. None has yet.
EARNED: dict[GatedRole, frozenset[str]] = {
    "critic": frozenset(),
    "extractor": frozenset(),
    "writer": frozenset(),
}

# What the eval measured, said where the step is skipped.
EVIDENCE: dict[GatedRole, str] = {
    "critic": "the local model as critic lowered turn F1 on every gold example it judged",
    "extractor": "the local model's quote ranking recalled 0.27 of the experts' quotes on the labelled calls, "
    "code alone 0.36 (held out by call)",
    "writer": "the local writer's drafts cleared review on none of the 6 labelled real calls (code cut 34 of its "
    "sentences, and what it kept still said what nobody in the call said, such as a vendor's product that "
    "'offers a solution' in a research interview) and its first drafts of the retro made 6 false claims; "
    "drafts built by code make none",
}


def is_endpoint_model(model: str) -> bool:
    """True for a model the user configured behind an endpoint (not the bundled local one, not 'none')."""
    return model not in ("local", "none")


def skip_reason(settings: Settings, role: GatedRole) -> str | None:
    """Why the `role` step does not run its model here, or None when it does."""
    # critic_llm, extractor_llm, writer_llm, as model_for reads *_model
    mode = getattr(settings, f"{role}_llm")
    model = settings.model_for(role)
    if mode == "on" or (mode == "auto" and (model in EARNED[role] or is_endpoint_model(model))):
        return None
    if mode == "off":
        return f"{role}_llm=off"
    return (
        f"the labelled-set eval has not shown the {role} step beating code alone with {model!r} "
        f"({EVIDENCE[role]}); code only (set {role}_llm=on to run it anyway)"
    )


# The gated roles as a run's summary names the steps they take.
STEP_NAMES: dict[GatedRole, str] = {"critic": "critic", "extractor": "quote ranking", "writer": "writer"}


def code_only_steps(settings: Settings) -> dict[str, str]:
    """The model steps these settings leave to code, by step name, with why (roles with no model left out)."""
    return {
        STEP_NAMES[role]: why
        for role in STEP_NAMES
        if settings.model_for(role) != "none" and (why := skip_reason(settings, role)) is not None
    }


def step_models(settings: Settings) -> dict[str, str]:
    """Which model each model step of a run uses, or 'code' (with why) where code alone does it.

    The rubric review reads the writer's drafts, so it runs with the writer and is code only without it.
    """
    steps: dict[str, str] = {}
    for role, step in STEP_NAMES.items():
        model = settings.model_for(role)
        why = "no model configured" if model == "none" else skip_reason(settings, role)
        steps[step] = f"model {model}" if why is None else f"code ({why.split(' (', 1)[0]})"
    reviewer = settings.model_for("reviewer")
    writes = steps["writer"].startswith("model")
    steps["rubric review"] = (
        f"model {reviewer}" if writes and reviewer != "none" else "code (checks only: no writer draft)"
    )
    return steps
