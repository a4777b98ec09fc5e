"""The input of :meth:`dupdetect.Detector.fit` as a stream, and the clock of its stages.

:class:`DocumentStream` turns documents or plain strings into :class:`Document`s, refuses a
duplicate id (naming both sources), remembers what the later stages need of each document (id,
source, publication time) but not its text, and lets the first documents be looked at (for the
corpus statistics) before the stream is consumed. :class:`Timer` keeps the wall time per stage,
with the time spent reading the input counted apart.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import InputError, InvalidParameterError
from .models import Corpus, Document, Skipped

__all__ = ["DocumentStream", "Timer"]


class Timer:
    """Wall time per stage; time spent reading the input is counted apart, as ``read``."""

    def __init__(self) -> None:
        self._clock = time.perf_counter()
        self._read = 0.0
        self._read_at_lap = 0.0
        self._laps: dict[str, float] = {}

    def add_read(self, seconds: float) -> None:
        self._read += seconds

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        read = self._read - self._read_at_lap
        self._laps[stage] = self._laps.get(stage, 0.0) + now - self._clock - read
        self._clock, self._read_at_lap = now, self._read

    def timings(self) -> dict[str, float]:
        return {"read": self._read, **self._laps}


class DocumentStream:
    """The input as a stream of Documents: strings get their position as id, ids are checked
    for duplicates, and the first documents can be looked at before the stream is consumed."""

    def __init__(self, documents: Corpus | Iterable[Document | str], timer: Timer) -> None:
        if isinstance(documents, str):
            raise InvalidParameterError(
                "Detector.fit takes an iterable of Documents or str, not a single str.")
        self.skipped: list[Skipped] = (list(documents.skipped)
                                       if isinstance(documents, Corpus) else [])
        self.ids: list[str] = []
        self.published: list[Any] = []
        self.sources: list[str] = []
        self.position: dict[str, int] = {}
        self._source: Iterator[Document | str] = iter(documents)
        self._buffer: deque[Document] = deque()
        self._timer = timer

    def _read(self) -> Document | None:
        start = time.perf_counter()
        try:
            item = next(self._source, None)
        finally:
            self._timer.add_read(time.perf_counter() - start)
        if item is None:
            return None
        n = len(self.ids)
        doc = item if isinstance(item, Document) else None
        if doc is None:
            if not isinstance(item, str):
                raise InvalidParameterError(
                    f"Detector.fit takes Documents or str. Got {type(item).__name__} at "
                    f"position {n} instead.")
            doc = Document(str(n), item, {}, f"<item {n}>")
        first = self.position.get(doc.id)
        if first is not None:
            raise InputError(doc.source or doc.id,
                             f"duplicate id {doc.id!r} (first seen at {self.sources[first]})")
        self.position[doc.id] = n
        self.sources.append(doc.source or doc.id)
        self.ids.append(doc.id)
        self.published.append(doc.published)
        return doc

    def peek(self, n: int) -> Iterator[Document]:
        """The first ``n`` documents (fewer if the input is shorter), not consumed: kept for
        iterating the stream. Read as they are asked for, so that a caller can work on the
        first ones while the next are read."""
        k = 0
        while k < n:
            if k == len(self._buffer):
                doc = self._read()
                if doc is None:
                    return
                self._buffer.append(doc)
            yield self._buffer[k]
            k += 1

    def __iter__(self) -> Iterator[Document]:
        while self._buffer:
            yield self._buffer.popleft()
        while (doc := self._read()) is not None:
            yield doc
