"""A uniform model soup (Wortsman et al., 2022): the mean of the weights of torch checkpoints fine-tuned
from one initialisation, written as a checkpoint that dev_labels.py and `reqtag export` read.

    python evaluation/soup.py runs/soup2/torch runs/v24-minilm/torch runs/v24-seed29/torch
    python evaluation/dev_labels.py runs/v24-minilm/torch runs/soup2/torch

The first checkpoint gives the config, tokenizer and train_info; every checkpoint must have the same
parameter names and shapes.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="checkpoint directory to write")
    ap.add_argument("checkpoints", nargs="+", type=Path, help="torch checkpoint directories (runs/NAME/torch)")
    args = ap.parse_args()
    if len(args.checkpoints) < 2:
        ap.error("a soup needs at least two checkpoints")
    if args.out.resolve() in {c.resolve() for c in args.checkpoints}:
        ap.error(f"{args.out}: the soup would overwrite one of its checkpoints")

    from safetensors.torch import load_file, save_file

    states = [load_file(str(c / "model.safetensors")) for c in args.checkpoints]
    first = states[0]
    for c, sd in zip(args.checkpoints[1:], states[1:], strict=True):
        if sd.keys() != first.keys() or any(sd[k].shape != first[k].shape for k in first):
            raise SystemExit(f"{c}: its parameters differ from {args.checkpoints[0]}'s; a soup needs one architecture")
    mean = {k: (sum(sd[k].double() for sd in states) / len(states)).to(first[k].dtype) for k in first}
    args.out.mkdir(parents=True, exist_ok=True)
    save_file(mean, str(args.out / "model.safetensors"), metadata={"format": "pt"})
    for name in ("config.json", "tokenizer.json", "train_info.json"):
        shutil.copy(args.checkpoints[0] / name, args.out / name)
    print(f"wrote {args.out}: the mean of {len(states)} checkpoints")


if __name__ == "__main__":
    main()
