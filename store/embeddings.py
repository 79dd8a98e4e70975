"""Chroma embedding functions: the offline numpy MiniLM (`minilm.py`) by default, or OpenAI's.

Chroma's default embedding function downloads a model at first use, which fails offline; every
collection here is opened with one of these instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from callcontent.settings import load_settings
from callcontent.store.minilm import MODEL_NAME, shared_model


class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the numpy MiniLM (offline, no download, no torch)."""

    def __init__(self) -> None:
        """Nothing to configure: the model is fixed."""
        pass

    def __call__(self, input: Documents) -> Embeddings:
        """Embed `input` for Chroma."""
        return [row for row in shared_model().embed(list(input))]

    @staticmethod
    def name() -> str:
        """The name Chroma stores with the collection."""
        return "callcontent-minilm-l6-v2"

    def get_config(self) -> dict[str, Any]:
        """The configuration Chroma stores with the collection."""
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:  # noqa: ARG004 (chromadb's signature)
        """The function again from a stored configuration."""
        # One model, nothing to configure: the stored config only names it.
        return MiniLMEmbeddingFunction()

    def is_legacy(self) -> bool:
        """Not a legacy embedding function (Chroma's check)."""
        return False


class OpenAIEmbeddingFunction(EmbeddingFunction[Documents]):
    """OpenAI (or compatible) embeddings, selected with CALLCONTENT_EMBEDDINGS=openai:MODEL."""

    def __init__(self, model: str = "text-embedding-3-small") -> None:
        """Use OpenAI's embedding `model`."""
        self.model = model

    def __call__(self, input: Documents) -> Embeddings:
        """Embed `input` with OpenAI's API."""
        from openai import OpenAI

        settings = load_settings()
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        client = OpenAI(base_url=settings.openai_base_url, api_key=key, max_retries=3)
        data = client.embeddings.create(model=self.model, input=list(input)).data
        return [np.asarray(d.embedding, dtype=np.float32) for d in data]

    @staticmethod
    def name() -> str:
        """The name Chroma stores with the collection."""
        return "callcontent-openai"

    def get_config(self) -> dict[str, Any]:
        """The configuration Chroma stores with the collection."""
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbeddingFunction:
        """The function again from a stored configuration."""
        return OpenAIEmbeddingFunction(config.get("model", "text-embedding-3-small"))

    def is_legacy(self) -> bool:
        """Not a legacy embedding function (Chroma's check)."""
        return False


def embedding_function(spec: str | None = None) -> EmbeddingFunction[Documents]:
    """The embedding function `spec` names: local MiniLM by default, or `openai[:MODEL]`."""
    spec = spec or load_settings().embeddings
    if spec.startswith("openai"):
        return OpenAIEmbeddingFunction(spec.split(":", 1)[1] if ":" in spec else "text-embedding-3-small")
    return MiniLMEmbeddingFunction()
