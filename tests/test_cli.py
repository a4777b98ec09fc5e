"""The command line, driven through click's CliRunner; JSON output is parsed, not compared."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from stories import OTHER, STORY, text

from dupdetect.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "wire.txt").write_text(text(STORY), encoding="utf-8")
    (folder / "copy.txt").write_text("Share on Facebook\n\n" + text(STORY), encoding="utf-8")
    (folder / "other.txt").write_text(text(OTHER), encoding="utf-8")
    return folder


def test_cluster_json_is_the_documented_contract(runner: CliRunner) -> None:
    result = runner.invoke(main, ["cluster", str(EXAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["documents"] == 10
    assert {c["origin"] for c in out["clusters"]} == {"wire-dam-flood", "wire-rail-strike"}
    assert out["skipped"] == []
    relations = {(p["a"], p["b"]): p["relation"] for p in out["pairs"]}
    assert relations[("scraper-dam-flood", "wire-dam-flood")] == "translated"
    contains = next(p for p in out["pairs"] if p["a"] == "liveblog-storms"
                    and p["b"] == "wire-dam-flood")
    assert contains["contained"] == "wire-dam-flood"


def test_cluster_text_names_origin_roles_and_shares(runner: CliRunner) -> None:
    result = runner.invoke(main, ["cluster", str(EXAMPLES)])
    assert result.exit_code == 0
    assert "origin wire-dam-flood" in result.stdout
    line = next(x for x in result.stdout.splitlines() if "scraper-dam-flood" in x)
    assert line.split()[0] == "translated"
    assert "%" in line
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_pairs_jsonl_prints_one_pair_per_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["pairs", str(_corpus(tmp_path)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(p["a"], p["b"], p["relation"]) for p in lines] == [("copy", "wire", "duplicate")]
    assert set(lines[0]["scores"]) == {"cosine", "jaccard", "containment_a", "containment_b",
                                       "coverage_a", "coverage_b"}


def test_csv_outputs_have_headers(runner: CliRunner, tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    rows = list(csv.DictReader(io.StringIO(
        runner.invoke(main, ["cluster", str(folder), "--format", "csv"]).stdout)))
    assert {(r["document"], r["role"]) for r in rows} == {("wire", "origin"),
                                                          ("copy", "duplicate")}
    pairs = list(csv.DictReader(io.StringIO(
        runner.invoke(main, ["pairs", str(folder), "--format", "csv"]).stdout)))
    assert float(pairs[0]["jaccard"]) == pytest.approx(1.0)


def test_jsonl_input_with_custom_fields_from_stdin(runner: CliRunner) -> None:
    feed = "".join(json.dumps({"key": k, "body": v, "published": t}) + "\n" for k, v, t in [
        ("late", text(STORY), "2026-05-02"), ("early", text(STORY), "2026-05-01"),
        ("other", text(OTHER), "2026-05-01")])
    result = runner.invoke(main, ["cluster", "-", "--id-field", "key", "--text-field", "body",
                                  "--format", "json"], input=feed)
    assert result.exit_code == 0, result.output
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert cluster["origin"] == "early"


def test_bad_records_are_skipped_with_status_3(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": text(STORY)}) + "\n{not json\n"
                    + json.dumps({"id": "b", "text": text(STORY)}) + "\n"
                    + json.dumps({"id": "c"}) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["cluster", str(feed), "--format", "json"])
    assert result.exit_code == 3
    out = json.loads(result.stdout)
    assert [c["members"] for c in out["clusters"]] == [["a", "b"]]
    assert [s["source"] for s in out["skipped"]] == [f"{feed}:2", f"{feed}:4"]
    assert f"{feed}:2" in result.stderr
    assert "skipped" in result.stderr


def test_strict_stops_at_first_bad_record_with_status_2(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "x"}) + "\n{oops\n", encoding="utf-8")
    result = runner.invoke(main, ["pairs", str(feed), "--strict"])
    assert result.exit_code == 2
    assert f"{feed}:2" in result.stderr
    assert result.stdout == ""


def test_duplicate_ids_exit_2_naming_both(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": "a", "text": t}) + "\n" for t in ("x", "y")),
                    encoding="utf-8")
    result = runner.invoke(main, ["cluster", str(feed)])
    assert result.exit_code == 2
    assert "duplicate id 'a'" in result.stderr
    assert f"{feed}:1" in result.stderr


def test_threshold_options_change_decisions(runner: CliRunner) -> None:
    strict = runner.invoke(main, ["pairs", str(EXAMPLES), "--format", "json",
                                  "--contains", "0.9", "--align-cutoff", "100"])
    relations = {p["relation"] for p in json.loads(strict.stdout)["pairs"]}
    assert relations == {"duplicate"}
    bad = runner.invoke(main, ["pairs", str(EXAMPLES), "--duplicate", "1.5"])
    assert bad.exit_code == 2
    assert "1.5" in bad.output


def test_normalize_explain_lists_removed_clutter(runner: CliRunner) -> None:
    result = runner.invoke(main, ["normalize", str(EXAMPLES / "newsportal-dam-flood.txt"),
                                  "--explain"])
    assert result.exit_code == 0
    assert "removed (furniture): Advertisement" in result.stdout
    assert "dateline: KORVALA, Estvania (MP)" in result.stdout


def test_every_command_has_help_text(runner: CliRunner) -> None:
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert command.help, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"


def test_missing_path_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["cluster", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_jobs_do_not_change_the_result(runner: CliRunner,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import dupdetect.pipeline as pipeline

    one = runner.invoke(main, ["pairs", str(EXAMPLES), "--format", "json", "--jobs", "1"])
    monkeypatch.setattr(pipeline, "_BATCH", 2)  # several batches, so the workers are used
    two = runner.invoke(main, ["pairs", str(EXAMPLES), "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.output) == json.loads(two.output)
    bad = runner.invoke(main, ["pairs", str(EXAMPLES), "--jobs", "0"])
    assert bad.exit_code == 2
    assert "--jobs" in bad.output


def test_import_leaves_the_slow_libraries_for_first_use() -> None:
    # scikit-learn, datasketch (with scipy) and trafilatura took ~1.5 s of every start-up,
    # `dupdetect diff` and `--help` included; they are imported where first needed.
    code = ("import sys, dupdetect, dupdetect.cli, dupdetect.diff; "
            "print(sorted(m for m in ('sklearn', 'datasketch', 'trafilatura') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
