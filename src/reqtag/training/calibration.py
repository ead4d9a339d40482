"""Span scores that mean precision: a curve per label, fitted on dev postings, for each network of a model.

A network span's raw score (the mean probability of its tags) is near 1 for most spans, right or wrong:
on the shipped model's English and French test postings a COMPETENCY span scored 0.99 on average and was
right three times in four. ``fitted`` reads, on dev postings, every span the network contributes to the
pipeline's output (not those the rules replace) with its raw score and whether it is exactly a gold span,
and ``fit_curves`` makes of them per label a non-decreasing curve raw score → precision (runs of spans
and an isotonic regression, scikit-learn). The curve goes into
``decoding.calibration`` and is applied at tag time by numpy alone (``reqtag.inference.pipeline.calibrated``),
after the thresholds, so the spans kept never change: only what their scores say. The rules' spans already
carry the rules' dev precision.

``calibrate`` does it for an exported model directory (each per-language model on its own language's
postings), ``export`` for every new model.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from reqtag.errors import InputError
from reqtag.inference import model_dir as md
from reqtag.inference.config import ModelConfig
from reqtag.inference.pipeline import Pipeline, calibrated, posting_language, with_rules
from reqtag.schema import Span

logger = logging.getLogger(__name__)

#: fewer dev spans of a label than this and its scores stay raw: a curve through a handful of
#: points would claim a precision the dev postings cannot show
MIN_SPANS = 20
#: fewest dev spans behind one point of a curve: a label's spans are cut into runs of 25 to 49 (one run
#: of all of them when it has fewer than 50, at least ``MIN_SPANS``)
PER_POINT = 25
#: equal-width score bins of the expected calibration error
BINS = 10
_SPLITS = ("dev", "test", "seeds")


def network_spans(pipeline: Pipeline, text: str, language: str) -> list[Span]:
    """The spans of ``text`` that the network contributes to ``pipeline``'s output, with raw scores:
    the configured decoding minus the spans of labels the posting's rules take (but the network's spans
    in the rules' gaps, where the config fills them)."""
    decoding = pipeline.config.decoding
    raw = pipeline.spans(text, thresholds=decoding.thresholds, language=language)
    if not decoding.rules.get(language):
        return raw
    mine = {id(s) for s in raw}
    return [s for s in with_rules(text, raw, decoding.rules, language, fill=decoding.fill) if id(s) in mine]


def _observations(pipeline: Pipeline, records: Sequence[Any],
                  language_of: Callable[[str], str]) -> list[tuple[str, str, float, bool]]:
    """(split, label, raw score, right) of every network span of ``records``."""
    rows = []
    for r in records:
        gold = {(s.start, s.end, s.label) for s in r.spans}
        for s in network_spans(pipeline, r.text, language_of(r.text)):
            rows.append((r.split, s.label, float(s.score if s.score is not None else 0.0),
                         (s.start, s.end, s.label) in gold))
    return rows


def fit_curves(observations: Iterable[tuple[str, float, bool]], labels: Sequence[str],
               min_spans: int = MIN_SPANS, per_point: int = PER_POINT) -> dict[str, dict[str, list[float]]]:
    """Per label with at least ``min_spans`` observations (label, raw score, right): the curve raw score →
    precision that ``decoding.calibration`` stores. The label's spans, in raw-score order, are cut into
    runs of at least ``per_point`` spans; each run is a point (mean raw score, share right), and an
    isotonic regression (scikit-learn) weighted by the runs' sizes makes the precisions non-decreasing.
    So no precision on the curve rests on fewer than ``per_point`` dev spans: plain isotonic regression
    would let the three highest-scoring spans, all right, claim a precision of 1."""
    from sklearn.isotonic import IsotonicRegression

    by_label: dict[str, list[tuple[float, bool]]] = {}
    for label, x, y in observations:
        by_label.setdefault(label, []).append((x, y))
    curves = {}
    for label in labels:
        rows = sorted(by_label.get(label, []), key=lambda row: row[0])  # by score alone: ties keep their order
        if len(rows) < min_spans:
            continue
        runs = np.array_split(np.arange(len(rows)), max(1, len(rows) // per_point))
        score = np.array([r[0] for r in rows], dtype=np.float64)
        right = np.array([r[1] for r in rows], dtype=np.float64)
        points = _merged([(float(np.round(score[i].mean(), 4)), float(right[i].mean()), len(i)) for i in runs])
        px, py, pn = (np.array(v, dtype=np.float64) for v in zip(*points, strict=True))
        fit = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True).fit(px, py, sample_weight=pn)
        curves[label] = {"score": px.tolist(), "precision": np.round(fit.predict(px), 4).tolist()}
    return curves


def _merged(points: Sequence[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    """Points (score, precision, spans) with equal (rounded) scores merged, weighted by their spans, so
    the curve's scores strictly increase."""
    out: list[tuple[float, float, int]] = []
    for x, y, n in points:
        if out and x <= out[-1][0]:
            x0, y0, n0 = out[-1]
            out[-1] = (x0, (y0 * n0 + y * n) / (n0 + n), n0 + n)
        else:
            out.append((x, y, n))
    return out


def calibration_error(scores: Sequence[float], right: Sequence[bool], bins: int = BINS) -> float:
    """Expected calibration error: the span-weighted mean gap between the mean score and the share of
    right spans in each of ``bins`` equal-width score bins (0 for no spans)."""
    p = np.asarray(scores, dtype=np.float64)
    y = np.asarray(right, dtype=np.float64)
    if p.size == 0:
        return 0.0
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    total = 0.0
    for b in np.unique(idx):
        m = idx == b
        total += m.sum() * abs(p[m].mean() - y[m].mean())
    return float(total / p.size)


def report(observations: Sequence[tuple[str, str, float, bool]], curves: Mapping[str, Mapping[str, list[float]]],
           labels: Sequence[str]) -> dict[str, Any]:
    """Per split and label (and all labels): network spans, their precision, and the expected calibration
    error of the raw and the calibrated scores."""
    out: dict[str, Any] = {}
    for split in _SPLITS:
        rows = [o for o in observations if o[0] == split]
        if not rows:
            continue
        out[split] = {}
        for label in (*labels, "all"):
            mine = [o for o in rows if label == "all" or o[1] == label]
            if not mine:
                continue
            raw = [o[2] for o in mine]
            cal = [_apply(curves, o[1], o[2]) for o in mine]
            right = [o[3] for o in mine]
            out[split][label] = {"spans": len(mine), "precision": round(float(np.mean(right)), 4),
                                 "ece_raw": round(calibration_error(raw, right), 4),
                                 "ece": round(calibration_error(cal, right), 4)}
    return out


def _apply(curves: Mapping[str, Mapping[str, list[float]]], label: str, score: float) -> float:
    s = calibrated([Span(0, 0, label, "", score)], curves)[0].score
    return float(s if s is not None else score)


def fitted(config: ModelConfig, pipeline_for: Callable[[ModelConfig], Pipeline], records: Sequence[Any],
           log: Callable[[str], None] | None = None, *,
           language_of: Callable[[str], str] = posting_language) -> ModelConfig:
    """``config`` with curves fitted on the dev ``records`` and a report on every split of them
    (``ModelConfig.calibration``); unchanged when there are no dev records. ``pipeline_for`` builds the
    inference pipeline of a config (the network and tokenizer stay the same); ``language_of`` a posting's
    language (a caller that has detected them already passes its lookup)."""
    log = log or logger.info
    dev = [r for r in records if r.split == "dev"]
    if not dev:
        return config
    plain = config.with_(decoding=replace(config.decoding, calibration={}))
    observations = _observations(pipeline_for(plain), records, language_of)
    curves = fit_curves(((label, x, y) for split, label, x, y in observations if split == "dev"), config.labels,
                        min_spans=MIN_SPANS, per_point=PER_POINT)
    dev_spans = Counter(label for split, label, _, _ in observations if split == "dev")
    counts = {label: dev_spans[label] for label in config.labels}
    summary = report(observations, curves, config.labels)
    for split, rows in summary.items():
        if "all" in rows:
            row = rows["all"]
            log(f"calibration, {split}: {row['spans']} network spans, precision {row['precision']:.3f}, "
                f"expected calibration error {row['ece_raw']:.3f} raw → {row['ece']:.3f}")
    return config.with_(decoding=replace(config.decoding, calibration=curves),
                        calibration={"fitted_on": "dev", "dev_postings": len(dev), "min_spans": MIN_SPANS,
                                     "per_point": PER_POINT, "dev_spans": counts, "bins": BINS, "splits": summary})


def calibrate(model_path: str | Path, records: Sequence[Any], log: Callable[[str], None] | None = None) -> md.ModelDir:
    """Fit the score curves of an exported model directory on the dev ``records`` and rewrite its
    reqtag.json files (network and tokenizer untouched, checksums re-verified) and cards. A per-language
    model is fitted on the postings detected in its language, the main model on all the others."""
    from reqtag.evaluation.card import existing_comparison, write_card
    from reqtag.inference.tagger import Tagger

    log = log or logger.info
    path = Path(model_path)
    mdir = md.read(path)
    refits = mdir.refits()
    if refits:
        raise InputError(f"{', '.join(refits)}: a refit, which learnt the dev postings; its score curves are the "
                         "ones its training config copied (decoding_from), and none can be fitted on dev")
    if not any(r.split == "dev" for r in records):
        raise InputError("calibrate needs gold postings of the dev split (none given)")
    main = _pipeline_for(Tagger.load(path))  # loaded before any sub-model's reqtag.json changes under it
    languages = {r.text: posting_language(r.text) for r in records}
    for lang, sub in mdir.languages.items():
        mine = [r for r in records if languages[r.text] == lang]
        log(f"{lang}/: {sum(r.split == 'dev' for r in mine)} dev postings")
        md.write(sub.path, fitted(sub.config, _pipeline_for(Tagger.load(sub.path)), mine, log,
                                  language_of=languages.__getitem__), files=tuple(sub.config.files))
    rest = [r for r in records if languages[r.text] not in mdir.config.languages]
    log(f"main model: {sum(r.split == 'dev' for r in rest)} dev postings")
    comparison = existing_comparison(path)
    config = fitted(mdir.config, main, rest, log, language_of=languages.__getitem__)
    write_card(md.write(path, config, files=tuple(mdir.config.files)), comparison=comparison)
    return md.read(path)


def _pipeline_for(tagger: Any) -> Callable[[ModelConfig], Pipeline]:
    """Pipelines of ``tagger``'s main network, tokenizer and line gate under another config."""
    main = tagger.pipeline
    return lambda config: Pipeline(main.tokenizer, main.run, config, repair=main.repair, gate=main.gate)
