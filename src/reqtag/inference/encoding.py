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

from reqtag.errors import ModelError
from reqtag.text import WorkingText, prepare

#: more pieces than this in one word and the word is one unknown token, as BERT's WordPiece does past
#: 100 characters: a SentencePiece tokenizer gives a 200,000-letter run 200,000 pieces (a minute of
#: network time), and no word a posting needs has a hundred
MAX_WORD_PIECES = 100


def load_tokenizer(path: str | Path) -> Tokenizer:
    """A tokenizers.Tokenizer from tokenizer.json with truncation and padding off."""
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as err:  # tokenizers raises a bare Exception on a broken file, with a Rust message
        raise ModelError(f"{path}: not a tokenizers file ({str(err).splitlines()[0] if str(err) else err!r})") \
            from None
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
    offs = _skip_leading_space(working.text, np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2))
    words = np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64)
    if working._starts is None or working._ends is None:
        starts, ends = offs[:, 0].copy(), offs[:, 1].copy()
    else:
        ws, we = offs[:, 0], offs[:, 1]
        nonempty = we > ws
        starts = np.where(nonempty, working._starts[np.minimum(ws, max(len(working.text) - 1, 0))], 0)
        ends = np.where(nonempty, working._ends[np.maximum(we - 1, 0)], 0)
        ends = np.maximum(starts, ends)
    words = _split_words(text, words, starts, ends)
    ids, starts, ends, words = _cap_long_words(tokenizer, ids, starts, ends, words)
    if working._starts is not None:
        words = _join_shared_words(words, starts, ends)
    return Encoded(ids, starts, ends, words, working)


def _skip_leading_space(text: str, offs: np.ndarray) -> np.ndarray:
    """A SentencePiece token ("▁word") covers the space before its word: start it at the word.

    Spans start on words, so a token that starts on a space could never begin one (BERT's
    WordPiece offsets never include the space; XLM-R's Metaspace offsets do).
    """
    live = np.flatnonzero(offs[:, 1] > offs[:, 0])
    # Python ints, not numpy scalars: most tokens start on a character that is no space, and reading
    # each as a numpy scalar was most of this loop's time
    for t, a in zip(live.tolist(), offs[live, 0].tolist(), strict=True):
        if text[a].isspace():
            b = int(offs[t, 1])
            while a < b and text[a].isspace():
                a += 1
            offs[t, 0] = a
    return offs


def _split_words(text: str, words: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Word ids that also split at punctuation and at whitespace, whatever the tokenizer's
    pre-tokenizer does.

    Decoding decides per word, so "MSc/PhD" must be three words to become two spans, and the lines of
    a list are words of their own. BERT's pre-tokenizer already splits there; XLM-R's splits at
    spaces only, and its normaliser reads a line break as a piece of its own, so "▁MSc/PhD" and
    "Turismo\nIdiomas\nInglés" were one word each (their later parts never read, nor trained).
    """
    n = len(words)
    if n == 0:
        return words
    new = np.ones(n, dtype=bool)
    new[1:] = words[1:] != words[:-1]
    prev_end = -1  # end of the last token with text: an empty piece (a line break's "▁") lies between
    # the loop reads Python lists (one scalar per token; numpy scalars were several times slower)
    fresh, ids, firsts, lasts = new.tolist(), words.tolist(), starts.tolist(), ends.tolist()
    for t in range(n):
        a, b = firsts[t], lasts[t]
        if b <= a:
            continue
        if not fresh[t] and ids[t] >= 0 and prev_end >= 0:
            gap = text[prev_end:a]
            if _is_punct(text[a]) or _is_punct(text[prev_end - 1]) or any(c.isspace() for c in gap):
                new[t] = True
        prev_end = b
    out = np.cumsum(new) - 1
    return np.where(words < 0, -1, out).astype(np.int64)


def _cap_long_words(tokenizer: Tokenizer, ids: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                    words: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each word of more than MAX_WORD_PIECES pieces as one unknown token covering the whole word."""
    _, first, count = np.unique(words, return_index=True, return_counts=True)
    long = (count > MAX_WORD_PIECES) & (words[first] >= 0)
    if not long.any():
        return ids, starts, ends, words
    unk = tokenizer.token_to_id("<unk>")
    unk = tokenizer.token_to_id("[UNK]") if unk is None else unk
    keep = np.ones(len(ids), dtype=bool)
    ids, starts, ends = ids.copy(), starts.copy(), ends.copy()
    for a, n in zip(first[long].tolist(), count[long].tolist(), strict=True):
        live = ends[a:a + n] > starts[a:a + n]
        if live.any():
            starts[a], ends[a] = starts[a:a + n][live].min(), ends[a:a + n][live].max()
        ids[a] = unk if unk is not None else ids[a]
        keep[a + 1:a + n] = False
    return ids[keep], starts[keep], ends[keep], words[keep]


def _is_punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _join_shared_words(words: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Words whose ORIGINAL ranges overlap become one word.

    Normalisation can turn one original character into several words ("ﷺ" → four, "⒈" → "1" "."),
    and a repaired block maps every new character to the whole old block: those words share original
    characters, so tagged separately they would give overlapping spans. One word, one decision.
    """
    out = words.copy()
    cur_id, cur_end = -1, -1
    t, n = 0, len(words)
    while t < n:
        k = t
        while k < n and words[k] == words[t]:
            k += 1
        if words[t] >= 0:
            live = ends[t:k] > starts[t:k]
            if live.any():
                lo, hi = int(starts[t:k][live].min()), int(ends[t:k][live].max())
                if cur_id >= 0 and lo < cur_end:
                    out[t:k] = cur_id
                    cur_end = max(cur_end, hi)
                else:
                    cur_id, cur_end = int(words[t]), hi
        t = k
    return out
