"""File reading shared by the format readers: problems instead of exceptions, line numbers kept."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import Problem


def json_lines(path: str | Path) -> Iterator[tuple[Any | Problem, int]]:
    """(parsed JSON value or Problem, line number) for each non-blank line of a JSONL file."""
    source = str(path)
    try:
        f = open(path, encoding="utf-8")
    except OSError as err:
        yield Problem("unreadable", err.strerror or str(err), source), 0
        return
    with f:
        lineno = 0
        while True:
            try:
                line = f.readline()
            except UnicodeDecodeError as err:
                yield Problem("bad-encoding", f"not UTF-8 ({err.reason})", source, lineno + 1), lineno + 1
                return
            if not line:
                return
            lineno += 1
            if not line.strip():
                continue
            try:
                yield json.loads(line), lineno
            except json.JSONDecodeError as err:
                yield Problem("bad-json", f"invalid JSON ({err.msg} at column {err.colno})", source, lineno), lineno


def read_text(path: str | Path) -> str | Problem:
    """A whole UTF-8 file, or the Problem that stops it being read."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as err:
        return Problem("unreadable", err.strerror or str(err), str(path))
    except UnicodeDecodeError as err:
        return Problem("bad-encoding", f"not UTF-8 ({err.reason})", str(path))
