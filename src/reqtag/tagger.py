"""The Tagger: load a model directory once, tag one posting, a batch, or a stream.

Stages (each a small function): prepare + encode (encoding.py) → windows (windows.py) →
length-sorted batches → run (runtime.py, or any ``run(ids, mask)``) → merge → softmax →
decode to spans of the original text (alignment.py).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import model_dir as md
from . import windows
from .alignment import decode
from .encoding import Encoded, encode, load_tokenizer
from .errors import InputError, Problem
from .schema import Posting, Span

RunFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class TagResult:
    """One posting's outcome in a stream: its spans, or the problem that stopped it."""

    posting_id: str
    spans: list[Span]
    problem: Problem | None = None


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(-1, keepdims=True)
    return x


def predict(texts: Sequence[str], tokenizer: Any, run: RunFn, id2tag: Sequence[str], *,
            max_length: int, overlap: int, batch_size: int, cls_id: int, sep_id: int,
            repair: bool = True) -> list[list[Span]]:
    """Spans for each text. Windows from all texts are sorted by length and batched together."""
    size = max_length - 2
    encs: list[Encoded] = [encode(tokenizer, t, repair=repair) for t in texts]
    wins = [windows.spans(len(e), size, overlap) if len(e) else [] for e in encs]
    jobs = [(d, k, b - a) for d, ws in enumerate(wins) for k, (a, b) in enumerate(ws)]
    jobs.sort(key=lambda j: j[2])
    outputs: list[list[np.ndarray | None]] = [[None] * len(ws) for ws in wins]
    for i in range(0, len(jobs), batch_size):
        batch = jobs[i:i + batch_size]
        width = batch[-1][2] + 2
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for r, (d, k, length) in enumerate(batch):
            a, b = wins[d][k]
            ids[r, 0] = cls_id
            ids[r, 1:length + 1] = encs[d].ids[a:b]
            ids[r, length + 1] = sep_id
            mask[r, :length + 2] = 1
        logits = run(ids, mask)
        for r, (d, k, length) in enumerate(batch):
            outputs[d][k] = logits[r, 1:length + 1]
    results = []
    for text, enc, ws, outs in zip(texts, encs, wins, outputs):
        if not ws:
            results.append([])
            continue
        probs = _softmax(windows.merge(len(enc), ws, outs).astype(np.float32))  # type: ignore[arg-type]
        spans = decode(enc, probs, id2tag, text)
        assert all(text[s.start:s.end] == s.text for s in spans)
        results.append(spans)
    return results


def _as_posting(item: Any, index: int) -> Posting:
    if isinstance(item, Posting):
        return item
    if isinstance(item, str):
        return Posting(str(index), item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return Posting(str(item[0]), item[1])
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return Posting(str(item.get("id", index)), item["text"])
    raise InputError(f"record {index}: expected a str, (id, text), Posting or {{'id', 'text'}}, got {type(item).__name__}")


class Tagger:
    """Tags requirement spans with an exported (ONNX) reqtag model. No torch needed."""

    def __init__(self, model: md.ModelDir, *, threads: int | None = None, batch_size: int | None = None,
                 overlap: int | None = None, run: RunFn | None = None):
        from .runtime import OrtRunner

        self.model = model
        cfg = model.config
        self.labels: tuple[str, ...] = model.labels
        self.tags: tuple[str, ...] = model.tags
        self.max_length = int(cfg.get("max_length", 256))
        self.overlap = int(overlap if overlap is not None else cfg.get("overlap", 32))
        # Batch 1 by default: dynamic int8 scales activations per batch, so a window batched with
        # others could be tagged differently than alone; on 2 cores batch 1 is as fast (bench).
        self.batch_size = int(batch_size or cfg.get("batch_size", 1))
        self.tokenizer = load_tokenizer(model.file("tokenizer.json"))
        self._cls = self.tokenizer.token_to_id("[CLS]")
        self._sep = self.tokenizer.token_to_id("[SEP]")
        self._run = run or OrtRunner(model.file(cfg.get("onnx", {}).get("file", "model.onnx")), threads).run

    @classmethod
    def load(cls, path: str | Path | None = None, *, threads: int | None = None,
             batch_size: int | None = None, overlap: int | None = None) -> "Tagger":
        """Load a model directory (default: the shipped model), verifying its checksums."""
        return cls(md.read(path or md.default_model_path()), threads=threads, batch_size=batch_size, overlap=overlap)

    def tag(self, text: str) -> list[Span]:
        """Spans of one posting; ``text[s.start:s.end] == s.text`` for each."""
        return self.tag_batch([text])[0]

    def tag_batch(self, texts: Sequence[str], batch_size: int | None = None) -> list[list[Span]]:
        """Spans for each text, same order and length as ``texts``."""
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise InputError(f"texts[{i}] is {type(t).__name__}, expected str")
        return predict(list(texts), self.tokenizer, self._run, self.tags, max_length=self.max_length,
                       overlap=self.overlap, batch_size=batch_size or self.batch_size,
                       cls_id=self._cls, sep_id=self._sep)

    def extract(self, text: str):
        """Structured requirements of one posting (``reqtag.requirements.Requirements``):
        normalised values, required/preferred, degree-experience alternatives, languages —
        every value with the offsets of the spans it came from."""
        from .requirements import extract

        return extract(text, self.tag(text))

    def tag_stream(self, postings: Iterable[Any], chunk: int = 32) -> Iterator[TagResult]:
        """Tag any iterable of postings in chunks (bounded memory), in order; a bad one yields a problem."""
        it = iter(postings)
        index = 0
        while True:
            block = list(itertools.islice(it, chunk))
            if not block:
                return
            good: list[Posting] = []
            slots: list[TagResult | int] = []
            for item in block:
                try:
                    p = _as_posting(item, index)
                    slots.append(len(good))
                    good.append(p)
                except InputError as err:
                    rid = str(item.get("id")) if isinstance(item, dict) and "id" in item else str(index)
                    slots.append(TagResult(rid, [], Problem("bad-record", str(err), record_id=rid)))
                index += 1
            spans = self.tag_batch([p.text for p in good]) if good else []
            for slot in slots:
                if isinstance(slot, TagResult):
                    yield slot
                else:
                    yield TagResult(good[slot].id, spans[slot])
