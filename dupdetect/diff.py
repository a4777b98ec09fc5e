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
3. **Translation artifacts** in B that A does not have: ``name_variant``, ``transliteration``
   (see :data:`TRANSLITERATIONS`), ``doubled_word``, ``spacing``, ``fragment``, ``word_order``;
   and ``translation_score`` in [0, 1] summarising them.

Every span indexes the **cleaned text** of its story, ``Diff.text_a`` / ``Diff.text_b`` (also
in the JSON output), so ``diff.text_b[s:e] == artifact.text``.

The pipeline calls a confirmed rewrite ``translated`` when ``translation_score`` (in either
direction) reaches the ``translated`` threshold.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal

import numpy as np

from .align import (
    Sentence,
    common_subsequence,
    key_positions,
    pair_similarity,
    sentence_key,
    similarity_matrix,
    spelling_similarity,
    split_sentences,
    word_opcodes,
    word_spans,
)
from .clean import clean as clean_text
from .errors import InvalidParameterError
from .models import Document
from .normalize import normalize

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
    "diff",
    "same_sentence",
    "sentence_similarity",
]

Op = Literal["kept", "reworded", "removed", "added"]
OPS: tuple[str, ...] = ("kept", "reworded", "removed", "added")
CHANGE_KINDS: tuple[str, ...] = ("number", "negation", "name", "quote", "attribution", "wording")
ARTIFACT_KINDS: tuple[str, ...] = ("name_variant", "transliteration", "doubled_word", "spacing",
                                   "fragment", "word_order")
Severity = Literal["low", "medium", "high"]
_SEVERITY_WEIGHT = {"low": 0.5, "medium": 1.0, "high": 1.5}

#: Old and new romanisations of place and person names (either spelling maps to the other).
#: Extend it in place, or pass ``transliterations=`` to :func:`diff`.
TRANSLITERATIONS: dict[str, str] = {
    "Peking": "Beijing", "Canton": "Guangzhou", "Tientsin": "Tianjin", "Nanking": "Nanjing",
    "Szechuan": "Sichuan", "Mao Tse-tung": "Mao Zedong", "Chiang Kai-shek": "Jiang Jieshi",
    "Bombay": "Mumbai", "Calcutta": "Kolkata", "Madras": "Chennai", "Poona": "Pune",
    "Rangoon": "Yangon", "Kiev": "Kyiv", "Kharkov": "Kharkiv", "Odessa": "Odesa",
    "Lvov": "Lviv", "Nikolaev": "Mykolaiv", "Zaporozhye": "Zaporizhzhia", "Lugansk": "Luhansk",
    "Chernobyl": "Chornobyl", "Alma-Ata": "Almaty", "Frunze": "Bishkek",
    "Ashkhabad": "Ashgabat", "Tiflis": "Tbilisi", "Gaddafi": "Qaddafi", "Koran": "Quran",
    "Moslem": "Muslim", "Mohammed": "Muhammad", "Tchaikovsky": "Chaikovsky",
    "Dnieper": "Dnipro", "Byelorussia": "Belarus", "Kirghizia": "Kyrgyzstan",
}
# Consonant spellings that differ between romanisation systems, folded to one form.
_ROMAN_FOLDS = (("shch", "s"), ("zh", "j"), ("kh", "k"), ("ch", "c"), ("sh", "s"), ("ts", "c"),
                ("tz", "c"), ("dj", "j"), ("ph", "f"), ("th", "t"), ("w", "v"), ("q", "k"),
                ("x", "ks"), ("gh", "g"))

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
# Words that continue a clause: a sentence opening with one was cut from the one before it.
_CONTINUES = frozenset(
    """
    and or but nor which who whom whose that than as of for with without to into from by in on
    at will would can could shall should may might must has have had is are was were be been
    being because while although though whereas if unless until
    """.split()
)
# A few very common verbs; a short sentence with none of them (or an -ed/-ing form) is verbless.
_VERBS = frozenset(
    """
    is are was were be been am has have had do does did will would can could shall should may
    might must said says say told tell get got go went come came make made take took give gave
    see saw know knew think thought want need needs left leave stay stayed stays remain remains
    """.split()
)
_NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen first second third fourth fifth
    """.split()
)
_SPACING = (
    (re.compile(r"(?<=\w)[\"“”](?=\w)"), "no space at a quotation mark"),
    (re.compile(r"(?<=[a-z]{2})[.!?;:,](?=[A-Z][a-z])"), "no space after punctuation"),
    (re.compile(r"\ufffd|(?<=[a-z])[|#*](?=[a-z])"), "stray character"),
)
_DOUBLED = re.compile(r"\b(\w{2,})(\s+)(\1)\b", re.IGNORECASE)
_DOUBLED_OK = frozenset({"had", "that", "is", "do", "very", "bye", "knock", "no", "ha"})
_MIN_NAME_LEN = 4
_BRITISH = ((re.compile(r"our(?=ed|ing|s|$)"), "or"), (re.compile(r"tre$"), "ter"),
            (re.compile(r"ence$"), "ense"), (re.compile(r"is(?=e|ation|ing)"), "iz"))
_DETERMINERS = frozenset("the a an this that these those its their his her our your my".split())
# Capitalised at a sentence start, never names.
_COMMON = frozenset(
    """
    with this that they there then than when what where which while after before their these
    those from into have will would could should about also just only some more most other
    """.split()
)
_NAME_CUTOFF = 80.0


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
class Artifact:
    """A machine-translation artifact in B: ``Diff.text_b[span[0]:span[1]] == text``."""

    kind: str
    text: str
    span: tuple[int, int]
    evidence: str
    severity: Severity

    def __post_init__(self) -> None:
        if self.kind not in ARTIFACT_KINDS:
            raise ValueError(
                f"Unknown artifact kind {self.kind!r}; expected one of {ARTIFACT_KINDS}.")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "span": list(self.span),
                "evidence": self.evidence, "severity": self.severity}


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
    return [sentence_key(normalize(s.text)) for s in sentences]


def _words(keys: Sequence[str]) -> np.ndarray:
    return np.array([len(k.split()) for k in keys], dtype=np.int64)


def _align(sa: Sequence[Sentence], sb: Sequence[Sentence], cutoff: float
           ) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Groups (A sentences, B sentences, similarity 0-100) that correspond."""
    ka, kb = _keys(sa), _keys(sb)
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
        sim = similarity_matrix([ka[i] for i in open_a], [kb[j] for j in open_b], keyed=True,
                                score_cutoff=cutoff)
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
            joined = pair_similarity(" ".join(ka[i] for i in mine),
                                     " ".join(kb[x] for x in merged))
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
            if joined <= pair_similarity(ka[i], kb[j]):
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


def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or word.lower() in _NUMBER_WORDS


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
        for k, (w, start, end) in enumerate(word_spans(text[s.start:s.end])):
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


# --------------------------------------------------------------------------- artifacts
def _names_in(sentences: Sequence[Sentence], text: str) -> list[tuple[str, int, int, bool]]:
    """Capitalised words (possessive stripped) with spans and whether they open a sentence."""
    out: list[tuple[str, int, int, bool]] = []
    for s in sentences:
        for k, (w, start, _end) in enumerate(word_spans(text[s.start:s.end])):
            if not w[:1].isupper() or _is_number(w) or (w.isupper() and len(w) > 1):
                continue
            w2 = re.sub(r"['’]s$", "", w)
            out.append((w2, s.start + start, s.start + start + len(w2), k == 0))
    return out


def _roman_skeleton(word: str, *, fold: bool) -> str:
    w = word.lower()
    if fold:
        for old, new in _ROMAN_FOLDS:
            w = w.replace(old, new)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:1] + re.sub(r"[aeiouy]", "", w[1:])


@lru_cache(maxsize=1 << 14)
def _plain(word: str) -> str:
    """Lower case without accents, apostrophes or hyphens ("D’Cunha" -> "dcunha")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isalnum())


def _english(word: str) -> str:
    """British and American spellings folded together (centre/center, defence/defense)."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def _respelled(word: str, other: str) -> bool:
    """Two spellings of one name: not typography, not an inflection (Canada / Canadian)."""
    w, o = _plain(word), _plain(other)
    if len(w) < _MIN_NAME_LEN or len(o) < _MIN_NAME_LEN or w == o or w[0] != o[0]:
        return False
    if w in _COMMON or o in _COMMON or _english(w) == _english(o):
        return False
    short, long_ = sorted((w, o), key=len)
    return not (len(long_) > len(short) and long_.startswith(short[:-1]))


def _close_names(word: str, other: str) -> bool:
    """Respelled, and close: similar enough, or the same once romanisations are folded."""
    if not _respelled(word, other):
        return False
    sim = spelling_similarity(_plain(word), _plain(other))
    return sim >= 85 or (sim >= _NAME_CUTOFF and _roman_skeleton(word, fold=True)
                         == _roman_skeleton(other, fold=True))


def _table(extra: Mapping[str, str] | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for old, new in [*TRANSLITERATIONS.items(), *(extra or {}).items()]:
        table[old.lower()] = new
        table[new.lower()] = old
    return table


def _name_artifacts(text_a: str, text_b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
                    transliterations: Mapping[str, str] | None) -> list[Artifact]:
    names_a = _names_in(sa, text_a)
    names_b = _names_in(sb, text_b)
    # Established names: not sentence-initial, or sentence-initial and also seen mid-sentence.
    mid_a = {w for w, _, _, first in names_a if not first}
    mid_b = {w for w, _, _, first in names_b if not first}
    set_a = {w for w, *_ in names_a}
    counts_b = Counter(w for w, *_ in names_b)
    out: list[Artifact] = []
    table = _table(transliterations)
    lower_a = {w.lower(): w for w in set_a}
    # Transliteration table (single words and multi-word entries) first.
    for key, other in table.items():
        if other.lower() not in text_a.lower() or key in text_a.lower():
            continue
        for m in re.finditer(r"\b" + re.escape(key) + r"\b", text_b, re.IGNORECASE):
            out.append(Artifact("transliteration", m.group(), (m.start(), m.end()),
                                f"{m.group()!r} is an old or alternative romanisation of "
                                f"{other!r}, as A spells it", "medium"))
    seen = {a.text.lower() for a in out}
    reported: dict[str, str] = {}
    plain_a = {_plain(x) for x in set_a}
    hits_of: dict[str, list[str]] = {}
    for w, start, end, first in names_b:
        if w in set_a or w.lower() in seen or len(w) < _MIN_NAME_LEN or _plain(w) in plain_a:
            continue
        if first and w not in mid_b and not any(spelling_similarity(w, x) >= 85 for x in mid_a):
            continue
        if w not in hits_of:
            hits_of[w] = [x for x in mid_a if _close_names(w, x)]
        hits = hits_of[w]
        if not hits:
            continue
        target = max(hits, key=lambda x: (spelling_similarity(w, x), x))
        if w not in reported:
            reported[w] = target
        kind = ("transliteration"
                if _roman_skeleton(w, fold=False) != _roman_skeleton(target, fold=False)
                and _roman_skeleton(w, fold=True) == _roman_skeleton(target, fold=True)
                else "name_variant")
        spellings = sorted({x for x in counts_b if x == target or _close_names(x, target)}
                           | {target, w})
        in_b = [x for x in spellings if x in counts_b]
        evidence = (f"A spells it {target!r}; B has {len(in_b)} spelling"
                    f"{'s' if len(in_b) != 1 else ''}: {', '.join(in_b)}")
        severity: Severity = "high" if len(in_b) >= 3 else "medium"
        out.append(Artifact(kind, text_b[start:end], (start, end), evidence, severity))
    # Within B, names with no counterpart in A that B spells several ways.
    lone = sorted(w for w in counts_b if w not in set_a and w not in reported
                  and w.lower() not in seen and w.lower() not in lower_a)
    rivals_of = {w: [x for x in counts_b if x != w and counts_b[x] > counts_b[w]
                     and _close_names(w, x)] for w in lone}
    for w, start, end, _first in names_b:
        rivals = rivals_of.get(w)
        if rivals:
            out.append(Artifact("name_variant", text_b[start:end], (start, end),
                                f"B also spells it {', '.join(sorted(rivals))}", "medium"))
    # Multi-word splits: "Le Maire" in one text, "Lemaire" in the other.
    joined_a = {w.lower() for w in set_a}
    for m in re.finditer(r"\b([A-Z][\w'’-]*) ([A-Z][\w'’-]+)\b", text_b):
        glued = (m.group(1) + m.group(2)).lower()
        if glued in joined_a and m.group() not in text_a:
            out.append(Artifact("name_variant", m.group(), (m.start(), m.end()),
                                f"A writes it as one word: {lower_a[glued]!r}", "medium"))
    split_a = {(m.group(1) + m.group(2)).lower(): m.group()
               for m in re.finditer(r"\b([A-Z][\w'’-]*) ([A-Z][\w'’-]+)\b", text_a)}
    for w, start, end, _first in names_b:
        if w not in set_a and w.lower() in split_a:
            out.append(Artifact("name_variant", text_b[start:end], (start, end),
                                f"A writes it as two words: {split_a[w.lower()]!r}", "medium"))
    return out


def _count(pattern_hits: Iterable[str]) -> Counter[str]:
    return Counter(h.lower() for h in pattern_hits)


def _doubled_artifacts(text_a: str, text_b: str, sb: Sequence[Sentence]) -> list[Artifact]:
    out: list[Artifact] = []
    in_a = _count(m.group() for m in _DOUBLED.finditer(text_a))
    seen: Counter[str] = Counter()
    for m in _DOUBLED.finditer(text_b):
        if m.group(1).lower() in _DOUBLED_OK or _is_number(m.group(1)):
            continue
        key = m.group().lower()
        seen[key] += 1
        if seen[key] <= in_a[key]:
            continue
        out.append(Artifact("doubled_word", m.group(), (m.start(), m.end()),
                            f"{m.group(1)!r} twice in a row", "high"))
    # A phrase repeated across a sentence boundary: "... the dam. The dam broke ..."
    keys_a = " | ".join(sentence_key(s) for s in (x.text for x in split_sentences(text_a)))
    for prev, nxt in pairwise(sb):
        if prev.paragraph != nxt.paragraph:
            continue
        wp = word_spans(text_b[prev.start:prev.end])
        wn = word_spans(text_b[nxt.start:nxt.end])
        for k in range(min(4, len(wp) - 1, len(wn) - 1), 0, -1):
            tail = [w.lower() for w, *_ in wp[-k:]]
            if tail != [w.lower() for w, *_ in wn[:k]] or (k == 1 and len(tail[0]) <= 3):
                continue
            seam = " ".join(tail) + " | " + " ".join(tail)
            if seam in keys_a:
                break
            start, end = nxt.start + wn[0][1], nxt.start + wn[k - 1][2]
            out.append(Artifact("doubled_word", text_b[start:end], (start, end),
                                f"{' '.join(tail)!r} ends one sentence and opens the next",
                                "medium"))
            break
    return out


def _spacing_artifacts(text_a: str, text_b: str) -> list[Artifact]:
    out: list[Artifact] = []
    for pattern, what in _SPACING:
        if pattern.search(text_a):
            continue  # the source writes this way too: house style, not damage
        for m in pattern.finditer(text_b):
            start, end = _word_around(text_b, m.start(), m.end())
            out.append(Artifact("spacing", text_b[start:end], (start, end),
                                f"{what}: {_context(text_b, m.start(), m.end(), 12)!r}",
                                "low"))
    return out


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start:end`` to the words touching it (same line)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _context(text: str, start: int, end: int, n: int = 8) -> str:
    return text[max(0, start - n):end + n].lower()


def _verbless(words: Sequence[str]) -> bool:
    return not any(w in _VERBS or w.endswith(("ed", "ing")) for w in words)


def _fragment_kind(text: str, words: Sequence[str]) -> str | None:
    """Why a short piece of prose is a fragment ("opens mid-clause", "has no verb"), or None.

    Only prose counts: at least two words, a letter first, a full stop last, not shouting, and
    for "no verb" no figures (weather, prices and times are legitimately verbless).
    """
    if (len(words) < 2 or not text[:1].isalpha() or not text.endswith(".") or text.isupper()):
        return None
    if words[0] in _CONTINUES:
        return "opens mid-clause"
    if _verbless(words) and not any(c.isdigit() for c in text):
        return "has no verb"
    return None


def _fragment_artifacts(text_b: str, sb: Sequence[Sentence],
                        groups: Sequence[Alignment]) -> list[Artifact]:
    out: list[Artifact] = []
    split_parts: set[int] = set()
    aligned_paragraphs: set[int] = set()
    for g in groups:
        if g.op in ("kept", "reworded"):
            aligned_paragraphs.update(sb[j].paragraph for j in g.b_index)
        if len(g.b_index) > 1 and len(g.a_index) == 1:
            split_parts.update(g.b_index)
    added = {j for g in groups if g.op == "added" for j in g.b_index}
    for j, s in enumerate(sb):
        words = [w.lower() for w, *_ in word_spans(s.text)]
        why = _fragment_kind(s.text, words)
        if why is None:
            continue
        if j in split_parts:
            out.append(Artifact("fragment", s.text, (s.start, s.end),
                                f"{why}; part of one sentence of A", "medium"))
        elif j in added and len(words) <= 4 and s.paragraph in aligned_paragraphs:
            out.append(Artifact("fragment", s.text, (s.start, s.end),
                                f"a {len(words)}-word sentence that {why}, amid copied text",
                                "low"))
    return out


def _inversions(g: Alignment, text_b: str, sb: Sequence[Sentence]) -> list[Artifact]:
    """Noun compounds turned inside out: A's "rescue boats" as B's "boats of rescue"."""
    out: list[Artifact] = []
    key_a = " " + sentence_key(normalize(g.a_text)) + " "
    key_b = " " + sentence_key(normalize(g.b_text)) + " "
    for j in g.b_index:
        s = sb[j]
        words = word_spans(text_b[s.start:s.end])
        low = [w.lower() for w, *_ in words]
        for i in range(len(low) - 2):
            if low[i + 1] != "of":
                continue
            k = i + 2
            head, noun = low[i], low[k]
            if (len(head) < 3 or len(noun) < 3 or head in _CONTINUES or noun in _CONTINUES
                    or noun in _DETERMINERS or head in _DETERMINERS
                    or not (head.isalpha() and noun.isalpha())
                    or (i > 0 and low[i - 1] in _DETERMINERS)):
                continue  # MT drops the article: "boats of rescue", not "the boats of ..."
            if f" {noun} {head} " in key_a and f" {noun} {head} " not in key_b:
                start, end = s.start + words[i][1], s.start + words[k][2]
                out.append(Artifact("word_order", text_b[start:end], (start, end),
                                    f"A has {noun + ' ' + head!r}: the compound was turned "
                                    f"inside out", "low"))
    return out


def _word_order_artifacts(groups: Sequence[Alignment], text_b: str, sb: Sequence[Sentence]
                          ) -> list[Artifact]:
    out: list[Artifact] = []
    for g in groups:
        if g.op != "reworded":
            continue
        out.extend(_inversions(g, text_b, sb))
        if len(g.b_index) != 1:
            continue
        wa = sentence_key(normalize(g.a_text)).split()
        wb = sentence_key(normalize(g.b_text)).split()
        shared = sum((Counter(wa) & Counter(wb)).values())
        if shared < 8 or shared < 0.6 * min(len(wa), len(wb)):
            continue
        order = common_subsequence(wa, wb) / shared
        # A human moves whole clauses (word pairs survive); a scramble breaks the pairs too.
        pairs_a = set(pairwise(wa))
        in_a = set(wa)
        pairs_b = [p for p in pairwise(wb) if p[0] in in_a and p[1] in in_a]
        kept = sum(p in pairs_a for p in pairs_b) / max(1, len(pairs_b))
        if order < 0.6 and kept < 0.5:
            s = sb[g.b_index[0]]
            out.append(Artifact("word_order", s.text, (s.start, s.end),
                                f"{shared} shared words, only {order:.0%} in the same order "
                                f"and {kept:.0%} of word pairs kept", "medium"))
    return out


# --------------------------------------------------------------------------- entry point
def _as_doc(x: Document | str, default_id: str) -> Document:
    if isinstance(x, Document):
        return x
    if isinstance(x, str):
        return Document(default_id, x)
    raise InvalidParameterError(
        f"diff takes a Document or a str. Got {type(x).__name__} instead.")


def _score(artifacts: Sequence[Artifact], sentences: int) -> float:
    weight = sum(_SEVERITY_WEIGHT[a.severity] for a in artifacts)
    density = weight / max(1.0, sentences / 25)
    return 1.0 - math.exp(-density / 3.0)


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
    entries: list[tuple[tuple[float, int, int], Alignment]] = []
    b_owner: dict[int, tuple[float, int, int]] = {}
    for ia, ib, score in groups:
        at = " ".join(sa[i].text for i in ia)
        bt = " ".join(sb[j].text for j in ib)
        same = sentence_key(normalize(at)) == sentence_key(normalize(bt))
        op: Op = "kept" if same else "reworded"
        changes = () if same else _changes(text_a, text_b, sa, sb, ia, ib)
        key = (float(min(ia)), 0, 0)
        entries.append((key, Alignment(op, ia, ib, at, bt, 1.0 if same else score / 100.0,
                                       changes)))
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
    alignment = tuple(e for _, e in entries)
    wa, wb = _words(_keys(sa)), _words(_keys(sb))
    hit_a = np.zeros(len(sa), dtype=bool)
    hit_b = np.zeros(len(sb), dtype=bool)
    for ia, ib, _ in groups:
        hit_a[list(ia)] = True
        hit_b[list(ib)] = True
    cov_a = float(wa[hit_a].sum() / wa.sum()) if wa.sum() else 1.0
    cov_b = float(wb[hit_b].sum() / wb.sum()) if wb.sum() else 1.0
    artifacts = [*_name_artifacts(text_a, text_b, sa, sb, transliterations),
                 *_doubled_artifacts(text_a, text_b, sb), *_spacing_artifacts(text_a, text_b),
                 *_fragment_artifacts(text_b, sb, alignment),
                 *_word_order_artifacts(alignment, text_b, sb)]
    artifacts.sort(key=lambda x: (x.span, x.kind))
    return Diff(da.id, db.id, text_a, text_b, tuple(sa), tuple(sb), alignment, tuple(artifacts),
                cov_a, cov_b, _score(artifacts, len(sb)))


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
