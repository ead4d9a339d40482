"""Postings from files, folders, globs and stdin, one ``Item`` per posting, never raising on bad data.

Decoding policy: UTF-8; bytes that are not UTF-8 are replaced with U+FFFD and the record says so
(``decoding: "utf-8-replace"``). A file with NUL bytes or mostly control characters is binary and
is reported, not tagged. An empty or whitespace-only posting is reported, not tagged.
"""
from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Item:
    """One input posting (or the problem that stops it being one) and where it came from."""

    id: str
    source: str
    line: int | None
    text: str | None = None
    problem: Problem | None = None
    decoding: str = "utf-8"

    @property
    def key(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8-replace"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return ctrl / len(head) > 0.1


def expand(inputs: Iterable[str]) -> list[str]:
    """Paths from files, folders (recursively, sorted) and globs; '-' stays stdin."""
    out: list[str] = []
    for raw in inputs:
        if raw == "-":
            out.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file())
        elif p.exists() or p.is_symlink():
            out.append(raw)
        else:
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise InputError(f"{raw}: no such file, folder or glob match")
            out.extend(m for m in matches if Path(m).is_file())
    return out


def _jsonl_items(lines: Iterable[bytes], source: str, text_field: str, id_field: str) -> Iterator[Item]:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        line, decoding = _decode(raw)
        default_id = f"{source}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield Item(default_id, source, n, problem=Problem("bad-json", f"invalid JSON ({err.msg})", source, n, default_id))
            continue
        if not isinstance(row, dict):
            yield Item(default_id, source, n, problem=Problem("not-an-object", "line is not a JSON object", source, n, default_id))
            continue
        rid = str(row[id_field]) if row.get(id_field) is not None else default_id
        text = row.get(text_field)
        if not isinstance(text, str):
            what = "missing" if text is None else f"a {type(text).__name__}, not a string"
            yield Item(rid, source, n, problem=Problem("missing-text", f"field {text_field!r} is {what}", source, n, rid))
            continue
        if not text.strip():
            yield Item(rid, source, n, problem=Problem("empty", "empty posting", source, n, rid))
            continue
        yield Item(rid, source, n, text=text, decoding=decoding)


def _file_items(path: str, text_field: str, id_field: str, jsonl: bool | None) -> Iterator[Item]:
    is_jsonl = jsonl if jsonl is not None else path.lower().endswith(JSONL_SUFFIXES)
    try:
        if is_jsonl:
            with open(path, "rb") as f:
                yield from _jsonl_items(f, path, text_field, id_field)
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        yield Item(path, path, None, problem=Problem("unreadable", err.strerror or str(err), path, None, path))
        return
    if _looks_binary(data):
        yield Item(path, path, None, problem=Problem("binary", "binary file, not text", path, None, path))
        return
    text, decoding = _decode(data)
    if not text.strip():
        yield Item(path, path, None, problem=Problem("empty", "empty posting", path, None, path))
        return
    yield Item(path, path, None, text=text, decoding=decoding)


def read_items(inputs: Iterable[str], *, text_field: str = "text", id_field: str = "id",
               jsonl: bool | None = None) -> Iterator[Item]:
    """Items from all inputs, in order. ``jsonl``: force (True/False) or guess by suffix (None).

    stdin ('-') is JSONL when its first non-blank byte is '{', else one posting.
    """
    for path in expand(inputs):
        if path != "-":
            yield from _file_items(path, text_field, id_field, jsonl)
            continue
        data = sys.stdin.buffer.read()
        if jsonl or (jsonl is None and data.lstrip()[:1] == b"{"):
            # split on "\n" only, as files are read: a stray "\r" inside a record must not cut it
            yield from _jsonl_items(data.split(b"\n"), "-", text_field, id_field)
        elif _looks_binary(data):
            yield Item("-", "-", None, problem=Problem("binary", "binary input, not text", "-", None, "-"))
        else:
            text, decoding = _decode(data)
            if text.strip():
                yield Item("-", "-", None, text=text, decoding=decoding)
            else:
                yield Item("-", "-", None, problem=Problem("empty", "empty posting", "-", None, "-"))
