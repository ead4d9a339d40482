"""Regenerate the scoreboard in evaluation/reports/ — every number computed here, by reqtag.evaluation.

    python evaluation/scoreboard.py [--torch runs/default/torch] [--spacy runs/spacy-ner/model-best]

For each evaluation set (test: frozen; seeds; dev) it scores the rule-based pre-annotator, spaCy's
CNN NER trained on the same train split, reqtag torch (the checkpoint the shipped model was exported
from) and reqtag ONNX int8 (the shipped model), writes one report per system and set (markdown,
HTML error page, JSON) and the summary evaluation/reports/README.md.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ("test", "seeds", "dev")


def systems(args) -> dict:
    from reqtag.evaluation import predictor

    out = {"rules": predictor(rules=True)[1]}
    if args.spacy and Path(args.spacy).exists():
        from reqtag.baselines.spacy_ner import SpacyPredictor

        out["spaCy CNN NER"] = SpacyPredictor(args.spacy)
    if args.torch and Path(args.torch).exists():
        out["reqtag torch fp32"] = torch_predictor(args.torch, args.model)
    out["reqtag ONNX int8"] = predictor(model=args.model)[1]
    return out


def torch_predictor(torch_dir: str, model_dir: str):
    """The checkpoint through the inference pipeline, decoded like the shipped model (its thresholds)."""
    import json as _json

    from transformers import AutoModelForTokenClassification

    from reqtag import model_dir as md
    from reqtag.encoding import load_tokenizer
    from reqtag.training.loop import torch_tagger

    info = _json.loads((Path(torch_dir) / "train_info.json").read_text())
    model = AutoModelForTokenClassification.from_pretrained(torch_dir).eval()
    tok = load_tokenizer(Path(torch_dir) / "tokenizer.json")
    shipped = md.read(model_dir).config
    tagger = torch_tagger(model, tok, info["labels"], info["config"]["max_length"], overlap=shipped.overlap,
                          decoding=shipped.decoding)
    return tagger.tag_batch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "gold"), str(ROOT / "annotations" / "written")])
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--torch", default=str(ROOT / "runs" / "default" / "torch"))
    ap.add_argument("--spacy", default=str(ROOT / "runs" / "spacy-ner" / "model-best"))
    ap.add_argument("--out", default=str(ROOT / "evaluation" / "reports"))
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    from reqtag import formats
    from reqtag.evaluation import evaluate, write_report
    from reqtag.schema import LABELS

    t0 = time.time()
    records = formats.load(args.gold)
    fns = systems(args)
    summary: dict[str, dict] = {}
    for split in SETS:
        gold = [r for r in records if r.split == split]
        if not gold:
            continue
        for name, fn in fns.items():
            res = evaluate(gold, fn, LABELS, bootstrap=args.bootstrap)
            slug = name.lower().replace(" ", "-")
            write_report(res, gold, args.out, f"{split}-{slug}", f"{name} on {split} ({len(gold)} postings)",
                         errors_dir=Path(args.out) / "errors")
            summary.setdefault(split, {})[name] = res
            print(f"{split:6s} {name:20s} strict micro F1 {res['strict']['micro']['f1']:.4f}", flush=True)
    lines = ["# Scoreboard", "",
             f"Regenerate: `python evaluation/scoreboard.py` (this run: {time.strftime('%Y-%m-%d')}, "
             f"{time.time() - t0:.0f} s). Strict span match (same start, end, label); 95% CI by bootstrap over "
             "postings. Per-system reports: `<set>-<system>.md` / `.json` here; the error lists with context "
             "(markdown and HTML with the spans highlighted) are written to `errors/`, which git ignores because they "
             "quote the postings.", "",
             "Systems: **rules** — the rule-based pre-annotator (`reqtag.rules`, spaCy Matcher + pycountry); "
             "**spaCy CNN NER** — spaCy's own tok2vec+ner trained on the same train split "
             "(`python evaluation/train_spacy_baseline.py`); **reqtag torch fp32** — the fine-tuned checkpoint; "
             "**reqtag ONNX int8** — the shipped model (`models/reqtag-default`).", ""]
    for split, by_sys in summary.items():
        n = next(iter(by_sys.values()))["postings"]
        lines += [f"## {split} ({n} postings)", "",
                  "| system | " + " | ".join(LABELS) + " | micro F1 (95% CI) | macro F1 |",
                  "|---" * (len(LABELS) + 3) + "|"]
        for name, res in by_sys.items():
            st = res["strict"]
            ci = st["micro"].get("f1_ci95", [0, 0])
            lines.append(f"| {name} | " + " | ".join(f"{st[lb]['f1']:.3f}" for lb in LABELS)
                         + f" | **{st['micro']['f1']:.3f}** ({ci[0]:.3f}–{ci[1]:.3f}) | {st['macro']['f1']:.3f} |")
        lines.append("")
    Path(args.out, "README.md").write_text("\n".join(lines), encoding="utf-8")
    Path(args.out, "scoreboard.json").write_text(json.dumps(
        {s: {k: {m: v[m] for m in ("strict", "exact", "partial", "type")} for k, v in d.items()}
         for s, d in summary.items()}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
