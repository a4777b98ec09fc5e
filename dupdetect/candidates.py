"""Candidate pairs from MinHash LSH banding, done with numpy (band keys, sort, group).

A signature of ``bands * rows`` values is cut into ``bands`` bands; two items whose values agree on
a whole band fall in the same bucket and become a candidate pair. The probability that two items
of Jaccard similarity ``s`` collide is ``1 - (1 - s**rows)**bands`` (:func:`collision_probability`),
the same S-curve as :class:`datasketch.MinHashLSH`; :func:`choose_bands` picks ``(bands, rows)``
for a threshold the way datasketch's optimiser does (minimising the weighted areas of false
positives and false negatives under the curve).

Items may be passages: ``owners`` maps each signature row to its document, and pairs are
reported between documents. A bucket larger than ``max_bucket`` (thousands of copies of one
story, or a boilerplate passage) is joined as a star around its first member instead of all its
pairs, so no step is quadratic in the size of a bucket.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import numpy as np

from . import kernels
from .errors import InvalidParameterError
from .shingle import sorted_unique

__all__ = [
    "band_keys",
    "choose_bands",
    "collision_probability",
    "distinct_per_owner",
    "low_bytes",
    "lsh_pairs",
    "mark_agreement",
    "stable_key_order",
    "unique_pairs",
    "winnow",
]

_K1 = np.uint64(0x9E3779B97F4A7C15)
#: Entries (keys x bands) per key range when grouping: bounds the sort's temporary memory.
_PART_ENTRIES = 4_000_000
#: Fewer entries than this are grouped in one range, whatever the threads (not worth a thread).
_THREADED_ENTRIES = 1 << 20
_K2 = np.uint64(0xBF58476D1CE4E5B9)


def collision_probability(s: float | np.ndarray, bands: int, rows: int) -> float | np.ndarray:
    """Probability that two items of Jaccard similarity ``s`` share at least one band.

    Examples
    --------
    >>> round(float(collision_probability(0.5, 32, 4)), 3)
    0.873
    """
    return 1.0 - (1.0 - np.power(s, rows)) ** bands


def choose_bands(threshold: float, num_perm: int, *, fp_weight: float = 0.5,
                 fn_weight: float = 0.5) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` for an LSH threshold.

    Minimises ``fp_weight * FP + fn_weight * FN`` where FP (FN) is the area under (above) the
    collision curve below (above) the threshold, integrated numerically.

    Examples
    --------
    >>> choose_bands(0.5, 128)
    (25, 5)
    """
    if not 0.0 < threshold < 1.0:
        raise InvalidParameterError(
            f"The 'threshold' parameter of choose_bands must be a float in (0, 1). "
            f"Got {threshold!r} instead."
        )
    grid = np.linspace(0.0, 1.0, 1001)
    below, above = grid <= threshold, grid >= threshold
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = np.asarray(collision_probability(grid, bands, rows))
            fp = np.trapezoid(p[below], grid[below])
            fn = np.trapezoid(1.0 - p[above], grid[above])
            err = fp_weight * fp + fn_weight * fn
            if best is None or err < best[0] - 1e-12:
                best = (float(err), bands, rows)
    assert best is not None
    return best[1], best[2]


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band: ``(n, bands)`` uint64, band index mixed in.

    Examples
    --------
    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9]], dtype=np.uint32)
    >>> k = band_keys(sig, 2, 2)
    >>> bool(k[0, 0] == k[1, 0]), bool(k[0, 1] == k[1, 1])
    (True, False)
    """
    n, width = signatures.shape
    if bands * rows > width:
        raise InvalidParameterError(
            f"bands * rows = {bands * rows} exceeds the signature width {width}."
        )
    sig = signatures[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    acc = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64) * _K2, (n, bands)).copy()
    for r in range(rows):
        acc = (acc ^ sig[:, :, r]) * _K1
        acc ^= acc >> np.uint64(29)
    return acc


def low_bytes(signatures: np.ndarray) -> np.ndarray:
    """The low byte of each value of uint32 MinHash ``signatures`` (b-bit minwise hashing with
    ``b = 8``): a quarter of the memory, and still an estimate of Jaccard similarity
    (:func:`mark_agreement`). The low byte, because a minimum's high bytes are mostly zero.

    Examples
    --------
    >>> low_bytes(np.array([[0x12345678, 0xFF]], dtype=np.uint32)).tolist()
    [[120, 255]]
    """
    return (np.asarray(signatures) & 0xFF).astype(np.uint8)


#: Pairs checked at once by :func:`mark_agreement` (bounds its temporary memory).
_CHECK_PAIRS = 1 << 16


def mark_agreement(marks: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of positions where the :func:`low_bytes` rows of each pair ``(i, j)`` agree.

    Two items of Jaccard similarity ``s`` agree at a position with probability
    ``s + (1 - s) / 256``: equal minima, or unequal ones whose low bytes meet by chance.

    Examples
    --------
    >>> marks = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint8)
    >>> mark_agreement(marks, np.array([[0, 1], [0, 2]])).tolist()
    [0.5, 0.0]
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    width = marks.shape[1] if marks.ndim == 2 else 0
    if not width:
        return np.zeros(len(pairs), dtype=np.float64)
    out = np.empty(len(pairs), dtype=np.float64)
    for lo in range(0, len(pairs), _CHECK_PAIRS):
        part = pairs[lo:lo + _CHECK_PAIRS]
        equal = marks[part[:, 0]] == marks[part[:, 1]]
        out[lo:lo + len(part)] = np.count_nonzero(equal, axis=1) / width
    return out


def winnow(shingles: np.ndarray, bounds: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Passage anchors: the minimum shingle hash of every window of ``window`` shingles.

    Each window's minimum is its one-permutation MinHash, so two documents that share a
    verbatim passage of at least ``window`` shingles share at least one anchor wherever the
    passage sits in each (the winnowing guarantee), and a document gets about
    ``2 / (window + 1)`` anchors per shingle. A document shorter than ``window`` shingles is one
    window.

    Parameters
    ----------
    shingles : ndarray of uint64
        Shingle hashes of many documents, concatenated in text order.
    bounds : ndarray of int
        ``documents + 1`` offsets into ``shingles``.
    window : int
        Shingles per window.

    Returns
    -------
    (anchors, owners) : ndarray of uint64, ndarray of int64
        Distinct anchors of each document, with the document's position in ``bounds``.

    Examples
    --------
    >>> sh = np.array([9, 3, 7, 8, 6, 5], dtype=np.uint64)
    >>> a, o = winnow(sh, np.array([0, 4, 6]), 2)
    >>> a.tolist(), o.tolist()
    ([3, 7, 5], [0, 0, 1])
    """
    if window < 1:
        raise InvalidParameterError(
            f"The 'window' parameter of winnow must be an int >= 1. Got {window!r} instead.")
    bounds = np.asarray(bounds, dtype=np.int64)
    if kernels.loaded(kernels.winnow):
        # At most one anchor per shingle: the kernel fills these and says how many it took.
        values = np.empty(len(shingles), dtype=np.uint64)
        owners = np.empty(len(shingles), dtype=np.int64)
        m = kernels.winnow(np.ascontiguousarray(shingles, dtype=np.uint64), bounds, window,
                           values, owners)
        return values[:m].copy(), owners[:m].copy()
    return _winnow_numpy(shingles, bounds, window)


def _winnow_numpy(shingles: np.ndarray, bounds: np.ndarray,
                  window: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`winnow` without numba (van Herk / Gil-Werman)."""
    n = len(shingles)
    lengths = np.diff(bounds)
    owner_of = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    values: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    if n >= window:
        # van Herk / Gil-Werman: window minimum = min(suffix-min of its first block,
        # prefix-min of its last block), three vectorised passes whatever the window.
        pad = (-n) % window
        padded = np.concatenate([shingles, np.full(pad, np.iinfo(np.uint64).max,
                                                   dtype=np.uint64)]).reshape(-1, window)
        prefix = np.minimum.accumulate(padded, axis=1).reshape(-1)
        suffix = np.minimum.accumulate(padded[:, ::-1], axis=1)[:, ::-1].reshape(-1)
        starts = np.arange(n - window + 1)
        mins = np.minimum(suffix[starts], prefix[starts + window - 1])
        # Keep windows that end inside the document they start in.
        ok = starts + window <= bounds[owner_of[starts] + 1]
        values.append(mins[ok])
        owners.append(owner_of[starts][ok])
    short = (lengths > 0) & (lengths < window)
    if short.any():
        nonempty = np.flatnonzero(lengths > 0)
        mins = np.minimum.reduceat(shingles, bounds[:-1][nonempty])
        values.append(mins[short[nonempty]])
        owners.append(nonempty[short[nonempty]])
    if not values:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    return distinct_per_owner(np.concatenate(values), np.concatenate(owners))


def distinct_per_owner(values: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each owner's distinct values, sorted by owner then value.

    Examples
    --------
    >>> v, o = distinct_per_owner(np.array([5, 3, 5, 3]), np.array([1, 0, 1, 1]))
    >>> v.tolist(), o.tolist()
    ([3, 3, 5], [0, 1, 1])
    """
    if len(owners) and bool(np.all(owners[1:] >= owners[:-1])):
        # Owners in order (a batch's documents one after another): each one's values sorted
        # on their own, by numpy's sort (vectorised: for a story's words about twice as fast
        # as a compiled loop, and many times a sort of the whole array by two keys), then the
        # repeats within an owner dropped.
        change = np.flatnonzero(owners[1:] != owners[:-1]) + 1
        edges = [0, *change.tolist(), len(values)]
        out = np.concatenate([np.sort(values[a:b]) for a, b in pairwise(edges)])
        keep = np.empty(len(out), dtype=bool)
        keep[0] = True
        np.not_equal(out[1:], out[:-1], out=keep[1:])
        keep[change] = True
        return out[keep], owners[keep]
    order = np.lexsort((values, owners))
    v, o = values[order], owners[order]
    keep = np.ones(len(v), dtype=bool)
    keep[1:] = (v[1:] != v[:-1]) | (o[1:] != o[:-1])
    return v[keep], o[keep]


def lsh_pairs(keys: np.ndarray, owners: np.ndarray, *, max_bucket: int = 64,
              oversized: str = "star", threads: int = 1) -> np.ndarray:
    """Pairs of distinct owners that share a band key.

    Parameters
    ----------
    keys : ndarray of uint64, shape (n, bands)
        Band keys of ``n`` items (documents or passages).
    owners : ndarray of int, shape (n,)
        Document index of each item.
    max_bucket : int
        Buckets with more distinct owners than this are oversized.
    oversized : {"star", "drop"}
        Join an oversized bucket as a star around its first owner (linear, not quadratic), or
        drop it (a passage found in that many documents is boilerplate).
    threads : int
        Key ranges grouped at once, in threads (numpy's sorts and array operations run outside
        the interpreter lock), from 2**20 entries. The ranges are then as many times smaller,
        so that the temporaries take what one range's did. The pairs do not depend on it.

    Returns
    -------
    ndarray of int64, shape (m, 2)
        Unique pairs ``(i, j)`` with ``i < j``, sorted.

    Examples
    --------
    >>> keys = np.array([[5], [5], [7], [5]], dtype=np.uint64)
    >>> lsh_pairs(keys, np.array([0, 1, 2, 3])).tolist()
    [[0, 1], [0, 3], [1, 3]]
    """
    if oversized not in ("star", "drop"):
        raise InvalidParameterError(
            f"The 'oversized' parameter of lsh_pairs must be 'star' or 'drop'. "
            f"Got {oversized!r} instead.")
    owners = np.asarray(owners)
    if owners.dtype.kind not in "iu":
        owners = owners.astype(np.int64)
    if keys.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    flat_keys = keys.reshape(-1)
    flat_owners = np.repeat(owners, keys.shape[1])
    ascending = len(owners) < 2 or bool(np.all(owners[1:] >= owners[:-1]))
    # Buckets never span two key ranges, so large inputs are grouped range by range: the
    # sort's temporaries are a fraction of the input (millions of documents' anchors), and
    # ranges can be grouped at once. Threads hold a range's temporaries each: their ranges are
    # as many times smaller, so that the temporaries take what one range's did.
    threads = min(max(1, threads), 64) if len(flat_keys) >= _THREADED_ENTRIES else 1
    parts = max(threads, min(64, len(flat_keys) // max(1, _PART_ENTRIES // threads)))

    if parts > 1:
        # Each entry's range, computed once (a byte each) and a slice at a time: the remainders
        # of all the keys at once would be as large as the keys.
        range_of = np.empty(len(flat_keys), dtype=np.uint8)
        for start in range(0, len(flat_keys), _PART_ENTRIES):
            end = start + _PART_ENTRIES
            range_of[start:end] = flat_keys[start:end] % np.uint64(parts)

    def group(part: int) -> list[np.ndarray]:
        if parts == 1:
            k, o = flat_keys, flat_owners
        else:
            mask = range_of == part
            k, o = flat_keys[mask], flat_owners[mask]
            del mask
        return _bucket_pairs(k, o, ascending, max_bucket, oversized)

    if threads > 1:  # then parts >= threads
        with ThreadPoolExecutor(threads) as pool:
            chunks = [c for found in pool.map(group, range(parts)) for c in found]
    else:
        chunks = [c for part in range(parts) for c in group(part)]
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks).astype(np.int64, copy=False)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return unique_pairs(pairs)


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """``np.unique(pairs, axis=0)`` for pairs of non-negative int64 below ``2**31``, by one sort
    of the pairs packed into single integers (20x faster on millions of pairs).

    Examples
    --------
    >>> unique_pairs(np.array([[2, 5], [0, 9], [2, 5], [0, 3]])).tolist()
    [[0, 3], [0, 9], [2, 5]]
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if len(pairs) and (pairs.min() < 0 or pairs.max() >= 1 << 31):
        return np.unique(pairs, axis=0)
    packed = sorted_unique((pairs[:, 0] << 32) | pairs[:, 1])
    out = np.empty((len(packed), 2), dtype=np.int64)
    np.right_shift(packed, 32, out=out[:, 0])
    np.bitwise_and(packed, (1 << 32) - 1, out=out[:, 1])
    return out


def stable_key_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` of uint64 keys, by one sort of values: each key's
    high bits with its position in the low bits (numpy sorts values several times faster than
    it sorts indices). Keys whose high bits meet are put in order among themselves afterwards
    (rare: two keys of a million share their top 44 bits with probability 2**-44).

    Examples
    --------
    >>> stable_key_order(np.array([9, 3, 9, 1], dtype=np.uint64)).tolist()
    [3, 1, 0, 2]
    """
    return _stable_key_sort(keys)[0]


def _stable_key_sort(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`stable_key_order` of ``keys``, and the keys in that order."""
    n = len(keys)
    bits = max(1, (n - 1).bit_length())
    if keys.dtype != np.uint64 or bits > 40:
        order = np.argsort(keys, kind="stable")
        return order, keys[order]
    shift = np.uint64(bits)
    packed = ((keys >> shift) << shift) | np.arange(n, dtype=np.uint64)
    packed.sort()
    order = (packed & np.uint64((1 << bits) - 1)).astype(np.int64)
    high = packed >> shift
    in_order = keys[order]
    clash = (high[1:] == high[:-1]) & (in_order[1:] != in_order[:-1])
    if clash.any():
        # The whole runs of those high bits, re-sorted by (key, position) in their places.
        at = np.flatnonzero(np.isin(high, high[1:][clash]))
        mine = order[at]
        order[at] = mine[np.lexsort((mine, keys[mine]))]
        in_order[at] = keys[order[at]]
    return order, in_order


def _bucket_pairs(k: np.ndarray, o: np.ndarray, ascending: bool, max_bucket: int,
                  oversized: str) -> list[np.ndarray]:
    """Pairs of owners within each bucket of equal keys (see :func:`lsh_pairs`)."""
    # Owners already ascending: a stable sort by key keeps them ascending in each bucket.
    if ascending:
        order, k = _stable_key_sort(k)
    else:
        order = np.lexsort((o, k))
        k = k[order]
    o = o[order]
    del order
    # Drop repeated (key, owner) entries: one owner counts once per bucket.
    keep = np.ones(len(k), dtype=bool)
    keep[1:] = (k[1:] != k[:-1]) | (o[1:] != o[:-1])
    k, o = k[keep], o[keep]
    # Runs of equal keys are buckets; keep only buckets of two or more owners.
    new_run = np.ones(len(k), dtype=bool)
    new_run[1:] = k[1:] != k[:-1]
    run_id = np.cumsum(new_run) - 1
    sizes = np.bincount(run_id)
    multi = sizes[run_id] >= 2
    k, o, run_id = k[multi], o[multi], run_id[multi]
    if len(o) == 0:
        return []
    size = sizes[run_id]
    chunks: list[np.ndarray] = []
    # Small buckets: every pair, by comparing each entry with the ones d places later. Only
    # buckets of more than d owners have such pairs, so the others are dropped as d grows
    # (most buckets hold two or three owners).
    small = size <= max_bucket
    so, sr, ss = o[small], run_id[small], size[small]
    d = 1
    while len(so) > d:
        same = sr[d:] == sr[:-d]
        chunks.append(np.stack([so[:-d][same], so[d:][same]], axis=1))
        d += 1
        longer = ss > d
        so, sr, ss = so[longer], sr[longer], ss[longer]
    # Large buckets: a star around the first owner of the bucket.
    big = ~small
    if big.any() and oversized == "star":
        bo, br = o[big], run_id[big]
        first = np.ones(len(br), dtype=bool)
        first[1:] = br[1:] != br[:-1]
        head = np.maximum.accumulate(np.where(first, np.arange(len(br)), 0))
        rest = ~first
        chunks.append(np.stack([bo[head[rest]], bo[rest]], axis=1))
    return chunks
