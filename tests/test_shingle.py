"""Tests of dupdetect.shingle: tokens, vectorised shingle hashes vs one-at-a-time, passages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupdetect.shingle import (
    shingle_hash32,
    shingle_hash64,
    shingle_hashes,
    shingle_texts,
    token_hash,
    token_hashes,
    tokenize,
    unique_shingles,
)

KNOWN_TOKEN_HASHES = [8777055843625058441, 2015325952145593925, 17027236399221140646]
# Words as tokenize() produces them: letters and digits of any script, no spaces.
WORD = st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=8)
WORDS = st.lists(WORD, max_size=30)
# Free text in several scripts, with punctuation and separators between words.
TEXT = st.text(
    st.one_of(
        st.characters(categories=("L", "Nd")),
        st.sampled_from(list(" .,'-!?\n")),
        st.sampled_from(list("жЖёщäéñçßøıİ")),
    ),
    max_size=120,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the u.s. paid $1,200 - don't ask", ["the", "u.s", "paid", "1,200", "don't", "ask"]),
        ("в москве 3.5 градуса", ["в", "москве", "3.5", "градуса"]),
        ("l'été à zürich, señor", ["l'été", "à", "zürich", "señor"]),
        ("'quoted words' end.", ["quoted", "words", "end"]),
        ("rose by 10,000.5 units", ["rose", "by", "10,000.5", "units"]),
        ("snake_case and co-op", ["snake", "case", "and", "co", "op"]),
        ("end. next, then", ["end", "next", "then"]),
        ("  \t\n ...", []),
        ("", []),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


@given(TEXT)
@settings(max_examples=60, deadline=None)
def test_tokens_are_substrings_without_spaces_in_text_order(text: str) -> None:
    tokens = tokenize(text)
    pos = 0
    for token in tokens:
        assert token
        assert not any(c.isspace() for c in token)
        found = text.find(token, pos)
        assert found >= pos
        pos = found + len(token)


def test_token_hashes_are_stable() -> None:
    first = token_hashes(["река", "flood", "река"])
    assert first.dtype == np.uint64
    assert first[0] == first[2]
    assert first[0] != first[1]
    # Every call gives the same values: those of the scalar definition.
    assert token_hashes(["река", "flood", "река"]).tolist() == first.tolist()
    assert first.tolist() == [token_hash(t) for t in ["река", "flood", "река"]]
    assert token_hashes([]).shape == (0,)
    assert token_hashes([]).dtype == np.uint64


def test_token_hash_known_values() -> None:
    # Pinned: the hash defines every shingle and signature, so a change must be deliberate.
    assert token_hash("") == 0
    assert [token_hash(t) for t in ["a", "flood", "река"]] == KNOWN_TOKEN_HASHES


@pytest.mark.parametrize(
    ("n_tokens", "k", "expected"),
    [(0, 1, 0), (0, 5, 0), (1, 1, 1), (1, 5, 1), (4, 5, 1), (5, 5, 1), (6, 5, 2), (10, 3, 8),
     (10, 1, 10)],
)
def test_shingle_hashes_length(n_tokens: int, k: int, expected: int) -> None:
    tokens = [f"w{i}" for i in range(n_tokens)]
    hashes = shingle_hashes(token_hashes(tokens), k)
    assert hashes.dtype == np.uint64
    assert len(hashes) == expected
    assert len(shingle_texts(tokens, k)) == expected


def test_short_text_is_one_shingle_of_all_its_words() -> None:
    tokens = ["dam", "broke"]
    th = token_hashes(tokens)
    assert shingle_hashes(th, 5).tolist() == shingle_hashes(th, 2).tolist()
    assert shingle_texts(tokens, 5) == [b"dam broke"]


def test_shingle_hash_depends_on_word_order() -> None:
    th = token_hashes(["dam", "broke", "dam"])
    a, b = shingle_hashes(th, 2)
    assert a != b


@given(WORDS, st.integers(1, 6))
@settings(max_examples=80, deadline=None)
def test_scalar_hashes_agree_with_vectorised(tokens: list[str], k: int) -> None:
    vectorised = shingle_hashes(token_hashes(tokens), k)
    texts = shingle_texts(tokens, k)
    assert len(texts) == len(vectorised)
    for data, h in zip(texts, vectorised.tolist(), strict=True):
        assert shingle_hash64(data) == h
        assert shingle_hash32(data) == h >> 32
        assert 0 <= shingle_hash32(data) < 2**32


@given(TEXT, st.integers(1, 4))
@settings(max_examples=60, deadline=None)
def test_scalar_hashes_agree_on_tokenized_text(text: str, k: int) -> None:
    tokens = tokenize(text)
    vectorised = shingle_hashes(token_hashes(tokens), k).tolist()
    assert [shingle_hash64(t) for t in shingle_texts(tokens, k)] == vectorised


@given(WORDS, st.integers(1, 4))
@settings(max_examples=40, deadline=None)
def test_unique_shingles_is_the_sorted_set(tokens: list[str], k: int) -> None:
    all_hashes = shingle_hashes(token_hashes(tokens), k)
    unique = unique_shingles(token_hashes(tokens), k)
    assert unique.tolist() == sorted(set(all_hashes.tolist()))
