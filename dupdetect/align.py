"""Sentences and their fuzzy alignment between two stories (rapidfuzz lives here).

:func:`split_sentences` splits news text into sentences with character spans, robust to
abbreviations ("U.S.", "Gen.", "Jan."), initials, decimal numbers and closing quotes.
:func:`similarity_matrix` scores every sentence of A against every sentence of B with one
rapidfuzz ``cdist`` call, and :func:`coverage` turns the best match of each sentence into the
share of each story's words that has a counterpart in the other.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from . import kernels
from ._marks import MARK
from .normalize import lower, normalize
from .shingle import IDEOGRAPHS, tokenize, word_pattern

__all__ = [
    "WORD",
    "Sentence",
    "Similarities",
    "common_subsequence",
    "consistent",
    "content_similarity",
    "could_match",
    "coverage",
    "figures",
    "figures_kept",
    "joined_key",
    "key_positions",
    "key_similarity",
    "key_words",
    "matches",
    "normalized_key",
    "pair_similarity",
    "sentence_key",
    "sentence_keys",
    "similarity_matrix",
    "spans_of",
    "spelling_similarity",
    "split_sentences",
    "substitutions",
    "word_opcodes",
    "word_spans",
]

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm gov sen rep rev hon st sr jr co corp
    inc ltd vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd
    dept est approx fig al pres supt u.s u.k u.n e.u a.m p.m i.e e.g ph.d
    """.split()
)
# A candidate boundary: terminal punctuation (with the Arabic question mark and the Urdu full
# stop), closing quotes/brackets, then whitespace; or a stop that needs no space after it: the
# full stop, exclamation and question mark of Chinese and Japanese, the Devanagari danda and
# double danda. Written to open on one character class, so that the regex engine skips to the
# stops (2-4x faster than the plain form ``[.!?…؟۔]+[closers]*\s+|[。！？｡।॥]+[closers]*\s*``,
# which it equals).
_STOPS = ".!?…؟۔"
_STOPS_ALONE = "。！？｡।॥"
#: What may follow the stops of a sentence: closing quotes and brackets (after the stops that
#: need no space, also the CJK ones, 」』）).
_CLOSERS = "\"'”’»)]"
_BOUNDARY = re.compile(rf"[{_STOPS}{_STOPS_ALONE}](?:(?<=[{_STOPS}])[{_STOPS}]*"
                       rf"[{re.escape(_CLOSERS)}]*\s+"
                       rf"|(?<=[{_STOPS_ALONE}])[{_STOPS_ALONE}]*[{re.escape(_CLOSERS)}」』）]*\s*)")
# A word of the fact check: letters and digits joined by inner points, commas, colons (times),
# apostrophes and slashes ("31/32", "4/2/87": a fraction or a date is one figure); an ideograph
# is a word alone, as in :func:`dupdetect.shingle.tokenize`.
_FACT_WORD = re.compile(word_pattern(".,:'/"))
#: :data:`_FACT_WORD` for ASCII text (``[^\W_]`` is ``[A-Za-z0-9]`` there; no marks, no
#: ideographs): the same words, 2.4x faster.
_FACT_WORD_ASCII = re.compile(r"[A-Za-z0-9]+(?:[.,:'/][A-Za-z0-9]+)*")
#: One combining mark (:data:`dupdetect._marks.MARKS`): part of the word before it.
_MARK = re.compile(MARK)
_NAME_CUTOFF = 80.0
#: Sentences of fewer words never count as counterparts (list numbers, captions, labels).
_MIN_FUZZY_WORDS = 3
#: Counterparts tried per sentence, best first, before it is left without one.
_MAX_TRIES = 3
_WORD_WINDOW = 64


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


def _word_before(text: str, end_punct: int) -> str:
    """The word (letters, digits, inner points) ending just before the terminal punctuation at
    ``end_punct``, lower case, without trailing points: "U.S." -> "u.s". Scans back at most
    ``_WORD_WINDOW`` characters, so splitting stays linear in the length of a line."""
    # Mostly the word runs back to a space, all letters: the scan would stop there.
    space = text.rfind(" ", max(0, end_punct - _WORD_WINDOW), end_punct)
    if space >= 0:
        word = text[space + 1:end_punct]
        if word.isalpha():
            return word.lower()
    return _scan_word_before(text, end_punct)


def _scan_word_before(text: str, end_punct: int) -> str:
    """:func:`_word_before`, by scanning back a character at a time."""
    k = end_punct + 1
    low = max(0, end_punct - _WORD_WINDOW)
    while k > low and text[k - 1] in ".!?…":
        k -= 1
    j = k
    while j > low and (text[j - 1].isalnum() or text[j - 1] in "_."
                       or _MARK.match(text, j - 1) is not None):
        j -= 1
    return text[j:k].lower()


def _is_boundary(text: str, end_punct: int, next_start: int) -> bool:
    nxt = text[next_start] if next_start < len(text) else ""
    if not nxt or text[end_punct] in _STOPS_ALONE:
        return True
    if nxt.islower():  # scripts without capitals (Arabic, Hebrew, Hindi...) start anyhow
        return False
    if text[end_punct] != ".":
        return True
    word = _word_before(text, end_punct)
    if word in _ABBREVIATIONS:
        return False
    if word in ("no", "nos") and nxt.isdigit():  # "No. 5"
        return False
    if nxt.isalpha() and not nxt.isupper() and sum(map(str.isalpha, word)) <= 2:
        return False  # before a letter without case: "डॉ. अजय", "श्री. राम" (Dr, Shri)
    # An initial ("J. Smith", "V.V. Putin") or a lone capital letter.
    return not all(len(part) == 1 and part.isalpha() for part in word.split("."))


def split_sentences(text: str) -> list[Sentence]:
    """Split text (one paragraph per line) into sentences with character spans.

    Once the kernels are loaded (:func:`dupdetect.kernels.warm`, as ``Detector.fit`` does for a
    large input), ASCII text is split by a compiled kernel (:data:`dupdetect.kernels.sentences`)
    that follows the same rules byte by byte, 2.2x faster on the synthetic stories
    (``benchmarks/kernel_speed.py``); other text, and any text before that (a lone ``diff``
    does not load numba for a few sentences), by the regex and string code
    (:func:`_split_sentences`). Both give the same sentences.

    Examples
    --------
    >>> [s.text for s in split_sentences('Gen. Ruiz met U.S. envoys. "We agree," he said.')]
    ['Gen. Ruiz met U.S. envoys.', '"We agree," he said.']
    """
    if kernels.loaded(kernels.sentences) and text.isascii():
        return _split_ascii(text)
    return _split_sentences(text)


def _split_sentences(text: str) -> list[Sentence]:
    """:func:`split_sentences` by regex and string methods (the kernel's twin)."""
    out: list[Sentence] = []
    offset = 0
    finditer = _BOUNDARY.finditer
    for p_index, line in enumerate(text.split("\n")):
        start = 0
        for m in finditer(line):
            end = m.end()
            if _is_boundary(line, m.start(), end):
                piece = line[start:end]
                stripped = piece.strip()
                if stripped:
                    at = offset + start + len(piece) - len(piece.lstrip())
                    out.append(Sentence(stripped, at, at + len(stripped), p_index))
                start = end
        piece = line[start:] if start else line
        stripped = piece.strip()
        if stripped:
            at = offset + start + len(piece) - len(piece.lstrip())
            out.append(Sentence(stripped, at, at + len(stripped), p_index))
        offset += len(line) + 1
    return out


def _ascii_classes() -> np.ndarray:
    """The byte classes of :data:`dupdetect.kernels.sentences`, from the string predicates and
    character sets the regex and string code use."""
    out = np.zeros(256, dtype=np.uint8)
    for c in range(128):
        ch = chr(c)
        out[c] = (ch.isspace() * 1 | (ch in _STOPS) * 2 | (ch in _CLOSERS) * 4
                  | ch.isalnum() * 8 | ch.islower() * 16 | ch.isdigit() * 32)
    return out


def _packed(word: str) -> int:
    """A short ASCII word as the kernel packs it: its bytes as a little-endian integer."""
    return int.from_bytes(word.encode("ascii"), "little")


_ASCII_CLASSES = _ascii_classes()
#: The abbreviations as the kernel looks them up (none is longer than 8 bytes).
_PACKED_ABBREVIATIONS = np.array(sorted(_packed(w) for w in _ABBREVIATIONS), dtype=np.uint64)
_PACKED_NO, _PACKED_NOS = np.uint64(_packed("no")), np.uint64(_packed("nos"))


def _split_ascii(text: str) -> list[Sentence]:
    """:func:`split_sentences` of an ASCII text, by the kernel."""
    codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    # A sentence ends on a stop or at the end of a line, and holds one character at least.
    most = text.count(".") + text.count("!") + text.count("?") + text.count("\n") + 1
    starts = np.empty(most, dtype=np.int64)
    ends = np.empty(most, dtype=np.int64)
    paragraphs = np.empty(most, dtype=np.int64)
    assert kernels.sentences is not None
    n = kernels.sentences(codes, _ASCII_CLASSES, _PACKED_ABBREVIATIONS, _PACKED_NO, _PACKED_NOS,
                          _WORD_WINDOW, starts, ends, paragraphs)
    return [Sentence(text[a:b], a, b, p) for a, b, p in
            zip(starts[:n].tolist(), ends[:n].tolist(), paragraphs[:n].tolist(), strict=True)]


#: :data:`dupdetect.shingle.TOKEN_PATTERN` for lower-case ASCII text (``[^\W_]`` is
#: ``[a-z0-9]`` there).
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:['.,][a-z0-9]+)*")
_ASCII_WORD_BYTES = re.compile(_ASCII_WORD.pattern.encode("ascii"))
_WORD_PUNCT = b"'.,"
#: ASCII bytes -> the byte :data:`_ASCII_WORD` reads: letters lower-cased, the backquote an
#: apostrophe (as :func:`normalize` writes it), letters, digits and ``'.,`` kept, the rest a
#: space (no word holds it).
_ASCII_KEY_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else 39 if c == 96
    else c if (97 <= c <= 122 or 48 <= c <= 57 or c in _WORD_PUNCT) else 32
    for c in range(256))


@lru_cache(maxsize=1 << 15)
def normalized_key(sentence: str) -> str:
    """``sentence_key(normalize(sentence))``, cached.

    ASCII needs only the backquote rule of :func:`normalize`: ASCII is its own NFKC form and
    has no dash or quote variants, and spacing and case do not change the words of a key.
    """
    if sentence.isascii():
        # TOKEN_PATTERN on lower-case ASCII: the same words, found a third faster.
        return " ".join(_ASCII_WORD.findall(sentence.replace("`", "'").lower()))
    return sentence_key(normalize(sentence))


def sentence_keys(text: str, sentences: Sequence[Sentence]) -> list[str]:
    """:func:`normalized_key` of each of the sentences of ``text`` (``split_sentences(text)``,
    or any sentences with ``text[s.start:s.end] == s.text``), at once.

    An ASCII text is read in one pass: by a compiled kernel (:data:`dupdetect.kernels.key_words`)
    once the kernels are loaded, as for :func:`split_sentences`; else translated once to the
    bytes the key's regex reads, each sentence's words found in place
    (:func:`_ascii_keys_bytes`, 2.4x slower on the synthetic stories:
    ``benchmarks/kernel_speed.py``). Both give the regex's words. Other texts go sentence by
    sentence.

    Examples
    --------
    >>> text = "The dam broke. Crews didn`t stop!"
    >>> sentence_keys(text, split_sentences(text))
    ['the dam broke', "crews didn't stop"]
    """
    if not text.isascii():
        return [normalized_key(s.text) for s in sentences]
    if kernels.loaded(kernels.key_words):
        return _ascii_keys(text, sentences)
    return _ascii_keys_bytes(text, sentences)


def _ascii_keys_bytes(text: str, sentences: Sequence[Sentence]) -> list[str]:
    """:func:`sentence_keys` of an ASCII text, by bytes methods and the regex (the kernel's
    twin)."""
    # The words of _ASCII_WORD without running it over every character (a third faster): the
    # text translated to the bytes it reads, each sentence split on spaces into runs of
    # letters, digits and ``'.,``. A run of letters and digits is a word; so is a run that is
    # one once its end points are stripped (a match starts and ends on a letter or digit);
    # only a run with a point inside ("u.s", "1,500", "didn't") goes to the regex.
    low = text.encode("ascii").translate(_ASCII_KEY_BYTES)
    find = _ASCII_WORD_BYTES.findall
    out = []
    for s in sentences:
        words: list[bytes] = []
        for run in low[s.start:s.end].split():
            if run.isalnum():
                words.append(run)
                continue
            inner = run.strip(_WORD_PUNCT)
            if inner.isalnum():
                words.append(inner)
            elif inner:
                words.extend(find(inner))
        out.append(b" ".join(words).decode("ascii"))
    return out


def _ascii_keys(text: str, sentences: Sequence[Sentence]) -> list[str]:
    """:func:`sentence_keys` of an ASCII text, by the kernel (the same words as the regex)."""
    codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    starts = np.fromiter((s.start for s in sentences), dtype=np.int64, count=len(sentences))
    ends = np.fromiter((s.end for s in sentences), dtype=np.int64, count=len(sentences))
    # A key is never longer than its sentence (sentences may overlap here).
    out = np.empty(max(int(np.maximum(ends - starts, 0).sum()), 1), dtype=np.uint8)
    bounds = np.empty(len(sentences) + 1, dtype=np.int64)
    assert kernels.key_words is not None
    kernels.key_words(codes, _ASCII_KEY_TABLE, _ASCII_KEY_KINDS, starts, ends, out, bounds)
    joined = out[:bounds[-1]].tobytes().decode("ascii")
    edges = bounds.tolist()
    return [joined[edges[k]:edges[k + 1]] for k in range(len(sentences))]


#: :data:`_ASCII_KEY_BYTES` as the kernel reads it, and what each byte it gives is to
#: :data:`_ASCII_WORD`: 1 a letter or digit, 2 a point that may join two runs of them.
_ASCII_KEY_TABLE = np.frombuffer(_ASCII_KEY_BYTES, dtype=np.uint8).copy()
_ASCII_KEY_KINDS = np.array([1 if bytes([c]).isalnum() else 2 if c in _WORD_PUNCT else 0
                             for c in range(256)], dtype=np.uint8)

#: A space between two ideographs in a key.
_IDEOGRAPH_SPACE = re.compile(rf"(?<=[{IDEOGRAPHS}]) (?=[{IDEOGRAPHS}])")


def sentence_key(sentence: str) -> str:
    """The form in which sentences are compared: lower-cased words joined by one space, but
    ideographs (Chinese, Japanese: a word each) joined without one, as they are written.

    Examples
    --------
    >>> sentence_key('"We Will Rebuild," she said.')
    'we will rebuild she said'
    >>> sentence_key("Apple公司发布了新款iPhone。")
    'apple 公司发布了新款 iphone'
    """
    key = " ".join(tokenize(lower(sentence)))
    return key if key.isascii() else _IDEOGRAPH_SPACE.sub("", key)


def key_words(key: str) -> int:
    """The number of words of a :func:`sentence_key` (every ideograph is one).

    Examples
    --------
    >>> key_words("we will rebuild"), key_words("apple 公司发布了新款 iphone"), key_words("")
    (3, 9, 0)
    """
    if key.isascii():
        return key.count(" ") + 1 if key else 0
    return len(tokenize(key))


@lru_cache(maxsize=1 << 15)
def _sorted_words(key: str) -> str:
    """A sentence key with its words sorted (cached: a sentence meets many others)."""
    return " ".join(sorted(key.split()))


def similarity_matrix(a: Sequence[str], b: Sequence[str], *, keyed: bool = False,
                      score_cutoff: float = 0.0) -> np.ndarray:
    """Fuzzy similarity (0-100) of every sentence of ``a`` with every sentence of ``b``.

    Sentences are compared as their :func:`sentence_key` with the better of rapidfuzz's
    ``ratio`` (edit similarity) and ``token_sort_ratio`` (the same, after sorting the words, which
    forgives the word-order scrambling of machine translation). ``keyed=True`` says the inputs
    are keys already; scores under ``score_cutoff`` are reported as 0 (faster).

    Examples
    --------
    >>> m = similarity_matrix(["The dam broke."], ["the dam broke", "Rain fell all day."])
    >>> m.shape, int(m[0, 0])
    ((1, 2), 100)
    """
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    ka = list(a) if keyed else [sentence_key(s) for s in a]
    kb = list(b) if keyed else [sentence_key(s) for s in b]
    return _best_of_ratios(process.cdist, ka, kb, score_cutoff)


def _best_of_ratios(compute: Any, ka: list[str], kb: list[str], cutoff: float) -> np.ndarray:
    """The better of ``ratio`` and ``token_sort_ratio`` of keys, by rapidfuzz's ``compute``:
    ``process.cdist`` (every key of ``ka`` with every key of ``kb``) or ``process.cpdist``
    (``ka[k]`` with ``kb[k]``)."""
    ratio = compute(ka, kb, scorer=fuzz.ratio, dtype=np.float32, score_cutoff=cutoff)
    # token_sort_ratio is ratio on the sorted words: sort each sentence once, not per cell.
    sort = compute([_sorted_words(k) for k in ka], [_sorted_words(k) for k in kb],
                   scorer=fuzz.ratio, dtype=np.float32, score_cutoff=cutoff)
    return np.maximum(ratio, sort)


class Similarities:
    """:func:`similarity_matrix` of two texts' sentence keys at one cutoff, computed a block at
    a time as cells are asked for and never twice: the counterpart search
    (:func:`matches`) and the translation check's alignment read the same cells.

    Examples
    --------
    >>> sims = Similarities(["the dam broke", "rain fell"], ["the dam broke down"], 60.0)
    >>> sims.block(np.array([0, 1]), np.array([0])).astype(int).tolist()
    [[83], [0]]
    """

    def __init__(self, keys_a: Sequence[str], keys_b: Sequence[str], cutoff: float) -> None:
        self.keys_a, self.keys_b, self.cutoff = list(keys_a), list(keys_b), float(cutoff)
        self.values = np.zeros((len(keys_a), len(keys_b)), dtype=np.float32)
        self.known = np.zeros(self.values.shape, dtype=bool)

    def block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The similarities of ``rows`` x ``cols`` (index arrays), under the cutoff as 0."""
        cells = np.ix_(rows, cols)
        unknown = ~self.known[cells]
        if unknown.any():
            # The rows and columns with an unknown cell: one rectangle (a known cell in it is
            # computed again, to the same value).
            need_r, need_c = rows[unknown.any(axis=1)], cols[unknown.any(axis=0)]
            fill = np.ix_(need_r, need_c)
            self.values[fill] = similarity_matrix(
                [self.keys_a[i] for i in need_r], [self.keys_b[j] for j in need_c], keyed=True,
                score_cutoff=self.cutoff)
            self.known[fill] = True
        return self.values[cells]

    def cells(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The similarities of the cells ``(rows[k], cols[k])``, under the cutoff as 0."""
        unknown = ~self.known[rows, cols]
        if unknown.any():
            r, c = rows[unknown], cols[unknown]
            self.values[r, c] = _best_of_ratios(
                process.cpdist, [self.keys_a[i] for i in r.tolist()],
                [self.keys_b[j] for j in c.tolist()], self.cutoff)
            self.known[r, c] = True
        return self.values[rows, cols]


#: Capitalised only because they start a sentence; never names.
_CAPITALISED_FUNCTION_WORDS = frozenset(
    """
    the a an in on at for by with from to of this that these those his her its their our my your
    after before as when while but and or if it he she they we i you there here then also so
    however meanwhile earlier later today yesterday
    """.split()
)
#: Numbers written as words count as numbers ("four cts" vs "five cts" is a changed figure).
_NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion half dozen
    один одна два две три четыре пять шесть семь восемь девять десять сто тысяча миллион
    миллиард
    """.split()
)


@lru_cache(maxsize=1 << 16)
def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or word.lower() in _NUMBER_WORDS


class _Words:
    """The words of a sentence as :func:`substitutions` reads them (:func:`_words_of`), and
    what :func:`_absent` looks up in them, computed when first asked for: most sentences
    compared never need it."""

    __slots__ = ("_folded", "_names", "set", "words")

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self.set = frozenset(words)
        self._folded: frozenset[str] | None = None
        self._names: tuple[str, ...] | None = None

    @property
    def folded(self) -> frozenset[str]:
        """The words casefolded: a headline writes names in capitals."""
        if self._folded is None:
            self._folded = frozenset(w.casefold() for w in self.words)
        return self._folded

    @property
    def names(self) -> tuple[str, ...]:
        """The capitalised words that are not numbers, casefolded and distinct, in order: what
        a name may be respelled as."""
        if self._names is None:
            self._names = tuple(dict.fromkeys(
                w.casefold() for w in self.words if w[0].isupper() and not _is_number(w)))
        return self._names


@lru_cache(maxsize=1 << 14)
def _words_of(sentence: str) -> _Words:
    """The words of a sentence as :func:`substitutions` reads them."""
    return _Words(tuple((_FACT_WORD_ASCII if sentence.isascii() else _FACT_WORD).findall(
        sentence)))


def _fact_missing(words: Sequence[str], own: frozenset[str], other: frozenset[str]) -> bool:
    """Whether a fact of a sentence (:func:`_is_fact`; ``words`` and ``own`` from
    :func:`_words_of`) is not a word of another sentence (``other``). Only the words the other
    lacks are read: a copied sentence has few of them."""
    for w in own - other:
        # Past the first word, a fact is a number or a capitalised word; the first word is one
        # only as _is_fact says, unless it also comes later.
        if ((w[0].isupper() or _is_number(w))
                and (w != words[0] or _is_fact(words, 0) or w in words[1:])):
            return True
    return False


def _is_fact(words: Sequence[str], k: int) -> bool:
    """A number, or a capitalised word that is a name: not the first word of its sentence,
    unless a capitalised word follows it ("Mead Corp said", "Northern Trust Corp said") and it
    is not a function word ("The Federal Reserve")."""
    word = words[k]
    if _is_number(word):
        return True
    if not word[0].isupper():
        return False
    if k > 0:
        return True
    return (len(words) > 1 and words[1][:1].isupper()
            and word.lower() not in _CAPITALISED_FUNCTION_WORDS)


def _absent(word: str, others: _Words) -> bool:
    """``word`` is nowhere in ``others``, in any case (a headline writes names in capitals:
    "SÜLEYMANİ" is "Süleymani"); names: not even respelled within the cutoff."""
    if word in others.set:
        return False
    folded = word.casefold()
    if folded in others.folded:
        return False
    if _is_number(word):
        return True
    return not others.names or process.extractOne(folded, others.names, scorer=fuzz.ratio,
                                                  score_cutoff=_NAME_CUTOFF) is None


def _replaced(a: _Words, b: _Words) -> Iterator[tuple[str, str]]:
    """The facts of ``a`` replaced by facts of ``b`` (:func:`substitutions`, one way), in order,
    found as they are asked for: :func:`consistent` needs only the first."""
    wa, wb = a.words, b.words
    for opcode in Levenshtein.opcodes(wa, wb):
        if opcode.tag != "replace":
            continue
        fa = [wa[k] for k in range(opcode.src_start, opcode.src_end) if _is_fact(wa, k)]
        if not fa:
            continue
        fb = [wb[k] for k in range(opcode.dest_start, opcode.dest_end) if _is_fact(wb, k)]
        for w in fa:
            if not fb or not _absent(w, b):
                continue
            other = next((x for x in fb if _is_number(x) == _is_number(w) and _absent(x, a)),
                         None)
            if other is not None:
                yield w, other


def _facts_apart(a: str, b: str) -> tuple[_Words, _Words] | None:
    """The words of two sentences, or None if neither can have a fact the other replaced: a
    substitution needs a fact on each side that the other side lacks as a word."""
    if a == b:
        return None
    wa, wb = _words_of(a), _words_of(b)
    if not (_fact_missing(wa.words, wa.set, wb.set) and _fact_missing(wb.words, wb.set, wa.set)):
        return None
    return wa, wb


def substitutions(a: str, b: str) -> list[tuple[str, str]]:
    """Facts (numbers, names) of ``a`` replaced by different facts in ``b``, word-aligned.

    The sentences are aligned word by word (Levenshtein opcodes over words, both ways); where a
    run of words was replaced, a fact of ``a`` found nowhere in ``b`` facing a fact of the same
    kind found nowhere in ``a`` is a substitution (names within the respelling cutoff of each
    other are the same name). The result does not depend on the order of the arguments, up to
    the order of each reported pair.

    Examples
    --------
    >>> substitutions("In Brest it is 10 degrees.", "In Gomel it is 11 degrees.")
    [('Brest', 'Gomel'), ('10', '11')]
    >>> substitutions("Governor Vaarandi said 145 left.", "Governor Varandi said that 145 left.")
    []
    """
    words = _facts_apart(a, b)
    if words is None:
        return []
    wa, wb = words
    found = list(_replaced(wa, wb))
    seen = set(found)
    found += [(x, y) for y, x in _replaced(wb, wa) if (x, y) not in seen]
    return found


def consistent(a: str, b: str) -> bool:
    """Whether two aligned sentences state the same facts: no number or name was replaced
    (:func:`substitutions` finds none; this stops at the first).

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
    words = _facts_apart(a, b)
    if words is None:
        return True
    wa, wb = words
    return next(_replaced(wa, wb), None) is None and next(_replaced(wb, wa), None) is None


#: A figure: a decimal ("6.25"), a number with thousands separators ("295,000"), a fraction
#: ("15/16"; not a date such as "07/14/2018") or a whole number of three or more digits.
#: Digits grouped by spaces ("10 000") are left out, as are decimal commas ("1,5").
#: It opens on a digit, so that the regex engine skips to the digits of a text (3x faster than
#: the same pattern opening on the look-behinds).
_FIGURE = re.compile(
    r"\d(?<![\w/:.,]\d)(?<!\d[ \u00a0\u202f]\d)"
    r"(?:\d*\.\d+|\d{0,2}(?:,\d{3})+|\d?/\d{1,2}(?!/\d)|\d{2,})"
    r"(?![\w/:]|[.,]\d|[ \u00a0\u202f]\d{3}(?!\d))")
_YEAR = re.compile(r"(?:19|20)\d\d")


def figures(text: str) -> frozenset[str]:
    """The figures a story reports: decimals, numbers with thousands separators, fractions and
    whole numbers of three or more digits, as written. Years, dates, times and small counts
    are left out: a web page adds its own (captions, time stamps), and a copy may date its
    events differently.

    Examples
    --------
    >>> sorted(figures("Rates eased to 6-3/4 pct from 6.25 on 07/14/2018 at 08:04, with 1,500 "
    ...                "jobs, 480 tonnes and 12 ships in 1987."))
    ['1,500', '3/4', '480', '6.25']
    """
    return frozenset(f for f in _FIGURE.findall(text)
                     if not (len(f) == 4 and _YEAR.fullmatch(f)))


def figures_kept(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Share of the figures of the story with fewer of them that the other story also has, or
    None when either has fewer than two (too few to tell). A copy keeps its figures; the same
    template filled in for another day or another company does not.

    Examples
    --------
    >>> figures_kept(frozenset({"1.5", "6.25", "3/8"}), frozenset({"2.5", "6.14", "3/8", "7/16"}))
    0.3333333333333333
    >>> figures_kept(frozenset({"1.5"}), frozenset({"2.5", "6.14"})) is None
    True
    """
    if min(len(a), len(b)) < 2:
        return None
    return len(a & b) / min(len(a), len(b))


def key_positions(keys: Sequence[str]) -> dict[str, list[int]]:
    """Where each non-empty sentence key occurs: key -> indexes, in order.

    Examples
    --------
    >>> key_positions(["a b", "", "c", "a b"])
    {'a b': [0, 3], 'c': [2]}
    """
    where: dict[str, list[int]] = {}
    for j, k in enumerate(keys):
        if k:
            where.setdefault(k, []).append(j)
    return where


def matches(a: Sequence[str], b: Sequence[str], *, cutoff: float,
            keys_a: Sequence[str] | None = None, keys_b: Sequence[str] | None = None,
            fuzzy: bool = True, similarities: Similarities | None = None,
            in_order: bool = False, words_a: np.ndarray | None = None,
            words_b: np.ndarray | None = None) -> np.ndarray:
    """Boolean matrix: which sentences of ``a`` and ``b`` are counterparts of each other.

    Sentences with the same key match outright; the fuzzy comparison (:func:`similarity_matrix`
    at ``cutoff``, then :func:`consistent`) runs only for rows or columns left without an exact
    match, so near-identical stories cost little, and not at all with ``fuzzy=False``.
    ``similarities`` (:class:`Similarities` of the same keys and cutoff) keeps the fuzzy cells
    for a later reader.

    ``in_order=True`` is for two versions of one text (a near duplicate): an open sentence is
    first compared with the open sentences between the same two exact matches on the other side
    (:func:`_gaps`), where an edited sentence stands; only the sentences left open after that
    are compared with every sentence. Most cells are never computed, and the counterparts found
    are, but for a rare moved or reordered sentence, those of the full search.

    ``words_a`` / ``words_b`` are the :func:`key_words` of the keys, when the caller has them.

    Examples
    --------
    >>> matches(["The dam broke.", "It was 10 am."], ["the dam broke!", "It was 11 am."],
    ...         cutoff=60).tolist()
    [[True, False], [False, False]]
    """
    ka = list(keys_a) if keys_a is not None else [sentence_key(s) for s in a]
    kb = list(keys_b) if keys_b is not None else [sentence_key(s) for s in b]
    hits = np.zeros((len(ka), len(kb)), dtype=bool)
    if not ka or not kb:
        return hits
    where_b = key_positions(kb)
    for i, k in enumerate(ka):
        for j in where_b.get(k, ()):
            hits[i, j] = True
    # Fragments of a word or two ("1.", "Photo:", "Update") are no evidence of copying.
    short_a = (words_a if words_a is not None
               else np.array([key_words(k) for k in ka], dtype=np.int64)) < _MIN_FUZZY_WORDS
    short_b = (words_b if words_b is not None
               else np.array([key_words(k) for k in kb], dtype=np.int64)) < _MIN_FUZZY_WORDS
    hits[short_a, :] = False
    hits[:, short_b] = False
    open_a = np.logical_not(hits.any(axis=1)) & ~short_a
    open_b = np.logical_not(hits.any(axis=0)) & ~short_b
    if not fuzzy or (not open_a.any() and not open_b.any()):
        return hits
    sims = similarities if similarities is not None else Similarities(ka, kb, cutoff)
    search = _Search(a, b, hits, open_a, open_b, cutoff)
    if in_order:
        search.score_cells(sims, *_gaps(hits, open_a, open_b))
        search.run()
        open_a, open_b = search.need_a, search.need_b
        if not open_a.any() and not open_b.any():
            return hits
    # Fuzzy stage for the open rows (against every column) and the open columns (against the
    # matched rows): one similarity block each, no cell computed twice.
    rows_open, rows_done = np.flatnonzero(open_a), np.flatnonzero(~open_a)
    search.score(sims, rows_open, np.arange(len(kb)))
    search.score(sims, rows_done, np.flatnonzero(open_b))
    search.run()
    return hits


def could_match(a: Sequence[str], b: Sequence[str], rows: Sequence[int], cols: Sequence[int],
                similarities: Similarities) -> bool:
    """Whether :func:`matches` (fuzzy) could give one of the sentences ``rows`` of ``a`` or
    ``cols`` of ``b`` a counterpart: it has the key of a sentence of the other text, or a cell
    of ``similarities`` (the two texts' keys at the cutoff of the search) at the cutoff whose
    sentences are :func:`consistent`. A necessary condition: where it fails, the search finds
    none, so the cells of the rest of the texts need not be computed. The cells read are kept
    in ``similarities``, for the search.

    Examples
    --------
    >>> a = ["The dam burst on Monday.", "Rain fell all week."]
    >>> b = ["Rain fell all week long.", "Schools were shut."]
    >>> sims = Similarities([sentence_key(s) for s in a], [sentence_key(s) for s in b], 60.0)
    >>> could_match(a, b, [0], [1], sims), could_match(a, b, [1], [], sims)
    (False, True)
    """
    keys_a, keys_b = similarities.keys_a, similarities.keys_b
    n, m = len(keys_a), len(keys_b)
    if not n or not m:
        return False
    # The same key (a long sentence: a short one is never an exact counterpart) ...
    if any(keys_a[i] in keys_b and key_words(keys_a[i]) >= _MIN_FUZZY_WORDS for i in rows):
        return True
    if any(keys_b[j] in keys_a and key_words(keys_b[j]) >= _MIN_FUZZY_WORDS for j in cols):
        return True
    # ... or a similar and consistent sentence, short or long (the search may pair a long
    # sentence with a short one), tried best first: the cells of the rows and of the columns,
    # in one call.
    cross = np.zeros((n, m), dtype=bool)
    cross[list(rows), :] = True
    cross[:, list(cols)] = True
    cell_r, cell_c = np.nonzero(cross)
    values = similarities.cells(cell_r, cell_c)
    found = np.flatnonzero(values >= similarities.cutoff)
    found = found[np.argsort(-values[found], kind="stable")]
    return any(consistent(a[i], b[j]) for i, j in zip(cell_r[found].tolist(),
                                                         cell_c[found].tolist(), strict=True))


def _gaps(hits: np.ndarray, open_a: np.ndarray,
          open_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells (rows, columns) that pair each open row with each open column between the same
    two consecutive exact matches of a chain of matches in order on both sides (or before the
    first, or after the last): where the counterpart of an edited sentence of a near duplicate
    stands.

    Examples
    --------
    >>> hits = np.zeros((4, 5), dtype=bool); hits[0, 0] = hits[3, 4] = True
    >>> [x.tolist() for x in _gaps(hits, ~hits.any(1), ~hits.any(0))]
    [[1, 1, 1, 2, 2, 2], [1, 2, 3, 1, 2, 3]]
    """
    cells = np.argwhere(hits)  # by row, then column
    if len(cells) < 2 or (np.all(cells[1:, 0] > cells[:-1, 0])
                          and np.all(cells[1:, 1] > cells[:-1, 1])):
        chain_i, chain_j = cells[:, 0], cells[:, 1]  # in order already: the chain is all
    else:
        longest = _longest_chain(cells.tolist())
        chain_i, chain_j = (np.array(x, dtype=np.int64) for x in longest)
    rows, cols = np.flatnonzero(open_a), np.flatnonzero(open_b)
    # The gap of an open row (column): the number of chain matches before it. Both are sorted,
    # so the open columns of gap g are cols[first[g]:first[g] + size[g]]: each open row is
    # paired with those of its gap, rows in order, as a flat index into cols.
    gap_r = np.searchsorted(chain_i, rows)
    gap_c = np.searchsorted(chain_j, cols)
    first = np.searchsorted(gap_c, gap_r, side="left")
    size = np.searchsorted(gap_c, gap_r, side="right") - first
    out_r = np.repeat(rows, size)
    ends = np.cumsum(size)
    at = np.arange(len(out_r), dtype=np.int64) + np.repeat(first - (ends - size), size)
    return out_r.astype(np.int64, copy=False), cols[at].astype(np.int64, copy=False)


def _longest_chain(cells: list[list[int]]) -> tuple[list[int], list[int]]:
    """The rows and the columns of a longest chain of ``cells`` increasing on both sides (a
    longest increasing subsequence, O(n log n)); ``cells`` are sorted by row, then column.

    Examples
    --------
    >>> _longest_chain([[0, 0], [1, 4], [2, 2], [3, 3], [3, 5], [4, 1]])
    ([0, 2, 3], [0, 2, 3])
    """
    # Row by row, the columns of a row in decreasing order: then a chain strictly increasing in
    # columns takes at most one cell of a row.
    order = sorted(range(len(cells)), key=lambda k: (cells[k][0], -cells[k][1]))
    tails: list[int] = []  # the last column of the best chain of each length
    tail_at: list[int] = []  # ... and its cell
    before = [-1] * len(cells)
    for k in order:
        j = cells[k][1]
        n = bisect.bisect_left(tails, j)
        if n == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[n], tail_at[n] = j, k
        before[k] = tail_at[n - 1] if n else -1
    chain = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(cells[k])
        k = before[k]
    chain.reverse()
    return [c[0] for c in chain], [c[1] for c in chain]


class _Search:
    """The best-first search for consistent counterparts of :func:`matches`: cells are scored
    by block (:meth:`score`) or one by one (:meth:`score_cells`), then tried best first
    (:meth:`run`) while their row or column is open; a cell is never tried twice."""

    def __init__(self, a: Sequence[str], b: Sequence[str], hits: np.ndarray,
                 open_a: np.ndarray, open_b: np.ndarray, cutoff: float) -> None:
        self.a, self.b, self.hits, self.cutoff = a, b, hits, cutoff
        self.need_a, self.need_b = open_a.copy(), open_b.copy()
        self.tries_a = np.zeros(len(open_a), dtype=np.int64)
        self.tries_b = np.zeros(len(open_b), dtype=np.int64)
        self.done = hits.copy()  # cells matched or tried
        self.scores = np.zeros(hits.shape, dtype=np.float32)

    def score(self, sims: Similarities, rows: np.ndarray, cols: np.ndarray) -> None:
        """Score the block ``rows`` x ``cols``."""
        if len(rows) and len(cols):
            self.scores[np.ix_(rows, cols)] = sims.block(rows, cols)

    def score_cells(self, sims: Similarities, rows: np.ndarray, cols: np.ndarray) -> None:
        """Score the cells ``(rows[k], cols[k])``."""
        self.scores[rows, cols] = sims.cells(rows, cols)

    def run(self) -> None:
        # A row (column) needs one consistent counterpart: try candidates best first, stop there.
        scores = self.scores
        scores[self.done] = 0.0
        cand = np.argwhere(scores >= self.cutoff)
        order = np.argsort(-scores[cand[:, 0], cand[:, 1]], kind="stable")
        need_a, need_b, tries_a, tries_b = self.need_a, self.need_b, self.tries_a, self.tries_b
        for i, j in cand[order].tolist():
            row_open = need_a[i] and tries_a[i] < _MAX_TRIES
            if not (row_open or (need_b[j] and tries_b[j] < _MAX_TRIES)):
                continue
            tries_a[i] += 1
            tries_b[j] += 1
            self.done[i, j] = True
            if consistent(self.a[i], self.b[j]):
                self.hits[i, j] = True
                need_a[i] = need_b[j] = False
        scores[:] = 0.0


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


# --------------------------------------------------------------------------- word level (diff)
#: A word of :func:`word_spans`: letters and digits, with inner apostrophes, points and commas;
#: or one ideograph (Chinese and Japanese are compared character by character).
WORD = re.compile(word_pattern("'’.,"))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their character spans (``text[start:end] == word``).

    Inner apostrophes, points and commas stay inside a word ("didn't", "U.S", "4.8", "1,200").

    Examples
    --------
    >>> word_spans("It didn't rise 4.8 m.")
    [('It', 0, 2), ("didn't", 3, 9), ('rise', 10, 14), ('4.8', 15, 18), ('m', 19, 20)]
    """
    return list(spans_of(text))


@lru_cache(maxsize=1 << 15)
def spans_of(text: str) -> tuple[tuple[str, int, int], ...]:
    """:func:`word_spans` as a tuple, cached: the diff checks read each sentence many times."""
    return tuple((m.group(), m.start(), m.end()) for m in WORD.finditer(text))


def word_opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """Word-level edit operations turning ``a`` into ``b``, equal runs left out.

    Each operation is ``(tag, a_start, a_end, b_start, b_end)`` over word positions with tag
    ``"replace"``, ``"delete"`` or ``"insert"`` (rapidfuzz ``Indel``-based opcodes, so a replace
    is a delete and an insert that touch).

    Examples
    --------
    >>> word_opcodes(["145", "people", "left"], ["143", "people", "left"])
    [('replace', 0, 1, 0, 1)]
    """
    out: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(list(a), list(b)):
        if op.tag == "equal":
            continue
        if out and out[-1][2] == op.src_start and out[-1][4] == op.dest_start:
            # Merge a delete followed by an insert (Indel has no replace) into one replace.
            _, s0, _, d0, _ = out[-1]
            out[-1] = ("replace", s0, op.src_end, d0, op.dest_end)
            continue
        out.append((op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return out


def common_subsequence(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word sequences.

    Examples
    --------
    >>> common_subsequence(["a", "b", "c"], ["c", "a", "b"])
    2
    """
    return (len(a) + len(b) - Indel.distance(list(a), list(b))) // 2


def pair_similarity(a: str, b: str) -> float:
    """:func:`similarity_matrix` for one pair of sentences (0-100).

    Examples
    --------
    >>> pair_similarity("The dam broke.", "the dam broke")
    100.0
    """
    return key_similarity(sentence_key(a), sentence_key(b))


def key_similarity(ka: str, kb: str) -> float:
    """:func:`pair_similarity` of two sentences given as their :func:`sentence_key`."""
    return float(max(fuzz.ratio(ka, kb), fuzz.ratio(_sorted_words(ka), _sorted_words(kb))))


def joined_key(keys: Sequence[str]) -> str:
    """The :func:`sentence_key` of sentences joined by spaces, from their keys: ASCII keys
    joined as they are (a key is its own key), others keyed again (ideographs of two keys
    meet without a space).

    Examples
    --------
    >>> joined_key(["the dam broke", "rain fell"])
    'the dam broke rain fell'
    """
    joined = " ".join(keys)
    return joined if joined.isascii() and all(keys) else sentence_key(joined)


#: Words :func:`content_similarity` compares: runs of letters and digits (and their marks).
_OVERLAP_WORD = re.compile(rf"[^\W_]++(?:{MARK}++[^\W_]*+)*+")
#: Content words have at least this many characters (or a digit), and are compared on as many
#: first characters (a crude stem: "shuttle"/"shuttles", "corrective"/"corrected").
_OVERLAP_CHARS = 4
#: :func:`content_similarity` of sentences whose facts differ (:func:`substitutions`).
_FACTS_REPLACED = 0.8


def _overlap_terms(sentence: str) -> frozenset[str]:
    words = [w.casefold() for w in _OVERLAP_WORD.findall(sentence)]
    content = [w for w in words if len(w) >= _OVERLAP_CHARS or not w.isalpha()] or words
    return frozenset(w[:_OVERLAP_CHARS] for w in content)


def content_similarity(a: str, b: str) -> float:
    """How close two sentences are in what they say, in [0, 1], whatever their wording.

    The Dice coefficient of their content words (four or more characters, or with a digit;
    all words when a sentence has none), each compared on its first four characters, case
    folded; times 0.8 when a number or a name of one is replaced by another in the other
    (:func:`substitutions`: the same words about another event). It needs no corpus
    statistics. :func:`pair_similarity` asks whether one sentence is the other reworded; this
    grades how close they are. Its settings were chosen on the STS-B news *train* and *dev*
    splits (benchmarks/RESULTS.md).

    Examples
    --------
    >>> content_similarity("The shuttle fleet flies again.", "Shuttles will fly again soon")
    0.5
    >>> round(content_similarity("Bomber kills 12 in Lagos", "Bomber kills 21 in Lagos"), 2)
    0.6
    """
    ta, tb = _overlap_terms(a), _overlap_terms(b)
    if not ta or not tb:
        return 0.0
    shared = 2 * len(ta & tb) / (len(ta) + len(tb))
    return shared * _FACTS_REPLACED if shared and substitutions(a, b) else shared


def spelling_similarity(a: str, b: str) -> float:
    """Edit similarity (0-100) of two words, case-insensitive.

    Examples
    --------
    >>> round(spelling_similarity("Vaarandi", "Varandi"))
    93
    """
    return float(fuzz.ratio(a.lower(), b.lower()))
