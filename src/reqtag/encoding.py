"""Tokenise a posting without truncation, with every token's offsets in the ORIGINAL text.

Uses the ``tokenizers`` library directly (no transformers). The encoder's shipped
tokenizer.json switches truncation and padding on at 128 tokens: both are switched off here,
and long texts are windowed explicitly (windows.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from .text import WorkingText, prepare


def load_tokenizer(path: str | Path) -> Tokenizer:
    """A tokenizers.Tokenizer from tokenizer.json with truncation and padding off."""
    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


@dataclass(frozen=True)
class Encoded:
    """Content tokens of one text (no [CLS]/[SEP]) with original-text offsets and word ids."""

    ids: np.ndarray  # int64 [n]
    starts: np.ndarray  # int64 [n], original char offsets
    ends: np.ndarray  # int64 [n]
    word_ids: np.ndarray  # int64 [n]; a word = a pre-tokenizer piece (punctuation is its own word)
    working: WorkingText

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def first_subword(self) -> np.ndarray:
        """Boolean mask: token starts a word."""
        w = self.word_ids
        mask = np.ones(len(w), dtype=bool)
        mask[1:] = w[1:] != w[:-1]
        return mask


def encode(tokenizer: Tokenizer, text: str, *, repair: bool = True) -> Encoded:
    """Encode ``text`` (its working copy) and map token offsets back to ``text``."""
    working = prepare(text, repair=repair)
    enc = tokenizer.encode(working.text, add_special_tokens=False)
    n = len(enc.ids)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2)
    words = np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64)
    if working._starts is None:
        starts, ends = offs[:, 0].copy(), offs[:, 1].copy()
    else:
        ws, we = offs[:, 0], offs[:, 1]
        nonempty = we > ws
        starts = np.where(nonempty, working._starts[np.minimum(ws, max(len(working.text) - 1, 0))], 0)
        ends = np.where(nonempty, working._ends[np.maximum(we - 1, 0)], 0)
        ends = np.maximum(starts, ends)
    return Encoded(ids, starts, ends, words, working)
