"""Tests of dupdetect.align: sentence splitting and spans, fuzzy similarity, fact substitutions."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from dupdetect.align import (
    Sentence,
    Similarities,
    consistent,
    content_similarity,
    could_match,
    coverage,
    figures,
    figures_kept,
    joined_key,
    key_similarity,
    key_words,
    matches,
    normalized_key,
    pair_similarity,
    sentence_key,
    sentence_keys,
    similarity_matrix,
    split_sentences,
    substitutions,
)
from dupdetect.normalize import normalize
from dupdetect.shingle import tokenize

# Sentence-like text: words, capitals, abbreviations, numbers, quotes, newlines.
PIECES = st.sampled_from([
    "Gen.", "U.S.", "Jan.", "J.", "K.", "V.V.", "3.5", "1,200", "the", "dam", "Brest", "Москва",
    "он", "été", "said.", "left!", "why?", "'we agree.'", '"yes,"', "no.", "…", ".", "(AP)", "\n",
    "\n\n", "  ", "Ruiz", "Zürich.",
])
NEWSLIKE = st.lists(PIECES, max_size=25).map(" ".join)
ANY_TEXT = st.text(max_size=80)
SENTENCES = st.lists(
    st.lists(st.sampled_from(["the", "dam", "Brest", "10", "broke", "река", "été", "Ruiz",
                              "burst", "its", "banks", ""]), max_size=8).map(" ".join),
    max_size=5,
)


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Army left. Gen. Ruiz stayed.", ["The U.S. Army left.", "Gen. Ruiz stayed."]),
        ("It rose 3.5 percent. Then it fell.", ["It rose 3.5 percent.", "Then it fell."]),
        ("He met J. K. Lee on Jan. 5 in Brest. They talked.",
         ["He met J. K. Lee on Jan. 5 in Brest.", "They talked."]),
        ("V.V. Putin arrived. Others stayed.", ["V.V. Putin arrived.", "Others stayed."]),
        ("She said: 'we will stay.' Then she left.",
         ["She said: 'we will stay.'", "Then she left."]),
        ('"We will stay," she said. "Good."', ['"We will stay," she said.', '"Good."']),
        ("Is it over? Nobody knows! Wait… It is.",
         ["Is it over?", "Nobody knows!", "Wait…", "It is."]),
        ("Президент В.В. Путин прибыл в г. Минск. Встреча прошла.",
         ["Президент В.В. Путин прибыл в г. Минск.", "Встреча прошла."]),
        ("Prices fell 2%. 10 people were hurt.", ["Prices fell 2%.", "10 people were hurt."]),
        ("The cost was 1,200 euros (approx. 1,300 dollars). Fine.",
         ["The cost was 1,200 euros (approx. 1,300 dollars).", "Fine."]),
        ("He left. then he came back.", ["He left. then he came back."]),  # lower case: no split
        # Chinese and Japanese: no space after the full stop, every stop ends a sentence.
        ("青河水位上涨。居民已转移！还要下雨吗？",
         ["青河水位上涨。", "居民已转移！", "还要下雨吗？"]),
        ("“我们会重建。”他说。东京で地震。", ["“我们会重建。”", "他说。", "东京で地震。"]),
        # Hindi ends sentences with a danda; a point before a letter without case ends one
        # (Arabic, Hebrew), unless it follows a short word: an abbreviation ("डॉ." = Dr).
        ("नदी में बाढ़ आई। डॉ. अजय मिश्रा आए॥ श्री. राम बोले।",
         ["नदी में बाढ़ आई।", "डॉ. अजय मिश्रा आए॥", "श्री. राम बोले।"]),
        ("غمرت المياه المدينة. وقال المحافظ إن الوضع خطير؟ نعم.",
         ["غمرت المياه المدينة.", "وقال المحافظ إن الوضع خطير؟", "نعم."]),
        ("השיטפון הציף את העיר. התושבים פונו.", ["השיטפון הציף את העיר.", "התושבים פונו."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Gen", "U.S", "no", "é", "e\u0301", "Ruiz", "x" * 70, " ",
                                 "\t", "\u00a0", "(", "_", "3", ".", "..", "?", "К"]),
                max_size=12).map("".join))
def test_word_before_shortcut_equals_the_scan(text: str) -> None:
    from dupdetect.align import _scan_word_before, _word_before

    for i, ch in enumerate(text):
        if ch in ".!?":
            assert _word_before(text, i) == _scan_word_before(text, i)


def test_sentence_ending_in_the_word_no() -> None:
    assert texts("He said no. Others agreed.") == ["He said no.", "Others agreed."]


def test_paragraphs_follow_lines() -> None:
    text = "Line one. Line two.\nLine three.\n\n  Line five."
    sentences = split_sentences(text)
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Line one.", 0), ("Line two.", 0), ("Line three.", 1), ("Line five.", 3)
    ]
    assert [s.words for s in sentences] == [2, 2, 2, 2]


def check_spans(text: str) -> None:
    sentences = split_sentences(text)
    lines = text.split("\n")
    end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text
        assert s.text == s.text.strip()
        assert s.start >= end  # in order, not overlapping
        end = s.end
        assert "\n" not in s.text
        assert text.count("\n", 0, s.start) == s.paragraph
        assert 0 <= s.paragraph < len(lines)
    # Nothing but whitespace is left between sentences.
    kept = "".join(s.text for s in sentences)
    assert "".join(text.split()) == "".join(kept.split())


@given(NEWSLIKE)
@settings(max_examples=150, deadline=None)
def test_spans_of_newslike_text(text: str) -> None:
    check_spans(text)


@given(ANY_TEXT)
@settings(max_examples=150, deadline=None)
def test_spans_of_arbitrary_text(text: str) -> None:
    check_spans(text)


def test_spans_with_crlf_and_leading_space() -> None:
    text = "  First one.\r\n\tSecond one!  Third?\r\n"
    check_spans(text)
    assert texts(text) == ["First one.", "Second one!", "Third?"]


def test_similarity_matrix_examples() -> None:
    m = similarity_matrix(["The dam broke.", "Rain fell all day."],
                          ["the dam broke", "broke the dam", "Chess club met."])
    assert m.shape == (2, 3)
    assert m.dtype == np.float32
    assert m[0, 0] == 100.0  # case and punctuation do not count
    assert m[0, 1] == 100.0  # token_sort forgives word order
    assert m[0, 2] < 50.0
    assert m[1, 0] < 50.0


@pytest.mark.parametrize(("a", "b"), [([], []), (["x y"], []), ([], ["x", "y"])])
def test_similarity_matrix_empty_sides(a: list[str], b: list[str]) -> None:
    assert similarity_matrix(a, b).shape == (len(a), len(b))


@given(SENTENCES, SENTENCES)
@settings(max_examples=80, deadline=None)
def test_similarity_matrix_is_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    m = similarity_matrix(a, b)
    assert m.shape == (len(a), len(b))
    np.testing.assert_array_equal(m, similarity_matrix(b, a).T)
    assert ((m >= 0) & (m <= 100)).all()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # A number changed.
        ("It is 10 degrees in Brest.", "It is 11 degrees in Brest.", [("10", "11")]),
        ("The toll rose to 1,200.", "The toll rose to 1,300.", [("1,200", "1,300")]),
        # A fraction is one figure: its parts are also figures of the other side.
        ("Bonds rose 31/32 on Monday.", "Bonds rose 24/32 on Monday.", [("31/32", "24/32")]),
        ("Yields rose 1/16 point to 6-3/16 pct.", "Yields rose 1/4 point to 6-3/8 pct.",
         [("1/16", "1/4"), ("3/16", "3/8")]),
        # One name swapped for another.
        ("Governor Ruiz said 145 left.", "Governor Lee said 145 left.", [("Ruiz", "Lee")]),
        ("The storm hit Brest at noon.", "The storm hit Gomel at noon.", [("Brest", "Gomel")]),
        ("In Brest it is 10 degrees.", "In Gomel it is 11 degrees.",
         [("Brest", "Gomel"), ("10", "11")]),
        # A respelled (transliterated) name is the same fact.
        ("Governor Vaarandi said 145 left.", "Governor Varandi said that 145 left.", []),
        ("Governor Zelensky spoke.", "Governor Zelenskyy spoke.", []),
        # A headline in capitals names the same people: a case change is no substitution.
        ("Vaarandi Resigns Governor Vaarandi said 145 left.",
         "GOVERNOR VAARANDI RESIGNS Governor Vaarandi said 145 left.", []),
        ("The storm hit Brest at noon.", "THE STORM HIT BREST at noon.", []),
        ("The storm hit Brest at noon.", "THE STORM HIT GOMEL at noon.", [("Brest", "GOMEL")]),
        # A name or number added on one side only is not a substitution.
        ("Ruiz met Lee in Brest.", "Ruiz met Lee and Kim in Brest.", []),
        ("Ruiz spoke in Brest on Monday.", "Ruiz spoke on Monday.", []),
        ("Police said 145 people left.", "Police said 145 people left, Interfax reported.", []),
        ("The mayor said 145 left.", "Mayor Lee said 145 left.", []),
        # Words that are not facts may change freely.
        ("The dam broke on Monday.", "The dam burst on Monday.", []),
        ("Same words.", "Same words.", []),
    ],
)
def test_substitutions(a: str, b: str, expected: list[tuple[str, str]]) -> None:
    assert substitutions(a, b) == expected
    assert consistent(a, b) == (not expected)
    # The same facts, seen from the other side.
    assert substitutions(b, a) == [(y, x) for x, y in expected]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # 10 is kept and 20 added: consistent(a, b) is False, consistent(b, a) True.
        ("Officials said about 10 people died.", "Officials said 10 or 20 people died."),
        # 11 became 10 (and a word doubled): reported from A's side, missed from B's.
        ("The toll rose to 11.", "The toll rose to to 10."),
    ],
)
def test_substitutions_are_symmetric(a: str, b: str) -> None:
    assert substitutions(b, a) == [(y, x) for x, y in substitutions(a, b)]


def test_reordered_names_are_consistent() -> None:
    assert consistent("Talks between Ruiz and Lee ended.", "Talks between Lee and Ruiz ended.")


def test_matches_applies_cutoff_and_consistency() -> None:
    a = ["In Brest it is 10 degrees today.", "The dam broke."]
    b = ["In Gomel it is 11 degrees today.", "The dam broke!"]
    m = similarity_matrix(a, b)
    assert m[0, 0] >= 80  # similar text ...
    checked = matches(a, b, cutoff=80)
    assert not checked[0, 0]  # ... but different facts
    assert checked[1, 1]  # same key: an exact match
    assert not checked[0, 1]
    assert not checked[1, 0]
    assert matches(a[1:], ["The dam broke in the night."], cutoff=60).all()
    assert not matches(a[1:], ["The dam broke in the night."], cutoff=95).any()


def test_matches_fuzzy_stage_also_sees_exactly_matched_rows() -> None:
    # B has the sentence twice, once slightly changed: both copies have a counterpart.
    a = ["The river rose two metres overnight."]
    b = ["The river rose two metres overnight.", "The river rose two metres over night."]
    assert matches(a, b, cutoff=80).tolist() == [[True, True]]


_VERSION_A = [
    "The Varna dam burst on Monday after a week of heavy rain, officials said.",
    "Water reached the old town within two hours of the breach.",
    "Rescue teams moved 145 people from the riverside streets overnight.",
    "The regional governor declared a state of emergency on Tuesday morning.",
    "Schools in three districts will stay closed until the end of the week.",
    "Engineers had warned in March that the northern wall was cracked.",
    "The dam was built in 1962 and last repaired eleven years ago.",
    "An inquiry into the maintenance record will open next month.",
]


def _version_b() -> list[str]:
    b = list(_VERSION_A)
    b[1] = "Water soon reached the old town within two hours of the breach."
    b[4] = "Schools in three districts are to stay closed until the end of the week."
    b[2], b[6] = b[6], b[2]  # two sentences swap places
    return [*b, "Residents were told to boil their drinking water."]


def test_matches_in_order_finds_the_counterparts_of_the_full_search() -> None:
    a, b = _VERSION_A, _version_b()
    full_sims = Similarities([sentence_key(x) for x in a], [sentence_key(x) for x in b], 60.0)
    order_sims = Similarities([sentence_key(x) for x in a], [sentence_key(x) for x in b], 60.0)
    full = matches(a, b, cutoff=60, similarities=full_sims)
    in_order = matches(a, b, cutoff=60, similarities=order_sims, in_order=True)
    assert in_order.tolist() == full.tolist()
    assert in_order[1, 1]
    assert in_order[4, 4]
    assert in_order[2, 6]
    assert in_order[6, 2]
    assert not in_order[:, 8].any()  # the added sentence has no counterpart
    # ... and most cells were never computed: only the gaps, then the added sentence's column
    # against the matched rows.
    assert order_sims.known.sum() < full_sims.known.sum() // 2


def test_matches_in_order_searches_everywhere_for_what_the_gaps_do_not_hold() -> None:
    # The edited sentence moved too: it is not between the same exact matches on both sides.
    a = list(_VERSION_A)
    b = [a[0], "Rescue teams moved 145 people from the riverside streets at night.", *a[1:2],
         *a[3:]]
    hits = matches(a, b, cutoff=60, in_order=True)
    assert hits.tolist() == matches(a, b, cutoff=60).tolist()
    assert hits[2, 1]


_EDITS = st.lists(st.tuples(st.sampled_from(["keep", "edit", "drop", "add", "swap"]),
                            st.integers(0, 7)), max_size=6)


@given(_EDITS)
@settings(max_examples=60, deadline=None)
def test_matches_in_order_reports_only_real_counterparts(edits: list[tuple[str, int]]) -> None:
    # Versions of one story (sentences edited, dropped, added, swapped): every counterpart the
    # in-order search reports is one the full search would accept (same key, or similar enough
    # and consistent), and every exact match is kept.
    a = list(_VERSION_A)
    b = list(a)
    for op, k in edits:
        k %= len(b)
        if op == "edit":
            b[k] = "Reports said that " + b[k][0].lower() + b[k][1:]
        elif op == "drop" and len(b) > 2:
            del b[k]
        elif op == "add":
            b.insert(k, "Officials asked residents to stay away from the river banks.")
        elif op == "swap":
            b[k], b[-1] = b[-1], b[k]
    hits = matches(a, b, cutoff=60, in_order=True)
    keys_a = [sentence_key(x) for x in a]
    keys_b = [sentence_key(x) for x in b]
    sims = similarity_matrix(a, b)
    for i, j in np.argwhere(hits).tolist():
        assert keys_a[i] == keys_b[j] or (sims[i, j] >= 60 and consistent(a[i], b[j]))
    for i, j in np.argwhere(np.equal.outer(np.array(keys_a, dtype=object),
                                           np.array(keys_b, dtype=object))).tolist():
        assert hits[i, j]
    # The word counts of the keys, given, change nothing (fragments of one or two words
    # still match nothing).
    ka, kb = [*keys_a, "photo"], [*keys_b, "photo"]
    given_words = matches([*a, "Photo:"], [*b, "Photo:"], cutoff=60, in_order=True,
                          keys_a=ka, keys_b=kb, words_a=np.array([key_words(k) for k in ka]),
                          words_b=np.array([key_words(k) for k in kb]))
    assert np.array_equal(given_words[:-1, :-1], hits)
    assert not given_words[-1].any()


def test_similarity_cells_equal_the_block() -> None:
    keys_a = [sentence_key(x) for x in _VERSION_A]
    keys_b = [sentence_key(x) for x in _version_b()]
    sims = Similarities(keys_a, keys_b, 60.0)
    rows, cols = np.array([1, 4, 0, 1]), np.array([1, 4, 8, 1])
    cells = sims.cells(rows, cols)
    block = Similarities(keys_a, keys_b, 60.0).block(np.arange(8), np.arange(9))
    assert cells.tolist() == block[rows, cols].tolist()
    assert cells[0] > 60
    assert cells[2] == 0.0


@pytest.mark.parametrize(
    ("words_a", "words_b", "hits", "expected"),
    [
        ([10, 30], [5, 5], [[True, False], [False, False]], (0.25, 0.5)),
        ([10, 30], [5, 5], [[True, False], [False, True]], (1.0, 1.0)),
        ([10, 30], [5, 5], [[False, False], [False, False]], (0.0, 0.0)),
        ([4, 4], [8], [[True], [True]], (1.0, 1.0)),  # two sentences on one
        ([0, 0], [5], [[True], [False]], (0.0, 0.0)),  # no words at all
        ([3], [], np.zeros((1, 0), dtype=bool), (0.0, 0.0)),
    ],
)
def test_coverage(words_a: list[int], words_b: list[int], hits: list[list[bool]],
                  expected: tuple[float, float]) -> None:
    result = coverage(np.array(words_a), np.array(words_b), np.array(hits, dtype=bool))
    assert result == pytest.approx(expected)
    assert all(0.0 <= x <= 1.0 for x in result)


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_coverage_swaps_with_transposed_hits(data: st.DataObject) -> None:
    n = data.draw(st.integers(0, 5))
    m = data.draw(st.integers(0, 5))
    wa = np.array(data.draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)), dtype=int)
    wb = np.array(data.draw(st.lists(st.integers(0, 20), min_size=m, max_size=m)), dtype=int)
    flat = data.draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    hits = np.array(flat, dtype=bool).reshape(n, m)
    cov_a, cov_b = coverage(wa, wb, hits)
    assert coverage(wb, wa, hits.T) == (cov_b, cov_a)
    assert 0.0 <= cov_a <= 1.0
    assert 0.0 <= cov_b <= 1.0


def test_one_or_two_word_fragments_are_never_counterparts() -> None:
    a = ["1.", "Photo:", "The river rose two metres overnight."]
    b = ["1.", "Photo:", "The river rose two metres overnight!"]
    hits = matches(a, b, cutoff=60)
    assert hits.tolist() == [[False, False, False], [False, False, False],
                             [False, False, True]]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_normalized_key_ascii_shortcut_equals_full_normalisation(sentence: str) -> None:
    # normalized_key skips normalize() for ASCII; the key must be what normalize() would give.
    from dupdetect.normalize import normalize

    normalized_key.cache_clear()
    assert normalized_key(sentence) == sentence_key(normalize(sentence))
    assert normalized_key("Don`t  STOP\x0bnow\tplease") == "don't stop now please"


_KEY_PIECES = st.sampled_from(["The", "dam", "U.S.", "didn`t", "Don't", "1,200.5", ". ", "! ",
                                "? ", "\n", "  ", "\t", "Gen.", "é", "Ünïcödé", "«", "—", "公司",
                                "。", '"', "`", "x", "A.", "no. 5"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_KEY_PIECES, max_size=30).map("".join), st.booleans())
def test_sentence_keys_equal_the_key_of_each_sentence(text: str, ascii_only: bool) -> None:
    if ascii_only:
        text = text.encode("ascii", "ignore").decode()
    sentences = split_sentences(text)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert sentence_keys(text, sentences) == [normalized_key(s.text) for s in sentences]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ09'.,` -\n\t!?\"x", max_size=80),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=6))
def test_sentence_keys_of_any_ascii_spans_equal_the_regex(text: str,
                                                          spans: list[tuple[int, int]]) -> None:
    # Any spans of an ASCII text, cut anywhere (inside a word, between points): the words the
    # fast path finds are those of the regex over each span.
    sentences = [Sentence(text[lo:hi], lo, hi, 0)
                 for lo, hi in (sorted((min(a, len(text)), min(b, len(text)))) for a, b in spans)]
    assert sentence_keys(text, sentences) == [normalized_key(s.text) for s in sentences]
    text = "A.B a..b 'x' ,y, U.S. 1,5."
    assert sentence_keys(text, [Sentence(text, 0, len(text), 0)]) == ["a.b a b x y u.s 1,5"]


_FACT_PIECES = ["The", "the", "Mead", "Corp", "said", "145", "four", "Four", "in", "Brest",
                "U.S.", "it's", "rain", "Monday", "1,200", "²", "Ⅻ", ":", "."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FACT_PIECES), max_size=12),
       st.lists(st.sampled_from(_FACT_PIECES), max_size=12))
def test_fact_missing_equals_the_facts_of_a_sentence_against_the_others_words(
        words_a: list[str], words_b: list[str]) -> None:
    # The guard of substitutions reads only the words the other sentence lacks; as plainly
    # written, it takes every fact of the sentence (_is_fact at each position).
    from dupdetect.align import _FACT_WORD, _fact_missing, _is_fact, _words_of

    a, b = " ".join(words_a), " ".join(words_b)
    found_a, found_b = tuple(_FACT_WORD.findall(a)), tuple(_FACT_WORD.findall(b))
    assert (_words_of(a).words, _words_of(a).set) == (found_a, frozenset(found_a))
    facts_a = frozenset(w for k, w in enumerate(found_a) if _is_fact(found_a, k))
    assert _fact_missing(found_a, frozenset(found_a), frozenset(found_b)) == (
        not facts_a <= frozenset(found_b))


_NAME_PIECES = ["Vaarandi", "Varandi", "VAARANDI", "vaarandi", "Süleymani", "SÜLEYMANİ",
                "Suleymani", "Brest", "BREST", "Gomel", "said", "145", "Four", "four", "Ⅻ", "ǅemal",
                "Dzemal", "Straße", "STRASSE", "strasse"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_NAME_PIECES), st.lists(st.sampled_from(_NAME_PIECES), max_size=8))
def test_absent_equals_a_search_of_the_other_words(word: str, others: list[str]) -> None:
    # _absent looks the word up in the sets and the names _words_of keeps for the other
    # sentence; plainly written, it reads the other sentence's words one by one.
    from dupdetect.align import _NAME_CUTOFF, _absent, _is_number, _words_of

    def plain(word: str, others: tuple[str, ...]) -> bool:
        if word in others or any(w.casefold() == word.casefold() for w in others):
            return False
        if _is_number(word):
            return True
        names = [w for w in others if w[0].isupper() and not _is_number(w)]
        return not names or process.extractOne(word, names, scorer=fuzz.ratio,
                                               processor=str.casefold,
                                               score_cutoff=_NAME_CUTOFF) is None

    other = _words_of(" ".join(others))
    assert _absent(word, other) == plain(word, other.words)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FACT_PIECES + _NAME_PIECES), max_size=10),
       st.lists(st.sampled_from(_FACT_PIECES + _NAME_PIECES), max_size=10))
def test_consistent_is_having_no_substitution(words_a: list[str], words_b: list[str]) -> None:
    # consistent stops at the first substitution it finds, either way.
    a, b = " ".join(words_a), " ".join(words_b)
    assert consistent(a, b) == (not substitutions(a, b)) == consistent(b, a)


def test_content_similarity_grades_shared_content_words() -> None:
    a = "Rescuers pulled 14 survivors from the flooded mine on Tuesday."
    same_content = "On Tuesday, the survivors (14 of them) were pulled from the mine by rescuers."
    topic_only = "The mine had flooded twice before, miners said."
    unrelated = "Tickets for the concert sold out within an hour."
    scores = [content_similarity(a, b) for b in (a, same_content, topic_only, unrelated)]
    assert scores[0] == 1.0
    assert scores[0] > scores[1] > scores[2] > scores[3] == 0.0
    # Function words do not count, case does not matter, a stem joins inflections.
    assert content_similarity("The flood of the river", "FLOODS in a river") == 1.0
    assert content_similarity("", "Anything at all") == 0.0
    # The same words about another event (a figure or a name replaced) grade lower.
    same = content_similarity("Riot police clash with protesters in Cairo",
                              "Protesters clash with riot police in Cairo")
    other = content_similarity("Riot police clash with protesters in Cairo",
                               "Protesters clash with riot police in Kiev")
    assert same == 1.0
    assert other == pytest.approx(0.8 * 10 / 12)


_KEYED = st.one_of(NEWSLIKE, ANY_TEXT, st.sampled_from(["公司发布", "新款 iPhone。", "", "..."]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_KEYED, min_size=1, max_size=3), _KEYED)
def test_similarity_of_keys_and_of_joined_keys_is_that_of_the_sentences(
        parts: list[str], other: str) -> None:
    # The translation check's alignment scores groups of sentences from their keys, joined,
    # instead of keying the joined keys again.
    keys = [sentence_key(p) for p in parts]
    assert joined_key(keys) == sentence_key(" ".join(keys))
    key = sentence_key(other)
    assert key_similarity(keys[0], key) == pair_similarity(parts[0], other)
    ka, kb = sentence_key(parts[0]), key
    sorted_a, sorted_b = " ".join(sorted(ka.split())), " ".join(sorted(kb.split()))
    assert pair_similarity(parts[0], other) == max(fuzz.ratio(ka, kb),
                                                   fuzz.ratio(sorted_a, sorted_b))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_content_similarity_is_a_symmetric_share(a: str, b: str) -> None:
    x = content_similarity(a, b)
    assert 0.0 <= x <= 1.0
    assert x == content_similarity(b, a)


@pytest.mark.parametrize(("text", "expected"), [
    ("Funds opened at 5-15/16 pct after 6.06 pct.", {"15/16", "6.06"}),
    ("Slaughter of 295,000 to 305,000 head, 1,234,567 in all.", {"295,000", "305,000",
                                                                "1,234,567"}),
    ("Filed 07/14/2018, 08:04pm; updated 5 hours ago in 2018.", set()),
    ("A 480-lb bale and 3 ships; version 2.0.1 and U.S. 1.5 billion.", {"480", "1.5"}),
    ("Рост составил 1,5 процента, или 10 000 рублей.", set()),
])
def test_figures_are_decimals_thousands_fractions_and_large_numbers(text: str,
                                                                     expected: set[str]) -> None:
    assert figures(text) == expected


def test_figures_kept_is_the_share_of_the_smaller_set() -> None:
    a, b = frozenset({"1.5", "6.25"}), frozenset({"1.5", "6.25", "3/8", "480"})
    assert figures_kept(a, b) == figures_kept(b, a) == 1.0
    assert figures_kept(a, frozenset({"2.5", "6.14"})) == 0.0
    assert figures_kept(frozenset({"1.5"}), b) is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_keys_use_the_reference_tokeniser(text: str) -> None:
    normalized_key.cache_clear()
    assert normalized_key(text) == sentence_key(normalize(text))


# The definition of a figure written plainly (look-behinds first): align._FIGURE is the same
# pattern rearranged to open on a digit, which is faster.
_FIGURE_REFERENCE = re.compile(
    r"(?<![\w/:.,])(?<!\d[ \u00a0\u202f])"
    r"(?:\d+\.\d+|\d{1,3}(?:,\d{3})+|\d{1,2}/\d{1,2}(?!/\d)|\d{3,})"
    r"(?![\w/:]|[.,]\d|[ \u00a0\u202f]\d{3}(?!\d))")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789 .,/:-aY'\u00a0\u202f", max_size=24))
def test_figures_match_their_plain_definition(text: str) -> None:
    expected = {f for f in _FIGURE_REFERENCE.findall(text)
                if not re.fullmatch(r"(?:19|20)\d\d", f)}  # not a year
    assert figures(text) == expected


def test_keys_of_chinese_join_ideographs_and_count_each_as_a_word() -> None:
    key = normalized_key("2023年，Apple公司发布了新款iPhone。")
    assert key == "2023 年 apple 公司发布了新款 iphone"
    assert key_words(key) == 11


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["中", "国", "の", "2,5", "a", "b.c", "Жук", " ", "，", "。"]),
                max_size=15).map("".join))
def test_key_words_counts_the_words_of_the_sentence(sentence: str) -> None:
    key = sentence_key(sentence)
    assert key_words(key) == len(tokenize(sentence.lower()))
    assert "".join(key.split()) == "".join(tokenize(sentence.lower()))


def test_unrelated_chinese_sentences_of_one_length_are_not_counterparts() -> None:
    # Joined without spaces, two sentences share only the characters they have in common (a
    # space between every character would make any two sentences half alike).
    a = ["青河市气象台周二凌晨发布红色暴雨预警。", "市交通局局长赵明在开通仪式上讲话。"]
    b = ["青河市气象台星期二凌晨发布红色暴雨预警。", "首日乘车的市民李华说上班快多了。"]
    assert matches(a, b, cutoff=60).tolist() == [[True, False], [False, False]]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=".!?…؟۔。！？｡।॥\"'”’»)]」』） \n\tab中", max_size=40))
def test_sentence_boundary_pattern_equals_its_plain_form(text: str) -> None:
    from dupdetect.align import _BOUNDARY

    plain = re.compile(r"[.!?…؟۔]+[\"'”’»)\]]*\s+|[。！？｡।॥]+[\"'”’»)\]」』）]*\s*")
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)]


# ASCII text for the sentence kernels: every rule of the splitter (abbreviations in any case,
# "No. 5", initials, a word longer than the backward window, stops, closers, every ASCII space,
# digits and underscores before a point), and any ASCII character at all.
_ASCII_PIECES = st.sampled_from([
    "Gen.", "GEN.", "gen.", "U.S.", "u.s.", "Ph.D.", "approx.", "Sept.", "No.", "no.", "nos.",
    "No.5", "5", "J.", "j.", "V.V.", "A.B.C.", "x" * 70 + ".", "a_b.", "3.5", "1,200", "the",
    "Dam", "said.", "left!", "why?", "...", "?!", "'we.'", '"yes."', "(AP).", "[x].)", "\n",
    "\n\n", " ", "  ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "don`t", "it's", ",", "'",
    "A", "b",
])
_ASCII_TEXT = st.one_of(
    st.lists(_ASCII_PIECES, max_size=30).map("".join),
    st.lists(_ASCII_PIECES, max_size=30).map(" ".join),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=80),
)


@settings(max_examples=1500, deadline=None)
@given(_ASCII_TEXT)
def test_sentence_kernel_equals_the_regex_code(text: str) -> None:
    from dupdetect.align import _split_ascii, _split_sentences

    assert _split_ascii(text) == _split_sentences(text)


@settings(max_examples=1000, deadline=None)
@given(_ASCII_TEXT, st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=6))
def test_key_kernel_and_its_twin_equal_the_regex(text: str,
                                                 spans: list[tuple[int, int]]) -> None:
    # The sentences of the text, and spans cut anywhere (overlapping too): the kernel and the
    # bytes code find the regex's words.
    from dupdetect.align import _ascii_keys, _ascii_keys_bytes, _split_sentences

    cut = [Sentence(text[lo:hi], lo, hi, 0)
           for lo, hi in (sorted((min(a, len(text)), min(b, len(text)))) for a, b in spans)]
    for sentences in (_split_sentences(text), cut):
        expected = [normalized_key(s.text) for s in sentences]
        assert _ascii_keys(text, sentences) == expected
        assert _ascii_keys_bytes(text, sentences) == expected


def test_sentence_kernels_are_used_once_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before the kernels are loaded, ASCII text is split by the regex code (a lone diff does
    # not load numba); after warm(), by the kernels.
    from dupdetect import align, kernels

    if kernels.sentences is None:
        pytest.skip("numba is not installed: the regex code is all there is")
    text = "Gen. Ruiz met U.S. envoys. They agreed."
    used: list[str] = []
    monkeypatch.setattr(align, "_split_ascii", lambda t: used.append("kernel") or [])
    monkeypatch.setattr(kernels.sentences, "compiled", None)
    assert texts(text) == ["Gen. Ruiz met U.S. envoys.", "They agreed."]
    assert used == []
    kernels.warm()
    assert kernels.sentences.ready
    assert split_sentences(text) == []
    assert used == ["kernel"]


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(alphabet="aZ09_.,:'/ -\t", max_size=60),
                 st.text(alphabet=st.characters(max_codepoint=127), max_size=60)))
def test_fact_words_of_ascii_text_equal_the_full_pattern(text: str) -> None:
    from dupdetect.align import _FACT_WORD, _FACT_WORD_ASCII, _words_of

    assert _FACT_WORD_ASCII.findall(text) == _FACT_WORD.findall(text)
    _words_of.cache_clear()
    assert _words_of(text).words == tuple(_FACT_WORD.findall(text))


def _gaps_reference(hits: np.ndarray, open_a: np.ndarray,
                    open_b: np.ndarray) -> tuple[list[int], list[int]]:
    # The gaps as first written: gap by gap, every open row with every open column.
    from dupdetect.align import _longest_chain

    chain_i, chain_j = _longest_chain(np.argwhere(hits).tolist())
    rows, cols = np.flatnonzero(open_a), np.flatnonzero(open_b)
    gap_r = np.searchsorted(np.array(chain_i, dtype=np.int64), rows)
    gap_c = np.searchsorted(np.array(chain_j, dtype=np.int64), cols)
    out_r: list[int] = []
    out_c: list[int] = []
    for g in np.intersect1d(gap_r, gap_c).tolist():
        r, c = rows[gap_r == g], cols[gap_c == g]
        out_r += np.repeat(r, len(c)).tolist()
        out_c += np.tile(c, len(r)).tolist()
    return out_r, out_c


@settings(max_examples=1500, deadline=None)
@given(st.integers(0, 9), st.integers(0, 9), st.data())
def test_gap_cells_equal_the_gap_by_gap_reference(n_a: int, n_b: int, data: st.DataObject) -> None:
    # Any matches (in order, crossing, several in a row or a column) and any open sentences:
    # the vectorised gaps are the reference's cells, in the same order.
    from dupdetect.align import _gaps

    cells = st.lists(st.booleans(), min_size=n_a * n_b, max_size=n_a * n_b)
    hits = np.array(data.draw(cells), dtype=bool).reshape(n_a, n_b)
    if data.draw(st.booleans()):  # a near duplicate: matches mostly on a diagonal
        hits = np.eye(n_a, n_b, dtype=bool) & hits
    open_a = np.array(data.draw(st.lists(st.booleans(), min_size=n_a, max_size=n_a)), dtype=bool)
    open_b = np.array(data.draw(st.lists(st.booleans(), min_size=n_b, max_size=n_b)), dtype=bool)
    rows, cols = _gaps(hits, open_a, open_b)
    assert rows.dtype == cols.dtype == np.int64
    assert (rows.tolist(), cols.tolist()) == _gaps_reference(hits, open_a, open_b)


# Sentences that meet in every way the search knows: the same, reworded, with a changed figure
# or name (similar but not consistent), fragments of a word or two, unrelated.
_POOL = [
    "The Varna dam burst on Monday after a week of heavy rain, officials said.",
    "The Varna dam burst on Monday after a week of very heavy rain, officials said.",
    "The Varna dam burst on Tuesday after a week of heavy rain, officials said.",
    "Rescue teams moved 145 people from the riverside streets overnight.",
    "Rescue teams moved 154 people from the riverside streets overnight.",
    "Rescue teams had moved 145 people from riverside streets overnight.",
    "Overnight rescue teams moved 145 people from the riverside streets.",
    "Schools in three districts will stay closed until the end of the week.",
    "Photo:", "Update 2", "Rain.", "Rescue teams",
    "An inquiry into the maintenance record will open next month.",
]


@given(st.lists(st.sampled_from(_POOL), min_size=1, max_size=7),
       st.lists(st.sampled_from(_POOL), min_size=1, max_size=7),
       st.sets(st.integers(0, 6), max_size=2), st.sets(st.integers(0, 6), max_size=2))
@settings(max_examples=200, deadline=None)
def test_could_match_holds_for_every_counterpart_the_search_finds(
        a: list[str], b: list[str], rows: set[int], cols: set[int]) -> None:
    rows_ = sorted(i for i in rows if i < len(a))
    cols_ = sorted(j for j in cols if j < len(b))
    keys_a, keys_b = [sentence_key(x) for x in a], [sentence_key(x) for x in b]
    hits = matches(a, b, cutoff=60, keys_a=keys_a, keys_b=keys_b)
    sims = Similarities(keys_a, keys_b, 60.0)
    possible = could_match(a, b, rows_, cols_, sims)
    if hits[rows_, :].any() or hits[:, cols_].any():
        assert possible
    if not rows_ and not cols_:
        assert not possible
    # The cells it computed, shared with the search, change nothing.
    shared = matches(a, b, cutoff=60, keys_a=keys_a, keys_b=keys_b, similarities=sims)
    assert shared.tolist() == hits.tolist()


def test_could_match_sees_exact_fuzzy_and_inconsistent_counterparts() -> None:
    a = [_POOL[0], _POOL[3], _POOL[12]]
    keys = [sentence_key(x) for x in a]

    def possible(b: list[str], rows: list[int], cols: list[int]) -> bool:
        return could_match(a, b, rows, cols, Similarities(keys, [sentence_key(x) for x in b],
                                                          60.0))

    assert possible([_POOL[7], _POOL[0]], [0], [])  # the same sentence, elsewhere
    assert possible([_POOL[1]], [0], [])  # reworded
    assert not possible([_POOL[2], _POOL[4]], [0, 1], [])  # another day, another figure
    assert possible([_POOL[7], _POOL[6]], [], [1])  # B's sentence 1 is A's sentence 1
    assert not possible([_POOL[7], _POOL[6]], [], [0])
    assert not possible(["Photo:"], [0, 1, 2], [0])
