"""Label Studio JSON export: a list of tasks.

    [{"id": 1, "data": {"text": "...", "id": "posting-id", "split": "train"},
      "annotations": [{"result": [{"type": "labels", "from_name": "label", "to_name": "text",
                                   "value": {"start": 0, "end": 5, "text": "...", "labels": ["DEGREE"]}}]}]}]

Reading: the record id is ``data.id`` (else the task ``id``); the first annotation that was not
cancelled is used (other annotators' versions are ignored); a task without one is a Problem
("not-annotated"), never an empty record. Each result gives one span per label.

Offsets: Label Studio counts JavaScript UTF-16 code units (label-studio#1347), so after an emoji
its offsets run one unit per astral character ahead of Python's. Every span's ``value.text`` is
compared with ``text[start:end]``; when it differs and the text has astral characters, the offsets
are read as UTF-16 units and converted (see ``resolve_offsets``). Anything that still differs is
a "text-mismatch" Problem and the task is skipped: never silently fixed.

An annotation may declare its unit, ``"offsets": "codepoints" | "utf16"`` beside its ``result``
(as doccano lines do); then the offsets are read in that unit only, and span texts still checked.
``data.ref``, when present, must resolve under the shared folder to exactly ``data.text``.

Writing: offsets are Python code points (what reqtag uses everywhere), declared on each annotation
(``"offsets": "codepoints"``), with ``value.text`` so any reader can check them. ``data`` keeps id,
split, ref and provenance; per-span attributes (e.g. strength) are not written.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats._io import atomic_output, is_error, loads, read_text_lenient
from reqtag.annotations.formats.native import ref_problem
from reqtag.errors import Problem
from reqtag.schema import Span


class RawSpan(NamedTuple):
    """A span as an export states it: offsets in an unknown unit, and its text when it has one."""

    start: int
    end: int
    label: str
    text: str | None


def _utf16_to_cp(text: str) -> list[int | None]:
    """For each UTF-16 unit offset 0..len16: the code-point offset, None inside a surrogate pair."""
    table: list[int | None] = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) > 0xFFFF:
            table.append(None)
    table.append(len(text))
    return table


def resolve_offsets(text: str, raw: list[RawSpan],
                    unit: str | None = None) -> tuple[list[Span], list[tuple[str, str]]]:
    """Spans in code points, or ``[]`` and (code, message) pairs saying why they cannot be trusted.

    ``unit`` is "codepoints" or "utf16" when the file declares it; otherwise the stored span
    texts decide: code points if they all match, else UTF-16 units if they all match that way.
    Without span texts, offsets in a text with astral characters are ambiguous and reported.
    """
    astral = any(ord(c) > 0xFFFF for c in text)
    table = _utf16_to_cp(text) if astral else None

    def convert(s: int, e: int) -> tuple[int, int] | None:
        if table is None:
            return s, e
        if not (0 <= s <= e < len(table)):
            return None
        cs, ce = table[s], table[e]
        return None if cs is None or ce is None else (cs, ce)

    def check(as_utf16: bool) -> tuple[list[Span], list[tuple[str, str]]]:
        spans: list[Span] = []
        bad: list[tuple[str, str]] = []
        for r in raw:
            pos = convert(r.start, r.end) if as_utf16 else (r.start, r.end)
            if pos is None or not 0 <= pos[0] < pos[1] <= len(text):
                bad.append(("offsets-out-of-range",
                            f"span {r.start}-{r.end} {r.label}: offsets outside 0..{len(text)} or empty"))
                continue
            actual = text[pos[0]:pos[1]]
            if r.text is not None and r.text != actual:
                bad.append(("text-mismatch", f"span {r.start}-{r.end} {r.label}: the export says {r.text!r} "
                                             f"but the text has {actual!r} there"))
                continue
            spans.append(Span(pos[0], pos[1], r.label, actual))
        return spans, bad

    if unit in ("codepoints", "utf16") or not astral:
        spans, bad = check(unit == "utf16" and astral)
        return ([] if bad else spans), bad
    as_cp, bad_cp = check(False)
    as_16, bad_16 = check(True)
    if bad_cp and not bad_16:
        return as_16, []
    if bad_cp:  # neither reading fits: report the one with offsets in range, saying both were tried
        def out_of_range(bad: list[tuple[str, str]]) -> int:
            return sum(c == "offsets-out-of-range" for c, _ in bad)

        if out_of_range(bad_16) < out_of_range(bad_cp):
            return [], [(c, f"{m} (offsets read as UTF-16 units; as code points they fit no better)")
                        for c, m in bad_16]
        return [], [(c, f"{m} (read as UTF-16 units too)") for c, m in bad_cp]
    if not bad_16 and as_cp != as_16:
        # Both readings fit (no span text refutes either) and they disagree: report, never guess.
        r = next(r for r, a, b in zip(raw, as_cp, as_16, strict=True) if a != b)
        return [], [("ambiguous-offsets", f"span {r.start}-{r.end} {r.label} follows an astral character (emoji): "
                     "its offsets could be code points or UTF-16 units, and no span text tells which")]
    return as_cp, []


def _task_positions(src: str) -> Iterator[tuple[int, int, int, Any] | Problem]:
    """(line, start, end, task) for each task of a JSON list (or a single task object), with real
    line numbers; a Problem where the file stops being a task list (it ends there)."""
    dec = json.JSONDecoder()
    n = len(src)

    def skip(i: int) -> int:
        while i < n and src[i] in " \t\r\n":
            i += 1
        return i

    def line_at(i: int) -> int:
        return src.count("\n", 0, i) + 1

    i = skip(0)
    if i < n and src[i] == "{":
        value = loads(src)
        if is_error(value):
            yield Problem(value[0], value[1], "", line_at(i))
        else:
            yield line_at(i), i, n, value
        return
    if i >= n or src[i] != "[":
        yield Problem("bad-json", "expected a JSON list of tasks", "", line_at(i))
        return
    i = skip(i + 1)
    while i < n and src[i] != "]":
        try:
            task, end = dec.raw_decode(src, i)
        except json.JSONDecodeError as err:
            if err.pos >= n:
                yield Problem("truncated", "the file ends inside a task: the export looks truncated", "", line_at(i))
            else:
                yield Problem("bad-json", f"invalid JSON ({err.msg} at column {err.colno})", "", err.lineno)
            return
        except RecursionError:
            yield Problem("bad-json", "JSON nested too deeply", "", line_at(i))
            return
        except ValueError as err:  # huge integers
            yield Problem("bad-json", f"unusable JSON value ({err})", "", line_at(i))
            return
        yield line_at(i), i, end, task
        i = skip(end)
        if i < n and src[i] == ",":
            i = skip(i + 1)
        elif i < n and src[i] != "]":
            yield Problem("bad-json", "expected ',' or ']' between tasks", "", line_at(i))
            return
    if i >= n:
        yield Problem("truncated", "the task list is not closed by ']': the export looks truncated", "", line_at(n))
        return
    rest = skip(i + 1)
    if rest < n:
        yield Problem("bad-json", "text after the end of the task list", "", line_at(rest))


def _record(task: Any, source: str, line: int) -> Record | list[Problem]:
    def problem(code: str, msg: str, rid: str | None = None) -> list[Problem]:
        return [Problem(code, msg, source, line, rid)]

    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        return problem("bad-task", "task is not an object with a 'data' object")
    data = task["data"]
    rid = data.get("id", task.get("id"))
    if not isinstance(rid, (str, int)) or isinstance(rid, bool) or rid == "":
        return problem("missing-id", "task has no 'id' and no 'data.id'")
    rid = str(rid)
    text = data.get("text")
    if not isinstance(text, str):
        return problem("missing-text", "task has no string 'data.text'", rid)
    if data.get("split") is not None and not isinstance(data.get("split"), str):
        return problem("bad-split", "'data.split' is not a string", rid)
    if not isinstance(data.get("provenance") or {}, dict):
        return problem("bad-provenance", "'data.provenance' is not an object", rid)
    if not isinstance(task.get("annotations") or [], list):
        return problem("bad-task", "'annotations' is not a list", rid)
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not annotations:
        return problem("not-annotated", "task has no annotation that was not cancelled", rid)
    results = annotations[0].get("result") or []
    raw: list[RawSpan] = []
    for k, res in enumerate(results if isinstance(results, list) else [None]):
        value = res.get("value") if isinstance(res, dict) else None
        if isinstance(res, dict) and res.get("type") not in (None, "labels"):
            continue  # relations, choices, ...: not spans
        if not isinstance(value, dict) or not all(type(value.get(x)) is int for x in ("start", "end")) \
                or not isinstance(value.get("labels"), list) or not value["labels"] \
                or not all(isinstance(lab, str) for lab in value["labels"]):
            return problem("bad-span", f"result #{k} needs integer value.start/end and value.labels", rid)
        stored = value.get("text")
        for lab in value["labels"]:
            raw.append(RawSpan(value["start"], value["end"], lab, stored if isinstance(stored, str) else None))
    unit = annotations[0].get("offsets")
    if unit not in (None, "codepoints", "utf16"):
        return problem("bad-offsets", f"annotation 'offsets' is {unit!r}: use 'codepoints' or 'utf16'", rid)
    spans, bad = resolve_offsets(text, raw, unit)
    if bad:
        return [Problem(c, m, source, line, rid) for c, m in bad]
    ref = data.get("ref")
    wrong = ref_problem(text, ref)
    if wrong:
        return problem(wrong[0], f"data.ref: {wrong[1]}", rid)
    return Record(rid, text, spans, data.get("split"), ref, data.get("provenance") or {})


def read_with_lines(path: str | Path) -> Iterator[tuple[Record | Problem, int | None]]:
    """(Record or Problem, line where its task starts).

    A byte that is not UTF-8 costs only the task that holds it ("bad-encoding" on its line); a file
    that ends before its list is closed is a "truncated" Problem, never a clean read.
    """
    source = str(path)
    got = read_text_lenient(path)
    if isinstance(got, Problem):
        yield got, None
        return
    src, bad_lines = got
    for item in _task_positions(src):
        if isinstance(item, Problem):
            code = "bad-encoding" if item.line in bad_lines else item.code
            msg = "not UTF-8 (an undecodable byte)" if code == "bad-encoding" and code != item.code else item.message
            yield Problem(code, msg, source, item.line), item.line
            continue
        line, start, end, task = item
        inside = [ln for ln in bad_lines if line <= ln <= line + src.count("\n", start, end)]
        if inside:
            rid = task.get("data", {}).get("id", task.get("id")) if isinstance(task, dict) and \
                isinstance(task.get("data", {}), dict) else None
            yield Problem("bad-encoding", f"not UTF-8: an undecodable byte on line {inside[0]}", source, inside[0],
                          str(rid) if isinstance(rid, (str, int)) and not isinstance(rid, bool) else None), inside[0]
            continue
        out = _record(task, source, line)
        for x in out if isinstance(out, list) else [out]:
            yield x, line


def read(path: str | Path) -> Iterator[Record | Problem]:
    """Records from a Label Studio export, or Problems naming file, line and task id."""
    for item, _ in read_with_lines(path):
        yield item


def record_to_task(rec: Record, task_id: int) -> dict[str, Any]:
    data: dict[str, Any] = {"text": rec.text, "id": rec.id}
    for key in ("split", "ref", "provenance"):
        if getattr(rec, key):
            data[key] = getattr(rec, key)
    result = [{"id": f"r{k}", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
               "value": {"start": s.start, "end": s.end, "text": rec.text[s.start:s.end], "labels": [s.label]}}
              for k, s in enumerate(sorted(rec.spans))]
    # The unit is declared on the annotation reqtag wrote, not in ``data``: Label Studio keeps
    # ``data`` but rebuilds annotations on export, so an annotation edited there (UTF-16 offsets)
    # comes back undeclared and is read as before.
    return {"id": task_id, "data": data, "annotations": [{"result": result, "offsets": "codepoints"}]}


def write(records: Iterable[Record], path: str | Path, problems: list[Problem] | None = None) -> int:
    """Write a Label Studio task list (code-point offsets), atomically; returns how many tasks."""
    tasks = [record_to_task(rec, k) for k, rec in enumerate(records, 1)]
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8", errors="backslashreplace") as f:
        json.dump(tasks, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(tasks)
