"""Lexical evidence for an ESCO link: does the mention share a word with one of the concept's labels?

The sentence encoder alone links a bare product name or acronym to whatever shares its wordpieces
("Docker" → "dock operations"); the linker keeps a link only where this module finds the mention's
words (or its initials) in the concept's ESCO labels. The table is data/esco_lexical.toml.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reqtag.structure.tables import fold, load

__all__ = ["LexicalEvidence", "normalise", "words"]

# a word: letters/digits, with inner "+", "#" and "." kept ("C++", "C#", "ASP.NET", "Node.js")
_WORD = re.compile(r"[^\W_](?:[^\W_]|[+#]|\.(?=[^\W_]))*")


@dataclass(frozen=True)
class _Rules:
    generic: frozenset[str]
    suffixes: tuple[str, ...]
    derivational: tuple[str, ...]
    undouble: frozenset[str]
    compound: int
    acronym: tuple[int, int]


@cache
def _table() -> _Rules:
    t = load("esco_lexical")
    lo, hi = t["acronym_letters"]
    longest = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return _Rules(frozenset(t["generic"]), longest(t["suffixes"]), longest(t.get("derivational", ())),
                  frozenset(t.get("undouble", ())), int(t.get("compound_letters", 0)), (int(lo), int(hi)))


def _stems(w: str, r: _Rules) -> set[str]:
    """The forms ``w`` is compared in: derivational then inflectional ending stripped, and for a
    consonant doubled before "-ing"/"-ed" the single-consonant form too."""
    for s in r.derivational:
        if w.endswith(s) and len(w) - len(s) >= 4:
            w = w[: -len(s)]
            break
    if len(w) >= 5 and not w.endswith("ss"):
        for s in r.suffixes:
            if w.endswith(s) and len(w) - len(s) >= 3:
                stem = w[: -len(s)] + ("y" if s == "ies" else "")
                if s in ("ing", "ed") and len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] in r.undouble:
                    return {stem, stem[:-1]}
                return {stem}
    return {w}


def words(text: str) -> list[str]:
    """The words of ``text``, case- and accent-folded."""
    return _WORD.findall(fold(text).casefold())


def normalise(text: str) -> str:
    """``text`` as its folded words joined by one space (for exact label look-ups)."""
    return " ".join(words(text))


def _content(text: str) -> set[str]:
    r = _table()
    ws = [w for w in words(text) if w not in r.generic]
    out: set[str] = set()
    for w in ws:
        out |= _stems(w, r)
    if r.compound:
        # a compound written in two words or hyphenated ("cyber security", "e-commerce": "e" and
        # "commerce") meets the one-word spelling; only words adjacent in the text, generic ones left out
        raw = words(text)
        for a, b in zip(raw, raw[1:], strict=False):
            if a not in r.generic and b not in r.generic and len(a + b) >= r.compound:
                out |= _stems(a + b, r)
    return out


def _initials(label: str) -> str:
    generic = _table().generic
    return "".join(w[0] for w in words(label) if w not in generic)


def _proper(label: str) -> set[str]:
    """The label's words written with a capital (ESCO writes its labels in lower case but for names:
    "Microsoft Office Excel", "create AutoCAD drawings", "SAP R3"), folded."""
    return {w.casefold() for w in _WORD.findall(fold(label)) if any(c.isupper() for c in w)}


class LexicalEvidence:
    """Per concept (in index order): its labels, read lazily into word sets, initials and an exact map."""

    def __init__(self, labels: Sequence[Sequence[str]]):
        self.labels = [tuple(x) for x in labels]
        self._words: dict[int, set[str]] = {}
        self._initials: dict[int, set[str]] = {}
        self._proper: dict[int, set[str]] = {}
        self._exact: dict[str, list[int]] | None = None

    def exact(self, mention: str) -> list[int]:
        """The concepts one of whose labels is the mention itself (folded)."""
        if self._exact is None:
            table: dict[str, list[int]] = {}
            for c, labs in enumerate(self.labels):
                for lab in labs:
                    if not normalise(lab):
                        continue  # a label without a word is no name to meet
                    ids = table.setdefault(normalise(lab), [])
                    if not ids or ids[-1] != c:
                        ids.append(c)
            self._exact = table
        return self._exact.get(normalise(mention), []) if normalise(mention) else []

    def strong(self, mention: str, concept: int) -> bool:
        """The mention is one of the concept's labels, or an acronym of one's initials."""
        if concept in self.exact(mention):
            return True
        lo, hi = _table().acronym
        m = mention.strip()
        if not (m.isalpha() and m.isupper() and lo <= len(m) <= hi):
            return False
        if concept not in self._initials:
            self._initials[concept] = {_initials(lab) for lab in self.labels[concept]}
        return m.casefold() in self._initials[concept]

    def supports(self, mention: str, concept: int) -> bool:
        """The mention shares a content word with one of the concept's labels, or is strong evidence."""
        if concept not in self._words:
            self._words[concept] = set().union(*(_content(lab) for lab in self.labels[concept]))
        return bool(_content(mention) & self._words[concept]) or self.strong(mention, concept)

    def names(self, mention: str, concept: int) -> bool:
        """The mention is one word that one of the concept's labels writes as a name (with a capital):
        "Excel" for "Microsoft Office Excel", "AutoCAD" for "create AutoCAD drawings". A product name
        is the same word in any language; "gas" or "office" in a label written in lower case is not."""
        ws = words(mention)
        if len(ws) != 1:
            return False
        if concept not in self._proper:
            self._proper[concept] = set().union(*(_proper(lab) for lab in self.labels[concept]))
        return ws[0] in self._proper[concept]
