"""The detector end to end: the hard cases of the example corpus, API contract, determinism."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stories import (
    OTHER,
    OTHER_HI,
    OTHER_ZH,
    STORY,
    STORY_HI,
    STORY_HI_COPY,
    STORY_ZH,
    STORY_ZH_COPY,
    text,
)

import dupdetect
from dupdetect import Detector, Document, InputError, InvalidParameterError, NotFittedError
from dupdetect.clean import clean_corpus
from dupdetect.engine import workers_inherit

WIRE, PORTAL, UPDATED = "wire-dam-flood", "newsportal-dam-flood", "wire-dam-flood-updated"
SCRAPER, BLOG, RAIL = "scraper-dam-flood", "liveblog-storms", "wire-rail-strike"
SAME_TOPIC, CYRILLIC = "bna-dam-flood", "pravda-kraya-festival"


def _pair(det: Detector, x: str, y: str) -> dupdetect.Pair | None:
    a, b = sorted((x, y))
    return next((p for p in det.pairs() if (p.a, p.b) == (a, b)), None)


def _cluster_of(det: Detector, origin: str) -> dupdetect.Cluster:
    return next(c for c in det.clusters() if c.origin == origin)


def test_example_corpus_has_two_story_clusters(example_detector: Detector) -> None:
    assert [c.origin for c in example_detector.clusters()] == [RAIL, WIRE] or \
        sorted(c.origin for c in example_detector.clusters()) == sorted([WIRE, RAIL])
    flood = _cluster_of(example_detector, WIRE)
    assert dict(flood.roles) == {WIRE: "origin", PORTAL: "duplicate", UPDATED: "duplicate",
                                 SCRAPER: "translated", BLOG: "container"}
    rail = _cluster_of(example_detector, RAIL)
    assert dict(rail.roles) == {RAIL: "origin", BLOG: "container"}


def test_round_trip_translation_is_a_translated_pair_despite_low_jaccard(
        example_detector: Detector) -> None:
    pair = _pair(example_detector, WIRE, SCRAPER)
    assert pair is not None
    assert pair.relation == "translated"
    assert pair.scores.jaccard < 0.1  # the hard case: few shared word 5-grams ...
    assert min(pair.scores.coverage_a, pair.scores.coverage_b) > 0.8  # ... yet sentences align


def test_live_blog_contains_the_wire_and_keeps_clusters_apart(example_detector: Detector) -> None:
    pair = _pair(example_detector, WIRE, BLOG)
    assert pair is not None
    assert (pair.relation, pair.contained) == ("contains", WIRE)
    assert pair.scores.jaccard < 0.1
    wire_side = "a" if pair.a == WIRE else "b"
    assert getattr(pair.scores, f"containment_{wire_side}") > 0.3
    rail = _pair(example_detector, RAIL, BLOG)
    assert rail is not None
    assert rail.contained == RAIL
    clusters_with_blog = [c for c in example_detector.clusters() if BLOG in c.members]
    assert len(clusters_with_blog) == 2
    assert not set(_cluster_of(example_detector, WIRE).members) & {RAIL}


def test_same_topic_story_and_cyrillic_story_are_in_no_cluster(
        example_detector: Detector) -> None:
    clustered = {m for c in example_detector.clusters() for m in c.members}
    assert SAME_TOPIC not in clustered
    assert CYRILLIC not in clustered
    assert not [p for p in example_detector.pairs() if SAME_TOPIC in (p.a, p.b)]


def test_same_topic_story_has_moderate_cosine_but_no_aligned_sentences(
        example_corpus: dupdetect.Corpus) -> None:
    docs = {d.id: d for d in example_corpus}
    c = Detector().compare(docs[WIRE], docs[SAME_TOPIC])
    assert 0.15 < c.scores.cosine < 0.45
    assert max(c.scores.coverage_a, c.scores.coverage_b) < 0.1
    assert c.relation is None


def test_hard_pairs_come_from_lsh_candidates_not_all_pairs(example_detector: Detector) -> None:
    n = len(example_detector.ids_)
    assert example_detector.candidates_ < n * (n - 1) // 2
    for x, y in [(WIRE, SCRAPER), (WIRE, BLOG), (RAIL, BLOG)]:
        assert _pair(example_detector, x, y) is not None


def test_updated_version_is_a_duplicate_and_not_the_origin(example_detector: Detector) -> None:
    pair = _pair(example_detector, WIRE, UPDATED)
    assert pair is not None
    assert pair.relation == "duplicate"
    assert _cluster_of(example_detector, WIRE).roles[UPDATED] == "duplicate"


def test_origin_follows_publication_time_when_known() -> None:
    story = text(STORY)
    docs = [Document("early-copy", story, {"published": "2026-05-01T08:00:00Z"}),
            Document("late-wire", story, {"published": "2026-05-01T09:30:00Z"})]
    (cluster,) = Detector().fit(docs).clusters()
    assert cluster.origin == "early-copy"
    assert cluster.roles == {"early-copy": "origin", "late-wire": "duplicate"}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_input_order(example_corpus: dupdetect.Corpus,
                                               rnd: random.Random) -> None:
    docs = list(example_corpus)
    rnd.shuffle(docs)
    reference = Detector().fit(example_corpus).to_dict()
    shuffled = Detector().fit(docs).to_dict()
    assert shuffled == reference


def test_same_output_across_runs(example_corpus: dupdetect.Corpus) -> None:
    assert Detector().fit(example_corpus).to_dict() == Detector().fit(example_corpus).to_dict()


def test_to_dict_matches_the_json_contract(example_detector: Detector) -> None:
    out = example_detector.to_dict()
    assert set(out) == {"documents", "clusters", "pairs", "skipped"}
    assert out["documents"] == 10
    for c in out["clusters"]:
        assert set(c) == {"id", "members", "roles", "origin"}
        assert len(c["members"]) >= 2
        assert c["origin"] in c["members"]
    for p in out["pairs"]:
        assert set(p) == {"a", "b", "relation", "contained", "scores"}
        assert set(p["scores"]) == {"cosine", "jaccard", "containment_a", "containment_b",
                                    "coverage_a", "coverage_b"}
        assert all(0.0 <= v <= 1.0 for v in p["scores"].values())


def test_find_duplicates_on_plain_strings() -> None:
    story = text(STORY)
    clusters = dupdetect.find_duplicates([story, text(OTHER), story.replace("62", "62 ")])
    assert len(clusters) == 1
    assert set(clusters[0].members) == {"0", "2"}


def test_trimmed_copy_joins_as_duplicate_of_the_full_story() -> None:
    docs = [Document("full", text(STORY)), Document("trimmed", text(STORY[:5])),
            Document("other", text(OTHER))]
    (cluster,) = Detector().fit(docs).clusters()
    assert cluster.origin == "full"
    assert cluster.roles["trimmed"] == "duplicate"


def test_chinese_copy_with_words_changed_joins_its_story_and_not_another() -> None:
    # Chinese has no spaces: a word per character, else a copy with "周二" written "星期二"
    # shares few shingles with its story.
    docs = [Document("zh", text(STORY_ZH)), Document("copy", text(STORY_ZH_COPY)),
            Document("other", text(OTHER_ZH)), Document("en", text(STORY))]
    det = Detector().fit(docs)
    (pair,) = det.pairs()
    assert {pair.a, pair.b} == {"zh", "copy"}
    assert (pair.relation, pair.contained) == ("contains", "copy")
    assert pair.scores.jaccard > 0.6
    assert min(pair.scores.coverage_a, pair.scores.coverage_b) > 0.9
    (cluster,) = det.clusters()
    assert cluster.origin == "zh"


def test_hindi_copy_joins_its_story_and_not_another_naming_the_same_official() -> None:
    # Vowel signs and viramas are parts of Hindi words: cut at them, "सुनीता" and "सुनिता"
    # were the same consonants, and sentences ending in a danda were one sentence per paragraph.
    docs = [Document("hi", text(STORY_HI)), Document("copy", text(STORY_HI_COPY)),
            Document("other", text(OTHER_HI)), Document("en", text(STORY))]
    det = Detector().fit(docs)
    (pair,) = det.pairs()
    assert {pair.a, pair.b} == {"hi", "copy"}
    assert (pair.relation, pair.contained) == ("contains", "copy")
    # The copy's sentences all have a counterpart but the one with the changed figure.
    by_id = {pair.a: pair.scores.coverage_a, pair.b: pair.scores.coverage_b}
    assert 0.85 < by_id["copy"] < 1.0
    (cluster,) = det.clusters()
    assert cluster.origin == "hi"


def test_chinese_headline_of_many_copies_is_not_a_recurring_line() -> None:
    # Word counts of the cleaner count ideographs: the copies' paragraphs are long, so the
    # headline they share is the story's, not site furniture, and the copy keeps its lead.
    docs = [*(Document(f"zh{i}", text(STORY_ZH)) for i in range(4)),
            Document("copy", text(STORY_ZH_COPY)), Document("other", text(OTHER_ZH))]
    det = Detector().fit(docs)
    assert det.recurring_ == frozenset()
    (cluster,) = det.clusters()
    assert cluster.roles["copy"] == "duplicate"


def test_background_paragraph_alone_does_not_make_a_copy() -> None:
    # Two different stories that share one late background paragraph (not the lead).
    other = [*OTHER, STORY[5]]
    det = Detector().fit([Document("a", text(STORY)), Document("b", text(other))])
    assert det.pairs() == []


def test_the_lead_check_changes_no_result(example_corpus: dupdetect.Corpus,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Pairs rejected because no lead can have a counterpart would be rejected by the full
    # alignment too: the example corpus and stories sharing background paragraphs or a lead,
    # with the check and without it (one process, so that the patch holds).
    import dupdetect.batches as batches

    docs = [*example_corpus, Document("x1", text([*OTHER, STORY[5]])),
            Document("x2", text([*OTHER, STORY[0], STORY[5]])), Document("x3", text(STORY)),
            Document("x4", text([STORY[0], *OTHER])), Document("x5", text(STORY[2:]))]
    skipped = []
    could_match = batches.could_match

    def counted(*args: object) -> bool:
        found = could_match(*args)  # type: ignore[arg-type]
        skipped.append(not found)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(batches, "could_match", counted)
        checked = Detector(jobs=1).fit(docs).to_dict()
    assert any(skipped)  # the check did reject pairs ...
    with monkeypatch.context() as patch:
        patch.setattr(batches, "lead_required", lambda *args: False)
        unchecked = Detector(jobs=1).fit(docs).to_dict()
    assert checked == unchecked  # ... that nothing would have confirmed


# Paragraphs that stories share in every way the relations know: as they are, reworded (the
# lead too), with a figure changed; and paragraphs of another story.
_PARAGRAPHS = [
    *STORY,
    STORY[0].replace("brought a warehouse blaze under control", "put out a warehouse fire"),
    STORY[5].replace("3.4 million", "5.1 million"),
    *OTHER,
]


@given(st.lists(st.lists(st.integers(0, len(_PARAGRAPHS) - 1), min_size=2, max_size=7),
                min_size=2, max_size=5))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_lead_check_changes_no_result_on_stories_made_of_shared_paragraphs(
        stories: list[list[int]]) -> None:
    import dupdetect.batches as batches

    docs = [Document(f"s{n}", text([_PARAGRAPHS[k] for k in picks]))
            for n, picks in enumerate(stories)]
    checked = Detector(jobs=1).fit(docs).to_dict()
    lead_required = batches.lead_required
    try:
        batches.lead_required = lambda *args: False  # type: ignore[assignment]
        unchecked = Detector(jobs=1).fit(docs).to_dict()
    finally:
        batches.lead_required = lead_required
    assert checked == unchecked


def test_no_words_left_is_skipped_not_fatal() -> None:
    det = Detector().fit([Document("empty", "Advertisement\n\nShare on Facebook\n"),
                          Document("story", text(STORY))])
    assert [s.source for s in det.skipped_] == ["empty"]
    assert det.clusters() == []


def test_identical_block_pages_are_skipped_not_clustered() -> None:
    page = ("Sorry, we have seen an unusual number of requests from the address you are "
            "connecting from, so the page you asked for is not shown.\n\n"
            "Someone may have misused the address, or a program on your network sends them.\n\n"
            'To continue, tick "I am not a robot" below and wait a moment.\n\n'
            "Your IP address: 192.0.2.44")
    det = Detector().fit([Document("p1", page), Document("p2", page),
                          Document("story", text(STORY))])
    assert det.pairs() == []
    assert sorted(s.source for s in det.skipped_) == ["p1", "p2"]


def test_duplicate_ids_are_an_error_naming_both() -> None:
    with pytest.raises(InputError, match=r"duplicate id 'x'.*first seen at one\.txt"):
        Detector().fit([Document("x", "a", source="one.txt"), Document("x", "b", source="two")])


@pytest.mark.parametrize(("param", "value"), [
    ("duplicate", 1.5), ("contains", -0.1), ("num_perm", 0), ("doc_threshold", 1.0),
    ("align_cutoff", 120.0), ("passage_window", 0), ("shingle_size", "5"), ("jobs", 0),
    ("jobs", True)])
def test_bad_parameters_are_rejected_with_their_name(param: str, value: object) -> None:
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter of Detector"):
        Detector(**{param: value}).fit(["a story"])


def test_results_before_fit_raise_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        Detector().clusters()


def test_detector_params_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Detector(5)  # type: ignore[misc]
    assert Detector(seed=3).get_params()["seed"] == 3


def test_data_briefs_made_of_recurring_lines_are_kept_not_skipped() -> None:
    briefs = ["Qtly div 25 cts vs 25 cts prior\n    Pay April 30\n    Record April 16\n"] * 4
    assert not clean_corpus(briefs)[0].text  # corpus cleaning alone would leave nothing
    det = Detector().fit([*briefs, text(STORY)])
    assert det.skipped_ == ()
    assert det.pairs() == []  # too short to call copies


def test_recurring_lines_read_in_the_workers_are_those_of_the_whole_sample(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.pipeline as pipeline
    from dupdetect.clean import find_recurring_lines

    footer = "Korvala Daily Tribune - Your town, your news"
    docs = [f"Story {i}: the river at gauge {i} rose by {i} metres today, officials of "
            f"district {i} said in a statement.\n{footer}" for i in range(7)] + [text(STORY)]
    expected = find_recurring_lines(docs)
    assert footer.casefold() in expected
    monkeypatch.setattr(pipeline, "_BATCH", 2)  # the footer's documents in several batches
    for jobs in (1, 2):
        assert Detector(jobs=jobs).fit(docs).recurring_ == expected


def _result(det: Detector) -> object:
    return det.to_dict()


def test_worker_processes_give_the_same_result_as_one_process(
        example_corpus: dupdetect.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.pipeline as pipeline

    one = Detector(jobs=1).fit(example_corpus)
    # Tiny batches, so the example corpus is spread over several workers in both passes.
    monkeypatch.setattr(pipeline, "_BATCH", 3)
    monkeypatch.setattr(pipeline, "_PAIR_BATCH", 2)
    two = Detector(jobs=2).fit(example_corpus)
    assert _result(one) == _result(two)
    assert one.candidates_ == two.candidates_


@pytest.mark.skipif(not workers_inherit(), reason="workers inherit the table only when forked")
def test_the_tokeniser_table_is_built_once_before_the_workers_are_forked(
        example_corpus: dupdetect.Corpus, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    import functools

    import dupdetect.pipeline as pipeline
    import dupdetect.shingle as shingle

    builds = tmp_path / "builds"
    build = shingle._class_table.__wrapped__

    @functools.cache
    def counted() -> np.ndarray:
        with builds.open("a") as f:  # written by whichever process builds the table
            f.write(f"{os.getpid()}\n")
        return build()

    monkeypatch.setattr(shingle, "_class_table", counted)
    shingle._byte_table.cache_clear()  # it holds bytes of the table: built again from counted
    monkeypatch.setattr(pipeline, "_BATCH", 3)
    monkeypatch.setattr(pipeline, "_PAIR_BATCH", 2)
    Detector(jobs=2).fit(example_corpus)
    shingle._byte_table.cache_clear()
    # Every pass's workers tokenise; without the parent's build each would build its own.
    assert builds.read_text().split() == [str(os.getpid())]


def _kernels() -> list[dupdetect.kernels.Kernel]:
    from dupdetect import kernels

    found = [kernels.minima, kernels.sentences, kernels.key_words, kernels.tokens,
             kernels.winnow, kernels.spaced]
    if any(k is None for k in found):
        pytest.skip("numba is not installed")
    return [k for k in found if k is not None]


@pytest.mark.skipif(not workers_inherit(), reason="the workers' warm-up is seen only when forked")
def test_only_a_large_input_loads_the_compiled_kernels(
        example_corpus: dupdetect.Corpus, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    # A small input is read by the kernels' twins: nothing is compiled or loaded, here or in
    # a worker, and the result is the one the kernels give.
    import dupdetect.pipeline as pipeline
    from dupdetect import kernels

    warms = tmp_path / "warms"
    warm = kernels.warm

    def counted() -> None:
        with warms.open("a") as f:  # written by whichever process loads them
            f.write(f"{os.getpid()}\n")
        warm()

    monkeypatch.setattr(kernels, "warm", counted)
    monkeypatch.setattr(pipeline, "_BATCH", 3)  # several batches: the workers are used
    monkeypatch.setattr(pipeline, "_PAIR_BATCH", 2)
    for kernel in _kernels():
        monkeypatch.setattr(kernel, "compiled", None)
    small = Detector(jobs=2).fit(example_corpus)
    assert not warms.exists()
    assert not any(kernel.ready for kernel in _kernels())
    monkeypatch.setattr(pipeline, "KERNELS_FROM_CHARS", 1)
    large = Detector(jobs=2).fit(example_corpus)
    loaded_by = warms.read_text().split()
    assert loaded_by[0] == str(os.getpid())  # the parent first, then each pass's workers
    assert len(loaded_by) > 1
    assert all(kernel.ready for kernel in _kernels())
    assert large.to_dict() == small.to_dict()


def test_the_input_is_measured_only_as_far_as_the_kernels_need() -> None:
    import dupdetect.pipeline as pipeline
    from dupdetect.stream import DocumentStream, Timer

    texts = [f"story {i}" for i in range(6)]  # 7 characters each
    stream = DocumentStream(iter(texts), Timer())

    def worth() -> bool:
        return pipeline._worth_compiling(d.text for d in stream.peek(len(texts)))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "KERNELS_FROM_CHARS", 14)
        assert worth()
        assert stream.ids == ["0", "1"]  # read up to the threshold, no further
        mp.setattr(pipeline, "KERNELS_FROM_CHARS", 43)
        mp.setattr(pipeline, "KERNELS_FROM_DOCS", 3)
        assert worth()  # more documents than that
        assert stream.ids == ["0", "1", "2", "3"]
        mp.setattr(pipeline, "KERNELS_FROM_DOCS", 6)
        assert not worth()  # the input ends first
    assert [d.text for d in stream] == texts  # what was read is kept for the stream


def test_signatures_and_compare_of_a_few_texts_do_not_load_the_kernels(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from dupdetect import kernels

    for kernel in _kernels():
        monkeypatch.setattr(kernel, "compiled", None)
    texts = ["The dam broke at dawn and the river rose.", "The dam broke at dawn; rain fell."]
    sig = dupdetect.signatures(texts, jobs=1, num_perm=16)
    Detector().compare(*texts)
    assert not any(kernel.ready for kernel in _kernels())
    kernels.warm()
    assert (dupdetect.signatures(texts, jobs=1, num_perm=16) == sig).all()
    assert dupdetect.signatures(iter(texts), jobs=1, num_perm=16).shape == (2, 16)


@pytest.mark.parametrize("bad", [[1, 2], ["a story", None]])
def test_signatures_refuse_what_is_not_a_text_by_name(bad: list[object]) -> None:
    with pytest.raises(InvalidParameterError, match="must be a str"):
        dupdetect.signatures(bad, jobs=1)  # type: ignore[arg-type]


def test_the_sample_is_read_as_it_is_asked_for_and_kept_for_the_stream() -> None:
    from dupdetect.stream import DocumentStream, Timer

    stream = DocumentStream(iter([f"story {i}" for i in range(6)]), Timer())
    sample = stream.peek(4)
    assert next(sample).text == "story 0"
    assert stream.ids == ["0"]  # only what was asked for has been read
    assert [d.text for d in sample] == ["story 1", "story 2", "story 3"]
    assert [d.text for d in stream.peek(10)] == [f"story {i}" for i in range(6)]
    assert [d.id for d in stream] == [str(i) for i in range(6)]


def test_statistics_from_a_sample_and_a_streamed_input(
        example_corpus: dupdetect.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.pipeline as pipeline

    full = Detector(jobs=1).fit(example_corpus)
    monkeypatch.setattr(pipeline, "STATS_SAMPLE", 4)
    monkeypatch.setattr(pipeline, "_BATCH", 3)
    streamed = Detector(jobs=1).fit(iter(list(example_corpus)))  # a one-shot iterator
    assert streamed.ids_ == full.ids_
    # The example corpus has no furniture or frequent words that a sample of 4 would miss.
    assert [c.roles for c in streamed.clusters()] == [c.roles for c in full.clusters()]


def test_fit_reports_time_per_stage(example_detector: Detector) -> None:
    assert set(example_detector.timings_) == {"read", "statistics", "sketch", "candidates",
                                              "score", "cluster"}
    assert all(v >= 0 for v in example_detector.timings_.values())


def _texts_must_not_be_sent(texts: list[str]) -> None:
    raise AssertionError("texts in memory were sent to the workers")


def test_signatures_match_datasketch_and_do_not_depend_on_jobs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from datasketch import MinHash

    import dupdetect.pipeline as pipeline
    from dupdetect.normalize import normalize
    from dupdetect.shingle import shingle_hash32, shingle_texts, tokenize

    texts = [text(STORY), text(OTHER), "", "Ünïcödé wörds, «quoted» — and 1,200.50 dollars."]
    monkeypatch.setattr(pipeline, "_BATCH", 1)
    sig = dupdetect.signatures(texts, num_perm=32, jobs=2)
    assert (sig == dupdetect.signatures(texts, num_perm=32, jobs=1)).all()
    # A stream is sent to the workers batch by batch; a list is read by forked workers in place.
    assert (sig == dupdetect.signatures(iter(texts), num_perm=32, jobs=2)).all()
    if workers_inherit():
        monkeypatch.setattr(pipeline, "signature_batch", _texts_must_not_be_sent)
        assert (sig == dupdetect.signatures(texts, num_perm=32, jobs=2)).all()
    for row, t in zip(sig, texts, strict=True):
        m = MinHash(num_perm=32, seed=1, hashfunc=shingle_hash32, scheme="affine32")
        m.update_batch(shingle_texts(tokenize(normalize(t)), 5))
        assert row.tolist() == m.hashvalues.tolist()


def test_a_duplicate_id_late_in_a_stream_stops_the_workers_with_its_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.pipeline as pipeline

    monkeypatch.setattr(pipeline, "_BATCH", 2)
    docs = [Document(f"d{i}", text(STORY) + f" Note {i}.", source=f"feed:{i}") for i in range(9)]
    docs.append(Document("d3", "late copy", source="feed:late"))
    with pytest.raises(InputError, match=r"feed:late.*duplicate id 'd3'.*first seen at feed:3"):
        Detector(jobs=2).fit(iter(docs))


def test_texts_go_to_a_temporary_file_that_is_removed(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from dupdetect.engine import TextStore

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[str, int]] = []
    freeze = TextStore.freeze

    def spy(store: TextStore) -> None:
        freeze(store)
        assert store._fd is not None
        seen.append((str(Path(store.path).parent), os.fstat(store._fd).st_size))

    monkeypatch.setattr(TextStore, "freeze", spy)
    det = Detector(jobs=1).fit([text(STORY), text(STORY), text(OTHER)])
    assert det.clusters()
    assert seen[0][0] == str(tmp_path)  # the texts were on disk while the pairs were scored
    assert seen[0][1] > 2 * len(text(STORY))
    assert list(tmp_path.iterdir()) == []  # and the file is gone


def test_a_furniture_only_page_is_reported_once_even_when_it_has_a_twin() -> None:
    furniture = "Advertisement\n\nShare on Facebook\n"
    det = Detector(jobs=1).fit([Document("e1", furniture, source="e1"),
                                Document("e2", furniture, source="e2"),
                                Document("story", text(STORY)),
                                Document("other", text(OTHER))])
    assert sorted(s.source for s in det.skipped_) == ["e1", "e2"]
    assert det.pairs() == []


def test_compare_after_fit_weighs_words_by_the_corpus_idf() -> None:
    # Fitted, compare takes its idf from the corpus; unfitted, from the two documents alone.
    from dupdetect.batches import CandidateDoc
    from dupdetect.score import FEATURE_BITS, TermStats, cosine_pairs, tfidf_rows

    corpus = [text(STORY), text(OTHER), text(STORY[:4]), text(OTHER[2:]),
              "The flood reached the town on Monday. " * 3]
    det = Detector().fit(corpus)
    assert det.idf_.shape == (1 << FEATURE_BITS,)
    a, b = text(STORY[:3]), text(OTHER[:3])

    def counts(t: str, recurring: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        # As compare cleans it: a fitted Detector also removes the corpus' recurring lines.
        return CandidateDoc("x", t, 5, recurring=recurring).counts

    ca, cb = counts(a, det.recurring_), counts(b, det.recurring_)
    with_corpus = float(cosine_pairs(tfidf_rows([ca, cb], det.idf_), np.array([[0, 1]]))[0])
    ca, cb = counts(a, frozenset()), counts(b, frozenset())
    stats = TermStats()
    stats.add(np.concatenate([ca[0], cb[0]]), 2)
    two_docs = float(cosine_pairs(tfidf_rows([ca, cb], stats.idf()), np.array([[0, 1]]))[0])
    assert with_corpus != pytest.approx(two_docs)
    assert det.compare(a, b).scores.cosine == pytest.approx(with_corpus)
    assert Detector().compare(a, b).scores.cosine == pytest.approx(two_docs)


def test_identical_texts_are_scored_once_with_the_same_results(
        example_corpus: dupdetect.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    # Copies of the example stories under ids that sort before and after the others, so the
    # shared scores are renamed in both orientations (contained and damaged sides included).
    import dupdetect.batches as batches_module
    import dupdetect.pipeline as pipeline_module

    by_id = {d.id: d.text for d in example_corpus}
    docs = [Document(d.id, d.text) for d in example_corpus]
    for original in ("wire-dam-flood", "scraper-dam-flood", "wire-rail-strike"):
        docs += [Document(f"aaa-{original}", by_id[original]),
                 Document(f"zzz-{original}", by_id[original])]
    scored: list[int] = []
    real_compare = batches_module.compare_docs

    def counting(*args: object, **kwargs: object) -> object:
        scored.append(1)
        return real_compare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batches_module, "compare_docs", counting)
    once = Detector(jobs=1).fit(docs)
    n_once = len(scored)
    monkeypatch.setattr(pipeline_module, "_first_of_each_text",
                        lambda docs, digests: np.arange(len(digests)))
    scored.clear()
    every = Detector(jobs=1).fit(docs)
    assert n_once < len(scored) == every.candidates_
    assert once.pairs_ == every.pairs_
    assert once.clusters_ == every.clusters_
    relations = {p.relation for p in once.pairs_}
    assert {"duplicate", "contains", "translated"} <= relations
    contained = {p.contained for p in once.pairs_ if p.contained}
    assert {"aaa-wire-dam-flood", "zzz-wire-dam-flood"} <= contained


_FERRY = ("The ferry Aino Kask caught fire off the island of Hiiuna early on Tuesday, and all "
          "212 passengers were taken off by lifeboats, the coast guard said. "
          "Crew members reported smoke in the engine room shortly after four in the morning. "
          "Two tugboats from Orvik towed the burning ship towards the harbour. "
          "Investigators will board the vessel once the fire is out. "
          "The ferry line said it would refund every ticket.")
_SNIPPETS = [
    "Ferry Aino Kask burns off Hiiuna",
    "The ferry Aino Kask caught fire near the island of Hiiuna on Tuesday morning and all "
    "212 passengers were taken off by lifeboats, the coast guard said",
    "5 hours ago",
    "Parliament in Talvik passed the new fisheries law by a wide margin after a long debate.",
    "3 hours ago",
    "A heatwave is expected to reach the southern coast by the weekend, forecasters warned.",
    "1 hour ago",
    "The national orchestra announced a winter tour of nine cities starting in December.",
    "2 hours ago",
    "Shares in the Orvik shipyard fell sharply after it lost a naval contract to a rival.",
    "6 hours ago",
    "Voters in the capital will choose a new mayor in a run-off election next month.",
    "4 hours ago",
    "The central bank kept its main interest rate unchanged for the third month in a row.",
    "7 hours ago",
    "Rail workers called off a planned strike after the company improved its pay offer.",
    "8 hours ago",
    "A rare white elk was photographed by hikers in the forests north of Talvik.",
    "9 hours ago",
    "The football federation named a new coach for the national team on Monday evening.",
    "10 hours ago",
    "Farmers say the dry spring has cut the expected grain harvest by a fifth.",
]


def test_a_page_of_snippets_does_not_contain_a_story_it_quotes_one_sentence_of() -> None:
    page = "\n\n".join(_SNIPPETS)
    det = Detector()
    assert det.compare(_FERRY, page).relation is None
    # The same page quoting a second sentence of the story does contain it.
    two = page + "\n\nTwo tugboats from Orvik towed the burning ferry towards the harbour."
    assert det.compare(_FERRY, two).relation == "contains"


_PREVIEW = ("The Central Bank of Korvala is expected to add temporary reserves to the money "
            "market today, dealers said.\n"
            "They said the bank would probably act through repurchase agreements arranged for "
            "its customers, as it did on most days this month.\n"
            "Overnight funds, which averaged {0} pct yesterday, opened at {1} pct and stayed "
            "there in early trading.\n"
            "Dealers expect the bank to supply about {2} billion crowns.\n"
            "Most dealers said the tax payments due this week would keep the market short of "
            "funds until Friday at least.\n"
            "The bank does not comment on its operations before they are announced.")


def test_one_template_with_other_figures_is_not_a_rewrite() -> None:
    monday = _PREVIEW.format("6.25", "6-3/8", "1.5")
    tuesday = _PREVIEW.format("6.14", "6-1/8", "2.5").replace(
        "is expected to add", "will probably add").replace("act through", "work through")
    det = Detector()
    assert det.compare(monday, tuesday).relation is None
    # The same preview, reworded the same way but with Monday's figures, is a rewrite.
    copied = _PREVIEW.format("6.25", "6-3/8", "1.5").replace(
        "is expected to add", "will probably add").replace("act through", "work through")
    assert det.compare(monday, copied).relation in ("rewrite", "duplicate")


def test_document_lsh_pairs_are_kept_only_when_their_signatures_agree() -> None:
    from types import SimpleNamespace

    rng = np.random.default_rng(5)
    det = Detector(doc_threshold=0.4)
    marks = rng.integers(0, 256, size=(6, 128), dtype=np.uint8)
    marks[3, :64] = marks[2, :64]  # documents 2 and 3 agree on half their positions
    marks[1, :10] = marks[0, :10]  # documents 0 and 1 on 10 of 128 (0.08 < 0.1)
    keys = np.arange(6 * 32, dtype=np.uint64).reshape(6, 32)
    keys[1, 5] = keys[0, 5]  # 0-1, 2-3 and 4-5 share a band
    keys[3, 0] = keys[2, 0]
    keys[5, 9] = keys[4, 9]
    sketches = SimpleNamespace(
        words=np.full(6, 100), keys=keys, marks=marks,
        # 4-5 also share a passage anchor: an anchor pair needs no agreement
        anchors=np.array([11, 11, 12], dtype=np.uint64),
        anchor_owner=np.array([4, 5, 0], dtype=np.int32))
    assert det._candidate_pairs(sketches, 1).tolist() == [[2, 3], [4, 5]]
    # The marks are not kept once the pairs are checked.
    assert sketches.marks.size == 0
    assert Detector(doc_threshold=0.2)._candidate_pairs(
        SimpleNamespace(**{**vars(sketches), "marks": marks}), 2).tolist() == [[0, 1], [2, 3],
                                                                             [4, 5]]


def test_clusters_are_built_with_collections_tuned_and_the_process_left_as_it_was(
        example_corpus: dupdetect.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cluster stage makes objects by the hundred thousand on a large corpus: it runs with
    # the young generation collected every GC_YOUNG allocations and the heap held so far
    # frozen, like the batches; afterwards this process is as it was.
    import gc

    import dupdetect.pipeline as pipeline
    from dupdetect.engine import GC_YOUNG

    seen: list[tuple[int, int]] = []
    build = pipeline.build_clusters

    def recording(*args: object, **kwargs: object) -> object:
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return build(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_clusters", recording)
    before = gc.get_threshold()
    plain = Detector(jobs=1).fit(example_corpus)
    assert len(seen) == 1
    young, frozen = seen[0]
    assert young == GC_YOUNG
    assert frozen > 1000
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert plain.clusters_
