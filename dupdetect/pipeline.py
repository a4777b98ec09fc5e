"""The Detector: the one place where the stages are wired together.

documents -> clean -> normalise -> words, shingles, sentences -> MinHash signatures (document
content words, passage word windows) -> LSH candidate pairs -> exact scores -> relations ->
clusters.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .align import sentence_key, split_sentences
from .candidates import band_keys, choose_bands, lsh_pairs
from .clean import clean, clean_corpus
from .cluster import DocInfo, Thresholds, build_clusters, relate
from .diff import diff
from .errors import InputError, InvalidParameterError, NotFittedError
from .models import Cluster, Corpus, Document, Pair, Relation, Scores, Skipped
from .normalize import normalize
from .score import DocView, cosine_pairs, score_pair, tfidf_matrix
from .shingle import TokenHasher, passage_starts, shingle_hashes, tokenize
from .signature import MinHasher

__all__ = ["Comparison", "Detector", "find_duplicates", "signatures"]

_CONTENT_MIN_LEN = 4
_STOP_DF_SHARE = 0.05
_STOP_MIN_DOCS = 50
_WIRE_FURNITURE = frozenset({"byline", "dateline", "credit", "note"})


@dataclass(frozen=True, slots=True)
class _Prepared:
    doc: Document
    text: str  # cleaned, one paragraph per line, original case
    tokens: list[str]
    shingles: np.ndarray  # in text order (not unique)
    view: DocView
    info: DocInfo


def _check_unit(name: str, value: object, *, low: float = 0.0, high: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidParameterError(
            f"The {name!r} parameter of Detector must be a float in [{low:g}, {high:g}]. "
            f"Got {value!r} instead."
        )
    return float(value)


def _check_int(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidParameterError(
            f"The {name!r} parameter of Detector must be an int >= {low}. Got {value!r} instead."
        )
    return value


class Detector:
    """Find copies among news stories and group them into story clusters.

    Parameters
    ----------
    shingle_size : int, default 5
        Words per shingle (exact Jaccard/containment and passage signatures).
    num_perm : int, default 128
        Permutations of the document-level MinHash (over content words).
    seed : int, default 1
        Seed of the MinHash permutations.
    doc_threshold : float, default 0.4
        Content-word Jaccard at which two documents become candidates (LSH S-curve midpoint).
    passage_window, passage_stride : int, default 40, 20
        Passages are windows of ``passage_window`` shingles every ``passage_stride`` shingles.
    passage_perm, passage_rows : int, default 32, 2
        Permutations of a passage signature and rows per LSH band.
    align_cutoff : float, default 60
        rapidfuzz similarity (0-100) at which two sentences count as counterparts.
    duplicate, contains, rewrite, translated : float
        Relation thresholds (see :class:`dupdetect.cluster.Thresholds`).
    min_shared_words : int, default 25
        Fewer copied words than this never make a pair.
    max_bucket : int, default 64
        LSH buckets with more documents are joined as a star (no quadratic step).
    clean : bool, default True
        Remove page clutter and wire furniture before comparing.
    jobs : int or None, default None
        Worker processes for the per-document work; None uses every core, 1 runs in-process.

    Examples
    --------
    >>> det = Detector().fit(["some story ...", "another story ..."])  # doctest: +SKIP
    >>> det.clusters()  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        shingle_size: int = 5,
        num_perm: int = 128,
        seed: int = 1,
        doc_threshold: float = 0.4,
        passage_window: int = 40,
        passage_stride: int = 20,
        passage_perm: int = 32,
        passage_rows: int = 2,
        align_cutoff: float = 60.0,
        duplicate: float = 0.8,
        contains: float = 0.2,
        rewrite: float = 0.5,
        translated: float = 0.5,
        min_shared_words: int = 25,
        max_bucket: int = 64,
        clean: bool = True,
        jobs: int | None = None,
    ) -> None:
        self.shingle_size = shingle_size
        self.num_perm = num_perm
        self.seed = seed
        self.doc_threshold = doc_threshold
        self.passage_window = passage_window
        self.passage_stride = passage_stride
        self.passage_perm = passage_perm
        self.passage_rows = passage_rows
        self.align_cutoff = align_cutoff
        self.duplicate = duplicate
        self.contains = contains
        self.rewrite = rewrite
        self.translated = translated
        self.min_shared_words = min_shared_words
        self.max_bucket = max_bucket
        self.clean = clean
        self.jobs = jobs

    # ------------------------------------------------------------------ parameters
    def get_params(self) -> dict[str, Any]:
        """The constructor parameters and their current values."""
        return {name: getattr(self, name) for name in (
            "shingle_size", "num_perm", "seed", "doc_threshold", "passage_window",
            "passage_stride", "passage_perm", "passage_rows", "align_cutoff", "duplicate",
            "contains", "rewrite", "translated", "min_shared_words", "max_bucket", "clean",
            "jobs")}

    def _validate(self) -> Thresholds:
        _check_int("shingle_size", self.shingle_size, 1)
        _check_int("num_perm", self.num_perm, 1)
        _check_int("seed", self.seed, 0)
        _check_unit("doc_threshold", self.doc_threshold, low=0.01, high=0.99)
        _check_int("passage_window", self.passage_window, 1)
        _check_int("passage_stride", self.passage_stride, 1)
        _check_int("passage_perm", self.passage_perm, 1)
        _check_int("passage_rows", self.passage_rows, 1)
        if self.passage_perm > self.num_perm:
            raise InvalidParameterError(
                f"The 'passage_perm' parameter of Detector must be <= num_perm ({self.num_perm})."
                f" Got {self.passage_perm!r} instead.")
        if self.passage_rows > self.passage_perm:
            raise InvalidParameterError(
                f"The 'passage_rows' parameter of Detector must be <= passage_perm "
                f"({self.passage_perm}). Got {self.passage_rows!r} instead.")
        _check_unit("align_cutoff", self.align_cutoff, high=100.0)
        _check_int("min_shared_words", self.min_shared_words, 0)
        _check_int("max_bucket", self.max_bucket, 2)
        if self.jobs is not None:
            _check_int("jobs", self.jobs, 1)
        return Thresholds(
            duplicate=_check_unit("duplicate", self.duplicate),
            contains=_check_unit("contains", self.contains),
            rewrite=_check_unit("rewrite", self.rewrite),
            translated=_check_unit("translated", self.translated),
            min_shared_words=self.min_shared_words,
        )

    # ------------------------------------------------------------------ fitting
    def fit(self, documents: Corpus | Iterable[Document | str]) -> Detector:
        """Read the documents, find candidate pairs, score them, and build the clusters.

        Parameters
        ----------
        documents : Corpus or iterable of Document or str
            Plain strings get their position (``"0"``, ``"1"``, ...) as id.

        Returns
        -------
        Detector
            ``self``, with ``documents_``, ``skipped_``, ``pairs_``, ``clusters_``,
            ``candidates_`` (number of candidate pairs) and ``timings_`` (seconds per stage) set.
        """
        thresholds = self._validate()
        timings: dict[str, float] = {}
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[stage] = timings.get(stage, 0.0) + now - clock
            clock = now

        docs, skipped = _coerce(documents)
        hasher = TokenHasher()
        prepared, empty = self._prepare(docs, hasher)
        skipped.extend(empty)
        lap("prepare")
        pairs_idx = self._candidates(prepared, hasher)
        lap("candidates")
        confirmed = [c for c in self._compare_all(prepared, pairs_idx, thresholds)
                     if c.relation is not None]
        pairs = sorted((c.pair() for c in confirmed), key=lambda p: (p.a, p.b))
        derived = {c.damaged: True for c in confirmed if c.damaged}
        lap("score")
        info = {p.doc.id: p.info for p in prepared}
        clusters = build_clusters([p.doc.id for p in prepared], pairs, info, derived)
        lap("cluster")
        self.documents_ = tuple(docs)
        self.skipped_ = tuple(skipped)
        self.candidates_ = len(pairs_idx)
        self.pairs_ = tuple(pairs)
        self.clusters_ = tuple(clusters)
        self.timings_ = timings
        return self

    def _prepare(self, docs: Sequence[Document],
                 hasher: TokenHasher) -> tuple[list[_Prepared], list[Skipped]]:
        texts = [d.text for d in docs]
        cleaned = clean_corpus(texts) if self.clean else None
        prepared: list[_Prepared] = []
        empty: list[Skipped] = []
        for i, doc in enumerate(docs):
            if cleaned is not None:
                c = cleaned[i]
                if not c.text.strip() and any(r == "recurring line" for _, r in c.removed):
                    # Nothing but lines found in other documents: a data brief ("Qtly div 25
                    # cts / Pay April 30"), not page furniture. Keep its lines.
                    c = clean(doc.text)
                text = c.text
                notes = bool(c.provenance.notes)
                clutter = sum(reason not in _WIRE_FURNITURE for _, reason in c.removed)
            else:
                text, notes, clutter = doc.text, False, 0
            tokens = tokenize(normalize(text))
            if not tokens:
                empty.append(Skipped(doc.source or doc.id, "no words left after cleaning"))
                continue
            shingles = shingle_hashes(hasher.hash(tokens), self.shingle_size)
            sent_texts = tuple(s.text for s in split_sentences(text))
            keys = tuple(sentence_key(normalize(s)) for s in sent_texts)
            sent_words = np.array([k.count(" ") + 1 if k else 0 for k in keys], dtype=np.int64)
            view = DocView(np.unique(shingles), sent_texts, sent_words, keys)
            info = DocInfo(words=len(tokens), published=doc.published, has_update_note=notes,
                           clutter=clutter)
            prepared.append(_Prepared(doc, text, tokens, shingles, view, info))
        return prepared, empty

    def _content_sets(self, prepared: Sequence[_Prepared],
                      hasher: TokenHasher) -> list[np.ndarray]:
        """Per document: hashes of its distinct content words, corpus-frequent words removed."""
        sets = [sorted({t for t in p.tokens
                        if len(t) >= _CONTENT_MIN_LEN or any(c.isdigit() for c in t)})
                for p in prepared]
        stop: set[str] = set()
        if len(prepared) >= _STOP_MIN_DOCS:
            df: dict[str, int] = {}
            for s in sets:
                for t in s:
                    df[t] = df.get(t, 0) + 1
            limit = _STOP_DF_SHARE * len(prepared)
            stop = {t for t, c in df.items() if c > limit}
        out = []
        for s in sets:
            words = [t for t in s if t not in stop] or s
            out.append(shingle_hashes(hasher.hash(words), 1))
        return out

    def _candidates(self, prepared: Sequence[_Prepared], hasher: TokenHasher) -> np.ndarray:
        n = len(prepared)
        if n < 2:
            return np.empty((0, 2), dtype=np.int64)
        minhasher = MinHasher(num_perm=self.num_perm, seed=self.seed)
        # Document level: content words.
        content = self._content_sets(prepared, hasher)
        bounds = np.zeros(n + 1, dtype=np.int64)
        bounds[1:] = np.cumsum([len(c) for c in content])
        doc_sig = minhasher.signatures(np.concatenate(content), bounds)
        bands, rows = choose_bands(self.doc_threshold, self.num_perm)
        doc_pairs = lsh_pairs(band_keys(doc_sig, bands, rows), np.arange(n),
                              max_bucket=self.max_bucket)
        # Passage level: overlapping windows of shingles.
        pieces: list[np.ndarray] = []
        owners: list[int] = []
        for i, p in enumerate(prepared):
            for start in passage_starts(len(p.shingles), self.passage_window,
                                        self.passage_stride).tolist():
                pieces.append(p.shingles[start : start + self.passage_window])
                owners.append(i)
        pbounds = np.zeros(len(pieces) + 1, dtype=np.int64)
        pbounds[1:] = np.cumsum([len(x) for x in pieces])
        psig = minhasher.signatures(np.concatenate(pieces), pbounds, num_perm=self.passage_perm)
        pbands = self.passage_perm // self.passage_rows
        passage_pairs = lsh_pairs(band_keys(psig, pbands, self.passage_rows),
                                  np.asarray(owners), max_bucket=self.max_bucket)
        both = np.concatenate([doc_pairs, passage_pairs])
        return np.unique(both, axis=0) if len(both) else both

    def _compare_all(self, prepared: Sequence[_Prepared], pairs_idx: np.ndarray,
                     t: Thresholds) -> list[Comparison]:
        if len(pairs_idx) == 0:
            return []
        matrix = tfidf_matrix([p.tokens for p in prepared])
        cosines = cosine_pairs(matrix, pairs_idx)
        out: list[Comparison] = []
        for (i, j), cos in zip(pairs_idx.tolist(), cosines.tolist(), strict=True):
            a, b = prepared[i], prepared[j]
            if b.doc.id < a.doc.id:
                a, b = b, a
            scores, evidence = score_pair(a.view, b.view, cos, cutoff=self.align_cutoff)
            leads = {"lead_a": evidence.lead_a, "lead_b": evidence.lead_b}
            rel = relate(scores, a.view.words, b.view.words, 0.0, t, **leads)
            damage, damaged = 0.0, None
            if rel is not None and rel[0] == "rewrite":
                # Only a rewrite can be a translation: measure the damage in each direction
                # with the diff module; the damaged side is the derived one.
                in_b = diff(a.text, b.text, clean=False).translation_score
                in_a = diff(b.text, a.text, clean=False).translation_score
                damage = max(in_a, in_b)
                if in_a != in_b:
                    damaged = a.doc.id if in_a > in_b else b.doc.id
                rel = relate(scores, a.view.words, b.view.words, damage, t, **leads)
            relation, side = rel if rel is not None else (None, "")
            contained = a.doc.id if side == "a" else b.doc.id if side == "b" else None
            out.append(Comparison(a.doc.id, b.doc.id, scores, relation, contained, damage,
                                  damaged if relation == "translated" else None))
        return out

    def compare(self, a: Document | str, b: Document | str) -> Comparison:
        """Score two documents against each other directly (no candidate step).

        The two are cleaned and normalised on their own (no corpus statistics).

        Examples
        --------
        >>> c = Detector().compare("The dam broke at dawn, officials said. " * 5,
        ...                        "The dam broke at dawn, officials said. " * 5)
        >>> round(c.scores.jaccard, 2), c.relation
        (1.0, 'duplicate')
        """
        t = self._validate()
        docs, _ = _coerce([a, b])
        prepared, empty = self._prepare(docs, TokenHasher())
        if empty:
            raise InputError(empty[0].source, empty[0].reason)
        return self._compare_all(prepared, np.array([[0, 1]]), t)[0]

    # ------------------------------------------------------------------ results
    def _check_fitted(self) -> None:
        if not hasattr(self, "pairs_"):
            raise NotFittedError(
                "This Detector is not fitted yet. Call 'fit' with the documents first.")

    def pairs(self) -> list[Pair]:
        """Every confirmed pair, sorted by ids."""
        self._check_fitted()
        return list(self.pairs_)

    def clusters(self) -> list[Cluster]:
        """Story clusters of two or more documents."""
        self._check_fitted()
        return list(self.clusters_)

    def to_dict(self) -> dict[str, Any]:
        """The result as the documented JSON object (see README, "JSON output")."""
        self._check_fitted()
        return {
            "documents": len(self.documents_),
            "clusters": [c.as_dict() for c in self.clusters_],
            "pairs": [p.as_dict() for p in self.pairs_],
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped_],
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The scores of two documents and the relation they imply (None: not copies).

    ``damaged`` names the side showing machine-translation damage when the relation is
    ``translated`` (the derived copy).
    """

    a: str
    b: str
    scores: Scores
    relation: Relation | None
    contained: str | None
    translation_score: float
    damaged: str | None = None

    def pair(self) -> Pair:
        """As a confirmed :class:`Pair` (only when ``relation`` is set)."""
        if self.relation is None:
            raise ValueError(f"{self.a!r} and {self.b!r} are not copies of each other.")
        return Pair(self.a, self.b, self.relation, self.scores, self.contained,
                    self.translation_score)


def _coerce(documents: Corpus | Iterable[Document | str]) -> tuple[list[Document], list[Skipped]]:
    skipped: list[Skipped] = list(documents.skipped) if isinstance(documents, Corpus) else []
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for n, item in enumerate(documents):
        doc = item if isinstance(item, Document) else None
        if doc is None:
            if not isinstance(item, str):
                raise InvalidParameterError(
                    f"Detector.fit takes Documents or str. Got {type(item).__name__} at "
                    f"position {n} instead.")
            doc = Document(str(n), item, {}, f"<item {n}>")
        if doc.id in seen:
            raise InputError(doc.source or doc.id,
                             f"duplicate id {doc.id!r} (first seen at {seen[doc.id]})")
        seen[doc.id] = doc.source or doc.id
        docs.append(doc)
    return docs, skipped


def find_duplicates(documents: Corpus | Iterable[Document | str], **params: Any) -> list[Cluster]:
    """Story clusters among the documents (a shortcut for ``Detector(**params).fit(...)``).

    Examples
    --------
    >>> find_duplicates(["only one story here"])
    []
    """
    return Detector(**params).fit(documents).clusters()


def signatures(texts: Iterable[str], *, shingle_size: int = 5, num_perm: int = 128,
               seed: int = 1, jobs: int | None = None) -> np.ndarray:
    """MinHash signatures of word shingles of normalised texts, one row per text.

    Row ``i`` equals ``datasketch.MinHash(num_perm=num_perm, seed=seed, scheme="affine32",
    hashfunc=dupdetect.shingle.shingle_hash32)`` updated with
    ``shingle_texts(tokenize(normalize(text)), shingle_size)``; an empty text gets the signature
    of an empty MinHash.

    Examples
    --------
    >>> sig = signatures(["The dam broke at dawn.", "", "The dam broke at dawn!"], num_perm=8)
    >>> sig.shape, bool((sig[0] == sig[2]).all()), int(sig[1].min()) == 2**32 - 1
    ((3, 8), True, True)
    """
    _check_int("shingle_size", shingle_size, 1)
    if jobs is not None:
        _check_int("jobs", jobs, 1)
    minhasher = MinHasher(num_perm=num_perm, seed=seed)
    hasher = TokenHasher()
    pieces = [shingle_hashes(hasher.hash(tokenize(normalize(t))), shingle_size) for t in texts]
    bounds = np.zeros(len(pieces) + 1, dtype=np.int64)
    bounds[1:] = np.cumsum([len(p) for p in pieces])
    allsh = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.uint64)
    return minhasher.signatures(allsh, bounds)
