"""The Detector: the one place where the stages are wired together.

documents -> clean -> normalise -> words, shingles, sentences -> MinHash signatures (document
content words) and passage anchors (winnowed shingles) -> candidate pairs -> exact scores ->
relations -> clusters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np

from . import kernels, shingle
from .batches import (
    CandidateDoc,
    DocFacts,
    ScoreConfig,
    SketchConfig,
    Sketches,
    compare_docs,
    content_df_batch,
    init_score,
    init_signature,
    init_sketch,
    score_batch,
    signature_batch,
    signature_slice,
    sketch_batch,
)
from .candidates import choose_bands, lsh_pairs, mark_agreement, unique_pairs
from .clean import LineKeys, recurring_from_keys
from .cluster import DocInfo, Thresholds, build_clusters
from .engine import (
    TextStore,
    batched,
    check_jobs,
    collecting_less,
    map_batches,
    release_freed_memory,
    shrinking,
    workers_inherit,
)
from .errors import InputError, InvalidParameterError, NotFittedError
from .models import Cluster, Comparison, Corpus, Document, Pair, Skipped
from .score import TermStats, cosine_pairs, tfidf_rows, tfidf_transformer
from .shingle import sorted_unique
from .signature import MinHasher, minhash_class
from .stream import DocumentStream, Timer

__all__ = ["Comparison", "Detector", "find_duplicates", "signatures"]

#: Corpus statistics (recurring lines, frequent words) come from the first documents read.
STATS_SAMPLE = 10_000
_STOP_DF_SHARE = 0.05
_STOP_MIN_DOCS = 50
_BATCH = 500
#: Document-level LSH pairs are kept when their signatures agree on at least this share of
#: ``doc_threshold``. With 4 rows a band, stories of Jaccard 0.1 share one with probability
#: 0.003: a chance that a million stories turn into tens of thousands of candidates, nearly
#: all rejected. On real news, short stories below 0.2 can still be copies (benchmarks/
#: RESULTS.md), so the check stops only what agrees on less than a tenth (at the default 0.4).
VERIFY_SHARE = 0.25
_PAIR_BATCH = 400
#: Inputs of more than this many documents, or of at least this many characters, have the
#: compiled kernels loaded (about 0.7 s; 13 s to compile them the first time on a machine);
#: smaller ones are read by the kernels' numpy and regex twins, which give the same results
#: and cost less there (benchmarks/RESULTS.md). The count caps what is read before the workers
#: start (about 50 us a story to parse, not overlapped with the workers' work).
KERNELS_FROM_DOCS = 5_000
KERNELS_FROM_CHARS = 10_000_000
#: The smallest batch of pairs, at the end of the score stage.
_LAST_PAIR_BATCH = 25

T = TypeVar("T")


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
        Words per shingle (exact Jaccard/containment and passage anchors).
    num_perm : int, default 128
        Permutations of the document-level MinHash (over content words).
    seed : int, default 1
        Seed of the MinHash permutations.
    doc_threshold : float, default 0.4
        Content-word Jaccard at which two documents become candidates (LSH S-curve midpoint).
        Two documents that share a band stay candidates when their whole signatures agree on
        at least a quarter of this share of their values (``VERIFY_SHARE``).
    passage_window : int, default 40
        Passage anchors are the minimum shingle hash of every window of this many shingles
        (winnowing); two documents sharing an anchor are candidates, so a verbatim passage of
        ``passage_window + shingle_size - 1`` words or more is always found.
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
            "align_cutoff", "duplicate",
            "contains", "rewrite", "translated", "min_shared_words", "max_bucket", "clean",
            "jobs")}

    def _validate(self) -> Thresholds:
        _check_int("shingle_size", self.shingle_size, 1)
        _check_int("num_perm", self.num_perm, 1)
        _check_int("seed", self.seed, 0)
        _check_unit("doc_threshold", self.doc_threshold, low=0.01, high=0.99)
        _check_int("passage_window", self.passage_window, 1)
        _check_unit("align_cutoff", self.align_cutoff, high=100.0)
        _check_int("min_shared_words", self.min_shared_words, 0)
        _check_int("max_bucket", self.max_bucket, 2)
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
            Plain strings get their position (``"0"``, ``"1"``, ...) as id. An iterator is
            read once, as a stream.

        Returns
        -------
        Detector
            ``self``, with ``ids_`` (every document id, in input order), ``skipped_``,
            ``pairs_``, ``clusters_``, ``candidates_`` (number of candidate pairs),
            ``timings_`` (seconds per stage), and the corpus statistics that :meth:`compare`
            then uses: ``idf_`` (hashed term idf) and ``recurring_`` (recurring lines) set.

        Raises
        ------
        InputError
            If two documents share an id.
        """
        thresholds = self._validate()
        jobs = check_jobs(self.jobs, "Detector")
        timer = Timer()
        stream = DocumentStream(documents, timer)
        compiled = _worth_compiling(d.text for d in stream.peek(KERNELS_FROM_DOCS + 1))
        if compiled:
            kernels.warm()  # once here, not in every worker
        shingle.warm()  # likewise: the tokeniser's class table, built once here, then forked
        store = TextStore()
        try:
            config, recurring = self._statistics(stream, jobs, compiled)
            minhash_class()  # imported while the statistics workers ran, or now; then forked
            timer.lap("statistics")
            sketches = self._sketch(stream, config, jobs, store, compiled)
            timer.lap("sketch")
            pairs_idx = self._candidate_pairs(sketches, jobs)
            release_freed_memory()  # before the scoring workers are forked
            timer.lap("candidates")
            store.freeze()
            idf = sketches.stats.idf()
            confirmed, facts = self._score(pairs_idx, stream.ids, store, idf, recurring,
                                           thresholds, jobs, sketches.digests, compiled)
            timer.lap("score")
        finally:
            store.close()
        # Pairs and clusters are objects by the hundred thousand at a million stories: collected
        # as the batches are, the heap held so far (every id and source) left out.
        with collecting_less():
            pairs = sorted((c.pair() for c in confirmed), key=lambda p: (p.a, p.b))
            derived = {c.damaged: True for c in confirmed if c.damaged}
            linked = sorted({stream.position[x] for p in pairs for x in (p.a, p.b)})
            info = {stream.ids[n]: DocInfo(words=facts[n].words, published=stream.published[n],
                                           has_update_note=facts[n].has_update_note,
                                           clutter=facts[n].clutter) for n in linked}
            emptied = [Skipped(stream.sources[n], "no words left after cleaning")
                       for n in sorted(facts) if facts[n].words == 0]
            clusters = build_clusters([stream.ids[n] for n in linked], pairs, info, derived)
        timer.lap("cluster")
        self.ids_ = tuple(stream.ids)
        self.skipped_ = tuple(stream.skipped + sketches.empty(stream) + emptied)
        self.candidates_ = len(pairs_idx)
        self.pairs_ = tuple(pairs)
        self.clusters_ = tuple(clusters)
        self.timings_ = timer.timings()
        self.idf_ = idf
        self.recurring_ = recurring
        return self

    def _sketch_config(self, stop: np.ndarray,
                       recurring: frozenset[str] = frozenset()) -> SketchConfig:
        bands, rows = choose_bands(self.doc_threshold, self.num_perm)
        return SketchConfig(shingle_size=self.shingle_size, num_perm=self.num_perm,
                            seed=self.seed, bands=bands, rows=rows,
                            anchor_window=self.passage_window, clean=self.clean,
                            recurring=recurring, stop=stop)

    def _statistics(self, stream: DocumentStream, jobs: int,
                    compiled: bool) -> tuple[SketchConfig, frozenset[str]]:
        """Frequent content words and recurring lines, from the first documents."""
        config = self._sketch_config(np.empty(0, dtype=np.uint64))
        words: list[np.ndarray] = []
        lines: list[LineKeys] = []  # each document's lines, for the recurring ones
        counted = 0
        # The sample is read as the workers take it: the first batches are worked on while
        # the next are read.
        sample = (d.text for d in stream.peek(STATS_SAMPLE))
        # datasketch (and with it scipy, about half a second) is imported meanwhile: the
        # sketching workers need it, these do not.
        for batch_words, n, batch_lines in map_batches(
                content_df_batch, batched(sample, _BATCH), jobs=jobs,
                initializer=init_sketch, initargs=(config,), keep_freed=True,
                warm_kernels=compiled, meanwhile=minhash_class):
            words.append(batch_words)
            lines.extend(batch_lines)
            counted += n
        recurring = recurring_from_keys(lines) if self.clean and lines else frozenset()
        stop = np.empty(0, dtype=np.uint64)
        if counted >= _STOP_MIN_DOCS and words:
            values, df = np.unique(np.concatenate(words), return_counts=True)
            stop = values[df > _STOP_DF_SHARE * counted]
        return self._sketch_config(stop, recurring), recurring

    def _sketch(self, stream: DocumentStream, config: SketchConfig, jobs: int,
                store: TextStore, compiled: bool) -> _Index:
        index = _Index()
        texts = (d.text for d in stream)
        # scikit-learn, which the scoring workers need, is imported meanwhile (in vain if no
        # pair is found: while the workers sketch, at little cost).
        for part in map_batches(sketch_batch, batched(texts, _BATCH), jobs=jobs,
                                initializer=init_sketch, initargs=(config,), keep_freed=True,
                                warm_kernels=compiled, meanwhile=tfidf_transformer):
            store.extend(part.packed)
            index.add(part)
        index.finish()
        return index

    def _candidate_pairs(self, sketches: _Index, jobs: int) -> np.ndarray:
        valid = np.flatnonzero(sketches.words > 0)
        if len(valid) < 2:
            return np.empty((0, 2), dtype=np.int64)
        doc_pairs = lsh_pairs(sketches.keys[valid], valid, max_bucket=self.max_bucket,
                              threads=jobs)
        # A shared band is also a chance event for stories far below the threshold, and a
        # large corpus has many such pairs: keep the pairs whose whole signatures agree on at
        # least VERIFY_SHARE of the threshold, as LSH indexes check their candidates.
        agree = mark_agreement(sketches.marks, doc_pairs)
        doc_pairs = doc_pairs[agree >= VERIFY_SHARE * self.doc_threshold]
        sketches.marks = np.empty((0, 0), dtype=np.uint8)  # not needed any more
        # Anchors of documents already skipped (nothing left after cleaning) are left out too.
        kept = sketches.words[sketches.anchor_owner] > 0
        anchor_pairs = lsh_pairs(sketches.anchors[kept, None], sketches.anchor_owner[kept],
                                 max_bucket=self.max_bucket, oversized="drop", threads=jobs)
        both = np.concatenate([doc_pairs, anchor_pairs])
        return unique_pairs(both)

    def _score(self, pairs_idx: np.ndarray, ids: list[str], store: TextStore, idf: np.ndarray,
               recurring: frozenset[str], t: Thresholds, jobs: int, digests: np.ndarray,
               compiled: bool) -> tuple[list[Comparison], dict[int, DocFacts]]:
        facts: dict[int, DocFacts] = {}
        if len(pairs_idx) == 0:
            return [], facts
        config = ScoreConfig(shingle_size=self.shingle_size, align_cutoff=self.align_cutoff,
                             thresholds=t, clean=self.clean, recurring=recurring, store=store,
                             idf=idf)
        # Identical texts are scored once: each pair, oriented by id (side A has the smaller
        # id), becomes the pair of the first documents holding its two texts; the scores of
        # that pair, renamed, are those of every pair it stands for.
        docs = sorted_unique(pairs_idx.ravel())
        rep = _first_of_each_text(docs, digests)
        keys: dict[tuple[int, int], list[tuple[str, str]]] = {}
        for i, j in pairs_idx.tolist():
            x, y = (i, j) if ids[i] < ids[j] else (j, i)
            keys.setdefault((int(rep[x]), int(rep[y])), []).append((ids[x], ids[y]))
        tfidf_transformer()  # imported once here, not in every forked worker
        # Batches small enough for every worker to get several (the costs of pairs vary), and
        # smaller and smaller towards the end, so that the workers finish together; the pairs
        # of one connected group of documents in a row, so that a document is prepared
        # (cleaned, split into sentences) in as few batches as possible.
        work = ([(x, y, *named[0]) for (x, y), named in chunk]
                for chunk in shrinking(_by_component(list(keys.items())), 4 * jobs,
                                       _PAIR_BATCH, _LAST_PAIR_BATCH))
        key_of = {named[0]: key for key, named in keys.items()}
        out: list[Comparison] = []
        for part, part_facts in map_batches(score_batch, work, jobs=jobs,
                                            initializer=init_score, initargs=(config,),
                                            warm_kernels=compiled):
            for c in part:
                out.extend(_renamed(c, a, b) for a, b in keys[key_of[(c.a, c.b)]])
            facts.update(part_facts)
        return out, {n: facts[int(rep[n])] for n in docs.tolist()}

    def compare(self, a: Document | str, b: Document | str) -> Comparison:
        """Score two documents against each other directly (no candidate step).

        Every score is computed, sentence alignment included. A fitted Detector weighs words
        by the idf of the corpus it was fitted on and removes its recurring lines, as ``fit``
        did; an unfitted one takes the idf from the two documents alone.

        Examples
        --------
        >>> c = Detector().compare("The dam broke at dawn, officials said. " * 5,
        ...                        "The dam broke at dawn, officials said. " * 5)
        >>> round(c.scores.jaccard, 2), c.relation
        (1.0, 'duplicate')
        """
        t = self._validate()
        stream = DocumentStream([a, b], Timer())
        docs = list(stream)
        prepared = []
        fitted = hasattr(self, "idf_")
        recurring = self.recurring_ if fitted else frozenset()
        for doc in docs:
            d = CandidateDoc(doc.id, doc.text, self.shingle_size, do_clean=self.clean,
                             recurring=recurring)
            if not d.facts.words:
                raise InputError(doc.source or doc.id, "no words left after cleaning")
            prepared.append(d)
        if fitted:
            idf = self.idf_
        else:
            stats = TermStats()
            stats.add(np.concatenate([d.counts[0] for d in prepared]), 2)
            idf = stats.idf()
        cos = float(cosine_pairs(tfidf_rows([d.counts for d in prepared], idf),
                                 np.array([[0, 1]]))[0])
        x, y = sorted(prepared, key=lambda d: d.id)
        return compare_docs(x, y, cos, t, self.align_cutoff, always=True)

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
            "documents": len(self.ids_),
            "clusters": [c.as_dict() for c in self.clusters_],
            "pairs": [p.as_dict() for p in self.pairs_],
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped_],
        }


def _worth_compiling(texts: Iterable[object]) -> bool:
    """Whether ``texts`` are more than :data:`KERNELS_FROM_DOCS` or hold at least
    :data:`KERNELS_FROM_CHARS` characters (what is not a str counts as none: it is refused
    later, by name); read only until one holds or they end."""
    total = 0
    for n, text in enumerate(texts):
        total += len(text) if isinstance(text, str) else 0
        if n == KERNELS_FROM_DOCS or total >= KERNELS_FROM_CHARS:
            return True
    return False


def _by_component(items: list[tuple[tuple[int, int], T]]) -> list[tuple[tuple[int, int], T]]:
    """``items`` keyed by pairs of documents, grouped by connected component of those pairs
    (components in the order of their first pair; pairs in their order within a component).

    Examples
    --------
    >>> [k for k, _ in _by_component([((1, 2), 0), ((5, 6), 0), ((2, 3), 0), ((6, 7), 0)])]
    [(1, 2), (2, 3), (5, 6), (6, 7)]
    """
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for (x, y), _ in items:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    first: dict[int, int] = {}
    for n, ((x, _), _) in enumerate(items):
        first.setdefault(find(x), n)
    order = sorted(range(len(items)), key=lambda n: (first[find(items[n][0][0])], n))
    return [items[n] for n in order]


def _first_of_each_text(docs: np.ndarray, digests: np.ndarray) -> np.ndarray:
    """For every document index, the first of ``docs`` (sorted, distinct) with the same text
    (by its 128-bit digest); the index itself for the others."""
    rep = np.arange(len(digests), dtype=np.int64)
    if len(docs) < 2:
        return rep
    d = digests[docs]
    order = np.lexsort((docs, d[:, 1], d[:, 0]))  # by text, then by index
    d, sorted_docs = d[order], docs[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (d[1:] != d[:-1]).any(axis=1)
    group = np.cumsum(starts) - 1
    rep[sorted_docs] = sorted_docs[np.flatnonzero(starts)][group]
    return rep


def _renamed(c: Comparison, id_a: str, id_b: str) -> Comparison:
    """``c`` (scored under other names for the same two texts) for documents ``id_a``/``id_b``."""
    if (c.a, c.b) == (id_a, id_b):
        return c
    names = {c.a: id_a, c.b: id_b}
    return dataclasses.replace(
        c, a=id_a, b=id_b, contained=names[c.contained] if c.contained else None,
        damaged=names[c.damaged] if c.damaged else None)


class _Index:
    """The pass-1 sketches of every document, gathered batch by batch (the packed texts are in
    the store, the term features in ``stats``: only these arrays stay)."""

    def __init__(self) -> None:
        self._words: list[np.ndarray] = []
        self._emptied: list[np.ndarray] = []
        self._keys: list[np.ndarray] = []
        self._anchors: list[np.ndarray] = []
        self._owners: list[np.ndarray] = []
        self._digests: list[np.ndarray] = []
        self._marks: list[np.ndarray] = []
        self._n = 0
        self.stats = TermStats()

    def add(self, part: Sketches) -> None:
        self.stats.add(part.features, int(np.count_nonzero(part.words)))
        self._words.append(np.where(part.emptied, 0, part.words))
        self._emptied.append(part.emptied)
        self._keys.append(part.keys)
        self._anchors.append(part.anchors)
        # int32 owners: half the memory of the largest arrays at a million documents.
        self._owners.append((part.anchor_owner + self._n).astype(np.int32))
        self._digests.append(part.digests)
        self._marks.append(part.marks)
        self._n += len(part.words)

    def finish(self) -> None:
        def cat(parts: list[np.ndarray], empty: np.ndarray) -> np.ndarray:
            return np.concatenate(parts) if parts else empty

        self.words = cat(self._words, np.empty(0, dtype=np.int64))
        self.emptied = cat(self._emptied, np.empty(0, dtype=bool))
        self.keys = cat(self._keys, np.empty((0, 1), dtype=np.uint64))
        self.anchors = cat(self._anchors, np.empty(0, dtype=np.uint64))
        self.anchor_owner = cat(self._owners, np.empty(0, dtype=np.int32))
        self.digests = cat(self._digests, np.empty((0, 2), dtype=np.uint64))
        self.marks = cat(self._marks, np.empty((0, 0), dtype=np.uint8))
        self._words, self._emptied, self._keys, self._anchors, self._owners = [], [], [], [], []
        self._digests, self._marks = [], []

    def empty(self, stream: DocumentStream) -> list[Skipped]:
        """Documents without a word, or with none left after cleaning."""
        return [Skipped(stream.sources[n],
                        "no words left after cleaning" if self.emptied[n] else "no words")
                for n in np.flatnonzero(self.words == 0).tolist()]


def signatures(texts: Iterable[str], *, shingle_size: int = 5, num_perm: int = 128,
               seed: int = 1, jobs: int | None = None) -> np.ndarray:
    """MinHash signatures of word shingles of normalised texts, one row per text.

    Row ``i`` equals ``datasketch.MinHash(num_perm=num_perm, seed=seed, scheme="affine32",
    hashfunc=dupdetect.shingle.shingle_hash32)`` updated with
    ``shingle_texts(tokenize(normalize(text)), shingle_size)``; an empty text gets the signature
    of an empty MinHash. The texts are processed in batches over ``jobs`` processes (None: every
    core); where workers are forked (Linux), a list or other sequence is read by them in place
    rather than sent to them.

    Examples
    --------
    >>> sig = signatures(["The dam broke at dawn.", "", "The dam broke at dawn!"], num_perm=8)
    >>> sig.shape, bool((sig[0] == sig[2]).all()), int(sig[1].min()) == 2**32 - 1
    ((3, 8), True, True)
    """
    _check_int("shingle_size", shingle_size, 1)
    n_jobs = check_jobs(jobs, "signatures")
    # Texts in memory are measured; a stream of them might be long.
    compiled = not isinstance(texts, Sequence) or _worth_compiling(texts)
    if compiled:
        kernels.warm()  # once here, not in every worker
    shingle.warm()  # likewise
    MinHasher(num_perm=num_perm, seed=seed)  # validates the parameters here, not in a worker
    size = 2 * _BATCH
    params: tuple[Any, ...] = (shingle_size, num_perm, seed)
    fn: Callable[[Any], np.ndarray] = signature_batch
    batches: Iterable[Any] = batched(texts, size)
    if isinstance(texts, Sequence) and n_jobs > 1 and len(texts) > size and workers_inherit():
        # Texts already in memory are read by the forked workers where they are: a batch is
        # sent as its two bounds, not as its texts.
        fn, params = signature_slice, (*params, texts)
        batches = ((lo, min(lo + size, len(texts))) for lo in range(0, len(texts), size))
    parts = list(map_batches(fn, batches, jobs=n_jobs, initializer=init_signature,
                             initargs=params, keep_freed=True, warm_kernels=compiled))
    if not parts:
        return np.empty((0, num_perm), dtype=np.uint32)
    return np.concatenate(parts)


def find_duplicates(documents: Corpus | Iterable[Document | str], **params: Any) -> list[Cluster]:
    """Story clusters among the documents (a shortcut for ``Detector(**params).fit(...)``).

    Examples
    --------
    >>> find_duplicates(["only one story here"])
    []
    """
    return Detector(**params).fit(documents).clusters()

