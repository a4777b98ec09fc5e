"""What changed between two versions of a story: alignment, word drift, translation artifacts.

:func:`diff` compares a source story A with a copy B:

1. **Sentence alignment.** Both texts are cleaned (:func:`dupdetect.clean.clean`) and split into
   sentences. Sentences with the same key (:func:`~dupdetect.align.sentence_key` after
   normalisation) are ``kept``; the others are paired best-first on the fuzzy similarity of
   :func:`~dupdetect.align.similarity_matrix` (at least ``cutoff``), wherever they sit in the
   story, so reordered paragraphs still align. A sentence left over is tried against two or
   three consecutive sentences of the other side (a split or a merge). Aligned sentences that are
   not identical are ``reworded``; what is left is ``removed`` (in A) or ``added`` (in B).
2. **Word drift.** Inside each reworded alignment, word-level operations with character spans
   in both texts, each classified ``number``, ``negation``, ``name``, ``quote``,
   ``attribution`` or ``wording``.
3. **Translation artifacts** in B that A does not have (:mod:`dupdetect.artifacts`):
   ``name_variant``, ``transliteration`` (see :data:`TRANSLITERATIONS`), ``doubled_word``,
   ``spacing``, ``fragment``, ``word_order``; and ``translation_score`` in [0, 1] summarising them.

Every span indexes the **cleaned text** of its story, ``Diff.text_a`` / ``Diff.text_b`` (also
in the JSON output), so ``diff.text_b[s:e] == artifact.text``.

The pipeline calls a confirmed rewrite ``translated`` when ``translation_score`` (in either
direction) reaches the ``translated`` threshold.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .align import (
    Sentence,
    Similarities,
    content_similarity,
    joined_key,
    key_positions,
    key_similarity,
    key_words,
    normalized_key,
    pair_similarity,
    similarity_matrix,
    spans_of,
    split_sentences,
    word_opcodes,
)
from .artifacts import (
    ARTIFACT_KINDS,
    TRANSLITERATIONS,
    Artifact,
    _is_number,
    find_artifacts,
    translation_score,
)
from .clean import clean as clean_text
from .errors import InvalidParameterError
from .models import Document

__all__ = [
    "ARTIFACT_KINDS",
    "CHANGE_KINDS",
    "OPS",
    "SAME_SENTENCE_CUTOFF",
    "TRANSLITERATIONS",
    "Alignment",
    "Artifact",
    "Change",
    "Diff",
    "content_similarity",
    "diff",
    "same_sentence",
    "sentence_similarity",
    "translation_scores",
]

Op = Literal["kept", "reworded", "removed", "added"]
OPS: tuple[str, ...] = ("kept", "reworded", "removed", "added")
CHANGE_KINDS: tuple[str, ...] = ("number", "negation", "name", "quote", "attribution", "wording")
_QUOTE_CHARS = "\"“”«»„"
_NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot".split())
_ATTRIBUTION = frozenset(
    """
    said says say saying told tell tells claimed claims claim stated states added adds
    according alleged alleges insisted insists admitted admits argued argues noted notes
    explained reported announced declared suggested denied denies asserted maintained
    confirmed confirms acknowledged warned warns
    """.split()
)


# --------------------------------------------------------------------------- data classes
@dataclass(frozen=True, slots=True)
class Change:
    """One word-level change inside a reworded alignment.

    ``a_span`` indexes ``Diff.text_a`` and ``b_span`` ``Diff.text_b``; an insertion has an empty
    ``a_span`` (``start == end``, where the words would go) and a deletion an empty ``b_span``.
    """

    kind: str
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    a_text: str
    b_text: str

    def __post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise ValueError(f"Unknown change kind {self.kind!r}; expected one of {CHANGE_KINDS}.")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a_span": list(self.a_span), "b_span": list(self.b_span),
                "a_text": self.a_text, "b_text": self.b_text}


@dataclass(frozen=True, slots=True)
class Alignment:
    """Sentences of A and of B that correspond (one-to-one, one-to-many or many-to-one).

    ``a_index`` / ``b_index`` are sentence numbers (empty for ``added`` / ``removed``);
    ``a_text`` / ``b_text`` the sentences joined by a space; ``similarity`` in [0, 1].
    """

    op: Op
    a_index: tuple[int, ...]
    b_index: tuple[int, ...]
    a_text: str
    b_text: str
    similarity: float
    changes: tuple[Change, ...] = ()

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"Unknown alignment op {self.op!r}; expected one of {OPS}.")

    def as_dict(self) -> dict[str, Any]:
        return {"op": self.op, "a_index": list(self.a_index), "b_index": list(self.b_index),
                "a_text": self.a_text, "b_text": self.b_text, "similarity": self.similarity,
                "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from story A to story B (see :func:`diff`)."""

    a: str
    b: str
    text_a: str
    text_b: str
    sentences_a: tuple[Sentence, ...]
    sentences_b: tuple[Sentence, ...]
    alignment: tuple[Alignment, ...]
    artifacts: tuple[Artifact, ...]
    coverage_a: float
    coverage_b: float
    translation_score: float = field(default=0.0)

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON object (README, "dupdetect diff")."""
        return {"a": self.a, "b": self.b, "coverage_a": self.coverage_a,
                "coverage_b": self.coverage_b,
                "alignment": [x.as_dict() for x in self.alignment],
                "artifacts": [x.as_dict() for x in self.artifacts],
                "translation_score": self.translation_score,
                "text_a": self.text_a, "text_b": self.text_b}

    def to_text(self, *, color: bool = False, width: int = 100, context: int | None = None) -> str:
        """For a terminal; see :func:`dupdetect.report.diff_text.diff_text`."""
        from .report.diff_text import diff_text

        return diff_text(self, color=color, width=width, context=context)

    def to_html(self) -> str:
        """A self-contained side-by-side HTML page."""
        from .report.html import diff_html

        return diff_html(self)


# --------------------------------------------------------------------------- alignment
def _keys(sentences: Sequence[Sentence]) -> list[str]:
    return [normalized_key(s.text) for s in sentences]


def _words(keys: Sequence[str]) -> np.ndarray:
    return np.array([key_words(k) for k in keys], dtype=np.int64)


def _align(sa: Sequence[Sentence], sb: Sequence[Sentence], cutoff: float,
           similarities: Similarities | None = None
           ) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Groups (A sentences, B sentences, similarity 0-100) that correspond; ``similarities``
    holds cells already computed for these sentences at this cutoff (and their keys)."""
    ka, kb = ((similarities.keys_a, similarities.keys_b) if similarities is not None
              else (_keys(sa), _keys(sb)))
    used_a: set[int] = set()
    used_b: set[int] = set()
    groups: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    where_b = key_positions(kb)
    for i, k in enumerate(ka):
        for j in where_b.get(k, ()):
            if j not in used_b:
                groups.append(((i,), (j,), 100.0))
                used_a.add(i)
                used_b.add(j)
                break
    open_a = [i for i in range(len(ka)) if i not in used_a and ka[i]]
    open_b = [j for j in range(len(kb)) if j not in used_b and kb[j]]
    if open_a and open_b:
        sims = similarities if similarities is not None else Similarities(ka, kb, cutoff)
        sim = sims.block(np.array(open_a), np.array(open_b))
        cells = np.argwhere(sim >= cutoff)
        order = np.argsort(-sim[cells[:, 0], cells[:, 1]], kind="stable")
        for r, c in cells[order].tolist():
            i, j = open_a[r], open_b[c]
            if i in used_a or j in used_b:
                continue
            groups.append(((i,), (j,), float(sim[r, c])))
            used_a.add(i)
            used_b.add(j)
    # Splits and merges: a leftover sentence against 2-3 consecutive sentences of the other side.
    groups = _grow(groups, ka, kb, used_a, used_b, cutoff, swap=False)
    groups = _grow(groups, kb, ka, used_b, used_a, cutoff, swap=True)
    return groups


def _grow(groups: list[tuple[tuple[int, ...], tuple[int, ...], float]], ka: Sequence[str],
          kb: Sequence[str], used_a: set[int], used_b: set[int], cutoff: float, *, swap: bool
          ) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Join a leftover sentence of ``kb`` to a neighbouring group when that scores better."""
    owner: dict[int, int] = {}
    for g, (ia, ib, _) in enumerate(groups):
        for j in (ia if swap else ib):
            owner[j] = g
    for j in range(len(kb)):
        if j in used_b or not kb[j]:
            continue
        best: tuple[float, int, tuple[int, ...]] | None = None
        for nb in (j - 1, j + 1):
            if nb not in owner:
                continue
            g = owner[nb]
            ia, ib, score = groups[g]
            mine, theirs = (ib, ia) if swap else (ia, ib)
            merged = tuple(sorted((*theirs, j)))
            if merged != tuple(range(merged[0], merged[-1] + 1)) or len(merged) > 3:
                continue
            joined = key_similarity(joined_key([ka[i] for i in mine]),
                                    joined_key([kb[x] for x in merged]))
            if joined > score and joined >= cutoff and (best is None or joined > best[0]):
                best = (joined, g, merged)
        if best is None:
            continue
        joined, g, merged = best
        ia, ib, _ = groups[g]
        groups[g] = (ia, merged, joined) if not swap else (merged, ib, joined)
        used_b.add(j)
        owner[j] = g
    # Leftover A sentences (this side) against two consecutive free sentences of the other side:
    # one similarity block for all of them, then best first.
    free = [j for j in range(len(kb)) if j not in used_b and kb[j]]
    runs = [j for j in free if j + 1 < len(kb) and j + 1 not in used_b and kb[j + 1]]
    rows = [i for i in range(len(ka)) if i not in used_a and ka[i]]
    if rows and runs:
        sim = similarity_matrix([ka[i] for i in rows], [kb[j] + " " + kb[j + 1] for j in runs],
                                keyed=True, score_cutoff=cutoff)
        cells = np.argwhere(sim >= cutoff)
        order = np.argsort(-sim[cells[:, 0], cells[:, 1]], kind="stable")
        for r, c in cells[order].tolist():
            i, j = rows[r], runs[c]
            if i in used_a or j in used_b or j + 1 in used_b:
                continue
            joined = float(sim[r, c])
            if joined <= key_similarity(ka[i], kb[j]):
                continue
            groups.append(((i,), (j, j + 1), joined) if not swap else ((j, j + 1), (i,), joined))
            used_a.add(i)
            used_b.update((j, j + 1))
    return groups


# --------------------------------------------------------------------------- word drift
def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (straight quotes paired in order)."""
    out: list[tuple[int, int]] = []
    opening: int | None = None
    for m in re.finditer(r"[\"“”«»„]", text):
        ch = m.group()
        if ch in "“«„" or (ch == '"' and opening is None):
            opening = m.start()
        elif opening is not None:
            out.append((opening, m.end()))
            opening = None
    if opening is not None:  # unclosed: to the end of the paragraph
        end = text.find("\n", opening)
        out.append((opening, len(text) if end < 0 else end))
    return out


def _inside(span: tuple[int, int], regions: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in regions)


def _is_name(word: str, first: bool) -> bool:
    return not first and word[:1].isupper() and not _is_number(word)


def _classify(wa: Sequence[tuple[str, int, int, bool]], wb: Sequence[tuple[str, int, int, bool]],
              in_quote: bool, all_a: set[str], all_b: set[str]) -> str:
    """The kind of one change; ``all_a`` / ``all_b``: every word of the two sentences (lower).

    A number or name only counts as changed when the other sentence lacks it (moved is not
    changed).
    """
    la = [w.lower() for w, *_ in wa]
    lb = [w.lower() for w, *_ in wb]
    na = {w for w in la if _is_number(w)} - all_b
    nb = {w for w in lb if _is_number(w)} - all_a
    if na or nb:
        return "number"
    neg_a = {w for w in la if w in _NEGATIONS or w.endswith(("n't", "n’t"))}
    neg_b = {w for w in lb if w in _NEGATIONS or w.endswith(("n't", "n’t"))}
    if neg_a != neg_b:
        return "negation"
    if in_quote:
        return "quote"
    names_a = {w for w, _, _, first in wa if _is_name(w, first) and w.lower() not in all_b}
    names_b = {w for w, _, _, first in wb if _is_name(w, first) and w.lower() not in all_a}
    if names_a or names_b:
        return "name"
    if (set(la) | set(lb)) & _ATTRIBUTION:
        return "attribution"
    return "wording"


def _sentence_words(sentences: Sequence[Sentence], index: Sequence[int],
                    text: str) -> list[tuple[str, int, int, bool]]:
    out: list[tuple[str, int, int, bool]] = []
    for i in index:
        s = sentences[i]
        for k, (w, start, end) in enumerate(spans_of(text[s.start:s.end])):
            out.append((w, s.start + start, s.start + end, k == 0))
    return out


def _changes(text_a: str, text_b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
             ia: Sequence[int], ib: Sequence[int]) -> tuple[Change, ...]:
    wa = _sentence_words(sa, ia, text_a)
    wb = _sentence_words(sb, ib, text_b)
    qa, qb = _quote_regions(text_a), _quote_regions(text_b)
    out: list[Change] = []
    all_a = {w.lower() for w, *_ in wa}
    all_b = {w.lower() for w, *_ in wb}
    ops = word_opcodes([_fold(w) for w, *_ in wa], [_fold(w) for w, *_ in wb])
    for _tag, a0, a1, b0, b1 in ops:
        span_a = _span(wa, a0, a1, sa[ia[0]].start if ia else 0)
        span_b = _span(wb, b0, b1, sb[ib[0]].start if ib else 0)
        in_quote = ((a1 > a0 and _inside(span_a, qa)) or (b1 > b0 and _inside(span_b, qb)))
        kind = _classify(wa[a0:a1], wb[b0:b1], in_quote, all_a, all_b)
        out.append(Change(kind, span_a, span_b, text_a[span_a[0]:span_a[1]],
                          text_b[span_b[0]:span_b[1]]))
    return tuple(out)


def _fold(word: str) -> str:
    """A word as compared: NFKC, curly apostrophe straightened, lower case."""
    return unicodedata.normalize("NFKC", word).replace("’", "'").lower()


def _span(words: Sequence[tuple[str, int, int, bool]], lo: int, hi: int,
          default: int) -> tuple[int, int]:
    if hi > lo:
        return words[lo][1], words[hi - 1][2]
    if lo < len(words):
        return words[lo][1], words[lo][1]
    return (words[-1][2], words[-1][2]) if words else (default, default)


# --------------------------------------------------------------------------- entry point
def _as_doc(x: Document | str, default_id: str) -> Document:
    if isinstance(x, Document):
        return x
    if isinstance(x, str):
        return Document(default_id, x)
    raise InvalidParameterError(
        f"diff takes a Document or a str. Got {type(x).__name__} instead.")


def _alignment(text_a: str, text_b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
               groups: Sequence[tuple[tuple[int, ...], tuple[int, ...], float]], *,
               changes: bool, keys: tuple[Sequence[str], Sequence[str]] | None = None
               ) -> tuple[Alignment, ...]:
    """The groups as :class:`Alignment` entries in reading order, with the sentences of A
    without a counterpart ("removed") and those of B ("added"); word changes only if asked.
    ``keys`` are the sentences' :func:`~dupdetect.align.normalized_key`, when known."""
    entries: list[tuple[tuple[float, int, int], Alignment]] = []
    b_owner: dict[int, tuple[float, int, int]] = {}
    for ia, ib, score in groups:
        # (Mostly one sentence on each side: its text as it is.)
        at = sa[ia[0]].text if len(ia) == 1 else " ".join(sa[i].text for i in ia)
        bt = sb[ib[0]].text if len(ib) == 1 else " ".join(sb[j].text for j in ib)
        if keys is not None and len(ia) == 1 and len(ib) == 1:
            same = keys[0][ia[0]] == keys[1][ib[0]]
        else:
            same = normalized_key(at) == normalized_key(bt)
        op: Op = "kept" if same else "reworded"
        found = _changes(text_a, text_b, sa, sb, ia, ib) if changes and not same else ()
        key = (float(min(ia)), 0, 0)
        entries.append((key, Alignment(op, ia, ib, at, bt, 1.0 if same else score / 100.0,
                                       found)))
        for j in ib:
            b_owner[j] = key
    aligned_a = {i for ia, _, _ in groups for i in ia}
    for i, s in enumerate(sa):
        if i not in aligned_a:
            entries.append(((float(i), 0, 0), Alignment("removed", (i,), (), s.text, "", 0.0)))
    last: tuple[float, int, int] = (-1.0, 0, 0)
    for j, s in enumerate(sb):
        if j in b_owner:
            last = b_owner[j]
            continue
        entries.append(((last[0], 1, j), Alignment("added", (), (j,), "", s.text, 0.0)))
    entries.sort(key=lambda e: e[0])
    return tuple(e for _, e in entries)


def translation_scores(text_a: str, text_b: str, *, cutoff: float = 60.0,
                       sentences: tuple[Sequence[Sentence], Sequence[Sentence]] | None = None,
                       similarities: Similarities | None = None) -> tuple[float, float]:
    """``(damage in B, damage in A)``: :attr:`Diff.translation_score` of B against A and of A
    against B, from one sentence alignment (no word changes), for texts already cleaned.
    ``sentences`` are the texts' :func:`~dupdetect.align.split_sentences`, when the caller has
    them, and ``similarities`` the sentence similarities already computed (of their keys, at
    ``cutoff``).

    Examples
    --------
    >>> a = "The flood reached the town on Monday. Officials said 145 people left."
    >>> translation_scores(a, a)
    (0.0, 0.0)
    """
    sa, sb = sentences or (split_sentences(text_a), split_sentences(text_b))
    if similarities is not None and similarities.cutoff != float(cutoff):
        similarities = None
    groups = _align(sa, sb, float(cutoff), similarities)
    keys = None if similarities is None else (similarities.keys_a, similarities.keys_b)
    forward = _alignment(text_a, text_b, sa, sb, groups, changes=False, keys=keys)
    backward = _alignment(text_b, text_a, sb, sa, [(ib, ia, x) for ia, ib, x in groups],
                          changes=False, keys=keys and (keys[1], keys[0]))
    return (translation_score(find_artifacts(text_a, text_b, sa, sb, forward), len(sb)),
            translation_score(find_artifacts(text_b, text_a, sb, sa, backward), len(sa)))


def diff(doc_a: Document | str, doc_b: Document | str, *, cutoff: float = 60.0,
         clean: bool = True, transliterations: Mapping[str, str] | None = None) -> Diff:
    """Compare source story A with copy B: alignment, word drift, translation artifacts.

    Parameters
    ----------
    doc_a, doc_b : Document or str
        The source and the copy (strings get the ids ``"a"`` and ``"b"``).
    cutoff : float, default 60
        Similarity (0-100, :func:`dupdetect.align.similarity_matrix`) of aligned sentences.
    clean : bool, default True
        Remove page clutter and wire furniture first (:func:`dupdetect.clean.clean`). The spans
        index the text compared, ``Diff.text_a`` / ``Diff.text_b``.
    transliterations : mapping, optional
        Extra old -> new romanisations on top of :data:`TRANSLITERATIONS`.

    Examples
    --------
    >>> d = diff("The dam held. 145 people left.", "The dam held. 143 people left.")
    >>> [x.op for x in d.alignment], d.alignment[1].changes[0].kind, d.coverage_a
    (['kept', 'reworded'], 'number', 1.0)
    """
    if isinstance(cutoff, bool) or not isinstance(cutoff, int | float) or not 0 <= cutoff <= 100:
        raise InvalidParameterError(
            f"The 'cutoff' parameter of diff must be a float in [0, 100]. Got {cutoff!r} instead.")
    da, db = _as_doc(doc_a, "a"), _as_doc(doc_b, "b")
    text_a = clean_text(da.text).text if clean else da.text
    text_b = clean_text(db.text).text if clean else db.text
    sa, sb = split_sentences(text_a), split_sentences(text_b)
    groups = _align(sa, sb, float(cutoff))
    alignment = _alignment(text_a, text_b, sa, sb, groups, changes=True)
    wa, wb = _words(_keys(sa)), _words(_keys(sb))
    hit_a = np.zeros(len(sa), dtype=bool)
    hit_b = np.zeros(len(sb), dtype=bool)
    for ia, ib, _ in groups:
        hit_a[list(ia)] = True
        hit_b[list(ib)] = True
    cov_a = float(wa[hit_a].sum() / wa.sum()) if wa.sum() else 1.0
    cov_b = float(wb[hit_b].sum() / wb.sum()) if wb.sum() else 1.0
    artifacts = find_artifacts(text_a, text_b, sa, sb, alignment, transliterations)
    return Diff(da.id, db.id, text_a, text_b, tuple(sa), tuple(sb), alignment, tuple(artifacts),
                cov_a, cov_b, translation_score(artifacts, len(sb)))


def sentence_similarity(a: str, b: str) -> float:
    """How alike two sentences are, in [0, 1]: the similarity the alignment uses, over 100.

    Examples
    --------
    >>> sentence_similarity("The dam broke.", "the dam broke")
    1.0
    """
    return pair_similarity(a, b) / 100.0


#: Sentence similarity at which :func:`same_sentence` says "the same sentence", chosen for the
#: best accuracy on the MRPC *train* split (benchmarks/diff_quality.py).
SAME_SENTENCE_CUTOFF = 69.0


def same_sentence(a: str, b: str, *, cutoff: float = SAME_SENTENCE_CUTOFF) -> bool:
    """Whether ``b`` is ``a`` kept or reworded: the diff aligns them at ``cutoff``.

    At least half of each one's words must sit in aligned sentences (one sentence, or a split).

    Examples
    --------
    >>> same_sentence("Officials said 40 people were hurt.", "Officials said 40 were hurt.")
    True
    >>> same_sentence("Officials said 40 people were hurt.", "The river rose in the night.")
    False
    """
    d = diff(a, b, cutoff=cutoff, clean=False)
    return min(d.coverage_a, d.coverage_b) >= 0.5
