"""Quality of dupdetect's decisions on real, public data sets, beside three baselines.

Usage::

    python benchmarks/quality.py --data ../shared/eval                 # every suite, tables
    python benchmarks/quality.py --data ../shared/eval --suite clough --errors 10
    python benchmarks/quality.py --data ../shared/eval --json          # one JSON object

Baselines (``benchmarks/baselines.py``), run on the same data in the same run: ``minhash``
(datasketch MinHashLSH over word 5-grams at threshold 0.5; a pair is a collision; graded score
= estimated Jaccard), ``tfidf`` (TF-IDF cosine, one threshold) and ``containment`` (exact word
5-gram containment, larger direction, one threshold). The thresholds of ``tfidf`` and
``containment`` are tuned on clough (best F1, on the test data itself: optimistic) and carried
to the other suites; tgcontest also reports them at their best threshold there.

dupdetect is scored two ways where a graded score is ranked (AUC, Spearman): ``dupdetect`` is
``dupdetect.score.similarity`` (copied share first, then shared vocabulary) and
``dupdetect_copy`` the copy score alone. For clough, tgcontest and semeval the Detector is
first fitted on the suite's texts, so that its cosine weighs words by their idf there, as the
TF-IDF baseline's does; decisions (relations) are the Detector's own.

Suites (each skipped with a note when its folder is missing):

clough     Clough & Stevenson short answers: ROC AUC derived vs non and cut+light vs non, best
           F1, mean score per category (must order cut > light > heavy > non).
tgcontest  Telegram contest pairs: label-0 pairs (different threads) called copies (target 0);
           share of label-1 pairs called copies.
semeval    SemEval-2022 task 8: Spearman of the similarity with -Overall per language pair.
mrpc, stsb sentence decision / similarity of ``dupdetect.diff`` (skipped until it provides one):
           on MRPC its alignment similarity, on STS (graded closeness) its ``content_similarity``;
           each suite shows the other measure too.
asprout    real syndicated news (three events): clusters, sizes, origin by time vs by content.
exact      reuters21578 / bbc_news_2225: recall of groups of identical bodies; extra pairs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baselines as bl

from dupdetect import Detector, Document, DupdetectError
from dupdetect.score import copy_score, similarity

Result = dict[str, Any]
METHODS = ("dupdetect", "minhash", "tfidf", "containment")
#: Graded scores compared: dupdetect's similarity (``dupdetect``) and its copy score.
RANKERS = ("dupdetect", "dupdetect_copy", *METHODS[1:])
CATEGORIES = ("cut", "light", "heavy", "non")
#: Thresholds used when clough (where tfidf/containment are tuned) is not available.
FALLBACK_THRESHOLDS = {"tfidf": 0.5, "containment": 0.5}


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


def f1_of(labels: list[int], pred: list[bool]) -> float:
    tp = sum(p and y for p, y in zip(pred, labels, strict=True))
    fp = sum(p and not y for p, y in zip(pred, labels, strict=True))
    fn = sum((not p) and y for p, y in zip(pred, labels, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_f1(labels: list[int], scores: list[float]) -> tuple[float, float]:
    """Best F1 over all thresholds, and the threshold (optimistic: tuned on the data)."""
    best = (0.0, 0.0)
    for t in sorted(set(scores)):
        best = max(best, (f1_of(labels, [s >= t for s in scores]), t))
    return best


def spearman(x: list[float], y: list[float]) -> float:
    if len(set(x)) < 2 or len(set(y)) < 2:
        return float("nan")
    return float(spearmanr(x, y).statistic)


def _r(x: float, n: int = 3) -> float:
    return round(float(x), n)


def _compare(det: Detector, a: str, b: str
             ) -> tuple[str | None, float, float, dict[str, float]]:
    """dupdetect's relation, similarity, copy score and scores for two texts (a text left
    empty: none)."""
    try:
        c = det.compare(Document("1", a), Document("2", b))
    except DupdetectError:
        return None, 0.0, 0.0, {}
    return (c.relation, similarity(c.scores), copy_score(c.scores),
            {k: _r(v) for k, v in c.scores.as_dict().items()})


def _fitted(texts: list[str]) -> Detector:
    """A Detector fitted on a suite's texts: ``compare`` then weighs words by their idf there,
    as the TF-IDF baseline does (fitted on the same texts)."""
    distinct = sorted(set(texts))
    return Detector().fit([Document(f"t{i}", t) for i, t in enumerate(distinct)])


def _baseline_rows(texts1: list[str], texts2: list[str]) -> list[dict[str, Any]]:
    base = bl.PairwiseBaselines(texts1 + texts2)
    n = len(texts1)
    return [base.score(i, n + i) for i in range(n)]


# --------------------------------------------------------------------------------- suites
def _clough_rows(data: Path, *, with_dupdetect: bool) -> list[dict[str, Any]]:
    folder = data / "clough_stevenson_short_answer"
    docs = {d["id"]: d["text"] for d in read_jsonl(folder / "docs.jsonl")}
    pairs = list(read_jsonl(folder / "pairs.jsonl"))
    base = _baseline_rows([docs[p["id1"]] for p in pairs], [docs[p["id2"]] for p in pairs])
    det = _fitted(list(docs.values())) if with_dupdetect else Detector()
    rows = []
    for p, b in zip(pairs, base, strict=True):
        row = {"pair": p["pair_id"], "category": p["category"], "label": p["label"],
               "minhash": b["minhash"], "minhash_called": b["minhash_collision"],
               "tfidf": b["tfidf"], "containment": b["containment"]}
        if with_dupdetect:
            c = det.compare(Document(p["id1"], docs[p["id1"]]), Document(p["id2"], docs[p["id2"]]))
            s = c.scores
            answer_side = "a" if c.a == p["id2"] else "b"
            row.update({
                "dupdetect": similarity(s), "dupdetect_copy": copy_score(s),
                "dupdetect_called": c.relation is not None,
                "relation": c.relation,
                "answer_held": max(getattr(s, f"containment_{answer_side}"),
                                   getattr(s, f"coverage_{answer_side}")),
                "verbatim": max(s.containment_a, s.containment_b),
                "scores": {k: _r(v) for k, v in s.as_dict().items()}})
        rows.append(row)
    return rows


@cache
def tuned_thresholds(data: Path) -> tuple[dict[str, float], str]:
    """tfidf / containment thresholds at their best F1 on clough, and where they came from."""
    if not (data / "clough_stevenson_short_answer" / "pairs.jsonl").exists():
        return dict(FALLBACK_THRESHOLDS), "fixed (clough not available)"
    rows = _clough_rows(data, with_dupdetect=False)
    labels = [r["label"] for r in rows]
    return ({m: best_f1(labels, [r[m] for r in rows])[1] for m in ("tfidf", "containment")},
            "best F1 on clough")


def _per_method(rows: list[dict[str, Any]], name: str) -> Result:
    labels = [r["label"] for r in rows]
    scores = [r[name] for r in rows]
    light = [r for r in rows if r["category"] != "heavy"]
    f1, thr = best_f1(labels, scores)
    means = {cat: _r(statistics.mean(v), 4) for cat in CATEGORIES
             if (v := [r[name] for r in rows if r["category"] == cat])}
    order = [means[c] for c in CATEGORIES if c in means]
    return {
        "auc_derived_vs_non": _r(roc_auc(labels, scores), 4),
        "auc_cut_light_vs_non": _r(roc_auc([r["label"] for r in light],
                                           [r[name] for r in light]), 4),
        "best_f1": _r(f1, 4), "best_f1_threshold": _r(thr, 4),
        "mean_by_category": means,
        "median_by_category": {cat: _r(statistics.median(v), 4) for cat in CATEGORIES
                               if (v := [r[name] for r in rows if r["category"] == cat])},
        "order_cut_light_heavy_non": all(x > y for x, y in pairwise(order)),
    }


def suite_clough(data: Path, errors: int) -> Result:
    rows = _clough_rows(data, with_dupdetect=True)
    labels = [r["label"] for r in rows]
    out: Result = {"pairs": len(rows)}
    for name in (*RANKERS, "answer_held", "verbatim"):
        out[name] = _per_method(rows, name)
    # Kept under the old name for readers of earlier JSON.
    out["score"] = out["dupdetect"]
    for name in ("dupdetect", "minhash"):
        out[name]["f1_own_decision"] = _r(f1_of(labels, [r[f"{name}_called"] for r in rows]), 4)
        called = Counter((r["category"], r[f"{name}_called"]) for r in rows)
        out[name]["called_by_category"] = {
            cat: f"{called[(cat, True)]}/{called[(cat, True)] + called[(cat, False)]}"
            for cat in CATEGORIES}
    out["called_copies_by_category"] = out["dupdetect"]["called_by_category"]
    out["order_cut_light_heavy_non"] = out["dupdetect"]["order_cut_light_heavy_non"]
    cols = list(RANKERS)
    out["table"] = {"columns": ["clough", *cols], "rows": [
        ["AUC derived vs non", *(out[m]["auc_derived_vs_non"] for m in cols)],
        ["AUC cut+light vs non", *(out[m]["auc_cut_light_vs_non"] for m in cols)],
        ["best F1 (tuned here)", *(f"{out[m]['best_f1']:.3f} @{out[m]['best_f1_threshold']:.2f}"
                                   for m in cols)],
        ["F1 own decision", out["dupdetect"]["f1_own_decision"], "-",
         out["minhash"]["f1_own_decision"], "-", "-"],
        *([f"mean {cat}", *(out[m]["mean_by_category"].get(cat) for m in cols)]
          for cat in CATEGORIES),
        ["order cut>light>heavy>non", *(out[m]["order_cut_light_heavy_non"] for m in cols)],
    ]}
    if errors:
        keep = ("pair", "category", "relation", *RANKERS, "scores")
        out["errors"] = {}
        for m in RANKERS:
            out["errors"][m] = {
                "false_negatives": [{k: r.get(k) for k in keep} for r in
                                    sorted((r for r in rows if r["label"]),
                                           key=lambda r, m=m: (r[m], r["pair"]))[:errors]],
                "false_positives": [{k: r.get(k) for k in keep} for r in
                                    sorted((r for r in rows if not r["label"]),
                                           key=lambda r, m=m: (-r[m], r["pair"]))[:errors]]}
    return out


def _zero_fp(rows: list[dict[str, Any]], m: str) -> tuple[float, int]:
    """The lowest threshold calling no label-0 pair, and the label-1 pairs it calls."""
    top0 = max((r[m] for r in rows if r["label"] == 0), default=0.0)
    above = [r[m] for r in rows if r["label"] == 1 and r[m] > top0]
    return (min(above) if above else float("inf")), len(above)


def suite_tgcontest(data: Path, errors: int) -> Result:
    pairs = list(read_jsonl(data / "tgcontest_news_pairs" / "pairs.jsonl"))
    thresholds, source = tuned_thresholds(data)
    base = _baseline_rows([p["text1"] for p in pairs], [p["text2"] for p in pairs])
    det = _fitted([t for p in pairs for t in (p["text1"], p["text2"])])
    rows = []
    for p, b in zip(pairs, base, strict=True):
        relation, sim, score, scores = _compare(det, p["text1"], p["text2"])
        rows.append({"pair": p["pair_id"], "lang": p["lang"], "label": p["label"],
                     "title1": p["title1"], "title2": p["title2"],
                     "relation": relation, "dupdetect": sim, "dupdetect_copy": score,
                     "scores": scores,
                     "dupdetect_called": relation is not None,
                     "minhash": b["minhash"], "minhash_called": b["minhash_collision"],
                     "tfidf": b["tfidf"], "containment": b["containment"],
                     "tfidf_called": b["tfidf"] >= thresholds["tfidf"],
                     "containment_called": b["containment"] >= thresholds["containment"]})
    out: Result = {"thresholds": {k: _r(v, 4) for k, v in thresholds.items()},
                   "threshold_source": source}
    for lang in ("all", "en", "ru"):
        sel = [r for r in rows if lang == "all" or r["lang"] == lang]
        neg = [r for r in sel if r["label"] == 0]
        pos = [r for r in sel if r["label"] == 1]
        out[lang] = {
            "label0_pairs": len(neg),
            "label0_called_copies": sum(r["dupdetect_called"] for r in neg),
            "label1_pairs": len(pos),
            "label1_called_copies": sum(r["dupdetect_called"] for r in pos),
            "label1_relations": dict(Counter(r["relation"] or "none" for r in pos)),
            "baselines": {m: {"label0_called": sum(r[f"{m}_called"] for r in neg),
                              "label1_called": sum(r[f"{m}_called"] for r in pos)}
                          for m in METHODS[1:]},
        }
    labels = [r["label"] for r in rows]
    n0, n1 = labels.count(0), labels.count(1)
    out["auc_label1_vs_label0"] = {m: _r(roc_auc(labels, [r[m] for r in rows]), 4)
                                   for m in RANKERS}
    out["zero_label0_threshold"] = {}
    for m in ("tfidf", "containment"):
        thr, hits = _zero_fp(rows, m)
        out["zero_label0_threshold"][m] = {"threshold": _r(thr, 4), "label1_called": hits}
    a = out["all"]
    table_rows = [
        ["label-0 called (clough thr.)", f"{a['label0_called_copies']}/{n0}",
         *(f"{a['baselines'][m]['label0_called']}/{n0}" for m in METHODS[1:])],
        ["label-1 called (clough thr.)", f"{a['label1_called_copies']}/{n1}",
         *(f"{a['baselines'][m]['label1_called']}/{n1}" for m in METHODS[1:])],
        ["label-1 called, thr. with 0 label-0 (tuned here)", "-", "-",
         *(f"{z['label1_called']}/{n1} @{z['threshold']:.2f}"
           for z in (out["zero_label0_threshold"][m] for m in ("tfidf", "containment")))],
        ["AUC label-1 vs label-0 (dupdetect: similarity; copy score "
         f"{out['auc_label1_vs_label0']['dupdetect_copy']})",
         *(out["auc_label1_vs_label0"][m] for m in METHODS)],
    ]
    for lang in ("en", "ru"):
        b = out[lang]
        table_rows.append([f"{lang}: label-0 / label-1 called",
                           f"{b['label0_called_copies']} / {b['label1_called_copies']}",
                           *(f"{b['baselines'][m]['label0_called']} / "
                             f"{b['baselines'][m]['label1_called']}" for m in METHODS[1:])])
    out["table"] = {"columns": ["tgcontest", *METHODS], "rows": table_rows}
    if errors:
        keep = ("pair", "lang", "relation", *METHODS, "scores", "title1", "title2")
        out["errors"] = {}
        for m in METHODS:
            out["errors"][m] = {
                "false_positives": [{k: r[k] for k in keep} for r in
                                    sorted((r for r in rows if r["label"] == 0),
                                           key=lambda r, m=m: (-r[m], r["pair"]))[:errors]],
                "false_negatives": [{k: r[k] for k in keep} for r in
                                    sorted((r for r in rows if r["label"] == 1),
                                           key=lambda r, m=m: (r[m], r["pair"]))[:errors]]}
        called = [r for r in rows if r["label"] == 1 and r["dupdetect_called"]]
        missed = sorted((r for r in rows if r["label"] == 1 and not r["dupdetect_called"]),
                        key=lambda r: (-r["dupdetect"], r["pair"]))
        out["examples"] = {"label1_called": [{k: r[k] for k in keep} for r in called[:errors]],
                           "label1_not_called_highest": [{k: r[k] for k in keep}
                                                         for r in missed[:errors]]}
    return out


def suite_semeval(data: Path, errors: int) -> Result:
    pairs = list(read_jsonl(data / "semeval2022_task8_testing_set" / "pairs.jsonl"))
    base = _baseline_rows([p["text1"] for p in pairs], [p["text2"] for p in pairs])
    det = _fitted([t for p in pairs for t in (p["text1"], p["text2"])])
    rows = []
    for p, b in zip(pairs, base, strict=True):
        _, sim, score, _ = _compare(det, p["text1"], p["text2"])
        rows.append({"pair": p["pair_id"], "langs": f"{p['lang1']}-{p['lang2']}",
                     "overall": p["overall"], "dupdetect": sim, "dupdetect_copy": score,
                     **{m: b[m] for m in METHODS[1:]}})
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["langs"]].append(r)
    groups = {"all": rows, **{k: v for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1]))
                              if len(v) >= 30}}
    out: Result = {"pairs": len(rows), "spearman": {}}
    for key, sel in groups.items():
        y = [-r["overall"] for r in sel]  # 1 = very similar: negate so higher = more similar
        out["spearman"][key] = {"pairs": len(sel),
                                **{m: _r(spearman([r[m] for r in sel], y)) for m in RANKERS}}
    out["table"] = {"columns": ["semeval Spearman", "pairs", *RANKERS],
                    "rows": [[k, v["pairs"], *(v[m] for m in RANKERS)]
                             for k, v in out["spearman"].items()]}
    if errors:
        out["errors"] = {
            "similar_scored_low": sorted((r for r in rows if r["overall"] <= 1.5),
                                         key=lambda r: (r["dupdetect"], r["pair"]))[:errors],
            "dissimilar_scored_high": sorted((r for r in rows if r["overall"] >= 3.5),
                                             key=lambda r: (-r["dupdetect"], r["pair"]))[:errors]}
    return out


def _diff_similarity() -> tuple[Callable[[str, str], float] | None, str]:
    """``dupdetect.diff.sentence_similarity(a, b) -> float in [0, 1]`` when the module has it."""
    try:
        module = importlib.import_module("dupdetect.diff")
    except ImportError:
        return None, "dupdetect has no diff module"
    fn = getattr(module, "sentence_similarity", None)
    if fn is None:
        names = ", ".join(getattr(module, "__all__", [])) or "nothing"
        return None, (f"dupdetect.diff provides no sentence_similarity(a, b) (it exports "
                      f"{names}); the suite runs once it does")
    return fn, ""


def _sentence_rows(path: Path, fn: Callable[[str, str], float], other: str
                   ) -> tuple[list[dict[str, Any]], dict[str, list[float]]]:
    """The test split (the diff module's cutoff is chosen on MRPC train) and the similarity of
    each pair by dupdetect (``fn``; ``other``, the diff module's other sentence measure, when it
    has one) and by the baselines."""
    pairs = [p for p in read_jsonl(path) if p.get("split", "test") == "test"]
    base = _baseline_rows([p["text1"] for p in pairs], [p["text2"] for p in pairs])
    scores = {"dupdetect": [float(fn(p["text1"], p["text2"])) for p in pairs]}
    second = getattr(importlib.import_module("dupdetect.diff"), other, None)
    if second is not None:
        scores[f"dupdetect_{other}"] = [float(second(p["text1"], p["text2"])) for p in pairs]
    scores.update({m: [b[m] for b in base] for m in ("tfidf", "containment")})
    return pairs, scores


def suite_mrpc(data: Path, errors: int) -> Result:
    fn, why = _diff_similarity()
    if fn is None:
        return {"skipped": why}
    pairs, scores = _sentence_rows(data / "mrpc" / "pairs.jsonl", fn, "content_similarity")
    labels = [int(p["label"]) for p in pairs]
    decision = getattr(importlib.import_module("dupdetect.diff"), "same_sentence", None)
    pred = ([bool(decision(p["text1"], p["text2"])) for p in pairs] if decision
            else [s >= 0.5 for s in scores["dupdetect"]])
    out: Result = {"pairs": len(pairs), "split": "test",
                   "decision": "same_sentence" if decision else "sim >= 0.5",
                   "dupdetect_accuracy": _r(sum(p == bool(y) for p, y in
                                                zip(pred, labels, strict=True)) / len(pairs)),
                   "dupdetect_f1": _r(f1_of(labels, pred)),
                   "auc": {m: _r(roc_auc(labels, s)) for m, s in scores.items()},
                   "best_f1": {m: _r(best_f1(labels, s)[0]) for m, s in scores.items()}}
    columns = _sentence_columns(scores)
    columns[0] = "dupdetect sentence_similarity"
    out["table"] = {"columns": ["mrpc", *columns], "rows": [
        ["accuracy / F1 own decision",
         f"{out['dupdetect_accuracy']} / {out['dupdetect_f1']}", *["-"] * (len(scores) - 1)],
        ["AUC", *out["auc"].values()], ["best F1 (tuned here)", *out["best_f1"].values()]]}
    if errors:
        rows = [{"pair": p["pair_id"], "label": y, "called": c, "similarity": _r(sim),
                 "text1": p["text1"], "text2": p["text2"]}
                for p, y, c, sim in zip(pairs, labels, pred, scores["dupdetect"], strict=True)]
        out["errors"] = {
            "false_positives": sorted((r for r in rows if r["called"] and not r["label"]),
                                      key=lambda r: (-r["similarity"], r["pair"]))[:errors],
            "false_negatives": sorted((r for r in rows if r["label"] and not r["called"]),
                                      key=lambda r: (r["similarity"], r["pair"]))[:errors]}
    return out


def _sentence_columns(scores: dict[str, list[float]]) -> list[str]:
    return [m.replace("_", " ", 1) if m.startswith("dupdetect_") else m for m in scores]


def suite_stsb(data: Path, errors: int) -> Result:
    fn, why = _diff_similarity()
    if fn is None:
        return {"skipped": why}
    # STS grades closeness of content: the diff module's graded content_similarity (chosen
    # on the STS train and dev splits), when it has one; the alignment similarity beside it.
    graded = getattr(importlib.import_module("dupdetect.diff"), "content_similarity", None)
    measure, other = ((graded, "sentence_similarity") if graded is not None
                      else (fn, "content_similarity"))
    pairs, scores = _sentence_rows(data / "stsb" / "pairs_news.jsonl", measure, other)
    y = [float(p["score"]) for p in pairs]
    out: Result = {"pairs": len(pairs), "split": "test",
                   "measure": ("content_similarity" if graded is not None
                               else "sentence_similarity"),
                   "spearman": {m: _r(spearman(s, y)) for m, s in scores.items()}}
    columns = _sentence_columns(scores)
    columns[0] = f"dupdetect {out['measure']}"
    out["table"] = {"columns": ["stsb news", *columns],
                    "rows": [["Spearman", *out["spearman"].values()]]}
    if errors:
        rows = [{"pair": p.get("pair_id", str(k)), "score": float(p["score"]),
                 "dupdetect": _r(sim), "tfidf": _r(tf), "text1": p["text1"], "text2": p["text2"]}
                for k, (p, sim, tf) in enumerate(zip(pairs, scores["dupdetect"],
                                                     scores["tfidf"], strict=True))]
        # Gold 0-5: "equivalent" pairs (>= 4) scored lowest, unrelated ones (<= 1) highest.
        out["errors"] = {
            "similar_scored_low": sorted((r for r in rows if r["score"] >= 4.0),
                                         key=lambda r: (r["dupdetect"], r["pair"]))[:errors],
            "dissimilar_scored_high": sorted((r for r in rows if r["score"] <= 1.0),
                                             key=lambda r: (-r["dupdetect"], r["pair"]))[:errors]}
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


def _cluster_stats(groups: list[list[str]], story: dict[str, Any]) -> Result:
    sizes = sorted((len(g) for g in groups), reverse=True)
    return {"clusters": len(groups), "largest": sizes[:5],
            "clustered_documents": len({m for g in groups for m in g}),
            "clusters_spanning_two_events": sum(len({story[m] for m in g}) > 1 for g in groups)}


def suite_asprout(data: Path, errors: int) -> Result:
    from dupdetect.ingest import _parse_time  # the same time parsing as the CLI

    docs = _asprout_docs(data)
    docs = [Document(d.id, d.text, {**d.meta, "published": _parse_time(d.meta["published"])},
                     d.source) for d in docs]
    story = {d.id: d.meta["story"] for d in docs}
    t0 = time.perf_counter()
    det = Detector().fit(docs)
    wall = time.perf_counter() - t0
    clusters = det.clusters()
    by_id = {d.id: d for d in docs}
    # Origin by time (the detector's choice when times exist) vs by content (no times).
    untimed = Detector().fit([Document(d.id, d.text, {}, d.source) for d in docs])
    content_origin = {m: c.origin for c in untimed.clusters() for m in c.members
                      if c.roles[m] != "container"}
    agree = sum(content_origin.get(c.origin) == c.origin for c in clusters)
    out: Result = {
        "documents": len(docs), "candidates": det.candidates_, "pairs": len(det.pairs_),
        "relations": dict(Counter(p.relation for p in det.pairs_)),
        **_cluster_stats([list(c.members) for c in clusters], story),
        "origin_time_vs_content_agree": f"{agree}/{len(clusters)}",
        "wall_s": round(wall, 2),
    }
    thresholds, source = tuned_thresholds(data)
    t0 = time.perf_counter()
    found = bl.corpus_pairs([d.text for d in docs], thresholds)
    ids = [d.id for d in docs]
    out["baselines"] = {"thresholds": {k: _r(v, 4) for k, v in thresholds.items()},
                        "threshold_source": source}
    for m, pairs in found.items():
        groups = [[ids[i] for i in g] for g in bl.components(len(docs), pairs)]
        out["baselines"][m] = {"pairs": len(pairs), **_cluster_stats(groups, story)}
    out["baselines"]["wall_s"] = round(time.perf_counter() - t0, 2)
    res = {"dupdetect": out, **{m: out["baselines"][m] for m in found}}
    cols = ["dupdetect", *found]
    out["table"] = {"columns": ["asprout", *cols], "rows": [
        [k.replace("_", " "), *(res[m][k] for m in cols)]
        for k in ("pairs", "clusters", "largest", "clustered_documents",
                  "clusters_spanning_two_events")]
        + [["origin time vs content agree", out["origin_time_vs_content_agree"],
            *("-" for _ in found)]]}
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


def _group_recall(groups: list[list[str]], member_of: dict[str, set[str]]) -> int:
    return sum(bool(set.intersection(*(member_of[m] for m in g))) for g in groups)


def suite_exact(data: Path, errors: int) -> Result:
    out: Result = {}
    table_rows: list[list[Any]] = []
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
        needed = {tuple(sorted(x)) for g in groups for x in combinations(g, 2)}
        paired = {(p.a, p.b) for p in det.pairs_}
        hit = len(needed & paired)
        # A group counts as recalled when all its members land in one cluster.
        cluster_of: dict[str, set[str]] = defaultdict(set)
        for c in det.clusters_:
            for m in c.members:
                cluster_of[m].add(c.id)
        extra = [p for p in det.pairs_ if (p.a, p.b) not in needed]
        # Baseline: MinHashLSH at 0.5 over word 5-grams, pair = collision.
        t1 = time.perf_counter()
        ids = [d.id for d in docs]
        mh_pairs = {tuple(sorted((ids[i], ids[j])))
                    for i, j in bl.corpus_pairs([d.text for d in docs], {})["minhash"]}
        comp_of: dict[str, set[str]] = defaultdict(set)
        index = {x: i for i, x in enumerate(ids)}
        for k, g in enumerate(bl.components(len(ids), [(index[a], index[b])
                                                       for a, b in mh_pairs])):
            for i in g:
                comp_of[ids[i]].add(str(k))
        mh_wall = time.perf_counter() - t1
        mh_hit = len(needed & mh_pairs)
        out[name] = {
            "documents": len(docs), "wall_s": round(wall, 2),
            "docs_per_s": round(len(docs) / wall, 1),
            "timings_s": {k: round(v, 2) for k, v in det.timings_.items()},
            "candidates": det.candidates_, "pairs": len(det.pairs_),
            "exact_groups": len(groups), "exact_pairs": len(needed),
            "exact_pairs_found": hit, "exact_pair_recall": _r(hit / max(1, len(needed)), 4),
            "exact_groups_in_one_cluster": _group_recall(groups, cluster_of),
            "group_recall": _r(_group_recall(groups, cluster_of) / max(1, len(groups)), 4),
            "additional_pairs": len(extra),
            "additional_relations": dict(Counter(p.relation for p in extra)),
            "minhash": {"wall_s": round(mh_wall, 2), "pairs": len(mh_pairs),
                        "exact_pairs_found": mh_hit,
                        "exact_pair_recall": _r(mh_hit / max(1, len(needed)), 4),
                        "group_recall": _r(_group_recall(groups, comp_of) / max(1, len(groups)),
                                           4),
                        "additional_pairs": len(mh_pairs - needed)},
        }
        o = out[name]
        table_rows += [
            [f"{name}: exact groups / pairs", f"{len(groups)} / {len(needed)}", ""],
            [f"{name}: exact pair recall", o["exact_pair_recall"],
             o["minhash"]["exact_pair_recall"]],
            [f"{name}: groups in one cluster", o["group_recall"], o["minhash"]["group_recall"]],
            [f"{name}: additional pairs", o["additional_pairs"],
             o["minhash"]["additional_pairs"]],
            [f"{name}: wall s", o["wall_s"], o["minhash"]["wall_s"]]]
        if errors:
            rng = np.random.default_rng(0)
            pick = rng.choice(len(extra), size=min(errors, len(extra)), replace=False)
            by_id = {d.id: d for d in docs}
            o["additional_sample"] = [
                {"a": extra[i].a, "b": extra[i].b, "relation": extra[i].relation,
                 "scores": {k: _r(v) for k, v in extra[i].scores.as_dict().items()},
                 "a_text": by_id[extra[i].a].text[:100], "b_text": by_id[extra[i].b].text[:100]}
                for i in sorted(pick.tolist())]
            o["missed_exact_pairs"] = sorted(needed - paired)[:errors]
            o["minhash"]["missed_exact_pairs"] = sorted(needed - mh_pairs)[:errors]
    out["table"] = {"columns": ["exact", "dupdetect", "minhash"], "rows": table_rows}
    return out


SUITES: dict[str, tuple[str, Callable[[Path, int], Result]]] = {
    "clough": ("clough_stevenson_short_answer", suite_clough),
    "tgcontest": ("tgcontest_news_pairs", suite_tgcontest),
    "semeval": ("semeval2022_task8_testing_set", suite_semeval),
    "mrpc": ("mrpc", suite_mrpc),
    "stsb": ("stsb", suite_stsb),
    "asprout": ("asprout_story_clusters", suite_asprout),
    "exact": ("reuters21578", suite_exact),
}


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return "nan" if v != v else f"{v:.3f}"
    if isinstance(v, list):
        return ",".join(map(str, v))
    return "-" if v is None else str(v)


def format_table(table: Result) -> str:
    rows = [table["columns"], *table["rows"]]
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _line(row: Any) -> str:
    """One error or example as one line: short fields first, texts cut to 60 characters."""
    if not isinstance(row, dict):
        return json.dumps(row, ensure_ascii=False, default=str)
    parts = []
    for k, v in row.items():
        if isinstance(v, float):
            parts.append(f"{k}={v:.3f}")
        elif isinstance(v, dict):
            parts.append(f"{k}={json.dumps(v, ensure_ascii=False, default=str)}")
        elif isinstance(v, str) and len(v) > 60:
            parts.append(f"{k}={v[:60]!r}")
        else:
            parts.append(f"{k}={v}")
    return "  ".join(parts)


def _print_rows(value: Any, indent: str = "") -> None:
    """Nested dicts of lists of rows, as headings and one line per row."""
    if isinstance(value, dict):
        for k, v in value.items():
            print(f"{indent}{k}:")
            _print_rows(v, indent + "  ")
    elif isinstance(value, list):
        for row in value:
            print(f"{indent}{_line(row)}")
    else:
        print(f"{indent}{value}")


def print_text(name: str, result: Result) -> None:
    print(f"== {name}  ({result.get('suite_wall_s', 0)} s)")
    if "skipped" in result:
        print(f"skipped: {result['skipped']}\n")
        return
    if "table" in result:
        print(format_table(result["table"]))
    for key in ("threshold_source", "thresholds", "baselines", "origin_time_vs_content_agree"):
        if key in result and key != "baselines":
            print(f"{key}: {result[key]}")
    if name == "asprout":
        print(f"baseline thresholds: {result['baselines']['thresholds']} "
              f"({result['baselines']['threshold_source']})")
    for key in ("errors", "examples", "sample"):
        if key in result:
            print(f"-- {key}")
            _print_rows(result[key])
    if name == "exact" and any("additional_sample" in v for v in result.values()
                               if isinstance(v, dict)):
        for corpus, v in result.items():
            if isinstance(v, dict) and "additional_sample" in v:
                print(f"-- {corpus} additional pairs sampled / exact pairs missed")
                _print_rows({k: v[k] for k in ("additional_sample", "missed_exact_pairs")})
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of the eval data sets")
    parser.add_argument("--suite", action="append", choices=list(SUITES),
                        help="run only this suite (repeatable)")
    parser.add_argument("--errors", type=int, default=0,
                        help="show the N worst errors (and samples) per suite")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    tuned_thresholds.cache_clear()
    results: Result = {}
    t_all = time.perf_counter()
    for name in args.suite or list(SUITES):
        folder, run = SUITES[name]
        if not (args.data / folder).exists():
            results[name] = {"skipped": f"{args.data / folder} not found"}
        else:
            t0 = time.perf_counter()
            results[name] = run(args.data, args.errors)
            results[name]["suite_wall_s"] = round(time.perf_counter() - t0, 2)
        if not args.json:
            print_text(name, results[name])
            sys.stdout.flush()
    results["total_wall_s"] = round(time.perf_counter() - t_all, 2)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    else:
        print(f"total {results['total_wall_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
