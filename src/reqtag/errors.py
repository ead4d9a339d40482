"""Errors and problems. The CLI prints ``str(err)`` as one line; tests match on ``code``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input record. Collected, never silently fixed."""

    code: str
    message: str
    source: str = ""
    line: int | None = None
    record_id: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where = f"{where}:{self.line}"
        parts = [p for p in (where, self.record_id) if p]
        return ": ".join(parts + [f"{self.code}: {self.message}"])


class ReqtagError(Exception):
    """Base of every error reqtag raises on purpose; its message is one line for the user."""

    exit_code = 1


class InputError(ReqtagError):
    """Unusable input: a file that cannot be read, a record without text, a bad option."""


class ModelError(ReqtagError):
    """A model directory that is missing, incomplete, altered or of an unknown format."""


class AnnotationError(ReqtagError):
    """Annotations that fail validation; carries every problem found."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = problems
        first = str(problems[0]) if problems else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(summary or f"{first}{more}")
