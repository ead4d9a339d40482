"""Offset-safe text handling: a repaired working copy of the input and the map back to it.

The model reads a *working copy* (mojibake fixed with ftfy, NFKC-normalised, lone surrogates
replaced so the Rust tokenizer accepts it). Every position the user receives goes back through
``WorkingText.to_original``, and span text is always a slice of the ORIGINAL string, so
``original[start:end] == span.text`` holds whatever the input.

Also the one owner of span-edge rules (which characters may not start or end a span).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

import numpy as np

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self is Python 3.11+

# Longer pieces are split (at a space) before repair and alignment: SequenceMatcher is quadratic
# in the worst case, and text dense in mojibake made 2,048-character pieces cost ~30x the clean text.
_MAX_PIECE = 256
_SURROGATE = re.compile("[\ud800-\udfff]")
# UTF-8 read as Windows-874 (Thai) with the continuation bytes lost: ftfy cannot undo it because
# the bytes are gone. Seen in ../shared/seeds/003: NBSP (C2 A0) -> "ย", ’ and “ (E2 80 xx) -> "โ".
# Only a Thai letter standing alone between non-Thai characters is replaced, one char for one.
_LOST_874 = re.compile("(?<![\u0e00-\u0e7f])[ยโ](?![\u0e00-\u0e7f])")
_LOST_874_MAP = {"ย": " ", "โ": "'"}
# The line breaks a BERT tokenizer does not read as whitespace: it deletes "\x0b", "\x0c" and "\x1c"-"\x1e"
# as control characters, gluing the words either side into one ("Requirements\x0bMaster" → "requirements",
# "##master"), and ftfy makes "\x85" an ellipsis. The model reads each as "\n", one for one, so a posting gets
# the same spans whichever break it uses. A "\x85" that completes or continues a UTF-8 sequence read as
# Latin-1 ("Ã\x85" is "Å") is left for ftfy: byte 0x85 is a continuation byte there.
_ODD_BREAK = re.compile("[\x0b\x0c\x1c-\x1e\u2028\u2029]|\x85")
_UTF8_AROUND_85 = re.compile("(?:[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf]{2})\x85"
                             "|(?:[\xe0-\xf4]|[\xf0-\xf4][\x80-\xbf])\x85[\x80-\xbf]")


def _as_newline(m: re.Match[str]) -> str:
    if m.group() != "\x85":
        return "\n"
    i, text = m.start(), m.string
    near = _UTF8_AROUND_85.search(text, max(0, i - 3), min(len(text), i + 2))
    return "\x85" if near is not None and near.start() <= i < near.end() else "\n"


def _fixer():
    import ftfy

    # Line breaks, control characters and quotes are left alone: the tokenizer copes with them,
    # and every character changed costs an alignment.
    return ftfy, ftfy.TextFixerConfig(
        unescape_html=False,
        fix_line_breaks=False,
        uncurl_quotes=False,
        remove_control_chars=False,
        normalization="NFKC",
        explain=False,
    )


def _pieces(text: str) -> list[str]:
    """Split into lines (keeping ends), and lines longer than _MAX_PIECE at whitespace."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > _MAX_PIECE:
            cut = line.rfind(" ", _MAX_PIECE // 2, _MAX_PIECE)
            cut = cut + 1 if cut > 0 else _MAX_PIECE
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


@dataclass(frozen=True)
class WorkingText:
    """The working copy ``text`` of ``original`` with a per-character map back to it."""

    original: str
    text: str
    # For each working character: the original range it came from. None means identity.
    _starts: np.ndarray | None = None
    _ends: np.ndarray | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a working-copy range [start, end) to the smallest original range covering it."""
        if self._starts is None or self._ends is None:
            return start, end
        if end <= start:
            pos = int(self._starts[start]) if start < len(self._starts) else len(self.original)
            return pos, pos
        s, e = int(self._starts[start]), int(self._ends[end - 1])
        return s, max(s, e)


def _nfkc_map(old: str, new: str) -> tuple[np.ndarray, np.ndarray] | None:
    """When ``new`` is ``old`` normalised character by character: each new character's source."""
    parts = [unicodedata.normalize("NFKC", ch) for ch in old]
    if "".join(parts) != new:
        return None
    sizes = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    src = np.repeat(np.arange(len(old), dtype=np.int64), sizes)
    return src, src + 1


def _align_block(old: str, new: str) -> tuple[np.ndarray, np.ndarray]:
    """Per character of ``new`` (a replacement of ``old``), the [start, end) in ``old`` it came from.

    Normalisation maps character by character far more often than not (full-width letters one to
    one, "ⅷ" → "viii", "⑴" → "(1)"): then every new character points at the one old character that
    carries it. Otherwise (mojibake repair, composed sequences) every new character covers the whole
    old block; encoding.py joins the words that share original characters, so spans never overlap.
    """
    exact = _nfkc_map(old, new) if old else None
    if exact is not None:
        return exact
    if len(old) == len(new):
        starts = np.arange(len(new), dtype=np.int64)
        return starts, starts + 1
    return np.zeros(len(new), dtype=np.int64), np.full(len(new), len(old), dtype=np.int64)


def _align(old: str, new: str) -> tuple[np.ndarray, np.ndarray]:
    """Per character of ``new`` (the repaired ``old``), the [start, end) in ``old`` it came from."""
    if old == new:
        idx = np.arange(len(old), dtype=np.int64)
        return idx, idx + 1
    exact = _nfkc_map(old, new)  # ligatures, full width: no diff needed
    if exact is not None:
        return exact
    a, b = old.split(" "), new.split(" ")
    if len(a) > 1 and len(a) == len(b):
        # Repair kept every ASCII space: align word by word (a diff per word is cheap; over a
        # whole line dense in mojibake it was the main cost of tagging such text).
        out_s, out_e, i = [], [], 0
        for k, (wa, wb) in enumerate(zip(a, b, strict=True)):
            ws, we = _align(wa, wb) if wa else (np.zeros(len(wb), np.int64), np.zeros(len(wb), np.int64))
            out_s.append(i + ws)
            out_e.append(i + we)
            i += len(wa)
            if k < len(a) - 1:
                out_s.append(np.array([i], np.int64))
                out_e.append(np.array([i + 1], np.int64))
                i += 1
        return np.concatenate(out_s), np.concatenate(out_e)
    s = np.empty(len(new), dtype=np.int64)
    e = np.empty(len(new), dtype=np.int64)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            s[j1:j2] = np.arange(i1, i2)
            e[j1:j2] = s[j1:j2] + 1
        elif j2 > j1:
            rs, re_ = _align_block(old[i1:i2], new[j1:j2])
            s[j1:j2] = i1 + rs
            e[j1:j2] = i1 + re_
    return s, e


def _covering(starts: np.ndarray, ends: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``starts``/``ends`` with every character covering at least one of the ``n`` old ones. A diff can
    align a repaired character to no old character at all ("Â\x80Â" → "€Â": difflib pairs "Â" with the
    first "Â" and calls "€" an insertion before it); such a character takes the old one at its place."""
    empty = ends <= starts
    if not empty.any() or n == 0:
        return starts, ends
    starts, ends = starts.copy(), ends.copy()
    starts[empty] = np.minimum(starts[empty], n - 1)
    ends[empty] = starts[empty] + 1
    return starts, ends


def in_capitals(text: str) -> bool:
    """At least half the letters of ``text`` are capitals (a posting "written in capitals"); False without letters."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) * 2 >= len(letters)


# Commas before whitespace or at the end: 189 of SkillSpan's 198 postings have none left after its tokenisation,
# while a comma inside a number ("1,000") or a name ("B.Sc,B.Eng") is not what it dropped.
_LIST_COMMAS = re.compile(r",+(?=\s|$)")


def has_list_commas(text: str) -> bool:
    """``text`` has a comma before whitespace or at its end (what ``list_commas_as_spaces`` changes)."""
    return _LIST_COMMAS.search(text) is not None


def list_commas_as_spaces(text: str) -> str:
    """``text`` with each comma before whitespace or at its end read as a space, one character for one, as
    SkillSpan's postings reach us ("with PHP SQL and Javascript")."""
    return _LIST_COMMAS.sub(lambda m: " " * len(m.group()), text)


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (any str may hold them) replaced by U+FFFD: one code point for
    one, so offsets into the result are offsets into ``text``."""
    return _SURROGATE.sub("\ufffd", text)


def prepare(original: str, *, repair: bool = True) -> WorkingText:
    """Build the working copy of ``original``: encoding repair and normalisation, offsets kept."""
    safe = _ODD_BREAK.sub(_as_newline, without_surrogates(original))
    if not repair:
        return WorkingText(original, safe)
    safe = _LOST_874.sub(lambda m: _LOST_874_MAP[m.group()], safe)  # same length too
    ftfy, config = _fixer()
    # One ftfy pass, piece by piece (ftfy works line by line anyway); offsets are mapped only for
    # the pieces it changed, and nothing at all is built when it changed none.
    pieces = _pieces(safe)
    fixed_pieces = [ftfy.fix_text(piece, config) if piece else piece for piece in pieces]
    if fixed_pieces == pieces:
        return WorkingText(original, original if safe == original else safe)

    parts: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    base = 0
    for piece, fixed in zip(pieces, fixed_pieces, strict=True):
        s, e = _covering(*_align(piece, fixed), len(piece))
        starts.append(base + s)
        ends.append(base + e)
        parts.append(fixed)
        base += len(piece)
    text = "".join(parts)
    return WorkingText(original, text, np.concatenate(starts) if starts else np.zeros(0, np.int64),
                       np.concatenate(ends) if ends else np.zeros(0, np.int64))


# ---------------------------------------------------------------------------------------------
# Span edges: SCHEMA.md says leading/trailing whitespace and punctuation are never in a span.
# Kept inside on purpose: "+" and "#" (C++, C#, 10+ years), a leading "." (.NET), a trailing "."
# that closes a dotted abbreviation (Ph.D., B.Sc.), and balanced brackets.

_EDGE_PUNCT = set(",;:!?\"'`“”‘’«»•·*|/\\–—-_~…")
_OPEN, _CLOSE = "([{", ")]}"
#: punctuation (Unicode category P*) kept at an edge: the cases above, and the Spanish gender mark
#: "@" ("Contrat@", "ESFER@" in the gold)
_KEPT_PUNCT = frozenset("#.@" + _OPEN + _CLOSE)


def _is_edge_char(text: str, i: int, at_start: bool) -> bool:
    ch = text[i]
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs"):
        return True
    if ch in _EDGE_PUNCT:
        return True
    # every other punctuation mark of any script ("¿", "¡", "§", "¶", Greek ";")
    return unicodedata.category(ch).startswith("P") and ch not in _KEPT_PUNCT


def _needs_trim(span_text: str) -> int:
    """0 if the span's edges are clean, else +1 (trim left) or -1 (trim right)."""
    if not span_text:
        return 0
    if _is_edge_char(span_text, 0, True):
        return 1
    if _is_edge_char(span_text, len(span_text) - 1, False):
        return -1
    last = span_text[-1]
    if last == "." :
        word = span_text.split()[-1]
        # "J.D.." : a dotted abbreviation never ends on two dots; the second is the sentence's (stop 73)
        if word.endswith("..") or (word.count(".") < 2 and not re.fullmatch(r"(?:[A-Za-z]\.)+", word)):
            return -1
    for o, c in zip(_OPEN, _CLOSE, strict=True):
        if span_text[0] == o and span_text.count(o) > span_text.count(c):
            return 1
        if span_text[0] == c:
            return 1
        if last == c and span_text.count(c) > span_text.count(o):
            return -1
        if last == o:
            return -1
    if span_text[0] == ".":
        if len(span_text) == 1 or not span_text[1].isalpha():
            return 1
    return 0


def edge_problem(span_text: str) -> str | None:
    """Why this span text has a bad edge (for the validator), or None when it is clean."""
    side = _needs_trim(span_text)
    if side == 0:
        return None
    ch = span_text[0] if side > 0 else span_text[-1]
    return f"{'leading' if side > 0 else 'trailing'} {'whitespace' if ch.isspace() else repr(ch)}"


def trim(original: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) until its edges obey the span-edge rules (may become empty)."""
    while start < end:
        side = _needs_trim(original[start:end])
        if side == 0:
            break
        if side > 0:
            start += 1
        else:
            end -= 1
    return start, end


# ---------------------------------------------------------------- positions and sentences
# The one home of the small text geometry every layer needs: interval overlap, the line and the
# sentence around a position. Sentence cuts read the abbreviation table of the posting's language
# (data/strength_cues.toml), so "e.g. Python" and "min. 3 years" do not end a sentence.


class _HasBounds(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


#: every line break str.splitlines() knows ("\n", "\r", "\x0b" Word's manual break, "\u2028" …): no span
#: crosses one (gold spans never do)
LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")

#: list bullets: the one definition structure.strength's bullet patterns are built from (each says which of these it
#: reads, and where; structure.requirements' _ITEM_MARK / _ITEM_HEAD still spell their own). Glyphs that mark a list
#: item wherever they stand, glued or spaced; U+0095 is a Windows-1252 bullet read as Latin-1.
BULLET = "•"
CP1252_BULLET = "\x95"
BULLET_GLYPHS = BULLET + CP1252_BULLET + "▪►"
#: the middle dot: a bullet only where a line opens with it (elsewhere a separator, "Java · SQL", or Catalan "l·l")
MIDDLE_DOT = "·"
#: dashes: an item's bullet only spaced or at a line's start (else a hyphen or a range: "full-time", "2-3 years")
DASHES = "-–—"
#: ... and the asterisk, a bullet under the same condition (else emphasis: "*Java*")
BULLET_DASHES = DASHES + "*"
#: every bullet a line may open with
LINE_BULLETS = BULLET_DASHES + BULLET_GLYPHS + MIDDLE_DOT


def re_chars(chars: str) -> str:
    """``chars`` escaped for a regex character class ("-", "*" and the like): ``rf"[.;{re_chars(BULLET_GLYPHS)}]"``."""
    return "".join(re.escape(c) for c in chars)



def first_line(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) cut at the first line break after ``start``."""
    m = LINE_BREAK.search(text, start, end)
    return start, (end if m is None else m.start())


def overlaps(a: _HasBounds, b: _HasBounds) -> bool:
    """Whether two half-open [start, end) intervals share at least one character."""
    return a.start < b.end and b.start < a.end


@lru_cache(maxsize=8)
def _breaks(text: str) -> tuple[int, ...]:
    """Positions of ``text``'s line breaks, found once per text: ``line_bounds`` runs per span and per
    cue, and scanning a 20k-character line with the regex costs ~100 us where a bisect costs <1 us."""
    return tuple(m.start() for m in LINE_BREAK.finditer(text))  # a tuple: the cache hands it to every caller


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the line holding ``pos`` (end excludes the line break; a ``pos`` on a break is on
    the line it ends). Every ``LINE_BREAK`` character ends a line and "\\r\\n" is one break, so a
    ``pos`` on either of its characters is on the line before and no empty line lies between them."""
    if 0 < pos < len(text) and text[pos] == "\n" and text[pos - 1] == "\r":
        pos -= 1
    breaks = _breaks(text)
    i = bisect_left(breaks, pos)
    return (breaks[i - 1] + 1 if i else 0), (breaks[i] if i < len(breaks) else len(text))


def line_start_before(text: str, pos: int) -> int:
    """Where the line holding text[pos - 1] starts, read from the end of the last line break before ``pos`` (0 when
    none): ``max(m.end() for m in LINE_BREAK.finditer(text, 0, pos))`` by bisection, not a scan from the start."""
    breaks = _breaks(text)
    i = bisect_left(breaks, pos)
    return breaks[i - 1] + 1 if i else 0


def line_after(text: str, end: int) -> int:
    """Start of the line after the one ending at ``end`` (a position from ``line_bounds``): "\\r\\n" is
    one break, so stepping ``end + 1`` would land on its "\\n" and read it as the line before."""
    return end + 2 if text.startswith("\r\n", end) else end + 1


#: HTML tags by name (case-insensitive), every attribute with a value: "<5 years", "a < b", "x<b and y>c" and
#: SkillSpan's placeholders ("<ORGANIZATION>", "<LOCATION>") are none.
_TAG_ATTRS = r"""(?:\s+[\w:-]+\s*=\s*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'<>]+))*\s*/?>"""
_TAG = (r"</?(?:p|br|li|ul|ol|div|h[1-6]|hr|table|tr|td|th|thead|tbody|dl|dt|dd|blockquote|section"
        r"|strong|b|em|i|u|small|span|font|mark)\b" + _TAG_ATTRS)
#: a non-breaking space written as an entity ("<p>&nbsp;</p>")
_NBSP = r"&nbsp;|&#160;|&#xa0;"
#: emoji and pictographs (misc symbols, dingbats, arrows-and-stars block, the emoji planes, the variation selector and
#: joiner): "🌱 Nice to have", "✅ Must have". Geometric shapes (▪ ►) and bullets (• ·) are the list bullets strength
#: reads, so they stay; so do the pictographs written as bullets (_PICTO_BULLETS).
_PICTOGRAPH = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"
#: pictographs used as list bullets ("✔ 3 years of Go", "➤ French"): never blanked, so the item keeps its bullet
_PICTO_BULLETS = "\u2022\u2713\u2714\u2705\u2611\u27a2\u27a4\u2794\u27a1\u2756\u2605\u2606\u2726\u2727\u2b9a"
#: whitespace that breaks no line
_SPACE = "[^\\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
#: what a line may open with and still read as starting at its first word: tags, "&nbsp;", emoji (no pictograph
#: bullet: the decoration stops before it)
_HEAD_DECORATION = re.compile(rf"(?:{_TAG}|{_NBSP}|(?![{_PICTO_BULLETS}])[{_PICTOGRAPH}]|{_SPACE})+", re.I)
#: what a line may close with: tags and "&nbsp;" (an emoji that ends a line stays, "[Rust] is a plus 👍")
_TAIL_DECORATION = re.compile(rf"(?:{_TAG}|{_NBSP}|{_SPACE})+", re.I)
_LI = re.compile(r"<li\b" + _TAG_ATTRS, re.I)
_ANY_TAG = re.compile(_TAG, re.I)
_HAS_DECORATION = re.compile(rf"<|[{_PICTOGRAPH}]")
_TABLE = re.compile(r"<table\b.*?(?:</table\s*>|$)", re.I | re.S)


@lru_cache(maxsize=8)
def line_view(text: str) -> str:
    """``text`` as the line-based cue logic (strength) reads it: the markup that opens or closes a line of text made
    spaces, same length, so every offset still holds ("<p><strong>Preferred</strong></p>" alone on its line is a
    heading line "Preferred", "<li>X</li>" an item "-   X", "🌱 Nice to have" opens with "Nice"). Only strength reads
    it: the other line-based readers (alternatives, language groups, values' sentences) read the text itself.

    A minimal view, it never adds or removes a line break and never makes a blank line:
    * only the start and the end of a line that also holds text change: its opening run of tags, "&nbsp;" and emoji
      (a pictograph bullet, "✔", stays) and its closing run of tags and "&nbsp;" (an emoji there stays) are
      blanked; an opening "<li>" becomes a "-" bullet; markup inside a line is left as it is ("a <b>degree</b> is
      a plus" gains no run of spaces, which reads as a boundary): a line with a tag between its words is left as it
      is ("<b>Preferred</b> candidates will ..."), and so is a line whose text opens in lower case and is no list
      item ("... are</div>\n<div>preferred</div>": no heading); of the other lines in markup, only an item
      ("<li>") and a line over the lines of markup alone that open a list ("<ul>") are read: a heading in markup
      heads its list, never a paragraph ("<p>Desirable<br>\n<br>\nFrench ..." is left as it is);
    * a line of markup alone ("<ul>", "<p>&nbsp;</p>", "<br>") is left as it is: no blank line, no section end;
    * a text of one line (HTML with no line break of its own) and every line a table touches are left as they
      are: what a tag run between two words means (a line, a blank line, a cell) is not read here."""
    if not _HAS_DECORATION.search(text):
        return text
    lines = _view_lines(text)
    if len(lines) < 2:
        return text
    tables = [m.span() for m in _TABLE.finditer(text)] if "<table" in text.lower() else []
    starts = [t0 for t0, _ in tables]
    chars = list(text)
    heads = [_HEAD_DECORATION.match(text, lo, hi) for lo, hi in lines]
    bare = [(m.end() if m else lo) == hi for m, (lo, hi) in zip(heads, lines, strict=True)]  # markup alone
    for j, (lo, hi) in enumerate(lines):
        i = bisect_right(starts, hi) - 1  # the last table that starts before the line's end
        if bare[j] or (i >= 0 and tables[i][1] > lo):
            continue  # markup (and whitespace) alone, or a table's line: as it is
        head = heads[j]
        h = head.end() if head is not None else lo
        t = _last_decoration(text, h, hi)
        mid = text[h:t[0] if t is not None else hi]
        li = _LI.search(text, lo, h)
        if _ANY_TAG.search(mid) or (li is None and (mid[:1].islower() or (
                _ANY_TAG.search(text, lo, h) or t is not None and _ANY_TAG.search(text, *t))
                and not _opens_list(text, lines, bare, j))):
            continue  # markup inside the line ("<b>Preferred</b> candidates ..."); a lower-case line that is no list
            # item ("<div>preferred</div>" after "... are"); a line in markup that is no item and heads no list
            # ("<p>We need ...</p>"): as it is
        for e0, e1 in ((lo, h), (t if t is not None else (hi, hi))):
            for k in range(e0, e1):
                if not text[k].isspace():
                    chars[k] = " "
        if li is not None:
            chars[li.start()] = "-"
    out = "".join(chars)
    if out == text:
        return text  # SkillSpan's "<ORGANIZATION>": the text itself, whose caches hold
    return MarkupView(out, getattr(text, "source", text))  # a view of a view reads the first text's markup


class MarkupView(str):
    """A ``line_view``: the view's characters, with the text it was read from (``source``, same offsets), where the
    markup it blanked can still be read (the HTML lists a heading's section runs over, ``list_section_end``)."""

    source: str

    def __new__(cls, view: str, source: str) -> MarkupView:
        out = super().__new__(cls, view)
        out.source = source
        return out


#: an opening or closing list tag ("<ul>", "</ol>")
_LIST_TAG = re.compile(r"<(/?)(?:ul|ol)\b" + _TAG_ATTRS, re.I)
#: a line of markup alone: tags, "&nbsp;" and spaces
_MARKUP_ALONE = re.compile(rf"(?:{_TAG}|{_NBSP}|\s)*", re.I)
#: a line that opens with an item's "<li>" (after other tags)
_ITEM_START = re.compile(rf"[ \t]*(?:(?!<li\b){_TAG}[ \t]*)*<li\b", re.I)
#: how many lines of markup alone are read after a closed list for the next list's first item
_LIST_GAP_LINES = 8


def li_item(text: str, a: int) -> bool:
    """Whether the line that starts at ``a`` is an HTML list item ("<li>...", after other tags), read on the text a
    ``line_view`` was made from (the view makes its "<li>" a "-" bullet)."""
    return _ITEM_START.match(getattr(text, "source", text), a) is not None


class ListScope:
    """The HTML list a heading's section runs over: fed the lines after the heading line one by one (``close``), it
    tells the line whose closing tag closes the list that opened right after the heading (lines of markup alone
    holding "<ul>"/"<ol>"). The opens and closes are counted from the heading on, so a nested list's close does not
    end it ("<li>Tools\n<ul>\n<li>Jira</li>\n</ul>\n</li>\n<li>Confluence</li>\n</ul>": only the last "</ul>"),
    and a closed list whose next line of text is an item of a list opened right after it does not end it either (two
    lists under one heading). No list opened right after the heading (a line of text first, or a close before any
    open: "Preferred skills:\n</ol>\n- Rust"), or the list closed on a line that holds text: no end. Read on the
    source of a ``line_view`` (an item line's closing tags are blanked in the view)."""

    def __init__(self, text: str) -> None:
        self.text = getattr(text, "source", text)
        self.depth = 0
        self.state = 0  # 0: only lines of markup alone so far, no list open; 1: in the heading's list; -1: no scope

    def close(self, a: int, b: int) -> bool:
        """Whether the line text[a:b] (the next line after the heading's previous one) closes the heading's list."""
        if self.state < 0:
            return False
        text = self.text
        for m in _LIST_TAG.finditer(text, a, b):
            self.depth += -1 if m.group(1) else 1
        bare = _MARKUP_ALONE.fullmatch(text, a, b) is not None
        if self.state == 0:
            self.state = -1 if not bare or self.depth < 0 else 1 if self.depth > 0 else 0
            return False
        if self.depth > 0:
            return False
        if not bare:
            self.state = -1
            return False
        return not self._next_list(b)

    def _next_list(self, b: int) -> bool:
        """Whether a list opens on the lines of markup alone after ``b`` and the next line of text is its item."""
        text, opened, i = self.text, False, b
        for _ in range(_LIST_GAP_LINES):
            i = line_after(text, i)
            if i >= len(text):
                return False
            lo, hi = line_bounds(text, i)
            if _MARKUP_ALONE.fullmatch(text, lo, hi) is None:
                return opened and li_item(text, lo)
            opened = opened or any(not m.group(1) for m in _LIST_TAG.finditer(text, lo, hi))
            i = hi
        return False


_LIST_OPENS = re.compile(r"<(?:ul|ol)\b", re.I)


def _opens_list(text: str, lines: list[tuple[int, int]], bare: list[bool], j: int) -> bool:
    """Whether the lines of markup alone right after line ``j`` open a list ("<p><b>Desirable</b></p>" over
    "<ul>"): only such a line, an item's heading, is read without its markup."""
    for k in range(j + 1, len(lines)):
        if not bare[k]:
            return False
        if _LIST_OPENS.search(text, *lines[k]):
            return True
    return False


def _view_lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of each line of ``text`` (breaks excluded)."""
    out, lo = [], 0
    for m in LINE_BREAK.finditer(text):
        out.append((lo, m.start()))
        lo = m.end()
    out.append((lo, len(text)))
    return out


def _last_decoration(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The decoration (tags, "&nbsp;", spaces) that closes text[lo:hi], as [start, end); None when none."""
    best = None
    for m in _TAIL_DECORATION.finditer(text, lo, hi):
        if m.end() == hi:
            best = m.span()
    return best


@cache
def _not_a_stop(lang: str | None) -> re.Pattern[str]:
    from reqtag.structure import tables

    abbreviations = tables.section("strength_cues", tables.table_language(lang))["abbreviations"]
    # a dotted abbreviation that the sentence goes on after ("B.E. / B.Tech", "B.Sc. in Physics", "M.A. or")
    dotted = r"|\b(?:[^\W\d_]{1,3}\.){2,4}(?=[ \t]+(?-i:[a-z/(&,–-]))"
    return re.compile(r"(?:\b(?:" + "|".join(abbreviations) + r")\.\s)|\d\.\d" + dotted, re.I)


_S = TypeVar("_S", bound=_HasBounds)


class Stretch(NamedTuple):
    """A bare [start, end) of text, for a ``SortedSpans`` of what is no span (a pattern's matches, blank lines)."""

    start: int
    end: int


class SortedSpans(tuple[_S, ...]):
    """Spans sorted by (start, end, label), indexed so that the ones overlapping or inside a stretch of text are
    found by bisection rather than a scan of every span: ``masked_gap`` and the requirements layer ask per span, and
    a scan of all spans each time made a posting of N spans cost O(N²) (20,000 lines, 55,000 spans: minutes). A
    tuple, so the index cannot go stale; it reads like the sorted list it replaces. The one interval index of the
    structure layer: strength's ``Spans`` and section cues, its not_a_cue matches and the blank lines of the
    alternative sets are looked up here too (``Stretch`` for a bare range).

    ``by_start``: sorted by start alone, items that start together kept in the order given (strength's section
    cues, whose order is the order they were found in); the index needs only the starts in order."""

    _starts: list[int]
    _reach: list[int]  # the furthest end of the spans up to each index

    def __new__(cls, spans: Iterable[_S], *, by_start: bool = False) -> Self:
        key = _by_start if by_start else _by_bounds
        self = super().__new__(cls, sorted(spans, key=key))
        self._starts = [t.start for t in self]
        reach, furthest = [], -1
        for t in self:
            furthest = max(furthest, t.end)
            reach.append(furthest)
        self._reach = reach
        return self

    def overlapping(self, a: int, b: int) -> list[_S]:
        """The spans that share a character with text[a:b], in order."""
        i = bisect_left(self._starts, b) - 1  # the last span that starts before b
        out: list[_S] = []
        while i >= 0 and self._reach[i] > a:  # none at or before i ends after a once the reach is <= a
            if self[i].end > a:
                out.append(self[i])
            i -= 1
        out.reverse()
        return out

    def within(self, a: int, b: int) -> list[_S]:
        """The spans that lie inside text[a:b], in order."""
        lo = bisect_left(self._starts, a)
        return [t for t in self[lo:bisect_left(self._starts, b, lo)] if t.end <= b]

    def any_within(self, a: int, b: int) -> bool:
        """Whether a span lies inside text[a:b]: ``bool(within(a, b))`` without listing every span of a long stretch
        (it stops at the first one that fits)."""
        lo = bisect_left(self._starts, a)
        return any(self[i].end <= b for i in range(lo, bisect_left(self._starts, b, lo)))


def _by_bounds(t: _HasBounds) -> tuple[int, int, str]:
    return t.start, t.end, getattr(t, "label", "")


def _by_start(t: _HasBounds) -> int:
    return t.start


def spans_within(spans: Iterable[_S], a: int, b: int) -> list[_S]:
    """The ``spans`` inside text[a:b] in their order (by bisection when they are ``SortedSpans``)."""
    if isinstance(spans, SortedSpans):
        return spans.within(a, b)
    return [t for t in spans if a <= t.start and t.end <= b]


def masked_gap(text: str, a: int, b: int, spans: Iterable[_HasBounds], fill: str = "_") -> str:
    """text[a:b] with every character of ``spans`` made ``fill`` (same length, so positions still hold): what
    lies between spans, read without the spans' own words (a field like "Political or Social Science" holds an
    "or"). Strength fills with a space, as its French word pattern would read "d'_____" as one word. ``SortedSpans``
    are looked up by bisection (only the spans that overlap the gap), any other iterable scanned whole."""
    if isinstance(spans, SortedSpans):
        spans = spans.overlapping(a, b)
    chars = list(text[a:b])
    for f in spans:
        for i in range(max(f.start, a), min(f.end, b)):
            chars[i - a] = fill
    return "".join(chars)


def protect_stops(segment: str, lang: str | None = "en") -> str:
    """``segment`` with the full stops that do not end a sentence (abbreviations, decimals) made '_'
    (same length, so positions still hold)."""
    return _not_a_stop(lang).sub(lambda m: m.group(0).replace(".", "_"), segment)


@lru_cache(maxsize=4)
def _line_cuts(text: str, lang: str | None) -> dict[tuple[int, int], tuple[int, ...]]:
    """The sentence cuts of each line of ``text`` (keyed by the line's bounds), filled as ``sentence_bounds``
    reads lines: strength, requirements, values and the not-requirement drops ask per span and per cue, and
    splitting a 20,000-character one-line posting each time (``protect_stops`` over the whole line) took
    6.7 s of 8.1 s (review s55 "read" finding 1). One cache here rather than in each caller, keyed on the
    language too (the abbreviations are the language's); a handful of texts only, so a stream of postings
    keeps no more than that alive."""
    return {}


def sentence_bounds(text: str, start: int, end: int | None = None, lang: str | None = "en") -> tuple[int, int]:
    """[start, end) of the sentence holding [start, end): bounded by . ! ? ; or a bullet inside its
    line, and by the line itself (many postings put one sentence or list item per line)."""
    end = start if end is None else end
    a = line_bounds(text, start)[0]
    b = line_bounds(text, end)[1]
    known = _line_cuts(text, lang)
    cuts = known.get((a, b))
    if cuts is None:
        line = protect_stops(text[a:b], lang)
        cuts = (0, *(m.end() for m in re.finditer(r"(?<=[.!?;•])\s+(?=\S)|•", line)), len(line))
        known[(a, b)] = cuts
    rel_s, rel_e = start - a, end - a
    # the last cut at or before the start, the first at or after the end (bisection: a run-on line of ";" items has a
    # cut per item, and a scan per span was quadratic; review s59 finding 12)
    lo = cuts[bisect_right(cuts, rel_s) - 1] if rel_s >= 0 else 0
    k = bisect_left(cuts, rel_e)
    hi = cuts[k] if k < len(cuts) and cuts[k] < b - a else b - a
    return a + lo, a + hi
