"""MinHash signatures as numpy matrices, bit-identical to :class:`datasketch.MinHash`.

datasketch (2.x, scheme ``"affine32"``) defines the sketch: each 32-bit input hash ``h`` is
pre-mixed with the MurmurHash3 finaliser and permuted as ``a_k * h + b_k (mod 2**32)`` with
parameters drawn from ``numpy.random.RandomState(seed)``; the signature keeps the minimum per
permutation. This module takes the permutation parameters from datasketch itself and computes
the same minima for a whole batch of documents at once: a compiled loop
(:data:`dupdetect.kernels.minima`) that keeps the running minimum of each permutation, about
0.13 ns per shingle x permutation, once the kernels are loaded; before that (a small input)
or without numba, ``(shingles x permutations)`` products in cache-sized blocks and
``numpy.minimum.reduceat`` over each document's rows (about 1.9 ns).
Given the same seed, number of permutations and :func:`dupdetect.shingle.shingle_hash32` as
``hashfunc``, every row equals
``datasketch.MinHash(...).hashvalues``; :func:`to_datasketch` converts a row back.

datasketch is used only here and in :mod:`dupdetect.candidates`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import kernels
from .errors import InvalidParameterError
from .shingle import shingle_hash32

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = ["SCHEME", "MinHasher", "minhash_class", "reference_signature", "to_datasketch"]

SCHEME = "affine32"
_MAX = np.uint32(0xFFFFFFFF)
#: Shingles per block of the (shingles x permutations) product: small enough for the cache.
_CHUNK = 2048


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3 32-bit finaliser (datasketch's pre-mix), wrapping uint32 arithmetic."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash_class() -> type[MinHash]:
    """``datasketch.MinHash``, imported on first use (datasketch brings in its LSH and much of
    scipy: about a third of a second that ``dupdetect diff`` does not need). The pipeline calls
    this before it starts worker processes, so that forked workers find it imported."""
    from datasketch import MinHash

    return MinHash


@dataclass(frozen=True)
class MinHasher:
    """Computes MinHash signatures of many documents at once.

    Parameters
    ----------
    num_perm : int
        Number of permutations (signature width).
    seed : int
        Seed of the permutations (as in datasketch).

    Examples
    --------
    >>> import numpy as np
    >>> hasher = MinHasher(num_perm=16, seed=1)
    >>> sig = hasher.signatures(np.array([1, 2, 3, 4], dtype=np.uint64), np.array([0, 2, 4]))
    >>> sig.shape, sig.dtype
    ((2, 16), dtype('uint32'))
    """

    num_perm: int = 128
    seed: int = 1
    _a: np.ndarray = field(init=False, repr=False, compare=False)
    _b: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (not isinstance(self.num_perm, int) or isinstance(self.num_perm, bool)
                or not 1 <= self.num_perm <= 4096):
            raise InvalidParameterError(
                f"The 'num_perm' parameter of MinHasher must be an int in [1, 4096]. "
                f"Got {self.num_perm!r} instead."
            )
        if (not isinstance(self.seed, int) or isinstance(self.seed, bool)
                or not 0 <= self.seed < 2**32):
            raise InvalidParameterError(
                f"The 'seed' parameter of MinHasher must be an int in [0, 2**32 - 1]. "
                f"Got {self.seed!r} instead."
            )
        a, b = minhash_class()(num_perm=self.num_perm, seed=self.seed,
                              scheme=SCHEME).permutations
        object.__setattr__(self, "_a", np.ascontiguousarray(a, dtype=np.uint32)[:, None])
        object.__setattr__(self, "_b", np.ascontiguousarray(b, dtype=np.uint32)[:, None])

    def signatures(self, shingles64: np.ndarray, bounds: np.ndarray,
                   num_perm: int | None = None) -> np.ndarray:
        """Signatures of consecutive segments of one shingle array.

        Parameters
        ----------
        shingles64 : ndarray of uint64
            Shingle hashes of all documents, concatenated.
        bounds : ndarray of int
            ``len(segments) + 1`` offsets: segment ``i`` is ``shingles64[bounds[i]:bounds[i+1]]``.
        num_perm : int, optional
            Use only the first ``num_perm`` permutations (passage signatures).

        Returns
        -------
        ndarray of uint32, shape (segments, num_perm)
            Empty segments get the all-``2**32-1`` signature of an empty datasketch MinHash.
        """
        p = self.num_perm if num_perm is None else num_perm
        if not 1 <= p <= self.num_perm:
            raise InvalidParameterError(
                f"The 'num_perm' parameter of MinHasher.signatures must be an int in "
                f"[1, {self.num_perm}] (the hasher's num_perm). Got {p!r} instead."
            )
        bounds = np.asarray(bounds, dtype=np.int64)
        n_seg = len(bounds) - 1
        out = np.full((n_seg, p), _MAX, dtype=np.uint32)
        if n_seg == 0 or bounds[-1] == bounds[0]:
            return out
        h = _fmix32((shingles64 >> np.uint64(32)).astype(np.uint32))
        a, b = self._a[:p, 0], self._b[:p, 0]
        if kernels.loaded(kernels.minima):
            kernels.minima(h, bounds, np.ascontiguousarray(a), np.ascontiguousarray(b), out)
            return out
        return _blocked_minima(h, bounds, a, b, out)


def _blocked_minima(h: np.ndarray, bounds: np.ndarray, a: np.ndarray, b: np.ndarray,
                    out: np.ndarray) -> np.ndarray:
    """The numpy path of :meth:`MinHasher.signatures` (``out`` filled with ``2**32 - 1``)."""
    n_seg, p = out.shape
    # Rows are shingles and columns permutations, so the minimum over a document's rows
    # runs along contiguous memory; blocks of _CHUNK rows keep the products in cache.
    buf = np.empty((_CHUNK, p), dtype=np.uint32)
    seg = 0
    while seg < n_seg:
        # Take whole segments until the block is full (at least one segment).
        stop = int(np.searchsorted(bounds, bounds[seg] + _CHUNK, side="right")) - 1
        stop = min(max(stop, seg + 1), n_seg)
        lo, hi = int(bounds[seg]), int(bounds[stop])
        if hi > lo:
            block = buf[: hi - lo] if hi - lo <= _CHUNK else np.empty((hi - lo, p), np.uint32)
            np.multiply(h[lo:hi, None], a[None, :], out=block)
            block += b
            starts = bounds[seg:stop] - lo
            nonempty = np.flatnonzero(bounds[seg + 1 : stop + 1] > bounds[seg:stop])
            out[seg + nonempty] = np.minimum.reduceat(block, starts[nonempty], axis=0)
        seg = stop
    return out


def reference_signature(shingles: Sequence[bytes], *, num_perm: int = 128,
                        seed: int = 1) -> np.ndarray:
    """The datasketch signature of the given shingle texts (the slow reference path)."""
    m = minhash_class()(num_perm=num_perm, seed=seed, hashfunc=shingle_hash32, scheme=SCHEME)
    m.update_batch(shingles)
    return np.asarray(m.hashvalues, dtype=np.uint32)


def to_datasketch(signature: np.ndarray, *, seed: int = 1) -> MinHash:
    """Wrap one signature row as a :class:`datasketch.MinHash` (for interchange or LSH)."""
    return minhash_class()(seed=seed, hashvalues=np.asarray(signature, dtype=np.uint32),
                   hashfunc=shingle_hash32, scheme=SCHEME)
