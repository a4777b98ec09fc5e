"""Exact scores of candidate pairs: TF-IDF cosine, shingle Jaccard/containment, alignment coverage.

scikit-learn lives here. TF-IDF is built without a vocabulary (``HashingVectorizer`` counts plus a
``TfidfTransformer`` for the document frequencies), so it streams and never holds a vocabulary
of the corpus; rows are l2-normalised CSR, so a cosine is a sparse row dot product. Shingle sets
are sorted arrays of 64-bit hashes, so Jaccard and containment are exact set sizes (up to 64-bit
hash collisions). Alignment coverage comes from :mod:`dupdetect.align`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from .align import coverage, matches
from .models import Scores

__all__ = [
    "FUZZY_MIN_CONTAINMENT",
    "FUZZY_MIN_COSINE",
    "LEAD_MIN_WORDS",
    "DocView",
    "Evidence",
    "copy_score",
    "cosine_pairs",
    "score_pair",
    "set_overlap",
    "tfidf_matrix",
]

_N_FEATURES = 1 << 20
#: Below this TF-IDF cosine, and without verbatim text, sentences are only matched exactly:
#: no rewrite or translation in the benchmarks scored under 0.22 (benchmarks/RESULTS.md).
FUZZY_MIN_COSINE = 0.15
FUZZY_MIN_CONTAINMENT = 0.05
#: Shorter first sentences (captions, credits) are passed over when looking for the lead.
LEAD_MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class DocView:
    """What scoring needs of one document: its shingle set and its sentences.

    ``shingles`` is sorted and unique (uint64); ``sentences`` are the sentence texts,
    ``sentence_words`` their word counts and ``keys`` (optional) their
    :func:`dupdetect.align.sentence_key`.
    """

    shingles: np.ndarray
    sentences: tuple[str, ...]
    sentence_words: np.ndarray
    keys: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        return int(self.sentence_words.sum())

    @property
    def lead(self) -> int:
        """Index of the lead: the first sentence of at least ``LEAD_MIN_WORDS`` words."""
        long_enough = np.flatnonzero(self.sentence_words >= LEAD_MIN_WORDS)
        return int(long_enough[0]) if len(long_enough) else 0


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def tfidf_matrix(token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """l2-normalised TF-IDF rows (sublinear tf, smoothed idf) of pre-tokenised documents.

    Examples
    --------
    >>> X = tfidf_matrix([["flood", "dam"], ["flood", "dam"], ["chess"]])
    >>> round(float(cosine_pairs(X, np.array([[0, 1], [0, 2]]))[0]), 6)
    1.0
    """
    hasher = HashingVectorizer(analyzer=_identity, n_features=_N_FEATURES,
                               alternate_sign=False, norm=None, dtype=np.float64)
    counts = sparse.csr_matrix(hasher.transform(token_lists))
    # Keep only the hashed columns in use: the idf is fitted on those, not on all 2**20.
    if counts.nnz == 0:
        return sparse.csr_matrix(counts.shape, dtype=np.float64)
    used, remapped = np.unique(counts.indices, return_inverse=True)
    compact = sparse.csr_matrix((counts.data, remapped.ravel(), counts.indptr),
                                shape=(counts.shape[0], len(used)))
    tfidf = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True)
    return sparse.csr_matrix(tfidf.fit_transform(compact))


def cosine_pairs(matrix: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """Cosine of each pair ``(i, j)`` of rows of an l2-normalised matrix, clipped to [0, 1]."""
    if len(pairs) == 0:
        return np.zeros(0)
    left = matrix[pairs[:, 0]]
    right = matrix[pairs[:, 1]]
    dots = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return np.clip(dots, 0.0, 1.0)


def set_overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """``(jaccard, containment_a, containment_b)`` of two sorted unique hash arrays.

    Examples
    --------
    >>> set_overlap(np.array([1, 2, 3, 4]), np.array([3, 4, 5, 6, 7, 8]))
    (0.25, 0.5, 0.3333333333333333)
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union, inter / len(a), inter / len(b)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Facts about a pair beyond its scores: whether each story's lead has a counterpart.

    The lead (first sentence) carries the news; a copy of a story, whole or in part, keeps it,
    while two stories that only share background paragraphs or a template do not.
    """

    lead_a: bool
    lead_b: bool


def copy_score(scores: Scores) -> float:
    """One number for "how much of one story was copied into the other", in [0, 1].

    The mean of the larger shingle containment (verbatim copying) and the larger alignment
    coverage (copying, reworded or not): 1 for a verbatim copy, about 0.5 for a full rewrite or
    a round-trip translation, near 0 for independent stories. Chosen on the Clough & Stevenson
    corpus, where it orders cut > light > heavy > non (benchmarks/RESULTS.md).

    Examples
    --------
    >>> copy_score(Scores(0.7, 0.07, 0.12, 0.12, 0.96, 1.0))
    0.56
    """
    verbatim = max(scores.containment_a, scores.containment_b)
    aligned = max(scores.coverage_a, scores.coverage_b)
    return (verbatim + aligned) / 2


def score_pair(a: DocView, b: DocView, cosine: float, *,
               cutoff: float) -> tuple[Scores, Evidence]:
    """All exact scores of one pair (``cosine`` is computed in bulk by :func:`cosine_pairs`)."""
    jac, cont_a, cont_b = set_overlap(a.shingles, b.shingles)
    # Fuzzy alignment only where the cheap scores leave a copy possible: some verbatim text,
    # or enough shared vocabulary for a rewrite (see FUZZY_MIN_COSINE).
    fuzzy = cosine >= FUZZY_MIN_COSINE or max(cont_a, cont_b) >= FUZZY_MIN_CONTAINMENT
    hits = matches(a.sentences, b.sentences, cutoff=cutoff, keys_a=a.keys or None,
                   keys_b=b.keys or None, fuzzy=fuzzy)
    cov_a, cov_b = coverage(a.sentence_words, b.sentence_words, hits)
    scores = Scores(cosine=float(cosine), jaccard=jac, containment_a=cont_a,
                    containment_b=cont_b, coverage_a=cov_a, coverage_b=cov_b)
    lead_a = bool(hits[a.lead].any()) if hits.size else False
    lead_b = bool(hits[:, b.lead].any()) if hits.size else False
    return scores, Evidence(lead_a, lead_b)
