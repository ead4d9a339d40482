"""The exported model directory: reqtag.json (``config.ModelConfig``), tokenizer.json, model.onnx and
a README.md card. ``read`` verifies everything before anything is loaded; ``write`` is the only writer.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reqtag.errors import ModelError
from reqtag.inference.config import CONFIG, REQUIRED_FILES, ModelConfig, sha256

__all__ = ["CONFIG", "ModelDir", "default_model_path", "project_root", "read", "sha256", "write"]


@dataclass(frozen=True)
class ModelDir:
    """A verified model directory and its config."""

    path: Path
    config: ModelConfig

    @property
    def labels(self) -> tuple[str, ...]:
        return self.config.labels

    @property
    def tags(self) -> tuple[str, ...]:
        return self.config.tags

    def file(self, name: str) -> Path:
        """A file of the directory (names are confined to it by validation)."""
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
        raw = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise ModelError(f"{cfg_path}: not valid JSON ({str(err).splitlines()[0]})") from None
    config = ModelConfig.from_dict(raw, str(cfg_path))
    for name in set(REQUIRED_FILES) | {config.onnx.file}:
        if name not in config.files:
            raise ModelError(f"{cfg_path}: no checksum recorded for {name}")
    root = path.resolve()
    for name, meta in config.files.items():
        fp = path / name
        if not fp.resolve().is_relative_to(root):
            raise ModelError(f"{fp}: resolves outside the model directory")
        if not fp.is_file():
            raise ModelError(f"{fp}: missing")
        if verify:
            if fp.stat().st_size != meta["bytes"]:
                raise ModelError(f"{fp}: {fp.stat().st_size} bytes, expected {meta['bytes']} (truncated or replaced?)")
            if sha256(fp) != meta["sha256"]:
                raise ModelError(f"{fp}: sha256 does not match reqtag.json (file altered or damaged)")
    return ModelDir(path, config)


def write(path: str | Path, config: ModelConfig, files: tuple[str, ...] | None = None) -> ModelDir:
    """Write reqtag.json (atomically) with sha256 and size of ``files`` (default: tokenizer, ONNX)."""
    path = Path(path)
    names = files or tuple(dict.fromkeys(REQUIRED_FILES + (config.onnx.file,)))
    metas = {name: {"sha256": sha256(path / name), "bytes": (path / name).stat().st_size} for name in names}
    config = config.with_(files=metas)
    text = json.dumps(config.to_dict(), indent=1, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path, prefix=".reqtag.json.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path / CONFIG)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ModelDir(path, config)


def default_model_path() -> Path:
    """The shipped default model: inside the installed package, else models/ of a source checkout."""
    packaged = resources.files("reqtag") / "_models" / "default"
    if packaged.is_dir() and (packaged / CONFIG).is_file():
        return Path(str(packaged))
    checkout = project_root()
    if checkout is not None and (checkout / "models" / "reqtag-default" / CONFIG).is_file():
        return checkout / "models" / "reqtag-default"
    raise ModelError("the default model is not installed (no reqtag/_models/default and no models/reqtag-default); "
                     "pass a model directory")


def project_root() -> Path | None:
    """The source checkout this package runs from (holds pyproject.toml), or None when installed."""
    for root in Path(__file__).resolve().parents:
        if (root / "pyproject.toml").is_file() and (root / "src" / "reqtag").is_dir():
            return root
    return None
