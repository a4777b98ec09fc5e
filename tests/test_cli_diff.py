"""``dupdetect diff`` through CliRunner: JSON parsed, HTML checked for self-containment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from dupdetect.cli import main

WIRE = str(EXAMPLES / "wire-dam-flood.txt")
UPDATED = str(EXAMPLES / "wire-dam-flood-updated.txt")
SCRAPER = str(EXAMPLES / "scraper-dam-flood.txt")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_json_is_the_documented_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", WIRE, UPDATED, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"a", "b", "coverage_a", "coverage_b", "alignment", "artifacts",
                        "translation_score", "text_a", "text_b"}
    assert (out["a"], out["b"]) == ("wire-dam-flood", "wire-dam-flood-updated")
    for al in out["alignment"]:
        assert set(al) == {"op", "a_index", "b_index", "a_text", "b_text", "similarity",
                           "changes"}
        for c in al["changes"]:
            assert set(c) == {"kind", "a_span", "b_span", "a_text", "b_text"}
            assert out["text_a"][c["a_span"][0]:c["a_span"][1]] == c["a_text"]
            assert out["text_b"][c["b_span"][0]:c["b_span"][1]] == c["b_text"]
    kinds = {(c["kind"], c["a_text"], c["b_text"]) for al in out["alignment"]
             for c in al["changes"]}
    assert ("number", "145", "143") in kinds
    assert ("quote", "home", "house") in kinds
    assert out["artifacts"] == []


def test_json_artifacts_of_the_translated_copy(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", WIRE, SCRAPER, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["translation_score"] > 0.9
    for art in out["artifacts"]:
        assert set(art) == {"kind", "text", "span", "evidence", "severity"}
        assert out["text_b"][art["span"][0]:art["span"][1]] == art["text"]
    assert "doubled_word" in {a["kind"] for a in out["artifacts"]}


def test_ids_from_a_corpus(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [{"id": "w", "text": Path(WIRE).read_text(encoding="utf-8")},
             {"id": "u", "text": Path(UPDATED).read_text(encoding="utf-8")}]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = runner.invoke(main, ["diff", "w", "u", "--corpus", str(feed), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["a"], out["b"]) == ("w", "u")
    missing = runner.invoke(main, ["diff", "w", "nope", "--corpus", str(feed)])
    assert missing.exit_code == 2
    assert "nope" in missing.output


def test_text_output_is_plain_when_not_a_terminal(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", WIRE, UPDATED, "--context", "0", "--width", "70"])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    assert "[-145-]{+143+}" in result.stdout
    assert "unchanged sentences" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()[2:]) <= 70


def test_html_is_one_self_contained_file(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    result = runner.invoke(main, ["diff", WIRE, SCRAPER, "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    assert "http://" not in html
    assert "https://" not in html
    assert "<script" not in html
    assert "<link" not in html
    assert "src=" not in html
    assert "inside inside" in html


def test_wrong_number_of_stories_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", WIRE])
    assert result.exit_code == 2


def test_a_file_with_several_stories_needs_ids(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", str(EXAMPLES), UPDATED])
    assert result.exit_code == 2
    assert "--corpus" in result.output
