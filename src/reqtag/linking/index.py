"""The linker directory on disk and the concept index in memory.

A linker directory holds ``linker.json`` (this module's ``LinkerConfig``: version, settings, scores
and the sha256 and size of every other file), ``encoder.onnx``, ``tokenizer.json``, ``index.npz``
(quantised vectors; ``owner`` maps label rows to concepts) and ``concepts.json`` (URI, preferred
label, skill type per concept), and optionally ``search.onnx``: the same 4-bit vectors as one
onnxruntime ``MatMulNBits`` node, which scores a posting's queries in a third of numpy's time.
A linker may hold, in the subdirectory its ``multilingual`` names, a second linker directory whose
encoder reads other languages than the labels' (French and Spanish mentions against English labels);
the parent's ``linker.json`` records that directory's ``linker.json`` checksum, which records the rest.
``read_linker`` verifies it all before anything is loaded and raises a one-line ``ModelError`` naming
the file.
"""
from __future__ import annotations

import json
import os
import zipfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from reqtag.errors import ModelError
from reqtag.inference.model_dir import checksums, load_config, verify_files, write_config

LINKER_CONFIG = "linker.json"
FORMAT = "reqtag-linker"
FORMAT_VERSION = 1
FILES = ("encoder.onnx", "tokenizer.json", "index.npz", "concepts.json")
#: the index as an onnxruntime graph (``reqtag.linking.build.add_search_graph``); numpy searches without it
SEARCH_GRAPH = "search.onnx"
#: every concept's alternative labels (gzip'd JSON, in index order), the lexical evidence a link must
#: have (reqtag.linking.lexical); a linker directory without it links on the embedding alone
LABELS = "labels.json.gz"
OPTIONAL = (SEARCH_GRAPH, LABELS)
#: index rows per concept: the mean of its label vectors; every label; the preferred label and the mean
MODES = ("mean", "labels", "pref+mean")
RANK_QUERIES = ("spans", "spans+text", "text")
STORAGES = ("int4", "int8", "float16", "float32")


@dataclass(frozen=True)
class LinkerConfig:
    """Everything linker.json says; validated on read."""

    version: str
    mode: str = "mean"
    storage: str = "int8"
    #: a mention whose best score is below this links to nothing
    threshold: float = 0.0
    #: weight of the context vector added to the mention vector before search (0: mention only)
    context_weight: float = 0.0
    max_length: int = 128
    batch_size: int = 32
    #: rank(): drop mentions below the threshold
    rank_threshold: bool = True
    #: rank(): what a text that fits in max_length is queried with: its COMPETENCY spans ("spans"), the
    #: spans and the whole text ("spans+text"), or the whole text alone ("text"); longer texts: spans
    rank_queries: str = "spans"
    #: prepended to every text the encoder reads, labels and mentions alike (e5 reads "query: ")
    prefix: str = ""
    #: subdirectory holding the linker for mentions in another language than the labels' ("": none)
    multilingual: str = ""
    #: a multilingual linker's: the languages of the mentions it links (ISO 639-1; empty: every language)
    languages: list[str] = field(default_factory=list)
    encoder: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, Any] = field(default_factory=dict)
    attribution: str = ""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> LinkerConfig:
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ModelError(f"{where}: not a reqtag linker config (format != {FORMAT!r})")
        if raw.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"{where}: format_version {raw.get('format_version')!r}, "
                             f"this reqtag reads {FORMAT_VERSION}")
        known = set(cls.__dataclass_fields__)
        kw = {k: v for k, v in raw.items() if k in known}
        try:
            cfg = cls(**kw)
        except TypeError as err:
            raise ModelError(f"{where}: {err}") from None
        checks = [
            (isinstance(cfg.version, str) and cfg.version, "version must be a non-empty string"),
            (cfg.mode in MODES, f"mode must be one of {MODES}"),
            (cfg.storage in STORAGES, f"storage must be one of {STORAGES}"),
            (_number(cfg.threshold) and -1.0 <= cfg.threshold <= 1.0, "threshold must be a number in [-1, 1]"),
            (_number(cfg.context_weight) and 0.0 <= cfg.context_weight <= 10.0, "context_weight must be in [0, 10]"),
            (_int(cfg.max_length) and 3 <= cfg.max_length <= 512, "max_length must be an integer in [3, 512]"),
            (_int(cfg.batch_size) and cfg.batch_size >= 1, "batch_size must be a positive integer"),
            (isinstance(cfg.files, dict), "files must be an object"),
            (isinstance(cfg.rank_threshold, bool), "rank_threshold must be true or false"),
            (cfg.rank_queries in RANK_QUERIES, f"rank_queries must be one of {RANK_QUERIES}"),
            (isinstance(cfg.prefix, str) and len(cfg.prefix) <= 32, "prefix must be a string of at most 32 characters"),
            (isinstance(cfg.multilingual, str) and (not cfg.multilingual or cfg.multilingual.isidentifier()),
             "multilingual must be empty or a subdirectory name (letters, digits, underscores)"),
            (isinstance(cfg.languages, list) and all(isinstance(x, str) and len(x) == 2 and x.isalpha()
                                                     and x.islower() for x in cfg.languages),
             "languages must be a list of ISO 639-1 codes"),
        ]
        for ok, message in checks:
            if not ok:
                raise ModelError(f"{where}: {message}")
        return cfg

    def with_(self, **changes: Any) -> LinkerConfig:
        return replace(self, **changes)


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x)


def _int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def read_labels(path: str | Path, n: int) -> list[list[str]]:
    """The alternative labels of each of the ``n`` concepts (``LABELS``)."""
    import gzip

    file = Path(path) / LABELS
    try:
        rows = json.loads(gzip.decompress(file.read_bytes()).decode("utf-8"))["alt_labels"]
        if not (isinstance(rows, list) and len(rows) == n
                and all(isinstance(r, list) and all(isinstance(x, str) for x in r) for r in rows)):
            raise ValueError(f"expected {n} lists of strings")
    except (OSError, ValueError, TypeError, KeyError, EOFError) as err:
        raise ModelError(f"{file}: unreadable ({str(err).splitlines()[0]})") from None
    return rows


def write_labels(path: str | Path, alt_labels: list[list[str]]) -> Path:
    """Write ``LABELS`` (deterministic bytes: no timestamp in the gzip header)."""
    import gzip

    file = Path(path) / LABELS
    body = json.dumps({"alt_labels": alt_labels}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    file.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return file


def read_linker(path: str | Path, *, verify: bool = True) -> LinkerConfig:
    """Load and verify a linker directory's config and files (sizes and sha256)."""
    path = Path(path)
    raw = load_config(path, LINKER_CONFIG, "linker")
    cfg = LinkerConfig.from_dict(raw, str(path / LINKER_CONFIG))
    verify_files(path, LINKER_CONFIG, cfg.files, FILES + tuple(n for n in OPTIONAL if n in cfg.files)
                 + _sub_config(cfg.multilingual), verify=verify)
    return cfg


def _sub_config(name: str) -> tuple[str, ...]:
    """The sub-linker's config as a file of its parent ("multilingual/linker.json"), when there is one."""
    return (f"{name}/{LINKER_CONFIG}",) if name else ()


def write_linker(path: str | Path, config: LinkerConfig) -> LinkerConfig:
    """Write linker.json atomically with the sha256 and size of every file of ``FILES`` (and of the
    search graph and the labels file when the directory has them, and of the ``multilingual`` sub-linker's
    linker.json, written before)."""
    path = Path(path)
    names = FILES + tuple(n for n in OPTIONAL if (path / n).is_file()) + _sub_config(config.multilingual)
    config = config.with_(files=checksums(path, names))
    write_config(path, LINKER_CONFIG, config.to_dict())
    return config


@dataclass
class ConceptIndex:
    """Unit vectors (one per concept, or one per label with ``owner`` → concept) and the concepts."""

    vectors: np.ndarray  # float32 [rows, dim], dequantised
    owner: np.ndarray  # int32 [rows], non-decreasing concept id of each row
    uris: list[str]
    labels: list[str]
    types: list[str]
    stored: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        n = len(self.uris)
        if not (len(self.labels) == len(self.types) == n) or self.vectors.ndim != 2:
            raise ModelError("index: concepts and vectors do not line up")
        if self.owner.shape != (self.vectors.shape[0],) or (n and (self.owner.min() < 0 or self.owner.max() >= n)):
            raise ModelError("index: a vector row points outside the concept list")
        if np.any(np.diff(self.owner) < 0):
            raise ModelError("index: label rows are not grouped by concept")
        # every concept has at least one row, so reduceat's segments are never empty
        if n and len(np.unique(self.owner)) != n:
            raise ModelError("index: a concept has no vector")
        self._starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        counts = np.diff(np.r_[self._starts, len(self.owner)])
        self._rows_each = int(counts[0]) if n and np.all(counts == counts[0]) else 0
        self._matrix: np.ndarray | None = None
        self._graph: Any = None

    @property
    def _search_t(self) -> np.ndarray:
        """The numpy search matrix, made on first use (never, when the search graph scores): rows in
        ``search_rows`` order, so a concept's r rows are r contiguous blocks and its max is a max of
        blocks; stored [dim, rows], because BLAS multiplies a contiguous right operand twice as fast as
        the transposed view of a row-major one (14.0 → 6.8 ms for 24 queries on ESCO's 27,792 rows)."""
        if self._matrix is None:
            self._matrix = np.ascontiguousarray(self.vectors[self.search_rows()].T)
        return self._matrix

    def search_rows(self) -> np.ndarray:
        """The stored row behind each column of the scores before the per-concept max (block-major
        when a concept has r rows), as ``scores`` and the search graph order them."""
        n, r = len(self.uris), self._rows_each
        if r > 1:
            return np.arange(n * r).reshape(n, r).T.reshape(-1)
        return np.arange(len(self.owner))

    def use_graph(self, onnx_path: str | Path, threads: int | None = None) -> None:
        """Score with the search graph (``search.onnx``) instead of numpy; checked on a probe query."""
        from reqtag.inference.runtime import session

        sess = session(onnx_path, threads, spin=False)
        if [i.name for i in sess.get_inputs()] != ["queries"]:
            raise ModelError(f"{onnx_path}: expected one input named 'queries'")
        probe = sess.run(None, {"queries": np.zeros((1, self.dim), dtype=np.float32)})[0]
        if probe.shape != (1, len(self.owner)):
            raise ModelError(f"{onnx_path}: scores {len(self.owner)} index rows? it returns shape {list(probe.shape)}")
        self._graph = sess

    @classmethod
    def from_vectors(cls, vectors: np.ndarray, owner: np.ndarray | None, uris: list[str], labels: list[str],
                     types: list[str], storage: str = "int8") -> ConceptIndex:
        """Quantise ``vectors`` as ``storage`` (rows sorted by concept) and keep the dequantised copy."""
        if storage not in STORAGES:
            raise ValueError(f"storage must be one of {STORAGES}")
        owner = np.arange(len(uris), dtype=np.int32) if owner is None else np.asarray(owner, dtype=np.int32)
        order = np.argsort(owner, kind="stable")
        vectors, owner = np.asarray(vectors, dtype=np.float32)[order], owner[order]
        stored = _quantise(vectors, storage)
        return cls(_dequantise(stored), owner, list(uris), list(labels), list(types), stored)

    def save(self, path: str | Path) -> None:
        path = Path(path)
        with open(path / "index.npz", "wb") as f:
            # a loaded index's ``stored`` holds "owner" too: self.owner is the authoritative one
            arrays: dict[str, Any] = {"owner": self.owner, **{k: v for k, v in self.stored.items() if k != "owner"}}
            np.savez(f, **arrays)
        # URIs share a long prefix: stored once
        prefix = os.path.commonprefix(self.uris) if len(self.uris) > 1 else ""
        prefix = prefix[: prefix.rfind("/") + 1]
        rows = [[u[len(prefix):], lab, t] for u, lab, t in zip(self.uris, self.labels, self.types, strict=True)]
        body = {"uri_prefix": prefix, "concepts": rows}
        (path / "concepts.json").write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n",
                                            encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> ConceptIndex:
        path = Path(path)
        try:
            with np.load(path / "index.npz", allow_pickle=False) as z:
                stored = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
            raise ModelError(f"{path / 'index.npz'}: unreadable index ({str(err).splitlines()[0]})") from None
        try:
            body = json.loads((path / "concepts.json").read_text(encoding="utf-8"))
            prefix, rows = body["uri_prefix"], body["concepts"]
            uris = [prefix + r[0] for r in rows]
            labels, types = [r[1] for r in rows], [r[2] for r in rows]
            if not all(isinstance(x, str) for x in (prefix, *uris, *labels, *types)):
                raise ValueError("every field must be a string")
        except (OSError, ValueError, TypeError, KeyError, IndexError) as err:
            raise ModelError(f"{path / 'concepts.json'}: unreadable ({str(err).splitlines()[0]})") from None
        if "owner" not in stored or not ({"vectors", "vectors4"} & set(stored)):
            raise ModelError(f"{path / 'index.npz'}: needs arrays 'vectors' (or 'vectors4') and 'owner'")
        try:
            return cls(_dequantise(stored), stored["owner"].astype(np.int32), uris, labels, types, stored)
        except ModelError as err:
            raise ModelError(f"{path / 'index.npz'}: {str(err).removeprefix('index: ')}") from None

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.uris)

    def scores(self, queries: np.ndarray) -> np.ndarray:
        """Cosine of each query with each concept (best label row per concept): float32 [q, concepts]."""
        if self._graph is not None:
            s = self._graph.run(None, {"queries": np.ascontiguousarray(queries, dtype=np.float32)})[0]
        else:
            with _one_blas_thread():
                s = queries.astype(np.float32) @ self._search_t
        r, n = self._rows_each, len(self.uris)
        if r == 1:
            return s
        if r:
            out = s[:, :n]
            for j in range(1, r):
                out = np.maximum(out, s[:, j * n:(j + 1) * n])
            return out
        return np.maximum.reduceat(s, self._starts, axis=1)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` concepts per query, best first: (ids int [q, k'], scores float [q, k'])."""
        s = self.scores(queries)
        k = min(k, s.shape[1])
        if k <= 0:
            return np.zeros((len(s), 0), dtype=np.int64), np.zeros((len(s), 0), dtype=np.float32)
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(s, part, axis=1)
        order = np.argsort(-top, axis=1, kind="stable")
        return np.take_along_axis(part, order, axis=1), np.take_along_axis(top, order, axis=1)


def _quantise(v: np.ndarray, storage: str) -> dict[str, np.ndarray]:
    if storage == "float32":
        return {"vectors": v.astype(np.float32)}
    if storage == "float16":
        return {"vectors": v.astype(np.float16)}
    if storage == "int4":
        # symmetric per-row 4-bit (-7..7), two values a byte: low nibble first
        scale = np.maximum(np.abs(v).max(axis=1), 1e-12) / 7.0
        q = (np.clip(np.rint(v / scale[:, None]), -7, 7).astype(np.int16) + 8).astype(np.uint8)
        if q.shape[1] % 2:
            q = np.concatenate([q, np.full((len(q), 1), 8, np.uint8)], axis=1)
        return {"vectors4": q[:, 0::2] | (q[:, 1::2] << 4), "scales": scale.astype(np.float32),
                "dim": np.array([v.shape[1]], dtype=np.int64)}
    # symmetric per-row int8: each row keeps its own scale
    scale = np.maximum(np.abs(v).max(axis=1), 1e-12) / 127.0
    q = np.clip(np.rint(v / scale[:, None]), -127, 127).astype(np.int8)
    return {"vectors": q, "scales": scale.astype(np.float32)}


def _dequantise(stored: dict[str, np.ndarray]) -> np.ndarray:
    if "vectors4" in stored:
        packed, scales, dim = stored["vectors4"], stored.get("scales"), stored.get("dim")
        if packed.dtype != np.uint8 or packed.ndim != 2 or dim is None or dim.shape != (1,) \
                or not 0 < int(dim[0]) <= 2 * packed.shape[1] or scales is None or scales.shape != (len(packed),):
            raise ModelError("index: malformed 4-bit vectors")
        q = np.empty((len(packed), 2 * packed.shape[1]), dtype=np.float32)
        q[:, 0::2], q[:, 1::2] = packed & 15, packed >> 4
        out: np.ndarray = (q[:, : int(dim[0])] - 8.0) * scales.astype(np.float32)[:, None]
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    v = stored.get("vectors")
    if v is None:
        raise ModelError("index: no vectors")
    v = stored["vectors"]
    if v.ndim != 2:
        raise ModelError("index: vectors must be a 2-D array")
    if v.dtype == np.int8:
        scales = stored.get("scales")
        if scales is None or scales.shape != (v.shape[0],):
            raise ModelError("index: int8 vectors need one scale per row")
        out = v.astype(np.float32) * scales.astype(np.float32)[:, None]
    elif v.dtype in (np.float16, np.float32):
        out = v.astype(np.float32)
    else:
        raise ModelError(f"index: vectors of type {v.dtype} are not supported")
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


#: threadpoolctl.ThreadpoolController once loaded; False without threadpoolctl
_BLAS: Any = None


def _one_blas_thread():
    """BLAS on one thread for the search: a few dozen queries gain nothing from more, and BLAS threads
    fighting onnxruntime's for the same cores cost more than the search itself (measured: +19 % →
    +11 % of tagging time on 2 cores). Without threadpoolctl, numpy's default."""
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS = ThreadpoolController()
        except ImportError:
            _BLAS = False
    if _BLAS is False:
        import contextlib

        return contextlib.nullcontext()
    return _BLAS.limit(limits=1, user_api="blas")
