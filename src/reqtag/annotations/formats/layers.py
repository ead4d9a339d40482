"""Files that annotate a corpus rather than hold postings: attribute layers and split tables.

Attribute layer (``*.attrs.jsonl``), standoff, one JSON object per line:

    {"id": "posting", "start": 4314, "end": 4331, "label": "DEGREE", "strength": "required"}
    {"id": "posting", "split": "test", "requirements": {...}}

A line with ``start``/``end``/``label`` adds its other keys to that gold span's attributes
(``Record.span_attrs``); a line without them adds its other keys to the posting
(``Record.attrs``), and a ``split`` there must equal the posting's. A line whose posting or span
is not in the corpus, or that gives a key a second, different value, is a Problem: attributes
never silently outlive the span they describe.

Why layers and not keys on the gold span records: the gold files are corrected by other work,
and strength and normalised values were judged separately for the seeds and the test split only;
standoff layers keep each judgement in its own file, and applying them to the corpus shows at
once which ones a span correction left behind.

Split table (``splits.json``): ``{"splits": {"train": [ids], ...}}`` (v1) plus, from v2,
``"version": 2``, ``"test_sha256"`` and ``"v1_test": [ids]`` (see formats/splits.py). Every posting of
the corpus must be in it under its own split, and every id in it must be in the corpus.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats._io import json_lines, read_text
from reqtag.errors import Problem

LAYER_SUFFIX = ".attrs.jsonl"
SPLITS_NAME = "splits.json"
_SPAN_KEYS = ("start", "end", "label")


@dataclass(frozen=True)
class AttrRow:
    """One line of an attribute layer."""

    id: str
    span: tuple[int, int, str] | None
    attrs: dict[str, Any]
    source: str
    line: int


def is_layer(path: Path) -> bool:
    return path.name.endswith(LAYER_SUFFIX)


def is_split_table(path: Path) -> bool:
    return path.name == SPLITS_NAME


def read_layer(path: str | Path) -> Iterator[AttrRow | Problem]:
    """The rows of an attribute layer, or Problems naming file and line."""
    source = str(path)
    for row, line in json_lines(path):
        if isinstance(row, Problem):
            yield row
            continue
        rid = row.get("id") if isinstance(row, dict) else None
        if not isinstance(rid, str) or not rid:
            yield Problem("missing-id", "attribute line has no string 'id'", source, line)
            continue
        has = [k in row for k in _SPAN_KEYS]
        if any(has) and not all(has):
            yield Problem("bad-attribute", "a span attribute line needs start, end and label", source, line, rid)
            continue
        span = None
        if all(has):
            if type(row["start"]) is not int or type(row["end"]) is not int or not isinstance(row["label"], str):
                yield Problem("bad-attribute", "start/end must be integers and label a string", source, line, rid)
                continue
            span = (row["start"], row["end"], row["label"])
        attrs = {k: v for k, v in row.items() if k not in ("id", *_SPAN_KEYS)}
        if not attrs:
            yield Problem("bad-attribute", "the line gives no attribute", source, line, rid)
            continue
        yield AttrRow(rid, span, attrs, source, line)


def read_split_table(path: str | Path) -> dict[str, str] | Problem:
    """id -> split of a splits.json (v1 or v2), or the Problem that stops it being one."""
    source = str(path)
    text = read_text(path)
    if isinstance(text, Problem):
        return text
    try:
        table = json.loads(text)
    except (ValueError, RecursionError) as err:
        return Problem("bad-json", f"not a split table ({type(err).__name__})", source)
    splits = table.get("splits") if isinstance(table, dict) else None
    if not isinstance(splits, dict) or not all(isinstance(v, list) and all(isinstance(i, str) for i in v)
                                               for v in splits.values()):
        return Problem("bad-split-table", "expected {\"splits\": {split: [ids]}}", source)
    out: dict[str, str] = {}
    for split, ids in splits.items():
        for i in ids:
            if i in out:
                return Problem("bad-split-table", f"{i} is listed in {out[i]} and {split}", source, None, i)
            out[i] = split
    return out


def apply(records: Iterable[Record], layers: Iterable[Path], tables: Iterable[Path]) -> list[Problem]:
    """Merge attribute layers into the records (in place) and check them against split tables."""
    problems: list[Problem] = []
    by_id = {r.id: r for r in records}
    spans = {r.id: {(s.start, s.end, s.label) for s in r.spans} for r in by_id.values()}
    origin: dict[tuple, str] = {}  # (id, span, key) -> "file:line" that set it
    for path in layers:
        for row in read_layer(path):
            if isinstance(row, Problem):
                problems.append(row)
                continue

            def problem(code: str, msg: str, row: AttrRow = row) -> None:
                problems.append(Problem(code, msg, row.source, row.line, row.id))

            rec = by_id.get(row.id)
            if rec is None:
                problem("orphan-attribute", "no posting with this id in the corpus")
                continue
            if row.span is not None and row.span not in spans[row.id]:
                s, e, label = row.span
                problem("orphan-attribute", f"no gold span {s}-{e} {label} in this posting (was it corrected?)")
                continue
            target = rec.span_attrs.setdefault(row.span, {}) if row.span is not None else rec.attrs
            for key, value in row.attrs.items():
                if row.span is None and key == "split":
                    if value != rec.split:
                        problem("split-mismatch", f"the layer says split {value!r}, the posting {rec.split!r}")
                    continue
                where = (row.id, row.span, key)
                if key in target and target[key] != value:
                    problem("conflicting-attribute", f"{key!r} is also set, differently, by "
                            f"{origin.get(where, 'the posting itself')}")
                    continue
                target[key] = value
                origin[where] = f"{row.source}:{row.line}"
    for path in tables:
        table = read_split_table(path)
        if isinstance(table, Problem):
            problems.append(table)
            continue
        for rid, rec in by_id.items():
            if rid not in table:
                problems.append(Problem("not-in-splits", f"posting is not in {path}", str(path), None, rid))
            elif rec.split != table[rid]:
                problems.append(Problem("split-mismatch", f"{path} puts it in {table[rid]}, the posting says "
                                        f"{rec.split!r}", str(path), None, rid))
        for rid in sorted(set(table) - set(by_id)):
            problems.append(Problem("missing-posting", f"listed in {table[rid]} but not in the corpus", str(path),
                                    None, rid))
    return problems
