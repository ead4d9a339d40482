"""A torch checkpoint rebuilt from an exported model directory, so that the shipped model can be trained further.

Checkpoints are never committed, so on a fresh clone the int8 ONNX file is the only copy of the shipped
weights; retraining on new annotations should start from them, not from the bare encoder. ``recover``
reads them back:

- fp32 initialisers as they are; int8/uint8 ones (``X_quantized`` with ``X_scale`` and ``X_zero_point``, the
  names onnxruntime's quantiser gives them) dequantised as (q − zero point) · scale, per output channel
  where the export quantised per channel;
- the optimiser's fused (Q)Attention nodes: their packed [hidden, 3·hidden] matrix split back into query,
  key and value;
- ONNX MatMul weights ([in, out]) transposed into torch Linear weights ([out, in]), named after the node
  that uses them (``/bert/encoder/layer.3/output/dense/MatMul`` → ``bert.encoder.layer.3.output.dense``).

A dequantised weight differs from the lost fp32 one by at most half a quantisation step; fine-tuning
starts from there. Only BERT-family exports (MiniLM, multilingual-e5) are understood.
"""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from reqtag.errors import InputError
from reqtag.inference import model_dir as md

_LAYER = re.compile(r"^/(bert/encoder/layer\.\d+/.+|classifier)/MatMul(?:_quant)?$")
_ATTENTION_LAYER = re.compile(r"/bert/encoder/layer\.(\d+)/")


def _initialisers(graph: Any) -> dict[str, np.ndarray]:
    from onnx import numpy_helper

    return {t.name: numpy_helper.to_array(t) for t in graph.initializer}


def _weight(init: dict[str, np.ndarray], name: str) -> np.ndarray:
    """The fp32 value of initialiser ``name``, dequantised when it is a quantiser's ``*_quantized`` tensor."""
    if not name.endswith("_quantized"):
        return init[name].astype(np.float32)
    stem = name[: -len("_quantized")]
    q = init[name].astype(np.float32)
    scale = init[stem + "_scale"].astype(np.float32)
    zero = init[stem + "_zero_point"].astype(np.float32)
    return (q - zero) * scale  # per channel: scale and zero point broadcast over the last (output) axis


def _state_dict(graph: Any, hidden: int) -> dict[str, np.ndarray]:
    init = _initialisers(graph)
    state: dict[str, np.ndarray] = {}
    for name in init:  # torch-named tensors: biases, LayerNorms, embeddings (plain or quantised)
        plain = name[: -len("_quantized")] if name.endswith("_quantized") else name
        if plain.startswith(("bert.", "classifier.")) and not name.endswith(("_scale", "_zero_point")):
            state[plain] = _weight(init, name)
    for node in graph.node:
        weights = [i for i in node.input if i in init]
        if node.op_type in ("MatMul", "MatMulInteger") and (m := _LAYER.match(node.name)) and weights:
            state[m.group(1).replace("/", ".") + ".weight"] = _weight(init, weights[0]).T
        elif node.op_type in ("Attention", "QAttention"):
            layer = _ATTENTION_LAYER.search(node.output[0])
            if layer is None:
                raise InputError(f"attention node {node.name}: cannot tell its layer from {node.output[0]!r}")
            prefix = f"bert.encoder.layer.{layer.group(1)}.attention.self."
            qkv_w, qkv_b = _weight(init, node.input[1]), _weight(init, node.input[2])
            for k, part in enumerate(("query", "key", "value")):
                cols = slice(k * hidden, (k + 1) * hidden)
                state[prefix + part + ".weight"] = qkv_w[:, cols].T
                state[prefix + part + ".bias"] = qkv_b[cols]
    return state


def _bert_config(state: dict[str, np.ndarray], graph: Any, tags: tuple[str, ...]) -> Any:
    from onnx import helper
    from transformers import BertConfig

    layers = {int(m.group(1)) for k in state if (m := re.match(r"bert\.encoder\.layer\.(\d+)\.", k))}
    heads = next((helper.get_attribute_value(a) for n in graph.node if n.op_type in ("Attention", "QAttention")
                  for a in n.attribute if a.name == "num_heads"), None)
    eps = next((helper.get_attribute_value(a) for n in graph.node if "LayerNorm" in n.op_type
                for a in n.attribute if a.name == "epsilon"), 1e-12)
    words = state["bert.embeddings.word_embeddings.weight"]
    return BertConfig(
        vocab_size=words.shape[0], hidden_size=words.shape[1], num_hidden_layers=len(layers),
        num_attention_heads=heads or words.shape[1] // 64,
        intermediate_size=state["bert.encoder.layer.0.intermediate.dense.weight"].shape[0],
        max_position_embeddings=state["bert.embeddings.position_embeddings.weight"].shape[0],
        type_vocab_size=state["bert.embeddings.token_type_embeddings.weight"].shape[0],
        layer_norm_eps=float(eps), hidden_act="gelu", num_labels=len(tags), id2label=dict(enumerate(tags)),
        label2id={t: i for i, t in enumerate(tags)}, architectures=["BertForTokenClassification"])


def recover(model_dir: str | Path, out: str | Path, *, log: Callable[[str], None] | None = None) -> Path:
    """Write a ``reqtag train`` checkpoint (config.json, model.safetensors, tokenizer.json, train_info.json)
    rebuilt from the weights of the exported model directory ``model_dir``; return ``out``.

    Usable as a training config's ``init_from`` or ``teacher``. Before writing, the rebuilt network is run
    beside the ONNX model on a probe window, and the agreement of their token argmax is logged.
    """
    import onnx
    import torch
    from transformers import BertForTokenClassification

    from reqtag.training.export import check_out

    log = log or (lambda _line: None)
    mdir = md.read(model_dir)
    check_out(Path(out), Path(model_dir), "recover")  # before anything is written into the model it reads
    config = mdir.config
    graph = onnx.load(str(mdir.file(config.onnx.file))).graph
    hidden = int(config.encoder.get("hidden") or 0)
    if not hidden:
        raise InputError(f"{model_dir}: reqtag.json names no encoder width (encoder.hidden)")
    state = _state_dict(graph, hidden)
    if "bert.embeddings.word_embeddings.weight" not in state:
        raise InputError(f"{model_dir}: not a BERT-family export (no bert.embeddings weights); cannot recover it")
    model = BertForTokenClassification(_bert_config(state, graph, config.tags))
    expected = {k for k in model.state_dict() if not k.endswith("position_ids")}
    missing, extra = sorted(expected - set(state)), sorted(set(state) - expected)
    if missing or extra:
        raise InputError(f"{model_dir}: cannot map the ONNX weights onto BERT: missing {missing[:5]}, "
                         f"unknown {extra[:5]}")
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=False)
    model.eval()
    agreement = _probe_agreement(model, mdir)
    log(f"recovered {len(state)} tensors from {mdir.path}; token argmax agrees with the ONNX model on "
        f"{agreement:.1%} of a probe window")
    if config.languages:  # said, or the per-language models would seem recovered too
        log(f"only the main model: its per-language models are not recovered; recover each on its own "
            f"({', '.join(f'{mdir.path / sub}' for sub in config.languages.values())})")

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    shutil.copy(mdir.file("tokenizer.json"), out / "tokenizer.json")
    training = dict(config.training or {})
    train_config = dict(training.get("config") or {})
    train_config["max_length"] = config.max_length
    onnx_sha = config.files.get(config.onnx.file, {}).get("sha256")
    info: dict[str, Any] = {
            "labels": list(config.labels), "config": train_config, "base": str(train_config.get("base") or "minilm"),
            "recovered_from": {"model": str(mdir.path), "onnx_sha256": onnx_sha,
                               "probe_argmax_agreement": round(agreement, 4)},
            **{k: training[k] for k in ("data", "history", "best_epoch", "best_dev_f1") if k in training}}
    (out / "train_info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return out


def _probe_agreement(model: Any, mdir: md.ModelDir) -> float:
    """Share of tokens where the rebuilt network and the ONNX model pick the same tag, on one window of
    varied text (int8 activations make a few differ)."""
    import torch

    from reqtag.inference.encoding import load_tokenizer
    from reqtag.inference.runtime import OrtRunner

    tokenizer = load_tokenizer(mdir.file("tokenizer.json"))
    probe = ("Requirements: a Master's degree in economics or a Bachelor's with five years of experience; "
             "fluent English and French (C1); PMP certification is an asset. Licence en droit, 3 ans "
             "d'expérience. Grado en Enfermería, permiso de conducir B, inglés B2.")
    ids = np.array([tokenizer.encode(probe).ids[: mdir.config.max_length]], dtype=np.int64)
    mask = np.ones_like(ids)
    onnx_logits = OrtRunner(mdir.file(mdir.config.onnx.file), n_classes=len(mdir.config.tags)).run(ids, mask)
    with torch.no_grad():
        torch_logits = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.numpy()
    return float((np.asarray(onnx_logits).argmax(-1) == torch_logits.argmax(-1)).mean())
