"""Tests of dupdetect.candidates: the S-curve, the band optimiser, band keys and LSH pairs."""

from __future__ import annotations

import itertools
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dupdetect import kernels
from dupdetect.candidates import (
    band_keys,
    choose_bands,
    collision_probability,
    distinct_per_owner,
    low_bytes,
    lsh_pairs,
    mark_agreement,
    stable_key_order,
    unique_pairs,
    winnow,
)
from dupdetect.errors import InvalidParameterError


def naive_pairs(keys: np.ndarray, owners: np.ndarray) -> set[tuple[int, int]]:
    """Every pair of distinct owners with a key in common (the quadratic definition)."""
    keys_of: dict[int, set[int]] = {}
    for row, owner in zip(keys.tolist(), owners.tolist(), strict=True):
        keys_of.setdefault(owner, set()).update(row)
    return {
        (i, j)
        for i, j in itertools.combinations(sorted(keys_of), 2)
        if keys_of[i] & keys_of[j]
    }


def components(pairs: set[tuple[int, int]] | np.ndarray) -> set[frozenset[int]]:
    """Connected components (of two or more nodes) of the graph with these edges."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in (tuple(p) for p in np.asarray(list(pairs)).reshape(-1, 2).tolist()):
        parent[find(i)] = find(j)
    groups: dict[int, set[int]] = {}
    for x in parent:
        groups.setdefault(find(x), set()).add(x)
    return {frozenset(g) for g in groups.values()}


def check_format(pairs: np.ndarray) -> None:
    assert pairs.dtype == np.int64
    assert pairs.ndim == 2
    assert pairs.shape[1] == 2
    assert (pairs[:, 0] < pairs[:, 1]).all()
    as_list = [tuple(p) for p in pairs.tolist()]
    assert as_list == sorted(set(as_list))  # sorted and unique


@pytest.mark.parametrize(
    ("s", "bands", "rows", "expected"),
    [
        (0.0, 20, 5, 0.0),
        (1.0, 20, 5, 1.0),
        (0.5, 1, 1, 0.5),
        (0.5, 2, 1, 0.75),
        (0.5, 1, 2, 0.25),
        (0.5, 32, 4, 1 - (1 - 0.5**4) ** 32),
        (0.8, 9, 13, 1 - (1 - 0.8**13) ** 9),
    ],
)
def test_collision_probability(s: float, bands: int, rows: int, expected: float) -> None:
    assert float(collision_probability(s, bands, rows)) == pytest.approx(expected, abs=1e-12)


def test_collision_probability_is_an_increasing_s_curve() -> None:
    grid = np.linspace(0.0, 1.0, 101)
    p = collision_probability(grid, 20, 5)
    assert p.shape == grid.shape
    assert (np.diff(p) >= 0).all()
    assert p[0] == 0.0
    assert p[-1] == 1.0
    assert float(collision_probability(0.5, 32, 4)) == pytest.approx(0.873, abs=5e-4)


@pytest.mark.parametrize("num_perm", [64, 128, 256])
@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 0.8, 0.9])
def test_choose_bands_puts_the_curve_midpoint_near_the_threshold(threshold: float,
                                                                 num_perm: int) -> None:
    bands, rows = choose_bands(threshold, num_perm)
    assert bands >= 1
    assert rows >= 1
    assert bands * rows <= num_perm
    # Similarity at which the collision probability is 1/2.
    midpoint = (1.0 - 0.5 ** (1.0 / bands)) ** (1.0 / rows)
    assert midpoint == pytest.approx(threshold, abs=0.06)
    assert float(collision_probability(threshold + 0.1, bands, rows)) > 0.5
    assert float(collision_probability(threshold - 0.1, bands, rows)) < 0.5


@pytest.mark.parametrize(
    ("threshold", "expected"), [(0.3, (37, 3)), (0.5, (25, 5)), (0.8, (9, 13)), (0.9, (5, 25))]
)
def test_choose_bands_matches_datasketch_optimiser(threshold: float,
                                                   expected: tuple[int, int]) -> None:
    # The values datasketch.MinHashLSH picks for these thresholds with 128 permutations.
    assert choose_bands(threshold, 128) == expected


def test_choose_bands_weights_move_the_curve() -> None:
    strict = choose_bands(0.5, 128, fp_weight=0.9, fn_weight=0.1)
    lenient = choose_bands(0.5, 128, fp_weight=0.1, fn_weight=0.9)
    assert float(collision_probability(0.4, *strict)) < float(collision_probability(0.4, *lenient))


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.2, 1.5])
def test_choose_bands_rejects_bad_threshold(threshold: float) -> None:
    with pytest.raises(InvalidParameterError, match="'threshold'"):
        choose_bands(threshold, 128)


def test_band_keys_equal_rows_give_equal_keys() -> None:
    sig = np.array([[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 7]], dtype=np.uint32)
    keys = band_keys(sig, 3, 2)
    assert keys.shape == (3, 3)
    assert keys.dtype == np.uint64
    assert keys[0].tolist() == keys[1].tolist()
    assert keys[0, :2].tolist() == keys[2, :2].tolist()
    assert keys[0, 2] != keys[2, 2]


def test_band_keys_band_index_matters() -> None:
    # Row 1's second band holds the same values as row 0's first band.
    sig = np.array([[7, 8, 0, 0], [0, 0, 7, 8]], dtype=np.uint32)
    keys = band_keys(sig, 2, 2)
    assert keys[0, 0] != keys[1, 1]
    assert lsh_pairs(keys, np.array([0, 1])).shape == (0, 2)
    # Every value of a band counts, in order.
    swapped = band_keys(np.array([[7, 8], [8, 7]], dtype=np.uint32), 1, 2)
    assert swapped[0, 0] != swapped[1, 0]


def test_band_keys_ignore_columns_beyond_bands_times_rows() -> None:
    sig = np.array([[1, 2, 3, 99], [1, 2, 3, 42]], dtype=np.uint32)
    keys = band_keys(sig, 1, 3)
    assert keys[0, 0] == keys[1, 0]


def test_band_keys_reject_too_many_bands() -> None:
    with pytest.raises(InvalidParameterError, match="exceeds the signature width 4"):
        band_keys(np.zeros((2, 4), dtype=np.uint32), 3, 2)


@st.composite
def key_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(0, 30))
    bands = draw(st.integers(1, 4))
    # Few distinct values so that buckets of all sizes occur.
    keys = draw(arrays(np.uint64, (n, bands), elements=st.integers(0, 12)))
    owners = draw(arrays(np.int64, (n,), elements=st.integers(0, 15)))
    return keys, owners


@given(key_matrices())
@settings(max_examples=200, deadline=None)
def test_lsh_pairs_equal_naive_reference(data: tuple[np.ndarray, np.ndarray]) -> None:
    keys, owners = data
    pairs = lsh_pairs(keys, owners, max_bucket=1000)
    check_format(pairs)
    assert {tuple(p) for p in pairs.tolist()} == naive_pairs(keys, owners)


@given(key_matrices(), st.integers(0, 6))
@settings(max_examples=200, deadline=None)
def test_lsh_pairs_with_small_max_bucket_keep_the_same_components(
    data: tuple[np.ndarray, np.ndarray], max_bucket: int
) -> None:
    keys, owners = data
    pairs = lsh_pairs(keys, owners, max_bucket=max_bucket)
    check_format(pairs)
    naive = naive_pairs(keys, owners)
    assert {tuple(p) for p in pairs.tolist()} <= naive
    assert components(pairs) == components(naive)


@given(key_matrices(), st.integers(0, 6), st.sampled_from(["star", "drop"]),
       st.integers(1, 5), st.integers(2, 4))
@settings(max_examples=200, deadline=None)
def test_lsh_pairs_do_not_depend_on_key_ranges_or_threads(
    data: tuple[np.ndarray, np.ndarray], max_bucket: int, oversized: str, part_entries: int,
    threads: int
) -> None:
    import dupdetect.candidates as candidates

    keys, owners = data
    one = lsh_pairs(keys, owners, max_bucket=max_bucket, oversized=oversized)
    # Tiny key ranges, grouped in threads even for these few keys.
    with mock.patch.object(candidates, "_PART_ENTRIES", part_entries), \
            mock.patch.object(candidates, "_THREADED_ENTRIES", 0):
        many = lsh_pairs(keys, owners, max_bucket=max_bucket, oversized=oversized,
                         threads=threads)
    np.testing.assert_array_equal(many, one)


def test_passages_of_one_owner_never_pair_with_themselves() -> None:
    keys = np.array([[5, 6], [5, 6], [5, 9], [8, 8]], dtype=np.uint64)
    assert lsh_pairs(keys, np.array([3, 3, 3, 3])).shape == (0, 2)
    pairs = lsh_pairs(keys, np.array([3, 3, 4, 4]))
    assert pairs.tolist() == [[3, 4]]


@pytest.mark.parametrize(("n", "max_bucket"), [(10, 3), (65, 64), (200, 64), (5, 1)])
def test_large_bucket_is_a_star(n: int, max_bucket: int) -> None:
    keys = np.full((n, 1), 77, dtype=np.uint64)
    owners = np.arange(n)[::-1].copy()  # order of the input does not matter
    pairs = lsh_pairs(keys, owners, max_bucket=max_bucket)
    check_format(pairs)
    assert len(pairs) == n - 1  # not n * (n - 1) / 2
    assert (pairs[:, 0] == 0).all()  # around the first (smallest) owner
    assert components(pairs) == {frozenset(range(n))}


def test_bucket_at_the_limit_gives_all_pairs() -> None:
    keys = np.full((6, 1), 1, dtype=np.uint64)
    pairs = lsh_pairs(keys, np.arange(6), max_bucket=6)
    assert len(pairs) == 15


def test_bucket_size_counts_distinct_owners() -> None:
    # Six passages but only three documents: a small bucket, so all three pairs.
    keys = np.full((6, 1), 1, dtype=np.uint64)
    pairs = lsh_pairs(keys, np.array([0, 0, 1, 1, 2, 2]), max_bucket=3)
    assert pairs.tolist() == [[0, 1], [0, 2], [1, 2]]


def test_lsh_pairs_empty_inputs() -> None:
    empty = lsh_pairs(np.empty((0, 4), dtype=np.uint64), np.empty(0, dtype=np.int64))
    assert empty.shape == (0, 2)
    assert empty.dtype == np.int64
    lone = lsh_pairs(np.array([[1, 2]], dtype=np.uint64), np.array([0]))
    assert lone.shape == (0, 2)


@pytest.mark.parametrize("compiled", [True, False], ids=["numba", "numpy"])
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), max_size=15), min_size=1, max_size=6),
       st.integers(1, 6))
def test_winnow_equals_the_minimum_of_every_window(compiled: bool, docs: list[list[int]],
                                                   window: int) -> None:
    flat = np.array([x for d in docs for x in d], dtype=np.uint64)
    bounds = np.concatenate([[0], np.cumsum([len(d) for d in docs])])
    with pytest.MonkeyPatch.context() as mp:
        if not compiled:
            mp.setattr(kernels, "winnow", None)
        anchors, owners = winnow(flat, bounds, window)
    expected = []
    for n, d in enumerate(docs):
        if d:
            mins = {min(d[p : p + window]) for p in range(max(1, len(d) - window + 1))}
            expected += [(n, m) for m in sorted(mins)]
    assert list(zip(owners.tolist(), anchors.tolist(), strict=True)) == expected


def test_a_shared_passage_gives_a_shared_anchor_wherever_it_sits() -> None:
    rng = np.random.default_rng(3)
    passage = rng.integers(0, 2**63, size=40, dtype=np.int64).astype(np.uint64)
    a = np.concatenate([rng.integers(0, 2**63, size=7, dtype=np.int64).astype(np.uint64), passage])
    b = np.concatenate([rng.integers(0, 2**63, size=300, dtype=np.int64).astype(np.uint64),
                        passage, rng.integers(0, 2**63, size=50, dtype=np.int64).astype(np.uint64)])
    anchors, owners = winnow(np.concatenate([a, b]), np.array([0, len(a), len(a) + len(b)]), 32)
    assert set(anchors[owners == 0].tolist()) & set(anchors[owners == 1].tolist())


def test_dropped_oversized_buckets_make_no_pairs() -> None:
    keys = np.array([[5]] * 5 + [[7]] * 2, dtype=np.uint64)
    owners = np.arange(7)
    assert lsh_pairs(keys, owners, max_bucket=4, oversized="drop").tolist() == [[5, 6]]
    assert len(lsh_pairs(keys, owners, max_bucket=4, oversized="star")) == 5
    with pytest.raises(InvalidParameterError, match="'oversized'"):
        lsh_pairs(keys, owners, oversized="all")


def test_grouping_by_key_ranges_gives_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.candidates as candidates

    rng = np.random.default_rng(5)
    keys = rng.integers(0, 300, size=(2000, 3)).astype(np.uint64)
    owners = np.arange(2000)
    shuffled = rng.permutation(2000)
    whole = lsh_pairs(keys, owners, max_bucket=8)
    whole_unsorted = lsh_pairs(keys[shuffled], shuffled, max_bucket=8, oversized="drop")
    monkeypatch.setattr(candidates, "_PART_ENTRIES", 500)  # 12 key ranges
    np.testing.assert_array_equal(lsh_pairs(keys, owners, max_bucket=8), whole)
    np.testing.assert_array_equal(
        lsh_pairs(keys[shuffled], shuffled, max_bucket=8, oversized="drop"), whole_unsorted)
    assert len(whole) > 1000


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2**64 - 1) | st.integers(0, 9)),
                max_size=40), st.booleans())
def test_distinct_per_owner_sorts_and_dedupes(items: list[tuple[int, int]],
                                              in_order: bool) -> None:
    # Owners in order take the per-owner sorts; shuffled ones the two-key sort.
    if in_order:
        items = sorted(items, key=lambda x: x[0])
    owners = np.array([o for o, _ in items], dtype=np.int64)
    values = np.array([v for _, v in items], dtype=np.uint64)
    v, o = distinct_per_owner(values, owners)
    assert list(zip(o.tolist(), v.tolist(), strict=True)) == sorted(set(items))
    assert v.dtype == np.uint64
    assert o.dtype == np.int64


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**31 - 1) | st.integers(0, 6),
                          st.integers(0, 2**31 - 1) | st.integers(0, 6)), max_size=30))
def test_unique_pairs_equals_numpy_unique_by_rows(pairs: list[tuple[int, int]]) -> None:
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    got = unique_pairs(arr)
    assert got.dtype == np.int64
    assert got.tolist() == np.unique(arr, axis=0).tolist()


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 40), st.integers(1, 64))
def test_mark_agreement_is_the_share_of_equal_low_bytes(seed: int, n: int, width: int) -> None:
    rng = np.random.default_rng(seed)
    # Rows that share some of their values, as signatures of overlapping sets do.
    sig = rng.integers(0, 2**32, size=(n, width), dtype=np.uint32)
    shared = rng.random((n, width)) < 0.5
    sig[shared] = sig[0][np.nonzero(shared)[1]]
    pairs = np.array(list(itertools.combinations(range(n), 2)), dtype=np.int64)
    got = mark_agreement(low_bytes(sig), pairs)
    low = sig & 0xFF
    expected = [(low[i] == low[j]).mean() for i, j in pairs.tolist()]
    assert got.tolist() == pytest.approx(expected, abs=1e-12)
    # Equal values have equal low bytes: the agreement never falls below the full values'.
    full = [(sig[i] == sig[j]).mean() for i, j in pairs.tolist()]
    assert all(g >= f - 1e-12 for g, f in zip(got.tolist(), full, strict=True))


def test_mark_agreement_checks_pairs_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.candidates as candidates

    rng = np.random.default_rng(3)
    marks = rng.integers(0, 4, size=(30, 16), dtype=np.uint8)
    pairs = np.array(list(itertools.combinations(range(30), 2)), dtype=np.int64)
    whole = mark_agreement(marks, pairs)
    monkeypatch.setattr(candidates, "_CHECK_PAIRS", 7)
    assert mark_agreement(marks, pairs).tolist() == whole.tolist()
    assert mark_agreement(marks, pairs[:0]).tolist() == []


def test_low_bytes_of_unrelated_signatures_agree_by_chance_only() -> None:
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 2**32, size=(2000, 128), dtype=np.uint32)
    pairs = np.column_stack([np.arange(0, 2000, 2), np.arange(1, 2000, 2)])
    assert mark_agreement(low_bytes(sig), pairs).mean() == pytest.approx(1 / 256, abs=0.001)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300), st.booleans())
def test_stable_key_order_is_a_stable_argsort(seed: int, n: int, clashing: bool) -> None:
    rng = np.random.default_rng(seed)
    if clashing:
        # Few high parts and few low parts: keys that differ but share their high bits.
        bits = max(1, (n - 1).bit_length())
        keys = ((rng.integers(0, 4, n).astype(np.uint64) << np.uint64(bits))
                | rng.integers(0, 4, n).astype(np.uint64))
    else:
        keys = rng.integers(0, 2**64 - 1, n, dtype=np.uint64, endpoint=True)
        keys[rng.integers(0, n, n // 2)] = keys[0]  # repeated keys keep their positions' order
    assert stable_key_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()
    from dupdetect.candidates import _stable_key_sort

    order, in_order = _stable_key_sort(keys)
    assert in_order.tolist() == keys[order].tolist()
