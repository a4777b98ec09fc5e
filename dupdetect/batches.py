"""The work done on one batch, in a worker process: sketching documents and scoring pairs.

Pass 1 (:func:`sketch_batch`) turns a batch of texts into what the candidate stage needs, and
nothing more: per document its LSH band keys (MinHash of its content words), its passage anchors
(winnowed shingle hashes) and its term features for the idf, from the normalised text. Cleaning
(page clutter, wire furniture) is left to pass 2, which needs it only for the documents that
became candidates. Pass 2 (:func:`score_batch`) reads back the texts of the candidate pairs of a
batch, cleans them, and scores them exactly; sentence alignment runs only for pairs that the
shingle containment and the TF-IDF cosine leave open.

Worker state (the corpus statistics, the text store, the idf) is set once per process by
:func:`init_sketch` / :func:`init_score`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .align import (
    Sentence,
    Similarities,
    could_match,
    figures,
    figures_kept,
    key_words,
    sentence_keys,
    split_sentences,
)
from .candidates import band_keys, distinct_per_owner, low_bytes, winnow
from .clean import LineKeys, clean, line_keys
from .cluster import Thresholds, lead_required, relate
from .diff import translation_scores
from .engine import TextStore
from .models import Comparison, Relation, Scores
from .normalize import normalize
from .score import (
    FEATURE_BITS,
    FUZZY_MIN_CONTAINMENT,
    FUZZY_MIN_COSINE,
    DocView,
    cosine_pairs,
    score_pair,
    set_overlap,
    term_counts,
    term_features,
    tfidf_rows,
)
from .shingle import (
    Tokens,
    content_words,
    scan,
    shingle_hashes,
    shingle_hashes_many,
    sorted_unique,
    unique_shingles,
)
from .signature import MinHasher

__all__ = [
    "CandidateDoc",
    "DocFacts",
    "ScoreConfig",
    "SketchConfig",
    "Sketches",
    "compare_docs",
    "content_df_batch",
    "init_score",
    "init_signature",
    "init_sketch",
    "prepare_text",
    "score_batch",
    "signature_batch",
    "signature_slice",
    "sketch_batch",
    "too_short",
]

#: Content words: at least this many characters, or containing a digit.
CONTENT_MIN_LEN = 4
_WIRE_FURNITURE = frozenset({"byline", "dateline", "credit", "note"})
#: Stop words are kept in a document that would lose more than two thirds of its content words.
_MIN_KEPT_SHARE_INV = 3
_LONG_CONTENT = 100  # content words (occurrences)
#: Texts of at most this many words are cleaned in pass 1 to find those left empty.
_SHORT_WORDS = 60


@dataclass(frozen=True)
class SketchConfig:
    """Parameters and corpus statistics of pass 1."""

    shingle_size: int
    num_perm: int
    seed: int
    bands: int
    rows: int
    anchor_window: int
    clean: bool = True
    recurring: frozenset[str] = frozenset()
    stop: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))


@dataclass(frozen=True)
class Sketches:
    """Pass-1 output for a batch of ``n`` documents (arrays in batch order)."""

    packed: list[bytes]  # the texts, TextStore.pack'ed
    words: np.ndarray  # int64 (n,): words of the normalised text; 0 = none
    emptied: np.ndarray  # bool (n,): words, but none left after cleaning
    keys: np.ndarray  # uint64 (n, bands): LSH band keys of the content-word MinHash
    anchors: np.ndarray  # uint64 (m,): passage anchors
    anchor_owner: np.ndarray  # int (m,): batch position of each anchor's document
    features: np.ndarray  # int64: term features, one entry per document holding them
    digests: np.ndarray  # uint64 (n, 2): a 128-bit hash of each text (identical texts)
    marks: np.ndarray  # uint8 (n, num_perm): the low byte of each content-word MinHash value


_STATE: dict[str, Any] = {}


def prepare_text(text: str, recurring: frozenset[str] = frozenset(),
                 do_clean: bool = True) -> tuple[str, bool, int]:
    """``(cleaned text, has update note, clutter lines)`` of a raw text."""
    if not do_clean:
        return text, False, 0
    c = clean(text, recurring=recurring)
    if recurring and not c.text.strip() and any(r == "recurring line" for _, r in c.removed):
        # Nothing but lines found in other documents: a data brief ("Qtly div 25 cts / Pay
        # April 30"), not page furniture. Keep its lines.
        c = clean(text)
    clutter = sum(reason not in _WIRE_FURNITURE for _, reason in c.removed)
    return c.text, bool(c.provenance.notes), clutter


def init_sketch(config: SketchConfig) -> None:
    """Set the pass-1 state of this process (the MinHasher is made by the first sketch: the
    statistics pass does not need it)."""
    _STATE["sketch"] = config
    _STATE["minhasher"] = None


def _content_sets(hashes: np.ndarray, bounds: np.ndarray, mask: np.ndarray,
                  stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct content-word hashes of every document (stop words removed unless that empties
    a document), as one sorted-per-document array and its bounds."""
    n = len(bounds) - 1
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(bounds))[mask]
    words = shingle_hashes(hashes[mask], 1)  # 1-shingles: mixed token hashes
    if len(stop) and len(words):
        # ``stop`` is sorted (np.unique): membership by binary search.
        at = np.minimum(np.searchsorted(stop, words), len(stop) - 1)
        is_stop = stop[at] == words
        kept_per_doc = np.bincount(owner[~is_stop], minlength=n)
        all_per_doc = np.bincount(owner, minlength=n)
        # A story made mostly of frequent words keeps them all: it is most likely one of many
        # copies of one story (whose words the copies made frequent), and without them its set
        # would shrink to the few words its copy changed. Short texts (data briefs written
        # from a template) do not: their shared words are the template's.
        mostly_frequent = ((kept_per_doc * _MIN_KEPT_SHARE_INV < all_per_doc)
                           & (all_per_doc >= _LONG_CONTENT))
        keep = ~is_stop | mostly_frequent[owner] | (kept_per_doc[owner] == 0)
        owner, words = owner[keep], words[keep]
    words, owner = distinct_per_owner(words, owner)
    out_bounds = np.zeros(n + 1, dtype=np.int64)
    out_bounds[1:] = np.cumsum(np.bincount(owner, minlength=n))
    return words, out_bounds


def _content_words(toks: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashes, bounds and mask of the content words of a batch, for :func:`_content_sets`."""
    hashes, mask = content_words(toks, CONTENT_MIN_LEN)
    return hashes, toks.bounds, mask


def content_df_batch(texts: list[str]) -> tuple[np.ndarray, int, list[LineKeys]]:
    """Distinct content words of every non-empty document (one entry per document holding
    each), and the number of non-empty documents: the sample for the stop-word list; with
    cleaning on, the :func:`~dupdetect.clean.line_keys` of every document too (the sample for
    the recurring lines)."""
    toks = scan([normalize(t) for t in texts], terms=False)
    words, _ = _content_sets(*_content_words(toks), np.empty(0, dtype=np.uint64))
    config: SketchConfig = _STATE["sketch"]
    keys = [line_keys(t) for t in texts] if config.clean else []
    return words, int(np.count_nonzero(np.diff(toks.bounds))), keys


def sketch_batch(texts: list[str]) -> Sketches:
    """Pass 1 over a batch of texts (see the module docstring)."""
    config: SketchConfig = _STATE["sketch"]
    minhasher: MinHasher | None = _STATE["minhasher"]
    if minhasher is None:
        minhasher = _STATE["minhasher"] = MinHasher(num_perm=config.num_perm, seed=config.seed)
    toks = scan([normalize(t) for t in texts])
    words = np.diff(toks.bounds)
    # Cleaning waits for pass 2, but a short text may be nothing but page furniture
    # ("Advertisement / Share on Facebook"): find those now, so they are reported.
    emptied = np.zeros(len(texts), dtype=bool)
    if config.clean:
        for i in np.flatnonzero((words > 0) & (words <= _SHORT_WORDS)).tolist():
            cleaned, _, _ = prepare_text(texts[i], config.recurring)
            emptied[i] = not len(scan([normalize(cleaned)], terms=False).hashes)
    content, cbounds = _content_sets(*_content_words(toks), config.stop)
    sig = minhasher.signatures(content, cbounds)
    keys = band_keys(sig, config.bands, config.rows)
    shingles, sbounds = shingle_hashes_many(toks.hashes, toks.bounds, config.shingle_size)
    anchors, owner = winnow(shingles, sbounds, config.anchor_window)
    # Each document's distinct term features, for the document frequencies: unique
    # (document, feature) codes over the whole batch at once.
    doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), words)
    assert toks.terms is not None
    codes = sorted_unique((doc_of << FEATURE_BITS) | term_features(toks.terms))
    packed = [TextStore.pack(t) for t in texts]
    digests = np.frombuffer(b"".join(hashlib.blake2b(x, digest_size=16).digest()
                                     for x in packed), dtype=np.uint64).reshape(-1, 2)
    return Sketches(
        packed=packed,
        words=words.astype(np.int64),
        emptied=emptied,
        keys=keys,
        anchors=anchors,
        anchor_owner=owner,
        features=codes & ((1 << FEATURE_BITS) - 1),
        digests=digests,
        marks=low_bytes(sig),
    )


def init_signature(shingle_size: int, num_perm: int, seed: int,
                   texts: Sequence[str] | None = None) -> None:
    """Set the state of this process for :func:`signature_batch` (and, given ``texts``, for
    :func:`signature_slice`)."""
    _STATE["signature"] = (shingle_size, MinHasher(num_perm=num_perm, seed=seed))
    _STATE["signature_texts"] = texts


def signature_batch(texts: list[str]) -> np.ndarray:
    """Shingle MinHash signatures of normalised texts (:func:`dupdetect.signatures`)."""
    k, minhasher = _STATE["signature"]
    toks = scan([normalize(t) for t in texts], terms=False)
    shingles, bounds = shingle_hashes_many(toks.hashes, toks.bounds, k)
    return minhasher.signatures(shingles, bounds)


def signature_slice(bounds: tuple[int, int]) -> np.ndarray:
    """:func:`signature_batch` of ``texts[lo:hi]`` of the texts given to
    :func:`init_signature`: a forked worker reads them from the memory it inherited, so only
    the two bounds are sent to it."""
    lo, hi = bounds
    return signature_batch(list(_STATE["signature_texts"][lo:hi]))


# ---------------------------------------------------------------------- pass 2: scoring


@dataclass(frozen=True)
class ScoreConfig:
    """Parameters of pass 2, the text store and the idf."""

    shingle_size: int
    align_cutoff: float
    thresholds: Thresholds
    clean: bool
    recurring: frozenset[str]
    store: TextStore | None
    idf: np.ndarray


@dataclass(frozen=True, slots=True)
class DocFacts:
    """What choosing an origin needs of a scored document (see :class:`DocInfo`)."""

    words: int
    has_update_note: bool
    clutter: int


class CandidateDoc:
    """One document as scoring sees it, cleaned; the sentence view is built only when needed."""

    __slots__ = ("_figures", "_sentences", "_view", "counts", "facts", "id", "shingles", "text")

    def __init__(self, doc_id: str, raw: str, shingle_size: int, *, do_clean: bool = True,
                 recurring: frozenset[str] = frozenset()) -> None:
        prepared = prepare_text(raw, recurring, do_clean)
        toks = scan([normalize(prepared[0])])
        assert toks.terms is not None
        self._set(doc_id, prepared, toks.hashes, toks.terms, shingle_size)

    def _set(self, doc_id: str, prepared: tuple[str, bool, int], hashes: np.ndarray,
             terms: np.ndarray, shingle_size: int) -> None:
        self.id = doc_id
        self.text, notes, clutter = prepared
        self.facts = DocFacts(len(hashes), notes, clutter)
        self.shingles = unique_shingles(hashes, shingle_size)
        self.counts = term_counts(terms)
        self._view: DocView | None = None
        self._sentences: list[Sentence] | None = None
        self._figures: frozenset[str] | None = None

    @classmethod
    def many(cls, ids: Sequence[str], raws: Sequence[str], shingle_size: int, *,
             do_clean: bool = True, recurring: frozenset[str] = frozenset()
             ) -> list[CandidateDoc]:
        """``[CandidateDoc(i, raw, ...) for i, raw in zip(ids, raws)]``, with the words of all
        the texts found at once (:func:`scan` of a batch costs a third of one scan per text)."""
        prepared = [prepare_text(raw, recurring, do_clean) for raw in raws]
        toks = scan([normalize(p[0]) for p in prepared])
        assert toks.terms is not None
        bounds = toks.bounds.tolist()
        docs = []
        for n, doc_id in enumerate(ids):
            lo, hi = bounds[n], bounds[n + 1]
            doc = cls.__new__(cls)
            doc._set(doc_id, prepared[n], toks.hashes[lo:hi], toks.terms[lo:hi], shingle_size)
            docs.append(doc)
        return docs

    @property
    def figures(self) -> frozenset[str]:
        if self._figures is None:
            self._figures = figures(self.text)
        return self._figures

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def view(self) -> DocView:
        if self._view is None:
            sents = tuple(s.text for s in self.sentences)
            keys = tuple(sentence_keys(self.text, self.sentences))
            words = np.array([key_words(k) for k in keys], dtype=np.int64)
            self._view = DocView(self.shingles, sents, words, keys)
        return self._view


def too_short(a: CandidateDoc, b: CandidateDoc, t: Thresholds) -> bool:
    """Whether the longer of two stories has fewer words than a relation needs in common
    (``t.min_shared_words``, see :func:`~dupdetect.cluster.relate`): then none holds."""
    return max(a.view.words, b.view.words) < t.min_shared_words


def compare_docs(a: CandidateDoc, b: CandidateDoc, cosine: float, t: Thresholds, cutoff: float, *,
                 always: bool = False, ids: tuple[str, str] | None = None) -> Comparison:
    """Score one pair and decide its relation. Side A is the document with the smaller id;
    ``ids`` names the two documents instead of ``a.id`` and ``b.id`` (one text may stand for
    several documents).

    Without ``always``, a pair with neither verbatim text (shingle containment under
    ``FUZZY_MIN_CONTAINMENT`` both ways) nor shared vocabulary (cosine under
    ``FUZZY_MIN_COSINE``) is rejected without aligning sentences: identical sentences would be
    identical shingles, and a rewrite shares its vocabulary. So is a pair whose longer story
    has fewer than ``t.min_shared_words`` words: no relation holds with fewer words in common
    (:func:`~dupdetect.cluster.relate`), or a pair that needs the lead of one story matched
    (:func:`~dupdetect.cluster.lead_required`) when no lead can have a counterpart
    (:func:`~dupdetect.align.could_match`): both report no coverage. And a pair that is a
    duplicate by its shingles has its counterparts searched in order (``in_order`` of
    :func:`~dupdetect.align.matches`): its relation does not depend on them, only its coverage.
    ``always`` computes every score in full.
    """
    id_a, id_b = ids or (a.id, b.id)
    overlap = set_overlap(a.shingles, b.shingles)
    jac, ca, cb = overlap
    # Rejected without alignment: no coverage.
    rejected = Comparison(id_a, id_b, Scores(float(cosine), jac, ca, cb, 0.0, 0.0), None, None,
                          0.0)
    if not always and ((max(ca, cb) < FUZZY_MIN_CONTAINMENT and cosine < FUZZY_MIN_COSINE)
                       or too_short(a, b, t)):
        return rejected
    # The sentence similarities of the pair, shared by the counterpart search and, for a
    # rewrite, the translation check's alignment.
    sims = Similarities(a.view.keys, b.view.keys, cutoff)
    if not always and lead_required(ca, cb, a.view.words, b.view.words, t) and not could_match(
            a.view.sentences, b.view.sentences, a.view.leads, b.view.leads, sims):
        # No relation holds unless the lead of one story has a counterpart, and neither can:
        # most candidates that are no copy (stories of one template, of one topic) end here,
        # before the rest of their sentences is compared. (Past the gate above, score_pair's
        # search is fuzzy, as could_match assumes.)
        return rejected
    # A duplicate by its shingles alone (whatever the alignment finds: see relate) is two
    # versions of one text: its counterparts are searched in order (the coverage it reports).
    duplicate = (not always and min(ca, cb) >= t.duplicate
                 and min(ca * a.view.words, cb * b.view.words) >= t.min_shared_words)
    scores, evidence = score_pair(a.view, b.view, cosine, cutoff=cutoff, overlap=overlap,
                                  similarities=sims, in_order=duplicate)

    def decide(damage: float, kept: float | None = None) -> tuple[Relation, str] | None:
        return relate(scores, a.view.words, b.view.words, damage, t, lead_a=evidence.lead_a,
                      lead_b=evidence.lead_b, matched_a=evidence.matched_a,
                      matched_b=evidence.matched_b, figures_kept=kept)

    rel = decide(0.0)
    damage, damaged, kept = 0.0, None, None
    if rel is not None and rel[0] == "rewrite":
        # Only a rewrite is judged by its figures (read only then).
        kept = figures_kept(a.figures, b.figures)
        rel = decide(0.0, kept)
    if rel is not None and rel[0] == "rewrite":
        # Only a rewrite can be a translation: measure the damage in each direction with the
        # diff module; the damaged side is the derived one.
        in_b, in_a = translation_scores(a.text, b.text, sentences=(a.sentences, b.sentences),
                                        similarities=sims)
        damage = max(in_a, in_b)
        if in_a != in_b:
            damaged = id_a if in_a > in_b else id_b
        rel = decide(damage, kept)
    relation, side = rel if rel is not None else (None, "")
    contained = id_a if side == "a" else id_b if side == "b" else None
    return Comparison(id_a, id_b, scores, relation, contained, damage,
                      damaged if relation == "translated" else None)


def init_score(config: ScoreConfig) -> None:
    """Set the pass-2 state of this process."""
    _STATE["score"] = config
    _STATE["docs"] = OrderedDict()


#: Prepared candidate documents kept per worker (about 60 kB each). Pairs come grouped by
#: connected component, so reuse is local: at 100k stories (2 workers), 1,024 kept documents
#: prepare 38,039 times for 38,005 documents (40,391 times in plain candidate order).
_CACHE_DOCS = 1024


def _docs(indexes: list[int]) -> dict[int, CandidateDoc]:
    """The prepared documents of ``indexes`` (distinct), from this worker's cache or prepared
    together and cached."""
    cache: OrderedDict[int, CandidateDoc] = _STATE["docs"]
    missing = [index for index in indexes if index not in cache]
    if missing:
        config: ScoreConfig = _STATE["score"]
        assert config.store is not None
        store = config.store
        new = CandidateDoc.many([str(index) for index in missing],
                                [store.get(index) for index in missing], config.shingle_size,
                                do_clean=config.clean, recurring=config.recurring)
        cache.update(zip(missing, new, strict=True))
    out = {}
    for index in indexes:
        cache.move_to_end(index)
        out[index] = cache[index]
    while len(cache) > _CACHE_DOCS:
        cache.popitem(last=False)
    return out


def score_batch(pairs: list[tuple[int, int, str, str]]
                ) -> tuple[list[Comparison], dict[int, DocFacts]]:
    """Pass 2 over a batch of candidate pairs ``(i, j, id_a, id_b)``, oriented (document ``i``
    is side A, named ``id_a``; ``i == j`` for two copies of one text): the confirmed
    comparisons, and the facts of every document of the batch (``words == 0``: nothing left
    after cleaning)."""
    config: ScoreConfig = _STATE["score"]
    # A document is prepared once per batch (and kept for the next batches).
    docs = _docs(list(dict.fromkeys(index for i, j, _, _ in pairs for index in (i, j))))
    order = list(docs)
    row = {index: n for n, index in enumerate(order)}
    matrix = tfidf_rows([docs[index].counts for index in order], config.idf)
    local = np.array([[row[i], row[j]] for i, j, _, _ in pairs], dtype=np.int64)
    cosines = cosine_pairs(matrix, local).tolist()
    out = []
    for (i, j, id_a, id_b), cos in zip(pairs, cosines, strict=True):
        if not docs[i].facts.words or not docs[j].facts.words:
            continue
        c = compare_docs(docs[i], docs[j], cos, config.thresholds, config.align_cutoff,
                         ids=(id_a, id_b))
        if c.relation is not None:
            out.append(c)
    return out, {index: doc.facts for index, doc in docs.items()}
