"""reqtag's native annotation format: JSONL, one posting per line.

    {"id": "...", "text": "..."  | "ref": {"file": "seeds/000_x.txt"} | {"file": "...jsonl", "id": "..."},
     "spans": [{"start": 0, "end": 5, "label": "DEGREE", "text": "...", "strength": "required"?}],
     "split": "train|dev|test|seeds", "provenance": {"annotator": "...", "method": "..."}}

Offsets are half-open character offsets into the text (Python str indices, i.e. code points).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..corpus import Record, resolve_ref
from ..errors import InputError, Problem
from ._io import json_lines
from ..schema import Span

_SPAN_KEYS = {"start", "end", "label", "text", "score"}


def record_from_dict(row: Any, source: str, line: int) -> Record | Problem:
    """One JSON object → Record, or the first Problem that stops it being one."""
    def problem(code: str, msg: str) -> Problem:
        rid = row.get("id") if isinstance(row, dict) else None
        return Problem(code, msg, source, line, rid if isinstance(rid, str) else None)

    if not isinstance(row, dict):
        return problem("not-an-object", "line is not a JSON object")
    rid = row.get("id")
    if not isinstance(rid, str) or not rid:
        return problem("missing-id", "record has no string 'id'")
    ref = row.get("ref")
    if "text" in row:
        text = row["text"]
        if not isinstance(text, str):
            return problem("bad-text", "'text' is not a string")
    elif isinstance(ref, dict) and isinstance(ref.get("file"), str):
        try:
            text = resolve_ref(ref)
        except InputError as err:
            return problem("missing-shared-text", str(err))
    else:
        return problem("missing-text", "record has neither 'text' nor a 'ref' {file[, id]}")
    spans_raw = row.get("spans", [])
    if not isinstance(spans_raw, list):
        return problem("bad-spans", "'spans' is not a list")
    spans: list[Span] = []
    attrs: dict[tuple[int, int, str], dict[str, Any]] = {}
    for k, s in enumerate(spans_raw):
        if not isinstance(s, dict) or not all(isinstance(s.get(x), int) for x in ("start", "end")) \
                or not isinstance(s.get("label"), str):
            return problem("bad-span", f"span #{k} needs integer start/end and a string label")
        stored = s.get("text")
        # Keep the stored text (not a fresh slice) so the validator can see a mismatch.
        span_text = stored if isinstance(stored, str) else text[max(0, s["start"]):max(0, s["end"])]
        span = Span(s["start"], s["end"], s["label"], span_text, s.get("score"))
        spans.append(span)
        extra = {key: v for key, v in s.items() if key not in _SPAN_KEYS}
        if extra:
            attrs[(span.start, span.end, span.label)] = extra
    return Record(id=rid, text=text, spans=spans, split=row.get("split"),
                  ref=ref if isinstance(ref, dict) else None,
                  provenance=row.get("provenance") or {}, span_attrs=attrs)


def read(path: str | Path) -> Iterator[Record | Problem]:
    """Yield a Record per line, or a Problem naming the file, line and id; blank lines skipped."""
    for item, _ in read_with_lines(path):
        yield item


def read_with_lines(path: str | Path) -> Iterator[tuple[Record | Problem, int]]:
    """(Record or Problem, line number) for each non-blank line."""
    source = str(path)
    for row, lineno in json_lines(path):
        if isinstance(row, Problem):
            yield row, lineno
            continue
        yield record_from_dict(row, source, lineno), lineno


def record_to_dict(rec: Record, *, standoff: bool = True) -> dict[str, Any]:
    """Record → JSON object; a record with a ref stores no text when ``standoff``."""
    d: dict[str, Any] = {"id": rec.id}
    if rec.ref and standoff:
        d["ref"] = rec.ref
    else:
        d["text"] = rec.text
    spans = []
    for s in sorted(rec.spans):
        sd = s.to_dict()
        sd.update(rec.span_attrs.get((s.start, s.end, s.label), {}))
        spans.append(sd)
    d["spans"] = spans
    if rec.split:
        d["split"] = rec.split
    if rec.provenance:
        d["provenance"] = rec.provenance
    return d


def write(records: Iterable[Record], out: str | Path | IO[str], *, standoff: bool = True) -> int:
    """Write records as JSONL; returns how many were written."""
    def _dump(f: IO[str]) -> int:
        n = 0
        for rec in records:
            f.write(json.dumps(record_to_dict(rec, standoff=standoff), ensure_ascii=False) + "\n")
            n += 1
        return n

    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as f:
            return _dump(f)
    return _dump(out)
