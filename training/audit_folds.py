"""Consistency audit of the gold corpus with k-fold models (gold data v2, step 1).

Trains k models, each on k-1 folds of train+dev, tags the held-out fold, and writes every place
where a confident model disagrees with gold as a flag for a person to judge against SCHEMA.md
(never against the model):

- ``spurious``: a confident predicted span that overlaps no gold span;
- ``missing``:  a gold span that no predicted span touches;
- ``boundary``: a confident prediction of the same label that overlaps gold with other edges;
- ``label``:    a confident prediction on the same characters with another label.

    python training/audit_folds.py --data annotations/gold --data annotations/written \
        --config training/default.toml --folds 4 --epochs 5 --out runs/audit

Writes ``runs/audit/flags.jsonl`` (id, kind, gold span, predicted span, score, line context
offsets) and the fold models' predictions. Test postings are not used here: they are audited by
the rules in annotations/GUIDELINES.md only, so the model never fits them.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from reqtag.annotations.formats import native
from reqtag.schema import Span
from reqtag.training.config import TrainConfig
from reqtag.training.data import load_sources


def _fold_of(pid: str, k: int) -> int:
    return int(hashlib.sha1(pid.encode()).hexdigest(), 16) % k


def flags_for(gold: list[Span], pred: list[Span], min_score: float) -> list[dict]:
    """Disagreements between one posting's gold and a fold model's spans."""
    out = []
    for p in pred:
        if p.score is not None and p.score < min_score:
            continue
        touching = [g for g in gold if g.start < p.end and p.start < g.end]
        if not touching:
            out.append({"kind": "spurious", "pred": p})
        for g in touching:
            if (g.start, g.end) == (p.start, p.end) and g.label != p.label:
                out.append({"kind": "label", "gold": g, "pred": p})
            elif g.label == p.label and (g.start, g.end) != (p.start, p.end):
                out.append({"kind": "boundary", "gold": g, "pred": p})
    for g in gold:
        if not any(g.start < p.end and p.start < g.end for p in pred):
            out.append({"kind": "missing", "gold": g})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", action="append", required=True)
    ap.add_argument("--config", default="training/default.toml")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--min-score", type=float, default=0.7)
    ap.add_argument("--out", default="runs/audit")
    ap.add_argument("--only", type=int, default=None, help="run this fold only (folds can run in parallel)")
    args = ap.parse_args()

    from reqtag.inference.tagger import Tagger  # imported before training: fail early if inference is broken
    from reqtag.training.export import export
    from reqtag.training.loop import train

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records, _ = load_sources(args.data)
    pool = [r for r in records if r.split in ("train", "dev")]
    split_of = {r.id: r.split for r in pool}
    flags_path = out / "flags.jsonl"
    done = set()
    if flags_path.exists():
        done = {json.loads(line)["fold"] for line in flags_path.read_text().splitlines() if line.strip()}
    for k in range(args.folds):
        if k in done or (args.only is not None and k != args.only):
            continue
        held = [r for r in pool if _fold_of(r.id, args.folds) == k]
        rest = [r for r in pool if _fold_of(r.id, args.folds) != k]
        fold_dir = out / f"fold{k}"
        fold_dir.mkdir(exist_ok=True)
        for r in rest:
            r.split = "train"
        native.write(rest, fold_dir / "train.jsonl", standoff=True)
        for r in rest:
            r.split = split_of[r.id]
        config = TrainConfig.from_toml(args.config, epochs=args.epochs, select_on_dev=False)
        torch_dir = fold_dir / "torch"
        if not (torch_dir / "train_info.json").exists():
            train(config, [fold_dir / "train.jsonl"], torch_dir)
        model_dir = fold_dir / "model"
        if not (model_dir / "reqtag.json").exists():
            export(torch_dir, model_dir, eval_records=[], quantization="fp32")

        tagger = Tagger.load(model_dir)
        preds = tagger.tag_batch([r.text for r in held])
        with open(flags_path, "a", encoding="utf-8") as f:
            rows = []
            for rec, pred in zip(held, preds, strict=True):
                for flag in flags_for(rec.spans, pred, args.min_score):
                    row = {"fold": k, "id": rec.id, "split": split_of[rec.id],
                           "kind": flag["kind"]}
                    for key in ("gold", "pred"):
                        if key in flag:
                            s = flag[key]
                            row[key] = {"start": s.start, "end": s.end, "label": s.label, "text": s.text,
                                        **({"score": round(s.score, 3)} if s.score is not None else {})}
                    rows.append(row)
            if not rows:
                rows.append({"fold": k, "id": None, "kind": "none"})
            f.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        print(f"fold {k}: {len(held)} postings, {len(rows)} flags", flush=True)


if __name__ == "__main__":
    main()
