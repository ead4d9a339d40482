"""Contrastive fine-tuning of all-MiniLM-L6-v2 for ESCO linking (optional; train extra).

Pairs: (ESCO alternative label → its preferred label) and (SkillSkape TRAIN sentence → the preferred
label of each skill it asks for); loss: in-batch negatives (multiple-negatives ranking, scale 20)
over mean-pooled, normalised embeddings. Writes a transformers directory usable as
``build_linker.py --base``. Judge it on dev only (build_linker prints the dev grid).

    python evaluation/linking/finetune.py --out runs/esco-ft [--pairs 12000 --batch 32 --epochs 1]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkdata as ld  # noqa: E402


def pairs(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    esco = [(a, c.label) for c in ld.concepts() for a in c.labels[1:]]
    by_uri = {c.uri: c.label for c in ld.concepts()}
    sk = [(s, by_uri[u]) for s, g in ld.skillskape("train") for u in sorted(g)]
    rng.shuffle(esco)
    rng.shuffle(sk)
    half = n // 2
    out = esco[:half] + sk[: n - half]
    rng.shuffle(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=12000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()

    import torch
    from transformers import AutoModel, AutoTokenizer

    from reqtag.linking.build import base_encoder_path

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    base = base_encoder_path()
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base).train()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    data = pairs(args.pairs, args.seed)
    steps = args.epochs * (len(data) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)))

    def embed(texts):
        enc = tok(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
        h = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).float()
        return torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=1)

    t0, step, losses = time.time(), 0, []
    for _ in range(args.epochs):
        for b in range(0, len(data) - args.batch + 1, args.batch):
            batch = data[b: b + args.batch]
            # duplicate positives in one batch would be false negatives: keep each positive once
            batch = list({y: (x, y) for x, y in reversed(batch)}.values())
            a, p = embed([x for x, _ in batch]), embed([y for _, y in batch])
            loss = torch.nn.functional.cross_entropy(20.0 * a @ p.T, torch.arange(len(batch)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            losses.append(loss.item())
            if step % 50 == 0:
                print(f"step {step}/{steps} loss {sum(losses[-50:]) / 50:.4f} {time.time() - t0:.0f} s", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.out, safe_serialization=True)
    tok.save_pretrained(args.out)
    shutil.copy(base / "tokenizer.json", args.out / "tokenizer.json")
    (args.out / "finetune.json").write_text(json.dumps({**{k: str(v) for k, v in vars(args).items()},
                                                        "steps": step, "duration_s": round(time.time() - t0),
                                                        "final_loss": round(sum(losses[-50:]) / min(50, len(losses)), 4)},
                                                       indent=1))
    print(f"saved {args.out} after {step} steps in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
