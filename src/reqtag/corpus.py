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

from .errors import InputError
from .schema import Span

SPLITS = ("train", "dev", "test", "seeds")


@dataclass
class Record:
    """One annotated posting: its text, gold spans, split and provenance."""

    id: str
    text: str
    spans: list[Span] = field(default_factory=list)
    split: str | None = None
    ref: dict[str, str] | None = None  # {"file": path under shared/, "id": posting id in a JSONL}
    provenance: dict[str, Any] = field(default_factory=dict)
    # Per-span attributes that are not part of the span itself (e.g. requirement strength),
    # keyed by (start, end, label).
    span_attrs: dict[tuple[int, int, str], dict[str, Any]] = field(default_factory=dict)


def shared_root() -> Path | None:
    """The shared folder: $REQTAG_SHARED, else a ``shared/`` beside a parent of cwd or of this package."""
    env = os.environ.get("REQTAG_SHARED")
    if env:
        return Path(env)
    for start in (Path.cwd(), Path(__file__).resolve()):
        for parent in (start, *start.parents):
            if (parent / "shared" / "SCHEMA.md").is_file():
                return parent / "shared"
    return None


def read_text_file(path: Path) -> str:
    """Read a posting file as UTF-8 exactly as stored: CRLF kept (newline=''), nothing repaired."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@lru_cache(maxsize=8)
def _jsonl_texts(path: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                texts[row["id"]] = row["text"]
    return texts


def resolve_ref(ref: dict[str, str], root: Path | None = None) -> str:
    """The text a standoff reference points to; InputError naming what is missing."""
    root = root or shared_root()
    if root is None:
        raise InputError("the shared folder was not found: set REQTAG_SHARED to the folder holding SCHEMA.md")
    path = root / ref["file"]
    if not path.is_file():
        raise InputError(f"shared text {ref['file']} not found under {root}")
    if "id" in ref:
        texts = _jsonl_texts(str(path))
        if ref["id"] not in texts:
            raise InputError(f"posting {ref['id']} not found in {ref['file']}")
        return texts[ref["id"]]
    return read_text_file(path)


def shared_postings(root: Path | None = None) -> list[tuple[str, dict[str, str], str]]:
    """Every real posting in the shared folder as (id, ref, text): the seeds, then SkillSpan."""
    root = root or shared_root()
    if root is None:
        return []
    out = []
    for path in sorted((root / "seeds").glob("*.txt")):
        ref = {"file": f"seeds/{path.name}"}
        out.append((f"seed-{path.stem}", ref, read_text_file(path)))
    jsonl = root / "skillspan" / "postings.jsonl"
    if jsonl.is_file():
        for pid, text in _jsonl_texts(str(jsonl)).items():
            out.append((pid, {"file": "skillspan/postings.jsonl", "id": pid}, text))
    return out
