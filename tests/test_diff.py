"""The diff: sentence alignment, word drift and translation artifacts (stories invented here)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

import dupdetect
from dupdetect.diff import TRANSLITERATIONS, Diff, diff

SOURCE = (
    "The harbour authority in Menstad said on Friday that 212 containers fell from the ship.\n"
    "Port director Hanna Oskarsdottir told reporters the cargo posed no danger to swimmers.\n"
    '"We are not worried about the beaches," she said.\n'
    "Divers will search the seabed on Monday."
)


def _kinds(d: Diff) -> list[str]:
    return [a.kind for a in d.artifacts]


def _wire(name: str) -> str:
    return (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- alignment
def test_kept_reworded_removed_added() -> None:
    copy = (
        "Divers will search the seabed on Monday.\n"
        "The harbour authority in Menstad said on Friday that 212 containers fell from a ship.\n"
        "A second ship was waiting offshore."
    )
    d = diff(SOURCE, copy)
    ops = {(x.op, x.a_index, x.b_index) for x in d.alignment}
    assert ("kept", (3,), (0,)) in ops  # reordered paragraph still kept
    assert ("reworded", (0,), (1,)) in ops
    assert ("removed", (1,), ()) in ops
    assert ("added", (), (2,)) in ops
    assert 0 < d.coverage_a < 1
    assert d.coverage_b == pytest.approx(
        (len(d.sentences_b[0].text.split()) + len(d.sentences_b[1].text.split()))
        / sum(len(s.text.split()) for s in d.sentences_b), abs=0.05)


def test_chinese_is_compared_character_by_character() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from stories import STORY_ZH, STORY_ZH_COPY, text

    d = diff(text(STORY_ZH), text(STORY_ZH_COPY))
    ops = [x.op for x in d.alignment]
    assert ops.count("removed") == 1
    assert ops.count("added") == 0
    assert ops.count("reworded") == 5
    first = next(x for x in d.alignment if x.op == "reworded")
    assert ("周", "星期") in {(c.a_text, c.b_text) for c in first.changes}


def test_hindi_words_keep_their_vowel_signs() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from stories import STORY_HI, STORY_HI_COPY, text

    d = diff(text(STORY_HI), text(STORY_HI_COPY))
    # Sentences end at the danda: the story has 10, the copy drops the quotation.
    assert [x.op for x in d.alignment].count("removed") == 1
    assert len(d.alignment) == 10
    changes = {(c.a_text, c.b_text, c.kind) for x in d.alignment for c in x.changes}
    assert changes == {("4,200", "4,500", "number"), ("सुनीता", "सुनिता", "wording")}


def test_doubled_hindi_word_is_an_artifact() -> None:
    # "बंद" has a mark (anusvara): not a \w character, so the plain pattern saw no word.
    d = diff("ज़िलाधिकारी ने कहा कि सभी स्कूल दो दिन तक बंद रहेंगे।",
             "ज़िलाधिकारी ने कहा कि सभी स्कूल दो दिन तक बंद बंद रहेंगे।")
    assert [(a.kind, a.text) for a in d.artifacts] == [("doubled_word", "बंद बंद")]


def test_split_sentence_aligns_one_to_many() -> None:
    a = ("Rescue teams reached the village of Tarnby late on Sunday after the bridge over "
         "the river collapsed under the weight of the flood water.")
    b = ("Rescue teams reached the village of Tarnby late on Sunday. After the bridge over "
         "the river collapsed under the weight of the flood water.")
    d = diff(a, b)
    assert [(x.op, x.a_index, x.b_index) for x in d.alignment] == [("kept", (0,), (0, 1))]
    assert d.coverage_a == d.coverage_b == 1.0


def test_merged_sentences_align_many_to_one() -> None:
    a = ("The council met on Tuesday evening in the town hall. It voted to close the old "
         "swimming pool at the end of the summer season.")
    b = ("The council met on Tuesday evening in the town hall and voted to close the old "
         "swimming pool at the end of the summer season.")
    d = diff(a, b)
    assert [(x.a_index, x.b_index) for x in d.alignment] == [((0, 1), (0,))]


# ----------------------------------------------------------------------------- word drift
@pytest.mark.parametrize(("a", "b", "kind"), [
    ("Officials said 40 people were hurt in the blast.",
     "Officials said 41 people were hurt in the blast.", "number"),
    ('"We will reopen the school in May," the mayor said.',
     '"We will rebuild the school in May," the mayor said.', "quote"),
    ("Officials said the water was safe to drink after the storm.",
     "Officials said the water was not safe to drink after the storm.", "negation"),
    ("The report was written by Anna Berglund for the ministry.",
     "The report was written by Anna Lindgren for the ministry.", "name"),
    ("The minister said the figures were accurate and complete.",
     "The minister claimed the figures were accurate and complete.", "attribution"),
    ("The old bridge was closed to traffic for the whole weekend.",
     "The old bridge was shut to traffic for the whole weekend.", "wording"),
])
def test_changes_are_classified(a: str, b: str, kind: str) -> None:
    d = diff(a, b)
    (al,) = d.alignment
    assert al.op == "reworded"
    assert [c.kind for c in al.changes] == [kind]
    c = al.changes[0]
    assert d.text_a[c.a_span[0]:c.a_span[1]] == c.a_text
    assert d.text_b[c.b_span[0]:c.b_span[1]] == c.b_text


def test_a_moved_number_is_not_a_number_change() -> None:
    d = diff("On Tuesday, October 14, the dam broke above the town of Selby.",
             "On Tuesday, 14 October, the dam broke above the town of Selby.")
    assert "number" not in {c.kind for al in d.alignment for c in al.changes}


# ----------------------------------------------------------------------------- artifacts
@pytest.mark.parametrize(("copy", "kind"), [
    # name_variant: the surname respelled
    ("Port director Hanna Oskarsdotir told reporters the cargo posed no danger to swimmers.",
     "name_variant"),
    # doubled_word
    ("Divers will search the seabed on on Monday.", "doubled_word"),
    # spacing: no space at a quotation mark
    ('Hanna Oskarsdottir said"We are not worried about the beaches."', "spacing"),
    # fragment: a sentence of A cut in two, the second part cut mid-clause
    ("The harbour authority in Menstad said on Friday that 212 containers. Fell from the ship.",
     "fragment"),
    # word_order: a noun compound turned inside out
    ("Authority of harbour in Menstad said on Friday that 212 containers fell from the ship.",
     "word_order"),
])
def test_each_artifact_kind_is_found(copy: str, kind: str) -> None:
    d = diff(SOURCE, copy)
    assert kind in _kinds(d), d.artifacts
    for art in d.artifacts:
        assert d.text_b[art.span[0]:art.span[1]] == art.text
        assert art.evidence
        assert art.severity in ("low", "medium", "high")
    assert d.translation_score > 0


@pytest.mark.parametrize(("source", "copy"), [
    # the same doubling in the source is not an artifact
    ("He said that that was the end of it.", "He said that that was the end of it, then left."),
    # a normal quote with spaces
    ('"We are ready," she said.', '"We are ready," she said on Monday.'),
    # inflections are not respellings
    ("Russia sent aid to the region.", "The Russian government sent aid to the region."),
    # a full, verb-bearing second sentence is not a fragment
    ("The storm closed roads and the schools stayed shut on Monday.",
     "The storm closed roads. The schools stayed shut on Monday."),
    # accents, apostrophes and inflections are not respellings
    ("Prime Minister Jean Chrétien met O'Neill in Canada.",
     "Prime Minister Jean Chretien met ONeill, the Canadian envoy."),
    # British and American spellings are not respellings of a name
    ("The Defense Center and the Labor Organization met.",
     "The Defence Centre and the Labour Organisation met."),
    # a human "of the" phrase is not an inverted compound
    ("The opposition leader spoke first.", "The leader of the opposition spoke first."),
    # prices and weather lines are not fragments; a space before a comma is not MT damage
    ("The storm hit the coast. Roads were closed.",
     "The storm hit the coast. High 86F. Roads were closed , police said."),
    # a human clause move is not a word-order artifact
    ("The mayor said the road would reopen on Friday after repairs.",
     "After repairs, the road would reopen on Friday, the mayor said."),
])
def test_clean_rewrites_have_no_artifacts(source: str, copy: str) -> None:
    assert diff(source, copy).artifacts == ()


def test_name_spelled_several_ways_within_the_copy() -> None:
    d = diff("A storm hit the coast.", "Mayor Piet Vallander spoke first. Then Mayor Piet "
             "Valander spoke again. Later Mayor Piet Vallander left the hall.")
    assert [(a.kind, a.text) for a in d.artifacts] == [("name_variant", "Valander")]


def test_multi_word_name_split() -> None:
    d = diff("Minister Anton Lemaire opened the bridge.",
             "Minister Anton Le Maire opened the bridge.")
    assert ("name_variant", "Le Maire") in [(a.kind, a.text) for a in d.artifacts]


def test_transliteration_table_is_built_in_and_extensible() -> None:
    d = diff("Officials in Kyiv said the talks went well.",
             "Officials in Kiev said the talks went well.")
    assert [(a.kind, a.text) for a in d.artifacts] == [("transliteration", "Kiev")]
    assert "Kiev" in TRANSLITERATIONS
    src, cpy = "Talks were held in Ulanbator.", "Talks were held in Oolaanbaatar."
    assert diff(src, cpy).artifacts == ()
    d = diff(src, cpy, transliterations={"Oolaanbaatar": "Ulanbator"})
    assert [a.kind for a in d.artifacts] == ["transliteration"]


def test_transliteration_by_consonant_rule() -> None:
    d = diff("Rescuers reached Korvala and nearby Korvala harbour.",
             "Rescuers reached Kharvala and nearby Kharvala harbour.")
    assert {a.kind for a in d.artifacts} == {"transliteration"}


# ----------------------------------------------------------------------------- acceptance
def test_machine_translated_copy_shows_its_damage() -> None:
    d = dupdetect.diff(_wire("wire-dam-flood"), _wire("scraper-dam-flood"))
    kinds = set(_kinds(d))
    assert {"name_variant", "transliteration", "doubled_word", "spacing", "fragment",
            "word_order"} <= kinds
    named = " ".join(a.text + " " + a.evidence for a in d.artifacts)
    for spelling in ("Vaarandi", "Varandi", "Vaarandy", "Kharvala", "Korvala"):
        assert spelling in named
    assert ("doubled_word", "inside inside") in [(a.kind, a.text) for a in d.artifacts]
    assert d.translation_score > 0.9
    assert d.coverage_a > 0.9


def test_verbatim_live_blog_entry_has_no_artifacts() -> None:
    d = diff(_wire("wire-dam-flood"), _wire("liveblog-storms"))
    assert d.artifacts == ()
    assert d.translation_score == 0.0
    assert sum(x.op == "kept" for x in d.alignment) >= 5


def test_updated_wire_number_and_quote() -> None:
    d = diff(_wire("wire-dam-flood"), _wire("wire-dam-flood-updated"))
    changes = [(c.kind, c.a_text, c.b_text) for x in d.alignment for c in x.changes]
    assert ("number", "145", "143") in changes
    assert ("quote", "home", "house") in changes
    assert d.artifacts == ()


def test_to_text_and_dict() -> None:
    d = diff(_wire("wire-dam-flood"), _wire("wire-dam-flood-updated"))
    text = d.to_text(width=60, context=0)
    assert "[-145-]{+143+}" in text
    assert "\x1b[" not in text
    assert "\x1b[" in d.to_text(color=True)
    assert all(len(line) <= 60 for line in text.splitlines()[2:])
    assert set(d.as_dict()) == {"a", "b", "coverage_a", "coverage_b", "alignment", "artifacts",
                                "translation_score", "text_a", "text_b"}


def test_html_is_self_contained() -> None:
    page = diff(_wire("wire-dam-flood"), _wire("scraper-dam-flood")).to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page
    assert "src=" not in page
    assert "<link" not in page
    assert "<del" in page
    assert "<ins" in page
    assert 'class="art"' in page


def test_bad_cutoff_is_rejected() -> None:
    with pytest.raises(dupdetect.InvalidParameterError, match="cutoff"):
        diff("a", "b", cutoff=150)


def test_translation_score_feeds_the_pipeline(example_detector: dupdetect.Detector) -> None:
    rel = {(p.a, p.b): p.relation for p in example_detector.pairs()}
    assert rel[("scraper-dam-flood", "wire-dam-flood")] == "translated"


# ----------------------------------------------------------------------------- properties
_WORDS = st.sampled_from(["the", "dam", "Korvala", "said", "145", "river", "not", "Vaarandi",
                          "rose", "inside", "homes", "water", '"We', 'will,"', "of", "Mr."])
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda w: " ".join(w) + ".")
_TEXT = st.lists(st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join),
                 min_size=1, max_size=4).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(_TEXT)
def test_a_text_against_itself_is_all_kept(text: str) -> None:
    d = diff(text, text)
    assert all(x.op == "kept" for x in d.alignment)
    assert d.artifacts == ()
    assert d.coverage_a == d.coverage_b == 1.0
    assert d.translation_score == 0.0


@settings(max_examples=60, deadline=None)
@given(_TEXT, _TEXT)
def test_spans_index_the_reported_texts(a: str, b: str) -> None:
    d = diff(a, b)
    for art in d.artifacts:
        assert d.text_b[art.span[0]:art.span[1]] == art.text
    for al in d.alignment:
        for c in al.changes:
            assert d.text_a[c.a_span[0]:c.a_span[1]] == c.a_text
            assert d.text_b[c.b_span[0]:c.b_span[1]] == c.b_text
    assert 0.0 <= d.coverage_a <= 1.0
    assert 0.0 <= d.coverage_b <= 1.0
    assert 0.0 <= d.translation_score <= 1.0
    assert sorted(i for al in d.alignment for i in al.a_index) == list(range(len(d.sentences_a)))
    assert sorted(j for al in d.alignment for j in al.b_index) == list(range(len(d.sentences_b)))


def test_scrambled_sentence_is_a_word_order_artifact() -> None:
    a = "The regional government will pay for new pumps and clean drinking water this winter."
    b = "Winter this water drinking clean and pumps new for pay will government regional the."
    d = diff(a, b)
    assert [x.kind for x in d.artifacts] == ["word_order"]


def test_benchmark_script_runs_on_tiny_data(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(EXAMPLES.parents[1] / "benchmarks"))
    try:
        import diff_quality
    finally:
        sys.path.pop(0)
    (tmp_path / "mrpc").mkdir()
    (tmp_path / "stsb").mkdir()
    rows = [("The ferry left the harbour at noon on Friday.",
             "The ferry left the harbour on Friday at noon.", 1),
            ("The ferry left the harbour at noon on Friday.",
             "Tickets for the concert sold out within an hour.", 0)]
    (tmp_path / "mrpc" / "pairs.jsonl").write_text("".join(
        json.dumps({"split": "test", "text1": a, "text2": b, "label": y}) + "\n"
        for a, b, y in rows), encoding="utf-8")
    (tmp_path / "stsb" / "pairs_news.jsonl").write_text("".join(
        json.dumps({"score": 5.0 * y, "text1": a, "text2": b}) + "\n"
        for a, b, y in [*rows, (rows[0][0], rows[0][0], 1)]), encoding="utf-8")
    assert diff_quality.main(["--data", str(tmp_path), "--suite", "mrpc", "--suite", "stsb",
                              "--suite", "alarms", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mrpc"]["diff_same_sentence"]["accuracy"] == 1.0
    assert out["alarms"]["mrpc_paraphrases"]["artifacts"] == 0
    # Rows without a split are test rows; the unrelated pair ranks last by every measure.
    assert set(out["stsb"]) == {"pairs", "spearman_all", "spearman_test"}
    assert out["stsb"]["spearman_test"]["content_similarity"] > 0.8


def test_translation_scores_of_both_directions_from_one_alignment() -> None:
    from dupdetect.clean import clean
    from dupdetect.diff import translation_scores

    wire = clean(_wire("wire-dam-flood")).text
    scraper = clean(_wire("scraper-dam-flood")).text
    in_scraper, in_wire = translation_scores(wire, scraper)
    assert in_scraper == diff(wire, scraper, clean=False).translation_score  # same alignment
    assert in_scraper >= 0.5 > in_wire
    assert translation_scores(wire, wire) == (0.0, 0.0)


def test_translation_check_reads_the_similarities_the_counterpart_search_computed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from dupdetect import align
    from dupdetect.align import Similarities, matches, normalized_key, split_sentences
    from dupdetect.clean import clean
    from dupdetect.diff import translation_scores

    wire = clean(_wire("wire-dam-flood")).text
    scraper = clean(_wire("scraper-dam-flood")).text
    sa, sb = split_sentences(wire), split_sentences(scraper)
    ka, kb = [normalized_key(s.text) for s in sa], [normalized_key(s.text) for s in sb]
    alone = translation_scores(wire, scraper, sentences=(sa, sb))
    cells: list[int] = []
    real = align.similarity_matrix

    def counted(a: list[str], b: list[str], **kw: object) -> np.ndarray:
        cells.append(len(a) * len(b))
        return real(a, b, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(align, "similarity_matrix", counted)
    sims = Similarities(ka, kb, 60.0)
    hits = matches([s.text for s in sa], [s.text for s in sb], cutoff=60.0, keys_a=ka,
                   keys_b=kb, similarities=sims)
    searched = sum(cells)
    assert hits.any()
    assert searched > 0
    assert translation_scores(wire, scraper, sentences=(sa, sb), similarities=sims) == alone
    assert sum(cells) == searched  # the alignment computed no cell again
    # A different cutoff cannot reuse them: the cells under it were set to 0.
    assert translation_scores(wire, scraper, sentences=(sa, sb), cutoff=70.0,
                              similarities=sims) == translation_scores(
        wire, scraper, sentences=(sa, sb), cutoff=70.0)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ bQ.,'_-9\n\"!?", max_size=60))
def test_capitalised_words_of_ascii_text_match_the_word_by_word_scan(text: str) -> None:
    # The name check finds capitalised words of ASCII text with one regex; it must give the
    # words, spans and sentence openers of the general scan over every word.
    from dupdetect.align import split_sentences
    from dupdetect.artifacts import _capitalised, _capitalised_ascii

    for s in split_sentences(text):
        assert _capitalised_ascii(text, s) == _capitalised(text, s)


def test_capitalised_words_skip_continued_words_and_mark_the_opener() -> None:
    from dupdetect.align import split_sentences
    from dupdetect.artifacts import _capitalised_ascii

    text = "Mayor Vaarandi met U.S officials, not e.Coli experts. Then Tallinn sent 4,Aid."
    first, second = split_sentences(text)
    assert _capitalised_ascii(text, first) == [("Mayor", 0, True), ("Vaarandi", 6, False),
                                               ("U.S", 19, False)]
    assert [w for w, _, _ in _capitalised_ascii(text, second)] == ["Then", "Tallinn"]
