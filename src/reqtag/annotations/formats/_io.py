"""File reading and writing shared by the formats: problems instead of exceptions, line numbers
kept, one bad line never costing the rest of a file, outputs replaced atomically."""
from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reqtag.errors import InputError, Problem

_BOM = b"\xef\xbb\xbf"
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape could not decode


def loads(src: str) -> Any | tuple[str, str]:
    """A parsed JSON value, or (code, message) when it is not one.

    Why not plain json.loads: deep nesting raises RecursionError and a 5,000-digit number raises
    ValueError, neither of them a JSONDecodeError; both must be one Problem, not a crash.
    """
    try:
        return json.loads(src)
    except json.JSONDecodeError as err:
        return "bad-json", f"invalid JSON ({err.msg} at column {err.colno})"
    except RecursionError:
        return "bad-json", "JSON nested too deeply"
    except ValueError as err:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        return "bad-json", f"unusable JSON value ({err})"


def is_error(value: Any) -> bool:
    """Whether a ``loads`` result is its (code, message) error."""
    return isinstance(value, tuple)


def json_lines(path: str | Path) -> Iterator[tuple[Any | Problem, int]]:
    """(parsed JSON value or Problem, line number) for each non-blank line of a JSONL file.

    Lines are split on "\\n" only (as editors and ``wc -l`` count them) and decoded one by one, so
    a line that is not UTF-8 is one Problem on the right line and the next lines are still read.
    A UTF-8 byte-order mark at the start of the file is ignored.
    """
    source = str(path)
    try:
        f = open(path, "rb")
    except OSError as err:
        yield Problem("unreadable", err.strerror or str(err), source), 0
        return
    with f:
        try:
            for lineno, raw in enumerate(f, 1):
                if lineno == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM):]
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    yield Problem("bad-encoding", f"not UTF-8 (byte {raw[err.start]:#04x} at column "
                                  f"{err.start + 1})", source, lineno), lineno
                    continue
                value = loads(line)
                if is_error(value):
                    yield Problem(value[0], value[1], source, lineno), lineno
                else:
                    yield value, lineno
        except OSError as err:  # e.g. a folder or a device that fails while being read
            yield Problem("unreadable", err.strerror or str(err), source), 0


def read_text(path: str | Path) -> str | Problem:
    """A whole UTF-8 file (a leading byte-order mark dropped), or the Problem that stops it being read."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read()
    except OSError as err:
        return Problem("unreadable", err.strerror or str(err), str(path))
    except UnicodeDecodeError as err:
        return Problem("bad-encoding", f"not UTF-8 ({err.reason})", str(path))


def read_text_lenient(path: str | Path) -> tuple[str, list[int]] | Problem:
    """A file decoded as UTF-8 with undecodable bytes kept as lone surrogates (surrogateescape),
    and the 1-based line of each such byte; or the Problem that stops it being read at all.

    Why: in a whole-file format (a Label Studio task list) one bad byte must cost only the task
    that holds it; the reader finds those tasks by the surrogates in their source text.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return Problem("unreadable", err.strerror or str(err), str(path))
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    text = data.decode("utf-8", errors="surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(text)]
    return text, [text.count("\n", 0, i) + 1 for i in bad]


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path``; on success it replaces ``path`` in one rename, on failure
    it is removed, so an output is never left half-written and an old one survives a failed write."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file to write")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or Path("."))
    except OSError as err:
        raise InputError(f"{path}: cannot write here ({err.strerror or err})") from None
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp makes the file 0600: give the output the mode an ordinary open() would.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
