"""Speed, memory and recall of dupdetect beside datasketch and rensa, measured in the same run.

Usage::

    python benchmarks/speed.py --n 100000                       # synthetic corpus, all baselines
    python benchmarks/speed.py --n 100000 --baselines naive,bulk,rensa --jobs 2 --json
    python benchmarks/speed.py --corpus feed.jsonl --baselines bulk     # any JSONL with id/text
    python benchmarks/speed.py --n 10000,100000,1000000 --only dupdetect   # cost exponent vs N

The corpus is ``benchmarks/synthetic.py``'s (seeded, cached in ``--cache`` by n, seed and
generator version; ~20% of its stories are copies of earlier ones with known ground truth), or
any JSONL file (``--corpus``; recall is null unless ``FILE.truth.json`` lies beside it).

Every method runs in a child process of its own (this script re-invoked with a hidden
``--_run METHOD``), so its peak RSS is its own: ``peak_rss_mb`` is the child's
``ru_maxrss`` (RUSAGE_SELF) plus the largest ``ru_maxrss`` among its own finished child
processes (RUSAGE_CHILDREN: dupdetect's workers, if any), i.e. an upper bound of what was
resident at once; both parts are reported. Times are measured inside the child after its
imports (interpreter start and imports excluded). With ``--repeat R`` each method runs R times
and the run with the median wall time is reported.

Methods:

dupdetect             end to end from the JSONL file: ``Detector(jobs=J).fit(iter_load(path))``
                      (reading, cleaning, normalising, signatures, document and passage
                      candidates, exact scores, clusters); stages are ``det.timings_`` as the
                      library reports them, plus ``other`` (wall time not in any stage).
                      Recall: share of ground-truth pairs among the confirmed pairs.
dupdetect_signatures  ``dupdetect.signatures(texts, jobs=J)`` alone (5-grams, 128
                      permutations), texts read beforehand (untimed).
datasketch_naive      the tutorial way: ``re.findall(r"\\w+", text.lower())``, word 5-gram
                      shingles, ``MinHash(num_perm=128)`` (sha1) ``update`` per shingle, then
                      ``MinHashLSH(threshold=0.5, num_perm=128)`` insert all + query each.
datasketch_bulk       the same shingles, ``MinHash.bulk`` and the same LSH.
rensa                 the same shingles, ``rensa.RMinHash(num_perm=128, seed=42).update``, and
                      ``rensa.RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)`` insert +
                      query (datasketch's optimum for 0.5 is 25 bands of 5, which does not
                      divide 128; 32 bands of 4 is the nearest that does, a little more lenient).

The baselines' recall is the share of ground-truth pairs (both documents in the measured
subset) that became LSH candidates: a candidate is not a confirmed pair, so this favours them.
Slow baselines are measured on the first ``--baseline-n`` documents (defaults: naive 5,000,
bulk 20,000, rensa 100,000, each capped at n); ``measured_on`` says how many, and docs/s is
per document measured. Pairs (or candidates) between documents that the ground truth does not
relate are counted as ``unexplained_pairs``: two documents are related when one is the other's
source or both come from the same source.

``--json`` prints ``{"n", "results": {method: {"docs_per_s", "peak_rss_mb", "recall",
"stages", "measured_on", ...}}, "ratios": {"dupdetect/datasketch_bulk": x, ...}, ...}`` for
the methods that ran (skipped ones under ``"skipped"``, failures under ``"errors"``); with
several ``--n`` it prints ``{"runs": [one such object per n], "scaling": {method:
{"exponent", ...}}}``, the exponent being the slope of log(wall time) against log(documents).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

Result = dict[str, Any]
METHODS = ("dupdetect", "dupdetect_signatures", "datasketch_naive", "datasketch_bulk", "rensa")
BASELINES = {"naive": "datasketch_naive", "bulk": "datasketch_bulk", "rensa": "rensa"}
DEFAULT_MEASURED = {"datasketch_naive": 5_000, "datasketch_bulk": 20_000, "rensa": 100_000}
SHINGLE, NUM_PERM, THRESHOLD = 5, 128, 0.5
RENSA_BANDS, RENSA_SEED = 32, 42
MARK = "@@speed-result "
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------------------------
# Reading and ground truth.


def read_records(path: Path, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of the first ``limit`` JSONL records that have a text."""
    count = 0
    with path.open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if limit is not None and count >= limit:
                return
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("text")
            if not isinstance(text, str):
                continue
            count += 1
            yield str(rec.get("id", line_no)), text


def count_records(path: Path) -> int:
    return sum(1 for _ in read_records(path))


class Truth:
    """Ground-truth pairs restricted to a set of measured documents."""

    def __init__(self, triples: list[tuple[str, str, str]], ids: set[str]) -> None:
        self.pairs = {_key(a, b): k for a, b, k in triples if a in ids and b in ids}
        self.root = {b: a for a, b, _ in triples}

    def related(self, a: str, b: str) -> bool:
        return self.root.get(a, a) == self.root.get(b, b)

    def score(self, found: set[tuple[str, str]],
              clusters: list[tuple[str, ...]] | None = None) -> Result:
        """Recall overall and per kind, and the pairs the truth does not explain."""
        if not self.pairs:
            return {"recall": None, "recall_by_kind": {}, "truth_pairs": 0,
                    "unexplained_pairs": None}
        hit = Counter(k for p, k in self.pairs.items() if p in found)
        total = Counter(self.pairs.values())
        out: Result = {
            "recall": round(sum(hit.values()) / len(self.pairs), 4),
            "recall_by_kind": {k: round(hit[k] / total[k], 4) for k in sorted(total)},
            "truth_pairs": len(self.pairs),
            "unexplained_pairs": sum(1 for a, b in found if not self.related(a, b)),
        }
        if clusters is not None:
            where = {m: i for i, members in enumerate(clusters) for m in members}
            same = sum(1 for a, b in self.pairs if a in where and where.get(b) == where[a])
            out["same_cluster"] = round(same / len(self.pairs), 4)
        return out


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


# --------------------------------------------------------------------------------------------
# The methods (each runs in a child process).


def _rss() -> Result:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own + kids, 1), "rss_self_mb": round(own, 1),
            "rss_children_mb": round(kids, 1)}


def run_dupdetect(path: Path, limit: int, jobs: int | None,
                  triples: list[tuple[str, str, str]] | None) -> Result:
    import dupdetect

    skipped: list[Any] = []
    seen: list[str] = []

    def docs() -> Iterator[Any]:
        for doc in islice(dupdetect.iter_load(path, on_skip=skipped.append), limit):
            seen.append(doc.id)
            yield doc

    start = time.perf_counter()
    det = dupdetect.Detector(jobs=jobs).fit(docs())
    wall = time.perf_counter() - start
    stages = {str(k): round(float(v), 3) for k, v in dict(det.timings_).items()
              if isinstance(v, int | float)}
    stages["other"] = round(max(0.0, wall - sum(stages.values())), 3)
    out: Result = {"measured_on": len(seen), "wall_s": round(wall, 3), "stages": stages,
                   "pairs": len(det.pairs_), "clusters": len(det.clusters_),
                   "skipped_records": len(skipped),
                   "relations": dict(Counter(p.relation for p in det.pairs_))}
    candidates = getattr(det, "candidates_", None)
    if candidates is not None:
        out["candidates"] = int(candidates)
    if triples is not None:
        found = {_key(p.a, p.b) for p in det.pairs_}
        clusters = [tuple(c.members) for c in det.clusters_]
        out.update(Truth(triples, set(seen)).score(found, clusters))
    return out


def run_signatures(path: Path, limit: int, jobs: int | None,
                   triples: list[tuple[str, str, str]] | None) -> Result:
    import dupdetect

    texts = [t for _, t in read_records(path, limit)]
    start = time.perf_counter()
    sig = dupdetect.signatures(texts, shingle_size=SHINGLE, num_perm=NUM_PERM, jobs=jobs)
    wall = time.perf_counter() - start
    return {"measured_on": len(texts), "wall_s": round(wall, 3),
            "stages": {"signatures": round(wall, 3)}, "recall": None,
            "shape": list(sig.shape)}


def shingle_set(text: str) -> set[str]:
    """Word 5-grams the tutorial way (a text of fewer than 5 words is one shingle)."""
    w = _WORD.findall(text.lower())
    return {" ".join(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))} if w \
        else set()


def _lsh_pairs(ids: list[str], keep: list[int], insert: Any, query: Any) -> set[tuple[str, str]]:
    for i in keep:
        insert(i)
    found: set[tuple[str, str]] = set()
    for i in keep:
        found.update(_key(ids[i], ids[j]) for j in query(i) if j != i)
    return found


class Laps:
    """Wall time per stage of a baseline, in seconds (rounded to the millisecond)."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.start = self._clock = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = round(now - self._clock, 3)
        self._clock = now


def run_datasketch(path: Path, limit: int, triples: list[tuple[str, str, str]] | None,
                   bulk: bool) -> Result:
    from datasketch import MinHash, MinHashLSH

    laps = Laps()
    lap, stages, start = laps.lap, laps.stages, laps.start

    records = list(read_records(path, limit))
    ids = [i for i, _ in records]
    lap("read")
    if bulk:
        sets = [[s.encode("utf-8") for s in shingle_set(t)] for _, t in records]
        lap("shingle")
        mh = MinHash.bulk(sets, num_perm=NUM_PERM)
        lap("minhash")
        keep = [i for i, s in enumerate(sets) if s]
    else:
        mh, keep = [], []
        for i, (_, text) in enumerate(records):
            m = MinHash(num_perm=NUM_PERM)
            shingles = shingle_set(text)
            for sh in shingles:
                m.update(sh.encode("utf-8"))
            mh.append(m)
            if shingles:
                keep.append(i)
        lap("shingle+minhash")
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    found = _lsh_pairs(ids, keep, lambda i: lsh.insert(i, mh[i], check_duplication=False),
                       lambda i: lsh.query(mh[i]))
    lap("lsh")
    wall = time.perf_counter() - start
    out: Result = {"measured_on": len(ids), "wall_s": round(wall, 3), "stages": stages,
                   "candidates": len(found), "lsh_bands": lsh.b, "lsh_rows": lsh.r}
    if triples is not None:
        out.update(Truth(triples, set(ids)).score(found))
    return out


def run_rensa(path: Path, limit: int, triples: list[tuple[str, str, str]] | None) -> Result:
    try:
        import rensa
    except ImportError as exc:
        return {"status": "skipped", "reason": f"rensa is not importable ({exc}); "
                "pip install -e '.[bench]'"}
    laps = Laps()
    lap, stages, start = laps.lap, laps.stages, laps.start

    records = list(read_records(path, limit))
    ids = [i for i, _ in records]
    lap("read")
    sets = [list(shingle_set(t)) for _, t in records]
    lap("shingle")
    mh = []
    for s in sets:
        m = rensa.RMinHash(num_perm=NUM_PERM, seed=RENSA_SEED)
        m.update(s)
        mh.append(m)
    lap("minhash")
    lsh = rensa.RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=RENSA_BANDS)
    keep = [i for i, s in enumerate(sets) if s]
    found = _lsh_pairs(ids, keep, lambda i: lsh.insert(i, mh[i]), lambda i: lsh.query(mh[i]))
    lap("lsh")
    wall = time.perf_counter() - start
    out: Result = {"measured_on": len(ids), "wall_s": round(wall, 3), "stages": stages,
                   "candidates": len(found), "lsh_bands": RENSA_BANDS,
                   "lsh_rows": NUM_PERM // RENSA_BANDS,
                   "rensa_version": metadata.version("rensa")}
    if triples is not None:
        out.update(Truth(triples, set(ids)).score(found))
    return out


def child(method: str, path: Path, limit: int, jobs: int | None) -> Result:
    triples = synthetic.read_truth(path)
    if method == "dupdetect":
        out = run_dupdetect(path, limit, jobs, triples)
    elif method == "dupdetect_signatures":
        out = run_signatures(path, limit, jobs, triples)
    elif method in ("datasketch_naive", "datasketch_bulk"):
        out = run_datasketch(path, limit, triples, bulk=method == "datasketch_bulk")
    elif method == "rensa":
        out = run_rensa(path, limit, triples)
    else:
        raise ValueError(f"unknown method {method!r}")
    if out.get("status") == "skipped":
        return out
    out.setdefault("recall", None)
    out["docs_per_s"] = round(out["measured_on"] / out["wall_s"], 1) if out["wall_s"] else None
    out.update(_rss())
    out["status"] = "ok"
    return out


# --------------------------------------------------------------------------------------------
# The parent: corpus, child processes, table.


def spawn(method: str, path: Path, limit: int, jobs: int | None) -> Result:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_run", method,
           "--corpus", str(path), "--_limit", str(limit)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(MARK)]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip()[-1500:]
        return {"status": "error", "reason": f"exit {proc.returncode}: {tail}"}
    return json.loads(lines[-1][len(MARK):])


def measure(method: str, path: Path, limit: int, jobs: int | None, repeat: int) -> Result:
    runs = []
    for _ in range(repeat):
        res = spawn(method, path, limit, jobs)
        if res.get("status") != "ok":
            return res
        runs.append(res)
    runs.sort(key=lambda r: r["wall_s"])
    best = dict(runs[(len(runs) - 1) // 2])
    if repeat > 1:
        best["runs_wall_s"] = [r["wall_s"] for r in runs]
        best["peak_rss_mb_max"] = max(r["peak_rss_mb"] for r in runs)
    return best


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("dupdetect", "datasketch", "numpy", "rensa"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "absent"
    return out


def run_one(n: int | None, args: argparse.Namespace) -> Result:
    if args.corpus is not None:
        path = args.corpus
        available = count_records(path)
        n = available if n is None else min(n, available)
        source: Result = {"corpus": str(path), "truth": synthetic.truth_path(path).exists()}
    else:
        assert n is not None
        t0 = time.perf_counter()
        path = synthetic.cached_corpus(n, args.seed, args.hot, args.cache)
        print(f"corpus {path} ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        source = {"corpus": str(path), "seed": args.seed, "hot": args.hot,
                  "generator_version": synthetic.GENERATOR_VERSION, "truth": True}
    load_before = os.getloadavg()[0]
    methods = ["dupdetect", "dupdetect_signatures"]
    methods += [BASELINES[b] for b in args.baselines]
    if args.only:
        methods = [m for m in methods if m in args.only]
    results: dict[str, Result] = {}
    skipped: dict[str, str] = {}
    errors: dict[str, str] = {}
    for method in methods:
        if method == "dupdetect":
            limit = n
        elif method == "dupdetect_signatures":
            limit = min(n, args.signatures_n)
        else:
            limit = min(n, args.baseline_n or DEFAULT_MEASURED[method])
        print(f"running {method} on {limit} documents ...", file=sys.stderr)
        res = measure(method, path, limit, args.jobs, args.repeat)
        if res["status"] == "ok":
            results[method] = res
        elif res["status"] == "skipped":
            skipped[method] = res["reason"]
        else:
            errors[method] = res["reason"]
    ratios = {}
    for ours in ("dupdetect", "dupdetect_signatures"):
        for other in BASELINES.values():
            if ours in results and other in results and results[other]["docs_per_s"]:
                ratios[f"{ours}/{other}"] = round(
                    results[ours]["docs_per_s"] / results[other]["docs_per_s"], 2)
    out: Result = {"n": n, "jobs": args.jobs, "repeat": args.repeat, **source,
                   "results": results, "ratios": ratios, "skipped": skipped, "errors": errors,
                   "machine": {"cpus": os.cpu_count(), **versions(),
                               # 1-minute load average before and after: another busy
                               # process on the machine makes every figure slower.
                               "loadavg_before": round(load_before, 2),
                               "loadavg_after": round(os.getloadavg()[0], 2)}}
    return out


def scaling(runs: list[Result]) -> Result:
    """Slope of log(wall) against log(documents measured), per method run at 2+ sizes."""
    out: Result = {}
    for method in METHODS:
        pts = sorted({(r["results"][method]["measured_on"], r["results"][method]["wall_s"])
                      for r in runs if method in r["results"]})
        xs = [math.log(x) for x, y in pts if x > 0 and y > 0]
        ys = [math.log(y) for x, y in pts if x > 0 and y > 0]
        if len(set(xs)) >= 2:
            slope = statistics.linear_regression(xs, ys).slope
            out[method] = {"exponent": round(slope, 3), "documents": [x for x, _ in pts],
                           "wall_s": [y for _, y in pts]}
    return out


def _fmt(x: Any, digits: int = 1) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def table(run: Result) -> str:
    lines = [f"n = {run['n']:,}  corpus {run['corpus']}  jobs {run['jobs']}  "
             f"repeat {run['repeat']}  cpus {run['machine']['cpus']}  load average "
             f"{run['machine']['loadavg_before']:.2f} before, "
             f"{run['machine']['loadavg_after']:.2f} after"]
    head = ("method", "measured_on", "docs/s", "peak RSS MB", "recall", "stages (s)")
    rows = [head]
    for method, r in run["results"].items():
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items())
        rows.append((method, _fmt(r["measured_on"]), _fmt(r["docs_per_s"]),
                     _fmt(r["peak_rss_mb"]), _fmt(r["recall"], 3), stages))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:5], widths[1:],
                                                                         strict=True)]
        lines.append("  ".join([*cells, row[5]]))
    detail = [(m, r) for m, r in run["results"].items() if r.get("recall_by_kind")]
    if detail:
        lines.append("")
        lines.append("recall by kind (near_duplicate / rewrite / contains), same cluster, "
                     "pairs or candidates, unexplained by the truth:")
        for method, r in detail:
            kinds = " / ".join(_fmt(r["recall_by_kind"].get(k), 3) for k in synthetic.KINDS)
            found = r.get("pairs", r.get("candidates"))
            what = "pairs" if "pairs" in r else "candidates"
            lines.append(f"  {method}: {kinds}; same cluster {_fmt(r.get('same_cluster'), 3)}; "
                         f"{_fmt(found)} {what}; {_fmt(r['unexplained_pairs'])} unexplained "
                         f"(of {_fmt(r['truth_pairs'])} truth pairs in the measured docs)")
    lines.append("peak RSS = the method's process + its largest finished child "
                 "(ru_maxrss); ratios are docs/s over docs/s:")
    for key, value in run["ratios"].items():
        other = key.split("/")[1]
        note = run["results"][other]["measured_on"]
        lines.append(f"  {key} = {value:.2f}x  ({other} measured on the first {note:,} docs)")
    for method, reason in run["skipped"].items():
        lines.append(f"skipped {method}: {reason}")
    for method, reason in run["errors"].items():
        lines.append(f"ERROR {method}: {reason}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", help="documents (comma-separated sizes fit the cost exponent)")
    ap.add_argument("--corpus", type=Path, help="a JSONL file with id/text instead of synthetic")
    ap.add_argument("--baselines", default="naive,bulk,rensa",
                    help="comma-separated from naive, bulk, rensa ('none' for none)")
    ap.add_argument("--jobs", type=int, default=None, help="dupdetect's jobs (default: its own)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead")
    ap.add_argument("--seed", type=int, default=0, help="synthetic corpus seed")
    ap.add_argument("--hot", type=int, default=0, help="synthetic: copies of one story")
    ap.add_argument("--cache", type=Path, default=synthetic.default_cache(),
                    help="folder of generated corpora (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per method; the median is kept")
    ap.add_argument("--baseline-n", type=int, default=None,
                    help="documents the baselines are measured on (default: naive 5000, "
                         "bulk 20000, rensa 100000; capped at n)")
    ap.add_argument("--signatures-n", type=int, default=200_000,
                    help="documents dupdetect_signatures is measured on (default: %(default)s)")
    ap.add_argument("--only", default="", help="comma-separated methods to run (default: all)")
    ap.add_argument("--_run", choices=METHODS, help=argparse.SUPPRESS)
    ap.add_argument("--_limit", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._run is None:
        if args.n is None and args.corpus is None:
            ap.error("give --n or --corpus")
        names = [b.strip() for b in args.baselines.split(",") if b.strip()]
        names = [] if names == ["none"] else names
        bad = [b for b in names if b not in BASELINES]
        if bad:
            ap.error(f"unknown baselines {bad}; choose from {sorted(BASELINES)}")
        args.baselines = names
        args.only = [m.strip() for m in args.only.split(",") if m.strip()]
        bad = [m for m in args.only if m not in METHODS]
        if bad:
            ap.error(f"unknown methods {bad}; choose from {list(METHODS)}")
        try:
            args.sizes = [int(x.replace("_", "")) for x in args.n.split(",")] if args.n \
                else [None]
        except ValueError:
            ap.error(f"--n must be integers, got {args.n!r}")
        if args.repeat < 1:
            ap.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args._run is not None:
        out = child(args._run, args.corpus, args._limit, args.jobs)
        print(MARK + json.dumps(out), flush=True)
        return 0
    runs = [run_one(n, args) for n in args.sizes]
    if len(runs) == 1:
        report: Result = runs[0]
    else:
        report = {"runs": runs, "scaling": scaling(runs)}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print("\n\n".join(table(r) for r in runs))
        if len(runs) > 1:
            print("\ncost exponent (slope of log wall time vs log documents):")
            for method, s in report["scaling"].items():
                print(f"  {method}: {s['exponent']:.2f}  (documents {s['documents']}, "
                      f"wall s {s['wall_s']})")
    return 1 if any(r["errors"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
