"""Batch tagging of many postings to a file: whole records, in input order, resumable, failures kept.

What holds (README, "Tag postings / Guarantees", says it for users):

* One output record per input record, in input order; a record that cannot be read, tagged,
  extracted or written becomes an error record, never a lost chunk.
* ``--out`` is never an input: an output that is, resolves to or hard-links to an input is refused
  before anything is opened for writing. ``--out`` is locked (``flock``) while a run writes it.
* Every record carries ``fingerprint`` = ``<input record hash>.<run settings hash>`` (inputs.py
  hashes the input's resolved path, the line number and the record's bytes). Records are written
  in input order, so an interrupted file holds a prefix of the run. ``--resume`` reads the file as
  a stream and checks, reading only, that it is reqtag output of the asked format whose records
  match the inputs one by one; only then is a torn tail cut back to the last whole record and the
  rest appended. Any mismatch is refused with nothing changed.
* A record's completion is explicit: a JSONL record is one line ending in a newline; a CSV record
  is a block of rows whose ``row`` column counts ``1/n`` … ``n/n``, each row newline-terminated.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import math
import os
import queue
import re
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reqtag.batch.inputs import (
    MAX_RECORD_BYTES,
    Item,
    Source,
    expand_sources,
    input_bytes,
    printable,
    read_sources,
    source_identity,
)
from reqtag.errors import InputError, ModelError, ReqtagError
from reqtag.langid import detect_language

FORMATS = ("jsonl", "csv", "html")
CSV_FIELDS = ("id", "source", "line", "language", "start", "end", "label", "text", "score", "error")
#: per-span columns added by --structured
CSV_STRUCTURED = ("strength", "value")
#: last columns of every row: which input record (and run) it came from, and its place in the record
CSV_TRAILER = ("fingerprint", "row")
#: A cell starting with one of these gets a leading ' (OWASP "CSV injection"; ASVS 1.2.10):
#: spreadsheets would run it as a formula. "'" is in the set so that dropping one leading ' always
#: gives the value back.
FORMULA_START = frozenset("=+-@\t\r\n\0'\uff1d\uff0b\uff0d\uff20")
#: inclusive bounds of the numeric options; --threads is bounded by the CPU count
LIMITS = {"chunk": (1, 100_000), "batch_size": (1, 1024), "max_bytes": (1, 1 << 31)}

_FP = re.compile(r"[0-9a-f]{16}\.[0-9a-f]{8}")
_ROW = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")


class OptionError(InputError):
    """A bad option value: a usage error (exit 2)."""

    exit_code = 2


class OutputError(ReqtagError):
    """--out cannot be used or written."""


class Interrupted(ReqtagError):
    """The run was interrupted (Ctrl-C): says what was written and how to go on (exit 130)."""

    exit_code = 130


#: per-span column added by --link esco: the span's top ESCO matches as JSON
CSV_LINKS = ("esco",)


def csv_fields(structured: bool = False, links: bool = False) -> tuple[str, ...]:
    """The CSV header for plain, ``--structured`` and/or ``--link esco`` output."""
    return CSV_FIELDS + (CSV_STRUCTURED if structured else ()) + (CSV_LINKS if links else ()) + CSV_TRAILER


def csv_escape(value: Any) -> Any:
    """A cell safe to open in a spreadsheet: a string starting with a ``FORMULA_START`` character
    gets a leading ``'``."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def csv_unescape(cell: str) -> str:
    """The value of a cell written by ``csv_escape``."""
    return cell.removeprefix("'")


# ----------------------------------------------------------------------------- writing records


def _record(item: Item, spans: Sequence[Any], requirements: dict | None, fp: str, error: str | None,
            language: str | None = None, links: Sequence[Sequence[Any]] | None = None) -> dict:
    rec: dict = {"id": item.id, "source": item.source}
    if item.line is not None:
        rec["line"] = item.line
    if item.problem is not None:
        rec["error"] = f"{item.problem.code}: {item.problem.message}"
    elif error is not None:
        rec["error"] = error
    else:
        if language is not None:
            rec["language"] = language
        rec["spans"] = [s.to_dict() for s in spans]
        if links is not None:  # --link esco: each COMPETENCY span's best ESCO skills
            for span, matches in zip(rec["spans"], links, strict=True):
                if span["label"] == "COMPETENCY":
                    span["esco"] = [m.to_dict() for m in matches]
        if requirements is not None:
            rec["requirements"] = requirements
        if item.decoding != "utf-8":
            rec["decoding"] = item.decoding
    rec["fingerprint"] = fp
    return rec


def _jsonl_bytes(rec: dict, structured: bool, links: bool = False) -> bytes:
    return (json.dumps(rec, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def _csv_bytes(rec: dict, structured: bool, links: bool = False) -> bytes:
    if any(not math.isfinite(s.get("score", 0)) for s in rec.get("spans", ())):
        raise ValueError("a span score is not a finite number")  # as JSONL refuses it: same record, same outcome
    base = [rec["id"], rec["source"], rec.get("line", ""), rec.get("language", "")]
    blank = ["", ""] if structured else []
    no_link = [""] if links else []
    spans = rec.get("spans") or []
    if not spans:  # an error record, or a posting without spans: one row
        rows = [base + ["", "", "", "", "", rec.get("error", "")] + blank + no_link]
    else:
        reqs = {(r["start"], r["end"], r["label"]): r for r in (rec.get("requirements") or {}).get("spans", [])}
        rows = []
        for s in spans:
            row = base + [s["start"], s["end"], s["label"], s["text"], s.get("score", ""), ""]
            if structured:
                r = reqs.get((s["start"], s["end"], s["label"]))
                row += [r["strength"], json.dumps(r["value"], ensure_ascii=False, allow_nan=False)] if r else blank
            if links:
                row.append(json.dumps(s["esco"], ensure_ascii=False, allow_nan=False) if "esco" in s else "")
            rows.append(row)
    buf = io.StringIO()
    w = csv.writer(buf)
    for k, row in enumerate(rows, 1):
        w.writerow([csv_escape(v) for v in row] + [rec["fingerprint"], f"{k}/{len(rows)}"])
    return buf.getvalue().encode("utf-8")


def encode_record(rec: dict, fmt: str, structured: bool, links: bool = False) -> tuple[bytes, bool]:
    """The record's bytes and whether it is an error record. A record that cannot be written (a
    value UTF-8 cannot encode, a NaN) is written as an error record instead: never a lost chunk."""
    enc = _jsonl_bytes if fmt == "jsonl" else _csv_bytes
    try:
        return enc(rec, structured, links), "error" in rec
    except (ValueError, TypeError, KeyError) as err:
        safe = {k: rec[k] for k in ("id", "source", "line") if k in rec}
        safe["id"], safe["source"] = printable(str(safe["id"])), printable(str(safe["source"]))
        safe["error"] = printable(f"unwritable: {type(err).__name__}: {first_line(err)}")
        safe["fingerprint"] = rec["fingerprint"]
        return enc(safe, structured, links), True


def first_line(err: BaseException) -> str:
    return (str(err).splitlines() or [""])[0]


# ----------------------------------------------------------------------------- reading output back


@dataclass(frozen=True)
class _Done:
    """One whole record found in an existing output file."""

    where: str  # OUT:line, for messages
    fingerprint: str
    failed: bool
    end: int  # byte offset just after the record
    source: str = ""  # its input as it was spelled then (a resumed run keeps that spelling)


class _Torn(Exception):
    """The file ends in a torn record. ``end``: where the last whole record ends; ``fingerprint``
    or ``head``: what the torn record shows of itself, to check it belongs to the next input."""

    def __init__(self, end: int, fingerprint: str | None = None, head: bytes = b""):
        super().__init__(end)
        self.end, self.fingerprint, self.head = end, fingerprint, head


def _not_ours(where: str, fmt: str, why: str) -> OutputError:
    return OutputError(f"{where}: not reqtag {fmt.upper()} output ({why}); cannot resume into it (nothing was changed)")


def _no_fingerprint(where: str) -> OutputError:
    return OutputError(f"{where}: record without a fingerprint (written by an earlier reqtag?): cannot prove which "
                       "inputs it covers; start afresh with --force or choose another --out (nothing was changed)")


def _jsonl_records(f: BinaryIO, name: str) -> Iterator[_Done]:
    end = 0
    for n, raw in enumerate(iter(f.readline, b""), 1):
        where = f"{name}:{n}"
        if not raw.endswith(b"\n"):  # the last line, torn (or whole but unterminated): redone
            fp = None
            with contextlib.suppress(ValueError, RecursionError):
                rec = json.loads(raw)
                fp = rec.get("fingerprint") if isinstance(rec, dict) else None
            raise _Torn(end, fp if isinstance(fp, str) else None, raw)
        if raw.strip():
            try:
                rec = json.loads(raw)
            except (ValueError, RecursionError):
                hint = "it holds CSV: resume with --format csv" if raw.startswith(b"id,source,line,") else "not JSON"
                raise _not_ours(where, "jsonl", hint) from None
            if not (isinstance(rec, dict) and isinstance(rec.get("id"), str) and isinstance(rec.get("source"), str)
                    and isinstance(rec.get("spans"), list) != isinstance(rec.get("error"), str)):
                raise _not_ours(where, "jsonl", "not a reqtag record")
            fp = rec.get("fingerprint")
            if fp is None:
                raise _no_fingerprint(where)
            if not (isinstance(fp, str) and _FP.fullmatch(fp)):
                raise _not_ours(where, "jsonl", "bad fingerprint")
            end += len(raw)
            yield _Done(where, fp, "error" in rec, end, rec["source"])
        else:
            end += len(raw)


def _csv_records(f: BinaryIO, name: str, structured: bool, links: bool = False) -> Iterator[_Done]:
    fields = csv_fields(structured, links)
    header = (",".join(fields) + "\r\n").encode()
    head = f.read(len(header))
    if head != header:
        if header.startswith(head):
            raise _Torn(0)  # killed while writing the header: nothing written yet
        first = head.split(b"\n")[0].rstrip(b"\r")
        if first == ",".join(csv_fields(not structured, links)).encode():
            raise OutputError(f"{name}:1: reqtag CSV written {'without' if structured else 'with'} --structured; "
                              "resume with the same options (nothing was changed)")
        if first.startswith(b"id,source,line,") and b"fingerprint" not in first:
            raise _no_fingerprint(f"{name}:1")
        why = "it holds JSONL: resume with --format jsonl" if first.startswith(b"{") else "not the reqtag CSV header"
        raise _not_ours(f"{name}:1", "csv", why)

    pos, line_no, terminated, eof = len(header), 1, True, False

    def lines() -> Iterator[str]:
        nonlocal pos, line_no, terminated, eof
        for raw in iter(f.readline, b""):
            pos, line_no, terminated = pos + len(raw), line_no + 1, raw.endswith(b"\n")
            try:  # an unterminated last line may be torn inside a character: it is redone anyway
                yield raw.decode("utf-8", "strict" if terminated else "replace")
            except UnicodeDecodeError:
                raise _not_ours(f"{name}:{line_no}", "csv", "not UTF-8") from None
        eof = True

    end, group, group_line = pos, 0, 2
    group_fp = total = None
    reader = csv.reader(lines(), strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            if eof:  # torn inside a quoted field
                raise _Torn(end, group_fp) from None
            raise _not_ours(f"{name}:{line_no}", "csv", "malformed CSV") from None
        if not terminated:
            raise _Torn(end, group_fp)
        where = f"{name}:{line_no}"
        m = _ROW.fullmatch(row[-1]) if len(row) == len(fields) else None
        if m is None or not _FP.fullmatch(row[-2]):
            raise _not_ours(where, "csv", f"expected {len(fields)} columns ending in a fingerprint and a row count")
        k, n = int(m.group(1)), int(m.group(2))
        if group == 0:
            group_fp, total, group_line = row[-2], n, line_no
        if k != group + 1 or n != total or row[-2] != group_fp:
            raise _not_ours(where, "csv", "rows of one record are not together")
        group += 1
        if k == n:
            end = pos
            yield _Done(f"{name}:{group_line}", row[-2], bool(row[fields.index("error")]), end, csv_unescape(row[1]))
            group, group_fp = 0, None
    if group:
        raise _Torn(end, group_fp)


@dataclass
class _Resume:
    done: int = 0  # whole records already in the file
    failed: int = 0  # of which error records
    nbytes: int = 0  # input bytes they cover (progress)
    end: int = 0  # where the kept part of the file ends


def _changed(where: str, why: str) -> OutputError:
    return OutputError(f"{where}: {why}: the inputs or options changed since it was written; resume with the same "
                       "ones, or start afresh with --force or another --out (nothing was changed)")


def _verify(path: Path, fmt: str, structured: bool, run_fp: str,
            items: Iterator[Item], links: bool = False) -> tuple[_Resume, Iterator[Item]]:
    """Check that ``path`` is reqtag output of ``fmt`` whose records match the first inputs one by
    one, consuming those inputs. Reads only; raises before anything is changed. Returns what was
    found and the inputs still to tag."""
    state = _Resume()
    spelling = _Spelling()
    respell = spelling.respell
    pending: list[Item] = []  # the next input, already taken to check a torn record

    with open(path, "rb") as f:
        records = _jsonl_records(f, str(path)) if fmt == "jsonl" else _csv_records(f, str(path), structured, links)
        try:
            for d in records:
                typed = next(items, None)
                if typed is None:
                    raise _changed(d.where, "more records than the inputs give")
                item = respell(typed)
                if d.fingerprint != f"{item.fingerprint}.{run_fp}":
                    if d.fingerprint.endswith(f".{run_fp}"):
                        raise _changed(d.where, f"record does not match input {printable(item.key)}")
                    raise _changed(d.where, "written with other settings")
                state.done, state.failed = state.done + 1, state.failed + d.failed
                state.nbytes += item.nbytes
                if d.source:
                    spelling.learn(typed.source, d.source)
                state.end = d.end
            if fmt == "csv" and state.done == 0:
                state.end = os.fstat(f.fileno()).st_size  # the header alone
        except _Torn as torn:
            state.end = torn.end
            after = next(items, None)
            nxt = respell(after) if after is not None else None
            expected = f"{nxt.fingerprint}.{run_fp}" if nxt is not None else None
            if torn.fingerprint is not None:
                ours = torn.fingerprint == expected
            elif fmt == "csv":  # a torn header or first row of a record: the header proved the file
                ours = nxt is not None or torn.end == 0
            elif nxt is not None:  # a torn line must start like the next input's record
                ours = _torn_head_is(torn.head, nxt)
            else:
                ours = False
            if not ours:
                raise _changed(f"{path}: its torn last record", "not the next input's") from None
            if after is not None:
                pending.append(after)
    rest = itertools.chain(pending, items)
    return state, ((respell(it) for it in rest) if spelling.differs else rest)


class _Spelling:
    """How the file being resumed spells the inputs. The same input may be typed otherwise now
    (``./a`` for ``a``, an absolute path, ``./fold/`` for ``fold``): its records' fingerprints hash
    the resolved path, so they still match. The records still to write keep the file's spelling, so
    that one input has one ``source`` (and a plain-text file one id) in the file: what a matched
    record shows (``./fold/1.txt`` written ``fold/1.txt``) is learnt as a prefix rule (``./``
    dropped), applied to a later source only where both spellings resolve to the same file."""

    def __init__(self) -> None:
        self.rules: dict[str, str] = {}  # prefix as typed now -> prefix in the file
        self.known: dict[str, str] = {}  # source as typed now -> as the file spells it
        self.differs = False  # whether any input is spelled otherwise than in the file

    def learn(self, typed: str, written: str) -> None:
        self.known[typed] = written
        if typed == written:
            return
        self.differs = True
        n = 0  # the longest common tail that starts a path component
        while n < min(len(typed), len(written)) and typed[-1 - n] == written[-1 - n]:
            n += 1
        while n and not (n == len(typed) or typed[-n - 1] in "/" + os.sep):
            n -= 1
        if n:
            self.rules[typed[:len(typed) - n]] = written[:len(written) - n]

    def spell(self, source: str) -> str:
        if source not in self.known:
            self.known[source] = source
            for typed, written in sorted(self.rules.items(), key=lambda r: -len(r[0])):
                if source.startswith(typed) and source != "-":
                    other = written + source[len(typed):]
                    if source_identity(other) == source_identity(source):
                        self.known[source] = other
                        break
        return self.known[source]

    def respell(self, it: Item) -> Item:
        return it.respelled(self.spell(it.source)) if self.rules or it.source in self.known else it


def _torn_head_is(head: bytes, item: Item) -> bool:
    """Whether a torn JSONL line starts like ``item``'s record (id, source, line), its input possibly
    spelled otherwise (``./a`` for ``a``): the spelling its whole source, or an id made from the
    source, shows is taken when it resolves to the same file."""
    if _starts_like(head, item):
        return True
    if item.source == "-":
        return False
    text = head.decode("utf-8", "replace")
    prefix, key = '{"id": "', '"source": "'
    if not text.startswith(prefix):
        return False
    candidates = []
    with contextlib.suppress(ValueError, IndexError):
        rid, i = json.decoder.scanstring(text, len(prefix))  # type: ignore[attr-defined]
        if item.id_from_source:  # a plain-text file's name, or source:line
            tail = "" if item.line is None else f":{item.line}"
            if rid.endswith(tail):
                candidates.append(rid[:len(rid) - len(tail)])
        if text[i:i + 2 + len(key)] == ", " + key:
            candidates.append(json.decoder.scanstring(text, i + 2 + len(key))[0])  # type: ignore[attr-defined]
    return any(c != item.source and source_identity(c) == source_identity(item.source)
               and _starts_like(head, item.respelled(c)) for c in candidates)


def _starts_like(head: bytes, item: Item) -> bool:
    fields: dict[str, Any] = {"id": item.id, "source": item.source}
    if item.line is not None:
        fields["line"] = item.line
    start = (json.dumps(fields, ensure_ascii=False)[:-1] + ", ").encode()  # more fields follow, always
    return head[: len(start)] == start[: len(head)]


def _looks_like_ours(path: Path) -> bool:
    """Whether ``path`` starts like reqtag output (an empty file counts)."""
    try:
        with open(path, "rb") as f:
            first = f.readline(1 << 20)
    except OSError:
        return False
    if not first or first.startswith(b"id,source,line,") or first.lstrip().lower().startswith(b"<!doctype html"):
        return True
    with contextlib.suppress(ValueError, RecursionError):
        rec = json.loads(first)
        return isinstance(rec, dict) and "fingerprint" in rec and "source" in rec
    return False


# ----------------------------------------------------------------------------- options and --out


def _check_options(fmt: str, resume: bool, force: bool, out: Path | None, chunk: Any, batch_size: Any,
                   threads: Any, min_score: Any, max_bytes: Any, workers: Any = None) -> None:
    if fmt not in FORMATS:
        raise OptionError(f"--format {fmt!r}: choose jsonl, csv or html")
    if resume and fmt == "html":
        raise OptionError("--resume works with jsonl and csv output, not html (one page per run)")
    if resume and out is None:
        raise OptionError("--resume needs --out (the file to continue)")
    if resume and force:
        raise OptionError("--resume and --force contradict each other: choose one")
    bounds = dict(LIMITS, threads=(1, os.cpu_count() or 1), workers=(1, os.cpu_count() or 1))
    for name, value in (("chunk", chunk), ("batch_size", batch_size), ("max_bytes", max_bytes), ("threads", threads),
                        ("workers", workers)):
        lo, hi = bounds[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi):
            flag = "--max-record-bytes" if name == "max_bytes" else "--" + name.replace("_", "-")
            raise OptionError(f"{flag} {value}: must be a whole number from {lo} to {hi}")
    if isinstance(workers, int) and isinstance(threads, int) and workers > threads:
        raise OptionError(f"--workers {workers}: at most --threads ({threads}); each worker runs on one thread or more")
    if min_score is not None and not (isinstance(min_score, (int, float)) and 0.0 <= min_score <= 1.0):
        raise OptionError(f"--min-score {min_score}: must be a number from 0 to 1")


def _guard_inputs(out: Path, sources: list[Source]) -> list[Source]:
    """Refuse an ``out`` that is an input (same file: path, link or hard link). A previous reqtag
    output met while walking a folder or glob is left out instead (it is not a posting)."""
    try:
        ost = os.stat(out)
    except OSError:
        return sources
    return _guard(ost, f"--out {out}", lambda src: _looks_like_ours(out), "", sources)


def _guard_stdout(sources: list[Source]) -> list[Source]:
    """Without --out: refuse a stdout that is an input file (``reqtag tag a.jsonl >> a.jsonl`` would
    read its own output forever; with ``>`` the shell has emptied the input already). Checked
    before anything is read. A closed stdout is refused too."""
    if sys.stdout is None:
        raise OutputError("stdout is closed: give --out FILE or redirect stdout")
    try:
        ost = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return sources  # not a file descriptor (an embedding program's stream): nothing to compare
    return _guard(ost, "stdout", lambda src: _looks_like_ours(Path(src.path)),
                  "; when '>' was used the shell may already have emptied it", sources)


def _guard(ost: os.stat_result, what: str, looks_ours: Callable[[Source], bool], hint: str,
           sources: list[Source]) -> list[Source]:
    """``sources`` without the output ``ost`` (an output met while walking a folder is left out);
    raises if a named input, stdin, or a walked file that is not reqtag output is the output."""
    if not stat.S_ISREG(ost.st_mode):
        return sources
    kept = []
    for src in sources:
        try:
            st = os.fstat(sys.stdin.fileno()) if src.path == "-" else os.stat(src.path)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            kept.append(src)
            continue
        if (st.st_dev, st.st_ino) != (ost.st_dev, ost.st_ino):
            kept.append(src)
            continue
        if src.named or not looks_ours(src):
            name = "stdin" if src.path == "-" else src.path
            raise OutputError(f"{what} is also an input ({printable(name)}): reqtag never writes over its input{hint}")
        print(f"reqtag: note: {printable(src.path)}: left out (it is {what.split()[0]})", file=sys.stderr)
    return kept


def _out_path(out: str | Path | None) -> Path | None:
    """--out as a path; refused when empty, or ending in a path separator without being a folder
    (``Path`` would drop the separator and create a file of that name)."""
    if out is None:
        return None
    if isinstance(out, str):
        if not out:
            raise OptionError("--out is empty: give a file path")
        seps = (os.sep, os.altsep) if os.altsep else (os.sep,)
        if out.endswith(seps) and not os.path.isdir(out):
            raise OutputError(f"--out {printable(out)} names a folder (a trailing '{out[-1]}'), and there is no such "
                              "folder: give a file path")
    return Path(out)


def _open_out(out: Path, resume: bool, force: bool) -> tuple[BinaryIO, bool]:
    """Open --out (creating, never truncating) and lock it; returns the file and whether it holds data."""
    if out.is_dir():
        raise OutputError(f"--out {out} is a folder: give a file path")
    try:
        existing: os.stat_result | None = os.stat(out)
    except FileNotFoundError:
        existing = None
    except OSError as err:
        raise OutputError(f"{out}: cannot write ({err.strerror})") from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):  # a device or FIFO (/dev/null)
        if resume:
            raise OutputError(f"--out {out} is not a regular file: cannot resume into it")
        try:
            return open(out, "wb", buffering=0), False
        except OSError as err:
            raise OutputError(f"{out}: cannot write ({err.strerror})") from None
    if existing is not None and existing.st_size and not (resume or force):
        raise OutputError(f"{out} exists: pass --resume to continue it or --force to overwrite it")
    try:
        fd = os.open(out, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as err:
        raise OutputError(f"{out}: cannot write ({err.strerror})") from None
    f = os.fdopen(fd, "r+b", buffering=0)
    try:
        lock_output(fd, out)
        return f, os.fstat(fd).st_size > 0
    except BaseException:
        f.close()
        raise


def lock_output(fd: int, out: Path) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (README says so)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(f"{out}: another reqtag process is writing it (locked); wait for it or choose another "
                          "--out") from None
    except OSError:
        pass  # a file system without locks: carry on unlocked


def _model_identity(tagger: Any) -> str:
    path = getattr(getattr(tagger, "model", None), "path", None)
    if path is not None:
        with contextlib.suppress(OSError):
            return hashlib.sha256((Path(path) / "reqtag.json").read_bytes()).hexdigest()
    return getattr(tagger, "identity", f"{type(tagger).__module__}.{type(tagger).__qualname__}")


def _linker_identity(linker: Any) -> str:
    version = linker.version() if callable(getattr(linker, "version", None)) else ""
    return f"{getattr(linker, 'path', None)}:{version}"


def _run_fingerprint(**settings: Any) -> str:
    blob = json.dumps(settings, sort_keys=True, default=str).encode()
    return hashlib.blake2b(blob, digest_size=4).hexdigest()


# ----------------------------------------------------------------------------- the run


_END = object()


def _blocks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """Blocks of at most ``size`` items, read ahead in a thread. A block takes what is ready and
    never waits for more once it has one item, so a trickling stdin is written as it comes."""
    q: queue.Queue = queue.Queue(maxsize=2 * size)
    stop = threading.Event()

    def put(x: object) -> None:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                q.put(x, timeout=0.1)
                return

    def produce() -> None:
        try:
            for it in items:
                put(it)
                if stop.is_set():
                    return
            put(_END)
        except BaseException as err:  # noqa: BLE001 - handed to the consumer, which raises it
            put(err)

    threading.Thread(target=produce, name="reqtag-read", daemon=True).start()
    try:
        while True:
            block: list[Item] = []
            x = q.get()
            while x is not _END:
                if isinstance(x, BaseException):
                    raise x
                block.append(x)
                if len(block) >= size:
                    break
                try:
                    x = q.get_nowait()
                except queue.Empty:
                    break
            if block:
                yield block
            if x is _END:
                return
    finally:
        stop.set()


def _tag_block(tagger: Any, texts: list[str]) -> list[Any]:
    """Spans per text; a text the tagger fails on gets its exception instead (the others are kept)."""
    if not texts:
        return []
    with contextlib.suppress(Exception):
        out = tagger.tag_batch(texts)
        if len(out) == len(texts):
            return list(out)
    res: list[Any] = []
    for t in texts:  # find the culprit: one record's failure stays its own
        try:
            res.append(tagger.tag_batch([t])[0])
        except ModelError:
            raise  # a broken model (e.g. a language's network failing on first use) is no record's fault
        except Exception as err:  # noqa: BLE001 - becomes this record's error
            res.append(err)
    return res


class _Writer:
    """Writes encoded blocks to --out (flushed and synced per block) or stdout; one-line errors."""

    def __init__(self, f: BinaryIO | None, out: Path | None):
        self.f, self.out = f, out

    def write(self, data: bytes, written: int) -> None:
        if not data:
            return
        try:
            if self.f is not None:  # unbuffered: after a failed write no bytes wait to be written at close
                view = memoryview(data)
                while view:
                    view = view[self.f.write(view) or 0:]
                with contextlib.suppress(OSError):  # not every file can be synced (/dev/null)
                    os.fsync(self.f.fileno())
            elif getattr(sys.stdout, "buffer", None) is not None:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                sys.stdout.write(data.decode("utf-8"))
                sys.stdout.flush()
        except BrokenPipeError:
            with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            raise OutputError(f"output closed by the reader after {written} record(s)") from None
        except OSError as err:
            what = self.out if self.out is not None else "stdout"
            raise OutputError(f"{what}: cannot write ({err.strerror or err}) after {written} record(s); make room "
                              "and rerun with --resume to continue") from None


def run_settings(tagger: Any, *, text_field: str = "text", id_field: str = "id", jsonl: bool | None = None,
                 structured: bool = False, labels: Iterable[str] | None = None, min_score: float | None = None,
                 max_bytes: int = MAX_RECORD_BYTES, batch_size: int | None = None, link: str | None = None,
                 linker: Any = None) -> tuple[frozenset[str] | None, Any, str]:
    """What a run's records depend on besides its inputs: the labels kept (checked against the
    model's; None keeps all), the ESCO linker (the shipped one for ``link="esco"`` unless ``linker``
    is given; None without linking) and the run fingerprint every record carries."""
    keep: frozenset[str] | None = None
    if labels is not None:
        keep = frozenset(x.strip() for x in labels if x.strip())
        unknown = sorted(keep - set(tagger.labels))
        if unknown or not keep:
            raise OptionError(f"--labels {','.join(unknown) or '(none)'}: not a label of this model "
                              f"(choose from {','.join(tagger.labels)})")
    if link is not None and link != "esco":
        raise OptionError(f"--link {link}: the only taxonomy is esco")
    if link == "esco" and linker is None:
        from reqtag.linking import Linker

        linker = Linker.load()
    run_fp = _run_fingerprint(model=_model_identity(tagger), text_field=text_field, id_field=id_field, jsonl=jsonl,
                              structured=structured, labels=sorted(keep) if keep else None, min_score=min_score,
                              max_bytes=max_bytes, batch_size=batch_size,
                              link=_linker_identity(linker) if linker is not None else None)
    return keep, linker, run_fp


def tag_records(tagger: Any, block: Sequence[Item], *, run_fp: str, keep: frozenset[str] | None = None,
                min_score: float | None = None, structured: bool = False, want_reqs: bool = False,
                linker: Any = None) -> list[tuple[dict, list, dict | None]]:
    """Each item's output record, in order, with its kept spans and structured record (built when
    ``structured`` or ``want_reqs``; the record holds it only when ``structured``). An item that
    cannot be tagged, extracted or linked gets an error record; the others are kept."""
    results = iter(_tag_block(tagger, [it.text for it in block if it.problem is None]))  # type: ignore[misc]
    out: list[tuple[dict, list, dict | None]] = []
    for it in block:
        spans: list = []
        reqs: dict | None = None
        error: str | None = None
        lang: str | None = None
        if it.problem is None:
            res = next(results)
            if isinstance(res, Exception):
                error = f"tag-failed: {type(res).__name__}: {first_line(res)}"
            else:
                lang = detect_language(it.text or "")
                spans = [s for s in res if (keep is None or s.label in keep)
                         and (min_score is None or (s.score is not None and s.score >= min_score))]
                if want_reqs or structured:
                    try:
                        from reqtag.structure.requirements import extract

                        reqs = extract(it.text or "", spans, lang).to_dict()
                    except Exception as err:  # noqa: BLE001 - one record's failure stays its own
                        error = f"extract-failed: {type(err).__name__}: {first_line(err)}"
        links = None
        if linker is not None and error is None and it.problem is None:
            try:
                links = linker.link_spans(it.text or "", spans, k=3)
            except Exception as err:  # noqa: BLE001 - one record's failure stays its own
                error = f"link-failed: {type(err).__name__}: {first_line(err)}"
        rec = _record(it, spans, reqs if structured else None, f"{it.fingerprint}.{run_fp}", error, lang, links)
        out.append((rec, spans, reqs))
    return out


def tag_files(inputs: Iterable[str], *, model: str | Path | None = None, out: str | Path | None = None,
              fmt: str = "jsonl", text_field: str = "text", id_field: str = "id", jsonl: bool | None = None,
              resume: bool = False, force: bool = False, batch_size: int | None = None,
              threads: int | None = None, workers: int | None = None, chunk: int = 64, progress: bool = False,
              structured: bool = False,
              labels: Iterable[str] | None = None, min_score: float | None = None,
              max_bytes: int = MAX_RECORD_BYTES, tagger: Any = None, console: Any = None,
              link: str | None = None, linker: Any = None) -> int:
    """Tag every input posting into ``out`` (or stdout); see the module docstring for what holds.

    Returns the number of failed (error) records the output holds, counting those already in a
    resumed file. ``labels`` keeps only spans of those labels and ``min_score`` only spans scoring at
    least that; ``structured`` adds the structured record, built from the kept spans. ``tagger``: an
    already loaded ``Tagger`` (else ``model`` is loaded with ``threads`` in all and ``workers`` postings
    at once, default one per thread: ``Tagger.load``). ``progress``: a progress bar on stderr
    (or ``console``, a ``rich.console.Console``). ``link="esco"`` adds each COMPETENCY span's best
    ESCO skills (the shipped linker, or ``linker``: a loaded ``reqtag.Linker``).
    """
    out_path = _out_path(out)
    _check_options(fmt, resume, force, out_path, chunk, batch_size, threads, min_score, max_bytes, workers)
    sources = expand_sources(inputs)
    sources = _guard_inputs(out_path, sources) if out_path is not None else _guard_stdout(sources)
    if tagger is None:
        from reqtag.inference.tagger import Tagger

        cores = threads or os.cpu_count() or 1
        tagger = Tagger.load(model, threads=cores, workers=workers or cores, batch_size=batch_size)
    keep, linker, run_fp = run_settings(tagger, text_field=text_field, id_field=id_field, jsonl=jsonl,
                                        structured=structured, labels=labels, min_score=min_score,
                                        max_bytes=max_bytes, batch_size=batch_size, link=link, linker=linker)
    want_reqs = structured or fmt == "html"

    items = read_sources(sources, text_field=text_field, id_field=id_field, jsonl=jsonl, max_bytes=max_bytes)
    f: BinaryIO | None = None
    state = _Resume()
    if out_path is not None:
        f, has_data = _open_out(out_path, resume, force)
        try:
            if has_data and resume:
                state, items = _verify(out_path, fmt, structured, run_fp, items, linker is not None)
            if has_data:  # cut the torn tail (resume) or everything (--force: checked not an input)
                f.seek(state.end)
                f.truncate()
        except BaseException:
            f.close()
            raise
    writer = _Writer(f, out_path)
    written, failed, n_ok, n_spans, t0 = state.done, state.failed, 0, 0, time.time()
    bar = task = None
    page: Any = None  # render.HtmlPage for --format html
    try:
        if fmt == "csv" and state.end == 0:
            writer.write((",".join(csv_fields(structured, linker is not None)) + "\r\n").encode(), written)
        if progress:
            bar, task = _progress(sources, state, console)
        if fmt == "html":  # streamed: a posting's section is written once it is tagged, the index at the end
            from reqtag.batch.render import HtmlPage

            page = HtmlPage(labels=tagger.labels)
            writer.write(page.head(), written)
        for block in _blocks(items, chunk):
            data: list[bytes] = []
            tagged = tag_records(tagger, block, run_fp=run_fp, keep=keep, min_score=min_score, structured=structured,
                                 want_reqs=want_reqs, linker=linker)
            for it, (rec, spans, reqs) in zip(block, tagged, strict=True):
                if page is not None:
                    bad = "error" in rec
                    data.append(page.error(it.id, rec["error"], source=it.source, line=it.line) if bad else
                                page.posting(it.id, it.text or "", spans, reqs, source=it.source, line=it.line,
                                             links=[d.get("esco", []) for d in rec["spans"]] if linker else None))
                else:
                    encoded, bad = encode_record(rec, fmt, structured, linker is not None)
                    data.append(encoded)
                if bad:
                    failed += 1
                    why = str(it.problem) if it.problem else f"{it.key}: {it.id}: {rec.get('error', 'unwritable')}"
                    print(f"reqtag: {printable(why)}", file=sys.stderr)
                else:
                    n_ok += 1
                    n_spans += len(spans)
                    if it.decoding != "utf-8":
                        print(f"reqtag: warning: {it.key}: {it.id}: not valid UTF-8, invalid bytes replaced",
                              file=sys.stderr)
            # whole records in one write, flushed and synced per block: a kill tears at most the
            # block being written, and --resume cuts it back to the last whole record
            writer.write(b"".join(data), written)
            written += len(block)
            if bar is not None:
                bar.update(task, advance=sum(it.nbytes for it in block), records=written,
                           rate=(written - state.done) / max(time.time() - t0, 1e-9))
        if page is not None:
            for part in page.tail():
                writer.write(part, written)
    except KeyboardInterrupt:
        raise Interrupted(_interrupted(written, out_path, fmt)) from None
    finally:
        if page is not None:
            page.close()
        if bar is not None:
            bar.stop()
        if f is not None:
            f.close()
    dt = time.time() - t0
    summary = f"reqtag: tagged {n_ok} posting(s), {n_spans} span(s) in {dt:.1f} s ({n_ok / max(dt, 1e-9):.1f}/s)"
    if state.done:
        summary += f"; {state.done} already done" + (f" ({state.failed} failed)" if state.failed else "")
    if failed:
        summary += f"; {failed} failed record(s) in the output"
    print(summary, file=sys.stderr)
    return failed


def _interrupted(written: int, out: Path | None, fmt: str) -> str:
    if out is None:
        return f"interrupted after {written} record(s)"
    if fmt == "html":
        return f"interrupted: {written} posting(s) written to {out}, without the index; HTML cannot be resumed: " \
               "rerun with --force to redo it"
    return f"interrupted: {written} record(s) written to {out}; rerun with --resume to continue"


def _progress(sources: list[Source], state: _Resume, console: Any = None) -> tuple[Any, Any]:
    """A rich progress bar on stderr: records and elapsed time; with total, percentage, rate and
    ETA (measured in input bytes) when every input is a regular file."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    total = input_bytes(sources)
    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.fields[records]} postings"),
                          TextColumn("{task.fields[rate]:.1f}/s"), TimeElapsedColumn()]
    if total:
        columns += [BarColumn(), TaskProgressColumn(), TextColumn("of"), TextColumn(_size(total)),
                    TransferSpeedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    bar = Progress(*columns, console=console or Console(stderr=True), transient=True)
    task = bar.add_task("tag", total=total or None, completed=state.nbytes if total else 0, records=state.done,
                         rate=0.0)
    bar.start()
    return bar, task


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return str(n)
