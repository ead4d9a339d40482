"""A second network in the first one's gaps: would the main MiniLM network add Spanish COMPETENCY spans (stop 69)?

    python evaluation/network_fill.py --second runs/s68/main-only        # Spanish dev
    # runs/s68/main-only: models/reqtag-default without its es/ model (training/README.md, "Stop 68")

The shipped model hands Spanish postings to its e5 network, which owns COMPETENCY there (issue 15: Spanish test
COMPETENCY 0.628 against a target of 0.65). The main network read Spanish in training too. Here every posting is
tagged by both systems end to end, and the second system's spans of ``--label`` whose score reaches a threshold are
added where they overlap no span of the first (as the rules' fill does, so spans never overlap). Reported: strict
F1 per threshold, on the split's postings of ``--language``; the first row is the shipped model alone. Nothing
here changes the shipped model; a second network would cost the time of a second forward pass on every posting.
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--second", required=True, help="a model directory whose spans fill the first's gaps")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "es")])
    ap.add_argument("--language", default="es")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--label", default="COMPETENCY")
    ap.add_argument("--thresholds", nargs="+", type=float, default=[0.0, 0.5, 0.7, 0.9])
    args = ap.parse_args()

    from reqtag import Tagger
    from reqtag.annotations.formats import load
    from reqtag.evaluation.scoring import score
    from reqtag.langid import detect_language
    from reqtag.schema import LABELS
    from reqtag.text import overlaps

    records = [r for r in load(args.gold) if r.split == args.split and detect_language(r.text) == args.language]
    texts = [r.text for r in records]
    first = Tagger.load(args.first).tag_batch(texts)
    second = Tagger.load(args.second).tag_batch(texts)
    gold = [r.spans for r in records]
    rows = [("first alone", first)]
    for t in args.thresholds:
        rows.append((f"+ second's {args.label} ≥ {t}", [
            sorted([*a, *(s for s in b if s.label == args.label and (s.score or 0.0) >= t
                          and not any(overlaps(s, x) for x in a))], key=lambda s: (s.start, s.end))
            for a, b in zip(first, second, strict=True)]))
    print(f"{len(records)} {args.language} {args.split} postings; first {args.first}, second {args.second}\n")
    print(f"| system | micro F1 | {args.label} P | R | F1 |")
    print("|---|---|---|---|---|")
    for name, pred in rows:
        lab = score(gold, pred, (args.label,)).micro
        print(f"| {name} | {score(gold, pred, LABELS).micro.f1:.4f} | {lab.precision:.3f} | {lab.recall:.3f} | "
              f"{lab.f1:.4f} |")


if __name__ == "__main__":
    main()
