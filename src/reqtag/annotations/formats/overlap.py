"""Near-duplicates across splits: postings too alike to sit in different splits, and shared long lines.

Similarity is the cosine of character n-gram TF-IDF vectors (scikit-learn's TfidfVectorizer,
``analyzer="char_wb"``, 3- to 5-grams, sublinear tf), computed between every pair of postings in
different splits. scikit-learn is in reqtag's ``train`` extra, so it is imported only here, when
the check runs; without it the check says so in one line.

A shared line is a line of at least ``min_line`` characters (whitespace runs as one space,
case-folded) that occurs in postings of two different splits: a template or boilerplate paragraph
copied between them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reqtag.annotations.corpus import Record
from reqtag.errors import InputError

NGRAMS = (3, 5)


@dataclass(frozen=True, order=True)
class Pair:
    """Two postings in different splits and their similarity."""

    score: float
    a: str
    a_split: str
    b: str
    b_split: str

    def __str__(self) -> str:
        return f"{self.score:.3f}  {self.a} ({self.a_split})  {self.b} ({self.b_split})"


@dataclass(frozen=True)
class SharedLine:
    """A long line found in postings of more than one split."""

    text: str
    where: tuple[tuple[str, str], ...]  # (posting id, split)

    def __str__(self) -> str:
        places = ", ".join(f"{i} ({s})" for i, s in self.where)
        return f"shared line {self.text[:80]!r}{'...' if len(self.text) > 80 else ''}: {places}"


def _tfidf():
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        raise InputError("the near-duplicate check needs scikit-learn: pip install 'reqtag[train]'") from None
    return TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, lowercase=True)


def similar_pairs(records: Sequence[Record], threshold: float = 0.5) -> list[Pair]:
    """Pairs of postings in different splits with cosine similarity >= threshold, most similar first."""
    recs = [r for r in records if r.text.strip()]
    if len(recs) < 2:
        return []
    matrix = _tfidf().fit_transform([r.text for r in recs])  # rows are L2-normalised: dot = cosine
    sims = (matrix @ matrix.T).tocoo()
    out = []
    for i, j, v in zip(sims.row, sims.col, sims.data, strict=True):
        if i < j and v >= threshold and (recs[i].split or "") != (recs[j].split or ""):
            a, b = recs[i], recs[j]
            out.append(Pair(round(float(v), 4), a.id, a.split or "(none)", b.id, b.split or "(none)"))
    return sorted(out, key=lambda p: (-p.score, p.a, p.b))


def shared_lines(records: Sequence[Record], min_line: int = 60) -> list[SharedLine]:
    """Lines of at least ``min_line`` characters that occur in postings of different splits."""
    where: dict[str, dict[str, str]] = defaultdict(dict)  # key -> posting id -> split
    first: dict[str, str] = {}
    for rec in records:
        for line in rec.text.splitlines():
            key = " ".join(line.split()).casefold()
            if len(key) >= min_line:
                where[key][rec.id] = rec.split or "(none)"
                first.setdefault(key, " ".join(line.split()))
    out = [SharedLine(first[k], tuple(sorted(ids.items()))) for k, ids in where.items() if len(set(ids.values())) > 1]
    return sorted(out, key=lambda s: (-len(s.where), s.text))
