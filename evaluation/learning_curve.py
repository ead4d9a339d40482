"""Learning curve: dev F1 per label against the number of train postings, and what more gold would buy.

    python evaluation/learning_curve.py runs/s79/curve-25 runs/s79/curve-50 runs/s79/curve-100 \
        --out evaluation/learning_curve.md

Each RUN is the output of ``reqtag train --no-export`` (RUN/torch) with one recipe at several ``train_share``
values (training/curve-*.toml). Each checkpoint tags the dev postings of each language's gold folders (the
scoreboard's) through the inference pipeline with a torch runner and plain Viterbi decoding: the decoding its epoch
was selected with. Not the shipped decoding (evaluation/dev_labels.py): its thresholds and French rules were chosen
for the shipped network and would blur what the data alone buys. Per language and label:
strict F1 with a 95% bootstrap CI, and the gain per doubling of that language's train postings (least squares
of F1 on log2 of the count). The gain's CI resamples dev postings, one resample for every point at once, so the
points stay paired.

The projection prices issue 12's English targets in annotated postings: n · 2^((target − shipped) / gain),
where n is today's English train postings and ``shipped`` the shipped model's English test F1 read from the
scoreboard's report (evaluation/reports/test-reqtag-onnx-int8-shipped.json, computed there). It assumes the gain
per doubling on dev carries over to test and to the shipped recipe (which is not trained from the base
encoder), and that the curve stays log-linear beyond the data: a rough price, not a promise.

``--split test --out evaluation/learning_curve-test.md`` reads the test postings once to check that assumption
(the gain per doubling on test beside dev's); no price is drawn from it and nothing is chosen on it.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evaluation"))
SHIPPED_TEST = ROOT / "evaluation" / "reports" / "test-reqtag-onnx-int8-shipped.json"
#: issue 12's English test targets (strict F1), the ones the shipped model misses or meets
TARGETS = {"DEGREE": 0.92, "FIELD": 0.88, "EXPERIENCE": 0.92, "LANGUAGE": 0.92, "COMPETENCY": 0.70,
           "CERTIFICATION": 0.80, "micro": 0.78}
BOOTSTRAP = 1000


def tagger(run: Path, info: dict):
    """The run's checkpoint through the inference pipeline, plain Viterbi decoding."""
    from transformers import AutoModelForTokenClassification

    from reqtag.inference.encoding import load_tokenizer
    from reqtag.training.loop import torch_tagger

    model = AutoModelForTokenClassification.from_pretrained(run / "torch").eval()
    return torch_tagger(model, load_tokenizer(run / "torch" / "tokenizer.json"), info["labels"],
                        info["config"]["max_length"], overlap=info["config"]["overlap"])


def counts(tag, records: list) -> np.ndarray:
    """[posting, label + micro, (tp, fp, fn)] of a tagger on ``records``."""
    from reqtag.evaluation.scoring import posting_counts
    from reqtag.schema import LABELS

    return posting_counts([r.spans for r in records], tag.tag_batch([r.text for r in records]), LABELS)


def slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of y (points on axis 0) on x."""
    xc = x - x.mean()
    return np.tensordot(xc, y - y.mean(0), axes=(0, 0)) / (xc @ xc)


def postings_needed(n: int, have: float, target: float, gain: float) -> int:
    """Train postings at which F1 ``have`` (reached with ``n``) would reach ``target``, gaining ``gain`` a doubling."""
    return math.ceil(round(n * 2 ** ((target - have) / gain), 6))  # rounded first: 0.78 - 0.75 is not 0.03


def main() -> None:
    from scoreboard import GOLD

    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import f1_of_counts
    from reqtag.schema import LABELS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path, help="reqtag train outputs of one recipe at several train_share")
    ap.add_argument("--languages", nargs="+", default=["en", "fr"])
    ap.add_argument("--split", choices=("dev", "test"), default="dev",
                    help="dev (the curve and the price) or test (read once, to check the price's assumption)")
    ap.add_argument("--out", type=Path, default=ROOT / "evaluation" / "learning_curve.md")
    args = ap.parse_args()
    unknown = sorted(set(args.languages) - set(GOLD))
    if unknown:
        ap.error(f"--languages: no gold folder for {', '.join(unknown)} (have {', '.join(GOLD)})")
    if len(args.runs) < 2:
        raise SystemExit("learning_curve: at least two runs are needed for a slope")

    infos = [json.loads((run / "torch" / "train_info.json").read_text()) for run in args.runs]
    order = sorted(range(len(infos)), key=lambda i: infos[i]["config"].get("train_share", 1.0))
    args.runs, infos = [args.runs[i] for i in order], [infos[i] for i in order]  # smallest share first
    taggers = [tagger(run, info) for run, info in zip(args.runs, infos, strict=True)]  # loaded once, every language
    keys = [*LABELS, "micro"]
    rng = np.random.default_rng(0)
    split = args.split
    options = f" --split {split} --out {args.out.resolve().relative_to(ROOT)}" if split != "dev" else ""
    lines = [f"# Learning curve: {split} F1 against the number of train postings", "",
             f"Command: `python evaluation/learning_curve.py {' '.join(map(str, args.runs))}{options}`", "",
             "Runs: " + "; ".join(f"{run} (train_share {info['config'].get('train_share', 1.0)}, best epoch "
                                  f"{info['best_epoch']} of {len(info['history'])} run, {info['duration_s']:.0f} s)"
                                  for run, info in zip(args.runs, infos, strict=True)) + ".", ""]
    gains: dict[str, dict[str, tuple[float, float, float]]] = {}
    sizes: dict[str, int] = {}
    for lang in args.languages:
        gold = [r for r in formats.load(GOLD[lang]) if r.split == split]
        # train postings of the language as the runtime detected them (train_info.json)
        n = np.array([info["train_languages"].get(lang, 0) for info in infos], dtype=float)
        if not gold or (n <= 0).any():
            raise SystemExit(f"learning_curve: no {lang} {split} postings, or a run without {lang} train postings")
        sizes[lang] = int(n.max())
        c = np.stack([counts(t, gold) for t in taggers])  # [run, posting, key, 3]
        point = f1_of_counts(c.sum(1))  # [run, key]
        draws = rng.integers(0, len(gold), (BOOTSTRAP, len(gold)))
        boot = f1_of_counts(c[:, draws].sum(2))  # [run, draw, key]
        lo, hi = np.percentile(boot, [2.5, 97.5], axis=1)
        x = np.log2(n)
        g, g_boot = slope(x, point), slope(x, boot)
        g_lo, g_hi = np.percentile(g_boot, [2.5, 97.5], axis=0)
        # the gain of the last step alone: a learning curve flattens, so the fit over every point overstates
        # what the next postings buy, and the price below uses this one
        step = x[-1] - x[-2]
        last, last_boot = (point[-1] - point[-2]) / step, (boot[-1] - boot[-2]) / step
        l_lo, l_hi = np.percentile(last_boot, [2.5, 97.5], axis=0)
        gains[lang] = {k: (float(last[j]), float(l_lo[j]), float(l_hi[j])) for j, k in enumerate(keys)}
        lines += [f"## {lang} {split} ({len(gold)} postings)", "",
                  f"| {lang} train postings | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
        for r in range(len(args.runs)):
            lines.append(f"| {int(n[r])} | " + " | ".join(
                f"{point[r, j]:.3f} ({lo[r, j]:.3f}–{hi[r, j]:.3f})" for j in range(len(keys))) + " |")
        lines.append("| gain per doubling, fit over all points (95% CI) | " + " | ".join(
            f"{g[j]:+.3f} ({g_lo[j]:+.3f} to {g_hi[j]:+.3f})" for j in range(len(keys))) + " |")
        lines.append("| gain per doubling, last step (95% CI) | " + " | ".join(
            f"{last[j]:+.3f} ({l_lo[j]:+.3f} to {l_hi[j]:+.3f})" for j in range(len(keys))) + " |")
        lines.append("")
    if split == "dev" and "en" in gains and SHIPPED_TEST.is_file():
        shipped = json.loads(SHIPPED_TEST.read_text())["strict"]
        lines += ["## What issue 12's English targets would cost in English train postings", "",
                  f"n · 2^((target − shipped) / gain), n = {sizes['en']} English train postings today; shipped = "
                  f"the shipped model's English test F1 ({SHIPPED_TEST.relative_to(ROOT)}); gain = the last step's gain "
                  "per doubling on English dev. The range uses the gain's CI; '—' where the gain's CI reaches 0 (no "
                  "price can be read).", "",
                  "| label | target | shipped (test) | gain per doubling (dev, last step) | English train postings "
                  "needed |",
                  "|---|---|---|---|---|"]
        for k, target in TARGETS.items():
            have = shipped[k]["f1"]
            gain, g_lo, g_hi = gains["en"][k]
            if have >= target:
                need = "met"
            elif g_lo <= 0 or gain <= 0:
                need = "—"
            else:
                low, mid, high = (postings_needed(sizes["en"], have, target, x) for x in (g_hi, gain, g_lo))
                need = f"{mid:,} ({low:,}–{high:,})"
            lines.append(f"| {k} | {target:.2f} | {have:.3f} | {gain:+.3f} ({g_lo:+.3f} to {g_hi:+.3f}) | {need} |")
        lines.append("")
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
