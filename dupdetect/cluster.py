"""Confirmed pairs -> relations -> story clusters with an origin and a role per member.

Relations (:func:`relate`), from the exact scores of a pair:

``duplicate``
    each story is (nearly) all inside the other: both shingle containments >= ``duplicate``.
``contains``
    one story (the contained one) has a substantial share of its text inside the other, and the
    other holds much more material: the container's own share is at most half the contained
    one's, or the contained one is nearly all inside it (a trimmed copy). It must bring its
    lead, and more than one of its sentences, unless it is mostly inside the other verbatim
    (one sentence in common is what formulaic briefs and pages of headline snippets share).
``rewrite`` / ``translated``
    the sentences align (coverage >= ``rewrite``) without verbatim shingles, and the figures of
    the stories mostly agree (a template filled in for another day does not); ``translated`` when
    the copy also shows machine-translation damage (``Diff.translation_score``, see
    :mod:`dupdetect.artifacts`).

Clusters (:func:`build_clusters`) are story-centric and never chain: duplicates are merged first
(they are the same text); the earliest remaining group (by publication time, else by the
heuristics of :func:`origin_order`) becomes an origin and takes every group with a direct copy
relation to it; containers (live blogs, roundups) are then added to every cluster whose origin
group they contain, without ever merging two clusters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .models import Cluster, Pair, Relation, Role, Scores

__all__ = ["DocInfo", "Thresholds", "build_clusters", "lead_required", "relate"]

_ROLE_ORDER = {"origin": 0, "duplicate": 1, "rewrite": 2, "translated": 3, "container": 4}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds; defaults are justified in ``benchmarks/RESULTS.md``."""

    duplicate: float = 0.8
    contains: float = 0.2
    rewrite: float = 0.5
    translated: float = 0.5
    min_shared_words: int = 25
    #: A contained story need not bring its lead when at least this share of it, and at least
    #: ``leadless_words`` words, are inside the other verbatim (a live blog quoting the middle
    #: of a story); shared background paragraphs are fewer.
    leadless_share: float = 0.33
    leadless_words: int = 100
    #: A story of which only one sentence has a counterpart in the other is contained only when
    #: at least this share of it is inside the other verbatim: one sentence in common is what
    #: formulaic briefs of different events (money-market notices, offering lists) and
    #: aggregator pages of headline snippets share with a story.
    single_sentence_verbatim: float = 0.5
    #: A rewrite keeps at least this share of the figures of the story with fewer of them
    #: (:func:`dupdetect.align.figures_kept`): a template filled in for another day (a Fed
    #: preview, a sugar levy table, a rainfall report) aligns sentence by sentence but does not.
    min_figures_kept: float = 0.5


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What clustering needs of a document: length, time, update notes, lines of clutter."""

    words: int
    published: datetime | None = None
    has_update_note: bool = False
    clutter: int = 0


def _leadless(verbatim: float, words: int, t: Thresholds) -> bool:
    """Whether a story with this shingle containment is copied verbatim enough to be contained
    without its lead."""
    return verbatim >= t.leadless_share and verbatim * words >= t.leadless_words


def lead_required(containment_a: float, containment_b: float, words_a: int, words_b: int,
                  t: Thresholds) -> bool:
    """Whether :func:`relate` can confirm a pair with these shingle containments only if the
    lead of one of its stories has a counterpart (``lead_a`` or ``lead_b``): the pair is no
    duplicate by its shingles, and neither story is copied verbatim enough to be contained
    without its lead. Then a pair whose leads have no counterpart needs no further alignment.

    Examples
    --------
    >>> lead_required(0.1, 0.1, 500, 500, Thresholds())
    True
    >>> lead_required(0.9, 0.85, 500, 500, Thresholds())  # a duplicate, whatever its leads
    False
    """
    if min(containment_a, containment_b) >= t.duplicate:
        return False
    return not (_leadless(containment_a, words_a, t) or _leadless(containment_b, words_b, t))


def relate(scores: Scores, words_a: int, words_b: int, damage: float, t: Thresholds, *,
           lead_a: bool = True, lead_b: bool = True, matched_a: int | None = None,
           matched_b: int | None = None,
           figures_kept: float | None = None) -> tuple[Relation, str] | None:
    """The relation of a pair, and which side is contained (``"a"``/``"b"``/``""``), or None.

    ``lead_a`` / ``lead_b`` tell whether the lead of A (of B) has a counterpart in the other:
    a contained story must bring its lead, and a rewrite must share the lead of one side.
    ``matched_a`` / ``matched_b`` count the sentences of A (of B) with a counterpart, when
    known: a story that shares one sentence is contained only if it is mostly verbatim inside
    the other (``single_sentence_verbatim``). ``figures_kept`` is
    :func:`dupdetect.align.figures_kept` of the two stories, when known: a rewrite must keep
    ``min_figures_kept`` of them.

    Examples
    --------
    >>> s = Scores(0.9, 0.95, 0.97, 0.98, 1.0, 1.0)
    >>> relate(s, 500, 510, 0.0, Thresholds())
    ('duplicate', '')
    """
    ca, cb = scores.containment_a, scores.containment_b
    va, vb = scores.coverage_a, scores.coverage_b
    # Copied amount in words, estimated from the better of the two measures on the smaller side.
    shared = max(max(ca, va) * words_a, max(cb, vb) * words_b)
    shared = min(shared, float(min(words_a, words_b)) if min(ca, cb, va, vb) > 0.9 else shared)
    if shared < t.min_shared_words:
        return None
    if min(ca, cb) >= t.duplicate:
        return "duplicate", ""
    # Containment: verbatim (shingles) first, then paraphrased (aligned sentences).
    for x, y, side in ((ca, cb, "a"), (cb, ca, "b"), (va, vb, "a"), (vb, va, "b")):
        if x >= t.contains and (y <= 0.5 * x or (x >= t.duplicate and y < t.duplicate)):
            words_x, lead_x = (words_a, lead_a) if side == "a" else (words_b, lead_b)
            verbatim = ca if side == "a" else cb
            matched_x = matched_a if side == "a" else matched_b
            if (matched_x is not None and matched_x < 2
                    and verbatim < t.single_sentence_verbatim):
                continue
            leadless = _leadless(verbatim, words_x, t)
            if x * words_x >= t.min_shared_words and (lead_x or leadless):
                return "contains", side
    if max(va, vb) >= t.rewrite and min(va, vb) >= 0.5 * max(va, vb) and (lead_a or lead_b):
        if figures_kept is not None and figures_kept < t.min_figures_kept:
            return None  # one template, other figures: another event
        return ("translated" if damage >= t.translated else "rewrite"), ""
    return None


def origin_order(doc_id: str, info: DocInfo, derived: bool,
                 held: bool = False) -> tuple[object, ...]:
    """Sort key: the first document of a group by this key is its likely origin.

    Earliest publication time first when known; then documents that are not derived (not the
    damaged side of a translation, not carrying an update note); then documents that a container
    quotes verbatim (``held``); then the longest; then the one with the least page clutter (a
    feed copy is cleaner than its republications); then by id.
    """
    ts = info.published.timestamp() if info.published else float("inf")
    return (ts, derived, info.has_update_note, not held, -info.words, info.clutter, doc_id)


def build_clusters(ids: Sequence[str], pairs: Sequence[Pair], info: Mapping[str, DocInfo],
                   derived: Mapping[str, bool] | None = None) -> list[Cluster]:
    """Group confirmed pairs into story clusters (see the module docstring).

    Parameters
    ----------
    ids : sequence of str
        Every document id.
    pairs : sequence of Pair
        Confirmed pairs.
    info : mapping
        :class:`DocInfo` per id.
    derived : mapping, optional
        Ids known to be derived copies (e.g. the damaged side of a translation).

    Returns
    -------
    list of Cluster
        Clusters of two or more members, ordered by their origin's sort key.
    """
    derived = derived or {}
    # 1. Duplicates form groups (union-find).
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def key(x: str) -> tuple[object, ...]:
        return origin_order(x, info[x], derived.get(x, False))

    for p in pairs:
        if p.relation == "duplicate" or _is_wholly_inside(p):
            ra, rb = find(p.a), find(p.b)
            if ra != rb:
                first, second = sorted((ra, rb), key=key)
                parent[second] = first
    by_root: dict[str, list[str]] = {}
    for i in ids:
        by_root.setdefault(find(i), []).append(i)
    groups = {m[0]: m for m in (sorted(ms, key=key) for ms in by_root.values())}
    head = {i: m[0] for m in groups.values() for i in m}

    # 2. Edges between groups: derivations (rewrite, translated) and containment.
    derive: dict[str, dict[str, Relation]] = {}
    contain: dict[str, set[str]] = {}  # contained group -> container documents
    for p in pairs:
        ha, hb = head[p.a], head[p.b]
        if ha == hb:
            continue
        if p.relation == "contains":
            assert p.contained is not None
            contain.setdefault(head[p.contained], set()).add(p.other(p.contained))
        else:
            # Several pairs may link two groups: a translation anywhere makes them translated.
            for x, y in ((ha, hb), (hb, ha)):
                known = derive.setdefault(x, {}).get(y)
                derive[x][y] = "translated" if "translated" in (known, p.relation) else p.relation
    containers = {c for docs in contain.values() for c in docs}

    def group_key(h: str) -> tuple[object, ...]:
        return (h in containers, origin_order(h, info[h], derived.get(h, False), h in contain))

    # 3. Origins in order; each takes the unassigned groups directly derived from it.
    order = sorted(groups, key=group_key)
    assigned: set[str] = set()
    out: list[Cluster] = []
    for h in order:
        if h in assigned:
            continue
        assigned.add(h)
        roles: dict[str, Role] = {h: "origin"}
        roles.update(dict.fromkeys(groups[h][1:], "duplicate"))
        for other in sorted(derive.get(h, {}), key=group_key):
            if other not in assigned:
                assigned.add(other)
                role: Role = "translated" if derive[h][other] == "translated" else "rewrite"
                roles.update(dict.fromkeys(groups[other], role))
        # 4. Containers of the origin group join; they never merge clusters.
        for container in sorted(contain.get(h, ()), key=key):
            roles.setdefault(container, "container")
        if len(roles) >= 2:
            members = tuple(sorted(roles, key=lambda m: (_ROLE_ORDER[roles[m]], key(m))))
            out.append(Cluster(id="", members=members, roles=dict(sorted(roles.items())),
                               origin=h))
    return [Cluster(id=f"c{n + 1}", members=c.members, roles=c.roles, origin=c.origin)
            for n, c in enumerate(out)]


def _is_wholly_inside(p: Pair) -> bool:
    """A 'contains' pair whose contained side is nearly all inside a not much longer other."""
    if p.relation != "contains":
        return False
    s = p.scores if p.contained == p.a else p.scores.swapped()
    return s.containment_a >= 0.8 and s.containment_b >= 0.5
