"""spaCy pipeline component ``reqtag``: ``nlp.add_pipe("reqtag")`` after ``pip install reqtag``.

Sets ``doc.spans["reqtag"]`` (all spans) and ``doc.ents`` (those that do not clash with existing
entities), ``span._.reqtag_score``, ``span._.reqtag_strength`` (required/preferred),
``span._.reqtag_value`` (normalised value) and ``doc._.reqtag_requirements`` (the structured
record). ``nlp.pipe`` tags in batches.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

SPANS_KEY = "reqtag"


def make_reqtag(nlp: Language, name: str, model: str | None, batch_size: int, threads: int | None,
                workers: int) -> ReqtagComponent:
    return ReqtagComponent(nlp, name, model=model, batch_size=batch_size, threads=threads, workers=workers)


Language.factory("reqtag", default_config={"model": None, "batch_size": 32, "threads": None, "workers": 1},
                 assigns=["doc.ents", "doc.spans", "doc._.reqtag_requirements", "span._.reqtag_score",
                          "span._.reqtag_strength", "span._.reqtag_value"], func=make_reqtag)


class ReqtagComponent:
    """Wraps a reqtag Tagger; the model loads once, at construction."""

    def __init__(self, nlp: Language, name: str, *, model: str | None = None, batch_size: int = 32,
                 threads: int | None = None, workers: int = 1):
        from reqtag.inference.tagger import Tagger

        for ext in ("reqtag_score", "reqtag_strength", "reqtag_value"):
            if not SpacySpan.has_extension(ext):
                SpacySpan.set_extension(ext, default=None)
        if not Doc.has_extension("reqtag_requirements"):
            Doc.set_extension("reqtag_requirements", default=None)
        self.name = name
        self.batch_size = batch_size
        self.tagger = Tagger.load(model, threads=threads, workers=workers)  # workers: docs of a batch at once

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.tagger.tag(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list[Doc]) -> Iterator[Doc]:
        for doc, spans in zip(docs, self.tagger.tag_batch([d.text for d in docs]), strict=True):
            yield self._set(doc, spans)

    def _set(self, doc: Doc, spans: list[Any]) -> Doc:
        from reqtag.structure.requirements import extract

        # Structure from reqtag's own offsets, before spaCy's token alignment can move them.
        req = extract(doc.text, spans)
        by_key = {(r["start"], r["end"], r["label"]): r for r in req.to_dict()["spans"]}
        doc._.reqtag_requirements = req
        out = []
        for s in spans:
            sp = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if sp is not None:
                info = by_key.get((s.start, s.end, s.label), {})
                sp._.reqtag_score = s.score
                sp._.reqtag_strength = info.get("strength")
                sp._.reqtag_value = info.get("value")
                out.append(sp)
        doc.spans[SPANS_KEY] = out
        # Entities already set win: filter_spans over both would keep the longest span and drop a user's
        # entity under a longer reqtag span. reqtag's spans fill only the tokens no entity holds.
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        free = [sp for sp in filter_spans(out) if taken.isdisjoint(range(sp.start, sp.end))]
        doc.ents = sorted([*doc.ents, *free], key=lambda sp: sp.start)
        return doc
