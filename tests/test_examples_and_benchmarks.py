"""The example script and the quality benchmark run (on tiny invented data), so they cannot rot."""

from __future__ import annotations

import json
import runpy
import sys
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


@pytest.fixture
def tiny_eval(tmp_path: Path) -> Path:
    """Data folders in the layout of ../shared/eval, filled with our own stories."""
    story, other = text(STORY), text(OTHER)
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
    return tmp_path


def test_quality_benchmark_runs_on_a_tiny_sample(tiny_eval: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        quality = __import__("quality")
        assert quality.main(["--data", str(tiny_eval), "--json", "--errors", "2"]) == 0
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = json.loads(capsys.readouterr().out)
    clough = out["clough"]
    assert clough["score"]["auc_derived_vs_non"] == 1.0
    assert clough["called_copies_by_category"]["cut"] == "1/1"
    tg = out["tgcontest"]["all"]
    assert (tg["label0_called_copies"], tg["label1_called_copies"]) == (0, 1)
    assert "skipped" in out["asprout"]  # no such folder in the tiny sample


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
