"""Tests of dupdetect.signature: the batch MinHasher against datasketch (differential tests)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

import dupdetect.signature as signature_module
from dupdetect import kernels
from dupdetect.errors import InvalidParameterError
from dupdetect.shingle import shingle_hash32, shingle_hashes, shingle_texts, token_hashes
from dupdetect.signature import SCHEME, MinHasher, reference_signature, to_datasketch

MAX32 = 2**32 - 1
WORD = st.one_of(
    st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=7),
    st.sampled_from(["река", "dam", "été", "1,200", "u.s", "don't", "Zürich", "dam"]),
)
# Short vocabularies give repeated words and repeated shingles.
DOC = st.one_of(
    st.lists(WORD, max_size=25), st.lists(st.sampled_from(["a", "б", "ç"]), max_size=12)
)
PARAMS = st.sampled_from([(1, 1), (16, 1), (64, 7), (128, 1), (40, 2**32 - 1)])


@functools.cache
def hasher(num_perm: int, seed: int) -> MinHasher:
    return MinHasher(num_perm=num_perm, seed=seed)


def batch(docs: list[list[str]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated shingle hashes of the documents and their segment bounds."""
    parts = [shingle_hashes(token_hashes(doc), k) for doc in docs]
    bounds = np.cumsum([0] + [len(p) for p in parts])
    flat = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    return flat, bounds


def check_against_reference(docs: list[list[str]], k: int, num_perm: int, seed: int) -> None:
    flat, bounds = batch(docs, k)
    sigs = hasher(num_perm, seed).signatures(flat, bounds)
    assert sigs.shape == (len(docs), num_perm)
    assert sigs.dtype == np.uint32
    for doc, row in zip(docs, sigs, strict=True):
        expected = reference_signature(shingle_texts(doc, k), num_perm=num_perm, seed=seed)
        np.testing.assert_array_equal(row, expected)
        if not doc:
            assert (row == MAX32).all()


@given(st.lists(DOC, min_size=1, max_size=6), st.integers(1, 5), PARAMS)
@settings(max_examples=60, deadline=None)
def test_signatures_equal_datasketch(docs: list[list[str]], k: int,
                                     params: tuple[int, int]) -> None:
    check_against_reference(docs, k, *params)


@given(st.lists(DOC, min_size=1, max_size=8), st.integers(1, 3), st.integers(1, 20))
@settings(max_examples=40, deadline=None)
def test_signatures_equal_datasketch_with_tiny_chunks(docs: list[list[str]], k: int,
                                                      chunk: int) -> None:
    # The numpy path (no numba) with a tiny chunk: every batch goes through the chunking path,
    # segments straddling blocks.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kernels, "minima", None)
        mp.setattr(signature_module, "_CHUNK", chunk)
        check_against_reference(docs, k, 16, 3)


def test_the_compiled_kernel_is_in_use() -> None:
    # numba is a dependency: the fast path must not silently fall back to numpy.
    assert kernels.minima is not None


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
def test_signatures_of_many_documents_with_a_large_one(compiled: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if not compiled:
        monkeypatch.setattr(kernels, "minima", None)
    rng = np.random.default_rng(5)
    vocab = [f"слово{i}" for i in range(3000)] + [f"word{i}" for i in range(3000)]
    big = [vocab[i] for i in rng.integers(0, len(vocab), signature_module._CHUNK + 5000)]
    docs = [
        ["river", "burst", "its", "banks"],
        [],
        big,
        [],
        [],
        ["river", "burst"],
        big[: signature_module._CHUNK // 2],  # two of these do not fit in one chunk
        big[-signature_module._CHUNK // 2 - 10 :],
        ["été"],
        [],
    ]
    check_against_reference(docs, 3, 32, 11)


def test_empty_batch() -> None:
    sigs = hasher(16, 1).signatures(np.empty(0, dtype=np.uint64), np.array([0]))
    assert sigs.shape == (0, 16)
    sigs = hasher(16, 1).signatures(np.empty(0, dtype=np.uint64), np.array([0, 0, 0]))
    assert sigs.shape == (2, 16)
    assert (sigs == MAX32).all()


@pytest.mark.parametrize(("num_perm", "passage_perm"), [(128, 1), (128, 32), (64, 64), (16, 5)])
def test_passage_signatures_use_the_first_permutations(num_perm: int, passage_perm: int) -> None:
    h = hasher(num_perm, 1)
    docs = [["a", "dam", "broke", "in", "the", "north"], [], ["я", "не", "знаю", "я"]]
    flat, bounds = batch(docs, 2)
    sigs = h.signatures(flat, bounds, num_perm=passage_perm)
    assert sigs.shape == (len(docs), passage_perm)
    a, b = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME).permutations
    for doc, row in zip(docs, sigs, strict=True):
        m = MinHash(num_perm=passage_perm, permutations=(a[:passage_perm], b[:passage_perm]),
                    scheme=SCHEME, hashfunc=shingle_hash32)
        m.update_batch(shingle_texts(doc, 2))
        np.testing.assert_array_equal(row, m.hashvalues)
    # ... which are the first columns of the full signature.
    np.testing.assert_array_equal(sigs, h.signatures(flat, bounds)[:, :passage_perm])


def test_to_datasketch_round_trip_and_jaccard_estimate() -> None:
    # k = 1 makes the shingle sets the word sets: 200 shared of 400 in all, Jaccard 0.5.
    doc_a = [f"w{i}" for i in range(0, 300)]
    doc_b = [f"w{i}" for i in range(100, 400)]
    flat, bounds = batch([doc_a, doc_b, doc_a], 1)
    sig = hasher(256, 1).signatures(flat, bounds)
    ma, mb, ma2 = (to_datasketch(row) for row in sig)
    np.testing.assert_array_equal(ma.hashvalues, sig[0])
    assert ma.jaccard(mb) == pytest.approx(0.5, abs=0.1)
    assert ma.jaccard(ma2) == 1.0
    # Interchangeable with a MinHash built by datasketch itself.
    ref = MinHash(num_perm=256, seed=1, scheme=SCHEME, hashfunc=shingle_hash32)
    ref.update_batch(shingle_texts(doc_b, 1))
    assert ma.jaccard(ref) == ma.jaccard(mb)


def test_disjoint_documents_estimate_near_zero() -> None:
    flat, bounds = batch([[f"a{i}" for i in range(200)], [f"b{i}" for i in range(200)]], 1)
    sig = hasher(128, 1).signatures(flat, bounds)
    assert to_datasketch(sig[0]).jaccard(to_datasketch(sig[1])) < 0.1


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"num_perm": 0}, "num_perm"),
        ({"num_perm": -3}, "num_perm"),
        ({"num_perm": 4097}, "num_perm"),
        ({"num_perm": 8.0}, "num_perm"),
        ({"num_perm": True}, "num_perm"),
        ({"num_perm": "128"}, "num_perm"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_invalid_parameters(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter of MinHasher"):
        MinHasher(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("passage_perm", [0, 17, -1])
def test_passage_num_perm_out_of_range(passage_perm: int) -> None:
    flat, bounds = batch([["a", "b"]], 1)
    with pytest.raises(InvalidParameterError, match="'num_perm'") as info:
        hasher(16, 1).signatures(flat, bounds, num_perm=passage_perm)
    assert str(passage_perm) in str(info.value)


def test_hasher_equality_ignores_permutation_arrays() -> None:
    assert MinHasher(num_perm=8, seed=2) == MinHasher(num_perm=8, seed=2)
    assert MinHasher(num_perm=8, seed=2) != MinHasher(num_perm=8, seed=3)


def test_kernels_compile_without_a_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where numba finds no writable cache folder it refuses cache=True; kernels then compile
    # without caching instead of failing.
    import numba.core.caching

    monkeypatch.setattr(numba.core.caching.CacheImpl, "_locator_classes", [])

    def twice(x: np.ndarray) -> np.ndarray:
        return x * 2

    compiled = kernels._njit(twice)
    np.testing.assert_array_equal(compiled(np.arange(3)), [0, 2, 4])
