"""Re-decode an exported model with this reqtag (the decoder or the rules changed since its export).

    python evaluation/rescore_model.py [--model models/reqtag-default] [--splits dev] [--keep-thresholds]

Chooses per-label thresholds and, per language, the labels that go to the rules (and those whose
gaps the network fills) on the dev split, and fits the span-score curves there (reqtag.training.calibration); re-scores the splits asked for (default dev, test and
seeds of every language, as `reqtag export --eval annotations/` reads them) through the inference
pipeline and rewrites reqtag.json (through reqtag.inference.model_dir.write: the ONNX and tokenizer
files are untouched and their checksums re-verified) and the card. ``--splits dev`` chooses and
scores on dev alone, so a candidate decoding can be compared without reading test. ``--keep-thresholds`` keeps
the model's thresholds and chooses only the rule routing per language (the main model's thresholds serve English
and French together; French's routing is French's own).
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations")])
    ap.add_argument("--splits", nargs="+", default=["dev", "test", "seeds"], choices=["dev", "test", "seeds"])
    ap.add_argument("--no-thresholds", action="store_true", help="Viterbi only, no thresholds, no rules")
    ap.add_argument("--keep-thresholds", action="store_true",
                    help="keep the model's thresholds; choose on dev only which labels go to the rules")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from reqtag.training.data import load_sources
    from reqtag.training.export import rescore

    records = [r for r in load_sources(args.gold)[0] if r.split in args.splits]
    rescore(args.model, records, tune_thresholds=not args.no_thresholds, keep_thresholds=args.keep_thresholds)


if __name__ == "__main__":
    main()
