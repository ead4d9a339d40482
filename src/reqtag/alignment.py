"""Characters ⇄ tokens, both ways: gold spans → token tags (training), token scores → spans (decoding).

Labels live on tokens whose ORIGINAL-text offsets lie inside a span. Two schemes:
``all`` labels every subword (B on the first token of the span, I after); ``first`` labels only
the first subword of each word and masks the rest with -100. Decoding always reads the first
subword of each word, so a predicted span always covers whole words.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from .encoding import Encoded
from .schema import Span
from .text import trim

IGNORE = -100


def token_tags(enc: Encoded, spans: Sequence[Span], tag2id: dict[str, int], scheme: str = "all",
               stats: Counter | None = None) -> np.ndarray:
    """Tag id per content token for gold ``spans``; counts reachable/unreachable spans in ``stats``."""
    if scheme not in ("all", "first"):
        raise ValueError(f"unknown labelling scheme {scheme!r}: use 'all' or 'first'")
    n = len(enc)
    tags = np.zeros(n, dtype=np.int64)
    if n and spans:
        for s in spans:
            a = int(np.searchsorted(enc.ends, s.start, side="right"))  # first token ending after start
            b = int(np.searchsorted(enc.starts, s.end, side="left"))  # first token starting at/after end
            inside = [i for i in range(a, b) if enc.ends[i] > enc.starts[i]]
            if not inside:
                if stats is not None:
                    stats["spans_unreachable"] += 1
                continue
            if stats is not None:
                stats["spans"] += 1
                if enc.starts[inside[0]] != s.start or enc.ends[inside[-1]] != s.end:
                    stats["spans_not_on_token_edges"] += 1
            tags[inside[0]] = tag2id[f"B-{s.label}"]
            for i in inside[1:]:
                tags[i] = tag2id[f"I-{s.label}"]
    elif stats is not None:
        stats["spans_unreachable"] += len(spans) if not n else 0
    if scheme == "first":
        tags[~enc.first_subword] = IGNORE
    return tags


def decode(enc: Encoded, probs: np.ndarray, id2tag: Sequence[str], text: str) -> list[Span]:
    """BIO-decode per-token probabilities [n, C] at word level into spans of ``text``."""
    first = np.flatnonzero(enc.first_subword & (enc.ends > enc.starts))
    if first.size == 0:
        return []
    p = probs[first]
    best = p.argmax(-1)
    conf = p[np.arange(len(first)), best]
    # word k covers tokens first[k] .. first[k+1]-1 (continuation subwords belong to it)
    last_tok = np.empty_like(first)
    last_tok[:-1] = first[1:] - 1
    last_tok[-1] = len(enc) - 1
    spans: list[Span] = []
    cur_label, cur_start, cur_end, cur_scores = None, 0, 0, []

    def close() -> None:
        if cur_label is None:
            return
        s, e = trim(text, cur_start, cur_end)
        if e > s:
            spans.append(Span(s, e, cur_label, text[s:e], float(np.mean(cur_scores))))

    for k, tag_id in enumerate(best):
        tag = id2tag[int(tag_id)]
        word_start = int(enc.starts[first[k]])
        word_end = int(max(enc.ends[first[k]:last_tok[k] + 1].max(), enc.ends[first[k]]))
        if tag == "O":
            close()
            cur_label = None
            continue
        prefix, label = tag.split("-", 1)
        # A stray I- after O or after another label opens a span (lenient IOB2 repair).
        if prefix == "B" or label != cur_label or enc.word_ids[first[k]] == -1:
            close()
            cur_label, cur_start, cur_end, cur_scores = label, word_start, word_end, [float(conf[k])]
        else:
            cur_end = max(cur_end, word_end)
            cur_scores.append(float(conf[k]))
    close()
    return spans
