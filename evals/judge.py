"""The drafts judge: an anchored 1-5 rubric per asset type, a reason per score, temperature 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from callcontent.llm.client import ChatClient
from callcontent.llm.errors import LLMError
from callcontent.llm.replies import LLMCache
from callcontent.llm.usage import UsageLedger
from callcontent.prompts import load_prompt
from callcontent.settings import Settings

ASSETS = ("case_study", "blog_post", "social_posts")


class AssetScore(BaseModel):
    """The judge's score of one asset, with its reason."""

    score: int = Field(ge=1, le=5)
    reason: str = Field(max_length=160)


class JudgeVerdict(BaseModel):
    """The judge's scores of the case study, blog post and social posts."""

    case_study: AssetScore
    blog_post: AssetScore
    social_posts: AssetScore


def judge_drafts(
    result: dict[str, Any], settings: Settings, cache: LLMCache | None, prompts_dir: Path | None = None
) -> dict[str, Any]:
    """Scores per asset, or {} when there is no judge model or the drafts are extractive."""
    drafts = result["drafts"]
    if settings.model_for("judge") == "none" or drafts.get("extractive"):
        return {}
    # Pinned: the judge always samples at temperature 0 (ChatClient does so for the judge role).
    client = ChatClient("judge", settings, UsageLedger(), cache=cache)
    prompt = load_prompt("judge", prompts_dir)
    body = prompt.render(
        case_study=drafts["case_study"][:4000],
        blog_post=drafts["blog_post"][:4000],
        social_posts="\n---\n".join(drafts["social_posts"])[:2000],
    )
    try:
        verdict = client.structured(
            JudgeVerdict,
            [
                SystemMessage(content="You grade marketing drafts. Reply with JSON only."),
                HumanMessage(content=body),
            ],
            node="judge",
            max_tokens=400,
        )
    except LLMError as exc:
        result["errors"].append(f"judge: {exc}")
        return {}
    return {
        name: getattr(verdict, name).model_dump()
        | {"judge_model": client.model_name, "judge_prompt": prompt.version}
        for name in ASSETS
    }
