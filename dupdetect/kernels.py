"""Compiled inner loops (numba) of normalising, tokenising, sketching and sentence splitting;
numba is used only here.

Each kernel is a plain Python loop over numpy arrays, compiled by :func:`warm` (numba is
imported then), cached on disk by numba (about 13 s once per machine, under a second to load),
and run without the interpreter. Every one has a twin in the module that calls it, used until
the kernels are loaded (:func:`loaded`) and where numba is not installed: vectorised numpy in
:mod:`dupdetect.shingle`, :mod:`dupdetect.signature` and :mod:`dupdetect.candidates`, the regex
and string code in :mod:`dupdetect.align` and :mod:`dupdetect.normalize`. ``Detector.fit`` and
``dupdetect.signatures`` load the kernels for inputs large enough to repay the load
(``dupdetect.pipeline.KERNELS_FROM_DOCS`` and ``KERNELS_FROM_CHARS``); a small input, a
``compare`` or a ``diff`` is read by the twins. The tests hold the kernels equal to their twins.

``minima``
    MinHash minima: row ``s`` of ``out`` becomes ``min(a * h[i] + b mod 2**32)`` over the
    segment ``bounds[s]:bounds[s + 1]``, per permutation (~0.13 ns per shingle x permutation,
    against ~1.9 ns for the blocked numpy products).
``winnow``
    The distinct window minima of each segment, sorted within the segment (a monotone queue:
    one pass, whatever the window).
``tokens``
    The words of a text as code points and their classes (:func:`dupdetect.shingle.scan`):
    each word's span, whether it holds a digit, whether it is an ideograph, and its
    :func:`dupdetect.shingle.token_hash`, in one pass.
``sentences``
    The sentence spans of an ASCII text (:func:`dupdetect.align.split_sentences`, whose rules
    it follows byte by byte; its twin is the regex and string code there).
``key_words``
    The words of the sentence keys of an ASCII text (:func:`dupdetect.align.sentence_keys`),
    written one after the other, space-separated.
``spaced``
    Whether an ASCII text is spaced as :func:`dupdetect.normalize.normalize` leaves it (one
    pass over its bytes; its twin is the string code there).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any, TypeGuard

import numpy as np

__all__ = ["Kernel", "key_words", "loaded", "minima", "sentences", "spaced", "tokens", "warm",
           "winnow"]


class Kernel:
    """A loop compiled on its first call (numba is imported then, not with dupdetect)."""

    def __init__(self, loop: Callable[..., Any]) -> None:
        self.loop = loop
        self.compiled: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        if self.compiled is None:
            self.compiled = _compile(self.loop)
        return self.compiled(*args)

    @property
    def ready(self) -> bool:
        """Compiled (or loaded) already: :func:`warm` did it, or an earlier call."""
        return self.compiled is not None


def loaded(kernel: Kernel | None) -> TypeGuard[Kernel]:
    """Whether ``kernel`` exists (numba is installed) and is compiled or loaded already: the
    kernels are used only then, so that a short job (one ``diff``, a small fit) never loads
    numba."""
    return kernel is not None and kernel.ready


def _njit(loop: Callable[..., Any]) -> Callable[..., Any]:
    import numba

    try:
        return numba.njit(cache=True, nogil=True)(loop)
    except RuntimeError:  # no writable cache folder anywhere: compile in every process
        return numba.njit(cache=False, nogil=True)(loop)


def _compile(loop: Callable[..., Any]) -> Callable[..., Any]:
    if _sort_unique_c is _sort_unique:  # the kernels call these: compile them first
        for name in _HELPERS:
            globals()[f"{name}_c"] = _njit(globals()[name])
    return _njit(loop)


def _jit(loop: Callable[..., Any]) -> Kernel | None:
    return Kernel(loop) if _AVAILABLE else None


_AVAILABLE = importlib.util.find_spec("numba") is not None


def _minima(h: np.ndarray, bounds: np.ndarray, a: np.ndarray, b: np.ndarray,
            out: np.ndarray) -> None:
    for s in range(out.shape[0]):
        row = out[s]
        for i in range(bounds[s], bounds[s + 1]):
            x = h[i]
            for k in range(out.shape[1]):
                # uint32 * uint32 widens to 64 bits in numba; the cast wraps it mod 2**32.
                row[k] = min(row[k], np.uint32(a[k] * x + b[k]))


def _sort_unique(values: np.ndarray, lo: int, hi: int) -> int:
    """Sort ``values[lo:hi]`` in place and move its distinct values to the front; the end."""
    if hi - lo < 2:
        return hi
    # numba's sort (introsort): on a few hundred values about 1.5x faster than the heapsort
    # this was (it compiles in about 3 s instead of 1, once per machine).
    values[lo:hi].sort()
    end = lo + 1
    for i in range(lo + 1, hi):
        if values[i] != values[end - 1]:
            values[end] = values[i]
            end += 1
    return end


#: Compiled with the first kernel (the kernels call it compiled).
_sort_unique_c: Callable[..., int] = _sort_unique


def _finish(acc: np.uint64, length: int) -> np.uint64:
    # token_hash: the length xor-ed in, then the splitmix64 finaliser.
    z = acc ^ np.uint64(length)
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return z


_finish_c: Callable[..., np.uint64] = _finish


def _tokens(codes: np.ndarray, classes: np.ndarray, mult: np.uint64, hashes: np.ndarray,
            starts: np.ndarray, ends: np.ndarray, digit: np.ndarray, ideograph: np.ndarray,
            terms: np.ndarray, term_chars: int) -> int:
    # Classes as in dupdetect.shingle: 0 other, 1 word, 2 joiner, 3 digit (a word character),
    # 4 ideograph (a word of its own), 6 mark (continues an open word). terms (if term_chars is
    # not 0): the hash of the first term_chars characters of a longer word without digits, else
    # the word's hash.
    n = len(codes)
    t = 0
    start = -1  # start of the open word, -1 if none
    acc = np.uint64(0)
    has_digit = False
    for i in range(n + 1):
        c = classes[i] if i < n else 0
        if c & 1 or (start >= 0 and (c == 6 or (c == 2 and i + 1 < n and classes[i + 1] & 1))):
            if start < 0:
                start = i
                acc = np.uint64(0)
                has_digit = False
            acc = acc * mult + np.uint64(codes[i]) + np.uint64(1)
            has_digit = has_digit or c == 3
            continue
        if start >= 0:
            h = _finish_c(acc, i - start)
            hashes[t] = h
            if term_chars:
                if has_digit or i - start <= term_chars:
                    terms[t] = h
                else:
                    prefix = np.uint64(0)
                    for j in range(start, start + term_chars):
                        prefix = prefix * mult + np.uint64(codes[j]) + np.uint64(1)
                    terms[t] = _finish_c(prefix, term_chars)
            starts[t] = start
            ends[t] = i
            digit[t] = has_digit
            ideograph[t] = False
            t += 1
            start = -1
        if c == 4:
            h = _finish_c(np.uint64(codes[i]) + np.uint64(1), 1)
            hashes[t] = h
            if term_chars:
                terms[t] = h
            starts[t] = i
            ends[t] = i + 1
            digit[t] = False
            ideograph[t] = True
            t += 1
    return t


def _winnow(shingles: np.ndarray, bounds: np.ndarray, window: int, values: np.ndarray,
            owners: np.ndarray) -> int:
    queue = np.empty(len(shingles), dtype=np.int64)
    m = 0
    for d in range(len(bounds) - 1):
        lo, hi = bounds[d], bounds[d + 1]
        if hi == lo:
            continue
        first = m
        if hi - lo < window:  # a short document is one window
            low = shingles[lo]
            for i in range(lo + 1, hi):
                low = min(low, shingles[i])
            values[m] = low
            m += 1
        else:
            head = tail = 0
            last = -1  # position of the last minimum taken
            for i in range(lo, hi):
                while tail > head and shingles[queue[tail - 1]] >= shingles[i]:
                    tail -= 1
                queue[tail] = i
                tail += 1
                if queue[head] <= i - window:
                    head += 1
                if i >= lo + window - 1 and queue[head] != last:
                    last = queue[head]
                    values[m] = shingles[last]
                    m += 1
            m = _sort_unique_c(values, first, m)
        for i in range(first, m):
            owners[i] = d
    return m


# ------------------------------------------------------------------- sentences of ASCII text
# Byte classes (align._ASCII_CLASSES): 1 whitespace (str.isspace), 2 stop (.!?), 4 closer ("')]),
# 8 letter or digit, 16 lower-case letter, 32 digit.
_SPACE, _STOP, _CLOSER, _ALNUM, _LOWER, _DIGIT = 1, 2, 4, 8, 16, 32
_NEWLINE, _POINT, _UNDERSCORE = 10, 46, 95


def _word_before(codes: np.ndarray, classes: np.ndarray, line_start: int, p: int,
                 window: int) -> tuple[int, int]:
    # align._scan_word_before: back over the stops ending at p, then over letters, digits,
    # underscores and points, no further than window characters before p.
    low = max(line_start, p - window)
    k = p + 1
    while k > low and classes[codes[k - 1]] & _STOP:
        k -= 1
    j = k
    while j > low and (classes[codes[j - 1]] & _ALNUM or codes[j - 1] == _UNDERSCORE
                       or codes[j - 1] == _POINT):
        j -= 1
    return j, k


def _packed_lower(codes: np.ndarray, j: int, k: int) -> np.uint64:
    # The word codes[j:k], lower-cased, as the bytes of a little-endian integer (0 if longer
    # than 8 bytes: no abbreviation is).
    if k - j > 8:
        return np.uint64(0)
    out = np.uint64(0)
    for i in range(k - 1, j - 1, -1):
        c = codes[i]
        if 65 <= c <= 90:
            c += 32
        out = (out << np.uint64(8)) | np.uint64(c)
    return out


def _is_initials(codes: np.ndarray, classes: np.ndarray, j: int, k: int) -> bool:
    # Every part of codes[j:k] split on points is one letter ("j", "v.v").
    if j == k:
        return False
    part = 0
    for i in range(j, k):
        if codes[i] == _POINT:
            if part != 1:
                return False
            part = 0
        elif classes[codes[i]] & _ALNUM and not classes[codes[i]] & _DIGIT:
            part += 1
        else:
            return False
    return part == 1


def _is_boundary(codes: np.ndarray, classes: np.ndarray, line_start: int, line_end: int, p: int,
                 nxt: int, abbreviations: np.ndarray, no: np.uint64, nos: np.uint64,
                 window: int) -> bool:
    if nxt >= line_end:
        return True
    after = classes[codes[nxt]]
    if after & _LOWER:
        return False
    if codes[p] != _POINT:
        return True
    j, k = _word_before_c(codes, classes, line_start, p, window)
    word = _packed_lower_c(codes, j, k)
    if word != 0:
        at = np.searchsorted(abbreviations, word)
        if at < len(abbreviations) and abbreviations[at] == word:
            return False
        if word in (no, nos) and after & _DIGIT:
            return False
    return not _is_initials_c(codes, classes, j, k)


def _emit(classes: np.ndarray, codes: np.ndarray, a: int, b: int, paragraph: int,
          starts: np.ndarray, ends: np.ndarray, paragraphs: np.ndarray, n: int) -> int:
    # The piece codes[a:b], stripped of whitespace, as sentence n (if anything is left).
    while a < b and classes[codes[a]] & _SPACE:
        a += 1
    while b > a and classes[codes[b - 1]] & _SPACE:
        b -= 1
    if a == b:
        return n
    starts[n] = a
    ends[n] = b
    paragraphs[n] = paragraph
    return n + 1


def _sentences(codes: np.ndarray, classes: np.ndarray, abbreviations: np.ndarray,
               no: np.uint64, nos: np.uint64, window: int, starts: np.ndarray, ends: np.ndarray,
               paragraphs: np.ndarray) -> int:
    n = 0
    size = len(codes)
    line_start = 0
    paragraph = 0
    while line_start <= size:
        line_end = line_start
        while line_end < size and codes[line_end] != _NEWLINE:
            line_end += 1
        start = line_start
        p = line_start
        while p < line_end:
            if not classes[codes[p]] & _STOP:
                p += 1
                continue
            # A candidate boundary (align._BOUNDARY): stops, closers, then whitespace.
            q = p + 1
            while q < line_end and classes[codes[q]] & _STOP:
                q += 1
            stops_end = q
            while q < line_end and classes[codes[q]] & _CLOSER:
                q += 1
            if q == line_end or not classes[codes[q]] & _SPACE:
                p = stops_end  # no match starts inside the run of stops either
                continue
            while q < line_end and classes[codes[q]] & _SPACE:
                q += 1
            if _is_boundary_c(codes, classes, line_start, line_end, p, q, abbreviations, no, nos,
                              window):
                n = _emit_c(classes, codes, start, q, paragraph, starts, ends, paragraphs, n)
                start = q
            p = q
        n = _emit_c(classes, codes, start, line_end, paragraph, starts, ends, paragraphs, n)
        line_start = line_end + 1
        paragraph += 1
    return n


def _key_words(codes: np.ndarray, table: np.ndarray, kinds: np.ndarray, starts: np.ndarray,
               ends: np.ndarray, out: np.ndarray, bounds: np.ndarray) -> None:
    # align._ASCII_WORD over each sentence translated by table: a run of word bytes (kinds 1:
    # letters and digits), then more runs each after one point (kinds 2); the words joined by
    # one space.
    m = 0
    bounds[0] = 0
    for s in range(len(starts)):
        count = 0
        in_word = False
        point = 0  # a point right after a word's letters or digits, not yet written
        for i in range(starts[s], ends[s]):
            c = table[codes[i]]
            kind = kinds[c]
            if kind == 1:
                if in_word:
                    if point:
                        out[m] = point
                        m += 1
                        point = 0
                else:
                    if count:
                        out[m] = 32
                        m += 1
                    count += 1
                    in_word = True
                out[m] = c
                m += 1
            elif in_word and point == 0 and kind == 2:
                point = c
            else:
                in_word = False
                point = 0
        bounds[s + 1] = m


def _spaced(text: np.ndarray, kinds: np.ndarray, bad_pairs: np.ndarray) -> bool:
    # ``kinds[byte]``: 0 any byte but these, 1 the space, 2 the line feed, 3 another ASCII
    # space; ``bad_pairs[4 * kind + next kind]``: 1 for two bytes that may not follow each
    # other. Three line feeds in a row are checked apart. No branch per byte: spaces are too
    # frequent and too irregular to predict.
    n = text.shape[0]
    if n == 0:
        return True
    if kinds[text[0]] or kinds[text[n - 1]]:
        return False
    bad = 0
    prev = kinds[text[0]]
    feed_before_prev = False
    for i in range(1, n):
        kind = kinds[text[i]]
        bad |= bad_pairs[4 * prev + kind] | (feed_before_prev & (prev == 2) & (kind == 2))
        feed_before_prev = prev == 2
        prev = kind
    return bad == 0


#: Compiled with the first kernel, like the helpers above.
_word_before_c: Callable[..., tuple[int, int]] = _word_before
_packed_lower_c: Callable[..., np.uint64] = _packed_lower
_is_initials_c: Callable[..., bool] = _is_initials
_is_boundary_c: Callable[..., bool] = _is_boundary
_emit_c: Callable[..., int] = _emit
#: The functions the kernels call, compiled before the first kernel (as ``name + "_c"``).
_HELPERS = ("_finish", "_sort_unique", "_word_before",
            "_packed_lower", "_is_initials", "_is_boundary", "_emit")


minima = _jit(_minima)
sentences = _jit(_sentences)
key_words = _jit(_key_words)
tokens = _jit(_tokens)
winnow = _jit(_winnow)
spaced = _jit(_spaced)


def warm() -> None:
    """Compile (or load from numba's cache) every kernel for the types dupdetect passes, now:
    in a parent process before it forks its workers, so that they do not each do it."""
    if not _AVAILABLE:
        return
    u64, i64 = np.zeros(2, dtype=np.uint64), np.array([0, 2], dtype=np.int64)
    u32 = np.zeros(2, dtype=np.uint32)
    assert minima is not None
    assert tokens is not None
    assert winnow is not None
    minima(u32, i64, u32, u32, np.zeros((1, 2), dtype=np.uint32))
    # Code points as dupdetect.shingle._code_points makes them: read-only views of the encoded
    # text (numba compiles read-only arrays apart), classes looked up or translated alike.
    for dtype in (np.uint8, np.uint16, np.uint32):
        codes = np.frombuffer(bytes(2 * np.dtype(dtype).itemsize), dtype=dtype)
        classes = np.frombuffer(bytes(2), dtype=np.uint8) if dtype == np.uint8 else \
            np.zeros(2, dtype=np.uint8)
        tokens(codes, classes, np.uint64(1), u64.copy(), i64.copy(), i64.copy(),
               np.zeros(2, dtype=bool), np.zeros(2, dtype=bool), u64.copy(), 5)
    winnow(u64, i64, 1, u64.copy(), i64.copy())
    # Sentences: the text's bytes read-only (np.frombuffer), the tables writable.
    assert sentences is not None
    assert key_words is not None
    text = np.frombuffer(b"A. b", dtype=np.uint8)
    table = np.zeros(256, dtype=np.uint8)
    sentences(text, table, u64, np.uint64(0), np.uint64(0), 64, i64.copy(), i64.copy(),
              i64.copy())
    key_words(text, table, table, i64[:1], i64[1:], np.zeros(4, dtype=np.uint8), i64.copy())
    assert spaced is not None
    spaced(text, table, table)
