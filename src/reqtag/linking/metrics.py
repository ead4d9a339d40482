"""Scores for linking: span accuracy and no-match precision/recall; sentence RP@k and MRR."""
from __future__ import annotations

from collections.abc import Sequence

from reqtag.linking.linker import Match


def span_scores(preds: Sequence[Sequence[Match]], gold: Sequence[set[str] | None],
                ks: tuple[int, ...] = (1, 5)) -> dict:
    """``gold[i]``: the acceptable URIs of span i (gold uri plus "also"), or None for "no ESCO skill fits".

    ``top{k}``: share of linkable spans with an acceptable URI among the first k matches (``[]`` is a
    miss). ``no_match``: precision/recall/F1 of returning ``[]`` for exactly the unlinkable spans.
    ``end_to_end``: share of all spans handled right (a hit at 1 when linkable, ``[]`` when not).
    """
    if len(preds) != len(gold):
        raise ValueError(f"{len(preds)} predictions for {len(gold)} gold spans")
    linkable = [(p, g) for p, g in zip(preds, gold, strict=True) if g]
    out: dict = {"spans": len(gold), "linkable": len(linkable)}
    for k in ks:
        hits = sum(any(m.uri in g for m in p[:k]) for p, g in linkable)
        out[f"top{k}"] = round(hits / len(linkable), 4) if linkable else 0.0
    empty_pred = [not p for p in preds]
    empty_gold = [g is None or not g for g in gold]
    tp = sum(a and b for a, b in zip(empty_pred, empty_gold, strict=True))
    fp = sum(a and not b for a, b in zip(empty_pred, empty_gold, strict=True))
    fn = sum(b and not a for a, b in zip(empty_pred, empty_gold, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    out["no_match"] = {"precision": round(p, 4), "recall": round(r, 4),
                       "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "gold": tp + fn, "predicted": tp + fp}
    right = sum((not p_) if not g else bool(p_) and p_[0].uri in g for p_, g in zip(preds, gold, strict=True))
    out["end_to_end"] = round(right / len(gold), 4) if gold else 0.0
    return out


def ranking_scores(ranked: Sequence[Sequence[str]], gold: Sequence[set[str]], k: int = 5) -> dict:
    """RP@k (hits in the first k / min(k, |gold|)) and MRR (1 / rank of the first gold URI, 0 if none
    is ranked), averaged over the items with a non-empty gold set."""
    rp, rr, n = 0.0, 0.0, 0
    for r, g in zip(ranked, gold, strict=True):
        if not g:
            continue
        n += 1
        rp += sum(u in g for u in r[:k]) / min(k, len(g))
        rr += next((1.0 / (i + 1) for i, u in enumerate(r) if u in g), 0.0)
    return {f"rp@{k}": round(rp / n, 4) if n else 0.0, "mrr": round(rr / n, 4) if n else 0.0, "sentences": n}
