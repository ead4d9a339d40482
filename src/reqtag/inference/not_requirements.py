"""Spans the schema never counts as requirements, dropped from every posting's final spans
(data/not_requirements.toml): an age read as experience, the organisation's official languages
stated as a fact, an EXPERIENCE span without an amount. The network learned these from few examples;
the table states the schema's rule."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reqtag.schema import Span
from reqtag.structure import tables
from reqtag.structure.values import normalise_experience
from reqtag.text import sentence_bounds

_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class _Drop:
    labels: frozenset[str]
    after: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    unless: re.Pattern[str]


@cache
def _drops() -> tuple[_Drop, ...]:
    def rx(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(pattern, re.I) if pattern else None

    return tuple(_Drop(frozenset(d["labels"]), rx(d.get("after")), rx(d.get("sentence")), rx(d.get("unless")) or _NEVER)
                 for d in tables.load("not_requirements")["drop"])


def _dropped(text: str, span: Span, drop: _Drop) -> bool:
    if span.label not in drop.labels:
        return False
    if drop.after is not None and not drop.after.match(text, span.end):
        return False
    a, b = sentence_bounds(text, span.start, span.end)
    if drop.sentence is not None and not drop.sentence.search(text, a, b):
        return False
    return not drop.unless.search(text, a, b)


def _no_amount(span: Span) -> bool:
    """An EXPERIENCE span that states no amount in any table language ("at" of "at least one of",
    "somewhere"): the schema's EXPERIENCE is an amount, and every gold EXPERIENCE span of the three
    languages but one ("additional years") has a value."""
    if span.label != "EXPERIENCE":
        return False
    values = [normalise_experience(span.text, lang) for lang in ("en", "fr", "es")]
    return all(v["min_years"] is None and v["max_years"] is None and not v["vague"] and v["unit"] != "hour"
               for v in values)


def without_non_requirements(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without those the schema never tags in ``text`` (data/not_requirements.toml), and
    without an EXPERIENCE span that states no amount."""
    drops = _drops()
    return [s for s in spans if not _no_amount(s) and not any(_dropped(text, s, d) for d in drops)]
