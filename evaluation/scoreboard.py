"""Regenerate the scoreboard in evaluation/reports/ — every number computed here, by reqtag.evaluation.harness.

    python evaluation/scoreboard.py [--torch runs/v2-minilm/torch] [--spacy runs/spacy-ner-v2/model-best]
                                    [--previous runs/v1-model]

For each evaluation set (test: the frozen v2 test split; v1-test: v1's 78 test postings, still in
test; seeds; dev) it scores the rule-based pre-annotator, spaCy's CNN NER trained on the same train
split, the previous shipped model (v1, when given), reqtag torch (the checkpoint the shipped model
was exported from) and reqtag ONNX int8 (the shipped model); writes one report per system and set
(markdown, HTML error page, JSON) and the summary evaluation/reports/README.md, with the
inter-annotator agreement (evaluation/agreement/) beside it as the ceiling.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ("test", "v1-test", "seeds", "dev")


def systems(args) -> dict:
    from reqtag.evaluation.harness import predictor

    out = {"rules": predictor(rules=True)[1]}
    if args.spacy and Path(args.spacy).exists():
        from reqtag.evaluation.baselines.spacy_ner import SpacyPredictor

        out["spaCy CNN NER"] = SpacyPredictor(args.spacy)
    if args.previous and Path(args.previous).exists():
        out["reqtag v1 (previous, int8)"] = predictor(model=args.previous)[1]
    if args.torch and Path(args.torch).exists():
        out["reqtag torch fp32"] = torch_predictor(args.torch, args.model)
    out["reqtag ONNX int8 (shipped)"] = predictor(model=args.model)[1]
    return out


def torch_predictor(torch_dir: str, model_dir: str):
    """The checkpoint through the inference pipeline, decoded like the shipped model (its thresholds)."""
    import json as _json

    from transformers import AutoModelForTokenClassification

    from reqtag.inference import model_dir as md
    from reqtag.inference.encoding import load_tokenizer
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
    ap.add_argument("--torch", default=str(ROOT / "runs" / "v2-minilm" / "torch"))
    ap.add_argument("--spacy", default=str(ROOT / "runs" / "spacy-ner-v2" / "model-best"))
    ap.add_argument("--previous", default=str(ROOT / "runs" / "v1-model"), help="the previous shipped model")
    ap.add_argument("--out", default=str(ROOT / "evaluation" / "reports"))
    ap.add_argument("--bootstrap", type=int, default=1000)
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.evaluation.harness import evaluate, write_report
    from reqtag.schema import LABELS

    t0 = time.time()
    records = formats.load(args.gold)
    fns = systems(args)
    summary: dict[str, dict] = {}
    v1_test = set(json.loads((ROOT / "annotations" / "splits.json").read_text()).get("v1_test", []))
    for split in SETS:
        gold = [r for r in records if (r.id in v1_test if split == "v1-test" else r.split == split)]
        if not gold:
            continue
        for name, fn in fns.items():
            res = evaluate(gold, fn, LABELS, bootstrap=args.bootstrap)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
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
             "Systems: **rules** — the rule-based pre-annotator (`reqtag.annotations.rules`, spaCy Matcher + pycountry); "
             "**spaCy CNN NER** — spaCy's own tok2vec+ner trained on the same train split "
             "(`python evaluation/train_spacy_baseline.py`); **reqtag torch fp32** — the fine-tuned checkpoint; "
             "**reqtag v1** — the previously shipped model (trained on gold v1); "
             "**reqtag ONNX int8 (shipped)** — the shipped model (`models/reqtag-default`). "
             "Sets: **test** — the frozen v2 test split (English); **v1-test** — v1's 78 test postings "
             "(inside v2 test, corrected by the v2 audit), so old and new scores compare on the same postings.", ""]
    agreement = ROOT / "evaluation" / "agreement" / "agreement.json"
    ceiling: list[str] = []
    if agreement.is_file():
        ag = json.loads(agreement.read_text())
        st = ag["strict"]
        ceiling = [f"Annotator agreement — the ceiling (`python evaluation/agreement.py`: {ag['postings']} postings "
                  "annotated twice, independently; strict F1 between the two passes):", "",
                  "| | " + " | ".join(LABELS) + " | micro F1 (95% CI) |", "|---" * (len(LABELS) + 2) + "|",
                  "| annotator agreement | " + " | ".join(f"{st[lb]['f1']:.3f}" for lb in LABELS)
                  + f" | **{st['micro']['f1']:.3f}** ({st['micro']['f1_ci95'][0]:.3f}–{st['micro']['f1_ci95'][1]:.3f}) |",
                  ""]
        lines += ceiling
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
    # The shipped model's card shows the same comparison (test sets and the agreement ceiling).
    from reqtag.evaluation.card import write_card
    from reqtag.inference import model_dir as md

    keep, block = False, []
    for line in lines:
        if line.startswith("## "):
            keep = line.startswith(("## test", "## v1-test"))
        if keep:
            block.append(line.replace("## ", "### ", 1) if line.startswith("## ") else line)
    block += ceiling
    block.append("Regenerate with `python evaluation/scoreboard.py` (full tables: evaluation/reports/README.md).")
    write_card(md.read(args.model), comparison="\n".join(block))
    Path(args.out, "scoreboard.json").write_text(json.dumps(
        {s: {k: {m: v[m] for m in ("strict", "exact", "partial", "type")} for k, v in d.items()}
         for s, d in summary.items()}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
