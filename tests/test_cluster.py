"""Relations from scores, and story clusters from pairs: no chaining, containers never merge."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupdetect.cluster import DocInfo, Thresholds, build_clusters, lead_required, relate
from dupdetect.models import Pair, Scores

T = Thresholds()


def S(ca: float, cb: float, va: float, vb: float) -> Scores:
    return Scores(cosine=0.5, jaccard=min(ca, cb) / 2, containment_a=ca, containment_b=cb,
                  coverage_a=va, coverage_b=vb)


@pytest.mark.parametrize(("scores", "words", "damage", "expected"), [
    (S(0.97, 0.95, 1.0, 1.0), (500, 520), 0.0, ("duplicate", "")),
    (S(0.35, 0.10, 0.37, 0.12), (500, 1700), 0.0, ("contains", "a")),  # blog holds A
    (S(0.10, 0.35, 0.12, 0.37), (1700, 500), 0.0, ("contains", "b")),
    (S(1.0, 0.55, 1.0, 0.55), (250, 500), 0.0, ("contains", "a")),     # trimmed copy
    (S(0.12, 0.13, 0.95, 0.97), (500, 520), 0.0, ("rewrite", "")),
    (S(0.12, 0.13, 0.95, 0.97), (500, 520), 0.9, ("translated", "")),
    (S(0.0, 0.0, 0.05, 0.04), (500, 520), 0.0, None),                  # same topic only
    (S(1.0, 1.0, 1.0, 1.0), (6, 6), 0.0, None),                        # too short to judge
])
def test_relate(scores: Scores, words: tuple[int, int], damage: float,
                expected: tuple[str, str] | None) -> None:
    assert relate(scores, *words, damage, T) == expected


def test_relate_needs_the_lead_of_the_contained_story() -> None:
    scores = S(0.30, 0.08, 0.32, 0.10)
    assert relate(scores, 500, 1700, 0.0, T, lead_a=False, lead_b=True) is None
    rewrite = S(0.12, 0.13, 0.95, 0.97)
    assert relate(rewrite, 500, 500, 0.0, T, lead_a=False, lead_b=False) is None
    assert relate(rewrite, 500, 500, 0.0, T, lead_a=False, lead_b=True) == ("rewrite", "")


def _p(a: str, b: str, relation: str, contained: str | None = None,
       scores: Scores | None = None) -> Pair:
    x, y = sorted((a, b))
    return Pair(x, y, relation, scores or S(0.9, 0.9, 0.9, 0.9), contained)  # type: ignore[arg-type]


def _info(ids: str, **words: int) -> dict[str, DocInfo]:
    return {i: DocInfo(words=words.get(i, 500)) for i in ids}


def test_rewrites_do_not_chain() -> None:
    # a-b and b-c are rewrites, a and c share nothing: c must not join a's cluster.
    pairs = [_p("a", "b", "rewrite"), _p("b", "c", "rewrite")]
    clusters = build_clusters(list("abc"), pairs, _info("abc", a=600, b=550, c=500))
    assert [sorted(c.members) for c in clusters] == [["a", "b"]]
    assert clusters[0].origin == "a"


def test_container_joins_two_clusters_without_merging_them() -> None:
    blog_holds = S(0.1, 0.35, 0.12, 0.37)
    pairs = [_p("wire1", "copy1", "duplicate"),
             _p("blog", "wire1", "contains", "wire1", blog_holds),
             _p("blog", "wire2", "contains", "wire2", blog_holds),
             _p("wire2", "rw2", "rewrite")]
    ids = ["wire1", "copy1", "blog", "wire2", "rw2"]
    clusters = build_clusters(ids, pairs, _info(ids, blog=1500, wire1=510))
    assert len(clusters) == 2
    roles = {c.origin: dict(c.roles) for c in clusters}
    assert roles["wire1"] == {"wire1": "origin", "copy1": "duplicate", "blog": "container"}
    assert roles["wire2"] == {"wire2": "origin", "rw2": "rewrite", "blog": "container"}


def test_origin_is_earliest_publication() -> None:
    t = [datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2)]
    info = {"x": DocInfo(500, t[1]), "y": DocInfo(400, t[0])}
    (cluster,) = build_clusters(["x", "y"], [_p("x", "y", "duplicate")], info)
    assert cluster.origin == "y"


def test_origin_without_times_avoids_translations_and_updates() -> None:
    info = {"src": DocInfo(500), "mt": DocInfo(520), "upd": DocInfo(510, has_update_note=True)}
    pairs = [_p("src", "mt", "translated"), _p("src", "upd", "duplicate")]
    (cluster,) = build_clusters(list(info), pairs, info, derived={"mt": True})
    assert cluster.origin == "src"
    assert dict(cluster.roles) == {"src": "origin", "mt": "translated", "upd": "duplicate"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7),
                          st.sampled_from(["duplicate", "rewrite", "translated"])),
                max_size=14), st.randoms(use_true_random=False))
def test_clusters_independent_of_order_and_never_chain(edges, rnd) -> None:  # type: ignore[no-untyped-def]
    ids = [f"d{i}" for i in range(8)]
    pairs = {}
    for i, j, rel in edges:
        if i != j:
            p = _p(ids[i], ids[j], rel)
            pairs[(p.a, p.b)] = p
    info = {d: DocInfo(words=500 + 10 * k) for k, d in enumerate(ids)}
    base = build_clusters(ids, list(pairs.values()), info)
    shuffled_ids, shuffled_pairs = ids[:], list(pairs.values())
    rnd.shuffle(shuffled_ids)
    rnd.shuffle(shuffled_pairs)
    assert build_clusters(shuffled_ids, shuffled_pairs, info) == base
    linked = set(pairs)
    dup_groups: dict[str, set[str]] = {d: {d} for d in ids}
    for (a, b), p in pairs.items():
        if p.relation == "duplicate":
            merged = dup_groups[a] | dup_groups[b]
            for m in merged:
                dup_groups[m] = merged
    seen = set()
    for c in base:
        assert not seen & set(c.members)  # without containers, clusters are disjoint
        seen |= set(c.members)
        for m in c.members:
            if m in dup_groups[c.origin]:
                continue
            # every other member (or a duplicate of it) is linked directly to the origin (or
            # to a duplicate of the origin)
            assert any((min(x, o), max(x, o)) in linked
                       for x in dup_groups[m] for o in dup_groups[c.origin])


@pytest.mark.parametrize(("ca", "words_a", "expected"), [
    (0.40, 500, ("contains", "a")),  # 200 words, 40% of the story verbatim: lead not needed
    (0.30, 500, None),               # under a third: background paragraphs look like this
    (0.40, 200, None),               # 80 words: too few to do without the lead
])
def test_a_large_verbatim_share_needs_no_lead(ca: float, words_a: int,
                                             expected: tuple[str, str] | None) -> None:
    scores = S(ca, 0.05, ca, 0.05)
    assert relate(scores, words_a, 4000, 0.0, T, lead_a=False, lead_b=False) == expected


def test_one_shared_sentence_makes_a_containment_only_when_verbatim() -> None:
    # A 30-word brief whose one sentence aligns, reworded, inside a 600-word page.
    reworded = Scores(0.3, 0.02, 0.14, 0.01, 1.0, 0.05)
    assert relate(reworded, 30, 600, 0.0, Thresholds(), matched_a=1, matched_b=1) is None
    # Two sentences with a counterpart, or the count unknown: contained as before.
    assert relate(reworded, 30, 600, 0.0, Thresholds(), matched_a=2, matched_b=2) == (
        "contains", "a")
    assert relate(reworded, 30, 600, 0.0, Thresholds()) == ("contains", "a")
    # Mostly verbatim inside the page: a quoted brief is still contained.
    verbatim = Scores(0.3, 0.03, 0.6, 0.03, 1.0, 0.05)
    assert relate(verbatim, 30, 600, 0.0, Thresholds(), matched_a=1, matched_b=1) == (
        "contains", "a")


def test_a_rewrite_must_keep_half_the_figures() -> None:
    s = Scores(0.8, 0.3, 0.4, 0.4, 0.7, 0.7)
    assert relate(s, 120, 120, 0.0, Thresholds()) == ("rewrite", "")
    assert relate(s, 120, 120, 0.0, Thresholds(), figures_kept=0.5) == ("rewrite", "")
    assert relate(s, 120, 120, 0.0, Thresholds(), figures_kept=0.25) is None
    # Containment is not judged by the figures of the whole container.
    c = Scores(0.4, 0.05, 0.6, 0.1, 0.6, 0.1)
    assert relate(c, 200, 900, 0.0, Thresholds(), figures_kept=0.0) == ("contains", "a")


_UNIT = st.floats(0.0, 1.0)


@given(_UNIT, _UNIT, _UNIT, _UNIT, st.integers(1, 5000), st.integers(1, 5000), _UNIT,
       st.sampled_from([T, Thresholds(duplicate=0.6, contains=0.1, rewrite=0.3,
                                      leadless_share=0.2, leadless_words=40)]))
@settings(max_examples=500, deadline=None)
def test_a_pair_that_requires_a_lead_is_nothing_without_one(
        ca: float, cb: float, va: float, vb: float, words_a: int, words_b: int, damage: float,
        t: Thresholds) -> None:
    # Whatever its coverage, damage and figures: what lead_required promises relate keeps.
    if lead_required(ca, cb, words_a, words_b, t):
        for kept in (None, 1.0):
            assert relate(S(ca, cb, va, vb), words_a, words_b, damage, t, lead_a=False,
                          lead_b=False, figures_kept=kept) is None


def test_lead_required_only_where_the_shingles_cannot_decide() -> None:
    assert lead_required(0.3, 0.05, 500, 4000, T)  # a third of A, 150 words: needs its lead
    assert not lead_required(0.4, 0.05, 500, 4000, T)  # 200 words verbatim: contained anyway
    assert not lead_required(0.95, 0.9, 500, 520, T)  # a duplicate
    assert relate(S(0.4, 0.05, 0.4, 0.05), 500, 4000, 0.0, T, lead_a=False,
                  lead_b=False) == ("contains", "a")
