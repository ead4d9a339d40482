"""The Tagger: load a model directory once, tag one posting, a batch, or a stream.

The work is done by ``pipeline.Pipeline`` (encode → windows → run → merge → decode); the Tagger
adds loading, input checks, the streaming API and the choice of pipeline per posting: a model
directory with per-language models (``config.languages``) tags a posting detected in one of those
languages with that language's pipeline, built on first use, so a user who never tags that
language never pays its memory or start-up. ``Tagger.from_runner`` wraps any runner (a torch
model in training and export) so every score goes through the very same code.

``workers`` > 1 tags that many postings of a batch or stream at once, each ONNX call on its share
of the threads: onnxruntime keeps two cores busier with two one-thread calls than with one
two-thread call (evaluation/bench_speed.py). Each posting is still tagged alone, so its spans are
the same.
"""
from __future__ import annotations

import functools
import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from reqtag.errors import InputError, Problem
from reqtag.inference import model_dir as md
from reqtag.inference.config import ModelConfig
from reqtag.inference.encoding import load_tokenizer
from reqtag.inference.line_gate import GateWeights
from reqtag.inference.pipeline import Pipeline, RunFn, posting_language
from reqtag.langid import detect_language
from reqtag.schema import Posting, Span
from reqtag.text import without_surrogates


@dataclass(frozen=True)
class TagResult:
    """One posting's outcome in a stream: its spans and detected language, or the problem that stopped it."""

    posting_id: str
    spans: list[Span]
    problem: Problem | None = None
    language: str | None = None  # ISO 639-1 code detected offline (reqtag.langid), "und" when undecidable


def _as_posting(item: Any, index: int) -> Posting:
    if isinstance(item, Posting):
        return item
    if isinstance(item, str):
        return Posting(str(index), item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return Posting(str(item[0]), item[1])
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return Posting(str(item.get("id", index)), item["text"])
    if isinstance(getattr(item, "text", None), str) and getattr(item, "id", None) is not None:
        return Posting(str(item.id), item.text)  # an annotated Record is a posting with gold: tag it as one
    raise InputError(f"record {index}: expected a str, (id, text), Posting, Record or {{'id', 'text'}}, "
                     f"got {type(item).__name__}")


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{name} must be a positive integer (got {value!r})")
    return value


def _text_list(texts: Any) -> list[Any]:
    """``texts`` as a list, refusing what is not a collection of texts: a str or bytes would iterate
    as characters or ints, one "posting" each."""
    if isinstance(texts, str | bytes | bytearray):
        raise InputError(f"texts is one {type(texts).__name__}, expected an iterable of str (tag() takes one text)")
    try:
        return list(texts)
    except TypeError:
        raise InputError(f"texts is {type(texts).__name__}, expected an iterable of str") from None


class Tagger:
    """Tags requirement spans with an exported (ONNX) reqtag model. No torch needed.

    ``tagger(text)`` is ``tagger.tag(text)``; ``tagger(texts)`` is ``tagger.tag_batch(texts)``.
    """

    def __init__(self, pipeline: Pipeline, model: md.ModelDir | None = None,
                 languages: Mapping[str, Callable[[], Pipeline]] | None = None, *, workers: int = 1):
        """``pipeline`` tags every posting but those detected in a language of ``languages``, whose
        builders make that language's pipeline (called once, on its first posting); ``workers``:
        postings a batch or stream tags at once."""
        self.pipeline = pipeline
        self.model = model
        self.config: ModelConfig = pipeline.config
        self.labels: tuple[str, ...] = self.config.labels
        self.tags: tuple[str, ...] = self.config.tags
        self.tokenizer = pipeline.tokenizer  # the main model's; ``pipeline_for(text).tokenizer`` reads ``text``
        self._builders = dict(languages or {})
        self._routed: dict[str, Pipeline] = {}
        self._building = threading.Lock()
        self.workers = _positive("workers", workers)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages tagged by a model of their own (every other posting: the main model)."""
        return tuple(self._builders)

    def main_only(self) -> Tagger:
        """This Tagger without its per-language models: every posting through the main one (to compare)."""
        return Tagger(self.pipeline, self.model, workers=self.workers)

    @classmethod
    def load(cls, path: str | Path | None = None, *, threads: int | None = None, workers: int = 1,
             windows_per_call: int | None = None, overlap: int | None = None,
             batch_size: int | None = None) -> Tagger:
        """Load a model directory (default: the shipped model), verifying config and checksums.

        ``threads``: the cores to use (default: all); ``workers``: postings ``tag_batch`` and
        ``tag_stream`` tag at once, each ONNX call on ``threads // workers`` of them (for throughput
        on many postings; one ``tag`` call then runs on fewer threads). ``windows_per_call``
        (``batch_size`` is its old name) and ``overlap`` override the model's config, validated like it.
        """
        from reqtag.inference.runtime import OrtRunner

        if threads is not None:
            _positive("threads", threads)
        per_call = max(1, (threads or os.cpu_count() or 1) // _positive("workers", workers))
        model = md.read(path or md.default_model_path())
        changes = {k: v for k, v in (("windows_per_call", windows_per_call or batch_size),
                                     ("overlap", overlap)) if v is not None}

        def build(mdir: md.ModelDir, tokenizer: Any) -> Pipeline:
            config = mdir.config.with_(**changes) if changes else mdir.config
            runner = OrtRunner(mdir.file(config.onnx.file), per_call, n_classes=len(config.tags))
            gate = GateWeights.load(mdir.file(config.line_gate.file)) if config.line_gate.file else None
            return Pipeline(tokenizer, runner.run, config, gate=gate)

        # A language's network loads on its first posting, but its tokenizer (a few ms) loads now: a
        # broken one is a load error, not one failed record per posting in that language.
        tokenizers = {lang: load_tokenizer(sub.file("tokenizer.json")) for lang, sub in model.languages.items()}
        return cls(build(model, load_tokenizer(model.file("tokenizer.json"))), model,
                   {lang: functools.partial(build, sub, tokenizers[lang]) for lang, sub in model.languages.items()},
                   workers=workers)

    @classmethod
    def from_runner(cls, run: RunFn, tokenizer: Any, config: ModelConfig) -> Tagger:
        """A Tagger over any runner ``run(ids, mask) -> logits`` (e.g. a torch model in training)."""
        return cls(Pipeline(tokenizer, run, config))

    def tag(self, text: str) -> list[Span]:
        """Spans of one posting; ``text[s.start:s.end] == s.text`` for each."""
        if not isinstance(text, str):
            raise InputError(f"text is {type(text).__name__}, expected str")
        return self._spans(text)

    def tag_batch(self, texts: Iterable[str], batch_size: int | None = None) -> list[list[Span]]:
        """Spans for each text (any iterable), same order and length.

        A posting's spans never depend on the others: ``tag_batch(ts)[i] == tag(ts[i])``.
        ``batch_size`` is accepted for compatibility and changes nothing.
        """
        if batch_size is not None:
            _positive("batch_size", batch_size)
        items = _text_list(texts)
        for i, t in enumerate(items):
            if not isinstance(t, str):
                raise InputError(f"texts[{i}] is {type(t).__name__}, expected str")
        return list(self._iter_spans(items))

    def _iter_spans(self, texts: list[str]) -> Iterator[list[Span]]:
        """Spans of each text in order, ``workers`` texts at a time; a failure is raised where its
        text comes, after the spans of the texts before it."""
        if self.workers == 1 or len(texts) < 2:
            yield from map(self._spans, texts)
            return
        with ThreadPoolExecutor(min(self.workers, len(texts)), thread_name_prefix="reqtag-tag") as pool:
            yield from pool.map(self._spans, texts)

    def pipeline_for(self, text: str) -> Pipeline:
        """The pipeline that tags ``text``: its language's own where the model has one, else the main one."""
        if not isinstance(text, str):
            raise InputError(f"text is {type(text).__name__}, expected str")
        return self._route(text)[0]

    def _route(self, text: str) -> tuple[Pipeline, str | None]:
        if not self._builders:
            return self.pipeline, None  # the pipeline detects the language itself if its rules need it
        language = posting_language(without_surrogates(text))
        build = self._builders.get(language)
        if build is None:
            return self.pipeline, language
        with self._building:  # two threads' first postings in one language build it once
            if language not in self._routed:
                self._routed[language] = build()
        return self._routed[language], language

    def _spans(self, text: str) -> list[Span]:
        pipeline, language = self._route(text)
        return pipeline.spans(text, language=language)

    # str is itself an Iterable[str]: the first overload wins for it, which is what __call__ does
    @overload
    def __call__(self, texts: str) -> list[Span]: ...  # type: ignore[overload-overlap]

    @overload
    def __call__(self, texts: Iterable[str]) -> list[list[Span]]: ...

    def __call__(self, texts):
        """Like a pipeline: one text → its spans; an iterable of texts → spans per text."""
        return self.tag(texts) if isinstance(texts, str) else self.tag_batch(texts)

    def extract(self, text: str, linker: Any = None):
        """Structured requirements of one posting (``reqtag.structure.requirements.Requirements``):
        normalised values, required/preferred, degree-experience alternatives, languages —
        every value with the offsets of the spans it came from. With a ``reqtag.Linker``, each
        COMPETENCY span also carries its best ESCO skills (``esco``)."""
        from reqtag.structure.requirements import extract

        spans = self.tag(text)
        reqs = extract(text, spans)
        if linker is not None:
            links = {(s.start, s.end): m for s, m in zip(spans, linker.link_spans(text, spans, k=3), strict=True)
                     if s.label == "COMPETENCY"}
            for item in reqs.spans:
                if (item.start, item.end) in links and item.label == "COMPETENCY":
                    item.esco = [m.to_dict() for m in links[(item.start, item.end)]]
        return reqs

    def tag_stream(self, postings: Iterable[Any], chunk: int = 32) -> Iterator[TagResult]:
        """Tag any iterable of postings, ``chunk`` postings read at a time (bounded memory), in order;
        a bad record yields a problem and the stream goes on."""
        _positive("chunk", chunk)
        it = iter(postings)
        index = 0
        while True:
            block = list(itertools.islice(it, chunk))
            if not block:
                return
            parsed: list[Posting | TagResult] = []
            for item in block:
                try:
                    parsed.append(_as_posting(item, index))
                except InputError as err:
                    rid = str(item.get("id")) if isinstance(item, dict) and "id" in item else str(index)
                    parsed.append(TagResult(rid, [], Problem("bad-record", str(err), record_id=rid)))
                index += 1
            postings = [p for p in parsed if isinstance(p, Posting)]
            spans = self._iter_spans([p.text for p in postings])
            for p in parsed:
                yield p if isinstance(p, TagResult) else TagResult(p.id, next(spans), language=detect_language(p.text))

