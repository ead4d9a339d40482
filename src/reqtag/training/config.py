"""TrainConfig: every hyper-parameter of a training run, validated, read from TOML, written into the model."""
from __future__ import annotations

import math
import sys
import types
import typing
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from reqtag.errors import InputError


@dataclass
class TrainConfig:
    """Hyper-parameters; the resolved config is stored in the model directory."""

    base: str | None = None  # minilm | e5-small | mpnet (training/encoders.py) or a local HF model dir; None = minilm
    labels: list[str] | None = None  # None = the labels found in the data, in schema order
    max_length: int = 256  # tokens per window, [CLS] and [SEP] included
    overlap: int = 64  # tokens shared by consecutive training windows
    scheme: str = "all"  # "all" subwords labelled, or "first" subword only
    num_layers: int | None = None  # keep only the first N encoder layers (speed); None = all
    epochs: int = 8
    batch_size: int = 16
    lr: float = 1e-4
    head_lr: float = 2e-3  # the new classifier head learns faster than the pretrained encoder
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    label_smoothing: float = 0.0
    o_weight: float = 1.0  # loss weight of the O tag relative to the entity tags
    seed: int = 13
    max_steps: int | None = None  # stop early (smoke tests)
    eval_every_epochs: int = 1
    select_on_dev: bool = True  # keep the best dev epoch; False keeps the last (dev stays an unbiased score)
    threads: int | None = None
    init_from: str | None = None  # a reqtag torch checkpoint to continue from
    patience: int | None = None  # stop after this many dev evaluations without a better dev F1
    max_minutes: float | None = None  # wall-clock budget: stop (and evaluate) once it is spent
    freeze_embeddings: bool = False  # keep the word embeddings fixed (e5-small: 96M of its 118M parameters)
    balance: float = 0.0  # class balance: tag loss weight ∝ frequency^-balance (0 = off, 0.5 = inverse sqrt)
    # language-balanced sampling: each train posting of these languages (as the runtime detects them) is
    # seen this many times an epoch, e.g. {es = 2}; a small language is not drowned by the long English postings
    oversample: dict[str, int] | None = None
    # source-balanced sampling: each train posting whose id starts with one of these prefixes is seen this many
    # times an epoch (times any language's factor), e.g. {"skillspan-" = 3}: real postings weigh as much in
    # training as in the postings the tagger meets, not as little as the written ones leave them
    oversample_ids: dict[str, int] | None = None
    # train and select only on postings of these languages (as the runtime detects them), e.g. ["en", "fr"]
    # for a model that a composed directory hands only those languages; None = every posting
    languages: list[str] | None = None
    # per-label score thresholds fixed in advance (chosen on other data, e.g. a held-out run): the export
    # uses them and chooses none on dev, e.g. {SKILL = 0.8, KNOWLEDGE = 0.6}
    thresholds: dict[str, float] | None = None
    # teacher → student: a reqtag torch checkpoint (same labels; the same wordpieces, under any ids) whose soft
    # labels the student also learns; loss = (1 - distill) · cross-entropy on gold + distill · T² ·
    # KL(teacher ‖ student) at temperature T, on the first sub-word of every word (0 = off)
    teacher: str | None = None
    distill: float = 0.0
    temperature: float = 2.0
    # postings without gold, learnt from the teacher's soft labels only: "shared:eures-es", "shared:skillskape"
    # (SkillSkape's synthetic English sentences) or annotation files/folders (their spans are ignored); a
    # seeded sample of at most unlabelled_limit postings per source
    unlabelled: list[str] | None = None
    unlabelled_limit: int | None = None
    # each train posting is also seen cut to its lines with a gold span and one line either side
    # (reqtag.training.data.dense_copy): what a line gate lets the network read at tag time
    dense_copies: bool = False
    # this share of the train postings (a seeded sample) is also seen with its case flipped
    # (reqtag.training.data.case_copy): a posting in capitals lowercased, any other in capitals. A third of the
    # EURES postings are written in capitals and e5-small is cased, so the two spellings read as different pieces
    case_copies: float = 0.0
    # this share of the train postings that have commas (a seeded sample) is also seen with each comma before
    # whitespace read as a space (reqtag.training.data.comma_copy): 189 of SkillSpan's 198 postings reach us
    # without such commas, so their lists run on ("with PHP SQL and Javascript")
    comma_copies: float = 0.0
    # this share of the train postings (a seeded sample) is also seen with about half its DEGREE, FIELD, COMPETENCY
    # and CERTIFICATION mentions swapped for other mentions of the label in the same language
    # (reqtag.training.data.mention_copies): English dev F1 sits 0.15 under train F1, spans learnt by heart
    mention_copies: float = 0.0
    # train on this share of the train postings (a seeded sample, drawn before any copy or oversampling): the
    # points of a learning curve (evaluation/learning_curve.py), which ask what more gold would buy
    train_share: float = 1.0
    # with a teacher: a case or comma copy learns the teacher's reading of its original posting (each word's soft
    # label moved onto the copy's same word), not the teacher's reading of the copy, which is weakest exactly where
    # the copy differs (the Spanish network reads capitals worse than lowercase: stop 43)
    copies_learn_original: bool = False
    # which tokens of a training window carry loss: "all", or "owned", only those whose prediction the tagger
    # keeps from this window where windows overlap (reqtag.training.data.build_windows); "all" is the recipe
    # of every model up to stop 50
    window_loss: str = "all"
    # how the export quantises the network: a recipe of reqtag.training.quantize ("int8-rr-l0", "int8", ...)
    quantization: str = "int8-rr-l0"
    # a final fit: the network also learns the dev postings, once every choice was made on dev with a network
    # that had not seen them. Dev then scores in-sample, so nothing may be chosen on it: the epochs are fixed
    # (select_on_dev = false, no patience) and the export copies its decoding from ``decoding_from``
    refit: bool = False
    # an exported model directory whose decoding (thresholds, rules, fills, span-score calibration), chosen on
    # dev for that model, the export copies instead of choosing any on dev
    decoding_from: str | None = None

    def __post_init__(self) -> None:
        _check_fields(self)
        if self.window_loss not in ("all", "owned"):
            raise InputError(f"window_loss must be 'all' or 'owned', not {self.window_loss!r}")
        if self.scheme not in ("all", "first"):
            raise InputError(f"scheme must be 'all' or 'first', not {self.scheme!r}")
        if not 16 <= self.max_length <= 512:
            raise InputError(f"max_length {self.max_length} outside 16..512")
        if not 0 <= self.overlap < self.max_length - 2:
            raise InputError(f"overlap {self.overlap} must be below max_length - 2")
        from reqtag.training.quantize import check

        check(self.quantization)
        if self.labels is not None and not self.labels:
            raise InputError("labels must name at least one label (or be left out for the labels in the data)")
        for label in self.labels or []:
            # a label becomes B-/I- tags: a space or a '-' in it would make another label, or none
            if not label or label != label.strip() or "-" in label:
                raise InputError(f"labels: {label!r} is no label (empty, padded with spaces, or with a '-')")
        if self.labels and len(set(self.labels)) < len(self.labels):
            raise InputError(f"labels repeat: {self.labels}")
        if (self.distill > 0) != (self.teacher is not None):
            raise InputError("distillation needs both a teacher and a distill weight above 0")
        if self.unlabelled and not self.teacher:
            raise InputError("unlabelled postings are learnt from a teacher's soft labels: set teacher")
        if self.copies_learn_original and not (self.teacher and (self.case_copies or self.comma_copies)):
            raise InputError("copies_learn_original needs a teacher and case_copies or comma_copies")
        if self.refit and (self.select_on_dev or self.patience is not None):
            raise InputError("refit learns the dev postings, so dev cannot choose the epoch: set select_on_dev = false "
                             "and leave patience out")
        if self.refit and not self.decoding_from:
            raise InputError("refit learns the dev postings, so the export cannot choose thresholds or rules on them: "
                             "set decoding_from to the model directory whose decoding was chosen on dev")
        if self.decoding_from and self.thresholds:
            raise InputError("decoding_from and thresholds both fix the decoding: set one")
        from reqtag.structure.tables import LANGUAGES

        for label, t in (self.thresholds or {}).items():
            if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0.0 <= t <= 1.0:
                raise InputError(f"thresholds[{label!r}] must be a number in 0..1, not {t!r}")
            if self.labels is not None and label not in self.labels:
                raise InputError(f"thresholds names {label!r}, not one of the labels {self.labels}")
        for lang in self.languages or []:
            if lang not in LANGUAGES:
                raise InputError(f"languages: unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        if self.languages is not None and not self.languages:
            raise InputError("languages must name at least one language (or be left out for all)")
        for lang in self.oversample or {}:
            if lang not in LANGUAGES:  # the languages the runtime reads postings as (posting_language)
                raise InputError(f"oversample: unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        if "" in (self.oversample_ids or {}):
            raise InputError("oversample_ids: an empty id prefix would repeat every posting; use epochs")
        for name, table in (("oversample", self.oversample), ("oversample_ids", self.oversample_ids)):
            for key, times in (table or {}).items():
                if not isinstance(times, int) or isinstance(times, bool) or times < 1:
                    raise InputError(f"{name}[{key!r}] must be a whole number of at least 1, not {times!r}")

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        """Read a TOML config (its keys under ``[train]`` or at the top). ``extends = "other.toml"``
        (relative to the file) takes that config's keys first, so a recipe's variant names only what
        it changes; the resolved config is what a model directory records."""
        data = _read_toml(Path(path), ())
        data.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**data)
        except InputError as err:  # the value came from this file (or a command-line option over it)
            raise InputError(f"{path}: {err}") from None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_toml(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """One config file's keys over those of the file it ``extends`` (``chain``: the files that led here)."""
    if path.resolve() in chain:
        raise InputError(f"{path}: extends itself through {' → '.join(p.name for p in (*chain, path))}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: cannot read config ({err})") from None
    known = {f.name for f in fields(TrainConfig)} | {"extends"}
    if "train" in data:
        # Keys beside [train] (above it, or a misspelt table such as [trian]) would be dropped silently.
        if not isinstance(data["train"], dict):
            raise InputError(f"{path}: train must be a [train] table, not {data['train']!r}")
        stray = sorted(set(data) - {"train"})
        if stray:
            raise InputError(f"{path}: keys or tables outside [train]: {stray}; put every key under [train]")
        data = data["train"]
    data = dict(data)
    unknown = set(data) - known
    if unknown:
        raise InputError(f"{path}: unknown keys {sorted(unknown)}")
    base = data.pop("extends", None)
    if base is None:
        return data
    if not isinstance(base, str) or not base:
        raise InputError(f"{path}: extends must name another config file, not {base!r}")
    parent = path.parent / base
    if not parent.is_file():  # else the error names only the missing file, not the config that asked for it
        raise InputError(f"{path}: extends {base!r}, but {parent} is not a file")
    return {**_read_toml(parent, (*chain, path.resolve())), **data}


#: Allowed range of each numeric field, both ends included; a field with None as its value is unset.
#: ``POSITIVE`` fields must also be above 0. Read by ``_check_fields`` with the types of the annotations.
RANGES: dict[str, tuple[int, float]] = {
    "max_length": (16, 512), "overlap": (0, 510), "num_layers": (1, math.inf), "epochs": (1, math.inf),
    "batch_size": (1, math.inf), "max_steps": (1, math.inf), "eval_every_epochs": (1, math.inf),
    "patience": (1, math.inf), "threads": (1, math.inf), "unlabelled_limit": (1, math.inf),
    "seed": (0, 2**32 - 1),  # numpy's seed range
    "lr": (0, math.inf), "head_lr": (0, math.inf), "temperature": (0, math.inf), "max_minutes": (0, math.inf),
    "weight_decay": (0, math.inf), "warmup_ratio": (0, 1), "o_weight": (0, 1), "balance": (0, 1),
    "distill": (0, 1), "label_smoothing": (0, 1), "case_copies": (0, 1), "comma_copies": (0, 1),
    "mention_copies": (0, 1), "train_share": (0, 1),
}
POSITIVE = frozenset({"lr", "head_lr", "temperature", "max_minutes", "train_share"})


def _check_fields(config: TrainConfig) -> None:
    """Each field's value against its annotated type and its range: a TOML string "false" is not False,
    2.5 epochs are not 2, and inf or nan is no learning rate."""
    hints = typing.get_type_hints(TrainConfig)
    for f in fields(TrainConfig):
        value = getattr(config, f.name)
        problem = _type_problem(value, hints[f.name])
        if problem:
            raise InputError(f"{f.name} must be {problem}, not {value!r}")
        if f.name in RANGES and value is not None:
            low, high = RANGES[f.name]
            if not low <= value <= high or (f.name in POSITIVE and value <= 0):
                if f.name in POSITIVE:
                    span = f"above {low:d}" if high == math.inf else f"above {low:d} and at most {high:d}"
                else:
                    span = f"at least {low:d}" if high == math.inf else f"in {low:d}..{high:d}"
                raise InputError(f"{f.name} must be {span}, not {value!r}")


def _type_problem(value: Any, hint: Any) -> str | None:
    """What ``value`` should have been for the type ``hint`` (None when it fits)."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _type_problem(value, inner)
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            return f"a list of {_type_name(args[0])}"
        bad = [v for v in value if _type_problem(v, args[0])]
        return f"a list of {_type_name(args[0])}" if bad else None
    if origin is dict:
        if not isinstance(value, dict) or any(_type_problem(k, args[0]) or _type_problem(v, args[1])
                                              for k, v in value.items()):
            return f"a table of {_type_name(args[0])} to {_type_name(args[1])}"
        return None
    if hint is bool:
        return None if isinstance(value, bool) else "true or false"
    if hint is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else "a whole number"
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else "a finite number"
    if hint is str:
        return None if isinstance(value, str) else "a string"
    return None


def _type_name(hint: Any) -> str:
    return {str: "strings", int: "whole numbers", float: "numbers"}.get(hint, str(hint))
