"""Strict F1 of models on two groups of postings: those written in capitals and the others (stop 65, case
copies), those whose lists have no commas and the others (stop 66, comma copies), or the real SkillSpan postings
and the others (stop 69: English test holds 88 SkillSpan postings of 192, English dev 22 of 143).

    python evaluation/dev_subsets.py --gold annotations/es --split dev --model models/reqtag-default runs/s65/cand-case
    python evaluation/dev_subsets.py --by source --gold annotations/gold annotations/written --split dev
    python evaluation/dev_subsets.py --by commas --gold annotations/gold annotations/written --split dev \
        --model models/reqtag-default runs/s66/cand

A posting counts as written in capitals when at least half its letters are capitals (``reqtag.text.in_capitals``,
which also decides which way ``reqtag.training.data.case_copy`` flips it), and as having list commas when a comma
precedes whitespace (``reqtag.text.has_list_commas``, what ``reqtag.training.data.comma_copy`` changes). For each
model: micro F1, COMPETENCY and micro without COMPETENCY on all postings of the split and on each of the two groups,
through ``Tagger.load(model)``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from reqtag import Tagger
from reqtag.annotations.formats import load
from reqtag.evaluation.scoring import score
from reqtag.schema import LABELS
from reqtag.text import has_list_commas, in_capitals

ROOT = Path(__file__).resolve().parents[1]
REST = tuple(lb for lb in LABELS if lb != "COMPETENCY")
GROUPS = {"capitals": (lambda r: in_capitals(r.text), "capitals", "other"),
          "commas": (lambda r: has_list_commas(r.text), "commas", "no commas"),
          "source": (lambda r: r.id.startswith("skillspan-"), "SkillSpan", "other")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "es")])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--by", choices=sorted(GROUPS), default="capitals", help="how the postings are grouped")
    ap.add_argument("--model", nargs="+", default=[str(ROOT / "models" / "reqtag-default")])
    args = ap.parse_args()
    records = [r for r in load(args.gold) if r.split == args.split]
    test, yes, no = GROUPS[args.by]
    groups = {"all": records, yes: [r for r in records if test(r)], no: [r for r in records if not test(r)]}
    print("| model | postings | micro | COMPETENCY | without COMPETENCY |")
    print("|---|---|---|---|---|")
    for model in args.model:
        pred = dict(zip((r.id for r in records), Tagger.load(model).tag_batch([r.text for r in records]),
                        strict=True))
        for name, recs in groups.items():
            gold, got = [r.spans for r in recs], [pred[r.id] for r in recs]
            cells = [score(gold, got, labels).micro.f1 for labels in (LABELS, ("COMPETENCY",), REST)]
            print(f"| {model} | {name} ({len(recs)}) | " + " | ".join(f"{f:.4f}" for f in cells) + " |")


if __name__ == "__main__":
    main()
