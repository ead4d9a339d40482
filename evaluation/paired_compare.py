"""Two models on the same postings: strict micro F1 of each, their difference, and its 95% CI from a paired
bootstrap over postings (the same resample for both models), per posting language.

    python evaluation/paired_compare.py runs/v32-minilm/model models/reqtag-default --split test

For reading a refusal of `reqtag promote` (which decides on the point estimates alone): a difference whose
CI straddles 0 by far is noise on that many postings.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def counts(records, preds, labels) -> np.ndarray:
    """[posting, (tp, fp, fn)] of strict span matches over ``labels`` (reqtag.evaluation.scoring's counts)."""
    from reqtag.evaluation.scoring import strict_counts

    out = []
    for rec, spans in zip(records, preds, strict=True):
        per_label = strict_counts([s for s in rec.spans if s.label in labels], [s for s in spans if s.label in labels])
        out.append([sum(getattr(prf, k) for prf in per_label.values()) for k in ("tp", "fp", "fn")])
    return np.asarray(out, dtype=float).reshape(-1, 3)


def micro_f1(c: np.ndarray) -> np.ndarray:
    """Micro F1 from summed counts; c is [..., 3]."""
    tp, fp, fn = c[..., 0], c[..., 1], c[..., 2]
    return np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", help="model directory (the candidate)")
    ap.add_argument("b", help="model directory (the current one)")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--split", default="test")
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.inference.pipeline import posting_language
    from reqtag.inference.tagger import Tagger

    records = [r for r in formats.load(args.gold) if r.split == args.split]
    taggers = [Tagger.load(p) for p in (args.a, args.b)]
    labels = set(taggers[0].labels) & set(taggers[1].labels)
    texts = [r.text for r in records]
    c = [counts(records, t.tag_batch(texts), labels) for t in taggers]
    langs = np.asarray([posting_language(t) for t in texts])
    rng = np.random.default_rng(args.seed)
    print(f"| {args.split} | postings | {args.a} | {args.b} | difference | 95% CI (paired bootstrap) | P(difference < 0) |")
    print("|---|---|---|---|---|---|---|")
    for lang in [*sorted(set(langs)), "all"]:
        idx = np.arange(len(records)) if lang == "all" else np.flatnonzero(langs == lang)
        fa, fb = micro_f1(c[0][idx].sum(0)), micro_f1(c[1][idx].sum(0))
        draws = rng.integers(0, len(idx), size=(args.bootstrap, len(idx)))
        diff = micro_f1(c[0][idx][draws].sum(1)) - micro_f1(c[1][idx][draws].sum(1))
        lo, hi = np.percentile(diff, [2.5, 97.5])
        print(f"| {lang} | {len(idx)} | {fa:.4f} | {fb:.4f} | {fa - fb:+.4f} | {lo:+.4f} – {hi:+.4f} | "
              f"{float((diff < 0).mean()):.2f} |")


if __name__ == "__main__":
    main()
