"""The sentence encoder at inference: tokenizer.json + an ONNX graph that returns one L2-normalised
vector per text (mean pooling inside the graph). onnxruntime and numpy only; never torch."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from reqtag.errors import InputError, ModelError
from reqtag.inference.encoding import load_tokenizer
from reqtag.text import without_surrogates


class Encoder:
    """``encode(texts) -> float32 [n, dim]``, rows of unit length, in input order.

    Texts are sorted by length and sent ``batch_size`` at a time (padding costs most on short
    labels). With a dynamically quantised graph a vector depends slightly on what shares its call
    (activation scales are per call); ``batch_size=1`` makes every vector independent of the others.
    """

    def __init__(self, onnx_path: str | Path, tokenizer_path: str | Path, *, max_length: int = 128,
                 batch_size: int = 32, threads: int | None = None):
        if max_length < 3 or batch_size < 1:
            raise InputError(f"max_length must be >= 3 and batch_size >= 1 (got {max_length}, {batch_size})")
        self.tokenizer = load_tokenizer(tokenizer_path)
        self.runner = _Runner(onnx_path, threads)
        self.max_length = max_length
        self.batch_size = batch_size
        self.dim = self._probe_dim()

    def _probe_dim(self) -> int:
        out = self.runner.run(np.array([[self._cls, self._sep]], dtype=np.int64), np.ones((1, 2), dtype=np.int64))
        if out.ndim != 2 or out.shape[0] != 1:
            raise InputError(f"the encoder returns shape {list(out.shape)}, expected [batch, dim]")
        return int(out.shape[1])

    @property
    def _cls(self) -> int:
        return self.tokenizer.token_to_id("[CLS]") or 101

    @property
    def _sep(self) -> int:
        return self.tokenizer.token_to_id("[SEP]") or 102

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Wordpiece ids with [CLS]/[SEP], cut to ``max_length`` (the [SEP] kept)."""
        # the tokenizer takes UTF-8 only, which a lone surrogate cannot be
        encs = self.tokenizer.encode_batch([without_surrogates(t) for t in texts], add_special_tokens=True)
        out = []
        for e in encs:
            ids = e.ids
            out.append(ids if len(ids) <= self.max_length else ids[: self.max_length - 1] + [ids[-1]])
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts`` (any strings; empty ones get the [CLS][SEP] vector)."""
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise InputError(f"texts[{i}] is {type(t).__name__}, expected str")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for b in range(0, len(order), self.batch_size):
            rows = order[b: b + self.batch_size]
            width = max(len(ids[i]) for i in rows)
            batch = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, i in enumerate(rows):
                batch[j, : len(ids[i])] = ids[i]
                mask[j, : len(ids[i])] = 1
            out[rows] = self.runner.run(batch, mask)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


class _Runner:
    """An InferenceSession like runtime.OrtRunner's, but whose worker threads do not spin. The linker
    runs in short bursts between a tagger's calls: threads left spinning by one session slow the other
    and the index search (measured: linking cost 147 → 100 ms a posting on 2 cores)."""

    def __init__(self, onnx_path: str | Path, threads: int | None = None):
        from reqtag.inference.runtime import session

        self.session = session(onnx_path, threads, spin=False)
        self.inputs = [i.name for i in self.session.get_inputs()]
        if "input_ids" not in self.inputs or set(self.inputs) - {"input_ids", "attention_mask", "token_type_ids"}:
            raise ModelError(f"{onnx_path}: unexpected ONNX inputs {self.inputs}")
        self.output = self.session.get_outputs()[0].name

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self.session.run([self.output], {k: feed[k] for k in self.inputs})[0]
