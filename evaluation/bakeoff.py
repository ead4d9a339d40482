"""Encoder bake-off: torch checkpoints trained on the same data, scored the same way, side by side.

    python evaluation/bakeoff.py runs/v2-minilm/torch runs/v2-e5/torch [--out evaluation/bakeoff.md]
    python evaluation/bakeoff.py runs/es-minilm/torch runs/es-e5/torch --gold annotations/es \
        --out evaluation/bakeoff-es.md        # Spanish (issue 15 item 2)

For every checkpoint (a `reqtag train` output): its training time and epochs (train_info.json), strict
F1 per label with 95% CIs on dev and on the test split of --gold (default: the English v2 gold) — decoded through the one inference
pipeline (Viterbi, per-label thresholds chosen on dev for each model) — and inference speed: the
checkpoints tag the same test postings in torch fp32, one thread each, interleaved in one process
(rounds alternate the order), so the speed column is a ratio measured side by side, not across runs.
Test is scored once per model, after every choice was made on dev.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = [str(ROOT / "annotations" / "gold"), str(ROOT / "annotations" / "written")]
DEFAULT_OUT = str(ROOT / "evaluation" / "bakeoff.md")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--gold", nargs="+", default=DEFAULT_GOLD)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--speed-postings", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    import torch
    from transformers import AutoModelForTokenClassification

    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import score
    from reqtag.inference.config import Decoding
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.inference.pipeline import choose_thresholds
    from reqtag.schema import LABELS
    from reqtag.training.loop import torch_tagger

    torch.set_num_threads(1)
    records = formats.load(args.gold)
    dev = [r for r in records if r.split == "dev"]
    test = [r for r in records if r.split == "test"]
    rows, taggers = [], {}
    for ck in map(Path, args.checkpoints):
        info = json.loads((ck / "train_info.json").read_text())
        model = AutoModelForTokenClassification.from_pretrained(ck).eval()
        tok = load_tokenizer(ck / "tokenizer.json")
        tagger = torch_tagger(model, tok, info["labels"], info["config"]["max_length"])
        raw_dev = tagger.pipeline.predict([r.text for r in dev], thresholds={})
        thresholds = choose_thresholds([r.spans for r in dev], raw_dev, info["labels"])
        tagger = torch_tagger(model, tok, info["labels"], info["config"]["max_length"],
                              decoding=Decoding(thresholds=thresholds))
        res = {}
        for name, recs in (("dev", dev), ("test", test)):
            pred = tagger.pipeline.predict([r.text for r in recs], thresholds=thresholds)
            res[name] = score([r.spans for r in recs], pred, LABELS, bootstrap=1000)
        taggers[ck] = tagger
        rows.append({"checkpoint": str(ck), "base": info["config"].get("base") or info["base"],
                     "epochs": len(info["history"]), "best_epoch": info["best_epoch"],
                     "train_minutes": round(info["duration_s"] / 60, 1), "threads": info["config"].get("threads"),
                     "budget_minutes": info["config"].get("max_minutes"), "thresholds": thresholds,
                     "alignment": info.get("alignment", {}), "scores": {k: v.to_dict() for k, v in res.items()}})
        print(f"{ck}: dev {res['dev'].micro.f1:.4f} test {res['test'].micro.f1:.4f}", flush=True)

    texts = [r.text for r in test[: args.speed_postings]]
    timing = {ck: 0.0 for ck in taggers}
    for rnd in range(args.rounds):
        order = list(taggers) if rnd % 2 == 0 else list(reversed(taggers))
        for ck in order:
            t0 = time.perf_counter()
            taggers[ck].tag_batch(texts)
            timing[ck] += time.perf_counter() - t0
    base_rate = None
    for row, ck in zip(rows, taggers, strict=True):
        rate = len(texts) * args.rounds / timing[ck]
        base_rate = base_rate or rate
        row["postings_per_s"] = round(rate, 2)
        row["speed_vs_first"] = round(rate / base_rate, 2)

    gold_args = [] if args.gold == DEFAULT_GOLD else ["--gold", *args.gold]
    out_args = [] if args.out == DEFAULT_OUT else ["--out", os.path.relpath(args.out, ROOT)]
    data = "English gold v2" if args.gold == DEFAULT_GOLD else ", ".join(os.path.relpath(g, ROOT) for g in args.gold)
    lines = ["# Encoder bake-off", "",
             f"Regenerate: `python evaluation/bakeoff.py {' '.join([*args.checkpoints, *gold_args, *out_args])}`. "
             f"Same data ({data}: {len([r for r in records if r.split == 'train'])} train / {len(dev)} dev / "
             f"{len(test)} test postings), the same configuration file apart from the encoder (each checkpoint's "
             "train_info.json holds it), the same wall-clock budget and one CPU thread each, trained at the "
             f"same time on this {_cpu()} ({os.cpu_count()} cores). Strict span F1, 95% CI by bootstrap over "
             "postings; decoding: Viterbi with per-label thresholds chosen on dev for each model. Speed: torch "
             f"fp32, one thread, {len(texts)} test postings × {args.rounds} interleaved rounds in one process.", "",
             "| encoder | epochs (best) | training min | dev micro F1 (95% CI) | test micro F1 (95% CI) | "
             + " | ".join(f"test {lb}" for lb in LABELS) + " | postings/s | speed × first |",
             "|---" * (7 + len(LABELS)) + "|"]
    for row in rows:
        d, t = row["scores"]["dev"], row["scores"]["test"]
        lines.append(f"| {row['base']} | {row['epochs']} ({row['best_epoch']}) | {row['train_minutes']} | "
                     f"{d['micro']['f1']:.3f} ({d['micro']['f1_ci95'][0]:.3f}–{d['micro']['f1_ci95'][1]:.3f}) | "
                     f"{t['micro']['f1']:.3f} ({t['micro']['f1_ci95'][0]:.3f}–{t['micro']['f1_ci95'][1]:.3f}) | "
                     + " | ".join(f"{t[lb]['f1']:.3f}" for lb in LABELS)
                     + f" | {row['postings_per_s']} | {row['speed_vs_first']} |")
    lines += ["", "Dev F1 per label:", "", "| encoder | " + " | ".join(LABELS) + " |", "|---" * (len(LABELS) + 1) + "|"]
    for row in rows:
        d = row["scores"]["dev"]
        lines.append(f"| {row['base']} | " + " | ".join(f"{d[lb]['f1']:.3f}" for lb in LABELS) + " |")
    lines += ["", "Alignment losses (gold spans a tokenizer cannot express exactly): "
              + "; ".join(f"{r['base']}: {r['alignment'].get('spans_unreachable', 0)} unreachable, "
                          f"{r['alignment'].get('spans_not_on_token_edges', 0)} not on token edges of "
                          f"{r['alignment'].get('spans', 0)}" for r in rows), ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
