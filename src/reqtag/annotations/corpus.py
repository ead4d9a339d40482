"""Annotated postings and where their texts live.

A record either carries its text or refers to a text in the shared folder beside the project
(standoff: real postings are never copied into the project). ``shared_root()`` finds that folder.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reqtag.errors import InputError
from reqtag.schema import Span

SPLITS = ("train", "dev", "test", "seeds")


@dataclass(frozen=True, slots=True, order=True)
class Negative:
    """An untagged hard-negative occurrence: ``text[start:end]`` is NOT a span, by SCHEMA.md rule ``rule``.

    Written as ``[text](NOT:rule)`` in inline markup; rule names live in formats/rules.toml.
    """

    start: int
    end: int
    rule: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "rule": self.rule, "text": self.text}


@dataclass
class Record:
    """One annotated posting: its text, gold spans, hard negatives, split and provenance."""

    id: str
    text: str
    spans: list[Span] = field(default_factory=list)
    split: str | None = None
    ref: dict[str, str] | None = None  # {"file": path under shared/, "id": posting id in a JSONL}
    provenance: dict[str, Any] = field(default_factory=dict)
    # Per-span attributes that are not part of the span itself (e.g. requirement strength),
    # keyed by (start, end, label).
    span_attrs: dict[tuple[int, int, str], dict[str, Any]] = field(default_factory=dict)
    # Untagged hard-negative occurrences (never spans; see Negative).
    negatives: list[Negative] = field(default_factory=list)
    # Posting-level attributes from attribute layers (e.g. the gold structured "requirements").
    attrs: dict[str, Any] = field(default_factory=dict)


def shared_root() -> Path | None:
    """The shared folder: $REQTAG_SHARED, else the ``shared/`` beside the checkout this package runs from.

    Never looked up from the working directory, so a command means the same wherever it is run.
    """
    env = os.environ.get("REQTAG_SHARED")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "SCHEMA.md").is_file():
            return parent / "shared"
    return None


def read_text_file(path: Path) -> str:
    """Read a posting file as UTF-8 exactly as stored: CRLF kept (newline=''), nothing repaired."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


class RefError(InputError):
    """A standoff reference that cannot be resolved; ``code`` names why (for Problems)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@lru_cache(maxsize=8)
def _jsonl_texts(path: str) -> dict[str, str]:
    """id -> text of a JSONL file of postings; InputError naming file and line when it is not one."""
    texts: dict[str, str] = {}
    try:
        with open(path, "rb") as f:
            for lineno, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    row = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as err:
                    raise RefError("bad-shared-text", f"{path}:{lineno}: not UTF-8 ({err.reason})") from None
                except (ValueError, RecursionError) as err:  # bad JSON, huge ints, deep nesting
                    raise RefError("bad-shared-text",
                                   f"{path}:{lineno}: not a JSONL posting ({type(err).__name__})") from None
                if not isinstance(row, dict) or not isinstance(row.get("id"), str) \
                        or not isinstance(row.get("text"), str):
                    raise RefError("bad-shared-text", f"{path}:{lineno}: not a posting with a string 'id' and 'text'")
                texts[row["id"]] = row["text"]
    except OSError as err:
        raise RefError("bad-shared-text", f"{path}: {err.strerror or err}") from None
    return texts


def ref_path(ref: Any, root: Path) -> Path:
    """The file a standoff reference names, confined to ``root``; InputError otherwise.

    Why: a record's ``ref.file`` comes from an annotation file, which may be hostile; it must
    never make reqtag read (and copy into an output) a file outside the shared folder.
    """
    if not isinstance(ref, dict) or not isinstance(ref.get("file"), str) or not ref["file"]:
        raise RefError("bad-ref", "'ref' needs a string 'file' (and optionally a string 'id')")
    if "id" in ref and not isinstance(ref["id"], str):
        raise RefError("bad-ref", "'ref.id' is not a string")
    name = ref["file"]
    if "\0" in name:
        raise RefError("bad-ref", f"shared text {name!r}: not a file name")
    base = root.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise RefError("bad-ref", f"shared text {name!r} lies outside the shared folder {root}")
    if not path.is_file():
        raise RefError("missing-shared-text", f"shared text {name} not found under {root}")
    return path


def resolve_ref(ref: dict[str, str], root: Path | None = None) -> str:
    """The text a standoff reference points to; InputError naming what is missing or wrong."""
    root = root or shared_root()
    if root is None:
        raise RefError("missing-shared-text",
                       "the shared folder was not found: set REQTAG_SHARED to the folder holding SCHEMA.md")
    path = ref_path(ref, root)
    if "id" in ref:
        texts = _jsonl_texts(str(path))
        if ref["id"] not in texts:
            raise RefError("missing-shared-text", f"posting {ref['id']} not found in {ref['file']}")
        return texts[ref["id"]]
    try:
        return read_text_file(path)
    except UnicodeDecodeError as err:
        raise RefError("bad-shared-text", f"shared text {ref['file']}: not UTF-8 ({err.reason})") from None
    except OSError as err:
        raise RefError("bad-shared-text", f"shared text {ref['file']}: {err.strerror or err}") from None


def shared_postings(root: Path | None = None) -> list[tuple[str, dict[str, str], str]]:
    """Every real posting in the shared folder as (id, ref, text): the seeds, SkillSpan, EURES (Spanish)."""
    root = root or shared_root()
    if root is None:
        return []
    out = []
    for path in sorted((root / "seeds").glob("*.txt")):
        ref = {"file": f"seeds/{path.name}"}
        out.append((f"seed-{path.stem}", ref, read_text_file(path)))
    for name in ("skillspan/postings.jsonl", "eures-es/postings.jsonl"):
        jsonl = root / name
        if jsonl.is_file():
            for pid, text in _jsonl_texts(str(jsonl)).items():
                out.append((pid, {"file": name, "id": pid}, text))
    return out
