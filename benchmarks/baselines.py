"""The baselines dupdetect is measured against, run on the same data in the same run.

Each baseline sees the raw text, lower-cased and split into words by dupdetect's own tokeniser
(``dupdetect.shingle.tokenize``) and nothing else: no cleaning, no normalisation steps.

minhash     datasketch ``MinHash`` (128 permutations, seed 1, scheme affine32) over word 5-gram
            shingles, indexed in datasketch ``MinHashLSH(threshold=0.5)``; a pair is an LSH
            collision. The ``hashfunc`` is ``dupdetect.shingle.shingle_hash32``; for speed the
            32-bit values are computed for a whole document at once with numpy
            (``shingle_hashes(...) >> 32``, the numbers shingle_hash32 gives shingle by shingle)
            and passed through an identity ``hashfunc``. Its graded score (for AUC and Spearman)
            is datasketch's Jaccard estimate.
tfidf       TF-IDF cosine (scikit-learn ``TfidfVectorizer``, sublinear tf, fitted on the suite's
            texts) with one threshold.
containment exact word 5-gram containment, the larger of the two directions, with one threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dupdetect.shingle import shingle_hashes, token_hashes, tokenize

__all__ = [
    "LSH_THRESHOLD",
    "NUM_PERM",
    "PairwiseBaselines",
    "components",
    "corpus_pairs",
    "lsh_collisions",
    "minhashes",
    "shingle_sets",
]

NUM_PERM = 128
LSH_THRESHOLD = 0.5
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2.0's default for 32-bit hash values
METHODS = ("minhash", "tfidf", "containment")


def _identity(value: int) -> int:
    return value


def words(text: str) -> list[str]:
    return tokenize(text.lower())


def shingle_sets(texts: Sequence[str]) -> list[np.ndarray]:
    """Sorted unique 32-bit word 5-gram hashes of each text (equal to ``shingle_hash32``)."""
    return [np.unique(shingle_hashes(token_hashes(words(t)), SHINGLE) >> np.uint64(32))
            for t in texts]


def minhashes(sets: Sequence[np.ndarray]) -> list[MinHash]:
    """One datasketch MinHash per shingle set (the permutations are shared, as in datasketch)."""
    first = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, scheme=SCHEME)
    out = []
    for s in sets:
        m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, scheme=SCHEME,
                    permutations=first.permutations)
        if len(s):
            m.update_batch(s.tolist())
        out.append(m)
    return out


def lsh_collisions(mh: Sequence[MinHash], sets: Sequence[np.ndarray]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that collide in ``MinHashLSH(threshold=0.5)``; empty texts excluded."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for i, (m, s) in enumerate(zip(mh, sets, strict=True)):
        if len(s):
            lsh.insert(i, m, check_duplication=False)
    found: set[tuple[int, int]] = set()
    for i, (m, s) in enumerate(zip(mh, sets, strict=True)):
        if len(s):
            found.update((i, j) for j in lsh.query(m) if j > i)
    return found


@cache
def _band_ranges() -> tuple[tuple[int, int], ...]:
    return tuple(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / min(len(a), len(b))


class PairwiseBaselines:
    """Scores of every baseline for given pairs of texts, fitted on all texts of a suite.

    ``score(i, j)`` returns ``{"minhash": estimated Jaccard, "minhash_collision": bool,
    "tfidf": cosine, "containment": max containment}`` for text indices ``i`` and ``j``.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.sets = shingle_sets(texts)
        self.mh = minhashes(self.sets)
        vec = TfidfVectorizer(tokenizer=words, lowercase=False, token_pattern=None,
                              sublinear_tf=True)
        self.tfidf = vec.fit_transform(texts).tocsr()

    def _collides(self, i: int, j: int) -> bool:
        """Whether the two collide in MinHashLSH(threshold=0.5): some band of theirs is equal.

        This is what ``MinHashLSH.insert`` + ``query`` decide (a band's key is the bytes of
        its hash values), with the band ranges of one datasketch index built once, because
        building a ``MinHashLSH`` costs about 50 ms (it optimises its bands).
        """
        if not len(self.sets[i]) or not len(self.sets[j]):
            return False
        a, b = self.mh[i].hashvalues, self.mh[j].hashvalues
        return any(np.array_equal(a[lo:hi], b[lo:hi]) for lo, hi in _band_ranges())

    def score(self, i: int, j: int) -> dict[str, float | bool]:
        empty = not len(self.sets[i]) or not len(self.sets[j])
        return {
            "minhash": 0.0 if empty else float(self.mh[i].jaccard(self.mh[j])),
            "minhash_collision": self._collides(i, j),
            "tfidf": float(self.tfidf[i].multiply(self.tfidf[j]).sum()),
            "containment": _overlap(self.sets[i], self.sets[j]),
        }


def corpus_pairs(texts: Sequence[str],
                 thresholds: dict[str, float]) -> dict[str, set[tuple[int, int]]]:
    """All pairs each baseline calls over a whole corpus.

    ``minhash``: LSH collisions. ``tfidf`` and ``containment``: every pair at or above the
    given threshold, computed exactly by sparse matrix products (``tfidf`` or ``containment``
    left out of ``thresholds`` are not run).
    """
    sets = shingle_sets(texts)
    out = {"minhash": lsh_collisions(minhashes(sets), sets)}
    if "tfidf" in thresholds:
        vec = TfidfVectorizer(tokenizer=words, lowercase=False, token_pattern=None,
                              sublinear_tf=True)
        x = vec.fit_transform(texts).tocsr()
        out["tfidf"] = _above(sparse.triu(x @ x.T, k=1).tocoo(), thresholds["tfidf"])
    if "containment" in thresholds:
        vocab = np.unique(np.concatenate([s for s in sets if len(s)] or [np.zeros(0, np.uint64)]))
        rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
        cols = np.searchsorted(vocab, np.concatenate(sets) if sets else vocab)
        x = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                              shape=(len(sets), len(vocab)))
        inter = sparse.triu(x @ x.T, k=1).tocoo()
        sizes = np.array([max(1, len(s)) for s in sets], dtype=np.float64)
        smaller = np.minimum(sizes[inter.row], sizes[inter.col])
        inter.data = inter.data / smaller
        out["containment"] = _above(inter, thresholds["containment"])
    return out


def _above(m: sparse.coo_matrix, threshold: float) -> set[tuple[int, int]]:
    keep = m.data >= threshold - 1e-9
    return {(int(a), int(b)) for a, b in zip(m.row[keep], m.col[keep], strict=True)}


def components(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components (of two or more) of the pair graph: a baseline's clusters."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))
