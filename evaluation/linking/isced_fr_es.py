"""ISCED-F coverage of the French and Spanish gold FIELD spans, before and after the names of their language.

    python evaluation/linking/isced_fr_es.py                 # coverage table (dev and train; never test)
    python evaluation/linking/isced_fr_es.py --sample 60 --lang es   # linked spans to judge by hand
    python evaluation/linking/isced_fr_es.py --dump-en OUT.json      # English gold FIELD codes (to diff)

"before" is the linker without ``data/isced_f_names_by_language.csv`` (English name tables only, as these
postings were linked before it existed); "after" the shipped linker. Both run with the posting's language
(Spanish ids start with "eures", French with "fr"), so neither reaches the similarity step. The span texts
are printed, never written into the project: they are posting text.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from reqtag.annotations.formats import load
from reqtag.linking.isced import FieldLinker, taxonomy

ROOT = Path(__file__).resolve().parents[2]
SPLITS = ("dev", "train")


def language(record_id: str) -> str:
    return "es" if record_id.startswith("eures") else "fr" if record_id.startswith("fr") else "en"


def field_spans(splits: tuple[str, ...] = SPLITS) -> list[tuple[str, str, str, str]]:
    """(language, split, posting id, span text) of every gold FIELD span of ``splits``."""
    out = []
    for r in load([str(ROOT / "annotations")]):
        if r.split in splits:
            out += [(language(r.id), r.split, r.id, r.text[s.start:s.end]) for s in r.spans if s.label == "FIELD"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=0, help="print this many linked spans of --lang to judge")
    ap.add_argument("--lang", choices=("es", "fr"), default="es")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dump-en", type=Path, help="write the English gold FIELD spans' codes (lang='en') as JSON")
    a = ap.parse_args(argv)

    if a.dump_en:
        spans = [x for x in field_spans(("dev", "train", "test", "seeds")) if x[0] == "en"]
        fl = FieldLinker.load()
        codes = [m.code if m else None for m in fl.link_fields([t for *_, t in spans], lang="en")]
        a.dump_en.write_text(json.dumps([[i, t, c] for (_, _, i, t), c in zip(spans, codes, strict=True)],
                                        ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(spans)} English FIELD spans, {sum(c is not None for c in codes)} linked -> {a.dump_en}")
        return 0

    spans = [x for x in field_spans() if x[0] in ("es", "fr")]
    after = FieldLinker.load(embedding=False)
    before = FieldLinker(after.settings, after.lookup, local={})
    tax = taxonomy()
    if a.sample:
        linked = Counter()
        for lang, _, _, t in spans:
            if lang == a.lang:
                linked[t] += 1
        texts = sorted(linked)
        codes = dict(zip(texts, after.link_fields(texts, lang=a.lang), strict=True))
        pool = [(lang, split, i, t) for lang, split, i, t in spans if lang == a.lang and codes[t] is not None]
        random.Random(a.seed).shuffle(pool)
        for _, split, i, t in pool[:a.sample]:
            m = codes[t]
            print(f"{split}\t{i}\t{t}\t{m.code}\t{tax[m.code].label}")
        return 0

    print("| language | split | FIELD spans | with isced_f before | after |")
    print("|---|---|---:|---:|---:|")
    for lang in ("es", "fr"):
        for split in SPLITS:
            texts = [t for lg, sp, _, t in spans if lg == lang and sp == split]
            b = sum(m is not None for m in before.link_fields(texts, lang=lang))
            f = sum(m is not None for m in after.link_fields(texts, lang=lang))
            n = len(texts)
            print(f"| {lang} | {split} | {n} | {b} ({b / n:.1%}) | {f} ({f / n:.1%}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
