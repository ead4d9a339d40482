"""The one interface every annotation format implements, and the features a format may carry.

A format is a ``Format`` object: its name, the file names it claims, ``read`` (path → (Record or
Problem, line) pairs) and ``write`` (records → file, lossy changes appended to ``problems``), and
the record features it carries. Whatever a format does not carry is a declared loss, reported by
``convert`` for every record that has it, never dropped silently.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError, Problem

#: feature -> what a record loses when a format does not carry it
FEATURES: dict[str, str] = {
    "exact-text": "the text byte for byte (whitespace, line ends)",
    "overlaps": "overlapping spans",
    "split": "the split",
    "ref": "the standoff reference (the text is stored instead)",
    "provenance": "the provenance",
    "span-attrs": "per-span attributes (e.g. strength)",
    "negatives": "hard negatives (NOT: rule occurrences)",
    "record-attrs": "posting-level attributes (e.g. structured requirements)",
}

Reader = Callable[[Path], Iterator[tuple[Record | Problem, int | None]]]
Writer = Callable[[Iterable[Record], Path, "list[Problem] | None"], int]


@dataclass(frozen=True)
class Format:
    """One annotation format behind the common interface."""

    name: str
    description: str
    #: file-name endings it claims, longest first wins across formats ("x.doccano.jsonl" is doccano)
    suffixes: tuple[str, ...]
    reader: Reader
    writer: Writer | None = None
    carries: frozenset[str] = field(default_factory=frozenset)
    #: losses beyond the feature list (e.g. CoNLL's spans off token boundaries)
    notes: str = ""

    @property
    def losses(self) -> frozenset[str]:
        """The features of FEATURES this format does not carry."""
        return frozenset(FEATURES) - self.carries

    @property
    def writable(self) -> bool:
        return self.writer is not None

    def read(self, path: str | Path) -> Iterator[tuple[Record | Problem, int | None]]:
        """(Record or Problem, line) for everything in the file; never raises on bad content."""
        return self.reader(Path(path))

    def write(self, records: Iterable[Record], path: str | Path, problems: list[Problem] | None = None) -> int:
        """Write records atomically; lossy changes are appended to ``problems`` (without it, the
        lossy writers sum them up in one UserWarning)."""
        if self.writer is None:
            raise InputError(f"{self.name} is read-only: {self.notes or 'it cannot be written'}")
        return self.writer(records, Path(path), problems)


def has_feature(rec: Record, feature: str) -> bool:
    """Whether a record holds something of ``feature`` that a format could lose."""
    if feature == "exact-text":
        return True  # whether whitespace changes is the format's business (CoNLL reports it in notes)
    if feature == "overlaps":
        spans = sorted(rec.spans)
        return any(b.start < a.end for a, b in pairwise(spans))
    value = {"split": rec.split, "ref": rec.ref, "provenance": rec.provenance, "span-attrs": rec.span_attrs,
             "negatives": rec.negatives, "record-attrs": rec.attrs}[feature]
    return bool(value)
