"""Postings from files, folders, globs and stdin, one ``Item`` per posting, never raising on bad data.

Decoding policy: UTF-8; bytes that are not UTF-8 are replaced with U+FFFD and the record says so
(``decoding: "utf-8-replace"``). A file with NUL bytes or mostly control characters is binary and
is reported, not tagged. An empty or whitespace-only posting is reported, not tagged. A JSON string
holding a lone surrogate (``"\\udc80"``, not Unicode) is reported, not tagged. A UTF-8 byte-order
mark before the first JSONL record is skipped.

Every input is read as a stream: a posting (a plain-text file, or one JSONL line) larger than
``max_bytes`` becomes a ``too-large`` record and is not held in memory, so endless inputs
(``/dev/zero``) cannot exhaust it. Folders are walked in sorted order; what a folder holds that is
not a readable regular file (a broken link, a FIFO, a socket, a device) becomes a ``not-a-file``
record. A FIFO named on the command line is read, but a FIFO nobody writes to is reported after
``FIFO_WAIT_S`` seconds instead of blocking forever.

Each item carries a ``fingerprint``: a hash of the input's resolved path, the line number and the
record's bytes, so a resumed run can tell whether its input is still the one already tagged.
"""
from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import select
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from reqtag.errors import InputError, Problem

JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: default cap on one posting (a plain-text file or one JSONL line), in bytes
MAX_RECORD_BYTES = 10 * 1024 * 1024
#: how long a FIFO named as input may go without a writer before it is reported
FIFO_WAIT_S = 10.0
#: an over-long JSONL line is skipped up to this many times ``max_bytes``; beyond that the rest of
#: the input is given up (one more record says so): an endless line must not spin forever
SKIP_FACTOR = 64
_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Item:
    """One input posting (or the problem that stops it being one) and where it came from.

    ``fingerprint`` identifies the input record (resolved path, line, bytes); ``nbytes`` is how much
    of the input it used (for progress)."""

    id: str
    source: str
    line: int | None
    text: str | None = None
    problem: Problem | None = None
    decoding: str = "utf-8"
    fingerprint: str = ""
    nbytes: int = 0
    #: the id was made from the source as typed (a plain-text file's name, ``source:line``)
    id_from_source: bool = False

    @property
    def key(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def respelled(self, source: str) -> Item:
        """This item with its input named ``source`` (the same file spelled otherwise: ``./a`` for
        ``a``), and an id made from the source made from that name. The fingerprint is unchanged: it
        hashes the resolved path."""
        if source == self.source:
            return self
        rid = self.id
        if self.id_from_source:
            rid = source + self.id[len(self.source):] if self.id.startswith(self.source) else self.id
        problem = self.problem
        if problem is not None:
            problem = replace(problem, source=source, record_id=rid if problem.record_id == self.id else
                              problem.record_id)
        return replace(self, id=rid, source=source, problem=problem)


@dataclass(frozen=True)
class Source:
    """One input to read: a path (or '-' for stdin), and whether it was named on the command line
    (True) or found in a folder or glob (False)."""

    path: str
    named: bool = True


def printable(s: str) -> str:
    """``s`` with anything UTF-8 cannot encode (lone surrogates, e.g. from undecodable file names)
    written as a backslash escape, so that every output record can be written."""
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8-replace"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return ctrl / len(head) > 0.1


def source_identity(path: str) -> str:
    """What names an input across runs: the resolved path of a regular file (so ``./a`` and ``a``
    agree), the absolute path of anything else (a pipe's target name changes every run)."""
    if path == "-":
        return "-"
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return os.path.realpath(path)
    except OSError:
        pass
    return os.path.abspath(path)


def fingerprint(identity: str, line: int | None, raw: bytes) -> str:
    """16 hex digits identifying one input record: where it came from and its bytes."""
    h = hashlib.blake2b(digest_size=8)
    h.update(os.fsencode(identity) + b"\0" + str(line).encode() + b"\0")
    h.update(raw)
    return h.hexdigest()


# ----------------------------------------------------------------------------- expanding inputs


def _walk(folder: str, seen: set[tuple[int, int]]) -> Iterator[str]:
    """Every non-folder entry under ``folder``, depth first in sorted order. Linked folders are
    followed once (``seen`` breaks cycles). An unreadable folder is yielded itself (it becomes a
    record saying so)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder
        return
    for e in entries:
        try:
            is_dir = e.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if not is_dir:
            yield e.path
            continue
        try:
            st = os.stat(e.path)
        except OSError:
            yield e.path
            continue
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            yield from _walk(e.path, seen)


def _folder(path: str) -> Iterator[str]:
    st = os.stat(path)
    yield from _walk(path, {(st.st_dev, st.st_ino)})


def expand_sources(inputs: Iterable[str]) -> list[Source]:
    """Inputs from files, folders (recursively, sorted) and globs (whose folders are walked too);
    '-' stays stdin. A name that is neither a file, a folder nor a glob with matches is an error."""
    out: list[Source] = []
    for raw in inputs:
        raw = str(raw)
        if raw == "-":
            if sys.stdin is None:  # started with stdin closed (<&-)
                raise InputError("-: stdin is closed: pipe or redirect the postings into it, or name files")
            out.append(Source("-"))
            continue
        if os.path.isdir(raw):
            out.extend(Source(p, False) for p in _folder(raw))
        elif os.path.lexists(raw):
            out.append(Source(raw))
        else:
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise InputError(f"{raw}: no such file, folder or glob match")
            seen: set[str] = set()  # "**" matches a folder and its files: each file once
            for m in matches:
                for p in (_folder(m) if os.path.isdir(m) else [m]):
                    if os.path.normpath(p) not in seen:
                        seen.add(os.path.normpath(p))
                        out.append(Source(p, False))
    return out


def expand(inputs: Iterable[str]) -> list[str]:
    """Paths from files, folders (recursively, sorted) and globs; '-' stays stdin."""
    return [s.path for s in expand_sources(inputs)]


# ----------------------------------------------------------------------------- reading streams


class _Prefixed(io.RawIOBase):
    """A binary stream that first returns ``prefix``: bytes already read while peeking."""

    def __init__(self, prefix: bytes, rest: BinaryIO):
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._prefix:
            n = min(len(b), len(self._prefix))
            b[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read1(len(b)) if hasattr(self._rest, "read1") else self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def _prefixed(prefix: bytes, rest: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Prefixed(prefix, rest))


def _read_capped(f: BinaryIO, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes: one more than allowed tells 'too large' from 'exactly full'."""
    chunks, n = [], 0
    while n <= max_bytes:
        data = f.read(max_bytes + 1 - n)
        if not data:
            break
        chunks.append(data)
        n += len(data)
    return b"".join(chunks)


def _open_fifo(path: str, wait_s: float) -> BinaryIO | None:
    """Open a FIFO for reading without blocking forever: None if no writer came within ``wait_s``."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    deadline = time.monotonic() + wait_s
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    first = b""
    try:
        while True:
            try:
                first = os.read(fd, 65536)
            except BlockingIOError:  # a writer is there, without data yet: reading may now block
                break
            if first:
                break
            # b"": no writer yet, or a writer that left without writing (then poll says POLLHUP)
            if any(ev & select.POLLHUP for _, ev in poller.poll(0)):
                break
            left = deadline - time.monotonic()
            if left <= 0:
                os.close(fd)
                return None
            poller.poll(min(left, 0.1) * 1000)
    except BaseException:
        os.close(fd)
        raise
    os.set_blocking(fd, True)
    return _prefixed(first, os.fdopen(fd, "rb"))


# ----------------------------------------------------------------------------- records


class Reader:
    """Turns one input into items; holds the options every input shares."""

    def __init__(self, text_field: str, id_field: str, max_bytes: int):
        self.text_field = text_field
        self.id_field = id_field
        self.max_bytes = max_bytes

    def problem(self, source: str, line: int | None, rid: str, code: str, message: str, identity: str,
                raw: bytes = b"", nbytes: int = 0) -> Item:
        fp = fingerprint(identity, line, code.encode() + b"\0" + raw)
        from_source = rid == source or (line is not None and rid == f"{source}:{line}")
        return Item(printable(rid), printable(source), line, problem=Problem(code, message, printable(source), line,
                                                                        printable(rid)),
                    fingerprint=fp, nbytes=nbytes, id_from_source=from_source)

    def posting(self, raw: bytes, source: str, identity: str, nbytes: int) -> Item:
        """A whole plain-text input (at most ``max_bytes + 1`` bytes read) as one item."""
        if len(raw) > self.max_bytes:
            return self.problem(source, None, source, "too-large",
                                f"posting larger than {self.max_bytes} bytes (not read further)", identity, raw, nbytes)
        if _looks_binary(raw):
            return self.problem(source, None, source, "binary", "binary input, not text", identity, raw, nbytes)
        text, decoding = _decode(raw)
        if not text.strip():
            return self.problem(source, None, source, "empty", "empty posting", identity, raw, nbytes)
        fp = fingerprint(identity, None, raw)
        return Item(printable(source), printable(source), None, text=text, decoding=decoding, fingerprint=fp,
                    nbytes=nbytes, id_from_source=True)

    def lines(self, f: BinaryIO, source: str, identity: str) -> Iterator[Item]:
        """One item per non-blank line; an over-long line is one ``too-large`` item, skipped by
        streaming (never held whole)."""
        limit = self.max_bytes
        n = 0
        while True:
            raw = f.readline(limit + 1)
            if not raw:
                return
            n += 1
            if n == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if len(raw) > limit and not raw.endswith(b"\n"):
                skipped, ended = len(raw), False
                while skipped < SKIP_FACTOR * limit:
                    rest = f.readline(min(1 << 20, SKIP_FACTOR * limit - skipped))
                    skipped += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        ended = True
                        break
                yield self.problem(source, n, f"{source}:{n}", "too-large",
                                   f"line longer than {limit} bytes", identity, raw[: limit + 1], skipped)
                if not ended:
                    yield self.problem(source, n + 1, f"{source}:{n + 1}", "too-large",
                                       f"no line end within {skipped} bytes after line {n}: rest of input not read",
                                       identity, b"", 0)
                    return
                continue
            if not raw.strip():
                continue
            yield self.jsonl_item(raw, source, n, identity)

    def jsonl_item(self, raw: bytes, source: str, n: int, identity: str) -> Item:
        line, decoding = _decode(raw)
        default_id = f"{source}:{n}"
        try:
            row = json.loads(line)
        except RecursionError:
            return self.problem(source, n, default_id, "bad-json", "invalid JSON (nested too deeply)", identity, raw,
                                len(raw))
        except ValueError as err:  # JSONDecodeError, and integers past Python's digit limit
            msg = err.msg if isinstance(err, json.JSONDecodeError) else str(err).split(";")[0]
            return self.problem(source, n, default_id, "bad-json", f"invalid JSON ({msg})", identity, raw, len(raw))
        if not isinstance(row, dict):
            return self.problem(source, n, default_id, "not-an-object", "line is not a JSON object", identity, raw,
                                len(raw))
        rid_raw = row.get(self.id_field)
        try:
            rid = str(rid_raw) if rid_raw is not None else default_id
        except ValueError:  # str() of an int past the digit limit
            rid = default_id
        if len(rid) > 1000:
            rid = rid[:1000] + "…"
        if _SURROGATE.search(rid):
            return self.problem(source, n, rid, "bad-id", f"field {self.id_field!r} is not valid Unicode "
                                "(lone surrogate)", identity, raw, len(raw))
        text = row.get(self.text_field)
        if not isinstance(text, str):
            what = "missing" if text is None else f"a {type(text).__name__}, not a string"
            return self.problem(source, n, rid, "missing-text", f"field {self.text_field!r} is {what}", identity, raw,
                                len(raw))
        bad = _SURROGATE.search(text)
        if bad:
            return self.problem(source, n, rid, "bad-text", f"not valid Unicode: lone surrogate "
                                f"U+{ord(bad.group()):04X} at offset {bad.start()}", identity, raw, len(raw))
        if not text.strip():
            return self.problem(source, n, rid, "empty", "empty posting", identity, raw, len(raw))
        return Item(printable(rid), printable(source), n, text=text, decoding=decoding,
                    fingerprint=fingerprint(identity, n, raw), nbytes=len(raw), id_from_source=rid_raw is None)

    def file(self, src: Source, jsonl: bool | None) -> Iterator[Item]:
        path = src.path
        identity = source_identity(path)
        try:
            st = os.stat(path)
        except OSError as err:
            if os.path.islink(path):
                yield self.problem(path, None, path, "not-a-file", "broken symbolic link", identity)
            else:
                yield self.problem(path, None, path, "unreadable", err.strerror or str(err), identity)
            return
        is_jsonl = jsonl if jsonl is not None else path.lower().endswith(JSONL_SUFFIXES)
        if stat.S_ISDIR(st.st_mode):
            yield self.problem(path, None, path, "unreadable", "folder cannot be read", identity)
            return
        fifo = stat.S_ISFIFO(st.st_mode)
        if not stat.S_ISREG(st.st_mode) and not src.named:
            kind = "FIFO" if fifo else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
            yield self.problem(path, None, path, "not-a-file", f"a {kind}, not a regular file (name it on the "
                               "command line to read it)", identity)
            return
        try:
            if fifo:
                f = _open_fifo(path, FIFO_WAIT_S)
                if f is None:
                    yield self.problem(path, None, path, "unreadable", f"FIFO without a writer for {FIFO_WAIT_S:g} s",
                                       identity)
                    return
            else:
                f = open(path, "rb")
        except OSError as err:
            yield self.problem(path, None, path, "unreadable", err.strerror or str(err), identity)
            return
        with f:
            try:
                if is_jsonl:
                    yield from self.lines(f, path, identity)
                else:
                    raw = _read_capped(f, self.max_bytes)
                    yield self.posting(raw, path, identity, len(raw))
            except OSError as err:  # a read error part-way (EIO, a vanished network file)
                yield self.problem(path, None, path, "unreadable", f"read failed ({err.strerror or err})", identity)

    def stdin(self, stream: BinaryIO, jsonl: bool | None) -> Iterator[Item]:
        """stdin, streamed: JSONL when its first non-blank byte (after a BOM) is '{', else one posting.
        A read error part-way (EIO, a reset socket) is one ``unreadable`` record, as for a file."""
        try:
            head = bytearray()
            while len(head) <= self.max_bytes:
                b = stream.read(1)
                if not b:
                    break
                head += b
                if not (b.isspace() or _BOM.startswith(bytes(head)) and len(head) <= 3):
                    break
            body = bytes(head)
            first = body[3:] if body.startswith(_BOM) else body
            f = _prefixed(body, stream)
            if jsonl or (jsonl is None and first.lstrip()[:1] == b"{"):
                yield from self.lines(f, "-", "-")
            else:
                raw = _read_capped(f, self.max_bytes)
                yield self.posting(raw, "-", "-", len(raw))
        except OSError as err:
            yield self.problem("-", None, "-", "unreadable", f"read failed ({err.strerror or err})", "-")


def read_sources(sources: Iterable[Source], *, text_field: str = "text", id_field: str = "id",
                 jsonl: bool | None = None, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Item]:
    """Items from already expanded sources, in order (see ``read_items``)."""
    reader = Reader(text_field, id_field, max_bytes)
    for src in sources:
        if src.path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # closed (<&-): Python sets sys.stdin to None
                yield reader.problem("-", None, "-", "unreadable", "stdin is closed", "-")
            else:
                yield from reader.stdin(stream, jsonl)
        else:
            yield from reader.file(src, jsonl)


def read_items(inputs: Iterable[str], *, text_field: str = "text", id_field: str = "id",
               jsonl: bool | None = None, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Item]:
    """Items from all inputs, in order. ``jsonl``: force (True/False) or guess by suffix (None).

    stdin ('-') is JSONL when its first non-blank byte is '{', else one posting; it is streamed.
    """
    yield from read_sources(expand_sources(inputs), text_field=text_field, id_field=id_field, jsonl=jsonl,
                            max_bytes=max_bytes)


def input_bytes(sources: Iterable[Source]) -> int | None:
    """Total size of the inputs when every one is a regular file (for progress), else None."""
    total = 0
    for src in sources:
        try:
            st = os.stat(src.path) if src.path != "-" else None
        except OSError:
            continue  # becomes an error record of no size
        if st is None or not stat.S_ISREG(st.st_mode):
            return None
        total += st.st_size
    return total
