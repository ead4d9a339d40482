"""Span metrics: every number reqtag reports is computed here.

Strict span matching (same start, end and label) per label, micro and macro; nervaluate-style
``exact`` / ``partial`` / ``type`` modes beside it; 95% bootstrap confidence intervals by
resampling postings.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reqtag.schema import Span
from reqtag.text import overlaps

MODES = ("strict", "exact", "partial", "type")


@dataclass
class PRF:
    """tp/fp/fn counts that add up; precision, recall, F1 derived."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "support": int(self.tp + self.fn), "predicted": int(self.tp + self.fp)}


def _key(s: Span) -> tuple[int, int, str]:
    return (s.start, s.end, s.label)


def strict_counts(gold: Iterable[Span], pred: Iterable[Span]) -> dict[str, PRF]:
    """Per-label strict counts for one posting."""
    g = Counter(_key(s) for s in gold)
    p = Counter(_key(s) for s in pred)
    out: dict[str, PRF] = defaultdict(PRF)
    for k in g.keys() | p.keys():
        tp = min(g[k], p[k])
        out[k[2]] = out[k[2]] + PRF(tp, p[k] - tp, g[k] - tp)
    return out


def mode_counts(gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, dict[str, Counter]]:
    """nervaluate (1.x) categories COR, INC, PAR, MIS, SPU per mode and label for one posting.

    As in nervaluate, predictions are taken in order and each gold span is matched at most once:
    strict — same boundaries and label is COR, else the first overlapping gold makes it INC;
    exact — same boundaries COR, overlap INC; partial — same boundaries COR, overlap PAR;
    type — overlap with the same label COR (closest boundaries win), with another label INC.
    Unmatched predictions are SPU, unmatched gold spans MIS. Categories count under the gold
    span's label (SPU under the prediction's).
    """
    res: dict[str, dict[str, Counter]] = {m: defaultdict(Counter) for m in MODES}
    for mode in MODES:
        out = res[mode]
        matched: set[int] = set()
        for p in pred:
            hit, near = None, None
            best = None
            for i, g in enumerate(gold):
                if i in matched or not overlaps(p, g):
                    continue
                same_bounds = g.start == p.start and g.end == p.end
                if mode == "type":
                    if g.label == p.label:
                        dist = abs(g.start - p.start) + abs(g.end - p.end)
                        if best is None or dist < best:
                            hit, best = i, dist
                    elif near is None:
                        near = i
                    continue
                if same_bounds and (mode != "strict" or g.label == p.label):
                    hit = i
                    break
                if near is None:
                    near = i
            if hit is not None:
                matched.add(hit)
                out[gold[hit].label]["COR"] += 1
            elif near is not None:
                matched.add(near)
                out[gold[near].label]["PAR" if mode == "partial" else "INC"] += 1
            else:
                out[p.label]["SPU"] += 1
        for i, g in enumerate(gold):
            if i not in matched:
                out[g.label]["MIS"] += 1
    return res


def _mode_prf(c: Counter, mode: str) -> PRF:
    cor, inc, par, mis, spu = (c[k] for k in ("COR", "INC", "PAR", "MIS", "SPU"))
    tp = cor + 0.5 * par if mode == "partial" else cor
    act, pos = cor + inc + par + spu, cor + inc + par + mis
    return PRF(tp, act - tp, pos - tp)


@dataclass
class Scores:
    """Per-label PRF for one mode, with micro and macro averages and optional CIs."""

    per_label: dict[str, PRF]
    labels: tuple[str, ...]
    ci: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def micro(self) -> PRF:
        total = PRF()
        for label in self.labels:
            total = total + self.per_label.get(label, PRF())
        return total

    @property
    def macro_f1(self) -> float:
        present = [self.per_label[lb].f1 for lb in self.labels if lb in self.per_label
                   and (self.per_label[lb].tp + self.per_label[lb].fn) > 0]
        return float(np.mean(present)) if present else 0.0

    def to_dict(self) -> dict:
        d: dict[str, dict[str, Any]] = {label: self.per_label.get(label, PRF()).to_dict() for label in self.labels}
        d["micro"] = self.micro.to_dict()
        d["macro"] = {"f1": round(self.macro_f1, 4)}
        for name, (lo, hi) in self.ci.items():
            d.setdefault(name, {})["f1_ci95"] = [round(lo, 4), round(hi, 4)]
        return d


def score(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], labels: Sequence[str],
          mode: str = "strict", bootstrap: int = 0, seed: int = 0) -> Scores:
    """Score aligned lists of postings' spans; ``bootstrap`` > 0 adds 95% CIs (micro and per label)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold postings but {len(pred)} predicted")
    labels = tuple(labels)
    docs = [_doc_counts(g, p, mode) for g, p in zip(gold, pred, strict=True)]
    total: dict[str, PRF] = defaultdict(PRF)
    for d in docs:
        for label, prf in d.items():
            total[label] = total[label] + prf
    result = Scores(dict(total), labels)
    if bootstrap and docs:
        rng = np.random.default_rng(seed)
        keys = list(labels) + ["micro"]
        arr = _count_array(docs, labels)
        samples = np.zeros((bootstrap, len(keys)))
        for b in range(bootstrap):
            samples[b] = f1_of_counts(arr[rng.integers(0, len(docs), len(docs))].sum(0))
        for j, k in enumerate(keys):
            lo, hi = np.percentile(samples[:, j], [2.5, 97.5])
            result.ci[k] = (float(lo), float(hi))
    return result


def posting_counts(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]], labels: Sequence[str]) -> np.ndarray:
    """Strict counts per posting as an array [posting, each of ``labels`` then their micro, (tp, fp, fn)]: the
    input of a bootstrap, whose resamples sum rows and read F1 with ``f1_of_counts``."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold postings but {len(pred)} predicted")
    return _count_array([strict_counts(g, p) for g, p in zip(gold, pred, strict=True)], labels)


def _count_array(docs: Sequence[dict[str, PRF]], labels: Sequence[str]) -> np.ndarray:
    arr = np.zeros((len(docs), len(labels) + 1, 3))
    for i, d in enumerate(docs):
        for j, label in enumerate(labels):
            prf = d.get(label, PRF())
            arr[i, j] = (prf.tp, prf.fp, prf.fn)
        arr[i, -1] = arr[i, :-1].sum(0)
    return arr


def f1_of_counts(c: np.ndarray) -> np.ndarray:
    """F1 over the last axis (tp, fp, fn) of a count array; 0 where nothing was found right."""
    tp, fp, fn = c[..., 0], c[..., 1], c[..., 2]
    return np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)


def _doc_counts(gold: Sequence[Span], pred: Sequence[Span], mode: str) -> dict[str, PRF]:
    if mode == "strict":
        return strict_counts(gold, pred)
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {MODES}")
    return {label: _mode_prf(c, mode) for label, c in mode_counts(list(gold), list(pred))[mode].items()}


def confusion(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> dict[str, Counter]:
    """gold label → Counter of predicted labels over overlapping spans ('-' = missed)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for gs, ps in zip(gold, pred, strict=True):
        for g in gs:
            hits = [p.label for p in ps if overlaps(p, g)]
            out[g.label].update(hits or ["-"])
    return dict(out)


@dataclass(frozen=True)
class Paired:
    """Two systems' strict micro F1 on the same postings and their difference (``new - old``), with
    its 95% CI and ``p_not_better`` (the share of resamples where ``new`` does not beat ``old``)
    from a paired bootstrap over postings: the same resample for both."""

    new: float
    old: float
    low: float
    high: float
    p_not_better: float

    @property
    def diff(self) -> float:
        return self.new - self.old


def paired_bootstrap(gold: Sequence[Sequence[Span]], new: Sequence[Sequence[Span]], old: Sequence[Sequence[Span]],
                     labels: Sequence[str], n: int = 2000, seed: int = 0) -> Paired:
    """Strict micro F1 over ``labels`` of two predictions of the same postings, compared by a paired
    bootstrap (``n`` resamples of the postings; ``n=0`` gives the point estimates, CI = the point)."""
    if not len(gold) == len(new) == len(old):
        raise ValueError(f"{len(gold)} gold postings, {len(new)} and {len(old)} predicted")
    a, b = posting_counts(gold, new, labels)[:, -1], posting_counts(gold, old, labels)[:, -1]  # micro over labels
    f_new, f_old = float(f1_of_counts(a.sum(0))), float(f1_of_counts(b.sum(0)))
    if not n or not len(gold):
        return Paired(f_new, f_old, f_new - f_old, f_new - f_old, float(f_new <= f_old))
    draws = np.random.default_rng(seed).integers(0, len(gold), size=(n, len(gold)))
    diff = f1_of_counts(a[draws].sum(1)) - f1_of_counts(b[draws].sum(1))
    lo, hi = np.percentile(diff, [2.5, 97.5])
    return Paired(f_new, f_old, float(lo), float(hi), float((diff <= 0).mean()))
