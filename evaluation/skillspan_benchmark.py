"""The standard benchmark for the training pipeline: reqtag trained on SkillSpan's own layers.

    reqtag train --data shared:skillspan --config training/skillspan.toml --out runs/skillspan
    python evaluation/skillspan_benchmark.py --model runs/skillspan/model

    # the same protocol with the encoder initialised from reqtag's shipped checkpoint
    reqtag train --data shared:skillspan --config training/skillspan-reqtag-init.toml --out runs/skillspan-init
    python evaluation/skillspan_benchmark.py --model runs/skillspan-init/model \
        --config training/skillspan-reqtag-init.toml --out evaluation/reports/skillspan-reqtag-init.md

Scores SkillSpan dev (58 postings, SkillSpan's own SKILL and KNOWLEDGE spans, overlaps included)
with strict span F1 through reqtag.evaluation.harness, and writes evaluation/reports/skillspan.md beside
the published numbers. The training run does no model selection on dev (select_on_dev = false).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Published span-F1 on SkillSpan. They are TEST-set numbers (SkillSpan's test split is not in
# ../shared, so ours are on dev: not the same postings, an orientation, not a race).
PUBLISHED = [
    ("ESCOXLM-R (XLM-R large + ESCO pre-training)", "62.6 (test, skill+knowledge)",
     "Zhang, van der Goot, Kan, Plank. ESCOXLM-R. ACL 2023, arXiv:2305.12092"),
    ("JobBERT (BERT-base + 3.2M job-posting sentences)", "in the source's results table (not retrievable offline here)",
     "Zhang, Jensen, Sonniks, Plank. SkillSpan. NAACL 2022, aclanthology.org/2022.naacl-main.366"),
    ("JobSpanBERT (SpanBERT + job postings)", "in the source's results table (not retrievable offline here)", "same"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "runs" / "skillspan" / "model"))
    ap.add_argument("--out", default=str(ROOT / "evaluation" / "reports" / "skillspan.md"))
    ap.add_argument("--config", default="training/skillspan.toml", help="the training config of --model (the report names it)")
    args = ap.parse_args()

    from reqtag import Tagger
    from reqtag.annotations import skillspan
    from reqtag.evaluation.harness import evaluate

    t0 = time.time()
    dev = skillspan.records(split="dev")
    tagger = Tagger.load(args.model)
    labels = list(tagger.labels)
    res = evaluate(dev, tagger.tag_batch, labels, bootstrap=1000)
    info = tagger.config.to_dict()
    st = res["strict"]
    model = _shown(args.model)
    cfg = info["training"].get("config") or {}
    init = cfg.get("init_from")
    start = f"initialised from reqtag's checkpoint {init}" if init else "MiniLM-L6"
    source = (info["training"].get("data") or [{}])[0].get("source", "shared:skillspan")
    if cfg.get("select_on_dev"):
        thresholds = ", ".join(f"{k} {v}" for k, v in info["decoding"]["thresholds"].items()) or "none"
        chosen = (f"Epoch {info['training'].get('best_epoch')} and score thresholds ({thresholds}) chosen on "
                  f"{info['training'].get('dev_postings')} SkillSpan train postings held out from training "
                  "(`shared:skillspan-held-out`); SkillSpan dev scored once, never used for a choice.")
    elif cfg.get("thresholds"):
        fixed = ", ".join(f"{k} {v}" for k, v in cfg["thresholds"].items())
        chosen = (f"Epoch count ({cfg.get('epochs')}) and score thresholds ({fixed}) fixed in advance by the training "
                  "config, from the held-out run; last epoch kept; SkillSpan dev never used for a choice.")
    else:
        chosen = "Last epoch kept (no selection on dev)."
    lines = ["# SkillSpan benchmark: reqtag's training pipeline on SkillSpan's own labels", "",
             f"Commands: `reqtag train --data {source} --config {args.config} --out {Path(model).parent}` "
             f"then `python evaluation/skillspan_benchmark.py --model {model} --config {args.config} --out "
             f"{_shown(args.out)}` ({time.time() - t0:.0f} s scoring).", "",
             f"One model for both layers (labels {labels}); training used SkillSpan train ({info['training'].get('train_postings')} "
             f"postings, {info['training'].get('duration_s')} s on 2 cores, {start}, int8 ONNX); overlapping "
             f"SKILL/KNOWLEDGE spans: {info['training'].get('alignment', {}).get('spans_overlap_dropped', 0)} dropped in "
             f"training, all counted in scoring. {chosen}", "",
             f"## reqtag on SkillSpan dev ({len(dev)} postings), strict span match", "",
             "| label | P | R | F1 | 95% CI | support |", "|---|---|---|---|---|---|"]
    for lb in labels + ["micro"]:
        s = st[lb]
        ci = s.get("f1_ci95", ["", ""])
        lines.append(f"| {lb} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | {ci[0]}–{ci[1]} | {s['support']} |")
    lines += ["", "Partial-match F1 (nervaluate 'partial'): "
              + ", ".join(f"{lb} {res['partial'][lb]['f1']:.3f}" for lb in labels + ["micro"]), "",
              "## Published numbers", "", "| system | span F1 | source |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in PUBLISHED]
    lines += ["", "Caveats: published systems are 110M–560M-parameter cased encoders trained on the sentence-level "
              "data with dev-based selection and scored on the test split; reqtag here is a 22M-parameter uncased "
              "encoder quantised to int8, trained a few CPU minutes on whole postings, scored on dev.", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def _shown(path: str) -> str:
    """``path`` as the report shows it: relative to the project root when inside it."""
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


if __name__ == "__main__":
    main()
