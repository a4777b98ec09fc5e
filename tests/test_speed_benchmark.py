"""The synthetic corpus generator and the speed benchmark run at small N, so they cannot rot.

No timing is asserted: only that the run completes, reports what it promises, and that the
generator makes the copies it claims to make.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT

BENCH = ROOT / "benchmarks"
N = 300
SEED = 11


def _module(name: str) -> ModuleType:
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", "") == str(BENCH / f"{name}.py"):
        return loaded
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic() -> ModuleType:
    return _module("synthetic")


@pytest.fixture(scope="module")
def corpus(synthetic: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.write_corpus(tmp_path_factory.mktemp("corpus") / "c.jsonl", N, SEED)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_generator_is_deterministic_per_seed(synthetic: ModuleType, corpus: Path,
                                             tmp_path: Path) -> None:
    again = synthetic.write_corpus(tmp_path / "again.jsonl", N, SEED)
    other = synthetic.write_corpus(tmp_path / "other.jsonl", N, SEED + 1)
    assert again.read_bytes() == corpus.read_bytes()
    assert synthetic.truth_path(again).read_bytes() == synthetic.truth_path(corpus).read_bytes()
    assert other.read_bytes() != corpus.read_bytes()
    # The cache reuses a file keyed by (n, seed, generator version).
    cached = synthetic.cached_corpus(N, SEED, cache_dir=tmp_path / "cache")
    assert f"v{synthetic.GENERATOR_VERSION}" in cached.name
    assert f"n{N}" in cached.name
    assert cached.read_bytes() == corpus.read_bytes()
    stamp = cached.stat().st_mtime_ns
    assert synthetic.cached_corpus(N, SEED, cache_dir=tmp_path / "cache").stat().st_mtime_ns \
        == stamp


def test_records_and_truth_are_well_formed(synthetic: ModuleType, corpus: Path) -> None:
    recs = _records(corpus)
    assert len(recs) == N
    assert [r["id"] for r in recs] == [f"s{i:07d}" for i in range(1, N + 1)]
    published = {r["id"]: r["published"] for r in recs}
    assert list(published.values()) == sorted(published.values())
    texts = {r["id"]: r["text"] for r in recs}
    lines = texts["s0000001"].split("\n")
    assert len(lines) >= 3
    assert " - " in lines[0]
    assert lines[0].split(",")[0].isupper()
    assert all(line.endswith(".") for line in lines)
    truth = synthetic.read_truth(corpus)
    kinds = Counter(k for _, _, k in truth)
    assert set(kinds) == set(synthetic.KINDS)
    assert kinds["near_duplicate"] > kinds["rewrite"] > 0
    assert kinds["contains"] > 0
    for source, derived, _ in truth:
        assert published[source] < published[derived]
    sources = {s for s, _, _ in truth}
    assert not sources & {d for _, d, _ in truth}  # copies are made of originals only


def test_copies_have_the_promised_shape(synthetic: ModuleType, corpus: Path) -> None:
    found = synthetic.check(corpus)
    assert found["near_duplicate"]["median_jaccard"] > 0.6
    rewrite = found["rewrite"]
    # Rewrites: few shared 5-grams, yet every sentence close to its source sentence.
    assert rewrite["median_jaccard"] < 0.25
    assert 65 <= rewrite["sentence_ratio"]["median"] <= 90
    assert rewrite["sentence_ratio"]["unrelated_best_median"] < 55
    assert found["contains"]["median_source_in_copy"] >= 0.38
    assert found["contains"]["median_jaccard"] < 0.5
    assert found["unrelated"]["median_jaccard"] < 0.02


def test_hot_copies_of_one_story(synthetic: ModuleType, tmp_path: Path) -> None:
    path = synthetic.write_corpus(tmp_path / "hot.jsonl", 120, SEED, hot=20)
    texts = [r["text"] for r in _records(path)]
    hot = [d for s, d, k in synthetic.read_truth(path) if s == "s0000001"]
    assert len(hot) >= 20
    assert sum(t == texts[0] for t in texts[1:]) == 10  # every other copy is verbatim


def _speed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH / "speed.py"), *args], capture_output=True,
                          text=True, check=False, timeout=300)


def test_speed_benchmark_reports_speed_memory_and_recall(tmp_path: Path) -> None:
    proc = _speed("--n", str(N), "--baselines", "naive,bulk", "--jobs", "1", "--json",
                  "--cache", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["n"] == N
    assert not report["errors"]
    results = report["results"]
    assert set(results) == {"dupdetect", "dupdetect_signatures", "datasketch_naive",
                            "datasketch_bulk"}
    for method, r in results.items():
        assert {"docs_per_s", "peak_rss_mb", "recall", "stages", "measured_on"} <= set(r), method
        assert r["measured_on"] == N
        assert r["docs_per_s"] > 0
        assert r["peak_rss_mb"] > 0
        assert r["stages"]
    ours, bulk = results["dupdetect"], results["datasketch_bulk"]
    assert isinstance(ours["recall"], float)
    assert 0.0 <= ours["recall"] <= 1.0
    assert ours["recall"] >= bulk["recall"]
    assert set(ours["recall_by_kind"]) == {"near_duplicate", "rewrite", "contains"}
    assert 0.0 <= ours["same_cluster"] <= 1.0
    assert ours["unexplained_pairs"] >= 0
    assert results["dupdetect_signatures"]["recall"] is None
    assert set(report["ratios"]) == {f"{a}/{b}" for a in ("dupdetect", "dupdetect_signatures")
                                     for b in ("datasketch_naive", "datasketch_bulk")}
    assert all(x > 0 for x in report["ratios"].values())
    assert list(tmp_path.glob(f"synthetic-v*-n{N}-seed0.jsonl"))  # the corpus was cached


def test_speed_benchmark_on_any_jsonl_without_truth(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    words = "the council approved the new budget for the river port on tuesday".split()
    rows = [{"id": f"d{i}", "text": " ".join(words[i % 5 :] + words[: i % 5]) + "."}
            for i in range(12)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = _speed("--corpus", str(path), "--baselines", "bulk,rensa",
                  "--only", "datasketch_bulk,rensa", "--repeat", "2", "--json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["n"] == 12
    assert report["truth"] is False
    assert report["results"]["datasketch_bulk"]["recall"] is None
    assert len(report["results"]["datasketch_bulk"]["runs_wall_s"]) == 2
    # rensa (an optional extra) either ran or is reported as skipped, never as an error.
    assert "rensa" in report["results"] or "rensa" in report["skipped"]
    assert not report["errors"]


def test_speed_benchmark_table_and_cost_exponent(tmp_path: Path) -> None:
    proc = _speed("--n", "40,80", "--baselines", "bulk", "--only", "datasketch_bulk",
                  "--cache", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "n = 40" in out
    assert "n = 80" in out
    assert "peak RSS MB" in out
    assert "cost exponent" in out
    assert "datasketch_bulk:" in out


def test_cost_exponent_is_the_log_log_slope() -> None:
    speed = _module("speed")
    runs = [{"results": {"dupdetect": {"measured_on": n, "wall_s": 2e-4 * n ** 1.5}}}
            for n in (1000, 10000, 100000)]
    assert speed.scaling(runs)["dupdetect"]["exponent"] == pytest.approx(1.5, abs=1e-3)


def test_kernels_benchmark_compares_every_kernel_with_its_twin() -> None:
    # benchmarks/kernel_speed.py raises if a kernel and its numpy twin disagree on the batch.
    sys.path.insert(0, str(BENCH))
    try:
        result = _module("kernel_speed").measure(40, 1)
    finally:
        sys.path.remove(str(BENCH))
    rows = {k: v for k, v in result.items() if isinstance(v, dict)}
    assert len(rows) == 7
    assert all(v["kernel"] > 0 and v["numpy"] > 0 for v in rows.values())


def test_score_profile_accounts_for_the_score_stage(corpus: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # benchmarks/score_profile.py times the score stage's steps in one process: the run gives
    # the result of an untimed run, every step and relation is reported, and the pipeline's
    # functions are put back afterwards.
    import dupdetect
    from dupdetect import align, batches

    sys.path.insert(0, str(BENCH))
    try:
        module = _module("score_profile")
        result = module.profile(dupdetect.iter_load(corpus))
        assert module.main(["--corpus", str(corpus), "--limit", "120", "--json"]) == 0
    finally:
        sys.path.remove(str(BENCH))
    plain = dupdetect.Detector(jobs=1).fit(dupdetect.iter_load(corpus))
    assert (result["documents"], result["candidates"], result["pairs"]) == (
        len(plain.ids_), plain.candidates_, len(plain.pairs_))
    steps = result["steps"]
    assert {"clean", "split sentences", "sentence keys", "alignment", "translation check",
            "pair (rest)"} <= set(steps)
    assert all(row["cpu_s"] >= 0 and row["calls"] > 0 for row in steps.values())
    assert sum(row["share"] for row in steps.values()) == pytest.approx(1.0, abs=1e-3)
    relations = result["relations"]
    assert {"duplicate", "rewrite", "contains"} <= set(relations)
    scored = sum(row["pairs"] for row in relations.values())
    assert scored <= result["candidates"]
    assert steps["pair (rest)"]["calls"] == scored
    assert batches.split_sentences is align.split_sentences
    assert batches.could_match is align.could_match
    assert batches.compare_docs.__module__ == "dupdetect.batches"
    printed = json.loads(capsys.readouterr().out)
    assert printed["documents"] == 120
    assert printed["corpus"] == str(corpus)
