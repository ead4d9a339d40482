"""Strict F1 per label of the French or Spanish rule annotator on annotated postings, and its errors with
context: the loop for improving the rules (reqtag/data/rule_cues.toml and the tables it reads) on train and
dev postings, never on test.

    python evaluation/rule_errors.py es --splits train dev --labels DEGREE FIELD
    python evaluation/rule_errors.py fr --splits train dev --quiet        # scores only
    python evaluation/rule_errors.py es --gold annotations/es/eures-es-d.jsonl --splits train --quiet
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("lang", choices=["fr", "es"])
    ap.add_argument("--gold", nargs="+", help="annotation files or folders (default: annotations/<lang>)")
    ap.add_argument("--splits", nargs="+", default=["train", "dev"], choices=["train", "dev"],
                    help="splits to read (test is never offered: the rules are tuned on what this prints)")
    ap.add_argument("--labels", nargs="+", default=["DEGREE", "FIELD", "EXPERIENCE", "LANGUAGE", "CERTIFICATION"])
    ap.add_argument("--quiet", action="store_true", help="scores only, no error list")
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.annotations.rules import annotate
    from reqtag.evaluation.scoring import score

    recs = [r for r in formats.load(args.gold or [str(ROOT / "annotations" / args.lang)]) if r.split in args.splits]
    print(f"{len(recs)} postings ({', '.join(args.splits)})")
    ruled = [annotate(r.text, args.lang) for r in recs]
    for label in args.labels:
        gold = [[s for s in r.spans if s.label == label] for r in recs]
        pred = [[s for s in p if s.label == label] for p in ruled]
        m = score(gold, pred, [label]).micro
        print(f"== {label}: F1 {m.f1:.3f}  P {m.precision:.3f}  R {m.recall:.3f}  ({sum(map(len, gold))} gold spans)")
        if args.quiet:
            continue
        for r, g, p in zip(recs, gold, pred, strict=True):
            gs, ps = {(s.start, s.end) for s in g}, {(s.start, s.end) for s in p}
            for a, b in sorted(gs - ps):
                near = [r.text[x:y] for x, y in ps if x < b and a < y]
                print(f"  missed {r.id}: {r.text[a:b]!r} (rules: {near})  …{r.text[max(0, a - 40):b + 30]!r}")
            for a, b in sorted(ps - gs):
                if not any(x < b and a < y for x, y in gs):
                    print(f"  extra  {r.id}: {r.text[a:b]!r}  …{r.text[max(0, a - 40):b + 30]!r}")


if __name__ == "__main__":
    main()
