"""Where the batch work runs: worker processes over batches, and a spill file for texts.

:func:`map_batches` applies a function to batches of items in worker processes (or in this
process for ``jobs=1`` or a single batch) and yields the results in input order, keeping only a
few batches in flight so that memory does not grow with the input. :class:`TextStore` keeps the
texts on disk, so that memory grows with the signatures, not with the texts; the scoring stage
reads back only the documents it needs.

The functions given to :func:`map_batches` must be module-level (picklable); their per-process
state is set by ``initializer(*initargs)`` in every worker (and in this process when it runs the
batches itself).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from . import kernels
from .errors import InvalidParameterError

__all__ = ["TextStore", "batched", "collecting_less", "default_jobs", "map_batches",
           "shrinking", "workers_inherit"]

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """Worker processes used when ``jobs`` is None: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: object, owner: str) -> int:
    """``jobs`` validated (None means :func:`default_jobs`)."""
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidParameterError(
            f"The 'jobs' parameter of {owner} must be an int >= 1 or None. Got {jobs!r} instead.")
    return jobs


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def shrinking(items: Sequence[T], parts: int, largest: int, smallest: int) -> Iterator[list[T]]:
    """Consecutive lists of ``items`` whose sizes shrink with what is left: each is
    ``1 / parts`` of the items not yet given (plus one), within ``smallest`` and ``largest``.

    For work shared by workers that take the next list as they finish one (guided
    scheduling): the early lists are large, and the last ones small enough that the workers
    finish close together, whereas equal lists can leave one worker alone with a whole list
    at the end.

    Examples
    --------
    >>> [len(b) for b in shrinking(list(range(100)), 4, 20, 5)]
    [20, 20, 16, 12, 9, 6, 5, 5, 5, 2]
    """
    start = 0
    while start < len(items):
        size = min(largest, max(smallest, (len(items) - start) // parts + 1))
        yield list(items[start:start + size])
        start += size


#: Unlink the store's file at once: only where workers are forked (they inherit the descriptor).
_UNLINK_EARLY = sys.platform.startswith("linux")


def workers_inherit() -> bool:
    """Whether worker processes start as copies of this one (fork, on Linux): what this
    process holds when :func:`map_batches` starts is theirs without being sent, in batches or
    in ``initargs``."""
    return sys.platform.startswith("linux")


def _context() -> Any:
    # fork starts workers in milliseconds and shares the parent's read-only state; elsewhere
    # (macOS, Windows) spawn is the safe default.
    if workers_inherit():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # pragma: no cover


#: glibc's ``mallopt`` parameters (malloc.h) and the values workers set.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEEP_FREED = 128 << 20  # bytes of freed memory at the heap's top kept for the next batch
_HEAP_BELOW = 64 << 20  # allocations under this size come from the heap, not from mmap


def _glibc(name: str) -> Any:
    """The C function ``name`` of glibc, or None (not Linux, or a libc without it)."""
    if not sys.platform.startswith("linux"):  # pragma: no cover
        return None
    import ctypes

    try:
        return getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):  # pragma: no cover
        return None


def _keep_freed_memory() -> bool:
    """Tell glibc's malloc to keep freed memory in this process for reuse (True if it could).

    A batch allocates buffers of several MB (code points, words, shingles) and frees them when
    it ends. By default glibc returns such buffers to the system at once (they are mmap'ed, or
    trimmed off the heap's top), so the next batch faults the same memory in again, page by
    page: a worker computing signatures spends about a sixth of its time there (benchmarks/
    RESULTS.md, eighth round). Workers hold at most ``_KEEP_FREED`` bytes more than they use.
    Only worker processes do this (see ``keep_freed`` of :func:`map_batches`); a caller's own
    process is left as it is.
    """
    mallopt = _glibc("mallopt")
    if mallopt is None:  # pragma: no cover - not glibc (musl has no mallopt)
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, _KEEP_FREED)) and bool(
        mallopt(_M_MMAP_THRESHOLD, _HEAP_BELOW))


def release_freed_memory() -> bool:
    """Give the memory this process has freed back to the system (glibc's ``malloc_trim``;
    True if it could). It changes no setting of malloc, so a caller's process may call it.

    Pass 1 gathers its arrays in thousands of pieces and frees them once joined; glibc keeps
    the freed pieces that lie inside its heap, and workers forked afterwards would start with
    them (at 100k stories, 110-130 MB of the parent's 460 MB; benchmarks/RESULTS.md).
    """
    trim = _glibc("malloc_trim")
    if trim is None:  # pragma: no cover - not glibc
        return False
    trim(0)
    return True


#: Whether this process's malloc keeps freed memory (set in workers only).
MEMORY_KEPT = False


#: Allocations between two collections of the youngest generation while batches run (the
#: interpreter's default is 700). Scoring allocates and frees many small objects (sentences,
#: keys, pairs) and holds caches of them, so at the default, collecting took about a tenth of
#: the score stage (benchmarks/RESULTS.md, twelfth round).
GC_YOUNG = 50_000


def _worker_init(keep_freed: bool, warm_kernels: bool, initializer: Callable[..., None],
                 *initargs: Any) -> None:
    """Set up a worker process: garbage collected less often (:data:`GC_YOUNG`), malloc tuned
    if ``keep_freed`` (:func:`_keep_freed_memory`), the compiled kernels loaded if
    ``warm_kernels`` (a forked worker has them from its parent already; a spawned one loads
    them), then the caller's ``initializer``."""
    global MEMORY_KEPT
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, older, oldest)
    if keep_freed:
        MEMORY_KEPT = _keep_freed_memory()
    if warm_kernels:
        kernels.warm()
    initializer(*initargs)


class _Collections:
    """What :func:`collecting_less` restores, and how many of its blocks are open."""

    open = 0
    threshold: tuple[int, ...] = ()
    froze = False


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """This process's garbage collected less often (:data:`GC_YOUNG`) and the objects it
    holds now left out of collections (:func:`gc.freeze`) until the block ends; then both are
    as they were. Frozen objects are never traversed, neither here nor in workers forked
    meanwhile (whose collections would otherwise also copy the pages of every object the
    parent holds). Nothing is frozen if the process has frozen objects of its own: unfreezing
    would release those too. Blocks may overlap (two ``map_batches`` generators read in
    turn): the first to start sets, the last to end restores."""
    state = _Collections
    if state.open == 0:
        state.threshold = gc.get_threshold()
        state.froze = gc.get_freeze_count() == 0
        gc.set_threshold(GC_YOUNG, *state.threshold[1:])
        if state.froze:
            gc.freeze()
    state.open += 1
    try:
        yield
    finally:
        state.open -= 1
        if state.open == 0:
            if state.froze:
                gc.unfreeze()
            gc.set_threshold(*state.threshold)


def map_batches(fn: Callable[[T], R], batches: Iterable[T], *, jobs: int,
                initializer: Callable[..., None], initargs: tuple[Any, ...] = (),
                keep_freed: bool = False, warm_kernels: bool = False,
                meanwhile: Callable[[], object] | None = None) -> Iterator[R]:
    """``fn(batch)`` for every batch, in order, over ``jobs`` worker processes.

    With ``jobs == 1``, or when there is only one batch, everything runs in this process.
    At most ``2 * jobs`` batches are in flight, so the input is consumed as it is processed.
    ``keep_freed=True`` lets the workers keep freed memory for their next batch
    (:func:`_keep_freed_memory`): for batches that allocate and free large numpy buffers.
    ``warm_kernels=True`` has the workers use the compiled kernels (:func:`kernels.warm`), as
    this process does after calling it. ``meanwhile`` is called in a thread of this process
    once the workers are started (none is forked while it runs), and has returned when the
    last result is yielded: work this process needs later (an import) done while it would
    otherwise wait. It is not called when the batches run in this process.
    While the batches run, here and in the workers, garbage is collected less often
    (:data:`GC_YOUNG`) and the objects that existed when they started are left out of
    collections (:func:`collecting_less`); this process is left as it was afterwards.
    """
    it = iter(batches)
    first = next(it, None)
    if first is None:
        return
    second = next(it, None)
    # Forked workers inherit the frozen objects and the threshold (set again in spawned ones).
    with collecting_less():
        if jobs == 1 or second is None:
            initializer(*initargs)
            for batch in chain([first] if second is None else [first, second], it):
                yield fn(batch)
            return
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                                 initializer=_worker_init,
                                 initargs=(keep_freed, warm_kernels, initializer,
                                           *initargs)) as pool:
            pending: deque[Future[R]] = deque([pool.submit(fn, first),
                                               pool.submit(fn, second)])
            aside = _Aside(meanwhile)
            try:
                for batch in it:
                    if len(pending) >= 2 * jobs:
                        yield pending.popleft().result()
                    pending.append(pool.submit(fn, batch))
                while len(pending) > 1:
                    yield pending.popleft().result()
                aside.join()
                while pending:
                    yield pending.popleft().result()
            finally:
                aside.join(reraise=False)


class _Aside:
    """``work()`` in a thread, if there is work; :meth:`join` waits for it and raises what it
    raised."""

    def __init__(self, work: Callable[[], object] | None) -> None:
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if work is not None:
            self.thread = threading.Thread(target=self._run, args=(work,), daemon=True)
            self.thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as exc:  # handed to the caller by join
            self.error = exc

    def join(self, *, reraise: bool = True) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
            if reraise and self.error is not None:
                raise self.error


class TextStore:
    """Append-only store of texts in a temporary file (UTF-8), read back by index.

    Safe to read from several processes at once (``os.pread``, no shared file position). On
    Linux the file is unlinked as soon as it is created: forked workers read it through the
    inherited descriptor, and nothing is left on disk even if the process is killed. Elsewhere
    the file is removed by :meth:`close` or when the store is garbage collected.

    Examples
    --------
    >>> store = TextStore()
    >>> store.extend([TextStore.pack("first story"), TextStore.pack("second")])
    >>> store.get(1), len(store)
    ('second', 2)
    >>> store.close()
    """

    def __init__(self, directory: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix="dupdetect-", suffix=".texts", dir=directory)
        self._owner = os.getpid()
        # Reads share this descriptor (pread has no file position); writes go through a buffer.
        self._fd: int | None = fd
        self._fd_pid = self._owner
        self._file: Any = os.fdopen(os.dup(fd), "wb")
        self.unlinked = _UNLINK_EARLY
        if self.unlinked:
            Path(self.path).unlink()
        self._ends: list[int] = []
        self._size = 0
        self._offsets: np.ndarray | None = None

    @staticmethod
    def pack(text: str) -> bytes:
        """A text as stored; done in the worker that read it."""
        return text.encode("utf-8", "surrogatepass")

    def extend(self, packed: Iterable[bytes]) -> None:
        """Append packed texts (see :meth:`pack`), in one write."""
        packed = list(packed)
        for data in packed:
            self._size += len(data)
            self._ends.append(self._size)
        self._file.write(b"".join(packed))
        self._offsets = None

    def __len__(self) -> int:
        return len(self._ends)

    def freeze(self) -> None:
        """Flush what was written, so that readers (also forked ones) see every text."""
        if os.getpid() == self._owner and self._file is not None and not self._file.closed:
            self._file.flush()
        self._offsets = np.concatenate([[0], np.asarray(self._ends, dtype=np.int64)])

    def _reader(self) -> int:
        if self._offsets is None:
            self.freeze()
        if self._fd is None and self._fd_pid == os.getpid():
            raise ValueError("The TextStore is closed.")
        if self._fd is None:
            # A spawned worker (the store was pickled): open the file by its path.
            self._fd = os.open(self.path, os.O_RDONLY)
            self._fd_pid = os.getpid()
        return self._fd

    def __getstate__(self) -> dict[str, Any]:
        if self.unlinked:
            raise TypeError("A TextStore on an unlinked file can only be shared by fork.")
        self.freeze()
        state = dict(self.__dict__)
        state.update(_file=None, _fd=None, _fd_pid=-1, _owner=-1)  # a copy owns nothing
        return state

    def get(self, index: int) -> str:
        """The text at ``index``."""
        fd = self._reader()
        assert self._offsets is not None
        lo, hi = int(self._offsets[index]), int(self._offsets[index + 1])
        return os.pread(fd, hi - lo, lo).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        """Release the file; only the process that created the store removes it."""
        if self._fd is not None and self._fd_pid == os.getpid():
            os.close(self._fd)
            self._fd = None
        if os.getpid() != self._owner:
            return
        if self._file is not None and not self._file.closed:
            self._file.close()
        if not self.unlinked:
            Path(self.path).unlink(missing_ok=True)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # interpreter shutdown
            self.close()
