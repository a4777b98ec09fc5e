"""Worker processes over batches, and the on-disk text store."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupdetect.engine import TextStore, batched, check_jobs, map_batches
from dupdetect.errors import InvalidParameterError

_STATE: dict[str, int] = {}


def _init(offset: int) -> None:
    _STATE["offset"] = offset


def _work(batch: list[int]) -> tuple[list[int], int]:
    return [x + _STATE["offset"] for x in batch], os.getpid()


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_map_batches_keeps_input_order_and_runs_the_initializer(jobs: int) -> None:
    batches = list(batched(range(103), 10))
    out = list(map_batches(_work, batches, jobs=jobs, initializer=_init, initargs=(1000,)))
    assert [x for part, _ in out for x in part] == [x + 1000 for x in range(103)]
    pids = {pid for _, pid in out}
    if jobs == 1:
        assert pids == {os.getpid()}
    else:
        assert os.getpid() not in pids  # the batches ran in workers


def test_map_batches_consumes_a_stream_lazily() -> None:
    pulled: list[int] = []

    def source():
        for i in range(40):
            pulled.append(i)
            yield [i]

    results = map_batches(_work, source(), jobs=2, initializer=_init, initargs=(0,))
    first = next(results)
    assert first[0] == [0]
    assert len(pulled) < 40  # only a few batches are in flight
    assert [r[0][0] for r in results] == list(range(1, 40))


def test_meanwhile_runs_aside_while_the_workers_run_and_is_done_by_the_last_result() -> None:
    threads: list[str] = []

    def aside() -> None:
        time.sleep(0.3)  # longer than the batches take
        threads.append(threading.current_thread().name)

    out = []
    for part, _pid in map_batches(_work, [[i] for i in range(6)], jobs=2, initializer=_init,
                                  initargs=(0,), meanwhile=aside):
        out.append(part)
        if len(out) == 6:
            assert len(threads) == 1  # returned before the last result was yielded
    assert out == [[i] for i in range(6)]
    assert threads[0] != threading.current_thread().name


def test_meanwhile_errors_are_raised_and_nothing_is_done_aside_in_process() -> None:
    def broken() -> None:
        raise RuntimeError("the import failed")

    with pytest.raises(RuntimeError, match="the import failed"):
        list(map_batches(_work, [[1], [2], [3]], jobs=2, initializer=_init, initargs=(0,),
                         meanwhile=broken))
    # In this process (one batch, or jobs=1), nothing is done aside.
    called: list[bool] = []
    list(map_batches(_work, [[1]], jobs=2, initializer=_init, initargs=(0,),
                     meanwhile=lambda: called.append(True)))
    list(map_batches(_work, [[1], [2]], jobs=1, initializer=_init, initargs=(0,),
                     meanwhile=lambda: called.append(True)))
    assert called == []


def test_one_batch_runs_in_process_and_no_batch_yields_nothing() -> None:
    assert [pid for _, pid in map_batches(_work, [[1]], jobs=4, initializer=_init,
                                          initargs=(0,))] == [os.getpid()]
    assert list(map_batches(_work, [], jobs=4, initializer=_init, initargs=(0,))) == []


def _memory_kept(batch: list[int]) -> bool:
    from dupdetect import engine

    return engine.MEMORY_KEPT


def _no_init() -> None:
    pass


def test_workers_keep_freed_memory_and_this_process_is_left_alone() -> None:
    glibc = (sys.platform.startswith("linux") and "CS_GNU_LIBC_VERSION" in os.confstr_names
             and os.confstr("CS_GNU_LIBC_VERSION") is not None)
    batches = [[1], [2], [3]]
    kept = list(map_batches(_memory_kept, batches, jobs=2, initializer=_no_init, keep_freed=True))
    assert kept == [glibc] * 3
    assert list(map_batches(_memory_kept, batches, jobs=2, initializer=_no_init)) == [False] * 3
    in_process = list(map_batches(_memory_kept, batches, jobs=1, initializer=_no_init,
                                  keep_freed=True))
    assert in_process == [False] * 3


def _gc_state(batch: list[int]) -> tuple[int, int]:
    import gc

    return gc.get_threshold()[0], gc.get_freeze_count()


def test_batches_collect_garbage_less_and_this_process_is_left_as_it_was() -> None:
    import gc

    from dupdetect.engine import GC_YOUNG

    before = gc.get_threshold()
    batches = [[1], [2], [3]]
    # Workers: the young generation collected every GC_YOUNG allocations, and the objects of
    # the parent (frozen when they were forked) left out of collections.
    in_workers = list(map_batches(_gc_state, batches, jobs=2, initializer=_no_init))
    assert all(young == GC_YOUNG and frozen > 1000 for young, frozen in in_workers)
    # In this process: the same while the batches run, and as before once they end.
    in_process = list(map_batches(_gc_state, batches, jobs=1, initializer=_no_init))
    assert all(young == GC_YOUNG and frozen > 1000 for young, frozen in in_process)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_overlapping_batch_runs_leave_this_process_as_it_was() -> None:
    # Two map_batches generators read in turn, the first ending first: the collections are
    # tuned until the last one ends, then restored.
    import gc

    from dupdetect.engine import GC_YOUNG

    before = gc.get_threshold()
    first = map_batches(_gc_state, [[1], [2]], jobs=1, initializer=_no_init)
    second = map_batches(_gc_state, [[1], [2]], jobs=1, initializer=_no_init)
    assert next(first)[0] == GC_YOUNG
    assert next(second)[0] == GC_YOUNG
    assert next(first)[0] == GC_YOUNG
    assert next(first, None) is None  # the first ends
    assert gc.get_threshold()[0] == GC_YOUNG
    assert gc.get_freeze_count() > 0
    assert next(second)[0] == GC_YOUNG
    assert next(second, None) is None
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_objects_the_caller_froze_stay_frozen() -> None:
    # A process with frozen objects of its own: nothing more is frozen, and unfreezing does
    # not release the caller's.
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        states = list(map_batches(_gc_state, [[1], [2]], jobs=1, initializer=_no_init))
        # (Frozen objects may be freed meanwhile: the count can only fall.)
        assert all(0 < f <= frozen for _, f in states)
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def _rss_mb() -> float:
    with Path("/proc/self/status").open() as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


@pytest.mark.skipif(not (sys.platform.startswith("linux") and "CS_GNU_LIBC_VERSION"
                         in os.confstr_names and os.confstr("CS_GNU_LIBC_VERSION")),
                    reason="malloc_trim is glibc's (Linux)")
def test_freed_pieces_inside_the_heap_go_back_to_the_system() -> None:
    from dupdetect.engine import release_freed_memory

    # 64 kB pieces (below malloc's mmap threshold: from the heap), every other one kept, so
    # that freeing the others leaves holes glibc does not trim.
    pieces, kept = [], []
    for _ in range(2000):
        pieces.append(b"x" * 65536)
        kept.append(b"y" * 65536)
    before = _rss_mb()
    del pieces
    held = _rss_mb()
    assert release_freed_memory()
    after = _rss_mb()
    assert held - after > 60, (before, held, after)  # of the 128 MB freed
    assert len(kept) == 2000


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5, "2"])
def test_bad_jobs_are_rejected(jobs: object) -> None:
    with pytest.raises(InvalidParameterError, match="'jobs' parameter of Thing"):
        check_jobs(jobs, "Thing")


def test_jobs_none_means_every_core() -> None:
    assert check_jobs(None, "Thing") >= 1


def _read(batch: list[int]) -> list[str]:
    store: TextStore = _STORE["store"]
    return [store.get(i) for i in batch]


_STORE: dict[str, TextStore] = {}


def _init_store(store: TextStore) -> None:
    _STORE["store"] = store


def test_text_store_round_trip_in_this_process_and_in_workers() -> None:
    texts = ["Flood in Korvala.", "", "Пожар в порту «Север».", "emoji 🌊 and \u2028 line",
             "x" * 5000]
    store = TextStore()
    store.extend(TextStore.pack(t) for t in texts[:2])
    assert store.get(1) == ""
    store.extend(TextStore.pack(t) for t in texts[2:])
    store.freeze()
    assert [store.get(i) for i in range(len(texts))] == texts
    out = list(map_batches(_read, [[4, 3], [2, 1], [0]], jobs=2, initializer=_init_store,
                           initargs=(store,)))
    assert [t for part in out for t in part] == [texts[i] for i in (4, 3, 2, 1, 0)]
    path = store.path
    # On Linux the file is unlinked at once (workers read the inherited descriptor): nothing is
    # left on disk even if the process is killed. Elsewhere it is removed by close().
    assert store.unlinked == sys.platform.startswith("linux")
    assert Path(path).exists() != store.unlinked
    assert store.get(2) == texts[2]  # still readable after the workers exited
    store.close()
    assert not Path(path).exists()


def test_text_store_by_path_for_spawned_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    import dupdetect.engine as engine

    monkeypatch.setattr(engine, "_UNLINK_EARLY", False)
    store = TextStore()
    store.extend([TextStore.pack("one"), TextStore.pack("two")])
    copy = pickle.loads(pickle.dumps(store))  # what a spawned worker receives
    assert copy.get(1) == "two"
    copy.close()  # a worker's copy never removes the file
    assert Path(store.path).exists()
    store.close()
    assert not Path(store.path).exists()


@given(st.integers(0, 3000), st.integers(1, 16), st.integers(1, 50), st.integers(0, 500))
def test_shrinking_batches_cover_the_items_in_order_and_shrink(n: int, parts: int,
                                                               smallest: int, extra: int) -> None:
    from dupdetect.engine import shrinking

    largest = smallest + extra
    batches = list(shrinking(list(range(n)), parts, largest, smallest))
    assert [x for b in batches for x in b] == list(range(n))
    sizes = [len(b) for b in batches]
    assert all(smallest <= s <= largest for s in sizes[:-1])
    assert all(0 < s <= largest for s in sizes[-1:])
    # Never larger than the one before (the last may be cut short).
    assert all(b <= a for a, b in itertools.pairwise(sizes))
    # Each takes about 1 / parts of what is left, within the bounds.
    left = n
    for s in sizes:
        assert s == min(left, largest, max(smallest, left // parts + 1))
        left -= s
