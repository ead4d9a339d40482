"""Regenerate the scoreboard in evaluation/reports/ — every number computed here, by reqtag.evaluation.harness.

    python evaluation/scoreboard.py [--torch runs/v34-minilm/torch] [--spacy runs/spacy-ner-v2/model-best]
                                    [--previous v1=runs/v1-model v2=runs/v2-minilm/model v2.7=runs/v27-minilm/model
                                     v2.8=runs/v28-minilm/model v3.2=runs/v32-minilm/model]
                                    [--candidates NAME=DIR] [--sets test-fr test-es] [--limit N]

Scores are per language: each evaluation set holds postings of one language and is scored on them alone.
English (``--gold``, default annotations/gold + annotations/written): test (the frozen v2 test split),
v1-test (v1's 78 test postings, still in test), seeds, dev. French (``--gold-fr``, annotations/fr) and
Spanish (``--gold-es``, annotations/es): test-fr, test-es, dev-fr, dev-es — their own splits; v2-test-es, the
Spanish test postings of the v2 freeze (test grew since); grown-test-es, the ones added since, all annotated blind.

On every set it scores the rule-based pre-annotator (with that set's language rules), the previous
shipped model (v1, when given), reqtag torch (the checkpoint the shipped model was exported from) and
reqtag ONNX int8 (the shipped model); spaCy's CNN NER, trained on the English train split, and v1 are
English-only and run on the English sets only. It writes one report per system and set (markdown,
HTML error page, JSON), the summary README.md and scoreboard.json into --out (evaluation/reports/),
with the inter-annotator agreement (evaluation/agreement/) beside it as the ceiling, and the comparison
block of the shipped model's card (the test sets of every language), unless --no-card or --limit.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: evaluation sets in report order: name -> (language, split); v1-test and v2-test are the id lists splits.json
#: keeps (v1's test postings; the test split as frozen at v2, before test grew by es9's Spanish postings)
SETS = {"test": ("en", "test"), "v1-test": ("en", "v1-test"), "test-fr": ("fr", "test"), "test-es": ("es", "test"),
        "v2-test-es": ("es", "v2-test"), "grown-test-es": ("es", "grown-test"), "seeds": ("en", "seeds"),
        "dev": ("en", "dev"), "dev-fr": ("fr", "dev"), "dev-es": ("es", "dev")}
#: the id lists behind the listed sets: set split name -> key in splits.json
LISTED = {"v1-test": "v1_test", "v2-test": "v2_test"}
#: listed sets derived from the others: "grown-test" is the test postings added after the v2 freeze (test minus
#: v2_test), which splits.grow_test only takes annotated blind to every tagger
DERIVED = ("grown-test",)
#: each language's gold folders (its sets read only these): the defaults of --gold, --gold-fr, --gold-es
GOLD = {"en": [str(ROOT / "annotations" / "gold"), str(ROOT / "annotations" / "written")],
        "fr": [str(ROOT / "annotations" / "fr")], "es": [str(ROOT / "annotations" / "es")]}
#: the sets whose tables go into the shipped model's card
CARD_SETS = ("test", "v1-test", "test-fr", "test-es", "v2-test-es", "grown-test-es")
#: systems that read English only (trained on English, uncased English vocabulary): not run on FR/ES sets
ENGLISH_ONLY = ("spaCy CNN NER", "reqtag v1 (previous, int8)", "reqtag v2 (previous, int8)")


def set_records(name: str, by_lang: dict, listed: dict[str, set[str]], limit: int | None = None) -> list:
    """The gold records of evaluation set ``name`` (a key of SETS) from ``by_lang`` (language -> records):
    that language's records of that split, or for a listed split (LISTED, DERIVED) those whose id is in
    ``listed[split]``; the first ``limit`` of them when given."""
    if name not in SETS:
        raise ValueError(f"unknown evaluation set {name!r}; known: {', '.join(SETS)}")
    lang, split = SETS[name]
    records = by_lang.get(lang, [])
    by_id = split in LISTED or split in DERIVED
    gold = [r for r in records if (r.id in listed.get(split, set()) if by_id else r.split == split)]
    return gold[:limit] if limit is not None else gold


def listed_ids(table: dict) -> dict[str, set[str]]:
    """The ids of each listed split (LISTED, DERIVED) in the split table ``table`` (splits.json)."""
    listed = {split: set(table.get(key, [])) for split, key in LISTED.items()}
    if "v2_test" in table:
        listed["grown-test"] = set(table["splits"]["test"]) - listed["v2-test"]
    return listed


def systems(args, english: bool = True) -> dict:
    """name -> (predictor factory: language -> texts -> spans); the English-only systems (ENGLISH_ONLY)
    only when ``english`` sets are scored."""
    from reqtag.annotations.rules import annotate
    from reqtag.evaluation.harness import predictor

    out = {"rules": lambda lang: (lambda texts: [annotate(t, lang=lang) for t in texts])}
    if english and args.spacy and Path(args.spacy).exists():
        from reqtag.evaluation.baselines.spacy_ner import SpacyPredictor

        spacy_fn = SpacyPredictor(args.spacy)
        out["spaCy CNN NER"] = lambda lang: spacy_fn
    for specs, kind in (((args.previous or []) if english else [], "previous"), (args.candidates or [], "candidate, refused")):
        for spec in specs:  # NAME=DIR; a directory that is not there is left out
            tag, _, path = spec.partition("=")
            if Path(path).exists():
                fn = predictor(model=path)[1]
                out[f"reqtag {tag} ({kind}, int8)"] = lambda lang, fn=fn: fn
    if args.torch and Path(args.torch).exists():
        torch_fn = torch_predictor(args.torch, args.model)
        # a checkpoint rebuilt by `reqtag recover` is not the one the shipped model was exported from: say so
        recovered = "recovered_from" in json.loads((Path(args.torch) / "train_info.json").read_text())
        out["reqtag torch fp32" + (" (read back from int8)" if recovered else "")] = lambda lang: torch_fn
    from reqtag import Tagger

    shipped = Tagger.load(args.model)
    if shipped.languages:  # every posting through the main model: what routing changes, set by set
        alone = shipped.main_only()
        out["reqtag ONNX int8, main model alone"] = lambda lang: alone.tag_batch
    out["reqtag ONNX int8 (shipped)"] = lambda lang: shipped.tag_batch
    return out


def refit_languages(model_dir: str) -> dict[str, str]:
    """Language → the directory of the shipped network that tags it, for the networks that are final fits
    (they learnt the dev postings); "en" and "fr" for the main model, unless a language is routed."""
    from reqtag.inference import model_dir as md

    shipped, name = md.read(model_dir), Path(model_dir).name
    out = {lang: f"{name}/{lang}" for lang, sub in shipped.languages.items() if sub.config.refit}
    if shipped.config.refit:
        out |= {lang: name for lang in ("en", "fr", "es") if lang not in shipped.languages}
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
    ap.add_argument("--gold", nargs="+", default=GOLD["en"], help="English gold (sets test, v1-test, seeds, dev)")
    ap.add_argument("--gold-fr", nargs="+", default=GOLD["fr"], help="French gold (test-fr, dev-fr)")
    ap.add_argument("--gold-es", nargs="+", default=GOLD["es"], help="Spanish gold (test-es, dev-es)")
    ap.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS), help="evaluation sets to score")
    ap.add_argument("--limit", type=int, help="score only the first N postings of each set (a smoke test: no card)")
    ap.add_argument("--model", default=str(ROOT / "models" / "reqtag-default"))
    ap.add_argument("--torch", default=str(ROOT / "runs" / "v34-minilm" / "torch"))
    ap.add_argument("--spacy", default=str(ROOT / "runs" / "spacy-ner-v2" / "model-best"))
    ap.add_argument("--previous", nargs="*", default=[f"v1={ROOT / 'runs' / 'v1-model'}",
                                                      f"v2={ROOT / 'runs' / 'v2-minilm' / 'model'}",
                                                      f"v2.7={ROOT / 'runs' / 'v27-minilm' / 'model'}",
                                                      f"v2.8={ROOT / 'runs' / 'v28-minilm' / 'model'}",
                                                      f"v3.2={ROOT / 'runs' / 'v32-minilm' / 'model'}",
                                                      f"stop-35-es={ROOT / 'runs' / 'stop35' / 'model'}",
                                                      f"stop-76={ROOT / 'runs' / 'stop76' / 'model'}"],
                    help="earlier shipped models as NAME=DIR (python evaluation/previous_models.py restores them)")
    ap.add_argument("--candidates", nargs="*", default=[],
                    help="candidates `reqtag promote` refused, as NAME=DIR (every set)")
    ap.add_argument("--out", default=str(ROOT / "evaluation" / "reports"))
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--no-card", action="store_true", help="do not rewrite the shipped model's card")
    args = ap.parse_args()

    from reqtag.annotations import formats
    from reqtag.evaluation.harness import evaluate, write_report
    from reqtag.schema import LABELS

    t0 = time.time()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    wanted = [name for name in SETS if name in args.sets]
    langs = {SETS[name][0] for name in wanted}
    sources = {"en": args.gold, "fr": args.gold_fr, "es": args.gold_es}
    by_lang = {lang: formats.load(sources[lang]) for lang in langs}
    fns = systems(args, english="en" in langs)
    summary: dict[str, dict] = {}
    written: set[str] = set()
    table = json.loads((ROOT / "annotations" / "splits.json").read_text())
    listed = listed_ids(table)
    for split in wanted:
        lang = SETS[split][0]
        gold = set_records(split, by_lang, listed, args.limit)
        if not gold:
            continue
        for name, make in fns.items():
            if lang != "en" and name in ENGLISH_ONLY:
                continue
            res = evaluate(gold, make(lang), LABELS, bootstrap=args.bootstrap)
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            write_report(res, gold, args.out, f"{split}-{slug}", f"{name} on {split} ({len(gold)} postings)",
                         errors_dir=Path(args.out) / "errors")
            summary.setdefault(split, {})[name] = res
            written.add(f"{split}-{slug}")
            print(f"{split:7s} {name:26s} strict micro F1 {res['strict']['micro']['f1']:.4f}", flush=True)
    if args.limit is None:
        remove_stale_reports(Path(args.out), set(summary), written)
    lines = ["# Scoreboard", "",
             f"Regenerate: `python evaluation/scoreboard.py` (this run: {time.strftime('%Y-%m-%d')}, "
             f"{time.time() - t0:.0f} s). Strict span match (same start, end, label); 95% CI by bootstrap over "
             "postings. Per-system reports: `<set>-<system>.md` / `.json` here; the error lists with context "
             "(markdown and HTML with the spans highlighted) are written to `errors/`, which git ignores because they "
             "quote the postings.", "",
             "Systems: **rules** — the rule-based pre-annotator (`reqtag.annotations.rules`: English, spaCy Matcher + "
             "pycountry; French and Spanish, driven by the data tables `reqtag/data/*.toml`), run with the rules of "
             "the set's language; **spaCy CNN NER** — spaCy's own tok2vec+ner trained on the same English train split "
             "(`python evaluation/train_spacy_baseline.py`); **reqtag torch fp32** — the fine-tuned checkpoint of "
             "the shipped main model (`--torch`), or *(read back from int8)* where only `reqtag recover` could rebuild it; "
             "**(previous, int8)** rows — previously shipped models given with `--previous NAME=DIR`, run with "
             "today's rules (`python evaluation/previous_models.py` restores them from git history into runs/; a model "
             "whose directory is missing is left out); "
             "**(candidate, refused)** rows, when given with `--candidates`, are models `reqtag promote` refused; "
             "**reqtag ONNX int8 (shipped)** — the shipped model (`models/reqtag-default`), each posting tagged by the "
             "model of its detected language (the per-language models its card lists, for their languages; every other "
             "posting: the main model); **reqtag ONNX int8, main model alone** — every posting through the shipped main model, "
             "so that row and the shipped one differ only on the routed language's sets.", "",
             "Scores are per language: each set holds postings of one language and is scored on them alone. "
             "Sets: **test** — the frozen v2 test split (English); **v1-test** — v1's 78 test postings "
             "(inside v2 test, corrected by the v2 audit), so old and new scores compare on the same postings; "
             "**test-fr** / **test-es** — the French (written) and Spanish (EURES) test splits "
             "(`annotations/fr`, `annotations/es`); **v2-test-es** — the 45 Spanish test postings of the v2 freeze, "
             "before test grew (`test_grown` in splits.json), so earlier Spanish scores compare on the same postings; "
             "**grown-test-es** — the Spanish test postings added since (es9, es14), all annotated blind to every "
             "tagger, where the first 45 began as rule drafts; **seeds**, **dev**, **dev-fr**, **dev-es**. spaCy CNN NER, "
             "reqtag v1 and v2 are English-only models and are not run on the French and Spanish sets.", ""]
    studies = [(language, ROOT / "evaluation" / "agreement" / sub / "agreement.json", flag)
               for language, sub, flag in (("English", "", ""), ("Spanish", "es", " --study es"))]
    rows, ceiling = [], []
    for language, agreement, flag in studies:
        if not agreement.is_file():
            continue
        ag = json.loads(agreement.read_text())
        st = ag["strict"]
        rest = st.get("micro_without_competency")
        rows.append(f"| {language} (`python evaluation/agreement.py{flag}`, {ag['postings']} postings) | "
                    + " | ".join(f"{st[lb]['f1']:.3f}" for lb in LABELS)
                    + f" | **{st['micro']['f1']:.3f}** ({st['micro']['f1_ci95'][0]:.3f}–{st['micro']['f1_ci95'][1]:.3f}) | "
                    + (f"{rest['f1']:.3f} ({rest['f1_ci95'][0]:.3f}–{rest['f1_ci95'][1]:.3f}) |" if rest else "– |"))
    if rows:
        ceiling = ["Annotator agreement — the ceiling (postings annotated twice, independently; strict F1 between the "
                  "two passes; evaluation/agreement/):", "",
                  "| annotator agreement | " + " | ".join(LABELS) + " | micro F1 (95% CI) | micro F1 without "
                  "COMPETENCY (95% CI) |", "|---" * (len(LABELS) + 3) + "|", *rows, ""]
        lines += ceiling
    learnt = refit_languages(args.model)
    for split, by_sys in summary.items():
        n = next(iter(by_sys.values()))["postings"]
        lines += [f"## {split} ({n} postings)", ""]
        if SETS[split][1] == "dev" and SETS[split][0] in learnt:
            lines += [f"The shipped network that tags these postings ({learnt[SETS[split][0]]}) is a final fit that "
                      "learnt them (`refit` in its training config): its rows here are in-sample, not accuracy.", ""]
        lines += [
                  "| system | " + " | ".join(LABELS) + " | micro F1 (95% CI) | macro F1 | micro F1 without "
                  "COMPETENCY (95% CI) |",
                  "|---" * (len(LABELS) + 4) + "|"]
        for name, res in by_sys.items():
            st = res["strict"]
            ci = st["micro"].get("f1_ci95", [0, 0])
            rest = st["micro_without_competency"]
            ci_rest = rest.get("f1_ci95", [0, 0])
            lines.append(f"| {name} | " + " | ".join(f"{st[lb]['f1']:.3f}" for lb in LABELS)
                         + f" | **{st['micro']['f1']:.3f}** ({ci[0]:.3f}–{ci[1]:.3f}) | {st['macro']['f1']:.3f} "
                         f"| {rest['f1']:.3f} ({ci_rest[0]:.3f}–{ci_rest[1]:.3f}) |")
        lines.append("")
    if args.limit is None:
        lines += linking_lines()
    Path(args.out, "README.md").write_text("\n".join(lines), encoding="utf-8")
    if args.no_card or args.limit is not None:
        print("model card not written (--no-card or --limit)")
    else:
        # The shipped model's card shows the same comparison (the test sets of every language, the ceiling).
        from reqtag.evaluation.card import write_card
        from reqtag.inference import model_dir as md

        write_card(md.read(args.model), comparison=card_block(lines, ceiling))
    Path(args.out, "scoreboard.json").write_text(json.dumps(
        {s: {k: {m: v[m] for m in ("strict", "exact", "partial", "type")} for k, v in d.items()}
         for s, d in summary.items()}, indent=1), encoding="utf-8")


def remove_stale_reports(out: Path, scored: set[str], written: set[str]) -> list[Path]:
    """Delete the per-system reports of the sets scored in this run that this run did not write (a system no
    longer given, e.g. a refused candidate or a checkpoint that is gone), so that the folder shows one board."""
    by_length = sorted(SETS, key=len, reverse=True)  # "test-es-…" belongs to test-es, not to test
    removed = []
    for path in sorted(out.glob("*.md")) + sorted(out.glob("*.json")):
        owner = next((name for name in by_length if path.stem.startswith(name + "-")), None)
        if owner in scored and path.stem not in written:
            path.unlink()
            removed.append(path)
    return removed


def linking_lines(resamples: int = 1000) -> list[str]:
    """The linking figures beside the tagging ones: ESCO as the shipped linker's linker.json records them
    (computed by evaluation/linking/evaluate.py), ISCED-F computed here on the hand-checked test spans."""
    sys.path.insert(0, str(ROOT / "evaluation" / "linking"))
    import evaluate_isced

    from reqtag.linking import FieldLinker
    from reqtag.linking.index import read_linker
    from reqtag.linking.linker import default_linker_path

    cfg = read_linker(default_linker_path())
    ev = cfg.scores["evaluation"]
    rows = ["## Linking (test parts of the hand-checked linking gold)", "",
            f"ESCO skills ({cfg.version}), COMPETENCY spans, as `python evaluation/linking/evaluate.py` recorded them in "
            "the shipped linker's linker.json (details: evaluation/linking/report.md):", "",
            "| linker | spans (linkable) | top-1 | top-5 | no-match precision | no-match recall | adds to tagging time |",
            "|---|---|---|---|---|---|---|"]
    for name in ("linker", "tfidf"):
        t = ev["spans"][name]["test"]
        nm = t["with_threshold"]["no_match"]
        added = f"{ev['speed']['added'] * 100:.0f} %" if name == "linker" else "–"
        rows.append(f"| {'reqtag ESCO linker (shipped)' if name == 'linker' else 'TF-IDF char n-grams'} | "
                    f"{t['ranking']['spans']} ({t['ranking']['linkable']}) | {t['ranking']['top1']:.3f} | "
                    f"{t['ranking']['top5']:.3f} | {nm['precision']:.3f} | {nm['recall']:.3f} | {added} |")
    gold = [g for g in evaluate_isced.gold_spans() if g.split == "test"]
    codes = [m.code if m else None for m in FieldLinker.load().link_fields([g.text for g in gold], lang="en")]
    sc = evaluate_isced.score(codes, gold, resamples)
    rows += ["", f"ISCED-F 2013 fields, FIELD spans, computed now by the shipped `FieldLinker` "
             f"(`python evaluation/linking/evaluate_isced.py` for the ablations): {sc['spans']} spans, detailed "
             f"**{sc['detailed']:.3f}** ({sc['detailed_ci95'][0]:.3f}–{sc['detailed_ci95'][1]:.3f}), narrow "
             f"**{sc['narrow']:.3f}** ({sc['narrow_ci95'][0]:.3f}–{sc['narrow_ci95'][1]:.3f}).", ""]
    return rows


def card_block(lines: list[str], ceiling: list[str]) -> str:
    """The card's comparison: the scoreboard's tables of CARD_SETS (headings one level down), the ceiling."""
    keep, block = False, []
    for line in lines:
        if line.startswith("## "):
            keep = line[3:].split(" (")[0] in CARD_SETS
        if keep:
            block.append(line.replace("## ", "### ", 1) if line.startswith("## ") else line)
    block += ceiling
    block.append("Scores are per language (each test set scored on its own postings). Regenerate with "
                 "`python evaluation/scoreboard.py` (full tables: evaluation/reports/README.md).")
    return "\n".join(block)


if __name__ == "__main__":
    main()
