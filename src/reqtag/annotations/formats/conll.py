"""CoNLL / BIO (``.conll``, ``.bio``): one token per line, ``token<TAB>tag``.

    # id = posting-1
    # split = train
    Master<TAB>B-DEGREE
    's<TAB>I-DEGREE
    degree<TAB>I-DEGREE
    <blank line: end of a sentence, i.e. of a line of the text>

Tokens (``tokenize``): runs of non-whitespace, with punctuation and symbols (emoji too) split off
their edges one character at a time, except a trailing ``+``/``#`` after a letter or digit
("C++", "C#", "10+"), a trailing ``.`` of a dotted abbreviation ("Ph.D.", "B.Sc."), a leading ``.``
before a letter (".NET"), and a clitic ``'s``/``’s`` which becomes its own token. Tags are IOB2 over
the label set of reqtag.schema (``tags_for(LABELS)``); a tag outside it is a Problem.
"-DOCSTART-" lines are accepted as document breaks and never written.

The format is lossy. Reading rebuilds each posting as its tokens joined by single spaces, one line
per sentence, lines joined by "\\n". Exactly this is lost, and nothing else:
- whitespace: runs of spaces/tabs, "\\r", blank and whitespace-only lines, whitespace at line ends
  become nothing or one space, and a space appears between tokens that touched ("French;" ->
  "French ;"). Every non-whitespace character survives, in order;
- the spans of ``lost_spans(record)``: those that do not start and end on token boundaries, that
  cross a line break, or that overlap an earlier span that was kept (BIO has no overlaps). The
  writer drops them and reports each as a "lost-span" Problem;
- the ref, provenance and per-span attributes of a record (only id and split are kept).
A record it cannot write so that it reads back (an id or split with a tab, a line break or
whitespace at an end; a lone surrogate anywhere) is not written: a "not-written" Problem.
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from reqtag.annotations.corpus import Record
from reqtag.annotations.formats._io import atomic_output, read_text_lenient
from reqtag.errors import Problem
from reqtag.schema import LABELS, Span, tags_for

_CHUNK = re.compile(r"\S+")
_TAGS = frozenset(tags_for(LABELS))
_DOTTED = re.compile(r"(?:[A-Za-z]{1,3}\.){2,}")


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token (start, end) offsets of a line (or any text): see the module docstring."""
    out: list[tuple[int, int]] = []
    for m in _CHUNK.finditer(text):
        s, e = m.span()
        while s < e and _punct(text[s]) and not (text[s] == "." and s + 1 < e and text[s + 1].isalpha()):
            out.append((s, s + 1))
            s += 1
        tail: list[tuple[int, int]] = []
        while e > s:
            ch, word = text[e - 1], text[s:e]
            if ch in "+#" and any(c.isalnum() for c in word):
                break
            if ch == "." and _DOTTED.fullmatch(word):
                break
            if not _punct(ch):
                break
            tail.append((e - 1, e))
            e -= 1
        if e - s > 2 and text[e - 2:e].lower() in ("'s", "’s"):
            tail.append((e - 2, e))
            e -= 2
        if e > s:
            out.append((s, e))
        out.extend(reversed(tail))
    return out


def _line_tokens(text: str) -> list[list[tuple[int, int]]]:
    """Tokens per line of the text, in absolute offsets; lines without tokens are left out."""
    lines, pos = [], 0
    for line in text.split("\n"):
        toks = [(pos + s, pos + e) for s, e in tokenize(line)]
        if toks:
            lines.append(toks)
        pos += len(line) + 1
    return lines


def _kept_and_lost(rec: Record) -> tuple[list[tuple[Span, int, int]], list[Span]]:
    """Spans as (span, first token, last token + 1) over all tokens, and the spans that are lost."""
    lines = _line_tokens(rec.text)
    flat = [t for line in lines for t in line]
    line_of = [k for k, line in enumerate(lines) for _ in line]
    starts = {s: i for i, (s, _) in enumerate(flat)}
    ends = {e: i + 1 for i, (_, e) in enumerate(flat)}
    kept: list[tuple[Span, int, int]] = []
    lost: list[Span] = []
    last_end = -1
    for span in sorted(rec.spans):
        a, b = starts.get(span.start), ends.get(span.end)
        if a is None or b is None or a >= b or line_of[a] != line_of[b - 1] or span.start < last_end:
            lost.append(span)
            continue
        kept.append((span, a, b))
        last_end = span.end
    return kept, lost


def lost_spans(record: Record) -> list[Span]:
    """The spans of a record that CoNLL cannot carry (see the module docstring)."""
    return _kept_and_lost(record)[1]


def rebuild_text(text: str) -> str:
    """The text as it comes back from CoNLL: tokens joined by spaces, lines by newlines."""
    return "\n".join(" ".join(text[s:e] for s, e in line) for line in _line_tokens(text))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_header(value: str) -> bool:
    """Whether a ``# id = ``/``# split = `` value would read back differently (or break the file)."""
    return "\t" in value or "\n" in value or "\r" in value or value != value.strip()


def unwritable(rec: Record) -> str | None:
    """Why a record cannot be written as CoNLL so that it reads back the same, or None.

    An id or split with a tab, a line break or whitespace at its ends would come back changed (or
    as tokens), and a lone surrogate (not UTF-8) could only be written as something else.
    """
    if _bad_header(rec.id):
        return f"the id {rec.id!r} has a tab, a line break or whitespace at an end"
    if rec.split is not None and _bad_header(rec.split):
        return f"the split {rec.split!r} has a tab, a line break or whitespace at an end"
    for what, value in (("id", rec.id), ("split", rec.split or ""), ("text", rec.text)):
        m = _SURROGATE.search(value)
        if m:
            return f"the {what} holds a lone surrogate {m.group(0)!r} at {m.start()} (not UTF-8)"
    return None


def write(records: Iterable[Record], path: str | Path, problems: list[Problem] | None = None) -> int:
    """Write CoNLL; returns how many documents.

    Lost spans, and records that cannot be written (``unwritable``), are appended to
    ``problems``; without that list they are summed up in one UserWarning, so they are never silent.
    """
    found: list[Problem] = [] if problems is None else problems
    n = 0
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for rec in records:
            why = unwritable(rec)
            if why:
                found.append(Problem("not-written", f"{why}: CoNLL cannot carry it, the record is not written",
                                     str(path), None, repr(rec.id) if _bad_header(rec.id) else rec.id))
                continue
            kept, lost = _kept_and_lost(rec)
            found.extend(Problem("lost-span", f"span {s.start}-{s.end} {s.label} {s.text!r} is not on CoNLL "
                                 "token boundaries of one line, or overlaps another", str(path), None, rec.id)
                         for s in lost)
            tags: dict[int, str] = {}
            for span, a, b in kept:
                tags.update({i: ("B-" if i == a else "I-") + span.label for i in range(a, b)})
            f.write(f"# id = {rec.id}\n")
            if rec.split:
                f.write(f"# split = {rec.split}\n")
            i = 0
            for line in _line_tokens(rec.text):
                for s, e in line:
                    f.write(f"{rec.text[s:e]}\t{tags.get(i, 'O')}\n")
                    i += 1
                f.write("\n")
            n += 1
    if problems is None and found:
        warnings.warn(f"{path}: {len(found)} span(s) or record(s) lost; first: {found[0]}", UserWarning,
                      stacklevel=2)
    return n


class _Doc:
    """A document being read back: its tokens per sentence and its (line-numbered) tags."""

    def __init__(self, rid: str | None, line: int):
        self.id, self.line = rid, line
        self.split: str | None = None
        self.sentences: list[list[tuple[str, str, int]]] = [[]]
        self.problems: list[Problem] = []

    def empty(self) -> bool:
        return self.id is None and not any(self.sentences) and not self.problems


def _to_record(doc: _Doc, source: str, fallback_id: str) -> Record | list[Problem]:
    rid = doc.id or fallback_id
    parts: list[str] = []
    spans: list[Span] = []
    problems = [Problem(p.code, p.message, p.source, p.line, rid) for p in doc.problems]
    pos = 0
    open_span: tuple[int, str] | None = None
    end = 0
    for sentence in (s for s in doc.sentences if s):
        if parts:
            parts.append("\n")
            pos += 1
        for k, (token, tag, lineno) in enumerate(sentence):
            if k:
                parts.append(" ")
                pos += 1
            if tag not in _TAGS:
                problems.append(Problem("unknown-tag", f"tag {tag!r} is not one of the IOB2 tags of "
                                        f"{', '.join(LABELS)}", source, lineno, rid))
                tag = "O"
            if open_span and (tag == "O" or tag.startswith("B-") or k == 0 or tag[2:] != open_span[1]):
                spans.append(Span(open_span[0], end, open_span[1], ""))
                open_span = None
            if tag.startswith("I-") and open_span is None:
                problems.append(Problem("bad-bio", f"{tag} does not continue a {tag[2:]} span", source, lineno, rid))
            elif tag.startswith("B-"):
                open_span = (pos, tag[2:])
            parts.append(token)
            pos += len(token)
            end = pos
    if open_span:
        spans.append(Span(open_span[0], end, open_span[1], ""))
    if problems:
        return sorted(problems, key=lambda p: p.line or 0)
    text = "".join(parts)
    return Record(rid, text, [Span.from_text(text, s.start, s.end, s.label) for s in spans], doc.split)


def read_with_lines(path: str | Path) -> Iterator[tuple[Record | Problem, int | None]]:
    """(Record or Problem, line of the document's first line)."""
    source = str(path)
    got = read_text_lenient(path)
    if isinstance(got, Problem):
        yield got, None
        return
    lines, bad = got[0].split("\n"), set(got[1])
    stem = Path(path).stem
    docs: list[_Doc] = []
    doc = _Doc(None, 1)
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if lineno in bad:  # one undecodable byte costs its document, not the file
            doc.problems.append(Problem("bad-encoding", "not UTF-8 (an undecodable byte)", source, lineno))
            continue
        if line.startswith("-DOCSTART-") or (line.startswith("# id = ") and "\t" not in line):
            if not doc.empty():
                docs.append(doc)
            doc = _Doc(line[7:].strip() if line.startswith("#") else None, lineno)
        elif line.startswith("# split = ") and "\t" not in line:
            doc.split = line[10:].strip()
        elif line.startswith("#") and "\t" not in line:
            continue  # any other comment
        elif not line.strip():
            if doc.sentences[-1]:
                doc.sentences.append([])
        else:
            cols = line.split("\t") if "\t" in line else line.rsplit(None, 1)
            if len(cols) < 2 or not cols[0] or not cols[-1]:
                doc.problems.append(Problem("bad-line", "expected 'token<TAB>tag'", source, lineno))
                continue
            doc.sentences[-1].append((cols[0], cols[-1].strip(), lineno))
    if not doc.empty():
        docs.append(doc)
    for n, d in enumerate(docs, 1):
        out = _to_record(d, source, f"{stem}-{n}")
        for item in out if isinstance(out, list) else [out]:
            yield item, d.line


def read(path: str | Path) -> Iterator[Record | Problem]:
    """Records from a CoNLL/BIO file, or Problems naming file, line and id."""
    for item, _ in read_with_lines(path):
        yield item
