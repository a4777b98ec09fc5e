"""The per-batch work of the two passes: content-word sets, pass-1 sketches, cheap rejection."""

from __future__ import annotations

import numpy as np
import pytest
from stories import OTHER, STORY, text

from dupdetect.batches import (
    CandidateDoc,
    SketchConfig,
    _content_sets,
    compare_docs,
    init_sketch,
    sketch_batch,
)
from dupdetect.cluster import Thresholds


def _sets(docs: list[list[int]], stop: list[int], long_from: int) -> list[set[int]]:
    import dupdetect.batches as batches

    hashes = np.array([w for d in docs for w in d], dtype=np.uint64)
    bounds = np.concatenate([[0], np.cumsum([len(d) for d in docs])]).astype(np.int64)
    mask = np.ones(len(hashes), dtype=bool)
    old = batches._LONG_CONTENT
    batches._LONG_CONTENT = long_from
    try:
        words, wb = _content_sets(hashes, bounds, mask,
                                  np.sort(batches.shingle_hashes(np.array(stop, np.uint64), 1)))
    finally:
        batches._LONG_CONTENT = old
    inverse = {int(batches.shingle_hashes(np.array([w], np.uint64), 1)[0]): w
               for d in docs for w in d}
    return [{inverse[int(x)] for x in words[wb[i]:wb[i + 1]]} for i in range(len(docs))]


def test_frequent_words_are_dropped_unless_a_long_story_is_made_of_them() -> None:
    common = list(range(100, 110))
    normal = [*common[:3], 1, 2, 3, 4, 5, 6]           # a few frequent words among its own
    hot_copy = [*common, 7]                              # one of many copies: nearly all frequent
    brief = [*common[:5], 8]                             # a short template text
    only_common = common[:4]
    sets = _sets([normal, hot_copy, brief, only_common], common, long_from=8)
    assert sets[0] == {1, 2, 3, 4, 5, 6}
    assert sets[1] == set(hot_copy)                      # kept whole: copies still collide
    assert sets[2] == {8}                                # short: the template words go
    assert sets[3] == set(only_common)                   # never emptied


def test_pass_one_flags_a_text_of_page_furniture_only() -> None:
    init_sketch(SketchConfig(shingle_size=5, num_perm=16, seed=1, bands=4, rows=4,
                             anchor_window=8))
    part = sketch_batch([text(STORY), "Advertisement\n\nShare on Facebook\n", ""])
    assert part.words.tolist()[1:] == [4, 0]
    assert part.emptied.tolist() == [False, True, False]
    assert part.keys.shape == (3, 4)
    assert set(part.anchor_owner.tolist()) == {0, 1}


def test_pairs_without_shared_text_or_vocabulary_are_rejected_before_alignment() -> None:
    story = CandidateDoc("a", text(STORY), 5)
    other = CandidateDoc("b", "Chess final drawn after six hours in Ostra; the match resumes today "
                      "with the black pieces for the champion, organisers said.", 5)
    c = compare_docs(story, other, 0.01, Thresholds(), 60.0)
    assert c.relation is None
    assert story._view is None  # no sentence work was done
    full = compare_docs(story, CandidateDoc("c", text(STORY), 5), 1.0, Thresholds(), 60.0)
    assert full.relation == "duplicate"
    assert compare_docs(story, CandidateDoc("d", text(OTHER), 5), 0.5, Thresholds(), 60.0,
                        always=True).scores.coverage_a < 0.5


def test_pairs_too_short_for_a_relation_are_rejected_before_alignment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.batches as batches

    brief = "Harbour crane toppled in Valsund gale overnight; two dock workers hurt, port says."
    a, b = CandidateDoc("a", brief, 5), CandidateDoc("b", brief + " Photo", 5)
    words = max(a.view.words, b.view.words)
    assert 10 < words < Thresholds().min_shared_words
    # Fewer words than a relation needs in common: no sentence is aligned.
    with monkeypatch.context() as patch:
        patch.setattr(batches, "score_pair", lambda *args, **kw: pytest.fail("aligned"))
        c = compare_docs(a, b, 0.9, Thresholds(), 60.0)
    assert c.relation is None
    assert (c.scores.coverage_a, c.scores.coverage_b) == (0.0, 0.0)
    # Aligned in full, the pair is no more (relate needs the words), unless fewer will do.
    assert compare_docs(a, b, 0.9, Thresholds(), 60.0, always=True).relation is None
    assert compare_docs(a, b, 0.9, Thresholds(min_shared_words=10),
                        60.0).relation == "duplicate"


def test_pairs_whose_leads_have_no_counterpart_are_rejected_before_the_rest_is_aligned(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.batches as batches

    # Another story that took one late background paragraph of STORY: less than a third of
    # STORY, so only a lead in common could make the pair a copy, and neither lead has one.
    a, b = CandidateDoc("a", text(STORY), 5), CandidateDoc("b", text([*OTHER, STORY[5]]), 5)
    with monkeypatch.context() as patch:
        patch.setattr(batches, "score_pair", lambda *args, **kw: pytest.fail("aligned"))
        c = compare_docs(a, b, 0.3, Thresholds(), 60.0)
    assert c.relation is None
    assert (c.scores.coverage_a, c.scores.coverage_b) == (0.0, 0.0)
    assert c.scores.containment_a > 0.1
    # Aligned in full, the paragraph has its counterpart, and the pair is still no copy.
    full = compare_docs(a, b, 0.3, Thresholds(), 60.0, always=True)
    assert full.relation is None
    assert full.scores.coverage_a > 0.1
    # With the lead of STORY in B too, the pair is aligned.
    with_lead = CandidateDoc("c", text([*OTHER, STORY[0], STORY[5]]), 5)
    aligned, score_pair = [], batches.score_pair
    with monkeypatch.context() as patch:
        patch.setattr(batches, "score_pair",
                      lambda *args, **kw: aligned.append(1) or score_pair(*args, **kw))
        compare_docs(a, with_lead, 0.3, Thresholds(), 60.0)
    assert aligned == [1]


def test_documents_prepared_together_equal_documents_prepared_one_by_one() -> None:
    raws = [text(STORY), "", "Advertisement\n\nShare on Facebook\n", text(OTHER),
            "Один абзац. Второй абзац, 2,5 млн.", "l’été: « 1 200 » m."]
    ids = [f"d{n}" for n in range(len(raws))]
    together = CandidateDoc.many(ids, raws, 5, recurring=frozenset({"share on facebook"}))
    for doc_id, raw, got in zip(ids, raws, together, strict=True):
        want = CandidateDoc(doc_id, raw, 5, recurring=frozenset({"share on facebook"}))
        assert (got.id, got.text, got.facts) == (want.id, want.text, want.facts)
        assert np.array_equal(got.shingles, want.shingles)
        assert all(np.array_equal(x, y) for x, y in zip(got.counts, want.counts, strict=True))
    assert together[1].facts.words == 0
    assert together[0].facts.words > 100
