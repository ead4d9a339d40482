"""Add a line gate to an exported model: the network reads only the lines likely to hold a requirement.

    python evaluation/line_gate.py --model models/reqtag-default --out runs/gate/model

Fits the gate on the train postings the main network tags, chooses its threshold on dev (the highest
whose dev strict micro F1 is at least the ungated one), re-scores every split for the card and
writes a new model directory (``reqtag.training.line_gate.add_line_gate``). Compare its speed with
``evaluation/bench_speed.py --also gated=OUT``; ``reqtag promote OUT`` decides.
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
    ap.add_argument("--out", required=True, help="the new model directory (must not exist)")
    ap.add_argument("--neighbours", type=int, default=1, help="lines read on each side of a chosen line")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from reqtag.training.data import load_sources
    from reqtag.training.line_gate import add_line_gate

    records = [r for r in load_sources(args.gold)[0] if r.split in ("train", "dev", "test", "seeds")]
    rows = add_line_gate(args.model, records, args.out, neighbours=args.neighbours)
    print("| threshold | tokens read (dev) | dev strict micro F1 |\n|---|---|---|")
    for row in rows:
        print(f"| {row['threshold'] or 'none'} | {row['tokens_read']:.3f} | {row['dev_micro_f1']:.4f} |")


if __name__ == "__main__":
    main()
