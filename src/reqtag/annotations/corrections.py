"""Corrections to gold spans, kept as an audit trail: a change file in, corrected records and counts out.

A change file (``*.changes.jsonl``, skipped when a folder is read as a corpus) is JSONL, one
change per line::

    {"id": "written-012", "action": "remove", "start": 10, "end": 25, "label": "DEGREE", "reason": "...",
     "source": "audit"}
    {"id": "written-012", "action": "add", "start": 10, "end": 18, "label": "DEGREE", "reason": "...",
     "source": "audit"}

(each change on one line in the file; wrapped here to fit)

Offsets only: the texts stay where they are (standoff for real postings). Each change is checked
against the record before anything is applied, and the counts say what kind of correction it
was — per posting and label, a removed span and an added span of the same label that overlap are
one *boundary* fix; on the same characters with another label, one *label* fix; an add alone is a
*missing* span, a remove alone a *spurious* one.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reqtag.errors import AnnotationError, Problem
from reqtag.schema import LABELS, Span
from reqtag.text import overlaps, trim

if TYPE_CHECKING:
    from reqtag.annotations.corpus import Record

ACTIONS = ("add", "remove")
KINDS = ("boundary", "label", "missing", "spurious")


@dataclass(frozen=True)
class Change:
    """One correction to one posting's gold spans."""

    id: str
    action: str
    start: int
    end: int
    label: str
    reason: str = ""
    source: str = ""


@dataclass
class Report:
    """What a change file did: counts per (label, kind) and per source."""

    kinds: Counter = field(default_factory=Counter)  # (label, kind) -> n
    sources: Counter = field(default_factory=Counter)
    postings: set[str] = field(default_factory=set)
    # where each removed gold span went: its boundary/label fix, or None when it was dropped
    moved: dict[tuple[str, int, int, str], tuple[int, int, str] | None] = field(default_factory=dict)
    attrs_rekeyed: int = 0
    attrs_dropped: int = 0
    negatives_dropped: int = 0  # hard-negative marks under a span that a correction added

    def table(self) -> str:
        """A markdown table of corrections per label and kind."""
        rows = ["| label | " + " | ".join(KINDS) + " | total |", "|---" * (len(KINDS) + 2) + "|"]
        for label in (*LABELS, "all"):
            counts = [sum(n for (lb, k), n in self.kinds.items() if k == kind and label in (lb, "all"))
                      for kind in KINDS]
            rows.append(f"| {label} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
        return "\n".join(rows)


def read_changes(path: str | Path) -> list[Change]:
    """Parse a change file; AnnotationError listing every malformed line (file:line)."""
    changes, problems = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                change = Change(str(row["id"]), row["action"], row["start"], row["end"], row["label"],
                                str(row.get("reason", "")), str(row.get("source", "")))
            except (ValueError, KeyError, TypeError) as err:
                problems.append(Problem("bad-change", f"not a change ({err})", str(path), lineno))
                continue
            if change.action not in ACTIONS or change.label not in LABELS \
                    or not all(type(v) is int for v in (change.start, change.end)) \
                    or not 0 <= change.start < change.end:
                problems.append(Problem("bad-change", f"invalid action/label/offsets in {row}", str(path), lineno,
                                        change.id))
                continue
            changes.append(change)
    if problems:
        raise AnnotationError(problems, "\n".join(map(str, problems)))
    return changes


def apply_changes(records: Sequence, changes: Iterable[Change]) -> Report:
    """Apply changes to records (``corpus.Record``) in place, all or nothing; returns the counts.

    Refused (AnnotationError naming each change): an unknown posting, a remove that matches no
    span, an add outside the text, with whitespace/punctuation at an edge, or overlapping a span
    that remains.
    """
    by_id = {r.id: r for r in records}
    grouped: dict[str, list[Change]] = {}
    for c in changes:
        grouped.setdefault(c.id, []).append(c)
    problems: list[Problem] = []
    new_spans: dict[str, list[Span]] = {}
    report = Report()
    for pid, mine in grouped.items():
        rec = by_id.get(pid)
        if rec is None:
            problems.append(Problem("unknown-posting", "no such posting in the corpus", "", None, pid))
            continue
        keys = {(s.start, s.end, s.label): s for s in rec.spans}
        removed = [c for c in mine if c.action == "remove"]
        added = [c for c in mine if c.action == "add"]
        for c in removed:
            if keys.pop((c.start, c.end, c.label), None) is None:
                problems.append(Problem("no-such-span", f"remove {c.label} [{c.start},{c.end}) matches no gold span",
                                        "", None, pid))
        spans = list(keys.values())
        for c in added:
            if c.end > len(rec.text) or trim(rec.text, c.start, c.end) != (c.start, c.end):
                problems.append(Problem("bad-span", f"add {c.label} [{c.start},{c.end}) is outside the text or has "
                                        "whitespace/punctuation at an edge", "", None, pid))
                continue
            clash = [s for s in spans if overlaps(s, c)]
            if clash:
                problems.append(Problem("overlap", f"add {c.label} [{c.start},{c.end}) overlaps {clash[0].label} "
                                        f"[{clash[0].start},{clash[0].end})", "", None, pid))
                continue
            spans.append(Span(c.start, c.end, c.label, rec.text[c.start:c.end]))
        new_spans[pid] = sorted(spans)
        _count(pid, removed, added, report)
        report.postings.add(pid)
        report.sources.update(c.source for c in mine)
    if problems:
        raise AnnotationError(problems, "\n".join(map(str, problems)))
    for pid, spans in new_spans.items():
        rec = by_id[pid]
        rec.spans = spans
        keep = [n for n in rec.negatives if not any(overlaps(s, n) for s in spans)]
        report.negatives_dropped += len(rec.negatives) - len(keep)
        rec.negatives = keep
    return report


def summarise(changes: Iterable[Change]) -> Report:
    """Counts per label and kind of a change file, without a corpus (e.g. after it was applied)."""
    report = Report()
    grouped: dict[str, list[Change]] = {}
    for c in changes:
        grouped.setdefault(c.id, []).append(c)
    for pid, mine in grouped.items():
        _count(pid, [c for c in mine if c.action == "remove"], [c for c in mine if c.action == "add"], report)
        report.postings.add(pid)
        report.sources.update(c.source for c in mine)
    return report


def _count(pid: str, removed: list[Change], added: list[Change], report: Report) -> None:
    used: set[int] = set()
    for r in removed:
        match = next((i for i, a in enumerate(added) if i not in used and overlaps(a, r)
                      and (a.label == r.label or (a.start, a.end) == (r.start, r.end))), None)
        if match is None:
            report.kinds[(r.label, "spurious")] += 1
            report.moved[(pid, r.start, r.end, r.label)] = None
            continue
        used.add(match)
        a = added[match]
        report.moved[(pid, r.start, r.end, r.label)] = (a.start, a.end, a.label)
        report.kinds[(r.label, "boundary" if a.label == r.label else "label")] += 1
        # a boundary fix that splits one span into several adds the rest as missing spans
        for j, extra in enumerate(added):
            if j not in used and extra.label == r.label and extra.start < r.end and r.start < extra.end:
                used.add(j)
                report.kinds[(extra.label, "missing")] += 1
    for i, a in enumerate(added):
        if i not in used:
            report.kinds[(a.label, "missing")] += 1


def _requirements_rekeyed(requirements: dict, pid: str, report: Report) -> bool:
    """Move the offsets of a posting's gold requirements (its spans, each option's degree, experience and fields,
    each set's range) with the boundary fixes of its spans; whether any moved. A span whose fix changed its label
    or that was removed is named by the record: the record must be rebuilt, so the correction is refused."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    gone: set[tuple[int, int]] = set()
    for (rid, start, end, label), new in report.moved.items():
        if rid != pid:
            continue
        if new is None or new[2] != label:
            gone.add((start, end))
        else:
            starts[start], ends[end] = new[0], new[1]
    changed = False

    def walk(node: object) -> None:
        nonlocal changed
        if isinstance(node, dict):
            if (node.get("start"), node.get("end")) in gone:
                raise AnnotationError([], f"{pid}: the requirements layer names a span ({node['start']}-{node['end']}) "
                                          "that the corrections remove or relabel; rebuild that posting's row instead")
            if node.get("start") in starts:
                node["start"], changed = starts[node["start"]], True
            if node.get("end") in ends:
                node["end"], changed = ends[node["end"]], True
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(requirements)
    return changed


def correct_corpus(paths: Sequence[str | Path], changes: Sequence[Change]) -> Report:
    """Apply changes to the native gold files under ``paths`` and re-key their attribute layers.

    All or nothing: every file is rewritten (atomically) only after every change has been checked.
    Attributes of a span whose boundary or label was fixed move to the corrected span; those of a
    removed span are dropped and counted.
    """
    from reqtag.annotations import formats
    from reqtag.annotations.formats import layers, native

    files = [p for p in formats.expand(paths) if formats.kind_of(p) == "records" and formats.detect(p) == "native"]
    per_file: dict[Path, list] = {}
    problems: list[Problem] = []
    for path in files:
        recs: list[Record] = []
        for item in native.read(path):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                recs.append(item)
        per_file[path] = recs
    if problems:
        raise AnnotationError(problems, "\n".join(map(str, problems)))
    all_records = [r for recs in per_file.values() for r in recs]
    report = apply_changes(all_records, changes)
    touched = {r.id for r in all_records if r.id in report.postings}
    layer_rows: dict[Path, list[str]] = {}
    for path in formats.expand(paths):
        if not layers.is_layer(path):
            continue
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and "start" not in row and row.get("id") in touched and isinstance(row.get("requirements"), dict):
                # a requirements row names its spans by offsets at every level (spans, options, set ranges)
                if _requirements_rekeyed(row["requirements"], row["id"], report):
                    report.attrs_rekeyed += 1
                    line = json.dumps(row, ensure_ascii=False)
            elif row and "start" in row and row.get("id") in touched:
                key = (row["id"], row["start"], row["end"], row["label"])
                if key in report.moved:
                    new = report.moved[key]
                    if new is None:
                        report.attrs_dropped += 1
                        continue
                    row.update(start=new[0], end=new[1], label=new[2])
                    report.attrs_rekeyed += 1
                    line = json.dumps(row, ensure_ascii=False)
            out.append(line)
        layer_rows[path] = out
    for path, recs in per_file.items():
        if any(r.id in touched for r in recs):
            native.write(recs, path, standoff=True)
    for path, rows in layer_rows.items():
        text = "\n".join(rows) + "\n"
        if text != path.read_text(encoding="utf-8"):
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    return report
