"""A TF-IDF character n-gram linker (scikit-learn, train extra): the baseline beside ``Linker``.

Same ``link`` interface. Each label of a concept is one TF-IDF row (char_wb n-grams, sublinear tf);
a concept scores its best label's cosine with the mention.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reqtag.errors import InputError
from reqtag.linking.esco import Concept
from reqtag.linking.linker import Match, _positive_k, _strings


class TfidfLinker:
    """``link(mentions, contexts=None, k=5)`` over char n-gram TF-IDF; contexts are ignored."""

    def __init__(self, concepts: Sequence[Concept], ngram_range: tuple[int, int] = (2, 4), threshold: float = 0.0):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not concepts:
            raise InputError("TfidfLinker needs at least one concept")
        self.uris = [c.uri for c in concepts]
        self.labels = [c.label for c in concepts]
        texts, owner = [], []
        for i, c in enumerate(concepts):
            for label in c.labels:
                texts.append(label)
                owner.append(i)
        self.owner = np.asarray(owner)
        self._starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, lowercase=True,
                                          sublinear_tf=True, dtype=np.float32)
        self.matrix = self.vectorizer.fit_transform(texts).T.tocsr()  # [features, rows]
        self.threshold = threshold

    def scores(self, mentions: Sequence[str]) -> np.ndarray:
        """Cosine of each mention with each concept (best label): [mentions, concepts]."""
        q = self.vectorizer.transform(list(mentions))
        s = (q @ self.matrix).toarray()
        return np.maximum.reduceat(s, self._starts, axis=1)

    def link(self, mentions: Sequence[str], contexts: Sequence[str] | None = None, k: int = 5, *,
             threshold: float | None = None) -> list[list[Match]]:
        """The ``k`` best concepts per mention, best first; ``[]`` below the threshold (``threshold``
        overrides it; -1 disables it) or with no n-gram in common."""
        mentions = _strings("mentions", mentions)
        _positive_k(k)
        threshold = self.threshold if threshold is None else float(threshold)
        out: list[list[Match]] = []
        for b in range(0, len(mentions), 256):  # a dense [mentions, concepts] block stays small
            s = self.scores(mentions[b: b + 256])
            top = np.argsort(-s, axis=1, kind="stable")[:, :k]
            for row, ids in enumerate(top):
                best = s[row, ids[0]]
                ok = best > 0 and best >= threshold and mentions[b + row].strip()
                out.append([Match(self.uris[c], self.labels[c], float(s[row, c])) for c in ids] if ok else [])
        return out
