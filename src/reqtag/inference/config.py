"""The typed model config: the reqtag.json schema and every runtime default.

``ModelConfig.from_dict`` validates (types, ranges, labels vs tags, format version, file names
confined to the model directory, reqtag.json's own content hash) and raises a one-line
``ModelError`` naming the file: a bad value never reaches tag time. Format 1 is migrated on read.
``model_dir.read``/``model_dir.write`` are the only reader and writer of reqtag.json; they add the
sha256 of every file. The network's class count is checked against the tags when it is loaded.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from reqtag.errors import ModelError
from reqtag.schema import tags_for

FORMAT_VERSION = 2
CONFIG = "reqtag.json"
REQUIRED_FILES = ("tokenizer.json", "model.onnx")
#: the ONNX opset every export uses (one place)
OPSET = 17
DECODERS = ("viterbi", "argmax")
DEFAULT_OVERLAP = 32


def sha256(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _content_hash(data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k != "config_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OnnxSpec:
    """How the network is stored and fed."""

    file: str = "model.onnx"
    opset: int = OPSET
    #: human description of the quantisation, None for fp32
    quantization: str | None = None
    #: activations quantised per call (onnxruntime quantize_dynamic): results then depend on what
    #: shares a call, so the pipeline never mixes postings in one call (and keeps one window per call)
    dynamic_quantization: bool = False
    inputs: tuple[str, ...] = ("input_ids", "attention_mask")
    output: str = "logits"


@dataclass(frozen=True)
class Decoding:
    """Token scores → spans."""

    #: "viterbi": best tag sequence under valid BIO transitions; "argmax": per word (diagnostics only)
    method: str = "viterbi"
    #: label → minimum span score (mean probability of its tags); chosen on dev at export
    thresholds: dict[str, float] = field(default_factory=dict)
    #: language → {label: precision}: for postings detected in that language, spans of these labels
    #: come from the rule annotator (reqtag.annotations.rules), not the network — chosen at export
    #: per language and label where the rules score higher on dev; the rules' dev precision is each
    #: such span's score
    rules: dict[str, dict[str, float]] = field(default_factory=dict)
    #: language → labels of ``rules[language]`` whose gaps the network fills: its spans of that label
    #: that overlap no rule span are kept beside the rules' — chosen at export where that scores
    #: higher on dev than the rules alone
    fill: dict[str, list[str]] = field(default_factory=dict)
    #: label → {"score": [...], "precision": [...]}: the network's raw span score (the mean probability
    #: of its tags, the quantity ``thresholds`` compare) → the precision dev spans of that label scored
    #: so reached (isotonic, fitted at export or by ``reqtag calibrate``); a network span's reported
    #: score is read off it (linear between the points, flat beyond them). Thresholds still compare raw
    #: scores, so calibration never changes which spans are kept. A label without a map keeps raw scores.
    calibration: dict[str, dict[str, list[float]]] = field(default_factory=dict)


@dataclass(frozen=True)
class LineGate:
    """Lines the network skips (``reqtag.inference.line_gate``); no file: it reads every line."""

    #: the regression's weights in the model directory (line_gate.npz), None for no gate
    file: str | None = None
    #: a line whose score is below this is skipped, unless a read line is within ``neighbours``
    threshold: float = 0.0
    neighbours: int = 1


@dataclass(frozen=True)
class ModelConfig:
    """reqtag.json. Runtime knobs have their defaults here and nowhere else."""

    labels: tuple[str, ...]
    #: tokens per window, special tokens included
    max_length: int = 256
    #: tokens shared by consecutive windows of one posting; default min(32, max_length // 4)
    overlap: int = None  # type: ignore[assignment]
    #: most windows in one runner (ONNX) call; windows of different postings never share a call
    windows_per_call: int = 1
    #: the tokenizer lowercases (read from tokenizer.json at export; informational)
    lowercase: bool = True
    onnx: OnnxSpec = field(default_factory=OnnxSpec)
    decoding: Decoding = field(default_factory=Decoding)
    line_gate: LineGate = field(default_factory=LineGate)
    #: language → sub-directory holding the model that tags postings detected in that language
    #: (a complete model directory of its own, same labels; ``reqtag compose``); every other
    #: posting is tagged by this directory's own network, whose ``decoding`` rules for a routed
    #: language then go unused (kept, so that the main model read alone is the model it was)
    languages: dict[str, str] = field(default_factory=dict)
    reqtag_version: str | None = None
    #: provenance and reports, written at export, shown on the card; never read at tag time
    encoder: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, Any] = field(default_factory=dict)
    parity: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, Any] = field(default_factory=dict)
    #: how ``decoding.calibration`` was fitted and how well the scores match precision per split
    #: (``reqtag.training.calibration``); shown on the card, never read at tag time
    calibration: dict[str, Any] = field(default_factory=dict)
    #: name → {"sha256", "bytes"}; filled by ``write``
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", tuple(self.labels))
        if self.overlap is None and _is_int(self.max_length):
            object.__setattr__(self, "overlap", min(DEFAULT_OVERLAP, self.max_length // 4))
        problem = self.problem()
        if problem:
            raise ValueError(problem)

    @property
    def refit(self) -> bool:
        """The network learnt the dev postings (a final fit): nothing may be chosen or scored on them."""
        return bool((self.training.get("config") or {}).get("refit"))

    @property
    def tags(self) -> tuple[str, ...]:
        """BIO tags, O first: the network's output classes in order."""
        return tags_for(self.labels)

    def problem(self) -> str | None:
        """Why this config is unusable, or None."""
        if not self.labels or not all(isinstance(x, str) and x and "-" not in x for x in self.labels):
            return f"labels must be non-empty strings without '-' (got {list(self.labels)!r})"
        if len(set(self.labels)) != len(self.labels):
            return f"labels repeat: {list(self.labels)!r}"
        for name, lo, hi in (("max_length", 8, 4096), ("windows_per_call", 1, 1024)):
            v = getattr(self, name)
            if not _is_int(v) or not lo <= v <= hi:
                return f"{name} must be an integer in {lo}..{hi} (got {v!r})"
        if not _is_int(self.overlap) or not 0 <= self.overlap <= self.max_length // 2:
            return f"overlap must be an integer in 0..max_length/2 = {self.max_length // 2} (got {self.overlap!r})"
        if not isinstance(self.lowercase, bool):
            return f"lowercase must be true or false (got {self.lowercase!r})"
        o = self.onnx
        if not isinstance(o.file, str) or not o.file or not _confined(o.file):
            return f"onnx.file must be a file name inside the model directory (got {o.file!r})"
        if not _is_int(o.opset) or not 7 <= o.opset <= 30:
            return f"onnx.opset must be an integer in 7..30 (got {o.opset!r})"
        if not isinstance(o.dynamic_quantization, bool):
            return f"onnx.dynamic_quantization must be true or false (got {o.dynamic_quantization!r})"
        if o.quantization is not None and not isinstance(o.quantization, str):
            return f"onnx.quantization must be a string or null (got {o.quantization!r})"
        if o.dynamic_quantization and self.windows_per_call != 1:
            return ("windows_per_call must be 1 for a dynamically quantised model (activation scales "
                    "would depend on the windows sharing a call)")
        d = self.decoding
        if d.method not in DECODERS:
            return f"decoding.method must be one of {DECODERS} (got {d.method!r})"
        if not isinstance(d.thresholds, dict):
            return "decoding.thresholds must be an object label → score"
        for label, t in d.thresholds.items():
            if label not in self.labels:
                return f"decoding.thresholds names {label!r}, not one of the labels"
            if isinstance(t, bool) or not isinstance(t, (int, float)) or not (0.0 <= t <= 1.0) or math.isnan(t):
                return f"decoding.thresholds[{label!r}] must be a number in 0..1 (got {t!r})"
        if not isinstance(d.rules, dict):
            return "decoding.rules must be an object language → {label: precision}"
        for lang, taken in d.rules.items():
            if not is_language(lang):
                return f"decoding.rules: {lang!r} is not an ISO 639 language code"
            if not isinstance(taken, dict):
                return f"decoding.rules[{lang!r}] must be an object label → precision"
            for label, prec in taken.items():
                if label not in self.labels:
                    return f"decoding.rules[{lang!r}] names {label!r}, not one of the labels"
                if isinstance(prec, bool) or not isinstance(prec, (int, float)) or not 0.0 <= prec <= 1.0:
                    return f"decoding.rules[{lang!r}][{label!r}] must be a precision in 0..1 (got {prec!r})"
        if not isinstance(d.fill, dict):
            return "decoding.fill must be an object language → [label]"
        for lang, gaps in d.fill.items():
            if not isinstance(gaps, list) or not all(isinstance(x, str) for x in gaps):
                return f"decoding.fill[{lang!r}] must be a list of labels"
            for label in gaps:
                if label not in d.rules.get(lang, {}):
                    return f"decoding.fill[{lang!r}] names {label!r}, which decoding.rules does not give to the rules"
        problem = _calibration_problem(d.calibration, self.labels)
        if problem:
            return problem
        g = self.line_gate
        if g.file is not None and (not isinstance(g.file, str) or not g.file or not _confined(g.file)):
            return f"line_gate.file must be a file name inside the model directory or null (got {g.file!r})"
        if isinstance(g.threshold, bool) or not isinstance(g.threshold, (int, float)) \
                or not 0.0 <= g.threshold <= 1.0 or math.isnan(g.threshold):
            return f"line_gate.threshold must be a number in 0..1 (got {g.threshold!r})"
        if not _is_int(g.neighbours) or not 0 <= g.neighbours <= 16:
            return f"line_gate.neighbours must be an integer in 0..16 (got {g.neighbours!r})"
        if not isinstance(self.languages, dict):
            return "languages must be an object language → sub-directory"
        for lang, sub in self.languages.items():
            if not is_language(lang):
                return f"languages: {lang!r} is not an ISO 639 language code"
            if not isinstance(sub, str) or not _confined(sub):
                return f"languages[{lang!r}] must be a sub-directory inside the model directory (got {sub!r})"
        for name in ("encoder", "training", "versions", "parity", "scores", "calibration", "files"):
            if not isinstance(getattr(self, name), dict):
                return f"{name} must be an object"
        for name, meta in self.files.items():
            if not _confined(name):
                return f"files names {name!r}, which is not a file inside the model directory"
            if (not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str)
                    or not _is_int(meta.get("bytes")) or meta["bytes"] < 0):
                return f"files[{name!r}] must hold sha256 (string) and bytes (integer)"
        return None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["labels"] = list(self.labels)
        d["onnx"]["inputs"] = list(self.onnx.inputs)
        d = {"format_version": FORMAT_VERSION, **d, "tags": list(self.tags)}
        d["config_sha256"] = _content_hash(d)
        return d

    @classmethod
    def from_dict(cls, data: Any, where: str = CONFIG) -> ModelConfig:
        """Validate and build; ModelError(one line, naming ``where``) on any problem."""
        if not isinstance(data, dict):
            raise ModelError(f"{where}: not a JSON object")
        version = data.get("format_version")
        if not _is_int(version) or version not in (1, FORMAT_VERSION):
            raise ModelError(f"{where}: format_version {version!r} is not 1 or {FORMAT_VERSION}; "
                             "re-export the model with this reqtag")
        if version == FORMAT_VERSION:
            if data.get("config_sha256") != _content_hash(data):
                raise ModelError(f"{where}: content does not match its config_sha256 (edited or damaged; re-export)")
        else:
            data = _migrate_v1(data)
        labels = data.get("labels")
        if not isinstance(labels, list):
            raise ModelError(f"{where}: 'labels' must be a list")
        tags = data.get("tags")
        if tags is not None and tuple(tags) != tags_for([str(x) for x in labels]):
            raise ModelError(f"{where}: 'tags' do not match the BIO tags derived from 'labels'")
        known = {f.name for f in fields(cls)}
        ignored = {"format_version", "tags", "config_sha256"}
        unknown = sorted(set(data) - known - ignored)
        if unknown:
            raise ModelError(f"{where}: unknown keys {unknown}")
        kw = {k: v for k, v in data.items() if k in known}
        try:
            onnx = kw.get("onnx", {})
            dec = kw.get("decoding", {})
            gate = kw.get("line_gate", {})
            if not isinstance(onnx, dict) or not isinstance(dec, dict) or not isinstance(gate, dict):
                raise ValueError("'onnx', 'decoding' and 'line_gate' must be objects")
            bad = sorted(set(onnx) - {f.name for f in fields(OnnxSpec)}) + sorted(
                set(dec) - {f.name for f in fields(Decoding)}) + sorted(set(gate) - {f.name for f in fields(LineGate)})
            if bad:
                raise ValueError(f"unknown keys {bad} in 'onnx'/'decoding'/'line_gate'")
            if "inputs" in onnx:
                onnx = {**onnx, "inputs": tuple(onnx["inputs"])}
            kw["onnx"] = OnnxSpec(**onnx)
            kw["decoding"] = Decoding(**dec)
            kw["line_gate"] = LineGate(**gate)
            return cls(**kw)
        except (TypeError, ValueError) as err:
            raise ModelError(f"{where}: {str(err).splitlines()[0]}") from None

    def with_(self, **changes: Any) -> ModelConfig:
        """A copy with some fields changed (validated)."""
        try:
            return replace(self, **changes)
        except ValueError as err:
            raise ModelError(f"{CONFIG}: {err}") from None


def _calibration_problem(calibration: Any, labels: tuple[str, ...]) -> str | None:
    """Why ``decoding.calibration`` is unusable, or None: each map two equally long lists of numbers
    in 0..1, scores strictly increasing, precisions never decreasing."""
    if not isinstance(calibration, dict):
        return "decoding.calibration must be an object label → {score, precision}"
    for label, curve in calibration.items():
        where = f"decoding.calibration[{label!r}]"
        if label not in labels:
            return f"decoding.calibration names {label!r}, not one of the labels"
        if not isinstance(curve, dict) or set(curve) != {"score", "precision"}:
            return f"{where} must be an object with exactly 'score' and 'precision'"
        xs, ys = curve["score"], curve["precision"]
        if not isinstance(xs, list) or not isinstance(ys, list) or not xs or len(xs) != len(ys):
            return f"{where}: 'score' and 'precision' must be non-empty lists of the same length"
        if not all(_is_unit(v) for v in xs + ys):
            return f"{where}: every score and precision must be a number in 0..1"
        if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
            return f"{where}: 'score' must be strictly increasing"
        if any(b < a for a, b in zip(ys, ys[1:], strict=False)):
            return f"{where}: 'precision' must never decrease as the score grows"
    return None


def _is_unit(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v) and 0.0 <= v <= 1.0


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_language(code: Any) -> bool:
    """Whether ``code`` has the shape of an ISO 639-1/-3 code (two or three lowercase ASCII letters)."""
    return isinstance(code, str) and code.isalpha() and code.isascii() and code.islower() and 2 <= len(code) <= 3


def _confined(name: str) -> bool:
    """A plain relative path that stays inside the directory (no '..', no absolute, no drive)."""
    p = Path(name)
    return not p.is_absolute() and ".." not in p.parts and "\\" not in name and name not in ("", ".")


def _migrate_v1(data: dict[str, Any]) -> dict[str, Any]:
    """format 1 (reqtag 0.1): ``batch_size`` was windows per ONNX call; argmax decoding; no self-hash."""
    d = dict(data)
    d.pop("scheme", None)
    batch = d.pop("batch_size", 1)
    onnx = dict(d.get("onnx") or {})
    quant = onnx.get("quantization")
    onnx["dynamic_quantization"] = bool(isinstance(quant, str) and "dynamic" in quant)
    d["onnx"] = onnx
    d["windows_per_call"] = 1 if onnx["dynamic_quantization"] else batch
    d.setdefault("decoding", {"method": "viterbi", "thresholds": {}})
    return d
