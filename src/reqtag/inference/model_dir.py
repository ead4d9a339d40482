"""The exported model directory: reqtag.json (``config.ModelConfig``), tokenizer.json, model.onnx and
a README.md card. ``read`` verifies everything before anything is loaded; ``write`` is the only writer.

A directory may hold per-language models (``config.languages``): each a complete model directory in
a sub-directory, whose reqtag.json the parent's checksums cover, so one sha256 chain seals the tree.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from reqtag.errors import ModelError
from reqtag.inference.config import CONFIG, REQUIRED_FILES, ModelConfig, sha256

__all__ = ["CONFIG", "ModelDir", "default_model_path", "file_names", "install_dir", "project_root", "read", "sha256",
           "swap_dirs", "write"]


@dataclass(frozen=True)
class ModelDir:
    """A verified model directory and its config."""

    path: Path
    config: ModelConfig
    #: language → the verified model directory that tags postings detected in it
    languages: dict[str, ModelDir] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.config.labels

    @property
    def tags(self) -> tuple[str, ...]:
        return self.config.tags

    def file(self, name: str) -> Path:
        """A file of the directory (names are confined to it by validation)."""
        return self.path / name

    def refits(self) -> list[str]:
        """The paths of this directory and of its per-language models whose networks are final fits (they
        learnt the dev postings, so nothing may be chosen or scored on them)."""
        return [str(m.path) for m in (self, *self.languages.values()) if m.config.refit]

    def for_language(self, language: str) -> ModelDir:
        """The single model this directory tags ``language`` postings with: that language's own model
        if it routes it, else its main model alone (the same files, no routing, checksums of its own)."""
        if language in self.languages:
            return self.languages[language]
        config = self.config.with_(languages={})
        own = set(_own_files(config))
        return ModelDir(self.path, config.with_(files={k: v for k, v in self.config.files.items() if k in own}))


def load_config(path: Path, config_name: str, kind: str, hint: str = "") -> dict[str, Any]:
    """The JSON config of a self-describing directory (a model, the ESCO linker); ModelError naming
    the file when the directory, the file or its JSON is missing or broken."""
    cfg_path = path / config_name
    if not path.is_dir():
        raise ModelError(f"{path}: {kind} directory not found")
    if not cfg_path.is_file():
        raise ModelError(f"{cfg_path}: missing (not a reqtag {kind} directory{hint})")
    try:
        raw = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise ModelError(f"{cfg_path}: not valid JSON ({str(err).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise ModelError(f"{cfg_path}: not a JSON object")
    return raw


def verify_files(path: Path, config_name: str, files: dict[str, Any], names, *, verify: bool = True) -> None:
    """Each of ``names`` has a recorded size and sha256, lies inside ``path``, exists and (``verify``)
    matches them; ModelError naming the file otherwise."""
    root = path.resolve()
    for name in names:
        meta = files.get(name)
        if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str) \
                or type(meta.get("bytes")) is not int:
            raise ModelError(f"{path / config_name}: no checksum recorded for {name}")
        fp = path / name
        if not fp.resolve().is_relative_to(root):
            raise ModelError(f"{fp}: resolves outside the {config_name} directory")
        if not fp.is_file():
            raise ModelError(f"{fp}: missing")
        if verify:
            if fp.stat().st_size != meta["bytes"]:
                raise ModelError(f"{fp}: {fp.stat().st_size} bytes, expected {meta['bytes']} (truncated or replaced?)")
            if sha256(fp) != meta["sha256"]:
                raise ModelError(f"{fp}: sha256 does not match {config_name} (file altered or damaged)")


def checksums(path: Path, names) -> dict[str, dict[str, Any]]:
    """Size and sha256 of each file, as recorded in a directory's config."""
    return {name: {"sha256": sha256(path / name), "bytes": (path / name).stat().st_size} for name in names}


def write_config(path: Path, config_name: str, data: dict[str, Any]) -> None:
    """Write a directory's JSON config atomically, readable by all (the directory ships)."""
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path, prefix=f".{config_name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private
        os.replace(tmp, path / config_name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path: str | Path, *, verify: bool = True) -> ModelDir:
    """Load and verify a model directory; ModelError naming the file on any problem."""
    path = Path(path)
    raw = load_config(path, CONFIG, "model", "; export one with `reqtag export`")
    config = ModelConfig.from_dict(raw, str(path / CONFIG))
    verify_files(path, CONFIG, config.files,
                 dict.fromkeys([*_own_files(config), *config.files]),
                 verify=verify)
    languages = {}
    for lang, sub in config.languages.items():
        routed = read(path / sub, verify=verify)
        if routed.config.languages:
            raise ModelError(f"{path / sub / CONFIG}: a per-language model cannot route languages itself")
        if routed.labels != config.labels:
            raise ModelError(f"{path / sub / CONFIG}: labels {list(routed.labels)} differ from "
                             f"{path / CONFIG}'s {list(config.labels)}")
        languages[lang] = routed
    return ModelDir(path, config, languages)


def write(path: str | Path, config: ModelConfig, files: tuple[str, ...] | None = None) -> ModelDir:
    """Write reqtag.json (atomically) with sha256 and size of ``files`` (default: tokenizer, ONNX and
    the reqtag.json of each per-language model)."""
    path = Path(path)
    names = files or _own_files(config)
    config = config.with_(files=checksums(path, names))
    write_config(path, CONFIG, config.to_dict())
    return read(path, verify=False)


def file_names(model: ModelDir) -> list[str]:
    """Every file ``model`` loads from, relative to its directory and its per-language models' included:
    what a copy of the model must carry (plus the card, README.md, which nothing loads)."""
    names = [CONFIG, *_own_files(model.config), *model.config.files]
    for lang, sub in model.languages.items():
        names += [f"{model.config.languages[lang]}/{n}" for n in file_names(sub)]
    return list(dict.fromkeys(names))


def _own_files(config: ModelConfig) -> tuple[str, ...]:
    """The files a model directory's config names: tokenizer, network, line gate, per-language configs."""
    gate = (config.line_gate.file,) if config.line_gate.file else ()
    return tuple(dict.fromkeys(REQUIRED_FILES + (config.onnx.file,) + _sub_configs(config) + gate))


def _sub_configs(config: ModelConfig) -> tuple[str, ...]:
    return tuple(f"{sub}/{CONFIG}" for sub in config.languages.values())


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


def install_dir(staged: Path, target: Path) -> None:
    """Put the directory built at ``staged`` in ``target``'s place in one step: exchanged with a non-empty
    ``target`` (whose old content is then removed), else renamed onto it; ``staged`` is gone afterwards."""
    if target.is_dir() and any(target.iterdir()):
        swap_dirs(staged, target)  # staged now holds the old content
        shutil.rmtree(staged, ignore_errors=True)
    else:
        if target.is_dir():
            target.rmdir()
        staged.rename(target)


def swap_dirs(new: Path, target: Path) -> None:
    """Exchange two directories atomically (Linux renameat2 RENAME_EXCHANGE); elsewhere two renames
    with the old one restored if the second fails. Afterwards ``new`` holds the old model."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        fn = getattr(libc, "renameat2", None)
        if fn is not None:
            at_fdcwd, rename_exchange = -100, 2
            if fn(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target), rename_exchange) == 0:
                return
    aside = new.with_name(new.name + ".old")
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(aside, target)
        raise
    os.rename(aside, new)
