"""What a span's score means, raw against calibrated, on gold postings the curves were not fitted on.

    python evaluation/calibration.py [--model models/reqtag-default] [--split test] [--out evaluation/calibration.md]

Every posting is tagged twice through the same model: with its calibration curves (``decoding.calibration``,
`reqtag calibrate`) and without them (the raw scores: the mean probability of a span's tags; rule spans carry the
rules' dev precision either way). The spans are the same; the scores differ. Per posting language:

- the expected calibration error (10 equal-width score bins) of every span the tagger returns, with a 95% CI
  from a bootstrap over postings;
- what `reqtag tag --min-score S` keeps: the share of spans kept, their precision (strict match), and the
  recall left, for raw and calibrated scores.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MIN_SCORES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--split", default="test")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--out", help="write the markdown report here")
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.inference.pipeline import Pipeline, posting_language
    from reqtag.inference.tagger import Tagger
    from reqtag.training.calibration import calibration_error

    t0 = time.time()
    records = [r for r in formats.load(args.gold) if r.split == args.split]
    tagger = Tagger.load(args.model)
    stripped: dict[int, Pipeline] = {}

    def raw_pipeline(p: Pipeline) -> Pipeline:
        if id(p) not in stripped:
            config = p.config.with_(decoding=replace(p.config.decoding, calibration={}))
            stripped[id(p)] = Pipeline(p.tokenizer, p.run, config, repair=p.repair, gate=p.gate)
        return stripped[id(p)]

    # per posting: (language, [(raw score, calibrated score, right)], gold span count)
    postings = []
    for r in records:
        lang = posting_language(r.text)
        cal = tagger.tag(r.text)
        raw = raw_pipeline(tagger.pipeline_for(r.text)).spans(r.text, language=lang)
        assert cal == raw, f"{r.id}: calibration changed the spans"
        gold = {(s.start, s.end, s.label) for s in r.spans}
        rows = [(a.score, b.score, (b.start, b.end, b.label) in gold) for a, b in zip(raw, cal, strict=True)]
        postings.append((lang, rows, len(gold)))

    rng = np.random.default_rng(0)
    out = [f"# Span scores, raw and calibrated ({args.split})", "",
           f"Command: `python evaluation/calibration.py --model {_shown(args.model)} --split {args.split}"
           f"{' --out ' + _shown(args.out) if args.out else ''}` ({time.time() - t0:.0f} s). The same spans, scored "
           "two ways: raw (the mean probability of a span's tags) and calibrated (`decoding.calibration`, fitted on "
           "dev). Rule spans carry the rules' dev precision either way. Expected calibration error over 10 "
           f"equal-width score bins, 95% CI from {args.bootstrap} bootstrap resamples of postings.", ""]
    groups = sorted({lang for lang, _, _ in postings})
    out += ["| language | postings | spans | precision | calibration error, raw (95% CI) | calibrated (95% CI) |",
            "|---|---|---|---|---|---|"]
    for lang in [*groups, "all"]:
        mine = [p for p in postings if lang in ("all", p[0])]
        rows = [row for _, rs, _ in mine for row in rs]
        if not rows:
            continue
        cis = []
        for k in (0, 1):
            point = calibration_error([x[k] for x in rows], [x[2] for x in rows])
            boots = []
            for _ in range(args.bootstrap):
                pick = rng.integers(0, len(mine), len(mine))
                rs = [row for i in pick for row in mine[i][1]]
                boots.append(calibration_error([x[k] for x in rs], [x[2] for x in rs]))
            lo, hi = np.percentile(boots, [2.5, 97.5]) if boots else (point, point)
            cis.append(f"{point:.3f} ({lo:.3f}–{hi:.3f})")
        out.append(f"| {lang} | {len(mine)} | {len(rows)} | {np.mean([x[2] for x in rows]):.3f} | {cis[0]} | {cis[1]} |")
    out += ["", "`--min-score S`: spans kept (share of all the tagger returns), their precision, and recall "
            "(of the gold spans).", ""]
    for lang in [*groups, "all"]:
        mine = [p for p in postings if lang in ("all", p[0])]
        rows = [row for _, rs, _ in mine for row in rs]
        n_gold = sum(g for _, _, g in mine)
        if not rows:
            continue
        out += [f"### {lang} ({len(mine)} postings, {len(rows)} spans, {n_gold} gold spans)", "",
                "| --min-score | kept, raw | precision, raw | recall, raw | kept, calibrated | precision, calibrated "
                "| recall, calibrated |", "|---|---|---|---|---|---|---|"]
        for s in MIN_SCORES:
            cells = []
            for k in (0, 1):
                kept = [x for x in rows if x[k] >= s]
                right = sum(x[2] for x in kept)
                cells += [f"{len(kept) / len(rows):.2f}", f"{right / len(kept):.3f}" if kept else "–",
                          f"{right / n_gold:.3f}" if n_gold else "–"]
            out.append(f"| {s} | " + " | ".join(cells) + " |")
        out.append("")
    text = "\n".join(out) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


def _shown(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


if __name__ == "__main__":
    main()
