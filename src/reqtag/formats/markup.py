"""Inline markup for writing annotations by hand, and its standoff form for shared texts.

Inline:  ``a [Master's degree](DEGREE) in [Law](FIELD)`` compiles to plain text plus offsets.
Brackets that are not followed by ``(LABEL)`` with a known label are plain text.

Standoff line patches, for real postings that must stay outside the project: a patch file holds,
per posting, only the lines that carry spans, each marked up as a copy of that line:

    # posting skillspan-train-tech-1
    L12| Experience with [Python](COMPETENCY) and [SQL](COMPETENCY)

Compiling checks that each marked line, stripped of markup, equals line N of the shared text
exactly, and stores offsets only. A posting header with no lines means "annotated: no spans".
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import Problem
from ..schema import LABELS, Span


def _pattern(labels: Iterable[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(r"\[([^\[\]\n]+)\]\((" + alts + r")\)")


def parse(markup: str, labels: Iterable[str] = LABELS) -> tuple[str, list[Span]]:
    """Markup → (plain text, spans with offsets into the plain text)."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for m in _pattern(labels).finditer(markup):
        before = markup[pos:m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(1)
        spans.append(Span(length, length + len(inner), m.group(2), inner))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(markup[pos:])
    return "".join(out), spans


def render(text: str, spans: Iterable[Span]) -> str:
    """Text + non-overlapping spans → markup (the inverse of ``parse``)."""
    parts: list[str] = []
    pos = 0
    for s in sorted(spans):
        parts.append(text[pos:s.start])
        parts.append(f"[{text[s.start:s.end]}]({s.label})")
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


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
    for n, (line, start) in enumerate(zip(lines, starts), 1):
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


def compile_patches(path: str | Path, get_text: Callable[[str], str | None],
                    labels: Iterable[str] = LABELS) -> Iterator[tuple[str, list[Span]] | Problem]:
    """Read a line-patch file; yield (posting id, spans in original offsets) or Problems."""
    source = str(path)
    labels = tuple(labels)
    current: str | None = None
    text: str | None = None
    starts: list[int] = []
    lines: list[str] = []
    spans: list[Span] = []
    seen: set[str] = set()

    def flush() -> Iterator[tuple[str, list[Span]]]:
        if current is not None and text is not None:
            yield current, spans

    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            raw = raw.rstrip("\n")
            if not raw.strip():
                continue
            head = _HEADER.match(raw)
            if head:
                yield from flush()
                current, spans = head.group(1), []
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
            if current is None or text is None:
                continue
            n = int(m.group(1))
            if not 1 <= n <= len(lines):
                yield Problem("bad-line-number", f"L{n}: the posting has {len(lines)} lines", source, lineno, current)
                continue
            plain, local = parse(m.group(2), labels)
            want = lines[n - 1].rstrip("\r")
            if plain != want:
                i = next((i for i, (a, b) in enumerate(zip(plain, want)) if a != b), min(len(plain), len(want)))
                yield Problem("line-mismatch",
                              f"L{n} stripped of markup differs from the shared text at column {i + 1}: "
                              f"{plain[max(0, i - 15):i + 15]!r} vs {want[max(0, i - 15):i + 15]!r}",
                              source, lineno, current)
                continue
            base = starts[n - 1]
            for s in local:
                spans.append(Span(base + s.start, base + s.end, s.label, text[base + s.start:base + s.end]))
        yield from flush()
