"""Words, word shingles and passages, as arrays of 64-bit hashes.

Every shingle is identified by a 64-bit hash computed from the hashes of its words, so that
shingles can be computed for a whole document at once with numpy (a rolling polynomial over the
word hashes) and still be reproduced one shingle at a time from its text, which is what
:func:`shingle_hash32` does for datasketch (see :mod:`dupdetect.signature`).

The text given here is expected to be normalised already (:mod:`dupdetect.normalize`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from .errors import InvalidParameterError

__all__ = [
    "TOKEN_PATTERN",
    "TokenHasher",
    "passage_starts",
    "shingle_hash32",
    "shingle_hashes",
    "shingle_texts",
    "tokenize",
    "unique_shingles",
]

#: A word: letters or digits, with inner apostrophes, dots or commas ("don't", "u.s", "1,200").
TOKEN_PATTERN = re.compile(r"[^\W_]+(?:['.,][^\W_]+)*")

_MASK64 = (1 << 64) - 1
_MULT = 0x9E3779B97F4A7C15  # odd 64-bit constant of the rolling polynomial
_MULT_U64 = np.uint64(_MULT)


def tokenize(text: str) -> list[str]:
    """Split normalised text into word tokens.

    Examples
    --------
    >>> tokenize("the u.s. paid $1,200 - don't ask")
    ['the', 'u.s', 'paid', '1,200', "don't", 'ask']
    """
    return TOKEN_PATTERN.findall(text)


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def _mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, element-wise on a uint64 array (wrapping arithmetic)."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _mix64_int(z: int) -> int:
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & _MASK64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


class TokenHasher:
    """Maps tokens to stable 64-bit hashes (BLAKE2b), caching the vocabulary it has seen.

    Examples
    --------
    >>> h = TokenHasher()
    >>> h.hash(["flood", "flood"]).tolist()[0] == h.hash(["flood"]).tolist()[0]
    True
    """

    __slots__ = ("_cache",)

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def hash(self, tokens: Sequence[str]) -> np.ndarray:
        """Return the uint64 hash of every token, in order."""
        cache = self._cache
        out = np.empty(len(tokens), dtype=np.uint64)
        for i, token in enumerate(tokens):
            value = cache.get(token)
            if value is None:
                value = _token_hash(token)
                cache[token] = value
            out[i] = value
        return out


def shingle_hashes(token_hashes: np.ndarray, k: int) -> np.ndarray:
    """Hash of every word k-gram, in text order (uint64, not deduplicated).

    A text shorter than ``k`` words gives one shingle made of all its words; an empty text
    gives none.

    Examples
    --------
    >>> th = TokenHasher().hash(["a", "b", "c"])
    >>> len(shingle_hashes(th, 2)), len(shingle_hashes(th, 5)), len(shingle_hashes(th[:0], 5))
    (2, 1, 0)
    """
    n = len(token_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, n)
    m = n - k + 1
    acc = token_hashes[0:m].copy()
    for i in range(1, k):
        acc *= _MULT_U64
        acc += token_hashes[i : i + m]
    return _mix64(acc)


def unique_shingles(token_hashes: np.ndarray, k: int) -> np.ndarray:
    """Sorted, deduplicated shingle hashes: the exact shingle set used for Jaccard/containment."""
    return np.unique(shingle_hashes(token_hashes, k))


def shingle_texts(tokens: Sequence[str], k: int) -> list[bytes]:
    """The shingles as UTF-8 bytes (words joined by one space), as datasketch receives them."""
    n = len(tokens)
    if n == 0:
        return []
    k = min(k, n)
    return [" ".join(tokens[i : i + k]).encode("utf-8") for i in range(n - k + 1)]


def shingle_hash64(data: bytes) -> int:
    """64-bit hash of one shingle given as bytes, equal to :func:`shingle_hashes` for it."""
    acc = 0
    for token in data.decode("utf-8").split(" "):
        acc = (acc * _MULT + _token_hash(token)) & _MASK64
    return _mix64_int(acc)


def shingle_hash32(data: bytes) -> int:
    """32-bit shingle hash (the high half of :func:`shingle_hash64`): datasketch's ``hashfunc``.

    Examples
    --------
    >>> th = TokenHasher().hash(["river", "burst", "its", "banks", "today"])
    >>> int(shingle_hashes(th, 5)[0] >> 32) == shingle_hash32(b"river burst its banks today")
    True
    """
    return shingle_hash64(data) >> 32


def passage_starts(n_shingles: int, window: int, stride: int) -> np.ndarray:
    """Start offsets of overlapping passages of ``window`` shingles every ``stride`` shingles.

    The last passage is aligned to the end so the tail of the text is always covered; a text
    of at most ``window`` shingles is one passage.

    Examples
    --------
    >>> passage_starts(100, 40, 20).tolist()
    [0, 20, 40, 60]
    >>> passage_starts(10, 40, 20).tolist()
    [0]
    """
    if window < 1 or stride < 1:
        raise InvalidParameterError(
            f"The 'window' and 'stride' parameters of passage_starts must be ints >= 1. "
            f"Got window={window!r}, stride={stride!r} instead."
        )
    if n_shingles <= window:
        return np.zeros(1 if n_shingles else 0, dtype=np.int64)
    starts = np.arange(0, n_shingles - window + 1, stride, dtype=np.int64)
    last = n_shingles - window
    if starts[-1] != last:
        starts = np.append(starts, last)
    return starts
