"""Spans the schema never counts as requirements, dropped from every posting's final spans
(data/not_requirements.toml): an age read as experience, the organisation's official languages
stated as a fact, a heading, grade or points read as a degree or an amount, an EXPERIENCE span without
an amount. The network learned these from few examples; the table states the schema's rule."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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
    text: re.Pattern[str] | None  # the span's own text, whole (the table's ``span`` key)
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    unless: re.Pattern[str]


@cache
def _drops() -> tuple[_Drop, ...]:
    table = tables.load("not_requirements")
    macros = table.get("macros", {})

    def rx(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(tables.expand(pattern, macros), re.I) if pattern else None

    return tuple(_Drop(frozenset(d["labels"]), rx(d.get("span")), rx(d.get("before") and f"(?:{d['before']})$"),
                       rx(d.get("after")), rx(d.get("sentence")), rx(d.get("unless")) or _NEVER)
                 for d in table["drop"])


#: how far back a ``before`` pattern reads (it must end right at the span)
_BEFORE = 60

#: a sentence pattern's match counts for spans at most this far away: a sentence is shorter, and without
#: the bound every span would read its whole line (a 12,000-character posting without a break took 0.7 s)
_NEAR = 400


def _dropped(text: str, span: Span, drop: _Drop, hits: list[int]) -> bool:
    """Whether ``drop`` removes ``span``; ``hits`` are the starts of ``drop.sentence``'s matches in ``text``."""
    if span.label not in drop.labels:
        return False
    if drop.text is not None and not drop.text.fullmatch(text, span.start, span.end):
        return False
    if drop.before is not None and not drop.before.search(text, max(0, span.start - _BEFORE), span.start):
        return False
    if drop.after is not None and not drop.after.match(text, span.end):
        return False
    if drop.sentence is not None and bisect_left(hits, span.start - _NEAR) == bisect_right(hits, span.end + _NEAR):
        return False  # no match near the span: its sentence holds none
    if drop.sentence is None and drop.unless is _NEVER:
        return True
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
    values = (normalise_experience(span.text, lang) for lang in ("en", "fr", "es"))  # stops at the first amount
    return all(v["min_years"] is None and v["max_years"] is None and not v["vague"] and v["unit"] != "hour"
               for v in values)


def without_non_requirements(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without those the schema never tags in ``text`` (data/not_requirements.toml), and
    without an EXPERIENCE span that states no amount."""
    drops = _drops()
    hits = [[m.start() for m in d.sentence.finditer(text)] if d.sentence is not None else [] for d in drops]
    return [s for s in spans if not _no_amount(s)
            and not any(_dropped(text, s, d, h) for d, h in zip(drops, hits, strict=True))]
