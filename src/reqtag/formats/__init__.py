"""Annotation formats: one module per format, one registry here.

``read(path)`` yields Records or Problems; ``write(records, path, fmt)`` writes them.
The format is taken from ``fmt`` or guessed from the file name.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..corpus import Record
from ..errors import InputError, Problem

#: name -> module under reqtag.formats holding read(path) / write(records, path)
FORMATS = {
    "native": "native",
    "labelstudio": "labelstudio",
    "doccano": "doccano",
    "docbin": "docbin",
    "conll": "conll",
}
_SUFFIX = {".jsonl": "native", ".json": "labelstudio", ".spacy": "docbin", ".conll": "conll", ".bio": "conll"}


def detect(path: str | Path, fmt: str | None = None) -> str:
    """The format name for a path: ``fmt`` if given, else by suffix (doccano: ``*.doccano.jsonl``)."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        return fmt
    name = Path(path).name
    if name.endswith(".doccano.jsonl"):
        return "doccano"
    guess = _SUFFIX.get(Path(path).suffix.lower())
    if guess is None:
        raise InputError(f"{path}: cannot tell the annotation format from the name; pass --format")
    return guess


def _module(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")


def read_with_lines(path: str | Path, fmt: str | None = None) -> Iterator[tuple[Record | Problem, int | None]]:
    """(Record or Problem, line) pairs; line is the JSONL line for line-based formats."""
    mod = _module(detect(path, fmt))
    reader = getattr(mod, "read_with_lines", None)
    if reader is not None:
        yield from reader(path)
        return
    for item in mod.read(path):
        yield item, (item.line if isinstance(item, Problem) else None)


def read(path: str | Path, fmt: str | None = None) -> Iterator[Record | Problem]:
    """Records (or Problems) from an annotation file of any known format."""
    for item, _ in read_with_lines(path, fmt):
        yield item


def load(paths: Iterable[str | Path], fmt: str | None = None) -> list[Record]:
    """All records of the given files or folders (``*.jsonl`` inside folders); any Problem raises."""
    from ..errors import AnnotationError

    records: list[Record] = []
    problems: list[Problem] = []
    for path in expand(paths):
        for item in read(path, fmt):
            (problems if isinstance(item, Problem) else records).append(item)  # type: ignore[arg-type]
    if problems:
        raise AnnotationError(problems)
    return records


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders become their ``*.jsonl`` files, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.jsonl")))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return out


def write(records: Iterable[Record], path: str | Path, fmt: str | None = None) -> int:
    """Write records in a format; returns how many were written."""
    return _module(detect(path, fmt)).write(records, path)
