"""Would a lexicon of the train gold fill the network's gaps? Measured on English dev, not shipped.

    python evaluation/lexicon_fill.py --model models/reqtag-default      # about 3 minutes on two cores

The lexicon: every train-gold span of at most four words, lowercased, with the label it carries most
often, and how often its occurrences in the English train postings are that label's gold span (the
"rate"). A variant keeps the terms of some labels seen at least ``min count`` times with a rate of at
least ``min rate``, and adds each match (case-insensitive, on word edges, longest terms first) that
overlaps no span the model found. Each row is the model's English dev strict micro F1 with that fill.
Train postings build the lexicon; dev only scores it; test is never read.
"""
from __future__ import annotations

import argparse
import collections
import re
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_WORDS = 4


def occurrences(text: str, term: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, re.I)]


def lexicon_stats(train: Sequence) -> dict[str, tuple[str, int, int]]:
    """term -> (its most frequent label, occurrences in the train texts, occurrences that are that label's gold)."""
    labels: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in train:
        for s in r.spans:
            if len(s.text.split()) <= MAX_WORDS and len(s.text) >= 2:
                labels[s.text.lower()][s.label] += 1
    gold = [(r.text, r.text.lower(), {(s.start, s.end, s.label) for s in r.spans}) for r in train]
    stats = {}
    for term, counts in labels.items():
        label = counts.most_common(1)[0][0]
        found = [(a, b) for text, low, _ in gold if term in low for a, b in occurrences(text, term)]
        hits = sum((a, b, label) in spans for text, low, spans in gold if term in low
                   for a, b in occurrences(text, term))
        stats[term] = (label, len(found), hits)
    return stats


def fill(text: str, spans: list, lexicon: dict[str, tuple[str, float]]) -> list:
    from reqtag.schema import Span

    out = list(spans)
    for term in sorted(lexicon, key=len, reverse=True):
        label, rate = lexicon[term]
        for a, b in occurrences(text, term):
            if not any(a < s.end and s.start < b for s in out):
                out.append(Span(a, b, label, text[a:b], rate))
    return sorted(out, key=lambda s: s.start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--language", default="en")
    args = ap.parse_args()

    from reqtag import Tagger
    from reqtag.evaluation.scoring import score
    from reqtag.inference.pipeline import posting_language
    from reqtag.training.data import load_sources

    records = [r for r in load_sources(args.gold)[0] if r.split in ("train", "dev")
               and posting_language(r.text) == args.language]
    train = [r for r in records if r.split == "train"]
    dev = [r for r in records if r.split == "dev"]
    tagger = Tagger.load(args.model)
    labels = tagger.labels
    pred = tagger.tag_batch([r.text for r in dev])
    gold = [r.spans for r in dev]
    base = score(gold, pred, labels).micro.f1
    stats = lexicon_stats(train)
    print(f"{len(train)} train, {len(dev)} dev postings ({args.language}); {len(stats)} terms; "
          f"the model alone: dev strict micro F1 {base:.4f}\n")
    print("| labels filled | min count | min rate | terms | dev micro F1 | difference |")
    print("|---|---|---|---|---|---|")
    for filled in (("COMPETENCY",), ("COMPETENCY", "CERTIFICATION"), tuple(labels)):
        for min_count in (1, 2, 3):
            for min_rate in (0.5, 0.7, 0.9):
                lexicon = {t: (lab, hits / n) for t, (lab, n, hits) in stats.items()
                           if lab in filled and n >= min_count and hits / n >= min_rate}
                f1 = score(gold, [fill(r.text, p, lexicon) for r, p in zip(dev, pred, strict=True)], labels).micro.f1
                name = "all" if len(filled) == len(labels) else ", ".join(filled)
                print(f"| {name} | {min_count} | {min_rate} | {len(lexicon)} | {f1:.4f} | {f1 - base:+.4f} |")


if __name__ == "__main__":
    main()
