"""The boundary errors a model repeats: for every predicted span that overlaps a gold span of its label without
matching it, the words it has too many (+) or too few (-) at its left (L) or right (R) edge, counted over the
postings and listed most frequent first with one example each. A difference that repeats is a candidate for a
decoding rule (data/span_edges.toml, reqtag.inference.alignment); it goes in only where the gold of three
languages never does what the rule removes. Train and dev postings only, never test.

    python evaluation/edge_errors.py --language en --splits train dev
    python evaluation/edge_errors.py --language es --labels FIELD DEGREE --min 2
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def edge_differences(text: str, gold: list, pred: list) -> list[tuple[str, str, str]]:
    """(side, label, words) for each edge where a predicted span and an overlapping gold span of its label differ:
    side is "L+"/"R+" (the prediction holds these words too many) or "L-"/"R-" (it lacks them)."""
    out = []
    exact = {(s.start, s.end, s.label) for s in gold}
    for p in pred:
        if (p.start, p.end, p.label) in exact:
            continue
        for g in gold:
            if g.label != p.label or not (g.start < p.end and p.start < g.end):
                continue
            if p.start != g.start:
                a, b = sorted((p.start, g.start))
                out.append(("L+" if p.start < g.start else "L-", p.label, text[a:b].strip().lower()))
            if p.end != g.end:
                a, b = sorted((p.end, g.end))
                out.append(("R+" if p.end > g.end else "R-", p.label, text[a:b].strip().lower()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model directory (default: the shipped model)")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--language", choices=["en", "fr", "es"], help="only postings detected in this language")
    ap.add_argument("--splits", nargs="+", default=["train", "dev"], choices=["train", "dev"],
                    help="splits to read (test is never offered: decoding rules are chosen on what this prints)")
    ap.add_argument("--labels", nargs="+", help="only these labels (default: all)")
    ap.add_argument("--min", type=int, default=2, help="list differences seen at least this often")
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.inference.tagger import Tagger
    from reqtag.langid import detect_language

    records = [r for r in formats.load(args.gold) if r.split in args.splits
               and (args.language is None or detect_language(r.text) == args.language)]
    tagger = Tagger.load(args.model)
    counts: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], str] = {}
    labels = set(args.labels or [])
    for r in records:
        gold = [s for s in r.spans if not labels or s.label in labels]
        pred = [s for s in tagger.tag(r.text) if not labels or s.label in labels]
        for key in edge_differences(r.text, gold, pred):
            counts[key] += 1
            example.setdefault(key, r.id)
    print(f"{len(records)} postings ({', '.join(args.splits)}{', ' + args.language if args.language else ''})")
    for (side, label, words), n in counts.most_common():
        if n < args.min:
            break
        print(f"{n:4d}  {side}  {label:<13}  {words!r}  (e.g. {example[side, label, words]})")


if __name__ == "__main__":
    main()
