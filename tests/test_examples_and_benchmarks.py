"""The example script and the quality benchmark run (on tiny invented data), so they cannot rot."""

from __future__ import annotations

import json
import runpy
import sys
from itertools import combinations
from pathlib import Path

import pytest
from conftest import EVAL, ROOT
from stories import OTHER, STORY, text


def test_quickstart_runs_and_prints_the_clusters(capsys: pytest.CaptureFixture[str]) -> None:
    module = runpy.run_path(str(ROOT / "examples" / "quickstart.py"))
    assert module["main"](ROOT / "examples" / "corpus") == 0
    out = capsys.readouterr().out
    assert "c1: origin wire-dam-flood" in out
    assert "translated scraper-dam-flood" in out
    assert "same topic, other agency" in out


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


#: A third invented story, so the corpus suites have unrelated material.
THIRD = [
    "OSTRA, Varnia (MP) — The regional rail operator will add four night trains between Ostra "
    "and the coast from June, its chief executive told a press conference on Tuesday.",
    "The trains will stop at nine stations and carry bicycles free of charge, she said, after a "
    "survey found that one in three summer travellers wanted to reach the beaches by bike.",
    "The operator expects the new service to cost 12 million crowns a year and to cover most of "
    "that from ticket sales within three seasons.",
]


def _semeval_rows(story: list[str], other: list[str]) -> list[dict]:
    """30 English pairs: 15 overlapping versions of one story (1) and 15 unrelated (4)."""
    rows = []
    for i, keep in enumerate(combinations(range(len(story)), 5)):
        if i == 15:
            break
        part = text([story[k] for k in keep])
        rows.append({"pair_id": f"s{i}", "id1": f"a{i}", "id2": f"b{i}", "lang1": "en",
                     "lang2": "en", "text1": part, "text2": text(story), "overall": 1.0})
        rows.append({"pair_id": f"d{i}", "id1": f"c{i}", "id2": f"d{i}", "lang1": "en",
                     "lang2": "en", "text1": part, "text2": text(other), "overall": 4.0})
    return rows


@pytest.fixture
def tiny_eval(tmp_path: Path) -> Path:
    """Data folders in the layout of ../shared/eval, filled with our own stories."""
    story, other, third = text(STORY), text(OTHER), text(THIRD)
    trimmed = text(STORY[:4])
    _write_jsonl(tmp_path / "clough_stevenson_short_answer" / "docs.jsonl", [
        {"id": "orig_taska", "text": story}, {"id": "cut1", "text": trimmed},
        {"id": "non1", "text": other}])
    _write_jsonl(tmp_path / "clough_stevenson_short_answer" / "pairs.jsonl", [
        {"pair_id": "p1", "id1": "orig_taska", "id2": "cut1", "category": "cut", "label": 1},
        {"pair_id": "p2", "id1": "orig_taska", "id2": "non1", "category": "non", "label": 0}])
    _write_jsonl(tmp_path / "tgcontest_news_pairs" / "pairs.jsonl", [
        {"pair_id": "en-0", "lang": "en", "text1": story, "text2": story, "title1": "t",
         "title2": "t", "label": 1},
        {"pair_id": "en-1", "lang": "en", "text1": story, "text2": other, "title1": "t",
         "title2": "u", "label": 0}])
    _write_jsonl(tmp_path / "semeval2022_task8_testing_set" / "pairs.jsonl",
                 _semeval_rows(STORY, OTHER))
    _write_jsonl(tmp_path / "mrpc" / "pairs.jsonl", [
        {"pair_id": "m1", "split": "test", "id1": "1", "id2": "2", "text1": STORY[0],
         "text2": STORY[0].replace("early on Thursday", "on Thursday morning"), "label": 1},
        {"pair_id": "m2", "split": "test", "id1": "3", "id2": "4", "text1": STORY[1],
         "text2": OTHER[1], "label": 0}])
    _write_jsonl(tmp_path / "stsb" / "pairs_news.jsonl", [
        {"pair_id": "s1", "score": 4.8, "text1": STORY[3], "text2": STORY[3]},
        {"pair_id": "s2", "score": 0.2, "text1": STORY[3], "text2": OTHER[2]},
        {"pair_id": "s3", "score": 2.5, "text1": STORY[4], "text2": STORY[4][:60]}])
    _write_jsonl(tmp_path / "asprout_story_clusters" / "docs.jsonl", [
        {"id": 1, "story": "fire", "publisher": "wire", "scrape_time": "2019-03-01 08:00:00",
         "text": " ### ".join(STORY)},
        {"id": 2, "story": "fire", "publisher": "paper", "scrape_time": "2019-03-01 10:00:00",
         "text": " ### ".join(STORY[:6])},
        {"id": 3, "story": "orchestra", "publisher": "wire",
         "scrape_time": "2019-03-02 08:00:00", "text": " ### ".join(OTHER)},
        {"id": 4, "story": "rail", "publisher": "paper", "scrape_time": "2019-03-03 08:00:00",
         "text": " ### ".join(THIRD)}])
    for name in ("reuters21578", "bbc_news_2225"):
        _write_jsonl(tmp_path / name / "docs.jsonl", [
            {"id": "1", "text": story}, {"id": "2", "text": story}, {"id": "3", "text": other},
            {"id": "4", "text": third}, {"id": "5", "text": ""}])
    return tmp_path


def test_quality_benchmark_runs_every_suite_on_a_tiny_sample(
        tiny_eval: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        quality = __import__("quality")
        assert quality.main(["--data", str(tiny_eval), "--json", "--errors", "2"]) == 0
        assert quality.main(["--data", str(tiny_eval), "--suite", "clough"]) == 0
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out_json, out_text = capsys.readouterr().out.split("\n== clough", 1)
    out = json.loads(out_json)
    assert "AUC derived vs non" in out_text
    assert "containment" in out_text.splitlines()[1]  # the table header

    clough = out["clough"]
    for method in ("dupdetect", "minhash", "tfidf", "containment"):
        assert clough[method]["auc_derived_vs_non"] == 1.0
        assert clough[method]["best_f1"] == 1.0
        assert clough[method]["mean_by_category"]["cut"] > clough[method]["mean_by_category"]["non"]
    assert clough["called_copies_by_category"]["cut"] == "1/1"
    assert clough["minhash"]["called_by_category"]["non"] == "0/1"
    assert clough["errors"]["tfidf"]["false_positives"][0]["pair"] == "p2"

    tg = out["tgcontest"]
    assert (tg["all"]["label0_called_copies"], tg["all"]["label1_called_copies"]) == (0, 1)
    assert tg["threshold_source"] == "best F1 on clough"
    for method in ("minhash", "tfidf", "containment"):
        assert tg["all"]["baselines"][method] == {"label0_called": 0, "label1_called": 1}
        assert tg["auc_label1_vs_label0"][method] == 1.0

    sem = out["semeval"]["spearman"]
    assert sem["en-en"]["pairs"] == 30
    for method in ("dupdetect", "minhash", "tfidf", "containment"):
        assert sem["en-en"][method] > 0.8

    mrpc, stsb = out["mrpc"], out["stsb"]
    if "skipped" in mrpc:  # only while dupdetect.diff gives no sentence similarity
        assert "diff" in mrpc["skipped"]
        assert "diff" in stsb["skipped"]
    else:
        assert mrpc["pairs"] == 2
        assert mrpc["auc"]["dupdetect"] == 1.0
        assert mrpc["dupdetect_accuracy"] == 1.0
        assert stsb["pairs"] == 3
        assert stsb["spearman"]["dupdetect"] == 1.0
        assert stsb["measure"] == "content_similarity"
        assert set(stsb["spearman"]) == {"dupdetect", "dupdetect_sentence_similarity", "tfidf",
                                         "containment"}
        # The one pair rated under 1 is the one the error list can name.
        assert [r["pair"] for r in stsb["errors"]["dissimilar_scored_high"]] == ["s2"]

    asprout = out["asprout"]
    assert asprout["clusters"] == 1
    assert asprout["clusters_spanning_two_events"] == 0
    assert asprout["origin_time_vs_content_agree"] == "1/1"
    assert asprout["baselines"]["containment"]["clusters"] == 1
    assert asprout["baselines"]["minhash"]["clusters_spanning_two_events"] == 0

    for name in ("reuters21578", "bbc_news_2225"):
        exact = out["exact"][name]
        assert (exact["exact_groups"], exact["exact_pairs"]) == (1, 1)
        assert exact["exact_pair_recall"] == 1.0
        assert exact["minhash"]["exact_pair_recall"] == 1.0
        assert exact["minhash"]["group_recall"] == 1.0
        assert exact["additional_pairs"] == 0


@pytest.mark.skipif(not (EVAL / "tgcontest_news_pairs").exists(),
                    reason="the shared evaluation data is not present on this machine")
def test_no_label0_tgcontest_pair_is_called_a_copy() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        quality = __import__("quality")
        result = quality.suite_tgcontest(EVAL, 0)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert result["all"]["label0_called_copies"] == 0
    assert result["all"]["label1_called_copies"] >= 25
