"""Exact scores of candidate pairs: TF-IDF cosine, shingle Jaccard/containment, alignment coverage.

scikit-learn lives here. TF-IDF is built without a vocabulary: terms are the top bits of the
64-bit token hashes, document frequencies are counted batch by batch (:class:`TermStats`, no
``fit_transform`` over the corpus), and a ``TfidfTransformer`` given that idf weights only the rows
of the documents being scored; rows are l2-normalised CSR, so a cosine is a sparse row dot
product. Shingle sets
are sorted arrays of 64-bit hashes, so Jaccard and containment are exact set sizes (up to 64-bit
hash collisions). Alignment coverage comes from :mod:`dupdetect.align`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from .align import Similarities, coverage, matches
from .models import Scores
from .shingle import term_hashes

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfTransformer

__all__ = [
    "FEATURE_BITS",
    "FUZZY_MIN_CONTAINMENT",
    "FUZZY_MIN_COSINE",
    "LEAD_MIN_WORDS",
    "DocView",
    "Evidence",
    "TermStats",
    "copy_score",
    "cosine_pairs",
    "lead_of",
    "score_pair",
    "set_overlap",
    "similarity",
    "term_counts",
    "term_features",
    "tfidf_matrix",
    "tfidf_rows",
    "tfidf_transformer",
]

#: Bits of the hashed TF-IDF feature space (2**20 features).
FEATURE_BITS = 20
#: Below this TF-IDF cosine, and without verbatim text, sentences are only matched exactly.
#: 0.19 passes the same share of the semeval pairs (44.5%) as 0.15 did before terms were cut
#: to prefixes (which raise cosines by about a quarter); the lowest rewrite of the benchmarks
#: scores 0.198 (benchmarks/RESULTS.md).
FUZZY_MIN_COSINE = 0.19
FUZZY_MIN_CONTAINMENT = 0.05
#: Shorter first sentences (captions, credits) are passed over when looking for the lead.
LEAD_MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass(frozen=True, slots=True)
class DocView:
    """What scoring needs of one document: its shingle set and its sentences.

    ``shingles`` is sorted and unique (uint64); ``sentences`` are the sentence texts,
    ``sentence_words`` their word counts and ``keys`` (optional) their
    :func:`dupdetect.align.sentence_key`; given keys, the word counts must be their
    :func:`dupdetect.align.key_words`.
    """

    shingles: np.ndarray
    sentences: tuple[str, ...]
    sentence_words: np.ndarray
    keys: tuple[str, ...] = ()

    #: The words of the story, and the indices of its lead (:func:`lead_of`); set from the
    #: fields above, once.
    words: int = field(init=False)
    leads: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", int(self.sentence_words.sum()))
        object.__setattr__(self, "leads", lead_of(self.sentences, self.sentence_words))


def lead_of(sentences: Sequence[str], sentence_words: np.ndarray) -> tuple[int, ...]:
    """Indices of the lead of a story: the first sentence of at least ``LEAD_MIN_WORDS`` words
    and, when that one is a headline (no sentence punctuation at its end), the full sentence
    right after it too, as a copy may come under a headline of its own.

    Examples
    --------
    >>> lead_of(("Dam bursts after a week of heavy rain",
    ...          "The Varna dam burst on Monday, officials said.", "Two people died."),
    ...         np.array([8, 8, 3]))
    (0, 1)
    """
    long_enough = np.flatnonzero(sentence_words >= LEAD_MIN_WORDS).tolist()
    if not long_enough:
        return (0,)
    first = long_enough[0]
    if (not _SENTENCE_END.search(sentences[first]) and len(long_enough) > 1
            and long_enough[1] == first + 1 and _SENTENCE_END.search(sentences[first + 1])):
        return first, first + 1
    return (first,)


def term_counts(terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A document's hashed term counts: sorted feature indices (``FEATURE_BITS`` bits) and counts.

    ``terms`` are the 64-bit term hashes of its words (:func:`dupdetect.shingle.term_hash`,
    ``Tokens.terms``); the feature of a term is the top ``FEATURE_BITS`` bits of its hash, so
    no vocabulary is ever held.
    """
    idx, counts = np.unique(term_features(terms), return_counts=True)
    return idx, counts


def term_features(terms: np.ndarray) -> np.ndarray:
    """The hashed feature of every term hash (int64 in ``[0, 2**FEATURE_BITS)``)."""
    shift = np.uint64(64 - FEATURE_BITS)
    return (np.asarray(terms, dtype=np.uint64) >> shift).astype(np.int64)


class TermStats:
    """Document frequencies over the hashed feature space, accumulated batch by batch.

    The idf is scikit-learn's smoothed one, ``ln((1 + n) / (1 + df)) + 1``, computed from these
    counts instead of a ``fit_transform`` over the whole corpus. Features are counted a few
    batches at a time (:data:`_COUNT_EVERY` of them at least): one count runs over the whole
    feature space, several times the features of one batch.

    Examples
    --------
    >>> stats = TermStats()
    >>> stats.add(np.array([3, 5]), 2)
    >>> stats.add(np.array([5]), 1)
    >>> stats.n_docs, int(stats.df[5]), round(float(stats.idf()[5]), 3)
    (3, 2, 1.288)
    """

    def __init__(self) -> None:
        self._df = np.zeros(1 << FEATURE_BITS, dtype=np.int64)
        self._pending: list[np.ndarray] = []
        self._pending_size = 0
        self.n_docs = 0

    def add(self, features: np.ndarray, n_docs: int) -> None:
        """Count ``features`` (one entry per document holding the feature) from ``n_docs`` docs."""
        if len(features):
            self._pending.append(np.asarray(features))
            self._pending_size += len(features)
            if self._pending_size >= _COUNT_EVERY:
                self._count()
        self.n_docs += n_docs

    def _count(self) -> None:
        if self._pending:
            self._df += np.bincount(np.concatenate(self._pending), minlength=len(self._df))
            self._pending, self._pending_size = [], 0

    @property
    def df(self) -> np.ndarray:
        """Documents holding each feature (int64, one entry per feature)."""
        self._count()
        return self._df

    def idf(self) -> np.ndarray:
        """Smoothed idf of every feature (float64)."""
        return np.log((1.0 + self.n_docs) / (1.0 + self.df)) + 1.0


#: Features held back before they are counted: 16 MB, about ten batches of stories.
_COUNT_EVERY = 1 << 21


def tfidf_transformer() -> type[TfidfTransformer]:
    """scikit-learn's ``TfidfTransformer``, imported on first use: scikit-learn takes about a
    second to import, which ``dupdetect diff`` and ``--help`` do not need. The pipeline calls
    this before it starts worker processes, so that forked workers find it imported."""
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer


def tfidf_rows(counts: Sequence[tuple[np.ndarray, np.ndarray]],
               idf: np.ndarray) -> sparse.csr_matrix:
    """l2-normalised TF-IDF rows (sublinear tf) of documents given as :func:`term_counts`.

    scikit-learn's ``TfidfTransformer`` does the weighting, with its idf taken from
    :class:`TermStats` rather than fitted.
    """
    indptr = np.zeros(len(counts) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(idx) for idx, _ in counts])
    indices = (np.concatenate([idx for idx, _ in counts]) if counts
               else np.empty(0, dtype=np.int64))
    data = (np.concatenate([c for _, c in counts]).astype(np.float64) if counts
            else np.empty(0, dtype=np.float64))
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(counts), len(idf)))
    transformer = tfidf_transformer()(norm="l2", use_idf=True, smooth_idf=True,
                                      sublinear_tf=True)
    transformer.idf_ = idf
    return sparse.csr_matrix(transformer.transform(matrix))


def tfidf_matrix(token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """l2-normalised TF-IDF rows of pre-tokenised documents, idf from these documents.

    Examples
    --------
    >>> X = tfidf_matrix([["flood", "dam"], ["flood", "dam"], ["chess"]])
    >>> round(float(cosine_pairs(X, np.array([[0, 1], [0, 2]]))[0]), 6)
    1.0
    """
    counts = [term_counts(term_hashes(tokens)) for tokens in token_lists]
    stats = TermStats()
    if counts:
        stats.add(np.concatenate([idx for idx, _ in counts]), len(counts))
    return tfidf_rows(counts, stats.idf())


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
    """Facts about a pair beyond its scores: whether each story's lead has a counterpart, and
    how many of its sentences have one.

    The lead (first sentence) carries the news; a copy of a story, whole or in part, keeps it,
    while two stories that only share background paragraphs or a template do not. One sentence
    in common is also what formulaic briefs of different events share.
    """

    lead_a: bool
    lead_b: bool
    #: Sentences of A (of B) with a counterpart in the other.
    matched_a: int = 0
    matched_b: int = 0


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


def similarity(scores: Scores) -> float:
    """How alike two stories are, in [0, 1]: what was copied first, then shared vocabulary.

    ``copy + (1 - copy) * cosine / 2`` with ``copy = copy_score(scores)``: a pair with no
    copied text scores ``cosine / 2`` (at most 0.5, topical likeness only), and copied text
    lifts a pair above every pair with less of it and the same vocabulary. For ranking pairs
    (graded similarity); whether a pair is a copy is its relation. The cosine is only as good
    as its idf: a fitted :class:`~dupdetect.pipeline.Detector` compares with its corpus idf.
    Chosen on the tgcontest pairs (AUC of same-thread pairs 0.840, against 0.785 for the copy
    score and 0.828 for the cosine alone; 0.857 since the cosine's terms are prefixes, where
    the cosine alone gives 0.856 and ``1 - (1 - copy) * (1 - cosine)`` 0.858 but no longer
    orders clough's cut > light), then measured on clough and semeval (benchmarks/RESULTS.md).

    Examples
    --------
    >>> round(similarity(Scores(0.7, 0.07, 0.12, 0.12, 0.96, 1.0)), 3)
    0.714
    >>> similarity(Scores(0.4, 0.0, 0.0, 0.0, 0.0, 0.0))
    0.2
    """
    copied = copy_score(scores)
    return copied + (1.0 - copied) * scores.cosine / 2


def score_pair(a: DocView, b: DocView, cosine: float, *, cutoff: float,
               overlap: tuple[float, float, float] | None = None,
               similarities: Similarities | None = None,
               in_order: bool = False) -> tuple[Scores, Evidence]:
    """All exact scores of one pair (``cosine`` is computed in bulk by :func:`cosine_pairs`;
    ``overlap`` is :func:`set_overlap` of the shingles when the caller has it already;
    ``similarities`` keeps the sentence similarities computed, for a later reader;
    ``in_order`` searches counterparts as in two versions of one text, see
    :func:`~dupdetect.align.matches`)."""
    jac, cont_a, cont_b = overlap or set_overlap(a.shingles, b.shingles)
    # Fuzzy alignment only where the cheap scores leave a copy possible: some verbatim text,
    # or enough shared vocabulary for a rewrite (see FUZZY_MIN_COSINE).
    fuzzy = cosine >= FUZZY_MIN_COSINE or max(cont_a, cont_b) >= FUZZY_MIN_CONTAINMENT
    # With keys, the sentence word counts are their key_words (DocView).
    hits = matches(a.sentences, b.sentences, cutoff=cutoff, keys_a=a.keys or None,
                   keys_b=b.keys or None, fuzzy=fuzzy, similarities=similarities,
                   in_order=in_order, words_a=a.sentence_words if a.keys else None,
                   words_b=b.sentence_words if b.keys else None)
    cov_a, cov_b = coverage(a.sentence_words, b.sentence_words, hits)
    scores = Scores(cosine=float(cosine), jaccard=jac, containment_a=cont_a,
                    containment_b=cont_b, coverage_a=cov_a, coverage_b=cov_b)
    if not hits.any():  # most candidates that are no copy: nothing to look for
        return scores, Evidence(False, False, 0, 0)
    hit_a, hit_b = np.any(hits, axis=1), np.any(hits, axis=0)
    return scores, Evidence(bool(hit_a[list(a.leads)].any()), bool(hit_b[list(b.leads)].any()),
                            int(np.count_nonzero(hit_a)), int(np.count_nonzero(hit_b)))
