"""Train and score the spaCy CNN NER baseline (reqtag.evaluation.baselines.spacy_ner) on annotations/.

Loads every *.jsonl under annotations/gold and annotations/written, trains on the train split,
selects model-best on dev, and prints strict scores on dev, test and seeds.

    python evaluation/train_spacy_baseline.py --out runs/spacy-ner [--max-steps N] [--seed 13]
"""
from __future__ import annotations

import os

# Keep CPU use modest on shared machines: one BLAS thread unless the caller says otherwise.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from reqtag.annotations import formats  # noqa: E402
from reqtag.annotations.corpus import SPLITS  # noqa: E402
from reqtag.evaluation.baselines.spacy_ner import SpacyPredictor, train_spacy_ner  # noqa: E402
from reqtag.evaluation.harness import evaluate  # noqa: E402
from reqtag.schema import LABELS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/spacy-ner", help="output folder (default runs/spacy-ner)")
    ap.add_argument("--annotations", default=str(ROOT / "annotations"), help="folder holding gold/ and written/")
    ap.add_argument("--max-steps", type=int, default=None, help="training steps (default: the baseline's cap)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    ann = Path(args.annotations)
    files = [p for sub in ("gold", "written") for p in sorted((ann / sub).glob("*.jsonl"))]
    if not files:
        print(f"no *.jsonl under {ann}/gold or {ann}/written", file=sys.stderr)
        return 1
    records = formats.load(files)
    by_split = {s: [r for r in records if r.split == s] for s in SPLITS}
    other = [r for r in records if r.split not in SPLITS]
    print(f"{len(records)} records from {len(files)} files: "
          + ", ".join(f"{s} {len(v)}" for s, v in by_split.items())
          + (f", no/unknown split {len(other)} (not used)" if other else ""))

    out = Path(args.out)
    t0 = time.perf_counter()
    best = train_spacy_ner(by_split["train"], by_split["dev"], out, max_steps=args.max_steps, seed=args.seed)
    train_s = time.perf_counter() - t0
    print(f"trained in {train_s:.0f}s -> {best}")

    predict = SpacyPredictor(best)
    summary: dict = {"model": str(best), "train_seconds": round(train_s, 1), "files": [str(f) for f in files],
                     "max_steps": args.max_steps, "seed": args.seed, "scores": {}}
    print(f"\n{'split':<6} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6}  95% CI        macro-F1  (strict)")
    for split in ("dev", "test", "seeds"):
        gold = by_split[split]
        if not gold:
            print(f"{split:<6} {0:>5}  (no records)")
            continue
        res = evaluate(gold, predict)
        m = res["strict"]["micro"]
        ci = m.get("f1_ci95") or [float("nan")] * 2
        print(f"{split:<6} {len(gold):>5} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}  "
              f"{ci[0]:.3f}-{ci[1]:.3f}   {res['strict']['macro']['f1']:.3f}")
        per_label = {lab: res["strict"][lab] for lab in LABELS}
        for lab, s in per_label.items():
            print(f"   {lab:<14} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} support {s['support']}")
        summary["scores"][split] = {"postings": len(gold), "strict": res["strict"]}
    (out / "scores.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"\nscores written to {out / 'scores.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
