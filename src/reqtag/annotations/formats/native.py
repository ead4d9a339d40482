"""reqtag's native annotation format: JSONL, one posting per line.

    {"id": "...", "text": "..."  | "ref": {"file": "seeds/000_x.txt"} | {"file": "...jsonl", "id": "..."},
     "spans": [{"start": 0, "end": 5, "label": "DEGREE", "text": "...", "strength": "required"?}],
     "negatives": [{"start": 9, "end": 15, "rule": "age", "text": "..."}]?,
     "attrs": {...}?,
     "split": "train|dev|test|seeds", "provenance": {"annotator": "...", "method": "..."}}

A record has exactly one of ``text`` and ``ref``, and no top-level key but these (anything else, a
typo such as ``"span"`` or a doccano line in a ``.jsonl`` file, is a Problem, never ignored).
Offsets are half-open character offsets into the text (Python str indices, i.e. code points);
``start``/``end`` must be JSON integers (``true`` is not 1). ``ref.file`` is a path under the shared
folder and may not leave it. ``negatives`` are untagged hard-negative occurrences (rule names:
formats/rules.toml). Native carries every record feature: nothing is lost.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from reqtag.annotations.corpus import Negative, Record, RefError, resolve_ref
from reqtag.annotations.formats._io import atomic_output, json_lines
from reqtag.errors import Problem
from reqtag.schema import Span

_SPAN_KEYS = {"start", "end", "label", "text", "score"}
#: the top-level keys of a native record; any other key is a Problem (a typo such as "span", or
#: another format's file named ``.jsonl``), never silently ignored
RECORD_KEYS = ("id", "text", "ref", "spans", "negatives", "attrs", "split", "provenance")
_HINTS = {"label": "a doccano export? name it *.doccano.jsonl", "entities": "a doccano export? name it *.doccano.jsonl",
          "span": "did you mean 'spans'?", "negative": "did you mean 'negatives'?", "data": "a doccano 1.x export? "
          "name it *.doccano.jsonl"}


def ref_problem(text: str, ref: Any) -> tuple[str, str] | None:
    """(code, message) when a record that stores its text also has a ``ref`` that is not an
    object, cannot be resolved (a path outside the shared folder included) or names another text.

    Why: formats that always carry the text (Label Studio, doccano, DocBin) keep the ref too, and
    native output keeps only the ref: a text that differs from its ref's would be lost silently.
    """
    if ref is None:
        return None
    if not isinstance(ref, dict):
        return "bad-ref", "'ref' is not an object {file[, id]}"
    try:
        shared = resolve_ref(ref)
    except RefError as err:
        return err.code, str(err)
    if shared != text:
        return "ref-text-mismatch", f"the text differs from the shared text its ref {ref.get('file')!r} names"
    return None


def _int(x: Any) -> bool:
    return type(x) is int  # bool is an int subclass: "start": true is not an offset


def record_from_dict(row: Any, source: str, line: int) -> Record | Problem:
    """One JSON object → Record, or the first Problem that stops it being one."""
    def problem(code: str, msg: str) -> Problem:
        rid = row.get("id") if isinstance(row, dict) else None
        return Problem(code, msg, source, line, rid if isinstance(rid, str) else None)

    if not isinstance(row, dict):
        return problem("not-an-object", "line is not a JSON object")
    unknown = [k for k in row if k not in RECORD_KEYS]
    if unknown:
        key = unknown[0]
        hint = f" ({_HINTS[key]})" if isinstance(key, str) and key in _HINTS else ""
        return problem("unknown-key", f"unknown key {key!r}{hint}: a native record has only {', '.join(RECORD_KEYS)}")
    rid = row.get("id")
    if not isinstance(rid, str) or not rid:
        return problem("missing-id", "record has no string 'id'")
    ref = row.get("ref")
    if "text" in row and "ref" in row:
        return problem("text-and-ref", "record has both 'text' and 'ref': keep exactly one")
    if "text" in row:
        text = row["text"]
        if not isinstance(text, str):
            return problem("bad-text", "'text' is not a string")
    elif isinstance(ref, dict):
        try:
            text = resolve_ref(ref)
        except RefError as err:
            return problem(err.code, str(err))
    elif "ref" in row:
        return problem("bad-ref", "'ref' is not an object {file[, id]}")
    else:
        return problem("missing-text", "record has neither 'text' nor a 'ref' {file[, id]}")
    spans_raw = row.get("spans", [])
    if not isinstance(spans_raw, list):
        return problem("bad-spans", "'spans' is not a list")
    spans: list[Span] = []
    attrs: dict[tuple[int, int, str], dict[str, Any]] = {}
    for k, s in enumerate(spans_raw):
        if not isinstance(s, dict) or not all(_int(s.get(x)) for x in ("start", "end")) \
                or not isinstance(s.get("label"), str):
            return problem("bad-span", f"span #{k} needs integer start/end and a string label")
        score = s.get("score")
        if score is not None and (type(score) not in (int, float) or score != score):
            return problem("bad-span", f"span #{k}: 'score' is not a number")
        if "text" in s and not isinstance(s["text"], str):
            return problem("bad-span", f"span #{k}: 'text' is not a string")
        # Keep the stored text (not a fresh slice) so the validator can see a mismatch.
        span_text = s["text"] if "text" in s else text[max(0, s["start"]):max(0, s["end"])]
        span = Span(s["start"], s["end"], s["label"], span_text, score)
        spans.append(span)
        extra = {key: v for key, v in s.items() if key not in _SPAN_KEYS}
        if extra:
            attrs[(span.start, span.end, span.label)] = extra
    negs_raw = row.get("negatives", [])
    if not isinstance(negs_raw, list):
        return problem("bad-negatives", "'negatives' is not a list")
    negatives: list[Negative] = []
    for k, n in enumerate(negs_raw):
        if not isinstance(n, dict) or not _int(n.get("start")) or not _int(n.get("end")) \
                or not isinstance(n.get("rule"), str) or ("text" in n and not isinstance(n["text"], str)):
            return problem("bad-negative", f"negative #{k} needs integer start/end, a string rule and a string text")
        stored = n["text"] if "text" in n else text[max(0, n["start"]):max(0, n["end"])]
        negatives.append(Negative(n["start"], n["end"], n["rule"], stored))
    split = row.get("split")
    if split is not None and not isinstance(split, str):
        return problem("bad-split", "'split' is not a string")
    provenance = row.get("provenance") or {}
    if not isinstance(provenance, dict):
        return problem("bad-provenance", "'provenance' is not an object")
    rec_attrs = row.get("attrs") or {}
    if not isinstance(rec_attrs, dict):
        return problem("bad-attrs", "'attrs' is not an object")
    return Record(id=rid, text=text, spans=spans, split=split,
                  ref=ref if isinstance(ref, dict) else None,
                  provenance=provenance, span_attrs=attrs, negatives=negatives, attrs=rec_attrs)


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
    if rec.negatives:
        d["negatives"] = [n.to_dict() for n in sorted(rec.negatives)]
    if rec.attrs:
        d["attrs"] = rec.attrs
    if rec.split:
        d["split"] = rec.split
    if rec.provenance:
        d["provenance"] = rec.provenance
    return d


def dumps(rec: Record, *, standoff: bool = True) -> str:
    """One record as its JSONL line (no newline)."""
    d = record_to_dict(rec, standoff=standoff)
    line = json.dumps(d, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: \u escapes keep the line valid UTF-8 and JSON
        line = json.dumps(d)
    return line


def write(records: Iterable[Record], out: str | Path | IO[str], problems: list[Problem] | None = None, *,
          standoff: bool = True) -> int:
    """Write records as JSONL (atomically when ``out`` is a path); returns how many were written."""
    def _dump(f: IO[str]) -> int:
        n = 0
        for rec in records:
            f.write(dumps(rec, standoff=standoff) + "\n")
            n += 1
        return n

    if isinstance(out, (str, Path)):
        with atomic_output(out) as tmp, open(tmp, "w", encoding="utf-8") as f:
            return _dump(f)
    return _dump(out)
