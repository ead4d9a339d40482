"""Two models on the same postings: strict micro F1 of each, their difference, and its 95% CI from a paired
bootstrap over postings (the same resample for both models), per posting language and over all of them.

    python evaluation/paired_compare.py runs/v32-minilm/model models/reqtag-default --split test
    python evaluation/paired_compare.py CANDIDATE models/reqtag-default --gold annotations/es --split dev --by office

``--by office`` groups the postings by the EURES office (province) that published them instead of by language:
Spanish dev is mostly one office (Asturias), so a gain there alone says little about the others.

The comparison is `reqtag promote`'s own (reqtag.evaluation.scoring.paired_bootstrap; promote refuses a
candidate worse in any language, or better in none in 95% of the resamples): this prints it, with the pooled
row, without promoting.
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", help="model directory (the candidate)")
    ap.add_argument("b", help="model directory (the current one)")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--split", default="test")
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--labels", nargs="+", help="compare on these labels only (default: every label both models tag)")
    ap.add_argument("--by", choices=["language", "office"], default="language",
                    help="group by posting language, or by the EURES office of a shared posting ('-' for others)")
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import paired_bootstrap
    from reqtag.inference.pipeline import posting_language
    from reqtag.inference.tagger import Tagger

    records = [r for r in formats.load(args.gold) if r.split == args.split]
    taggers = [Tagger.load(p) for p in (args.a, args.b)]
    labels = [label for label in taggers[0].labels if label in taggers[1].labels]
    if args.labels:
        if unknown := sorted(set(args.labels) - set(labels)):
            ap.error(f"--labels {' '.join(unknown)}: not tagged by both models ({', '.join(labels)})")
        labels = [label for label in labels if label in args.labels]
    texts = [r.text for r in records]
    preds = [t.tag_batch(texts) for t in taggers]
    langs = [posting_language(t) for t in texts] if args.by == "language" else _offices(records)
    if args.labels:
        print(f"strict micro F1 over {', '.join(labels)}\n")
    print(f"| {args.split} | postings | {args.a} | {args.b} | difference | 95% CI (paired bootstrap) | "
          "P(not better) |")
    print("|---|---|---|---|---|---|---|")
    groups = {g: [i for i, x in enumerate(langs) if x == g] for g in sorted(set(langs))}
    if args.by == "office" and len(groups) > 1:
        # the largest office dominates the pooled figure: the others, pooled, say whether a gain travels
        largest = max(groups, key=lambda g: len(groups[g]))
        groups[f"all but {largest}"] = [i for i, x in enumerate(langs) if x != largest]
    groups["all"] = list(range(len(records)))
    for lang, idx in groups.items():
        p = paired_bootstrap([records[i].spans for i in idx], [preds[0][i] for i in idx],
                             [preds[1][i] for i in idx], labels, n=args.bootstrap, seed=args.seed)
        print(f"| {lang} | {len(idx)} | {p.new:.4f} | {p.old:.4f} | {p.diff:+.4f} | {p.low:+.4f} – {p.high:+.4f} | "
              f"{p.p_not_better:.2f} |")


def _offices(records) -> list[str]:
    """The EURES province of each record's shared posting; '-' for a posting from elsewhere."""
    import json

    from reqtag.annotations.corpus import shared_root

    root = shared_root()
    province = {}
    if root is not None and (root / "eures-es" / "postings.jsonl").exists():
        with open(root / "eures-es" / "postings.jsonl", encoding="utf-8") as f:
            province = {d["id"]: d.get("province") or "-" for d in map(json.loads, f)}
    return [province.get(r.ref.get("id", ""), "-") if r.ref else "-" for r in records]


if __name__ == "__main__":
    main()
