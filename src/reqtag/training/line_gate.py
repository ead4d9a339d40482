"""Fit a line gate (``reqtag.inference.line_gate``) for an exported model and choose its threshold on dev.

``add_line_gate`` copies the model directory, fits the regression on the train postings its main
network tags (not those a per-language model takes), scores the dev postings through the runtime at
each threshold, keeps the highest threshold whose dev strict micro F1 is at least the ungated one
(none: the copy reads every line), re-scores every split for the card and writes the copy. The
choice reads dev only; test is read for the card, after it.
"""
from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError
from reqtag.inference import model_dir as md
from reqtag.inference.config import LineGate
from reqtag.inference.line_gate import GateWeights, line_features, line_groups, n_features
from reqtag.inference.pipeline import Pipeline, posting_language

logger = logging.getLogger(__name__)

FILE = "line_gate.npz"
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)


def fit(pipeline: Pipeline, records: Sequence[Record], *, c: float = 4.0) -> GateWeights:
    """A class-balanced logistic regression: does a line of these postings hold a gold span?"""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocab = pipeline.tokenizer.get_vocab_size()
    cols: list[np.ndarray] = []
    y: list[int] = []
    for r in records:
        enc = pipeline.encode(r.text)
        for g in line_groups(enc.starts, r.text):
            a, b = int(enc.starts[g[0]]), int(enc.ends[g[-1]])
            cols.append(line_features(enc.ids[g], vocab))
            y.append(int(any(s.start < b and s.end > a for s in r.spans)))
    if len(set(y)) < 2:
        raise InputError(f"the line gate needs train lines with and without spans (got {len(y)} lines, "
                         f"{sum(y)} with a span)")
    ptr = np.cumsum([0] + [len(f) for f in cols])
    data = np.concatenate([np.full(len(f), 1.0 / np.sqrt(len(f))) for f in cols])
    x = csr_matrix((data, np.concatenate(cols), ptr), shape=(len(cols), n_features(vocab)))
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, np.asarray(y))
    return GateWeights(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), vocab)


def add_line_gate(model: str | Path, records: Sequence[Record], out: str | Path, *,
                  thresholds: Sequence[float] = THRESHOLDS, neighbours: int = 1,
                  log: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Write ``out``: ``model`` with a line gate chosen on the dev ``records``; returns the dev rows
    (threshold, share of tokens the network reads, strict micro F1)."""
    from reqtag.evaluation.harness import score_predictions
    from reqtag.inference.tagger import Tagger
    from reqtag.training.export import _split_scores, write_card

    log = log or logger.info
    model, out = Path(model), Path(out)
    mdir = md.read(model)
    if out.exists():
        raise InputError(f"{out}: exists; the line gate writes a new model directory")
    routed = set(mdir.config.languages)
    mine = [r for r in records if posting_language(r.text) not in routed]
    train, dev = [r for r in mine if r.split == "train"], [r for r in mine if r.split == "dev"]
    if not train or not dev:
        raise InputError(f"the line gate needs train and dev postings of the main model's languages "
                         f"(got {len(train)} train, {len(dev)} dev)")
    shutil.copytree(model, out)
    base = Tagger.load(out).pipeline
    weights = fit(base, train)
    weights.save(out / FILE)
    log(f"line gate fitted on {len(train)} train postings")

    # encoded and detected once; every threshold reads them
    encs = [base.encode(r.text) for r in dev]
    langs = [posting_language(r.text) for r in dev]
    total = max(sum(len(e) for e in encs), 1)
    rows = []
    for threshold in (None, *thresholds):
        gate = LineGate(FILE, threshold, neighbours) if threshold is not None else LineGate()
        pipe = Pipeline(base.tokenizer, base.run, base.config.with_(line_gate=gate),
                        gate=weights if threshold is not None else None)
        read = total if threshold is None else sum(
            int(weights.keep(e.ids, e.starts, r.text, threshold, neighbours).sum())
            for e, r in zip(encs, dev, strict=True))
        preds = [pipe.spans(r.text, language=lang) for r, lang in zip(dev, langs, strict=True)]
        f1 = score_predictions(dev, preds, mdir.labels, bootstrap=0)["strict"]["micro"]["f1"]
        rows.append({"threshold": threshold, "tokens_read": read / total, "dev_micro_f1": f1})
        log(f"threshold {threshold}: the network reads {read / total:.1%} of the dev tokens, "
            f"dev strict micro F1 {f1:.4f}")
    ungated = rows[0]["dev_micro_f1"]
    fit_rows = [row for row in rows[1:] if row["dev_micro_f1"] >= ungated]
    chosen = max(fit_rows, key=lambda row: row["threshold"]) if fit_rows else None
    gate = LineGate(FILE, chosen["threshold"], neighbours) if chosen else LineGate()
    if chosen is None:
        (out / FILE).unlink()
        log("no threshold keeps the dev F1: the copy reads every line")
    else:
        log(f"chosen: threshold {chosen['threshold']} (reads {chosen['tokens_read']:.1%} of the dev tokens)")
    config = mdir.config.with_(line_gate=gate)
    files = tuple(n for n in config.files if n != FILE) + ((FILE,) if chosen else ())
    md.write(out, config, files=files)
    tagger = Tagger.load(out)
    scores = _split_scores(tagger.tag_batch, records, config.labels, log)
    training = {**config.training, "line_gate": {"dev": rows, "train_postings": len(train)}}
    write_card(md.write(out, config.with_(scores=scores, training=training), files=files))
    return rows
