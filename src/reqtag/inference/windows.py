"""Long postings: split token sequences into overlapping windows and merge their outputs.

Every token is predicted by the window in which it sits furthest from an edge: where two
windows overlap, the first half of the overlap comes from the earlier window and the second
half from the later one. Nothing is truncated, and nothing is predicted twice.
"""
from __future__ import annotations

import numpy as np


def spans(n: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """[start, end) token ranges covering 0..n, each at most ``size`` long, overlapping by ``overlap``."""
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError(f"need size > 0 and 0 <= overlap < size (got {size}, {overlap})")
    if n <= size:
        return [(0, n)]
    step = size - overlap
    out = []
    start = 0
    while True:
        end = min(start + size, n)
        out.append((start, end))
        if end == n:
            return out
        start += step


def owners(wins: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each window, the [start, end) token range whose predictions it owns (a partition of 0..n)."""
    out = []
    for k, (a, b) in enumerate(wins):
        lo = a if k == 0 else (a + wins[k - 1][1]) // 2
        hi = b if k == len(wins) - 1 else (wins[k + 1][0] + b) // 2
        out.append((lo, hi))
    return out


def merge(n: int, wins: list[tuple[int, int]], outputs: list[np.ndarray]) -> np.ndarray:
    """Stitch per-window outputs [len(window), C] into one [n, C] array, no loss, no doubles."""
    if not outputs:
        return np.zeros((n, 0), dtype=np.float32)
    merged = np.empty((n, outputs[0].shape[-1]), dtype=outputs[0].dtype)
    for (a, _), (lo, hi), out in zip(wins, owners(wins), outputs, strict=True):
        merged[lo:hi] = out[lo - a:hi - a]
    return merged
