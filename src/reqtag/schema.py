"""The label set of ../shared/SCHEMA.md (v1), defined once, and everything derived from it.

Every other module imports LABELS, TAGS and the id maps from here; none retypes them.
A model directory may carry its own label list (e.g. SkillSpan's skill/knowledge): use
``tags_for(labels)`` to derive its tag set the same way.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1"

#: label -> what it marks (the SCHEMA.md table, in its order)
LABEL_DESCRIPTIONS: dict[str, str] = {
    "DEGREE": "an academic degree or education level",
    "FIELD": "a field of study tied to a degree",
    "EXPERIENCE": "an amount of work experience: the quantity, its unit and its bound words",
    "LANGUAGE": "a human language the candidate should know",
    "COMPETENCY": "a skill, ability, knowledge area or named competency, soft or technical",
    "CERTIFICATION": "a licence, certificate or professional certification",
}
LABELS: tuple[str, ...] = tuple(LABEL_DESCRIPTIONS)


def tags_for(labels: Sequence[str]) -> tuple[str, ...]:
    """BIO tags for a label list: O first, then B-/I- per label in label order."""
    return ("O",) + tuple(f"{p}-{label}" for label in labels for p in ("B", "I"))


TAGS: tuple[str, ...] = tags_for(LABELS)
TAG2ID: dict[str, int] = {t: i for i, t in enumerate(TAGS)}
ID2TAG: dict[int, str] = dict(enumerate(TAGS))


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A labelled half-open character range of the ORIGINAL text: ``text == original[start:end]``."""

    start: int
    end: int
    label: str
    text: str
    score: float | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label, "text": self.text}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        return d

    @classmethod
    def from_text(cls, text: str, start: int, end: int, label: str, score: float | None = None) -> Span:
        """Build a span by slicing the original text (the only way span text is ever made)."""
        return cls(start, end, label, text[start:end], score)


@dataclass(frozen=True, slots=True)
class Posting:
    """One job posting: an id and its original text."""

    id: str
    text: str
