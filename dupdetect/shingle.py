"""Words, word shingles and passages, as arrays of 64-bit hashes.

Every word is identified by a 64-bit hash of its code points (:func:`token_hash`) and every
shingle by a 64-bit hash computed from the hashes of its words, so that the words and shingles of
a whole batch of documents are computed at once with numpy (:func:`scan`, then a rolling
polynomial over the word hashes: :func:`shingle_hashes_many`) and can still be reproduced one
shingle at a time from its text, which is what :func:`shingle_hash32` does for datasketch (see
:mod:`dupdetect.signature`).

:func:`tokenize` (a regular expression) is the definition of a word; :func:`scan` finds exactly
the same words with a per-code-point class table, without Python-level work per word.

The text given here is expected to be normalised already (:mod:`dupdetect.normalize`), but every
function is exact on any text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import kernels
from ._marks import MARK, MARKS
from .errors import InvalidParameterError

__all__ = [
    "IDEOGRAPHS",
    "TERM_CHARS",
    "TOKEN_PATTERN",
    "Tokens",
    "content_mask",
    "content_words",
    "scan",
    "shingle_hash32",
    "shingle_hash64",
    "shingle_hashes",
    "shingle_hashes_many",
    "shingle_texts",
    "sorted_unique",
    "term_hash",
    "term_hashes",
    "token_hash",
    "token_hashes",
    "tokenize",
    "unique_shingles",
    "warm",
    "word_pattern",
]

#: Scripts written without spaces between words, whose every letter is a word of its own: CJK
#: ideographs (Han) and the Japanese syllabaries (hiragana, katakana, half-width katakana).
#: A character class body for :mod:`re`; only the word characters (``[^\W_]``) in it count.
IDEOGRAPHS = ("\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
              "\uff66-\uff9f\U00020000-\U0003ffff")


def word_pattern(joiners: str) -> str:
    """The regular expression of a word, for :mod:`re`: one ideograph (:data:`IDEOGRAPHS`), or
    a run of letters and digits of other scripts, with the combining marks written after them
    (:data:`~dupdetect._marks.MARKS`: Indic vowel signs, Arabic vowel points...), in which a
    single character of ``joiners`` between two such runs is kept ("don't", "u.s", "1,200").

    Examples
    --------
    >>> re.findall(word_pattern("'"), "don't वह हिन्दी बोलती है, 中文")
    ["don't", 'वह', 'हिन्दी', 'बोलती', 'है', '中', '文']
    """
    # Unrolled: letters first, then marks and letters; the common case tries one mark and stops.
    # Possessive (letters and marks are disjoint, nothing to give back): 10% faster.
    run = rf"[^\W_{IDEOGRAPHS}]++(?:{MARK}++[^\W_{IDEOGRAPHS}]*+)*+"
    join = f"(?:[{re.escape(joiners)}]{run})*" if joiners else ""
    return rf"(?=[{IDEOGRAPHS}])[^\W_]|{run}{join}"


#: A word: one ideograph (:data:`IDEOGRAPHS`), or letters, digits and marks of other scripts with
#: inner apostrophes, dots or commas ("don't", "u.s", "1,200", "हिन्दी").
TOKEN_PATTERN = re.compile(word_pattern("'.,"))
#: The characters that join two runs of word characters into one word (TOKEN_PATTERN's ``['.,]``).
_JOINERS = "'.,"
#: One run of word characters (``[^\W_]+``): defines the class table.
_WORD_RUN = re.compile(r"[^\W_]+")

_MASK64 = (1 << 64) - 1
_MULT = 0x9E3779B97F4A7C15  # odd 64-bit constant of the rolling polynomial over word hashes
_MULT_U64 = np.uint64(_MULT)
_TOKEN_MULT = 0xC2B2AE3D27D4EB4F  # odd 64-bit constant of the polynomial over code points
_TOKEN_MULT_U64 = np.uint64(_TOKEN_MULT)
_TOKEN_MULT_INV = pow(_TOKEN_MULT, -1, 1 << 64)

# Classes of code points in the table (bit 0 set: a character of a run of word characters;
# an ideograph is a word character that makes a word alone; a mark continues an open word).
_OTHER, _WORD, _JOINER, _DIGIT, _IDEO, _MARK = 0, 1, 2, 3, 4, 6
_N_CODE_POINTS = 0x110000
#: Separator between the texts of a batch in :func:`scan`: neither a word character nor a joiner.
_SEP = " "
#: A word longer than this, without digits, is counted as a term of TF-IDF by its first
#: ``TERM_CHARS`` characters (:func:`term_hash`): "floods", "flooded" and "flooding" are one
#: term, and so are "Überschwemmung" and "Überschwemmungen" (benchmarks/RESULTS.md).
TERM_CHARS = 5
#: Characters per block of the token hash kernel (whole tokens per block; bounds the power tables).
_BLOCK = 1 << 16
#: Characters per group of texts scanned together (bounds memory; larger groups are not faster).
_GROUP_CHARS = 1 << 20


def tokenize(text: str) -> list[str]:
    """Split normalised text into word tokens (the reference definition of a word).

    A word is a maximal run of word characters (``[^\\W_]`` in :mod:`re`: exactly the characters
    ``c`` with ``c.isalnum()``) and of the combining marks that follow them (Indic vowel signs
    and viramas, vowel points: parts of their words), in which single ``'``, ``.`` or ``,``
    characters between two word characters are also kept; but every ideograph
    (:data:`IDEOGRAPHS`: Chinese and Japanese, written without spaces) is a word by itself and
    ends the word before it (see :func:`word_pattern`).

    Examples
    --------
    >>> tokenize("the u.s. paid $1,200 - don't ask")
    ['the', 'u.s', 'paid', '1,200', "don't", 'ask']
    >>> tokenize("iPhone手机售价5,999元")
    ['iPhone', '手', '机', '售', '价', '5,999', '元']
    >>> tokenize("नई दिल्ली में बारिश")
    ['नई', 'दिल्ली', 'में', 'बारिश']
    """
    return TOKEN_PATTERN.findall(text)


def token_hash(token: str) -> int:
    """The 64-bit hash of one word (the pure-Python definition; :func:`scan` computes it for all).

    A polynomial over the code points, ``h = h * P + ord(c) + 1 (mod 2**64)``, then the length
    xor-ed in and the splitmix64 finaliser.

    Examples
    --------
    >>> token_hash("flood") == int(token_hashes(["flood"])[0]) != token_hash("floods")
    True
    >>> token_hash("")
    0
    """
    acc = 0
    for c in token:
        acc = (acc * _TOKEN_MULT + ord(c) + 1) & _MASK64
    return _mix64_int(acc ^ len(token))


def term_hash(token: str) -> int:
    """The 64-bit hash of the term a word counts as in TF-IDF: :func:`token_hash` of its first
    :data:`TERM_CHARS` characters if it is longer and has no digit, else of the whole word.

    Cutting words to a prefix conflates their inflections without a stemmer per language
    (numbers stay whole: "2024" and "2025" are different facts).

    Examples
    --------
    >>> term_hash("flooding") == term_hash("floods") == token_hash("flood")
    True
    >>> term_hash("2,500.5") == token_hash("2,500.5") != term_hash("2,500.7")
    True
    """
    return token_hash(_term_text(token))


def _term_text(token: str) -> str:
    if len(token) > TERM_CHARS and not any(map(str.isdigit, token)):
        return token[:TERM_CHARS]
    return token


def _mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, element-wise on a uint64 array (wrapping arithmetic)."""
    return _mix64_inplace(np.array(z, dtype=np.uint64))


def _mix64_inplace(z: np.ndarray) -> np.ndarray:
    """:func:`_mix64` overwriting ``z`` (a uint64 array), which is returned."""
    tmp = np.empty_like(z)
    np.right_shift(z, np.uint64(30), out=tmp)
    z ^= tmp
    z *= np.uint64(0xBF58476D1CE4E5B9)
    np.right_shift(z, np.uint64(27), out=tmp)
    z ^= tmp
    z *= np.uint64(0x94D049BB133111EB)
    np.right_shift(z, np.uint64(31), out=tmp)
    z ^= tmp
    return z


def _mix64_int(z: int) -> int:
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & _MASK64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


# --------------------------------------------------------------------------- code points


@functools.cache
def _class_table() -> np.ndarray:
    """Class of every code point (uint8, length 0x110000), built once per process (about 0.08
    s; :func:`warm` builds it in a parent before it forks workers).

    ``_WORD`` / ``_DIGIT``: matched by ``[^\\W_]`` (``_DIGIT`` if also ``str.isdigit``);
    ``_IDEO``: matched by ``[^\\W_]`` and in :data:`IDEOGRAPHS` (none is a digit);
    ``_JOINER``: ``'``, ``.``, ``,``; ``_MARK``: the combining marks (:data:`MARKS`, none a word
    character); ``_OTHER``: everything else. The ideographs and the marks are filled in from
    their classes' ranges (:func:`_class_ranges`): a regex over every code point took half a
    second for the marks alone, whose astral ranges it tests one by one.
    """
    every = np.arange(_N_CODE_POINTS, dtype=np.uint32)
    text = every.tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(_N_CODE_POINTS, dtype=np.uint8)
    for m in _WORD_RUN.finditer(text):  # a few hundred runs
        table[m.start() : m.end()] = _WORD
    word = np.flatnonzero(table)
    word_text = word.astype(np.uint32).tobytes().decode("utf-32-le")
    digit = np.fromiter(map(str.isdigit, word_text), dtype=bool, count=len(word_text))
    table[word[digit]] = _DIGIT
    table[_in_ranges(IDEOGRAPHS) & (table != _OTHER)] = _IDEO
    for c in _JOINERS:
        table[ord(c)] = _JOINER
    table[_in_ranges(MARKS)] = _MARK
    table.flags.writeable = False
    return table


def _class_ranges(body: str) -> list[tuple[int, int]]:
    """The inclusive code point ranges of a :mod:`re` character class body made of characters
    and ``a-b`` ranges (no escapes, as :data:`IDEOGRAPHS` and :data:`MARKS` are written).

    Examples
    --------
    >>> _class_ranges("a-cx")
    [(97, 99), (120, 120)]
    """
    if any(c in body for c in "\\[]^"):
        raise ValueError("a class body with escapes or brackets")
    out, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            out.append((ord(body[i]), ord(body[i])))
            i += 1
    return out


def _in_ranges(body: str) -> np.ndarray:
    """Whether each code point is in the class body ``body`` (see :func:`_class_ranges`)."""
    inside = np.zeros(_N_CODE_POINTS, dtype=bool)
    for lo, hi in _class_ranges(body):
        inside[lo : hi + 1] = True
    return inside


def warm() -> None:
    """Build the class table now: in a parent process before it forks its workers, so that
    they do not each build it (it is built on first use otherwise, once per process)."""
    _byte_table()


@functools.cache
def _byte_table() -> bytes:
    """The first 256 entries of the class table, for :meth:`bytes.translate`."""
    return _class_table()[:256].tobytes()


def _code_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of ``text`` (narrowest unsigned dtype that holds them) and their classes."""
    if text.isascii():  # O(1) in CPython
        data = text.encode("ascii")
        return np.frombuffer(data, np.uint8), np.frombuffer(data.translate(_byte_table()), np.uint8)
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        return np.frombuffer(data, np.uint8), np.frombuffer(data.translate(_byte_table()), np.uint8)
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) == 2 * len(text):  # no astral characters: one UTF-16 unit per code point
        codes: np.ndarray = np.frombuffer(data, np.uint16)
    else:
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    return codes, _class_table()[codes]


class _Powers:
    """Cached powers of the token multiplier ``P`` and its inverse ``Q`` (mod 2**64), grown on
    demand: ``p[i] = P**i``, ``q[i] = Q**i``, ``s[i] = sum(P**j for j < i)``."""

    def __init__(self) -> None:
        one = np.ones(1, dtype=np.uint64)
        self.tables = (one, one, np.zeros(1, dtype=np.uint64))

    def at_least(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(p, q, s)``, each longer than ``n``."""
        if len(self.tables[0]) <= n:
            size = max(_BLOCK, 1 << n.bit_length()) + 1
            p = np.full(size, _TOKEN_MULT, dtype=np.uint64)
            p[0] = 1
            q = np.full(size, _TOKEN_MULT_INV, dtype=np.uint64)
            q[0] = 1
            s = np.zeros(size, dtype=np.uint64)
            np.cumprod(p, out=p)
            np.cumprod(q, out=q)
            np.cumsum(p[:-1], out=s[1:])
            self.tables = (p, q, s)
        return self.tables


_POWERS = _Powers()


def _span_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                 lengths: np.ndarray) -> np.ndarray:
    """:func:`token_hash` of every ``codes[starts[t]:ends[t]]`` (int64 ``lengths = ends - starts``).

    The spans must be non-empty, sorted and non-overlapping. With ``Q = P**-1 (mod 2**64)``,
    ``sum(c[i] * P**(e-1-i) for s <= i < e) = P**(e-1-o) * sum(c[i] * Q**(i-o))`` for any origin
    ``o``: per block of whole tokens, one multiplication by a power table, one prefix sum and two
    gathers, whatever the lengths of the tokens.
    """
    n_tokens = len(starts)
    acc = np.empty(n_tokens, dtype=np.uint64)
    if n_tokens == 0:
        return acc
    cuts = np.searchsorted(starts, np.arange(int(starts[0]), int(ends[-1]), _BLOCK))
    cuts = sorted_unique(np.append(cuts, n_tokens)).tolist()
    prefix = np.empty(0, dtype=np.uint64)
    p, q, s = _POWERS.tables
    for t0, t1 in itertools.pairwise(cuts):
        origin = int(starts[t0])
        size = int(ends[t1 - 1]) - origin
        p, q, s = _POWERS.at_least(size)
        if len(prefix) <= size:
            prefix = np.empty(max(size, _BLOCK) + 1, dtype=np.uint64)
        # prefix[i] = sum(c[origin + j] * Q**j for j < i)
        prefix[0] = 0
        np.multiply(codes[origin : origin + size], q[:size], out=prefix[1 : size + 1])
        np.cumsum(prefix[: size + 1], out=prefix[: size + 1])
        lo = starts[t0:t1] - origin
        hi = ends[t0:t1] - origin
        block = acc[t0:t1]
        np.subtract(prefix[hi], prefix[lo], out=block)
        hi -= 1
        block *= p[hi]
    acc += s[lengths]  # the "+ 1" of every code point
    acc ^= lengths.view(np.uint64)
    return _mix64_inplace(acc)


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """:func:`token_hash` of every string, as uint64, computed for all of them at once.

    Examples
    --------
    >>> token_hashes(["dam", "", "dam"]).tolist() == [token_hash("dam"), 0, token_hash("dam")]
    True
    """
    n = len(tokens)
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    out = np.zeros(n, dtype=np.uint64)  # token_hash("") == 0
    nonempty = np.flatnonzero(lengths)
    if len(nonempty):
        codes, _ = _code_points("".join(tokens))
        out[nonempty] = _span_hashes(codes, starts[nonempty], ends[nonempty], lengths[nonempty])
    return out


def term_hashes(tokens: Sequence[str]) -> np.ndarray:
    """:func:`term_hash` of every string, as uint64.

    Examples
    --------
    >>> term_hashes(["floods", "flooding", "2024"]).tolist() == [
    ...     token_hash("flood"), token_hash("flood"), token_hash("2024")]
    True
    """
    return token_hashes([_term_text(t) for t in tokens])


# --------------------------------------------------------------------------- scanning


@dataclass(frozen=True, eq=False)
class Tokens:
    """The words of a batch of texts, as arrays (all texts' words concatenated, in order).

    The words of text ``i`` are positions ``bounds[i]`` to ``bounds[i + 1]`` of every per-word
    array; ``starts``/``ends`` are character offsets in that text (``text[starts[w]:ends[w]]``
    is the word).

    Attributes
    ----------
    hashes : ndarray of uint64
        :func:`token_hash` of every word.
    terms : ndarray of uint64 or None
        :func:`term_hash` of every word (the word's TF-IDF term); None from
        ``scan(texts, terms=False)``.
    lengths : ndarray of int32
        Characters per word.
    has_digit : ndarray of bool
        Whether the word has a character ``c`` with ``c.isdigit()``.
    ideograph : ndarray of bool
        Whether the word is one ideograph (see :func:`tokenize`).
    bounds : ndarray of int64
        ``len(texts) + 1`` offsets into the per-word arrays.
    starts, ends : ndarray of int64
        Character offsets of every word in its text.
    """

    hashes: np.ndarray
    terms: np.ndarray | None
    lengths: np.ndarray
    has_digit: np.ndarray
    ideograph: np.ndarray
    bounds: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def words(self, i: int, text: str) -> list[str]:
        """The words of text ``i`` as strings; ``text`` must be that text.

        Examples
        --------
        >>> texts = ["", "l'été, 2,5 m."]
        >>> scan(texts).words(1, texts[1]) == tokenize(texts[1])
        True
        """
        lo, hi = int(self.bounds[i]), int(self.bounds[i + 1])
        return [text[s:e] for s, e in zip(self.starts[lo:hi].tolist(),
                                          self.ends[lo:hi].tolist(), strict=True)]


def scan(texts: Sequence[str], *, terms: bool = True) -> Tokens:
    """The words (as :func:`tokenize` finds them) of every text, with their hashes, at once.

    Equal, text by text, to ``tokenize``, :func:`token_hash` and (unless ``terms`` is False,
    which saves the cost where only shingles are needed) :func:`term_hash` of each word, for
    any text.
    Large batches are processed in groups of texts of about a million characters (bounded
    memory, cache-friendly); no Python-level work is done per word.

    Examples
    --------
    >>> t = scan(["the u.s. paid $1,200", "", "don't ask"])
    >>> t.bounds.tolist(), t.lengths.tolist(), t.has_digit.tolist()
    ([0, 4, 4, 6], [3, 3, 4, 5, 5, 3], [False, False, False, True, False, False])
    >>> t.starts[:4].tolist(), t.ends[:4].tolist()
    ([0, 4, 9, 15], [3, 7, 13, 20])
    >>> int(t.hashes[4]) == token_hash("don't")
    True
    """
    n = len(texts)
    text_lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    ends = np.cumsum(text_lengths + len(_SEP))
    inner = np.searchsorted(ends, np.arange(_GROUP_CHARS, int(ends[-1]) if n else 0, _GROUP_CHARS))
    cuts = [0, *sorted_unique(inner[(inner > 0) & (inner < n)]).tolist(), n]  # [0, 0] if no texts
    parts = [_scan_group(texts[lo:hi], text_lengths[lo:hi], terms)
             for lo, hi in itertools.pairwise(cuts)]
    if len(parts) == 1:
        hashes, term_hashes, lengths, has_digit, ideograph, counts, starts, word_ends = parts[0]
    else:
        hashes, term_hashes, lengths, has_digit, ideograph, counts, starts, word_ends = (
            None if column[0] is None else np.concatenate(column)
            for column in zip(*parts, strict=True))
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    return Tokens(hashes=hashes, terms=term_hashes, lengths=lengths, has_digit=has_digit,
                  ideograph=ideograph, bounds=bounds, starts=starts, ends=word_ends)


def _scan_group(texts: Sequence[str], text_lengths: np.ndarray,
                with_terms: bool) -> tuple[Any, ...]:
    """:func:`scan` of a few texts: hashes, terms (or None), lengths, has_digit, ideograph,
    words per text, starts, ends."""
    n = len(texts)
    # Text i is joined[offsets[i] : offsets[i] + len(texts[i])]; a separator before and after
    # every text keeps words (and joiners) from spanning two texts, whatever the texts contain.
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[0] = len(_SEP)
    np.cumsum(text_lengths + len(_SEP), out=offsets[1:])
    offsets[1:] += len(_SEP)
    codes, classes = _code_points(_SEP.join(["", *texts, ""]))
    # Ideographs are words of one character; other words are separated by a character.
    n_ideographs = 0 if codes.dtype == np.uint8 else int(np.count_nonzero(classes == _IDEO))
    if kernels.loaded(kernels.tokens):
        size = len(codes) // 2 + 1 + n_ideographs
        hashes = np.empty(size, dtype=np.uint64)
        term_buffer = np.empty(size if with_terms else 0, dtype=np.uint64)
        starts = np.empty(size, dtype=np.int64)
        ends = np.empty(size, dtype=np.int64)
        has_digit = np.empty(size, dtype=bool)
        ideograph = np.empty(size, dtype=bool)
        t = kernels.tokens(codes, classes, _TOKEN_MULT_U64, hashes, starts, ends, has_digit,
                           ideograph, term_buffer, TERM_CHARS if with_terms else 0)
        # Copies: a view would keep the whole buffer (half the text's length) alive.
        hashes, starts = hashes[:t].copy(), starts[:t].copy()
        terms = term_buffer[:t].copy() if with_terms else None
        ends, has_digit, ideograph = ends[:t].copy(), has_digit[:t].copy(), ideograph[:t].copy()
        lengths = ends - starts
    else:
        hashes, terms, starts, ends, lengths, has_digit, ideograph = _words_numpy(codes, classes,
                                                                                 with_terms)
    counts = np.diff(np.searchsorted(starts, offsets))
    origin = np.repeat(offsets[:-1], counts)
    return (hashes, terms, lengths.astype(np.int32), has_digit, ideograph, counts, starts - origin,
            ends - origin)


def _words_numpy(codes: np.ndarray, classes: np.ndarray,
                 with_terms: bool = True) -> tuple[Any, ...]:
    """The words of :func:`_scan_group` without numba: hashes, terms, starts, ends, lengths,
    digit, ideograph."""
    # A joiner is part of a word iff both its neighbours are word characters of a run (the
    # first and last characters are separators).
    word = (classes & _WORD).view(bool)
    # A mark continues a word iff the last character before it that is not a mark is a word
    # character (a joiner joins only when a word character follows it).
    marks = classes == _MARK
    if marks.any():
        last = np.where(marks, 0, np.arange(len(classes)))
        np.maximum.accumulate(last, out=last)
        word_or_mark = word | (marks & word[last])
    else:
        word_or_mark = word
    in_word = classes == _JOINER
    inner = in_word[1:-1]
    inner &= word_or_mark[:-2]
    inner &= word[2:]
    in_word |= word_or_mark
    # Words are the maximal runs of in_word (which is False at both ends).
    edges = np.flatnonzero(in_word[1:] != in_word[:-1])
    edges += 1
    starts = edges[0::2]
    ends = edges[1::2]
    ideographs = np.flatnonzero(classes == _IDEO)
    ideograph = np.zeros(len(starts), dtype=bool)
    if len(ideographs):  # words of their own, between the runs
        order = np.argsort(np.concatenate([starts, ideographs]), kind="stable")
        starts = np.concatenate([starts, ideographs])[order]
        ends = np.concatenate([ends, ideographs + 1])[order]
        ideograph = np.concatenate([ideograph, np.ones(len(ideographs), dtype=bool)])[order]
    lengths = ends - starts
    hashes = _span_hashes(codes, starts, ends, lengths)
    has_digit = np.zeros(len(starts), dtype=bool)
    digits = np.flatnonzero(classes == _DIGIT)
    if len(digits):
        has_digit[np.searchsorted(starts, digits, side="right") - 1] = True
    terms = None
    if with_terms:
        terms = hashes.copy()
        cut = np.flatnonzero((lengths > TERM_CHARS) & ~has_digit)
        if len(cut):
            prefix = np.full(len(cut), TERM_CHARS, dtype=np.int64)
            terms[cut] = _span_hashes(codes, starts[cut], starts[cut] + prefix, prefix)
    return hashes, terms, starts, ends, lengths, has_digit, ideograph


def content_mask(tokens: Tokens, min_len: int = 4) -> np.ndarray:
    """Which words are content words: at least ``min_len`` characters long, with a digit, or an
    ideograph (a Chinese or Japanese character carries a word's meaning or a part of it).

    Examples
    --------
    >>> content_mask(scan(["the dam at km 3 broke"])).tolist()
    [False, False, False, False, True, True]
    >>> content_mask(scan(["大坝 at km 3"])).tolist()
    [True, True, False, False, True]
    """
    return (tokens.lengths >= min_len) | tokens.has_digit | tokens.ideograph


def content_words(tokens: Tokens, min_len: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """The content words of a batch as ``(hashes, mask)`` over its words, ideographs read two
    at a time.

    A word of another script is a content word as in :func:`content_mask`, under its own hash.
    An ideograph followed by another in the same text (no character between them) stands for
    the pair, under the hash of the pair as a 2-word shingle (:func:`shingle_hashes`); the last
    of a run stands for nothing more, and an ideograph alone for itself. Single characters of
    Chinese are shared by most stories; pairs of them are closer to its words.

    Examples
    --------
    >>> t = scan(["洪水 in 青河市"])
    >>> hashes, mask = content_words(t)
    >>> mask.tolist()
    [True, False, False, True, True, False]
    >>> int(hashes[3]) == int(shingle_hashes(t.hashes[3:5], 2)[0])
    True
    """
    mask = (tokens.lengths >= min_len) | tokens.has_digit
    ideograph = tokens.ideograph
    if not ideograph.any():
        return tokens.hashes, mask
    pair = np.zeros(len(ideograph), dtype=bool)
    pair[:-1] = ideograph[:-1] & ideograph[1:] & (tokens.ends[:-1] == tokens.starts[1:])
    last = tokens.bounds[1:] - 1  # the last word of each text pairs with nothing
    pair[last[last >= tokens.bounds[:-1]]] = False
    follows = np.zeros(len(pair), dtype=bool)
    follows[1:] = pair[:-1]
    hashes = tokens.hashes.copy()
    first = np.flatnonzero(pair)
    acc = hashes[first] * _MULT_U64
    acc += tokens.hashes[first + 1]
    hashes[first] = _mix64_inplace(acc)
    mask |= ideograph & (pair | ~follows)
    return hashes, mask


# --------------------------------------------------------------------------- shingles


def shingle_hashes(token_hashes: np.ndarray, k: int) -> np.ndarray:
    """Hash of every word k-gram, in text order (uint64, not deduplicated).

    A text shorter than ``k`` words gives one shingle made of all its words; an empty text
    gives none.

    Examples
    --------
    >>> th = token_hashes(["a", "b", "c"])
    >>> len(shingle_hashes(th, 2)), len(shingle_hashes(th, 5)), len(shingle_hashes(th[:0], 5))
    (2, 1, 0)
    """
    n = len(token_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, n)
    m = n - k + 1
    acc = token_hashes[0:m].copy()
    for i in range(1, k):
        acc *= _MULT_U64
        acc += token_hashes[i : i + m]
    return _mix64_inplace(acc)


def shingle_hashes_many(hashes: np.ndarray, bounds: np.ndarray,
                        k: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingle_hashes` of every text of a batch at once.

    Parameters
    ----------
    hashes : ndarray of uint64
        Word hashes of all texts, concatenated (``Tokens.hashes``).
    bounds : ndarray of int
        ``len(texts) + 1`` offsets: text ``i`` is ``hashes[bounds[i]:bounds[i + 1]]``.
    k : int
        Words per shingle.

    Returns
    -------
    shingles : ndarray of uint64
        The shingles of every text, concatenated: ``shingle_hashes`` of each text.
    shingle_bounds : ndarray of int64
        ``len(texts) + 1`` offsets of each text's shingles.

    Examples
    --------
    >>> t = scan(["a b c d", "", "e f"])
    >>> sh, sb = shingle_hashes_many(t.hashes, t.bounds, 3)
    >>> sb.tolist()
    [0, 2, 2, 3]
    >>> sh[2:].tolist() == shingle_hashes(t.hashes[4:6], 3).tolist()
    True
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InvalidParameterError(
            f"The 'k' parameter of shingle_hashes_many must be an int >= 1. Got {k!r} instead."
        )
    k = int(k)
    hashes = np.asarray(hashes, dtype=np.uint64)
    bounds = np.asarray(bounds, dtype=np.int64)
    counts = np.diff(bounds)
    per_text = np.where(counts >= k, counts - (k - 1), np.minimum(counts, 1))
    shingle_bounds = np.zeros(len(bounds), dtype=np.int64)
    np.cumsum(per_text, out=shingle_bounds[1:])
    total = int(shingle_bounds[-1])
    out = np.empty(total, dtype=np.uint64)
    n = len(hashes)
    if n >= k:
        # Windows of k words starting at every position; a text's shingles are the windows that
        # start in it, except the last k - 1 (those of short texts are replaced below).
        m = n - k + 1
        windows = hashes[0:m].copy()
        for i in range(1, k):
            windows *= _MULT_U64
            windows += hashes[i : i + m]
        first = bounds[:-1] - shingle_bounds[:-1]
        positions = np.repeat(first, per_text)
        positions += np.arange(total, dtype=np.int64)
        np.take(windows, positions, out=out, mode="clip")
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):
        start = bounds[short]
        count = counts[short]
        acc = hashes[start]
        for i in range(1, k - 1):
            live = np.flatnonzero(count > i)
            acc[live] = acc[live] * _MULT_U64 + hashes[start[live] + i]
        out[shingle_bounds[short]] = acc
    return _mix64_inplace(out), shingle_bounds


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a 1-D array, by sorting. numpy 2.3+'s ``np.unique`` hashes
    instead, which is 10-25x slower on arrays of uint64 hashes (800 values: 367 us vs 25 us).

    Examples
    --------
    >>> sorted_unique(np.array([3, 1, 3, 2], dtype=np.uint64)).tolist()
    [1, 2, 3]
    """
    out = np.sort(values)
    if len(out) < 2:
        return out
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def unique_shingles(token_hashes: np.ndarray, k: int) -> np.ndarray:
    """Sorted, deduplicated shingle hashes: the exact shingle set used for Jaccard/containment."""
    return sorted_unique(shingle_hashes(token_hashes, k))


def shingle_texts(tokens: Sequence[str], k: int) -> list[bytes]:
    """The shingles as UTF-8 bytes (words joined by one space), as datasketch receives them."""
    n = len(tokens)
    if n == 0:
        return []
    k = min(k, n)
    return [" ".join(tokens[i : i + k]).encode("utf-8") for i in range(n - k + 1)]


_cached_token_hash = functools.lru_cache(maxsize=1 << 16)(token_hash)


def shingle_hash64(data: bytes) -> int:
    """64-bit hash of one shingle given as bytes, equal to :func:`shingle_hashes` for it."""
    acc = 0
    for token in data.decode("utf-8", "surrogatepass").split(" "):
        acc = (acc * _MULT + _cached_token_hash(token)) & _MASK64
    return _mix64_int(acc)


def shingle_hash32(data: bytes) -> int:
    """32-bit shingle hash (the high half of :func:`shingle_hash64`): datasketch's ``hashfunc``.

    Examples
    --------
    >>> th = token_hashes(["river", "burst", "its", "banks", "today"])
    >>> int(shingle_hashes(th, 5)[0] >> 32) == shingle_hash32(b"river burst its banks today")
    True
    """
    return shingle_hash64(data) >> 32
