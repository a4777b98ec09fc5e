"""The fast paths of :mod:`dupdetect.artifacts` give what their plain definitions give.

Regexes rewritten so that the regex engine can skip to candidate characters, checks cached per
text or per sentence pair, and loops narrowed to the candidates that can pass are each compared
here with the straightforward form they replace.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from dupdetect import artifacts as art
from dupdetect.align import (
    WORD,
    Sentence,
    common_subsequence,
    normalized_key,
    sentence_key,
    spans_of,
    spelling_similarity,
    split_sentences,
)
from dupdetect.diff import diff

# ----------------------------------------------------------------------------- regexes
#: The patterns as first written: each look-behind before the character it guards.
_SPACING_PLAIN = (r"(?<=\w)[\"“”](?=\w)", r"(?<=[a-z]{2})[.!?;:,](?=[A-Z][a-z])",
                  r"\ufffd|(?<=[a-z])[|#*](?=[a-z])")
_WORD_PAIR_PLAIN = r"\b([A-Z][\w'’-]*) ([A-Z][\w'’-]+)\b"
_CAPITALISED_ASCII_PLAIN = (
    r"(?<![A-Za-z0-9])(?<![A-Za-z0-9]['.,])[A-Z][A-Za-z0-9]*(?:['.,][A-Za-z0-9]+)*")

#: Texts of characters and pieces around which the patterns turn.
_PUNCTUATED = st.one_of(
    st.text(alphabet="aZbQé \"“”.!?;:,|#*\ufffd_-'’9\n", max_size=80),
    st.lists(st.sampled_from(["Le Maire", "Jean-Luc Le", "O'Neill Zb", "ab.", "?Le", "Le",
                              "Maire", "de", "Zb", "ab", "a", "É", "é", "_", "-", "'", "’", '"',
                              "“", "”", ".", ",", "!", "?", ";", ":", "|", "#", "*", "\ufffd",
                              " ", " ", " ", "\n", "9"]),
             max_size=30).map("".join))


def _found(pattern: re.Pattern[str], text: str, *span: int) -> list[tuple[str, ...]]:
    return [(m.group(), *m.groups(), str(m.span())) for m in pattern.finditer(text, *span)]


@settings(max_examples=500, deadline=None)
@given(_PUNCTUATED)
def test_spacing_patterns_match_the_look_behind_first_forms(text: str) -> None:
    for (pattern, _), plain in zip(art._SPACING, _SPACING_PLAIN, strict=True):
        assert _found(pattern, text) == _found(re.compile(plain), text)


@settings(max_examples=500, deadline=None)
@given(_PUNCTUATED)
def test_word_pair_pattern_matches_the_word_boundary_form(text: str) -> None:
    assert _found(art._WORD_PAIR, text) == _found(re.compile(_WORD_PAIR_PLAIN), text)
    assert art._word_pairs(text) == tuple(
        (m.group(), (m.group(1) + m.group(2)).lower(), m.start(), m.end())
        for m in re.finditer(_WORD_PAIR_PLAIN, text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZbQ .,'’9\n", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_capitalised_pattern_matches_the_look_behind_first_form(text: str, pos: int,
                                                                endpos: int) -> None:
    # Searched from inside the text, as for each sentence: the look-behinds see before pos.
    plain = re.compile(_CAPITALISED_ASCII_PLAIN)
    assert (_found(art._CAPITALISED_ASCII, text, pos, endpos)
            == _found(plain, text, pos, endpos))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abAB éÉ_9 \n\t", max_size=40))
def test_doubled_word_pattern_for_marks_equals_the_plain_one_without_marks(text: str) -> None:
    assert _found(art._DOUBLED_MARKED, text) == _found(art._DOUBLED, text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(
    st.lists(st.sampled_from(["the", "The", "THE", "dam", "Dam", "da", "a", "9", "99", "_x",
                              "x_", " ", "  ", "\t", "\n", "\x1c", "\x1f", "\x0b", ".", "'",
                              "-"]), max_size=20).map("".join),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40)))
def test_doubled_word_pattern_for_ascii_equals_the_plain_one(text: str) -> None:
    assert _found(art._DOUBLED_ASCII, text) == _found(art._DOUBLED, text)


def test_doubled_word_pattern_for_marks_reads_whole_words() -> None:
    found = [m.group() for m in art._DOUBLED_MARKED.finditer(
        "वे रहे रहे थे। बारिश बारिश हुई। हिन्दी हिन्द और कि कि")]
    assert found == ["रहे रहे", "बारिश बारिश", "कि कि"]


# ----------------------------------------------------------------------------- names
_NAMES = ["Vallander", "Valander", "Vaarandi", "Varandi", "Vaarandy", "Korvala", "Kharvala",
          "Kiev", "Kyiv", "Le", "Maire", "Lemaire", "Mayor", "The", "NATO", "Anna's", "Anna",
          "Chrétien", "Chretien", "O'Neill", "ONeill", "Canada", "Canadian", "Seven", "A4"]
_NAME_TEXT = st.lists(
    st.lists(st.sampled_from([*_NAMES, "said", "the", "met", "in", "of"]), min_size=1,
             max_size=8).map(lambda w: " ".join(w) + "."),
    min_size=1, max_size=8).map(" ".join)


def _names_plain(text: str) -> tuple[tuple[str, int, int, bool], ...]:
    out = []
    for s in split_sentences(text):
        for w, start, opens in art._capitalised(text, s):
            if art._is_number(w) or (w.isupper() and len(w) > 1):
                continue
            w2 = re.sub(r"['’]s$", "", w)
            out.append((w2, start, start + len(w2), opens))
    return tuple(out)


@settings(max_examples=200, deadline=None)
@given(_NAME_TEXT)
def test_names_index_matches_its_plain_definitions(text: str) -> None:
    names = art._names_of(art._Sentences(text, split_sentences(text)))
    assert names.names == _names_plain(text)
    counts = Counter(w for w, *_ in names.names)
    assert names.counts == counts
    assert names.everywhere == set(counts)
    assert names.mid == {w for w, _, _, first in names.names if not first}
    assert names.plain == {art._plain(w) for w in counts}
    for w in counts:
        # Twice: computed, then from the memo.
        for _ in range(2):
            assert names.rivals(w) == tuple(x for x in counts if x != w and counts[x] > counts[w]
                                            and art._close_names(w, x))
            assert names.near_mid(w) == any(spelling_similarity(w, x) >= 85 for x in names.mid)


def test_names_are_cached_per_text_and_sentences() -> None:
    text = "Mayor Anna Vallander spoke. Then Valander left."
    two = split_sentences(text)
    one = [Sentence(text, 0, len(text), 0)]
    assert [w for w, *_ in art._names_in(two, text)] == ["Mayor", "Anna", "Vallander", "Then",
                                                         "Valander"]
    # The same text split otherwise: "Then" no longer opens a sentence.
    assert [opens for *_, opens in art._names_in(one, text)] == [True, False, False, False,
                                                                 False]
    assert art._names_in(two, text)[3][3] is True


def test_transliteration_table_follows_in_place_changes() -> None:
    a, b = "Talks were held in Ulanbator.", "Talks were held in Oolaanbaatar."
    assert diff(a, b).artifacts == ()
    art.TRANSLITERATIONS["Oolaanbaatar"] = "Ulanbator"
    try:
        assert [x.kind for x in diff(a, b).artifacts] == ["transliteration"]
    finally:
        del art.TRANSLITERATIONS["Oolaanbaatar"]
    assert diff(a, b).artifacts == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="kievyKIEV mumba", max_size=40))
def test_occurring_spellings_are_substrings_of_the_lower_case_text(text: str) -> None:
    _, spellings = art._table(None)
    assert art._occurring(text, spellings) == {x for x in spellings if x in text.lower()}


# ----------------------------------------------------------------------------- word order
_KEYS = st.lists(st.sampled_from("the dam broke and water rose over the old town on monday "
                                 "near river homes".split()), min_size=4, max_size=20)
#: Pairs of word lists: unrelated, or the second a reordering of the first.
_KEY_PAIRS = st.one_of(st.tuples(_KEYS, _KEYS),
                       _KEYS.flatmap(lambda a: st.tuples(st.just(a), st.permutations(a))))


def _out_of_order_plain(text_a: str, text_b: str) -> tuple[int, float] | None:
    wa, wb = normalized_key(text_a).split(), normalized_key(text_b).split()
    if min(len(wa), len(wb)) < art._MIN_SHARED_ORDER_WORDS:
        return None
    shared = sum((Counter(wa) & Counter(wb)).values())
    if shared < art._MIN_SHARED_ORDER_WORDS or shared < 0.6 * min(len(wa), len(wb)):
        return None
    order = common_subsequence(wa, wb) / shared
    return (shared, order) if order < 0.6 else None


@settings(max_examples=500, deadline=None)
@given(_KEY_PAIRS)
def test_out_of_order_matches_its_plain_definition_both_ways(
        pair: tuple[list[str], list[str]]) -> None:
    x, y = " ".join(pair[0]), " ".join(pair[1])
    assert art._out_of_order(x, y) == _out_of_order_plain(x, y) == _out_of_order_plain(y, x)


# ----------------------------------------------------------------------------- seams
def _seamed(sentences: list[tuple[list[str], int]]) -> str:
    """Sentences of words, each opening with the last ``k`` words of the one before."""
    out: list[list[str]] = []
    for words, k in sentences:
        words = (out[-1][-k:] if out and k else []) + words
        out.append(words)
    return " ".join(" ".join(w)[:1].upper() + " ".join(w)[1:] + "." for w in out)


_SEAM_TEXT = st.lists(
    st.tuples(st.lists(st.sampled_from(["the", "dam", "broke", "water", "rose", "it", "homes",
                                        "in", "Korvala"]), min_size=1, max_size=6),
              st.integers(0, 5)),
    min_size=1, max_size=6).map(_seamed)


def _seam_artifacts_plain(text_a: str, text_b: str) -> list[tuple[str, tuple[int, int], str]]:
    sa, sb = split_sentences(text_a), split_sentences(text_b)
    keys_a = " | ".join(sentence_key(x.text) for x in sa)
    out = []
    for prev, nxt in pairwise(sb):
        if prev.paragraph != nxt.paragraph:
            continue
        wp = WORD.findall(text_b, prev.start, prev.end)
        wn = WORD.findall(text_b, nxt.start, nxt.end)
        for k in range(min(4, len(wp) - 1, len(wn) - 1), 0, -1):
            tail = [w.lower() for w in wp[-k:]]
            if tail != [w.lower() for w in wn[:k]] or (k == 1 and len(tail[0]) <= 3):
                continue
            if " ".join(tail) + " | " + " ".join(tail) not in keys_a:
                spans = spans_of(text_b[nxt.start:nxt.end])
                start, end = nxt.start + spans[0][1], nxt.start + spans[k - 1][2]
                out.append((text_b[start:end], (start, end), " ".join(tail)))
            break
    return out


@settings(max_examples=300, deadline=None)
@given(_SEAM_TEXT, _SEAM_TEXT)
def test_seams_match_the_sentence_by_sentence_scan(text_a: str, text_b: str) -> None:
    found = [(x.text, x.span, x.evidence.split("'")[1])
             for x in art._doubled_artifacts(text_a, text_b, split_sentences(text_a),
                                             split_sentences(text_b))
             if "ends one sentence" in x.evidence]
    assert found == _seam_artifacts_plain(text_a, text_b)
