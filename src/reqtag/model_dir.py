"""The exported model directory: reqtag.json (config, labels, checksums, scores), tokenizer.json,
model.onnx and a README.md card. ``read`` verifies everything before anything is loaded.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ModelError
from .schema import tags_for

FORMAT_VERSION = 1
CONFIG = "reqtag.json"
REQUIRED = ("tokenizer.json", "model.onnx")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class ModelDir:
    """A verified model directory and its parsed reqtag.json."""

    path: Path
    config: dict[str, Any]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.config["labels"])

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.config["tags"])

    def file(self, name: str) -> Path:
        return self.path / name


def read(path: str | Path, *, verify: bool = True) -> ModelDir:
    """Load and verify a model directory; ModelError naming the file on any problem."""
    path = Path(path)
    cfg_path = path / CONFIG
    if not path.is_dir():
        raise ModelError(f"{path}: model directory not found")
    if not cfg_path.is_file():
        raise ModelError(f"{cfg_path}: missing (not a reqtag model directory; export one with `reqtag export`)")
    try:
        config = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{cfg_path}: not valid JSON ({err})") from None
    if not isinstance(config, dict) or config.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{cfg_path}: format_version {config.get('format_version') if isinstance(config, dict) else None!r}"
                         f" is not {FORMAT_VERSION}; re-export the model with this reqtag")
    labels, tags = config.get("labels"), config.get("tags")
    if not isinstance(labels, list) or not labels or tuple(tags or ()) != tags_for(labels):
        raise ModelError(f"{cfg_path}: 'tags' do not match the BIO tags derived from 'labels'")
    files = config.get("files", {})
    for name in REQUIRED:
        if name not in files:
            raise ModelError(f"{cfg_path}: no checksum recorded for {name}")
    for name, meta in files.items():
        fp = path / name
        if not fp.is_file():
            raise ModelError(f"{fp}: missing")
        if verify:
            if fp.stat().st_size != meta.get("bytes"):
                raise ModelError(f"{fp}: {fp.stat().st_size} bytes, expected {meta.get('bytes')} (truncated or replaced?)")
            if sha256(fp) != meta.get("sha256"):
                raise ModelError(f"{fp}: sha256 does not match reqtag.json (file altered or damaged)")
    return ModelDir(path, config)


def write_config(path: str | Path, config: dict[str, Any], files: list[str] | None = None) -> ModelDir:
    """Write reqtag.json with sha256 and size of ``files`` (default: tokenizer.json, model.onnx)."""
    path = Path(path)
    cfg = dict(config)
    cfg["format_version"] = FORMAT_VERSION
    cfg["tags"] = list(tags_for(cfg["labels"]))
    cfg["files"] = {name: {"sha256": sha256(path / name), "bytes": (path / name).stat().st_size}
                    for name in (files or list(REQUIRED))}
    (path / CONFIG).write_text(json.dumps(cfg, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return ModelDir(path, cfg)


def default_model_path() -> Path:
    """The shipped default model: inside the installed package, else models/ of a source checkout."""
    packaged = resources.files("reqtag") / "_models" / "default"
    if packaged.is_dir() and (packaged / CONFIG).is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "models" / "reqtag-default"
    if (checkout / CONFIG).is_file():
        return checkout
    raise ModelError("the default model is not installed (no reqtag/_models/default and no models/reqtag-default); "
                     "pass a model directory")
