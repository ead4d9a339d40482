"""Re-decode an exported model with this reqtag (e.g. a format-1 model after the decoder changed).

    python evaluation/rescore_model.py [--model models/reqtag-default]

Chooses per-label thresholds on the dev split, re-scores dev/test/seeds through the inference
pipeline and rewrites reqtag.json (through reqtag.inference.model_dir.write: the ONNX and tokenizer files
are untouched and their checksums re-verified) and the card.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "gold"), str(ROOT / "annotations" / "written")])
    ap.add_argument("--no-thresholds", action="store_true", help="Viterbi only, no thresholds")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from reqtag.annotations import formats
    from reqtag.training.export import rescore

    rescore(args.model, formats.load(args.gold), tune_thresholds=not args.no_thresholds)


if __name__ == "__main__":
    main()
