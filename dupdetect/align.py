"""Sentences and their fuzzy alignment between two stories (rapidfuzz lives here).

:func:`split_sentences` splits news text into sentences with character spans, robust to
abbreviations ("U.S.", "Gen.", "Jan."), initials, decimal numbers and closing quotes.
:func:`similarity_matrix` scores every sentence of A against every sentence of B with one
rapidfuzz ``cdist`` call, and :func:`coverage` turns the best match of each sentence into the
share of each story's words that has a counterpart in the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .shingle import tokenize

__all__ = [
    "Sentence",
    "close_matches",
    "consistent",
    "coverage",
    "matches",
    "similarity_matrix",
    "split_sentences",
    "substitutions",
]

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm gov sen rep rev hon st sr jr co corp
    inc ltd no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd
    dept est approx fig al pres supt u.s u.k u.n e.u a.m p.m i.e e.g ph.d
    """.split()
)
# A candidate boundary: terminal punctuation, closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_FACT_WORD = re.compile(r"[^\W_]+(?:[.,:'][^\W_]+)*")
_NAME_CUTOFF = 80.0
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"'”’»)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text: its characters ``text[start:end]`` and its paragraph index."""

    text: str
    start: int
    end: int
    paragraph: int

    @property
    def words(self) -> int:
        return len(tokenize(self.text.lower()))


def _is_boundary(text: str, end_punct: int, next_start: int) -> bool:
    nxt = text[next_start] if next_start < len(text) else ""
    if not nxt:
        return True
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«([" or not nxt.isalpha()):
        return False
    if text[end_punct] != ".":
        return True
    m = _WORD_BEFORE.search(text[: end_punct + 1])
    word = m.group(1).lower().rstrip(".") if m else ""
    if word in _ABBREVIATIONS:
        return False
    # An initial ("J. Smith", "V.V. Putin") or a lone capital letter.
    return not all(len(part) == 1 and part.isalpha() for part in word.split("."))


def split_sentences(text: str) -> list[Sentence]:
    """Split text (one paragraph per line) into sentences with character spans.

    Examples
    --------
    >>> [s.text for s in split_sentences('Gen. Ruiz met U.S. envoys. "We agree," he said.')]
    ['Gen. Ruiz met U.S. envoys.', '"We agree," he said.']
    """
    out: list[Sentence] = []
    offset = 0
    for p_index, line in enumerate(text.split("\n")):
        start = 0
        for m in _BOUNDARY.finditer(line):
            if _is_boundary(line, m.start(), m.end()):
                piece = line[start : m.end()].rstrip()
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    out.append(Sentence(piece.strip(), offset + start + lead,
                                        offset + start + len(piece), p_index))
                start = m.end()
        piece = line[start:]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            out.append(Sentence(stripped, offset + start + lead,
                                offset + start + lead + len(stripped), p_index))
        offset += len(line) + 1
    return out


def _key(sentence: str) -> str:
    return " ".join(tokenize(sentence.lower()))


def similarity_matrix(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Fuzzy similarity (0-100) of every sentence of ``a`` with every sentence of ``b``.

    Sentences are compared as their lower-cased word sequences with the better of rapidfuzz's
    ``ratio`` (edit similarity) and ``token_sort_ratio`` (the same, after sorting the words, which
    forgives the word-order scrambling of machine translation).

    Examples
    --------
    >>> m = similarity_matrix(["The dam broke."], ["the dam broke", "Rain fell all day."])
    >>> m.shape, int(m[0, 0])
    ((1, 2), 100)
    """
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    ka = [_key(s) for s in a]
    kb = [_key(s) for s in b]
    ratio = process.cdist(ka, kb, scorer=fuzz.ratio, dtype=np.float32)
    sort = process.cdist(ka, kb, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    return np.maximum(ratio, sort)


def _is_fact(word: str, position: int) -> bool:
    """A number, or a capitalised word that does not start its sentence."""
    if any(c.isdigit() for c in word):
        return True
    return position > 0 and word[0].isupper()


def substitutions(a: str, b: str) -> list[tuple[str, str]]:
    """Facts of ``a`` replaced by different facts in ``b`` (numbers, names), word-aligned.

    The two sentences are aligned word by word (Levenshtein opcodes over words); where a run of
    words was replaced and both runs hold a number or a name, and the names are not respellings
    of each other (similarity under the cutoff), the pair is reported.

    Examples
    --------
    >>> substitutions("In Brest it is 10 degrees.", "In Gomel it is 11 degrees.")
    [('Brest', 'Gomel'), ('10', '11')]
    >>> substitutions("Governor Vaarandi said 145 left.", "Governor Varandi said that 145 left.")
    []
    """
    wa, wb = _FACT_WORD.findall(a), _FACT_WORD.findall(b)
    out: list[tuple[str, str]] = []
    for opcode in Levenshtein.opcodes(wa, wb):
        if opcode.tag != "replace":
            continue
        i1, i2, j1, j2 = opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end
        fa = [w for k, w in enumerate(wa[i1:i2], i1) if _is_fact(w, k)]
        fb = [w for k, w in enumerate(wb[j1:j2], j1) if _is_fact(w, k)]
        if not fa or not fb:
            continue
        for w in fa:
            if w in fb:
                continue
            if any(c.isdigit() for c in w):
                other = next((x for x in fb if any(c.isdigit() for c in x)), None)
            else:
                hit = process.extractOne(w, fb, scorer=fuzz.ratio, score_cutoff=_NAME_CUTOFF)
                other = None if hit is not None else next(
                    (x for x in fb if not any(c.isdigit() for c in x)), None)
            if other is not None:
                out.append((w, other))
    return out


def consistent(a: str, b: str) -> bool:
    """Whether two aligned sentences state the same facts: no number or name was replaced.

    Templated texts (weather reports, fixtures, listings) align sentence by sentence but differ
    in exactly these words; real copies and rewrites keep them (names may be respelled, and
    one side may add or drop a fact, but not swap one for another).

    Examples
    --------
    >>> consistent("In Brest it is 10 degrees.", "In Gomel it is 11 degrees.")
    False
    >>> consistent("Vaarandi said 145 left.", "Varandi said that 145 people left.")
    True
    """
    return not substitutions(a, b)


def matches(matrix: np.ndarray, *, cutoff: float, a: Sequence[str] | None = None,
            b: Sequence[str] | None = None) -> np.ndarray:
    """Boolean matrix of sentence pairs that count as counterparts.

    A pair counts when its similarity is ``>= cutoff`` and, when the sentence texts are given,
    the two are :func:`consistent` (same numbers and names).
    """
    hits = matrix >= cutoff
    if a is not None and b is not None:
        for i, j in zip(*np.nonzero(hits), strict=True):
            if not consistent(a[i], b[j]):
                hits[i, j] = False
    return hits


def coverage(words_a: np.ndarray, words_b: np.ndarray, hits: np.ndarray) -> tuple[float, float]:
    """Share of A's words (and of B's) in sentences that have a counterpart (see :func:`matches`).

    Examples
    --------
    >>> hits = np.array([[True, False], [False, False]])
    >>> coverage(np.array([10, 30]), np.array([5, 5]), hits)
    (0.25, 0.5)
    """
    total_a, total_b = float(words_a.sum()), float(words_b.sum())
    if hits.size == 0 or total_a == 0 or total_b == 0:
        return 0.0, 0.0
    hit_a = hits.any(axis=1)
    hit_b = hits.any(axis=0)
    return float(words_a[hit_a].sum()) / total_a, float(words_b[hit_b].sum()) / total_b


def close_matches(words: Sequence[str], choices: Sequence[str], *,
                  cutoff: float) -> list[tuple[str, str, float]]:
    """For each word, its most similar choice with similarity in ``[cutoff, 100)``.

    Examples
    --------
    >>> close_matches(["Varandi", "Korvala"], ["Vaarandi", "Korvala"], cutoff=80)
    [('Varandi', 'Vaarandi', 93.33333333333333)]
    """
    out: list[tuple[str, str, float]] = []
    if not choices:
        return out
    for word in words:
        hit = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is not None and hit[1] < 100:
            out.append((word, hit[0], float(hit[1])))
    return out
