"""Validate annotation files: every problem, with file, line and posting id; nothing fixed."""
from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from reqtag.annotations.corpus import SPLITS, Record
from reqtag.annotations.formats import rulebook
from reqtag.errors import Problem
from reqtag.schema import LABELS
from reqtag.text import edge_problem, overlaps


def check_record(rec: Record, source: str, line: int | None, labels: Iterable[str] = LABELS) -> list[Problem]:
    """Every problem of one record's spans and hard negatives."""
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
    for a, b in pairwise(ordered):
        if b.start < a.end:
            add("overlap", f"spans {a.start}-{a.end} {a.label} and {b.start}-{b.end} {b.label} overlap")
    rules = rulebook.not_rules()
    negs = sorted(rec.negatives)
    for g in negs:
        where = f"negative {g.start}-{g.end} NOT:{g.rule}"
        if g.rule not in rules:
            add("unknown-rule", f"{where}: rule {g.rule!r} is not one of {', '.join(rules)}")
        if not (0 <= g.start < g.end <= n):
            add("offsets-out-of-range", f"{where}: offsets outside 0..{n} or empty")
            continue
        if g.text != rec.text[g.start:g.end]:
            add("text-mismatch", f"{where}: stored text {g.text!r} but the posting has "
                                 f"{rec.text[g.start:g.end]!r} there")
        hit = next((s for s in ordered if overlaps(s, g)), None)
        if hit is not None:
            add("negative-overlaps-span", f"{where} overlaps span {hit.start}-{hit.end} {hit.label}: a hard "
                                          "negative marks words that are NOT a span")
    for g, h in pairwise(negs):
        if h.start < g.end:
            add("overlap", f"negatives {g.start}-{g.end} NOT:{g.rule} and {h.start}-{h.end} NOT:{h.rule} overlap")
    return out


def validate(paths: Iterable[str | Path], labels: Iterable[str] = LABELS,
             fmt: str | None = None) -> tuple[int, list[Problem]]:
    """Validate files and folders as one corpus; returns (records read, problems).

    Duplicate ids are checked across files; attribute layers and split tables in the set are
    checked against the records (formats.layers).
    """
    from reqtag.annotations.formats import read_corpus

    corpus = read_corpus(paths, fmt, check=True, labels=labels)
    return len(corpus.records) + sum(p.code == "duplicate-id" for p in corpus.problems), corpus.problems
