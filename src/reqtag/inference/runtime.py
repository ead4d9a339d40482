"""The one place an onnxruntime InferenceSession is created: numpy in, numpy out, no torch."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from reqtag.errors import ModelError


def session(model_path: str | Path, threads: int | None = None, *, spin: bool = True):
    """The one way reqtag opens an ONNX model: CPU, sequential, fully optimised, quiet; ModelError when it
    cannot load. ``spin=False`` stops idle worker threads from spinning (for models run in short bursts
    beside another, such as the ESCO linker's encoder next to the tagger)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    # More threads than cores only costs memory and contention.
    opts.intra_op_num_threads = min(threads or os.cpu_count() or 1, os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    if not spin:
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
    except Exception as err:  # onnxruntime raises its own exception types
        raise ModelError(f"{model_path}: onnxruntime cannot load it ({str(err).splitlines()[0]})") from None


class OrtRunner:
    """One InferenceSession, reused; ``run(ids, mask) -> logits [B, L, C]``."""

    def __init__(self, model_path: str | Path, threads: int | None = None, n_classes: int | None = None):
        self.session = session(model_path, threads)
        self.inputs = [i.name for i in self.session.get_inputs()]
        unknown = set(self.inputs) - {"input_ids", "attention_mask", "token_type_ids"}
        if "input_ids" not in self.inputs or unknown:
            raise ModelError(f"{model_path}: unexpected ONNX inputs {self.inputs}")
        out = self.session.get_outputs()[0]
        self.output = out.name
        # A static class dimension is checked here; a symbolic one on the first call (pipeline.py).
        dims = list(out.shape or [])
        if n_classes is not None and dims and isinstance(dims[-1], int) and dims[-1] != n_classes:
            raise ModelError(f"{model_path}: the network has {dims[-1]} output classes, the config's tags {n_classes}")

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        return self.session.run([self.output], {k: v for k, v in feed.items() if k in self.inputs})[0]
