"""Does the cased Spanish network read postings written in capitals better lowercased? (stop 43, not shipped)

    python evaluation/capitals.py --gold annotations/es --split dev
    python evaluation/capitals.py --gold annotations/es/eures-es-zk.jsonl annotations/es/eures-es-zm.jsonl --split train

A third of the EURES postings are written in capitals. The shipped model's Spanish network (multilingual-e5-small,
cased) is run on each posting as written and with every line at least SHARE capitals (and 20 letters) lowercased
character by character, so every offset stays put; the rules, and the spans' text, read the posting as written.
Strict F1 of each reading against the gold, and the difference of each lowercased reading from reading as written
with its 95% CI (paired bootstrap over postings, `reqtag promote`'s comparison). Only the tokenizer's input changes:
the model directory is read, never written.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reqtag import Tagger
from reqtag.annotations.formats import load
from reqtag.evaluation.scoring import paired_bootstrap, score
from reqtag.schema import LABELS

ROOT = Path(__file__).resolve().parents[1]
REST = tuple(lb for lb in LABELS if lb != "COMPETENCY")
SHARES = (0.5, 0.8)
MIN_LETTERS = 20


def lowered(text: str, share: float) -> str:
    """``text`` with each line of at least ``MIN_LETTERS`` letters, ``share`` of them capitals, lowercased
    character by character (a character whose lowercase is longer is kept, so offsets stay)."""
    out = []
    for line in text.splitlines(keepends=True):
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= MIN_LETTERS and sum(c.isupper() for c in letters) >= share * len(letters):
            line = "".join(low if len(low := c.lower()) == 1 else c for c in line)
        out.append(line)
    return "".join(out)


class _Lowering:
    """A tokenizer that reads lines in capitals lowercased and is otherwise the tokenizer it wraps."""

    def __init__(self, tokenizer: Any, share: float):
        self._tokenizer, self._share = tokenizer, share

    def encode(self, text: str, *args: Any, **kwargs: Any) -> Any:
        return self._tokenizer.encode(lowered(text, self._share), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "es")])
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()
    records = [r for r in load(args.gold) if r.split == args.split]
    tagger = Tagger.load(args.model)
    spanish = tagger.pipeline_for("Se busca camarero con experiencia en hostelería y carnet de conducir.")
    tokenizer = spanish.tokenizer
    gold = [r.spans for r in records]
    runs = {}
    try:
        for share in (None, *SHARES):
            spanish.tokenizer = tokenizer if share is None else _Lowering(tokenizer, share)
            runs[share] = [tagger.tag(r.text) for r in records]
    finally:
        spanish.tokenizer = tokenizer
    print(f"{len(records)} postings ({args.split}); model {args.model}")
    print("| reading | micro | without COMPETENCY | COMPETENCY | micro − as written (95% CI) | COMPETENCY − as written (95% CI) |")
    print("|---|---|---|---|---|---|")
    for share, pred in runs.items():
        s, rest = score(gold, pred, LABELS), score(gold, pred, REST)
        comp = s.per_label.get("COMPETENCY")
        row = (f"| {'as written' if share is None else f'lines ≥ {share:.0%} capitals lowercased'} | {s.micro.f1:.4f} "
               f"| {rest.micro.f1:.4f} | {comp.f1 if comp else 0.0:.4f} |")
        if share is None:
            row += " | |"
        else:
            for labels in (LABELS, ("COMPETENCY",)):
                p = paired_bootstrap(gold, pred, runs[None], labels)
                row += f" {p.new - p.old:+.4f} ({p.low:+.4f} to {p.high:+.4f}) |"
        print(row)


if __name__ == "__main__":
    main()
