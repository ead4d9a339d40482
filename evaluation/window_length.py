"""Dev micro F1 per language of an exported model with other window lengths and overlaps at inference
(the model trained on its own ``max_length``): does a longer context help a posting's spans?

    python evaluation/window_length.py                       # the shipped model, the grid below
    python evaluation/window_length.py --model runs/v32r-minilm/model --grid 256:32 512:64

Dev only: the shipped windowing is a choice, and test is not read for choices.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evaluation"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--grid", nargs="+", default=["256:32", "256:64", "256:128", "384:64", "512:64"],
                    help="MAX_LENGTH:OVERLAP pairs")
    args = ap.parse_args()

    from scoreboard import GOLD

    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import score
    from reqtag.inference.pipeline import Pipeline
    from reqtag.inference.tagger import Tagger
    from reqtag.schema import LABELS

    shipped = Tagger.load(args.model).pipeline
    dev = {lang: [r for r in formats.load(GOLD[lang]) if r.split == "dev"] for lang in GOLD}
    print("| max_length | overlap | " + " | ".join(dev) + " |")
    print("|---|---|" + "---|" * len(dev))
    for cell in args.grid:
        max_length, overlap = (int(x) for x in cell.split(":"))
        config = shipped.config.with_(max_length=max_length, overlap=overlap)
        tagger = Tagger(Pipeline(shipped.tokenizer, shipped.run, config))
        f1 = [score([r.spans for r in recs], [tagger.tag(r.text) for r in recs], LABELS).micro.f1
              for recs in dev.values()]
        print(f"| {max_length} | {overlap} | " + " | ".join(f"{x:.4f}" for x in f1) + " |", flush=True)


if __name__ == "__main__":
    main()
