"""Tests of the vectorised words of dupdetect.shingle (scan, token hashes, batch shingles).

The regular expression (``tokenize``) and the pure-Python ``token_hash`` are the definitions;
``scan``, ``token_hashes`` and ``shingle_hashes_many`` must give exactly the same values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dupdetect.shingle as shingle_module
from dupdetect import kernels
from dupdetect.errors import InvalidParameterError
from dupdetect.shingle import (
    IDEOGRAPHS,
    TERM_CHARS,
    TOKEN_PATTERN,
    Tokens,
    content_mask,
    content_words,
    scan,
    shingle_hash64,
    shingle_hashes,
    shingle_hashes_many,
    shingle_texts,
    term_hash,
    term_hashes,
    token_hash,
    token_hashes,
    tokenize,
)

N_CODE_POINTS = 0x110000
#: One ideograph, written from the ranges (the tokeniser's class table is checked against it).
IDEOGRAPH = re.compile(rf"[{IDEOGRAPHS}]")


def every_code_point(lo: int = 0, hi: int = N_CODE_POINTS) -> str:
    """The code points lo..hi-1 as one string (lone surrogates included)."""
    return np.arange(lo, hi, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def check_scan(texts: Sequence[str], result: Tokens | None = None) -> Tokens:
    """``scan(texts)`` equals the regex and the scalar hash, text by text."""
    t = scan(texts) if result is None else result
    assert t.hashes.dtype == np.uint64
    assert t.terms is not None
    assert t.terms.dtype == np.uint64
    assert t.lengths.dtype == np.int32
    assert t.has_digit.dtype == np.bool_
    assert t.bounds.dtype == np.int64
    assert t.starts.dtype == np.int64
    assert t.ends.dtype == np.int64
    assert len(t.bounds) == len(texts) + 1
    assert t.bounds[0] == 0
    n = int(t.bounds[-1])
    assert all(len(a) == n for a in (t.hashes, t.terms, t.lengths, t.has_digit, t.starts,
                                      t.ends))
    for i, text in enumerate(texts):
        lo, hi = int(t.bounds[i]), int(t.bounds[i + 1])
        spans = [m.span() for m in TOKEN_PATTERN.finditer(text)]
        assert list(zip(t.starts[lo:hi].tolist(), t.ends[lo:hi].tolist(), strict=True)) == spans
        words = tokenize(text)
        assert t.words(i, text) == words
        assert t.hashes[lo:hi].tolist() == [token_hash(w) for w in words]
        assert t.terms[lo:hi].tolist() == [term_hash(w) for w in words]
        assert t.lengths[lo:hi].tolist() == [len(w) for w in words]
        assert t.has_digit[lo:hi].tolist() == [any(c.isdigit() for c in w) for w in words]
        assert t.ideograph[lo:hi].tolist() == [bool(IDEOGRAPH.fullmatch(w)) for w in words]
    return t


EXAMPLES = [
    "the u.s. paid $1,200 - don't ask",
    "в москве 3.5 градуса, «наводнение» продолжается",
    "η βροχή έπληξε την αθήνα· 12,5 χιλιοστά",
    "l'été à zürich, señor, ça coûte 2,50 €",
    "cafe\u0301 nai\u0308ve e\u0301te\u0301",  # combining marks (NFD) continue words
    "東京で地震が発生した。マグニチュード６．１",
    "iPhone手机售价5,999元，比去年高3.5%。ｶﾀｶﾅ 𠀀𠀁x",  # one word per ideograph
    "中.国 a.中 中,b 1,中 中'a",  # a joiner never joins an ideograph
    "서울에서 홍수가 발생했다",
    "“quoted” ‘single’ don’t l’été",  # curly quotes are not joiners
    "'tis rock 'n' roll, the dogs' o'neill '' a''b a'.b",
    "1,200.50 3.5% 2, .5 5. 1.2.3 10,000,000 ,1 a,b",
    "snake_case __init__ a_1 _x_ 1_000",
    "flood 🌊 warning 👍🏽 👨‍👩‍👧 ok",
    "𝐀𝐁𝐂 𐍈𐌰𐌿 𝟙𝟚 math𝐱",
    "हिन्दी समाचार",  # vowel signs (Mc) and virama (Mn) are inside the words
    "\u0301a \u0301\u0301 a.\u0301b a\u0301.b a\u0301'\u0301 中\u0301 1\u0301,5",  # stray marks
    "مُحَمَّد ذَهَبَ. שָׁלוֹם עוֹלָם",  # vowel points
    "الفيضان غمر المدينة ٣ مرات",
    "x² ½ Ⅻ ① ٣ １２３ ³⁄₄",
    "soft\u00adhyphen zero\u200bwidth non\u200cjoiner",
    "tabs\tand\nnew\r\nlines\u2028and\u00a0nbsp",
    "ǅemal ŉ ﬁnance ß Σίσυφος",
    "",
    " ",
    "...",
    " , ' . ",
    "'",
    "a",
    "a.",
    ".a",
    "a'b'c'd",
    "a..b a,,b a.,b",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_scan_equals_regex_on_examples(text: str) -> None:
    check_scan([text])


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_scan_equals_regex_on_a_batch_of_examples(compiled: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not compiled:
        monkeypatch.setattr(kernels, "tokens", None)
    check_scan(EXAMPLES)
    check_scan(EXAMPLES[::-1])


def test_what_the_regex_does_with_marks_quotes_and_numbers() -> None:
    # Documents the (surprising) parts of the definition that scan reproduces.
    assert tokenize("cafe\u0301") == ["cafe\u0301"]  # a combining accent continues its word
    assert tokenize("café") == ["café"]  # ... as the precomposed letter is part of it
    assert tokenize("हिन्दी") == ["हिन्दी"]  # Indic vowel signs and virama are marks too
    assert tokenize("\u0301a \u0301 a.\u0301b") == ["a", "a", "b"]  # but do not start one
    assert tokenize("สวัสดี ครับ") == ["สวัสดี", "ครับ"]  # Thai vowels are marks
    assert tokenize("don’t") == ["don", "t"]  # only ASCII ' . , join
    assert tokenize("x² ½ Ⅻ") == ["x²", "½", "Ⅻ"]  # No and Nl are word characters
    assert tokenize("a_b") == ["a", "b"]
    assert tokenize("2, 3.5% .5 5.") == ["2", "3.5", "5", "5"]
    assert tokenize("東京タワーiPhone１２") == ["東", "京", "タ", "ワ", "ー", "iPhone１２"]
    assert tokenize("中,国 a.中") == ["中", "国", "a", "中"]  # ideographs are words alone


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["", "", ""],
        ["a", "", "b", "", ""],
        ["abc", "def"],  # adjacent texts never make one word
        ["1,", "2"],
        ["a'", "'b"],
        ["a.", ".b", "c"],
        ["x", ".", "y"],
        ["  ", " a ", "a b", "b  "],  # the separator inside texts
        [" ", "", " ", "  "],
        ["a" * 70_000, "b", "c" * 3],  # a word longer than a hashing block
        ["𝐀", "", "ж", "é", "a"],  # one text per code point width
    ],
)
def test_scan_batches(texts: list[str]) -> None:
    check_scan(texts)


@pytest.mark.parametrize("compiled", [True, False])
def test_scan_without_terms_is_scan_without_its_terms(compiled: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if not compiled:
        monkeypatch.setattr(kernels, "tokens", None)
    texts = ["floods closed 1,200.75 schools", "", "青河市 flooding Überschwemmungen"] * 3
    full, bare = scan(texts), scan(texts, terms=False)
    assert bare.terms is None
    assert full.terms is not None
    for field in ("hashes", "lengths", "has_digit", "ideograph", "bounds", "starts", "ends"):
        assert getattr(bare, field).tolist() == getattr(full, field).tolist()
    with monkeypatch.context() as mp:  # several groups of texts, concatenated
        mp.setattr(shingle_module, "_GROUP_CHARS", 16)
        assert scan(texts, terms=False).terms is None
        assert scan(texts).terms.tolist() == full.terms.tolist()  # type: ignore[union-attr]


def test_empty_batch() -> None:
    t = check_scan([])
    assert t.bounds.tolist() == [0]
    assert len(t.hashes) == 0


def test_lone_surrogates() -> None:
    texts = ["a\ud800b", "\udfff", "x\ud83d\ude00y", "ok"]
    check_scan(texts)
    assert token_hashes(["\ud800", "a\udfffb"]).tolist() == [token_hash("\ud800"),
                                                             token_hash("a\udfffb")]


def test_separator_and_joiners_are_not_word_characters() -> None:
    table = shingle_module._class_table()
    assert table[ord(shingle_module._SEP)] == shingle_module._OTHER
    assert {chr(c) for c in np.flatnonzero(table == shingle_module._JOINER)} == set("'.,")


def test_class_table_is_re_for_every_code_point() -> None:
    table = shingle_module._class_table.__wrapped__()  # a fresh build, not the cached table
    np.testing.assert_array_equal(table, shingle_module._class_table())
    assert table.shape == (N_CODE_POINTS,)
    word_char = re.compile(r"[^\W_]")  # TOKEN_PATTERN's character class, one at a time
    expected = np.zeros(N_CODE_POINTS, dtype=bool)
    step = 1 << 16
    for lo in range(0, N_CODE_POINTS, step):
        chunk = every_code_point(lo, lo + step)
        hits = np.fromiter((m.start() for m in word_char.finditer(chunk)), dtype=np.int64)
        expected[hits + lo] = True
    word = (table & shingle_module._WORD).astype(bool) | (table == shingle_module._IDEO)
    np.testing.assert_array_equal(word, expected)
    # Ideographs: exactly the word characters in the ranges of IDEOGRAPHS.
    in_ranges = np.zeros(N_CODE_POINTS, dtype=bool)
    for lo, hi in re.findall(r"(.)-(.)", IDEOGRAPHS):
        in_ranges[ord(lo) : ord(hi) + 1] = True
    np.testing.assert_array_equal(table == shingle_module._IDEO, in_ranges & expected)
    assert (table == shingle_module._IDEO).sum() > 90_000
    everything = every_code_point()
    # For str patterns, [^\W_] is exactly str.isalnum (alpha, decimal, digit or numeric) ...
    isalnum = np.fromiter(map(str.isalnum, everything), dtype=bool, count=N_CODE_POINTS)
    np.testing.assert_array_equal(word, isalnum)
    # ... and the digit class is exactly str.isdigit, which implies a word character.
    isdigit = np.fromiter(map(str.isdigit, everything), dtype=bool, count=N_CODE_POINTS)
    np.testing.assert_array_equal(table == shingle_module._DIGIT, isdigit)
    assert not (isdigit & ~word).any()
    # The mark class is exactly the combining marks (Mn, Mc, Me) of the running Python's Unicode
    # database (MARKS is written out from Unicode 14.0; a later database may add marks).
    category = unicodedata.category
    is_mark = np.fromiter((category(c)[0] == "M" for c in everything), dtype=bool,
                          count=N_CODE_POINTS)
    marks = table == shingle_module._MARK
    assert not (marks & ~is_mark).any()
    if unicodedata.unidata_version == "14.0.0":
        np.testing.assert_array_equal(marks, is_mark)
    assert not (marks & word).any()


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_scan_on_every_code_point_between_word_characters(
        compiled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every code point c as "a" + c + "b": one word if c is a word character or a joiner, else
    # "a" and "b" (or none, for the separator-like ones), or "a", c, "b" for an ideograph,
    # checked against the regex.
    if not compiled:
        monkeypatch.setattr(kernels, "tokens", None)
    step = 1 << 15
    texts = [" ".join(f"a{c}b" for c in every_code_point(lo, lo + step))
             for lo in range(0, N_CODE_POINTS, step)]
    t = scan(texts)
    singles = 0
    for i, text in enumerate(texts):
        lo, hi = int(t.bounds[i]), int(t.bounds[i + 1])
        spans = np.array([m.span() for m in TOKEN_PATTERN.finditer(text)], dtype=np.int64)
        np.testing.assert_array_equal(t.starts[lo:hi], spans[:, 0])
        np.testing.assert_array_equal(t.ends[lo:hi], spans[:, 1])
        singles += int((t.lengths[lo:hi] == 3).sum())
        assert t.ideograph[lo:hi].tolist() == [bool(IDEOGRAPH.fullmatch(text[s:e])) for s, e in
                                               spans.tolist()]
    classes = shingle_module._class_table()
    in_runs = (classes != shingle_module._OTHER) & (classes != shingle_module._IDEO)
    assert singles == int(in_runs.sum())


# Broad: any Unicode but surrogates. Biased: words, marks, numbers, joiners and separators.
BROAD_TEXT = st.text(max_size=80)
BIASED_TEXT = st.text(
    st.one_of(
        st.sampled_from(list("'.,'.,  _-\n\t")),
        st.characters(categories=("L", "Nd", "No", "Nl", "Mn", "Mc", "Me")),
        st.sampled_from(list("aeiouxyz019éжλ東京のｶ𠀀𝐀𐍈²½’“\u0301\u00ad\u200c🌊")),
    ),
    max_size=80,
)
TEXTS = st.lists(st.one_of(BROAD_TEXT, BIASED_TEXT, st.just("")), max_size=12)


@given(st.one_of(BROAD_TEXT, BIASED_TEXT))
@settings(max_examples=200, deadline=None)
def test_scan_equals_regex_on_random_text(text: str) -> None:
    check_scan([text])


@given(TEXTS)
@settings(max_examples=150, deadline=None)
def test_scan_equals_regex_on_random_batches(texts: list[str]) -> None:
    check_scan(texts)


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
@given(TEXTS, st.integers(1, 40), st.integers(1, 30))
@settings(max_examples=100, deadline=None)
def test_scan_equals_regex_with_tiny_groups_and_blocks(compiled: bool, texts: list[str],
                                                      group: int, block: int) -> None:
    # Tiny groups of texts and (numpy path) tiny hashing blocks: every path that splits the work.
    with pytest.MonkeyPatch.context() as mp:
        if not compiled:
            mp.setattr(kernels, "tokens", None)
        mp.setattr(shingle_module, "_GROUP_CHARS", group)
        mp.setattr(shingle_module, "_BLOCK", block)
        result = scan(texts)
    check_scan(texts, result)


@given(st.lists(st.text(max_size=12), max_size=30))
@settings(max_examples=150, deadline=None)
def test_token_hashes_equal_the_scalar_definition(tokens: list[str]) -> None:
    expected = [token_hash(t) for t in tokens]
    assert token_hashes(tokens).tolist() == expected
    assert token_hashes(tokens).tolist() == expected
    assert term_hashes(tokens).tolist() == [term_hash(t) for t in tokens]


def test_terms_are_prefixes_of_long_words_without_digits() -> None:
    assert TERM_CHARS == 5
    same = [("flooding", "floods", "flood"), ("überschwemmungen", "überschwemmung", "übers"),
            ("наводнения", "наводнение", "навод"), ("दिल्ली", "दिल्लीवाले", "दिल्ल")]
    for a, b, prefix in same:
        assert term_hash(a) == term_hash(b) == token_hash(prefix)
    for word in ("dam", "flood", "2,500", "1,200.75", "covid19", "u.s", "青"):
        assert term_hash(word) == token_hash(word)
    assert term_hash("2,500.5") != term_hash("2,500.7")
    t = scan(["floods closed 1,200.75 schools; the flooding"])
    assert t.terms is not None
    assert t.terms.tolist() == [token_hash(w) for w in
                                ("flood", "close", "1,200.75", "schoo", "the", "flood")]


def test_token_hash_of_long_words() -> None:
    # Longer than the cached power tables: they grow on demand.
    words = ["z" * 300_000, "ж" * 70_000 + "𝐀", "x"]
    assert token_hashes(words).tolist() == [token_hash(w) for w in words]
    check_scan([" ".join(words), words[1]])


def test_token_hash_definition() -> None:
    p, mask = 0xC2B2AE3D27D4EB4F, 2**64 - 1
    acc = 0
    for c in "añ𝐀":
        acc = (acc * p + ord(c) + 1) & mask
    acc ^= 3
    acc ^= acc >> 30
    acc = (acc * 0xBF58476D1CE4E5B9) & mask
    acc ^= acc >> 27
    acc = (acc * 0x94D049BB133111EB) & mask
    acc ^= acc >> 31
    assert token_hash("añ𝐀") == acc


def test_token_hashes_are_spread() -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(ord("a"), ord("z") + 1, (60_000, 8), dtype=np.uint32)
    raw = codes.tobytes().decode("utf-32-le")
    vocab = sorted({raw[8 * i : 8 * i + n] for i, n in enumerate(rng.integers(1, 9, 60_000))}
                   | {str(i) for i in range(60_000)})
    hashes = token_hashes(vocab)
    assert len(np.unique(hashes)) == len(vocab)
    bits = np.unpackbits(hashes.view(np.uint8)).reshape(len(vocab), 64).mean(axis=0)
    assert np.all(np.abs(bits - 0.5) < 0.02)
    # Short and similar words differ in their high 32 bits (what datasketch uses).
    assert len(np.unique(hashes >> np.uint64(32))) > len(vocab) - 5


@given(TEXTS, st.integers(1, 8))
@settings(max_examples=100, deadline=None)
def test_content_mask(texts: list[str], min_len: int) -> None:
    t = scan(texts)
    expected = [len(w) >= min_len or any(c.isdigit() for c in w) or bool(IDEOGRAPH.fullmatch(w))
                for i, text in enumerate(texts) for w in tokenize(text)]
    assert content_mask(t, min_len).tolist() == expected


def test_has_digit_is_str_isdigit() -> None:
    # "²", "①" and "١" are digits (str.isdigit); "½" and "Ⅻ" are numeric but not digits.
    text = "x² ½ Ⅻ ① ٣ １ a1 ab 1,5 ๓"
    words = tokenize(text)
    t = scan([text])
    assert t.has_digit.tolist() == [any(c.isdigit() for c in w) for w in words]
    assert t.has_digit.tolist() == [True, False, False, True, True, True, True, False, True, True]
    assert content_mask(t, 3).tolist() == [True, False, False, True, True, True, True, False, True,
                                           True]
    assert unicodedata.numeric("½") == 0.5


# --------------------------------------------------------------------------- batch shingles

HASH = st.integers(0, 2**64 - 1)
HASH_DOCS = st.lists(
    st.one_of(st.lists(HASH, max_size=12), st.lists(st.sampled_from([1, 2, 2**63]), max_size=9)),
    max_size=10,
)


def flatten(docs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    flat = np.array([h for d in docs for h in d], dtype=np.uint64)
    bounds = np.zeros(len(docs) + 1, dtype=np.int64)
    bounds[1:] = np.cumsum([len(d) for d in docs])
    return flat, bounds


@given(HASH_DOCS, st.integers(1, 7))
@settings(max_examples=200, deadline=None)
def test_shingle_hashes_many_equals_per_text(docs: list[list[int]], k: int) -> None:
    flat, bounds = flatten(docs)
    shingles, sb = shingle_hashes_many(flat, bounds, k)
    assert shingles.dtype == np.uint64
    assert sb.dtype == np.int64
    assert len(sb) == len(docs) + 1
    for i, doc in enumerate(docs):
        expected = shingle_hashes(np.array(doc, dtype=np.uint64), k).tolist()
        assert shingles[sb[i] : sb[i + 1]].tolist() == expected
    assert sb[-1] == len(shingles)


@pytest.mark.parametrize(
    ("counts", "k", "expected"),
    [
        ([], 3, [0]),
        ([0], 3, [0, 0]),
        ([0, 0], 1, [0, 0, 0]),
        ([2], 3, [0, 1]),
        ([2, 5, 0, 1], 3, [0, 1, 4, 4, 5]),
        ([5, 5], 5, [0, 1, 2]),
        ([4, 0, 7], 1, [0, 4, 4, 11]),
    ],
)
def test_shingle_bounds(counts: list[int], k: int, expected: list[int]) -> None:
    flat, bounds = flatten([list(range(1, c + 1)) for c in counts])
    shingles, sb = shingle_hashes_many(flat, bounds, k)
    assert sb.tolist() == expected
    assert len(shingles) == expected[-1]


@pytest.mark.parametrize("k", [0, -1, 2.0, True, "3"])
def test_shingle_hashes_many_rejects_bad_k(k: object) -> None:
    flat, bounds = flatten([[1, 2, 3]])
    with pytest.raises(InvalidParameterError, match="'k' parameter of shingle_hashes_many"):
        shingle_hashes_many(flat, bounds, k)  # type: ignore[arg-type]


@given(TEXTS, st.integers(1, 5))
@settings(max_examples=80, deadline=None)
def test_vectorised_shingles_equal_the_datasketch_hashfunc(texts: list[str], k: int) -> None:
    # Text -> scan -> batch shingles, against text -> regex -> shingle texts -> scalar hash.
    t = scan(texts)
    shingles, sb = shingle_hashes_many(t.hashes, t.bounds, k)
    for i, text in enumerate(texts):
        expected = [shingle_hash64(s) for s in shingle_texts(tokenize(text), k)]
        assert shingles[sb[i] : sb[i + 1]].tolist() == expected


@given(TEXTS, st.integers(1, 8))
@settings(max_examples=100, deadline=None)
def test_content_words_read_ideographs_two_at_a_time(texts: list[str], min_len: int) -> None:
    # The definition, word by word: a word of a run of ideographs (no character between two
    # ideographs) stands for itself and the next, the last of a run for nothing more.
    t = scan(texts)
    hashes, mask = content_words(t, min_len)
    expected_hashes, expected_mask = [], []
    for i, text in enumerate(texts):
        lo, hi = int(t.bounds[i]), int(t.bounds[i + 1])
        spans = list(zip(t.starts[lo:hi].tolist(), t.ends[lo:hi].tolist(), strict=True))
        words = [text[s:e] for s, e in spans]
        for j, w in enumerate(words):
            ideo = bool(IDEOGRAPH.fullmatch(w))
            pairs = ideo and j + 1 < len(words) and bool(IDEOGRAPH.fullmatch(words[j + 1])) \
                and spans[j][1] == spans[j + 1][0]
            after = j > 0 and ideo and bool(IDEOGRAPH.fullmatch(words[j - 1])) \
                and spans[j - 1][1] == spans[j][0]
            if pairs:
                pair = f"{w} {words[j + 1]}".encode("utf-8", "surrogatepass")
                expected_hashes.append(shingle_hash64(pair))
            else:
                expected_hashes.append(token_hash(w))
            expected_mask.append(pairs or (ideo and not after) or len(w) >= min_len
                                 or any(c.isdigit() for c in w))
    assert mask.tolist() == expected_mask
    assert hashes.tolist() == expected_hashes


def test_content_words_of_chinese() -> None:
    t = scan(["青河市 flood 洪水", "市"])
    hashes, mask = content_words(t)
    assert mask.tolist() == [True, True, False, True, True, False, True]
    assert hashes[0] == shingle_hashes(token_hashes(["青", "河"]), 2)[0]
    assert hashes[6] == token_hash("市")  # alone in its text: itself
