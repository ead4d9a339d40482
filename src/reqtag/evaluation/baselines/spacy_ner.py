"""spaCy's own CNN NER (tok2vec + ner) as a baseline: what many users would pick instead.

The config is spaCy's default ``init config --pipeline ner --optimize efficiency`` for CPU (no
vectors, no transformer), trained on the train split and selected (``model-best``) on dev by
spaCy's entity F1. Only the step budget is capped so that training stays within minutes on CPU.
Gold spans become ``doc.ents`` through ``doc.char_span``; spans that do not fall on token
boundaries are expanded to them, and spans that cannot be placed are counted, never dropped
silently.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import Record
from reqtag.schema import Span
from reqtag.text import trim

#: Step budget: ~0.13 s a step on one CPU thread (39 train postings, measured), so 2500 steps stay near
#: 6 minutes. spaCy's defaults are max_steps 20000, patience 1600, eval_frequency 200.
MAX_STEPS = 2500
PATIENCE = 800
EVAL_FREQUENCY = 200


def to_docbin(records: Sequence[Record], path: str | Path, nlp: Any) -> dict[str, int]:
    """Write ``records`` as a spaCy DocBin with gold ``doc.ents``; returns the alignment counts.

    ``strict``: spans on token boundaries; ``expanded``: widened to the tokens covering them;
    ``skipped_misaligned``: no token covers them, or they start or end on a whitespace token;
    ``skipped_overlap``: after
    expansion they overlap a span kept before them (spans are taken in text order).
    """
    from spacy.tokens import DocBin

    counts = {"docs": 0, "spans": 0, "strict": 0, "expanded": 0, "skipped_misaligned": 0, "skipped_overlap": 0}
    db = DocBin(store_user_data=False)
    for rec in records:
        doc = nlp.make_doc(rec.text)
        ents = []
        taken: set[int] = set()
        for s in sorted(rec.spans, key=lambda s: (s.start, s.end, s.label)):
            counts["spans"] += 1
            ent = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
            kind = "strict"
            if ent is None:
                ent = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
                kind = "expanded"
            if ent is None or len(ent) == 0 or ent[0].is_space or ent[-1].is_space:
                counts["skipped_misaligned"] += 1
                continue
            toks = set(range(ent.start, ent.end))
            if toks & taken:
                counts["skipped_overlap"] += 1
                continue
            taken |= toks
            counts[kind] += 1
            ents.append(ent)
        doc.ents = ents
        db.add(doc)
        counts["docs"] += 1
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return counts


def make_config(seed: int = 13, max_steps: int | None = None) -> Any:
    """spaCy's default CPU efficiency NER config, with seed and the step budget of this baseline."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False, silent=True)
    steps = MAX_STEPS if max_steps is None else int(max_steps)
    config["system"]["seed"] = seed
    config["training"]["seed"] = seed
    config["training"]["max_steps"] = steps
    config["training"]["patience"] = min(PATIENCE, max(1, steps))
    # Evaluate at least twice within short runs, so model-best is chosen on dev.
    config["training"]["eval_frequency"] = max(1, min(EVAL_FREQUENCY, steps // 2))
    return config


def train_spacy_ner(train_records: Sequence[Record], dev_records: Sequence[Record], out_dir: str | Path, *,
                    max_steps: int | None = None, seed: int = 13,
                    log: Callable[[str], Any] = print) -> Path:
    """Train spaCy's default CNN NER on ``train_records``, select on ``dev_records``; returns model-best.

    ``max_steps`` None means this baseline's cap (MAX_STEPS with PATIENCE and EVAL_FREQUENCY).
    Writes ``corpus/{train,dev}.spacy``, ``config.cfg``, ``alignment.json``, ``model-best``, ``model-last``.
    """
    import json

    import spacy
    from spacy.cli.train import train

    if not train_records:
        raise ValueError("no train records")
    if not dev_records:
        raise ValueError("no dev records: model-best is selected on dev")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    counts = {}
    for name, recs in (("train", train_records), ("dev", dev_records)):
        c = to_docbin(recs, out / "corpus" / f"{name}.spacy", nlp)
        counts[name] = c
        log(f"{name}: {c['docs']} docs, {c['spans']} spans: {c['strict']} aligned, {c['expanded']} expanded "
            f"to token boundaries, {c['skipped_misaligned']} skipped (no token), "
            f"{c['skipped_overlap']} skipped (overlap after expansion)")
    (out / "alignment.json").write_text(json.dumps(counts, indent=1) + "\n", encoding="utf-8")
    config = make_config(seed=seed, max_steps=max_steps)
    config_path = out / "config.cfg"
    config.to_disk(config_path)
    t = config["training"]
    log(f"training spaCy ner: max_steps {t['max_steps']}, patience {t['patience']}, "
        f"eval_frequency {t['eval_frequency']}, seed {seed}")
    overrides = {"paths.train": str(out / "corpus" / "train.spacy"), "paths.dev": str(out / "corpus" / "dev.spacy")}
    # Warnings raised during training are collected and logged (pytest turns warnings into errors).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        train(config_path, output_path=out, use_gpu=-1, overrides=overrides)
    for msg in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
        log(f"warning during training: {msg}")
    best = out / "model-best"
    if not best.is_dir():
        raise RuntimeError(f"spaCy training wrote no {best}")
    return best


class SpacyPredictor:
    """A trained spaCy pipeline as a reqtag predictor: texts -> spans of the original texts."""

    def __init__(self, model_path: str | Path, batch_size: int = 16):
        import spacy

        self.path = Path(model_path)
        self.nlp = spacy.load(self.path)
        self.batch_size = batch_size

    def __call__(self, texts: list[str]) -> list[list[Span]]:
        out: list[list[Span]] = []
        for text, doc in zip(texts, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            spans = []
            for ent in doc.ents:
                start, end = trim(text, ent.start_char, ent.end_char)
                if start < end:
                    spans.append(Span.from_text(text, start, end, ent.label_))
            out.append(spans)
        return out
