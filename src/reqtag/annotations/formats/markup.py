"""Inline markup for writing annotations by hand, and its standoff form for shared texts.

Inline:  ``a [Master's degree](DEGREE) in [Law](FIELD); must be [at least 18](NOT:age)`` compiles to
plain text plus offsets. ``[text](LABEL)`` is a span; ``[text](NOT:rule)`` marks an untagged
hard-negative occurrence of a SCHEMA.md "not tagged" rule (rule names: formats/rules.toml), which
becomes a ``Negative`` of the record, never a span. Brackets not followed by ``(LABEL)`` with a
known label or ``(NOT:rule)`` with a known rule are plain text; ``read`` reports the ones that look
like markup (``[x](SKILL)``, ``[x](NOT:typo)``) as Problems.

A markup file is one posting: its id is the file stem, its split the name of its folder when that
is a split (``<root>/<split>/<id>.txt``).

Standoff line patches, for real postings that must stay outside the project: a patch file holds,
per posting, only the lines that carry spans, each marked up as a copy of that line:

    # posting skillspan-train-tech-1
    L12| Experience with [Python](COMPETENCY) and [SQL](COMPETENCY)

Compiling checks that each marked line, stripped of markup, equals line N of the shared text
exactly, and stores offsets only. A posting header with no lines means "annotated: no spans".
"""
from __future__ import annotations

import bisect
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from reqtag.annotations.corpus import SPLITS, Negative, Record
from reqtag.annotations.formats import rulebook
from reqtag.annotations.formats._io import read_text_lenient
from reqtag.errors import Problem
from reqtag.schema import LABELS, Span

_BOM = b"\xef\xbb\xbf"
METHOD = "written and annotated in markup"
# What a writer meant as markup: a bracketed text then (UPPERCASE) or (NOT:anything).
_LOOKS_LIKE = re.compile(r"\[([^\[\]\n]+)\]\(([A-Z][A-Z_]*|NOT:[^()\s]*)\)")


def _stray(labels: Iterable[str]) -> re.Pattern[str]:
    """A leftover ``](LABEL`` (a known label, as written: lowercase stays text) or ``](NOT:``."""
    alts = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(r"\]\(\s*(" + (alts + "|" if alts else "") + r"NOT:[^()\s]*)(?![A-Za-z0-9_])")


def _pattern(labels: Iterable[str], rules: Iterable[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    nots = "|".join("NOT:" + re.escape(r) for r in sorted(rules, key=len, reverse=True))
    return re.compile(r"\[([^\[\]\n]+)\]\((" + "|".join(x for x in (alts, nots) if x) + r")\)")


class Parsed(NamedTuple):
    """Markup compiled: plain text, spans, hard negatives, and (code, message, markup offset) problems."""

    text: str
    spans: list[Span]
    negatives: list[Negative]
    problems: list[tuple[str, str, int]]


def parse_full(markup: str, labels: Iterable[str] = LABELS, rules: Iterable[str] | None = None) -> Parsed:
    """Markup → text, spans and negatives with offsets into the text, and what looked like markup
    but used an unknown label or rule (left in the text as it was)."""
    rules = tuple(rulebook.not_rules() if rules is None else rules)
    out: list[str] = []
    spans: list[Span] = []
    negatives: list[Negative] = []
    problems: list[tuple[str, str, int]] = []
    pos = 0
    length = 0
    pieces: list[tuple[int, int]] = []  # (offset in the text, offset in the markup) of each copied piece
    reported: list[tuple[int, int]] = []  # markup ranges already reported as unknown markup

    def leftovers(chunk: str, offset: int) -> None:
        for m in _LOOKS_LIKE.finditer(chunk):
            reported.append((offset + m.start(), offset + m.end()))
            tag = m.group(2)
            if tag.startswith("NOT:"):
                problems.append(("unknown-rule", f"[{m.group(1)}]({tag}): {tag[4:]!r} is not a NOT rule "
                                 f"({', '.join(rules)})", offset + m.start()))
            else:
                problems.append(("unknown-label", f"[{m.group(1)}]({tag}): {tag!r} is not a label "
                                 f"({', '.join(labels)})", offset + m.start()))

    labels = tuple(labels)
    for m in _pattern(labels, rules).finditer(markup):
        before = markup[pos:m.start()]
        leftovers(before, pos)
        pieces.append((length, pos))
        out.append(before)
        length += len(before)
        inner, tag = m.group(1), m.group(2)
        pieces.append((length, m.start(1)))
        if tag.startswith("NOT:"):
            negatives.append(Negative(length, length + len(inner), tag[4:], inner))
        else:
            spans.append(Span(length, length + len(inner), tag, inner))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    leftovers(markup[pos:], pos)
    pieces.append((length, pos))
    out.append(markup[pos:])
    text = "".join(out)
    # Markup with a known label or NOT rule that did not compile (a line break or brackets inside,
    # nesting, "(FIELD )", "[](FIELD)") stays in the text: anywhere it is, it is a Problem.
    for m in _stray(labels).finditer(text):
        k = bisect.bisect_right(pieces, (m.start(), len(markup) + 1)) - 1
        at = pieces[k][1] + m.start() - pieces[k][0]
        if any(a <= at < b for a, b in reported):
            continue
        problems.append(("stray-markup", f"{text[max(0, m.start() - 20):m.start()]!r} is followed by "
                         f"{m.group(0)!r}: markup that is not '[text]({m.group(1)})' on one line, with no brackets "
                         "inside the text, so it was not read as a span or NOT mark", at))
    problems.sort(key=lambda p: p[2])
    return Parsed(text, spans, negatives, problems)


def parse(markup: str, labels: Iterable[str] = LABELS) -> tuple[str, list[Span]]:
    """Markup → (plain text, spans with offsets into the plain text); NOT markup is stripped."""
    parsed = parse_full(markup, labels)
    return parsed.text, parsed.spans


def render(text: str, spans: Iterable[Span], negatives: Iterable[Negative] = ()) -> str:
    """Text + non-overlapping spans (and negatives) → markup (the inverse of ``parse_full``)."""
    marks = sorted([(s.start, s.end, s.label) for s in spans] + [(n.start, n.end, f"NOT:{n.rule}") for n in negatives])
    parts: list[str] = []
    pos = 0
    for start, end, tag in marks:
        parts.append(text[pos:start])
        parts.append(f"[{text[start:end]}]({tag})")
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def split_of_path(path: Path) -> str | None:
    """The split a markup file's folder names (``<root>/<split>/<id>.txt``), else None."""
    return path.parent.name if path.parent.name in SPLITS else None


def read_with_lines(path: str | Path) -> Iterator[tuple[Record | Problem, int | None]]:
    """The posting of one markup file as a Record, or Problems naming the file and markup line."""
    path = Path(path)
    source, rid = str(path), path.stem
    got = read_text_lenient(path)
    if isinstance(got, Problem):
        yield got, None
        return
    markup, bad = got
    if bad:
        yield Problem("bad-encoding", "not UTF-8 (an undecodable byte)", source, bad[0], rid), bad[0]
        return
    parsed = parse_full(markup)
    if parsed.problems:
        for code, msg, offset in parsed.problems:
            line = markup.count("\n", 0, offset) + 1
            yield Problem(code, msg, source, line, rid), line
        return
    yield Record(rid, parsed.text, parsed.spans, split_of_path(path), None, {"method": METHOD},
                 negatives=parsed.negatives), None


def read(path: str | Path) -> Iterator[Record | Problem]:
    """Records (one) or Problems of a markup file."""
    for item, _ in read_with_lines(path):
        yield item


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def render_lines(text: str, spans: Iterable[Span], *, only_marked: bool = False) -> str:
    """A posting as ``L<n>| <markup>`` lines (all lines, or only those carrying spans)."""
    spans = sorted(spans)
    lines = text.split("\n")
    starts = _line_starts(text)
    out = []
    k = 0
    for n, (line, start) in enumerate(zip(lines, starts, strict=True), 1):
        end = start + len(line)
        mine = []
        while k < len(spans) and spans[k].start < end + 1:
            if spans[k].end <= end:
                mine.append(Span(spans[k].start - start, spans[k].end - start, spans[k].label, spans[k].text))
            k += 1
        if only_marked and not mine:
            continue
        out.append(f"L{n}| {render(line.rstrip(chr(13)), mine)}")
    return "\n".join(out)


_HEADER = re.compile(r"^# posting (\S+)\s*$")
_LINE = re.compile(r"^L(\d+)\| ?(.*)$")


def compile_patches(path: str | Path, get_text: Callable[[str], str | None], labels: Iterable[str] = LABELS, *,
                    with_negatives: bool = False) -> Iterator[tuple | Problem]:
    """Read a line-patch file; yield (posting id, spans in original offsets) or Problems.

    With ``with_negatives``: (posting id, spans, negatives).
    """
    source = str(path)
    labels = tuple(labels)
    current: str | None = None
    text: str | None = None
    starts: list[int] = []
    lines: list[str] = []
    spans: list[Span] = []
    negatives: list[Negative] = []
    seen: set[str] = set()

    def flush() -> Iterator[tuple]:
        if current is not None and text is not None:
            yield (current, spans, negatives) if with_negatives else (current, spans)

    try:
        data = Path(path).read_bytes()
    except OSError as err:
        yield Problem("unreadable", err.strerror or str(err), source)
        return
    if data.startswith(_BOM):  # like every other reader
        data = data[len(_BOM):]
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield Problem("bad-encoding", f"not UTF-8 (byte {data[err.start]:#04x}): the patch file is not read",
                      source, data.count(b"\n", 0, err.start) + 1)
        return
    started = False  # whether a '# posting' header was seen: lines before the first one belong to none
    with io.StringIO(decoded, newline=None) as f:  # line ends as open() reads them
        for lineno, raw in enumerate(f, 1):
            raw = raw.rstrip("\n")
            if not raw.strip():
                continue
            head = _HEADER.match(raw)
            if head:
                started = True
                yield from flush()
                current, spans, negatives = head.group(1), [], []
                if current in seen:
                    yield Problem("duplicate-id", f"posting {current} appears twice", source, lineno, current)
                seen.add(current)
                text = get_text(current)
                if text is None:
                    yield Problem("missing-shared-text", f"no shared text for {current}", source, lineno, current)
                    current = None
                    continue
                lines = text.split("\n")
                starts = _line_starts(text)
                continue
            m = _LINE.match(raw)
            if not m:
                if raw.startswith("#"):
                    continue  # a comment
                yield Problem("bad-line", "expected '# posting ID' or 'L<n>| markup'", source, lineno, current)
                continue
            if not started:
                yield Problem("line-before-header", f"L{m.group(1)} comes before the first '# posting ID' line: "
                              "it belongs to no posting", source, lineno)
                continue
            if current is None or text is None:
                continue  # the posting's header was reported (no shared text)
            n = int(m.group(1))
            if not 1 <= n <= len(lines):
                yield Problem("bad-line-number", f"L{n}: the posting has {len(lines)} lines", source, lineno, current)
                continue
            parsed = parse_full(m.group(2), labels)
            plain, local = parsed.text, parsed.spans
            for code, msg, _ in parsed.problems:
                yield Problem(code, f"L{n}: {msg}", source, lineno, current)
            want = lines[n - 1].rstrip("\r")
            if plain != want:
                i = next((i for i, (a, b) in enumerate(zip(plain, want, strict=False)) if a != b),
                         min(len(plain), len(want)))
                yield Problem("line-mismatch",
                              f"L{n} stripped of markup differs from the shared text at column {i + 1}: "
                              f"{plain[max(0, i - 15):i + 15]!r} vs {want[max(0, i - 15):i + 15]!r}",
                              source, lineno, current)
                continue
            base = starts[n - 1]
            for s in local:
                spans.append(Span(base + s.start, base + s.end, s.label, text[base + s.start:base + s.end]))
            for g in parsed.negatives:
                negatives.append(Negative(base + g.start, base + g.end, g.rule, text[base + g.start:base + g.end]))
        yield from flush()
