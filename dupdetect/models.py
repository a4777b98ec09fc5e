"""Plain values passed between the stages: documents, scores, pairs and clusters.

These are frozen dataclasses with no logic beyond their invariants.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

__all__ = [
    "RELATIONS",
    "ROLES",
    "Cluster",
    "Comparison",
    "Corpus",
    "Document",
    "Pair",
    "Relation",
    "Role",
    "Scores",
    "Skipped",
]

Relation = Literal["duplicate", "rewrite", "translated", "contains"]
Role = Literal["origin", "duplicate", "rewrite", "translated", "container"]
RELATIONS: tuple[str, ...] = ("duplicate", "rewrite", "translated", "contains")
ROLES: tuple[str, ...] = ("origin", "duplicate", "rewrite", "translated", "container")


def _parse_time(value: Any) -> datetime | None:
    """Parse an ISO-8601 timestamp (as written by ingest) into an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Document:
    """One news story as read from the input.

    Parameters
    ----------
    id : str
        Unique identifier within a corpus (a relative path, or the record's id field).
    text : str
        The story text as decoded (not yet cleaned or normalised).
    meta : Mapping
        Other fields of the record. Ingest stores the publication time it recognised under
        ``"published"`` (ISO 8601) and the outlet under ``"outlet"``.
    source : str
        Where the record came from, e.g. ``"feed.jsonl:12"`` or ``"stories/a.txt"``.

    Examples
    --------
    >>> Document("wire-1", "MADRID (AP) - ...", {"published": "2026-03-01T10:00:00Z"}).published
    datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.timezone.utc)
    """

    id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"Document id must be a non-empty str. Got {self.id!r} instead.")
        if not isinstance(self.text, str):
            raise TypeError(f"Document text must be str. Got {type(self.text).__name__} instead.")

    @property
    def published(self) -> datetime | None:
        """Publication time (UTC) if the input had one."""
        return _parse_time(self.meta.get("published"))

    @property
    def outlet(self) -> str | None:
        """Publishing outlet if the input named one."""
        value = self.meta.get("outlet")
        return str(value) if value else None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A bad input record that was left out, and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Scores:
    """Exact similarity scores of a candidate pair, all in [0, 1].

    ``containment_a`` is the share of A's shingles found in B; ``coverage_a`` is the share of A's
    words in sentences that have a counterpart in B. The ``_b`` fields are the same from B's side.
    """

    cosine: float
    jaccard: float
    containment_a: float
    containment_b: float
    coverage_a: float
    coverage_b: float

    def __post_init__(self) -> None:
        for name in ("cosine", "jaccard", "containment_a", "containment_b",
                     "coverage_a", "coverage_b"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Score {name} must be in [0, 1]. Got {value!r} instead.")

    def swapped(self) -> Scores:
        """The same scores seen from the other document."""
        return Scores(self.cosine, self.jaccard, self.containment_b, self.containment_a,
                      self.coverage_b, self.coverage_a)

    def as_dict(self) -> dict[str, float]:
        return {
            "cosine": self.cosine,
            "jaccard": self.jaccard,
            "containment_a": self.containment_a,
            "containment_b": self.containment_b,
            "coverage_a": self.coverage_a,
            "coverage_b": self.coverage_b,
        }


@dataclass(frozen=True, slots=True)
class Pair:
    """A confirmed copy relation between two documents, ``a < b`` (canonical order).

    ``contained`` names the document held inside the other when ``relation == "contains"``.
    ``translation_score`` is the machine-translation damage measured on the pair (0 = none).
    """

    a: str
    b: str
    relation: Relation
    scores: Scores
    contained: str | None = None
    translation_score: float = 0.0

    def __post_init__(self) -> None:
        if not self.a < self.b:
            raise ValueError(
                f"Pair ids must be in canonical order a < b. Got {self.a!r}, {self.b!r}.")
        if self.relation not in RELATIONS:
            raise ValueError(f"Unknown relation {self.relation!r}; expected one of {RELATIONS}.")
        if (self.relation == "contains") != (self.contained is not None):
            raise ValueError("'contained' must be set exactly when relation is 'contains'.")
        if self.contained is not None and self.contained not in (self.a, self.b):
            raise ValueError(
                f"'contained' must be {self.a!r} or {self.b!r}. Got {self.contained!r}.")

    def other(self, doc_id: str) -> str:
        """The id at the other end of the pair."""
        return self.b if doc_id == self.a else self.a

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "relation": self.relation,
            "contained": self.contained,
            "scores": self.scores.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The scores of two documents and the relation they imply (None: not copies).

    ``damaged`` names the side showing machine-translation damage when the relation is
    ``translated`` (the derived copy).
    """

    a: str
    b: str
    scores: Scores
    relation: Relation | None
    contained: str | None
    translation_score: float
    damaged: str | None = None

    def pair(self) -> Pair:
        """As a confirmed :class:`Pair` (only when ``relation`` is set)."""
        if self.relation is None:
            raise ValueError(f"{self.a!r} and {self.b!r} are not copies of each other.")
        return Pair(self.a, self.b, self.relation, self.scores, self.contained,
                    self.translation_score)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A story cluster: every document derived from one copy, with its origin and their roles."""

    id: str
    members: tuple[str, ...]
    roles: Mapping[str, Role]
    origin: str

    def __post_init__(self) -> None:
        if self.origin not in self.members:
            raise ValueError(f"Cluster origin {self.origin!r} is not a member.")
        if set(self.roles) != set(self.members):
            raise ValueError("Cluster roles must name every member exactly once.")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "roles": dict(self.roles),
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Corpus:
    """Documents read from one or more inputs, plus the records that were skipped."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)
