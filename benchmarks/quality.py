"""Quality of dupdetect's decisions on real, public data sets (paths given as an argument).

Usage::

    python benchmarks/quality.py --data ../shared/eval                 # every suite
    python benchmarks/quality.py --data ../shared/eval --suite clough --errors 5
    python benchmarks/quality.py --data ../shared/eval --json

Suites (each skipped with a note when its folder is missing):

clough     Clough & Stevenson short answers: ROC AUC of the copy score, derived vs non; mean
           score per category (must order cut > light > heavy > non).
tgcontest  Telegram contest pairs: label-0 pairs (different threads) called copies (target 0);
           share of label-1 pairs called copies.
asprout    real syndicated news (three events): clusters, sizes, origin by time vs by content.
exact      reuters21578 / bbc_news_2225: recall of groups of identical bodies; wall time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from dupdetect import Detector, Document

Result = dict[str, Any]


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def roc_auc(labels: list[int], scores: list[float]) -> float:
    """Area under the ROC curve (ties count one half), no scikit-learn needed."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def best_f1(labels: list[int], scores: list[float]) -> tuple[float, float]:
    """Best F1 over all thresholds, and the threshold (optimistic: tuned on the data)."""
    best = (0.0, 0.0)
    for t in sorted(set(scores)):
        pred = [s >= t for s in scores]
        tp = sum(p and y for p, y in zip(pred, labels, strict=True))
        fp = sum(p and not y for p, y in zip(pred, labels, strict=True))
        fn = sum((not p) and y for p, y in zip(pred, labels, strict=True))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, t))
    return best


def copy_score(scores: Any, words_a: int, words_b: int) -> float:
    """One number for "how much of the smaller story is copied": the decision score."""
    del words_a, words_b
    return max(scores.containment_a, scores.containment_b, scores.coverage_a, scores.coverage_b)


# --------------------------------------------------------------------------------- suites
def suite_clough(data: Path, errors: int) -> Result:
    folder = data / "clough_stevenson_short_answer"
    docs = {d["id"]: d["text"] for d in read_jsonl(folder / "docs.jsonl")}
    det = Detector()
    rows = []
    for p in read_jsonl(folder / "pairs.jsonl"):
        c = det.compare(Document(p["id1"], docs[p["id1"]]), Document(p["id2"], docs[p["id2"]]))
        s = c.scores
        answer_side = "a" if c.a == p["id2"] else "b"
        held = max(getattr(s, f"containment_{answer_side}"), getattr(s, f"coverage_{answer_side}"))
        rows.append({"pair": p["pair_id"], "category": p["category"], "label": p["label"],
                     "score": max(s.containment_a, s.containment_b, s.coverage_a,
                                  s.coverage_b),
                     "answer_held": held,
                     "verbatim": max(s.containment_a, s.containment_b),
                     "called": c.relation is not None,
                     "relation": c.relation})
    labels = [r["label"] for r in rows]
    out: Result = {"pairs": len(rows)}
    for name in ("score", "answer_held", "verbatim"):
        scores = [r[name] for r in rows]
        f1, thr = best_f1(labels, scores)
        out[name] = {
            "auc_derived_vs_non": round(roc_auc(labels, scores), 4),
            "auc_cut_light_vs_non": round(roc_auc(
                [r["label"] for r in rows if r["category"] != "heavy"],
                [r[name] for r in rows if r["category"] != "heavy"]), 4),
            "best_f1": round(f1, 4), "best_f1_threshold": round(thr, 4),
            "mean_by_category": {cat: round(statistics.mean(vals), 4)
                                 for cat in ("cut", "light", "heavy", "non")
                                 if (vals := [r[name] for r in rows if r["category"] == cat])},
            "median_by_category": {cat: round(statistics.median(vals), 4)
                                   for cat in ("cut", "light", "heavy", "non")
                                   if (vals := [r[name] for r in rows if r["category"] == cat])},
        }
    called = Counter((r["category"], r["called"]) for r in rows)
    out["called_copies_by_category"] = {
        cat: f"{called[(cat, True)]}/{called[(cat, True)] + called[(cat, False)]}"
        for cat in ("cut", "light", "heavy", "non")}
    m = out["score"]["mean_by_category"]
    order = [m[c] for c in ("cut", "light", "heavy", "non") if c in m]
    out["order_cut_light_heavy_non"] = all(x > y for x, y in pairwise(order))
    if errors:
        fn = sorted((r for r in rows if r["label"]), key=lambda r: r["score"])[:errors]
        fp = sorted((r for r in rows if not r["label"]), key=lambda r: -r["score"])[:errors]
        out["errors"] = {"lowest_derived": fn, "highest_non": fp}
    return out


def suite_tgcontest(data: Path, errors: int) -> Result:
    folder = data / "tgcontest_news_pairs"
    det = Detector()
    results = []
    for p in read_jsonl(folder / "pairs.jsonl"):
        c = det.compare(Document("1", p["text1"]), Document("2", p["text2"]))
        results.append((p, c))
    out: Result = {}
    for lang in ("all", "en", "ru"):
        sel = [(p, c) for p, c in results if lang == "all" or p["lang"] == lang]
        neg = [c for p, c in sel if p["label"] == 0]
        pos = [c for p, c in sel if p["label"] == 1]
        out[lang] = {
            "label0_pairs": len(neg),
            "label0_called_copies": sum(c.relation is not None for c in neg),
            "label1_pairs": len(pos),
            "label1_called_copies": sum(c.relation is not None for c in pos),
            "label1_relations": dict(Counter(c.relation or "none" for c in pos)),
        }
    if errors:
        false = [(p, c) for p, c in results if p["label"] == 0 and c.relation is not None]
        out["errors"] = {"label0_called": [
            {"pair": p["pair_id"], "relation": c.relation, "scores": c.scores.as_dict(),
             "title1": p["title1"], "title2": p["title2"]} for p, c in false[:errors]]}
        called = [(p, c) for p, c in results if p["label"] == 1 and c.relation is not None]
        missed = [(p, c) for p, c in results if p["label"] == 1 and c.relation is None]
        out["examples"] = {
            "label1_called": [{"pair": p["pair_id"], "relation": c.relation,
                               "title1": p["title1"], "title2": p["title2"]}
                              for p, c in called[:errors]],
            "label1_not_called": [{"pair": p["pair_id"], "title1": p["title1"],
                                   "title2": p["title2"],
                                   "coverage": [round(c.scores.coverage_a, 3),
                                                round(c.scores.coverage_b, 3)]}
                                  for p, c in missed[:errors]],
        }
    return out


def _asprout_docs(data: Path) -> list[Document]:
    docs = []
    for d in read_jsonl(data / "asprout_story_clusters" / "docs.jsonl"):
        text = d["text"].replace(" ### ", "\n\n")
        docs.append(Document(str(d["id"]), text, {"published": d.get("scrape_time"),
                                                  "outlet": d.get("publisher"),
                                                  "story": d.get("story")},
                             f"asprout:{d['id']}"))
    return docs


def suite_asprout(data: Path, errors: int) -> Result:
    from dupdetect.ingest import _parse_time  # the same time parsing as the CLI

    docs = _asprout_docs(data)
    docs = [Document(d.id, d.text, {**d.meta, "published": _parse_time(d.meta["published"])},
                     d.source) for d in docs]
    t0 = time.perf_counter()
    det = Detector().fit(docs)
    wall = time.perf_counter() - t0
    clusters = det.clusters()
    by_id = {d.id: d for d in docs}
    sizes = sorted((len(c.members) for c in clusters), reverse=True)
    # Origin by time (the detector's choice when times exist) vs by content (no times).
    untimed = Detector().fit([Document(d.id, d.text, {}, d.source) for d in docs])
    content_origin = {m: c.origin for c in untimed.clusters() for m in c.members
                      if c.roles[m] != "container"}
    agree = sum(content_origin.get(c.origin) == c.origin for c in clusters)
    cross_story = sum(len({by_id[m].meta["story"] for m in c.members}) > 1 for c in clusters)
    out: Result = {
        "documents": len(docs), "candidates": det.candidates_, "pairs": len(det.pairs_),
        "relations": dict(Counter(p.relation for p in det.pairs_)),
        "clusters": len(clusters), "largest": sizes[:5],
        "clustered_documents": len({m for c in clusters for m in c.members}),
        "clusters_spanning_two_events": cross_story,
        "origin_time_vs_content_agree": f"{agree}/{len(clusters)}",
        "wall_s": round(wall, 2),
    }
    if errors:
        rng = np.random.default_rng(0)
        pick = rng.choice(len(clusters), size=min(errors, len(clusters)), replace=False)
        out["sample"] = []
        for i in sorted(pick.tolist()):
            c = clusters[i]
            out["sample"].append({
                "id": c.id, "origin": c.origin,
                "members": {m: [c.roles[m], by_id[m].meta.get("outlet"),
                                by_id[m].text[:80].replace("\n", " ")] for m in c.members}})
    return out


def _exact_groups(docs: list[Document]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        key = " ".join(d.text.split())
        if len(key) > 200:
            groups[key].append(d.id)
    return [g for g in groups.values() if len(g) > 1]


def suite_exact(data: Path, errors: int) -> Result:
    out: Result = {}
    for name in ("reuters21578", "bbc_news_2225"):
        path = data / name / "docs.jsonl"
        if not path.exists():
            continue
        docs = [Document(str(d["id"]), d["text"], {}, f"{name}:{d['id']}")
                for d in read_jsonl(path) if d["text"].strip()]
        t0 = time.perf_counter()
        det = Detector().fit(docs)
        wall = time.perf_counter() - t0
        groups = _exact_groups(docs)
        paired = {(p.a, p.b) for p in det.pairs_}
        needed = [tuple(sorted(x)) for g in groups for x in combinations(g, 2)]
        hit = sum(x in paired for x in needed)
        # A group counts as recalled when all its members land in one cluster.
        cluster_of: dict[str, set[str]] = defaultdict(set)
        for c in det.clusters_:
            for m in c.members:
                cluster_of[m].add(c.id)
        grouped = sum(bool(set.intersection(*(cluster_of[m] for m in g))) for g in groups)
        exact = {tuple(sorted(x)) for x in needed}
        extra = [p for p in det.pairs_ if (p.a, p.b) not in exact]
        out[name] = {
            "documents": len(docs), "wall_s": round(wall, 2),
            "docs_per_s": round(len(docs) / wall, 1),
            "timings_s": {k: round(v, 2) for k, v in det.timings_.items()},
            "candidates": det.candidates_, "pairs": len(det.pairs_),
            "exact_groups": len(groups), "exact_pairs": len(needed),
            "exact_pairs_found": hit, "exact_pair_recall": round(hit / max(1, len(needed)), 4),
            "exact_groups_in_one_cluster": grouped,
            "group_recall": round(grouped / max(1, len(groups)), 4),
            "additional_pairs": len(extra),
            "additional_relations": dict(Counter(p.relation for p in extra)),
        }
        if errors:
            rng = np.random.default_rng(0)
            pick = rng.choice(len(extra), size=min(errors, len(extra)), replace=False)
            by_id = {d.id: d for d in docs}
            out[name]["additional_sample"] = [
                {"a": extra[i].a, "b": extra[i].b, "relation": extra[i].relation,
                 "scores": {k: round(v, 3) for k, v in extra[i].scores.as_dict().items()},
                 "a_text": by_id[extra[i].a].text[:100], "b_text": by_id[extra[i].b].text[:100]}
                for i in sorted(pick.tolist())]
    return out


SUITES: dict[str, tuple[str, Callable[[Path, int], Result]]] = {
    "clough": ("clough_stevenson_short_answer", suite_clough),
    "tgcontest": ("tgcontest_news_pairs", suite_tgcontest),
    "asprout": ("asprout_story_clusters", suite_asprout),
    "exact": ("reuters21578", suite_exact),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of the eval data sets")
    parser.add_argument("--suite", action="append", choices=sorted(SUITES),
                        help="run only this suite (repeatable)")
    parser.add_argument("--errors", type=int, default=0, help="show N errors/examples per suite")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    results: Result = {}
    for name in args.suite or list(SUITES):
        folder, run = SUITES[name]
        if not (args.data / folder).exists():
            results[name] = {"skipped": f"{args.data / folder} not found"}
            continue
        t0 = time.perf_counter()
        results[name] = run(args.data, args.errors)
        results[name]["suite_wall_s"] = round(time.perf_counter() - t0, 2)
        if not args.json:
            print(f"== {name}")
            print(json.dumps(results[name], indent=2, ensure_ascii=False, default=str))
            sys.stdout.flush()
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
