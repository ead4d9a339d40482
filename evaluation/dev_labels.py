"""Per-label strict F1 on the dev split of torch checkpoints: choosing between training runs without
touching test.

    python evaluation/dev_labels.py runs/v22-minilm/torch runs/v23-balance/torch
    python evaluation/dev_labels.py runs/v28-minilm/model runs/v28es2-minilm/model   # exported, as shipped
    python evaluation/dev_labels.py --ensemble runs/v28-minilm/torch runs/v31-minilm/torch   # plus their mean
    python evaluation/dev_labels.py runs/teacher-mpnet/torch --languages en fr   # a network trained on these alone

``--ensemble`` adds a row for the torch checkpoints' mean probabilities (a candidate teacher for distillation).

Each checkpoint tags the dev postings of every language (the scoreboard's gold folders) through
the inference pipeline (same windows, Viterbi decoding), with the decoding settings (thresholds,
per-language rules) of --model, so the checkpoints differ only in their weights.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evaluation"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", nargs="+",
                    help="torch checkpoint directories (runs/NAME/torch) or exported model directories (runs/NAME/model, "
                         "models/reqtag-default: scored as shipped, int8 with their own decoding settings)")
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"), help="decoding settings from this model")
    ap.add_argument("--ensemble", action="store_true",
                    help="also score the mean of the torch checkpoints' tag probabilities, decoded once")
    ap.add_argument("--languages", nargs="+", metavar="LANG",
                    help="only the dev postings of these gold folders' languages (default: all)")
    args = ap.parse_args()

    from scoreboard import GOLD, torch_predictor

    from reqtag.annotations import formats
    from reqtag.evaluation.harness import predictor, score_predictions
    from reqtag.schema import LABELS

    unknown = sorted(set(args.languages or ()) - set(GOLD))
    if unknown:
        ap.error(f"--languages: no gold folder for {', '.join(unknown)} (have {', '.join(GOLD)})")
    dev, langs = [], []
    for lang, folders in GOLD.items():  # the language of a posting is its folder's, as on the scoreboard
        if args.languages and lang not in args.languages:
            continue
        recs = [r for r in formats.load(folders) if r.split == "dev"]
        dev += recs
        langs += [lang] * len(recs)
    groups = {"all": list(range(len(dev)))}
    for i, lang in enumerate(langs):
        groups.setdefault(lang, []).append(i)
    print(", ".join(f"{k}: {len(v)}" for k, v in groups.items()) + " dev postings")
    print("| checkpoint | dev | " + " | ".join(LABELS) + " | micro |")
    print("|---|---|" + "---|" * (len(LABELS) + 1))
    rows = [(ckpt, predictor(model=ckpt)[1] if (Path(ckpt) / "reqtag.json").is_file()
             else torch_predictor(ckpt, args.model)) for ckpt in args.checkpoints]
    if args.ensemble:
        rows.append((f"mean of {len(args.checkpoints)}", _ensemble(args.checkpoints, args.model)))
    for ckpt, tag in rows:
        preds = tag([r.text for r in dev])  # tagged once, scored per group
        for name, idx in groups.items():
            strict = score_predictions([dev[i] for i in idx], [preds[i] for i in idx], LABELS, bootstrap=0)["strict"]
            print(f"| {ckpt} | {name} | " + " | ".join(f"{strict[k]['f1']:.3f}" for k in (*LABELS, "micro")) + " |")


def _ensemble(checkpoints: list[str], model_dir: str):
    """The torch checkpoints as one runner: the log of their mean tag probabilities, through the pipeline."""
    import json

    import numpy as np
    from transformers import AutoModelForTokenClassification

    from reqtag.inference import model_dir as md
    from reqtag.inference.config import ModelConfig
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.inference.pipeline import softmax
    from reqtag.inference.tagger import Tagger
    from reqtag.training.loop import TORCH_WINDOWS_PER_CALL, torch_runner

    runners = [torch_runner(AutoModelForTokenClassification.from_pretrained(c).eval()) for c in checkpoints]

    def run(ids, mask):
        return np.log(np.mean([softmax(r(ids, mask)) for r in runners], axis=0) + 1e-9)

    info = json.loads((Path(checkpoints[0]) / "train_info.json").read_text())
    shipped = md.read(model_dir).config
    config = ModelConfig(labels=tuple(info["labels"]), max_length=info["config"]["max_length"],
                         windows_per_call=TORCH_WINDOWS_PER_CALL, overlap=shipped.overlap, decoding=shipped.decoding)
    return Tagger.from_runner(run, load_tokenizer(Path(checkpoints[0]) / "tokenizer.json"), config).tag_batch


if __name__ == "__main__":
    main()
