"""Contrastive fine-tuning of all-MiniLM-L6-v2 for ESCO linking (optional; train extra).

Pairs: (ESCO alternative label → its preferred label) and (SkillSkape TRAIN sentence → the preferred
label of each skill it asks for); loss: in-batch negatives (multiple-negatives ranking, scale 20)
over mean-pooled, normalised embeddings. Writes a transformers directory usable as
``build_linker.py --base``. Judge it on dev only (build_linker prints the dev grid).

``--hard-negatives`` adds one hard negative label per pair to the batch's candidates:

- ``mined``: an ESCO concept that a linker built from the base encoder (``--mine-with``; the
  shipped one is fine-tuned, so build one with ``build_linker.py --out runs/esco-linker-base``)
  ranks among the 10 nearest to the anchor, not one of the anchor's gold concepts and scoring below 0.95 × the
  positive's score (positive-aware mining, as in NV-Retriever, Moreira et al. 2024: the filter keeps
  near-synonyms, which ESCO has many of, from being trained apart);
- ``hierarchy``: a sibling of the positive concept, a skill under the same broader skill, from an
  ESCO ``broaderRelationsSkillPillar`` CSV (``--relations``; the official zip in ../shared lacks it).

    python evaluation/linking/finetune.py --out runs/esco-ft [--pairs 12000 --batch 32 --epochs 1]
    python evaluation/linking/finetune.py --out runs/esco-ft-hn --hard-negatives mined --mine-with runs/esco-linker-base
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkdata as ld  # noqa: E402

#: positive-aware mining: a candidate scoring above this share of the positive's score is left out
MAX_NEG_RATIO = 0.95
#: mined negatives are drawn from the nearest concepts of this depth
MINE_DEPTH = 10
HARD_NEGATIVES = ("mined", "hierarchy")
#: a hard negative concept: (URI, preferred label)
Negative = tuple[str, str]


@dataclass(frozen=True)
class Pair:
    """An anchor text, its positive (a preferred label), the positive's URI and every URI the anchor
    may link to (a SkillSkape sentence asks for several skills): those are never its negatives."""

    anchor: str
    positive: str
    uri: str
    gold: frozenset[str]
    source: str = ""


def pairs(n: int, seed: int) -> list[Pair]:
    rng = random.Random(seed)
    esco = [Pair(a, c.label, c.uri, frozenset([c.uri]), "esco") for c in ld.concepts() for a in c.labels[1:]]
    by_uri = {c.uri: c.label for c in ld.concepts()}
    sk = [Pair(s, by_uri[u], u, g, "skillskape") for s, g in ld.skillskape("train") for u in sorted(g)]
    rng.shuffle(esco)
    rng.shuffle(sk)
    half = n // 2
    out = esco[:half] + sk[: n - half]
    rng.shuffle(out)
    return out


def pick_mined(scores: np.ndarray, positive: int, gold: Sequence[int], rng: random.Random,
               depth: int = MINE_DEPTH, max_ratio: float = MAX_NEG_RATIO) -> int | None:
    """One hard negative concept id for an anchor from its scores over all concepts: drawn among the
    ``depth`` nearest concepts that are not gold and score below ``max_ratio`` × the positive's score;
    None when there is none."""
    ceiling = max_ratio * float(scores[positive])
    banned = set(gold) | {positive}
    pool: list[int] = []
    for c in np.argsort(-scores, kind="stable"):
        if int(c) not in banned and scores[c] < ceiling:
            pool.append(int(c))
        if len(pool) == depth:
            break
    return rng.choice(pool) if pool else None


def mining_linker(linker_dir: Path, threads: int | None = None):
    """The linker that mines negatives; one built from a fine-tuned encoder is refused (the negatives
    must come from the model being fine-tuned)."""
    from reqtag.linking.linker import Linker

    linker = Linker.load(linker_dir, threads=threads)
    if "fine-tuned" in linker.config.encoder.get("base", ""):
        raise SystemExit(f"{linker_dir}: its encoder is fine-tuned ({linker.config.encoder['base']}); pass "
                         f"--mine-with a linker of the base encoder (build_linker.py --out runs/esco-linker-base)")
    return linker


def mined_negatives(data: Sequence[Pair], linker, seed: int,
                    log: Callable[[str], None] = print) -> list[Negative | None]:
    """A mined hard negative per pair with ``linker`` (a reqtag Linker); see ``pick_mined``."""
    row = {u: i for i, u in enumerate(linker.index.uris)}
    rng = random.Random(seed)
    anchors = sorted({p.anchor for p in data})
    t0 = time.time()
    vecs = linker.embed(anchors)
    at = {a: i for i, a in enumerate(anchors)}
    log(f"mining: {len(anchors)} anchors embedded in {time.time() - t0:.0f} s")
    out: list[Negative | None] = []
    for b in range(0, len(data), 512):
        chunk = data[b: b + 512]
        scores = linker.index.scores(vecs[[at[p.anchor] for p in chunk]])
        for p, s in zip(chunk, scores, strict=True):
            c = pick_mined(s, row[p.uri], [row[u] for u in p.gold], rng)
            out.append(None if c is None else (linker.index.uris[c], linker.index.labels[c]))
    return out


def read_relations(path: Path) -> dict[str, set[str]]:
    """broader URI → its narrower skills, from a broaderRelationsSkillPillar CSV (or the ESCO zip
    holding one); ``conceptUri``/``broaderUri`` columns."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if "broaderRelationsSkillPillar" in n.rsplit("/", 1)[-1]]
            if not names:
                raise SystemExit(f"{path}: no broaderRelationsSkillPillar CSV inside (pass --relations CSV)")
            text = z.read(names[0]).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    children: dict[str, set[str]] = defaultdict(set)
    for line, r in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        child, parent = (r.get("conceptUri") or "").strip(), (r.get("broaderUri") or "").strip()
        if not child or not parent:
            raise SystemExit(f"{path}:{line}: no conceptUri or broaderUri")
        children[parent].add(child)
    return children


def sibling_negatives(data: Sequence[Pair], children: dict[str, set[str]], labels: dict[str, str],
                      seed: int) -> list[Negative | None]:
    """A sibling of each pair's positive (same broader skill, not gold, a concept of ``labels``: URI →
    preferred label) as its hard negative; None for a concept without siblings."""
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, kids in children.items():
        for k in kids:
            parents[k].append(parent)
    rng = random.Random(seed)
    out: list[Negative | None] = []
    for p in data:
        sibs = sorted({s for par in parents.get(p.uri, []) for s in children[par]} - p.gold - {p.uri})
        sibs = [s for s in sibs if s in labels]
        pick = rng.choice(sibs) if sibs else None
        out.append(None if pick is None else (pick, labels[pick]))
    return out


def batch_candidates(batch: Sequence[Pair], negatives: Sequence[Negative | None]) -> tuple[list[Pair], list[str]]:
    """The batch's pairs, each positive once (a duplicate positive would be a false negative), and
    its extra candidates: the hard negatives' labels, each once, leaving out any concept that some
    anchor of the batch may link to and any label that is a positive of the batch."""
    kept: dict[str, tuple[Pair, Negative | None]] = {}
    for p, n in reversed(list(zip(batch, negatives, strict=True))):
        kept[p.positive] = (p, n)
    rows = list(kept.values())
    positives = {p.positive for p, _ in rows}
    gold = {u for p, _ in rows for u in p.gold}
    extra: list[str] = []
    for _, n in rows:
        if n is not None and n[0] not in gold and n[1] not in positives and n[1] not in extra:
            extra.append(n[1])
    return [p for p, _ in rows], extra


def train(base: Path, data: Sequence[Pair], out: Path, *, negatives: Sequence[Negative | None] | None = None,
          batch: int = 32, epochs: int = 1, lr: float = 2e-5, threads: int = 1, seed: int = 13,
          max_length: int = 64, log: Callable[[str], None] = print) -> dict:
    """Fine-tune ``base`` on ``data`` (multiple-negatives ranking loss, scale 20, in-batch negatives
    plus ``negatives``, one per pair or None) and save it to ``out``; returns the run's figures."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base).train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    negs: list[Negative | None] = list(negatives) if negatives is not None else [None] * len(data)
    steps = epochs * (len(data) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)))

    def embed(texts):
        enc = tok(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        h = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).float()
        return torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=1)

    t0, step, losses, n_neg = time.time(), 0, [], 0
    for _ in range(epochs):
        for b in range(0, len(data) - batch + 1, batch):
            rows, extra = batch_candidates(data[b: b + batch], negs[b: b + batch])
            n_neg += len(extra)
            a = embed([p.anchor for p in rows])
            c = embed([p.positive for p in rows] + extra)
            loss = torch.nn.functional.cross_entropy(20.0 * a @ c.T, torch.arange(len(rows)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            losses.append(loss.item())
            if step % 50 == 0:
                log(f"step {step}/{steps} loss {sum(losses[-50:]) / 50:.4f} {time.time() - t0:.0f} s")
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    return {"steps": step, "duration_s": round(time.time() - t0), "hard_negatives_used": n_neg,
            "final_loss": round(sum(losses[-50:]) / max(1, min(50, len(losses))), 4)}


def _rel(v) -> str:
    """An argument as recorded: a path inside the project relative to its root (no machine paths)."""
    if isinstance(v, Path) and v.resolve().is_relative_to(ld.ROOT):
        return str(v.resolve().relative_to(ld.ROOT))
    return str(v)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=12000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--hard-negatives", choices=HARD_NEGATIVES,
                    help="add one hard negative per pair: mined with the base linker, or an ESCO sibling")
    ap.add_argument("--mine-with", type=Path,
                    help="for --hard-negatives mined: a linker directory built from the base encoder "
                         "(build_linker.py --out runs/esco-linker-base)")
    ap.add_argument("--relations", type=Path,
                    help="ESCO broaderRelationsSkillPillar CSV (or a zip holding one) for --hard-negatives hierarchy")
    args = ap.parse_args()

    from reqtag.linking.build import base_encoder_path

    t0 = time.time()
    data = pairs(args.pairs, args.seed)
    negatives = None
    mined_with = {}
    if args.hard_negatives == "mined":
        if args.mine_with is None:
            raise SystemExit("--hard-negatives mined needs --mine-with LINKER_DIR (a linker of the base encoder)")
        linker = mining_linker(args.mine_with, args.threads)
        negatives = mined_negatives(data, linker, args.seed)
        mined_with = {"mine_with_encoder_sha256": linker.config.files["encoder.onnx"]["sha256"]}
    elif args.hard_negatives == "hierarchy":
        from reqtag.linking.esco import default_zip

        children = read_relations(args.relations or default_zip())
        negatives = sibling_negatives(data, children, {c.uri: c.label for c in ld.concepts()}, args.seed)
    if negatives is not None:
        print(f"hard negatives: {sum(n is not None for n in negatives)} of {len(data)} pairs "
              f"({time.time() - t0:.0f} s)", flush=True)
    mining_s = round(time.time() - t0)
    run = train(base_encoder_path(), data, args.out, negatives=negatives, batch=args.batch, epochs=args.epochs,
                lr=args.lr, threads=args.threads, seed=args.seed, log=lambda s: print(s, flush=True))
    (args.out / "finetune.json").write_text(json.dumps(
        {**{k: _rel(v) for k, v in vars(args).items()}, **mined_with, **run, "mining_s": mining_s,
         "command": "python evaluation/linking/finetune.py " + " ".join(sys.argv[1:]),
         "data": {"pairs": len(data), "esco": sum(p.source == "esco" for p in data),
                  "skillskape": sum(p.source == "skillskape" for p in data),
                  "sources": "ESCO v1.1.1 skills_en.csv (alternative label -> preferred label); "
                             "SkillSkape train.csv (sentence -> preferred label of each of its skills)"}},
        indent=1))
    print(f"saved {args.out} after {run['steps']} steps in {run['duration_s']} s")


if __name__ == "__main__":
    main()
