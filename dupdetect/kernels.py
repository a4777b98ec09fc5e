"""Compiled inner loops (numba) of the sketching pass; numba is used only here.

Each kernel is a plain Python loop over numpy arrays, compiled once per machine (numba's
on-disk cache) and run without the interpreter. Every one has a vectorised numpy twin in the
module that calls it (:mod:`dupdetect.signature`, :mod:`dupdetect.candidates`), which is
used when numba is not importable and which the tests hold the kernels equal to.

``minima``
    MinHash minima: row ``s`` of ``out`` becomes ``min(a * h[i] + b mod 2**32)`` over the
    segment ``bounds[s]:bounds[s + 1]``, per permutation (~0.13 ns per shingle x permutation,
    against ~1.9 ns for the blocked numpy products).
``winnow``
    The distinct window minima of each segment, sorted within the segment (a monotone queue:
    one pass, whatever the window).
``segment_distinct``
    The distinct values of each segment of an array whose segments follow each other, sorted
    within the segment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - numba is a dependency; kept for odd platforms
    numba = None  # type: ignore[assignment]

__all__ = ["minima", "segment_distinct", "winnow"]


def _jit(loop: Callable[..., Any]) -> Callable[..., Any] | None:
    return numba.njit(cache=True, nogil=True)(loop) if numba is not None else None


def _minima(h: np.ndarray, bounds: np.ndarray, a: np.ndarray, b: np.ndarray,
            out: np.ndarray) -> None:
    for s in range(out.shape[0]):
        row = out[s]
        for i in range(bounds[s], bounds[s + 1]):
            x = h[i]
            for k in range(out.shape[1]):
                # uint32 * uint32 widens to 64 bits in numba; the cast wraps it mod 2**32.
                row[k] = min(row[k], np.uint32(a[k] * x + b[k]))


def _sort_unique(values: np.ndarray, lo: int, hi: int) -> int:
    """Sort ``values[lo:hi]`` in place and move its distinct values to the front; the end."""
    if hi - lo < 2:
        return hi
    values[lo:hi] = np.sort(values[lo:hi])
    end = lo + 1
    for i in range(lo + 1, hi):
        if values[i] != values[end - 1]:
            values[end] = values[i]
            end += 1
    return end


#: Compiled when numba is there (the other kernels call it compiled); plain Python otherwise.
_sort_unique_c: Callable[..., int] = _jit(_sort_unique) or _sort_unique


def _winnow(shingles: np.ndarray, bounds: np.ndarray, window: int, values: np.ndarray,
            owners: np.ndarray) -> int:
    queue = np.empty(len(shingles), dtype=np.int64)
    m = 0
    for d in range(len(bounds) - 1):
        lo, hi = bounds[d], bounds[d + 1]
        if hi == lo:
            continue
        first = m
        if hi - lo < window:  # a short document is one window
            values[m] = shingles[lo:hi].min()
            m += 1
        else:
            head = tail = 0
            last = -1  # position of the last minimum taken
            for i in range(lo, hi):
                while tail > head and shingles[queue[tail - 1]] >= shingles[i]:
                    tail -= 1
                queue[tail] = i
                tail += 1
                if queue[head] <= i - window:
                    head += 1
                if i >= lo + window - 1 and queue[head] != last:
                    last = queue[head]
                    values[m] = shingles[last]
                    m += 1
            m = _sort_unique_c(values, first, m)
        owners[first:m] = d
    return m


def _segment_distinct(values: np.ndarray, bounds: np.ndarray, out: np.ndarray,
                      out_bounds: np.ndarray) -> None:
    m = 0
    out_bounds[0] = 0
    for d in range(len(bounds) - 1):
        lo, hi = bounds[d], bounds[d + 1]
        out[m:m + hi - lo] = values[lo:hi]
        m = _sort_unique_c(out, m, m + hi - lo)
        out_bounds[d + 1] = m


minima = _jit(_minima)
winnow = _jit(_winnow)
segment_distinct = _jit(_segment_distinct)
