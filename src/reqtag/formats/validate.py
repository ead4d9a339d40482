"""Validate annotation files: every problem, with file, line and posting id; nothing fixed."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..corpus import SPLITS, Record
from ..errors import Problem
from ..schema import LABELS
from ..text import edge_problem
from . import read_with_lines


def check_record(rec: Record, source: str, line: int | None, labels: Iterable[str] = LABELS) -> list[Problem]:
    """Every problem of one record's spans."""
    labels = set(labels)
    out: list[Problem] = []

    def add(code: str, msg: str) -> None:
        out.append(Problem(code, msg, source, line, rec.id))

    if rec.split is not None and rec.split not in SPLITS:
        add("bad-split", f"split {rec.split!r} is not one of {', '.join(SPLITS)}")
    n = len(rec.text)
    ordered = sorted(rec.spans, key=lambda s: (s.start, s.end))
    for s in ordered:
        where = f"span {s.start}-{s.end} {s.label}"
        if s.label not in labels:
            add("unknown-label", f"{where}: label {s.label!r} is not one of {', '.join(sorted(labels))}")
        if not (0 <= s.start < s.end <= n):
            add("offsets-out-of-range", f"{where}: offsets outside 0..{n} or empty")
            continue
        actual = rec.text[s.start:s.end]
        if s.text != actual:
            add("text-mismatch", f"{where}: stored text {s.text!r} but the posting has {actual!r} there")
            continue
        edge = edge_problem(actual)
        if edge:
            add("bad-edge", f"{where} {actual!r}: {edge}")
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            add("overlap", f"spans {a.start}-{a.end} {a.label} and {b.start}-{b.end} {b.label} overlap")
    return out


def validate(paths: Iterable[str | Path], labels: Iterable[str] = LABELS, fmt: str | None = None) -> tuple[int, list[Problem]]:
    """Validate files; returns (records read, problems). Duplicate ids are checked across files."""
    labels = tuple(labels)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    n = 0
    for path in paths:
        for item, line in read_with_lines(path, fmt):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            n += 1
            where = f"{path}:{line}" if line else str(path)
            if item.id in seen:
                problems.append(Problem("duplicate-id", f"id already used at {seen[item.id]}", str(path), line, item.id))
            else:
                seen[item.id] = where
            problems.extend(check_record(item, str(path), line, labels))
    return n, problems
