"""TrainConfig: every hyper-parameter of a training run, validated, read from TOML, written into the model."""
from __future__ import annotations

import sys
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
    # which tokens of a training window carry loss: "all", or "owned", only those whose prediction the tagger
    # keeps from this window where windows overlap (reqtag.training.data.build_windows); "all" is the recipe
    # of every model up to stop 50
    window_loss: str = "all"
    # how the export quantises the network: a recipe of reqtag.training.quantize ("int8-rr-l0", "int8", ...)
    quantization: str = "int8-rr-l0"

    def __post_init__(self) -> None:
        if self.window_loss not in ("all", "owned"):
            raise InputError(f"window_loss must be 'all' or 'owned', not {self.window_loss!r}")
        if self.scheme not in ("all", "first"):
            raise InputError(f"scheme must be 'all' or 'first', not {self.scheme!r}")
        if not 16 <= self.max_length <= 512:
            raise InputError(f"max_length {self.max_length} outside 16..512")
        if not 0 <= self.overlap < self.max_length - 2:
            raise InputError(f"overlap {self.overlap} must be below max_length - 2")
        if self.epochs < 1 or self.batch_size < 1 or self.lr <= 0:
            raise InputError("epochs, batch_size and lr must be positive")
        if self.patience is not None and self.patience < 1:
            raise InputError("patience must be at least 1")
        if self.max_minutes is not None and self.max_minutes <= 0:
            raise InputError("max_minutes must be positive")
        from reqtag.training.quantize import check

        check(self.quantization)
        if not 0.0 <= self.balance <= 1.0:
            raise InputError("balance must lie in 0..1")
        if not 0.0 <= self.distill <= 1.0:
            raise InputError("distill must lie in 0..1")
        if (self.distill > 0) != (self.teacher is not None):
            raise InputError("distillation needs both a teacher and a distill weight above 0")
        if self.temperature <= 0:
            raise InputError("temperature must be positive")
        if self.unlabelled and not self.teacher:
            raise InputError("unlabelled postings are learnt from a teacher's soft labels: set teacher")
        if self.unlabelled_limit is not None and self.unlabelled_limit < 1:
            raise InputError("unlabelled_limit must be at least 1")
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
        for lang, times in (self.oversample or {}).items():
            if lang not in LANGUAGES:  # the languages the runtime reads postings as (posting_language)
                raise InputError(f"oversample: unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
            if not isinstance(times, int) or isinstance(times, bool) or times < 1:
                raise InputError(f"oversample[{lang!r}] must be a whole number of at least 1, not {times!r}")

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        """Read a TOML config (its keys under ``[train]`` or at the top). ``extends = "other.toml"``
        (relative to the file) takes that config's keys first, so a recipe's variant names only what
        it changes; the resolved config is what a model directory records."""
        data = _read_toml(Path(path), ())
        data.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_toml(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """One config file's keys over those of the file it ``extends`` (``chain``: the files that led here)."""
    if path.resolve() in chain:
        raise InputError(f"{path}: extends itself through {' → '.join(p.name for p in (*chain, path))}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: cannot read config ({err})") from None
    data = dict(data.get("train", data))
    unknown = set(data) - {f.name for f in fields(TrainConfig)} - {"extends"}
    if unknown:
        raise InputError(f"{path}: unknown keys {sorted(unknown)}")
    base = data.pop("extends", None)
    if base is None:
        return data
    if not isinstance(base, str) or not base:
        raise InputError(f"{path}: extends must name another config file, not {base!r}")
    return {**_read_toml(path.parent / base, (*chain, path.resolve())), **data}

