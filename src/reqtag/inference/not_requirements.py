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
    inside: frozenset[str]  # labels of which a span must start inside ``after``'s match (the table's ``inside``)
    chain: re.Pattern[str] | None  # the gap that joins two spans of ``labels`` into one list (the table's ``chain``)


@cache
def _drops() -> tuple[_Drop, ...]:
    table = tables.load("not_requirements")
    macros = table.get("macros", {})

    def rx(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(tables.expand(pattern, macros), re.I) if pattern else None

    return tuple(_Drop(frozenset(d["labels"]), rx(d.get("span")), rx(d.get("before") and f"(?:{d['before']})$"),
                       rx(d.get("after")), rx(d.get("sentence")), rx(d.get("unless")) or _NEVER,
                       frozenset(d.get("inside", ())), rx(d.get("chain")))
                 for d in table["drop"])


#: how far back a ``before`` pattern reads (it must end right at the span)
_BEFORE = 60

#: a sentence pattern's match counts for spans at most this far away: a sentence is shorter, and without
#: the bound every span would read its whole line (a 12,000-character posting without a break took 0.7 s)
_NEAR = 400


class _Posting:
    """What the drops read of one posting, computed once: the starts of each drop's sentence-pattern matches,
    the starts of its spans by label, and each sentence's verdict per drop (a posting without sentence breaks
    is one sentence: 1,400 spans each searching the same 20,000 characters took 6.7 s)."""

    def __init__(self, text: str, spans: Sequence[Span], drops: tuple[_Drop, ...]) -> None:
        self.text = text
        self.hits = [[m.start() for m in d.sentence.finditer(text)] if d.sentence is not None else [] for d in drops]
        starts: dict[str, list[int]] = {}
        for s in spans:
            starts.setdefault(s.label, []).append(s.start)
        self.starts = {label: sorted(v) for label, v in starts.items()}
        self.verdicts: dict[tuple[int, int, int], bool] = {}
        self.lists = [_lists(text, spans, d) if d.chain is not None else {} for d in drops]

    def starts_inside(self, labels: frozenset[str], a: int, b: int) -> bool:
        return any(bisect_left(self.starts.get(label, []), a) < bisect_left(self.starts.get(label, []), b)
                   for label in labels)

    def sentence_verdict(self, i: int, drop: _Drop, span: Span) -> bool:
        a, b = sentence_bounds(self.text, span.start, span.end)
        key = (i, a, b)
        if key not in self.verdicts:
            self.verdicts[key] = (drop.sentence is None or drop.sentence.search(self.text, a, b) is not None) \
                and not drop.unless.search(self.text, a, b)
        return self.verdicts[key]


def _lists(text: str, spans: Sequence[Span], drop: _Drop) -> dict[tuple[str, int, int], tuple[int, int]]:
    """The bounds of the list each span of ``drop``'s labels belongs to: spans one after another whose gaps
    match ``drop.chain`` whole ("[Grado] en [Derecho] o [Economía]"), or that overlap."""
    assert drop.chain is not None
    own = sorted((s for s in spans if s.label in drop.labels), key=lambda s: (s.start, s.end))
    out: dict[tuple[str, int, int], tuple[int, int]] = {}
    group: list[Span] = []
    end = 0

    def close() -> None:
        for g in group:
            out[g.label, g.start, g.end] = (group[0].start, end)

    for s in own:
        if group and s.start > end and not drop.chain.fullmatch(text, end, s.start):
            close()
            group = []
        end = max(end, s.end) if group else s.end
        group.append(s)
    close()
    return out


def _dropped(posting: _Posting, span: Span, i: int, drop: _Drop) -> bool:
    """Whether ``drop`` (the table's ``i``-th) removes ``span`` of ``posting``. With ``chain``, ``before``
    and ``after`` read around the span's whole list, so the list goes together or stays together."""
    text = posting.text
    if span.label not in drop.labels:
        return False
    if drop.text is not None and not drop.text.fullmatch(text, span.start, span.end):
        return False
    start, end = posting.lists[i].get((span.label, span.start, span.end), (span.start, span.end))
    if drop.before is not None and not drop.before.search(text, max(0, start - _BEFORE), start):
        return False
    if drop.after is not None:
        m = drop.after.match(text, end)
        if m is None or (drop.inside and not posting.starts_inside(drop.inside, end, m.end())):
            return False
    hits = posting.hits[i]
    if drop.sentence is not None and bisect_left(hits, span.start - _NEAR) == bisect_right(hits, span.end + _NEAR):
        return False  # no match near the span: its sentence holds none
    if drop.sentence is None and drop.unless is _NEVER:
        return True
    return posting.sentence_verdict(i, drop, span)


def _no_amount(span: Span) -> bool:
    """An EXPERIENCE span that states no amount in any table language ("at" of "at least one of",
    "somewhere"): the schema's EXPERIENCE is an amount, and every gold EXPERIENCE span of the three
    languages but one ("additional years") has a value. An amount of hours or a count of something else ("at least 3
    turnarounds") is one, without years."""
    if span.label != "EXPERIENCE":
        return False
    values = (normalise_experience(span.text, lang) for lang in ("en", "fr", "es"))  # stops at the first amount
    return all(v["min_years"] is None and v["max_years"] is None and not v["vague"]
               and v["unit"] not in ("hour", "count") for v in values)


def without_non_requirements(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without those the schema never tags in ``text`` (data/not_requirements.toml), and
    without an EXPERIENCE span that states no amount."""
    drops = _drops()
    posting = _Posting(text, spans, drops)
    return [s for s in spans if not _no_amount(s)
            and not any(_dropped(posting, s, i, d) for i, d in enumerate(drops))]


@dataclass(frozen=True)
class _Duties:
    start: re.Pattern[str]
    end: re.Pattern[str]
    labels: frozenset[str]
    keep: re.Pattern[str]
    item: re.Pattern[str]


#: how far back a span's duty item may start (a flattened posting is one line)
_ITEM_BACK = 300


@cache
def _duties(lang: str) -> _Duties | None:
    """The duty-section drop of ``lang`` (data/duty_sections.toml), None where it is off."""
    table = tables.section("duty_sections", lang)
    if not table["drop"]:
        return None
    cues = tables.section("rule_cues", lang)  # the rule annotator's duty sections: one definition for both
    return _Duties(re.compile(cues["duties"], re.I), re.compile(cues["duties_end"], re.I),
                   frozenset(table["labels"]), re.compile(table["keep"], re.I) if table["keep"] else _NEVER,
                   re.compile(table["item"]))


def duty_languages() -> tuple[str, ...]:
    """The table languages whose duty-section drop is on (a posting's language is needed only for these)."""
    return tuple(lang for lang in tables.LANGUAGES if _duties(lang) is not None)


def without_duty_spans(text: str, spans: Sequence[Span], lang: str) -> list[Span]:
    """``spans`` without the spans of the duty-section labels of ``lang`` that lie inside a duty section
    (data/duty_sections.toml; the sections are rule_cues.toml's ``duties`` .. ``duties_end``), unless the span's
    own item of the duty list asks something of the candidate (``keep``: "Conocimiento en [PRL]")."""
    duties = _duties(lang)
    if duties is None or not any(s.label in duties.labels for s in spans):
        return list(spans)
    # the rule annotator's fold (accents off, one character for one): its duty patterns read that text, and it is
    # loaded already for the languages whose rules stand beside the network
    from reqtag.annotations.rules_fr_es import fold

    folded = fold(text)
    sections = []
    for m in duties.start.finditer(folded):
        end = duties.end.search(folded, m.end())
        sections.append((m.start(), end.start() if end else len(folded)))
    if not sections:
        return list(spans)

    def dropped(s: Span) -> bool:
        if s.label not in duties.labels or not any(a <= s.start < b for a, b in sections):
            return False
        back = max(0, s.start - _ITEM_BACK)
        a = max((m.end() for m in duties.item.finditer(folded, back, s.start)), default=back)
        b = next((m.start() for m in duties.item.finditer(folded, s.end)), len(folded))
        return duties.keep.search(folded, a, b) is None

    return [s for s in spans if not dropped(s)]
