"""doccano sequence-labelling JSONL (``*.doccano.jsonl``), one posting per line.

    {"id": 7, "text": "...", "label": [[0, 5, "DEGREE"], ...]}
    {"id": 7, "text": "...", "entities": [{"start_offset": 0, "end_offset": 5, "label": "DEGREE"}]}

Offsets: doccano's editor counts JavaScript UTF-16 code units (doccano#99, #2484), and its
exports carry no span text to check them against. So a line may declare its unit with a
top-level ``"offsets": "codepoints" | "utf16"`` (doccano keeps unknown keys as metadata). When it
does not, and a span follows an astral character (emoji), a span text carried as a 4th item of a
``label`` triple or an entity's ``"text"`` decides as in Label Studio (``resolve_offsets``); with no
span text the line is an "ambiguous-offsets" Problem rather than a guess.

A ``ref``, when present, must resolve under the shared folder to exactly the line's text.

Writing: ``label`` triples in Python code points, with ``"offsets": "codepoints"`` on every line,
plus id, split, ref and provenance. Per-span attributes (e.g. strength) are not written.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats._io import atomic_output, json_lines
from reqtag.annotations.formats.labelstudio import RawSpan, resolve_offsets
from reqtag.annotations.formats.native import ref_problem
from reqtag.errors import Problem


def _raw_spans(row: dict[str, Any]) -> list[RawSpan] | str:
    """The spans of a line as stated, or why they cannot be read."""
    out: list[RawSpan] = []
    if "entities" in row:
        if "label" in row:
            return "the line has both 'entities' and 'label': keep one"
        ents = row["entities"]
        if not isinstance(ents, list):
            return "'entities' is not a list"
        for k, e in enumerate(ents):
            start = e.get("start_offset", e.get("start")) if isinstance(e, dict) else None
            end = e.get("end_offset", e.get("end")) if isinstance(e, dict) else None
            if type(start) is not int or type(end) is not int or not isinstance(e.get("label"), str):
                return f"entity #{k} needs integer start_offset/end_offset and a string label"
            text = e.get("text")
            out.append(RawSpan(start, end, e["label"], text if isinstance(text, str) else None))
        return out
    labels = row.get("label", [])
    if not isinstance(labels, list):
        return "'label' is not a list"
    for k, t in enumerate(labels):
        if isinstance(t, str):
            return "'label' holds plain strings: a text-classification export, not sequence labelling"
        if not isinstance(t, list) or len(t) not in (3, 4) or type(t[0]) is not int or type(t[1]) is not int \
                or not isinstance(t[2], str) or (len(t) == 4 and not isinstance(t[3], str)):
            return f"label #{k} is not [start, end, label] (or [start, end, label, text])"
        out.append(RawSpan(t[0], t[1], t[2], t[3] if len(t) == 4 else None))
    return out


def record_from_dict(row: Any, source: str, line: int, fallback_id: str) -> Record | list[Problem]:
    """One doccano line → Record, or the Problems that stop it being one."""
    rid = row.get("id") if isinstance(row, dict) else None
    rid = str(rid) if isinstance(rid, (str, int)) and not isinstance(rid, bool) and rid != "" else None

    def problem(code: str, msg: str) -> list[Problem]:
        return [Problem(code, msg, source, line, rid)]

    if not isinstance(row, dict):
        return problem("not-an-object", "line is not a JSON object")
    text = row.get("text", row.get("data"))  # doccano 1.x exported the text as "data"
    if not isinstance(text, str):
        return problem("missing-text", "line has no string 'text'")
    raw = _raw_spans(row)
    if isinstance(raw, str):
        return problem("bad-span", raw)
    unit = row.get("offsets")
    if unit not in (None, "codepoints", "utf16"):
        return problem("bad-offsets", f"'offsets' is {unit!r}: use 'codepoints' or 'utf16'")
    spans, bad = resolve_offsets(text, raw, unit)
    if bad:
        return [Problem(c, m, source, line, rid) for c, m in bad]
    if row.get("split") is not None and not isinstance(row.get("split"), str):
        return problem("bad-split", "'split' is not a string")
    if not isinstance(row.get("provenance") or {}, dict):
        return problem("bad-provenance", "'provenance' is not an object")
    ref = row.get("ref")
    wrong = ref_problem(text, ref)
    if wrong:
        return problem(*wrong)
    return Record(rid or fallback_id, text, spans, row.get("split"), ref, row.get("provenance") or {})


def read_with_lines(path: str | Path) -> Iterator[tuple[Record | Problem, int | None]]:
    """(Record or Problem, line number) for each non-blank line."""
    source = str(path)
    stem = Path(path).name.removesuffix(".jsonl").removesuffix(".doccano")
    for row, lineno in json_lines(path):
        if isinstance(row, Problem):
            yield row, (lineno or None)
            continue
        out = record_from_dict(row, source, lineno, f"{stem}-{lineno}")
        for item in out if isinstance(out, list) else [out]:
            yield item, lineno


def read(path: str | Path) -> Iterator[Record | Problem]:
    """Records from a doccano JSONL file, or Problems naming file, line and id."""
    for item, _ in read_with_lines(path):
        yield item


def record_to_dict(rec: Record) -> dict[str, Any]:
    d: dict[str, Any] = {"id": rec.id, "text": rec.text,
                         "label": [[s.start, s.end, s.label] for s in sorted(rec.spans)], "offsets": "codepoints"}
    for key in ("split", "ref", "provenance"):
        if getattr(rec, key):
            d[key] = getattr(rec, key)
    return d


def write(records: Iterable[Record], path: str | Path, problems: list[Problem] | None = None) -> int:
    """Write doccano JSONL (code-point offsets, declared on each line); returns how many lines."""
    n = 0
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8", errors="backslashreplace") as f:
        for rec in records:
            f.write(json.dumps(record_to_dict(rec), ensure_ascii=False) + "\n")
            n += 1
    return n
