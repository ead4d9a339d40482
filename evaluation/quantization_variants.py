"""Which int8 quantisation keeps the model's accuracy? Dev strict F1, size and speed per variant.

    python evaluation/quantization_variants.py --torch runs/default/torch
    python evaluation/quantization_variants.py --torch runs/v28-minilm/torch --gold annotations/ \
        --decoding models/reqtag-default      # per posting language, with the shipped model's decoding

Exports the checkpoint once (legacy exporter + onnxruntime BERT optimiser), quantises it with each named
recipe of reqtag.training.quantize (what `reqtag export` writes), several other ways with onnxruntime's
quantize_dynamic, and once with quantize_static (QDQ, activation scales
calibrated on the first 256 pieces of 150 train postings: batch-invariant by construction), scores each
on the dev split through the inference pipeline (one window per call, no thresholds) and times them
interleaved on random windows of 256.
(When the shipped variant was chosen, dev was scored in batches of 8 windows across postings.)
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--torch", default=str(ROOT / "runs" / "default" / "torch"))
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "annotations" / "gold"), str(ROOT / "annotations" / "written")])
    ap.add_argument("--decoding", help="a model directory whose decoding (thresholds, rules) every variant uses; "
                                       "default: Viterbi alone")
    args = ap.parse_args()

    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )
    from transformers import AutoModelForTokenClassification

    from reqtag.annotations import formats
    from reqtag.evaluation.scoring import score
    from reqtag.inference import model_dir as md
    from reqtag.inference.config import ModelConfig, OnnxSpec
    from reqtag.inference.encoding import load_tokenizer
    from reqtag.inference.pipeline import posting_language
    from reqtag.inference.runtime import OrtRunner
    from reqtag.inference.tagger import Tagger
    from reqtag.training.export import _onnx_export, _optimise
    from reqtag.training.quantize import DEFAULT, quantise

    tdir = Path(args.torch)
    info = json.loads((tdir / "train_info.json").read_text())
    model = AutoModelForTokenClassification.from_pretrained(tdir, attn_implementation="eager").eval()
    records = formats.load(args.gold)
    dev = [r for r in records if r.split == "dev"]
    train = [r for r in records if r.split == "train"]
    if not dev or not train:
        raise SystemExit(f"{' '.join(args.gold)}: the static variant is calibrated on train postings and every "
                         "variant is scored on dev postings; give gold with both")
    tok = load_tokenizer(tdir / "tokenizer.json")
    tmp = Path(tempfile.mkdtemp())
    _onnx_export(model, tmp / "raw.onnx")
    _optimise(tmp / "raw.onnx", tmp / "fp32.onnx", model.config.num_attention_heads, model.config.hidden_size)
    nodes = [n.name for n in onnx.load(str(tmp / "fp32.onnx")).graph.node if n.op_type in ("MatMul", "Attention")]
    layer0 = [n for n in nodes if "layer.0/" in n or n == "Attention_0"]
    last = model.config.num_hidden_layers - 1
    layer_last = [n for n in nodes if f"layer.{last}/" in n or n == f"Attention_{last}"]
    head = [n for n in nodes if n.startswith("/classifier")]
    s8, u8 = QuantType.QInt8, QuantType.QUInt8
    # The named recipes go through reqtag.training.quantize, the code `reqtag export` runs, so their rows
    # are what ships; the other variants are explorations that only this script makes.
    recipes = {f"{what} (recipe {r}{', the default' if r == DEFAULT else ''})": r
               for what, r in (("int8 s8, per channel", "int8"), ("+ reduce_range", "int8-rr"),
                               ("+ layer 0 fp32 + reduce_range", "int8-rr-l0"))}
    variants = {
        "+ layer 0 fp32": dict(weight_type=s8, nodes_to_exclude=layer0),
        "u8 weights, per channel": dict(weight_type=u8),
        "classifier head fp32": dict(weight_type=s8, nodes_to_exclude=head),
        f"+ layer {last} fp32 + reduce_range": dict(weight_type=s8, reduce_range=True, nodes_to_exclude=layer_last),
        f"+ layers 0 and {last} fp32 + reduce_range": dict(weight_type=s8, reduce_range=True,
                                                        nodes_to_exclude=layer0 + layer_last),
    }
    paths = {"fp32, optimised": tmp / "fp32.onnx"}
    for i, (name, recipe) in enumerate(recipes.items()):
        paths[name] = tmp / f"r{i}.onnx"
        quantise(tmp / "fp32.onnx", paths[name], recipe)
    for i, (name, kw) in enumerate(variants.items()):
        paths[name] = tmp / f"v{i}.onnx"
        quantize_dynamic(str(tmp / "fp32.onnx"), str(paths[name]), per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT}, **kw)
    # Static int8 fixes every activation scale in advance, so no window can change another's. Only
    # MatMul: the optimiser's fused Attention op has no QDQ form, and the QOperator form fails in
    # onnxruntime's MatMul quantiser on this graph.
    pick = np.random.default_rng(0).choice(len(train), min(150, len(train)), replace=False)
    calib = [np.array([tok.encode(train[i].text).ids[:256]], dtype=np.int64) for i in pick]

    class _Windows(CalibrationDataReader):
        def __init__(self):
            self._it = iter(calib)

        def get_next(self):
            w = next(self._it, None)
            return None if w is None else {"input_ids": w, "attention_mask": np.ones_like(w)}

    static = "static QDQ, MatMul only, + layer 0 fp32 + reduce_range"
    paths[static] = tmp / "static.onnx"
    quantize_static(str(tmp / "fp32.onnx"), str(paths[static]), _Windows(), quant_format=QuantFormat.QDQ,
                    op_types_to_quantize=["MatMul"], per_channel=True, reduce_range=True,
                    activation_type=QuantType.QUInt8, weight_type=s8, nodes_to_exclude=layer0,
                    extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    runners = {name: OrtRunner(p).run for name, p in paths.items()}
    ids = np.random.default_rng(0).integers(1000, 20000, (8, 256)).astype(np.int64)
    mask = np.ones_like(ids)
    secs = {name: 0.0 for name in runners}
    for _ in range(4):
        for name, run in runners.items():
            t0 = time.perf_counter()
            run(ids, mask)
            run(ids, mask)
            secs[name] += time.perf_counter() - t0
    langs = [posting_language(r.text) for r in dev]
    groups = {"all": list(range(len(dev)))}  # and each posting language, when there are several
    if len(set(langs)) > 1:
        groups |= {lang: [i for i, x in enumerate(langs) if x == lang] for lang in sorted(set(langs))}
    decoding = md.read(args.decoding).config.decoding if args.decoding else None
    heads = " | ".join(f"dev {g} ({len(ix)})" for g, ix in groups.items())
    print(f"| ONNX variant | {heads} | size MB | tokens/s |\n|---|{'---|' * len(groups)}---|---|")
    gold = [[s for s in r.spans if s.label in info["labels"]] for r in dev]
    for name, run in runners.items():
        cfg = ModelConfig(labels=tuple(info["labels"]), max_length=info["config"]["max_length"],
                          onnx=OnnxSpec(dynamic_quantization=name not in ("fp32, optimised", static)))
        if decoding is not None:
            cfg = cfg.with_(decoding=decoding)
        preds = Tagger.from_runner(run, tok, cfg).tag_batch([r.text for r in dev])
        f1s = " | ".join(f"{score([gold[i] for i in ix], [preds[i] for i in ix], info['labels']).micro.f1:.4f}"
                         for ix in groups.values())
        print(f"| {name} | {f1s} | {paths[name].stat().st_size / 1e6:.1f} | {8 * 256 * 8 / secs[name]:.0f} |", flush=True)


if __name__ == "__main__":
    main()
