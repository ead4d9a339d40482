"""A requirement sentence tagged on its own, as an embedding application passes a posting's requirements field:
how much the tagger loses without the rest of the posting, and what the first-word decoding rule does there.

    python evaluation/sentences_alone.py [--model models/reqtag-default] [--split dev] [--out evaluation/sentences_alone.md]

Every sentence (``reqtag.text.sentence_bounds``: a line, or its parts cut at . ! ? ; and bullets) of a gold posting
that holds at least one gold span is tagged alone, three ways, and scored (strict span match) against the gold
spans inside it:

- **in its posting**: the spans the whole posting's tagging puts inside the sentence (the reference);
- **alone**: the sentence as the text, the shipped decoding;
- **alone, without the first-word rule**: the same with the rule of ``reqtag.inference.alignment._first_word_starts``
  undone (an I-X on the text's first word is then lost, as before stop 50).

The first-word rule changes no span of a whole annotated posting (a posting opens with its title); this
measures the case it was made for.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    import reqtag.inference.alignment as alignment
    from reqtag import Tagger
    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import score
    from reqtag.schema import LABELS, Span
    from reqtag.text import sentence_bounds, trim

    t0 = time.time()
    records = [r for r in formats.load(args.gold) if r.split == args.split]
    tagger = Tagger.load(args.model)
    first_word = alignment._first_word_starts
    gold: list[list[Span]] = []
    systems: dict[str, list[list[Span]]] = {"in its posting": [], "alone": [], "alone, without the first-word rule": []}
    for r in records:
        whole = tagger.tag(r.text)
        sentences = sorted({trim(r.text, *sentence_bounds(r.text, s.start, s.end)) for s in r.spans})
        for a, b in sentences:
            if b <= a:
                continue
            text = r.text[a:b]
            gold.append([Span(s.start - a, s.end - a, s.label, s.text) for s in r.spans if a <= s.start and s.end <= b])
            systems["in its posting"].append([Span(s.start - a, s.end - a, s.label, s.text, s.score) for s in whole
                                              if a <= s.start and s.end <= b])
            systems["alone"].append(tagger.tag(text))
            try:
                alignment._first_word_starts = lambda p, id2tag: p
                systems["alone, without the first-word rule"].append(tagger.tag(text))
            finally:
                alignment._first_word_starts = first_word

    lines = [f"# Requirement sentences tagged alone ({args.split})", "",
             "Command: `python evaluation/sentences_alone.py " + " ".join(sys.argv[1:]) + "`", "",
             f"{len(records)} gold postings of the {args.split} split (every language), {len(gold)} sentences that hold "
             "a gold span; strict micro over every label, 95% CI from 1,000 bootstrap resamples of sentences.", "",
             "| tagged | sentences | precision | recall | F1 (95% CI) | right spans | wrong spans | missed |",
             "|---|---|---|---|---|---|---|---|"]
    for name, pred in systems.items():
        s = score(gold, pred, LABELS, bootstrap=1000)
        m = s.micro
        lo, hi = s.ci["micro"]
        lines.append(f"| {name} | {len(pred)} | {m.precision:.3f} | {m.recall:.3f} | **{m.f1:.3f}** ({lo:.3f}–{hi:.3f}) "
                     f"| {m.tp:.0f} | {m.fp:.0f} | {m.fn:.0f} |")
    lines += ["", f"Wall time: {time.time() - t0:.0f} s."]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
