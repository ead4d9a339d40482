"""Lexical evidence for an ESCO link: does the mention share a word with one of the concept's labels?

The sentence encoder alone links a bare product name or acronym to whatever shares its wordpieces
("Docker" → "dock operations"); the linker keeps a link only where this module finds the mention's
words (or its initials) in the concept's ESCO labels. The table is data/esco_lexical.toml.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from reqtag.structure.tables import fold, load

__all__ = ["LexicalEvidence", "normalise", "words"]

# a word: letters/digits, with inner "+", "#" and "." kept ("C++", "C#", "ASP.NET", "Node.js")
_WORD = re.compile(r"[^\W_](?:[^\W_]|[+#]|\.(?=[^\W_]))*")


@cache
def _table() -> tuple[frozenset[str], tuple[str, ...], tuple[int, int]]:
    t = load("esco_lexical")
    lo, hi = t["acronym_letters"]
    return frozenset(t["generic"]), tuple(sorted(t["suffixes"], key=len, reverse=True)), (int(lo), int(hi))


def _stem(w: str, suffixes: Sequence[str]) -> str:
    if len(w) >= 5 and not w.endswith("ss"):
        for s in suffixes:
            if w.endswith(s) and len(w) - len(s) >= 3:
                return w[: -len(s)] + ("y" if s == "ies" else "")
    return w


def words(text: str) -> list[str]:
    """The words of ``text``, case- and accent-folded."""
    return _WORD.findall(fold(text).casefold())


def normalise(text: str) -> str:
    """``text`` as its folded words joined by one space (for exact label look-ups)."""
    return " ".join(words(text))


def _content(text: str) -> set[str]:
    generic, suffixes, _ = _table()
    return {_stem(w, suffixes) for w in words(text) if w not in generic}


def _initials(label: str) -> str:
    generic, _, _ = _table()
    return "".join(w[0] for w in words(label) if w not in generic)


class LexicalEvidence:
    """Per concept (in index order): its labels, read lazily into word sets, initials and an exact map."""

    def __init__(self, labels: Sequence[Sequence[str]]):
        self.labels = [tuple(x) for x in labels]
        self._words: dict[int, set[str]] = {}
        self._initials: dict[int, set[str]] = {}
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
        _, _, (lo, hi) = _table()
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
