"""The line gate: lines of a posting the network is not run on.

Most of a long posting (the organisation, the duties' prose, how to apply, the legal notice) holds
no requirement: 61% of the words of the English train and dev gold sit in lines without a span.
A logistic regression over each line's wordpieces (the ids the tokenizer already made, their
adjacent pairs hashed, the line's length) scores how likely the line holds one; the network reads
only the lines at or above the threshold and their ``neighbours`` nearest lines on each side (the
context a heading or the sentence before gives), packed into windows as if the rest were absent.
Tokens of the other lines are O. The weights are ``LineGate.file`` in the model directory
(``line_gate.npz``); the threshold is chosen on dev (``reqtag.training.line_gate``). Fewer tokens
through the network is the one speed lever left once the kernels are int8 and fused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reqtag.errors import ModelError

#: hashed wordpiece pairs; the length feature follows them
PAIR_BUCKETS = 1 << 16
MAX_LENGTH_FEATURE = 40
_NEWLINE = re.compile("\n")


def n_features(vocab_size: int) -> int:
    return vocab_size + PAIR_BUCKETS + MAX_LENGTH_FEATURE + 1


def line_features(ids: np.ndarray, vocab_size: int) -> np.ndarray:
    """Sorted unique feature indices of one line's wordpiece ids (each present feature weighs
    1/sqrt(count of features), so long and short lines score on one scale)."""
    ids = ids.astype(np.int64) % vocab_size
    pairs = vocab_size + (ids[:-1] * 1_000_003 + ids[1:]) % PAIR_BUCKETS
    length = vocab_size + PAIR_BUCKETS + min(len(ids), MAX_LENGTH_FEATURE)
    return np.unique(np.concatenate([ids, pairs, [length]]))


def line_groups(starts: np.ndarray, text: str) -> list[np.ndarray]:
    """Token indices grouped by the line of ``text`` each token starts in (lines without tokens absent)."""
    if len(starts) == 0:
        return []
    breaks = np.fromiter((m.start() for m in _NEWLINE.finditer(text)), dtype=np.int64)
    line_of = np.searchsorted(breaks, starts)
    cut = np.flatnonzero(np.diff(line_of)) + 1
    return np.split(np.arange(len(starts)), cut)


def with_neighbours(chosen: np.ndarray, neighbours: int) -> np.ndarray:
    """The lines read: the chosen ones and the ``neighbours`` lines on each side of each."""
    read = chosen.copy()
    for d in range(1, neighbours + 1):
        read[d:] |= chosen[:-d]
        read[:-d] |= chosen[d:]
    return read


@dataclass(frozen=True)
class GateWeights:
    """The regression: one weight per feature and a bias."""

    weights: np.ndarray  # float32 [n_features(vocab_size)]
    bias: float
    vocab_size: int

    @classmethod
    def load(cls, path: Path) -> GateWeights:
        try:
            with np.load(path) as z:
                w, b, v = z["weights"].astype(np.float32), float(z["bias"]), int(z["vocab_size"])
        except (OSError, ValueError, KeyError) as err:
            raise ModelError(f"{path}: not a line-gate file ({str(err).splitlines()[0]})") from None
        if w.ndim != 1 or v < 1 or w.shape[0] != n_features(v):
            raise ModelError(f"{path}: {w.shape[0]} weights do not fit a vocabulary of {v}")
        return cls(w, b, v)

    def save(self, path: Path) -> None:
        with open(path, "wb") as f:  # np.savez on a path would append ".npz"
            np.savez(f, weights=self.weights.astype(np.float32), bias=np.float32(self.bias),
                     vocab_size=np.int64(self.vocab_size))

    def line_scores(self, ids: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
        """Probability that each line holds a span."""
        z = np.empty(len(groups), dtype=np.float64)
        for k, g in enumerate(groups):
            f = line_features(ids[g], self.vocab_size)
            z[k] = self.bias + float(self.weights[f].sum()) / np.sqrt(len(f))
        return 1.0 / (1.0 + np.exp(-z))

    def keep(self, ids: np.ndarray, starts: np.ndarray, text: str, threshold: float,
             neighbours: int) -> np.ndarray:
        """Boolean mask over tokens: those the network reads."""
        groups = line_groups(starts, text)
        mask = np.zeros(len(ids), dtype=bool)
        if not groups:
            return mask
        read = with_neighbours(self.line_scores(ids, groups) >= threshold, neighbours)
        for g, r in zip(groups, read, strict=True):
            if r:
                mask[g] = True
        return mask
