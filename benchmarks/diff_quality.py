"""Quality and speed of ``dupdetect.diff`` on public data sets.

Usage::

    python benchmarks/diff_quality.py --data ../shared/eval            # markdown tables
    python benchmarks/diff_quality.py --data ../shared/eval --json     # one JSON object

Suites (each skipped with a note when its data are missing):

mrpc      MRPC test split: accuracy and F1 of ``dupdetect.diff.same_sentence`` (the diff's
          "same sentence, kept or reworded" decision; its cutoff was chosen on the MRPC *train*
          split; the default alignment cutoff 60 is reported too) against the labels, beside a
          bag-of-words baseline in the same run: token-set Jaccard at its best threshold
          *tuned on these test pairs* (optimistic for the baseline).
stsb      STS-B news pairs, per split: Spearman of ``sentence_similarity`` (the alignment
          similarity) and of ``content_similarity`` (its settings chosen on train and dev) with the
          gold scores, beside token-set Jaccard.
alarms    Translation artifacts reported on human text, per 1,000 sentences of the copy: MRPC
          paraphrases (label 1, all splits), STS-B news pairs scored >= 4, and the copies the
          Detector calls ``duplicate`` among the asprout stories (paragraphs joined by ' ### ').
speed     Median of 20 diffs of two ~1,500-word stories built from the example corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scipy.stats import spearmanr

from dupdetect import Detector, Document
from dupdetect.diff import (
    SAME_SENTENCE_CUTOFF,
    content_similarity,
    diff,
    same_sentence,
    sentence_similarity,
)

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"\w+")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def jaccard(a: str, b: str) -> float:
    sa, sb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def _acc_f1(labels: list[int], pred: list[bool]) -> tuple[float, float]:
    tp = sum(p and y for p, y in zip(pred, labels, strict=True))
    fp = sum(p and not y for p, y in zip(pred, labels, strict=True))
    fn = sum((not p) and y for p, y in zip(pred, labels, strict=True))
    acc = sum(p == bool(y) for p, y in zip(pred, labels, strict=True)) / len(labels)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return round(acc, 4), round(f1, 4)


def suite_mrpc(data: Path) -> dict[str, Any]:
    path = data / "mrpc" / "pairs.jsonl"
    if not path.exists():
        return {"skipped": f"{path} not found"}
    pairs = [p for p in read_jsonl(path) if p.get("split") == "test"]
    labels = [int(p["label"]) for p in pairs]
    pred = [same_sentence(p["text1"], p["text2"]) for p in pairs]
    pred60 = [same_sentence(p["text1"], p["text2"], cutoff=60.0) for p in pairs]
    jac = [jaccard(p["text1"], p["text2"]) for p in pairs]
    best = max(((_acc_f1(labels, [j >= t for j in jac]), t)
                for t in sorted({round(j, 3) for j in jac})), key=lambda x: x[0][0])
    acc, f1 = _acc_f1(labels, pred)
    acc60, f160 = _acc_f1(labels, pred60)
    majority = round(max(sum(labels), len(labels) - sum(labels)) / len(labels), 4)
    return {"pairs": len(pairs), "positives": sum(labels),
            "diff_same_sentence": {"accuracy": acc, "f1": f1, "cutoff": SAME_SENTENCE_CUTOFF},
            "diff_aligned_at_60": {"accuracy": acc60, "f1": f160},
            "jaccard_tuned": {"accuracy": best[0][0], "f1": best[0][1], "threshold": best[1]},
            "majority_class_accuracy": majority}


def suite_stsb(data: Path) -> dict[str, Any]:
    path = data / "stsb" / "pairs_news.jsonl"
    if not path.exists():
        return {"skipped": f"{path} not found"}
    pairs = list(read_jsonl(path))
    measures = {"sentence_similarity": sentence_similarity,
                "content_similarity": content_similarity, "jaccard": jaccard}
    out: dict[str, Any] = {"pairs": len(pairs)}
    # Per split: content_similarity's settings were chosen on train and dev; test is held out.
    for split in ("all", *sorted({p.get("split", "test") for p in pairs})):
        chosen = [p for p in pairs if split == "all" or p.get("split", "test") == split]
        gold = [float(p["score"]) for p in chosen]
        out[f"spearman_{split}"] = {
            name: round(float(spearmanr([fn(p["text1"], p["text2"]) for p in chosen],
                                        gold).statistic), 4)
            for name, fn in measures.items()}
    return out


def _alarms(pairs: list[tuple[str, str]], *, clean: bool) -> dict[str, Any]:
    sentences = 0
    kinds: Counter[str] = Counter()
    with_any = 0
    for a, b in pairs:
        d = diff(a, b, clean=clean)
        sentences += len(d.sentences_b)
        kinds.update(x.kind for x in d.artifacts)
        with_any += bool(d.artifacts)
    total = sum(kinds.values())
    return {"pairs": len(pairs), "sentences": sentences, "artifacts": total,
            "per_1000_sentences": round(1000 * total / max(1, sentences), 2),
            "pairs_with_any": with_any, "by_kind": dict(kinds.most_common())}


def suite_alarms(data: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    mrpc = data / "mrpc" / "pairs.jsonl"
    if mrpc.exists():
        out["mrpc_paraphrases"] = _alarms([(p["text1"], p["text2"]) for p in read_jsonl(mrpc)
                                           if int(p["label"]) == 1], clean=False)
    sts = data / "stsb" / "pairs_news.jsonl"
    if sts.exists():
        out["stsb_news_score_ge_4"] = _alarms([(p["text1"], p["text2"])
                                               for p in read_jsonl(sts)
                                               if float(p["score"]) >= 4.0], clean=False)
    asprout = data / "asprout_story_clusters" / "docs.jsonl"
    if asprout.exists():
        docs = [Document(str(d["id"]), d["text"].replace(" ### ", "\n"),
                         {"published": d.get("scrape_time")}) for d in read_jsonl(asprout)]
        by_id = {d.id: d for d in docs}
        pairs = [p for p in Detector().fit(docs).pairs() if p.relation == "duplicate"]
        # Earlier publication as source A when known.
        ordered = []
        for p in pairs:
            a, b = by_id[p.a], by_id[p.b]
            if a.published and b.published and b.published < a.published:
                a, b = b, a
            ordered.append((a, b))
        res = _alarms([(a.text, b.text) for a, b in ordered], clean=True)
        out["asprout_duplicates"] = res
    return out or {"skipped": "no data"}


def _speed_texts() -> tuple[str, str, int, int]:
    corpus = ROOT / "examples" / "corpus"
    names_a = ["wire-dam-flood", "wire-rail-strike", "council-budget", "wire-chess-final"]
    names_b = ["scraper-dam-flood", "wire-chess-final", "wire-rail-strike", "council-budget"]
    a = "\n".join((corpus / f"{n}.txt").read_text(encoding="utf-8") for n in names_a)
    b = "\n".join((corpus / f"{n}.txt").read_text(encoding="utf-8") for n in names_b)
    return a, b, len(a.split()), len(b.split())


def suite_speed(runs: int = 20) -> dict[str, Any]:
    a, b, wa, wb = _speed_texts()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        diff(a, b)
        times.append(time.perf_counter() - t0)
    return {"words_a": wa, "words_b": wb, "runs": runs,
            "median_ms": round(1000 * statistics.median(times), 1)}


def markdown(res: dict[str, Any]) -> str:
    lines = []
    m = res.get("mrpc", {})
    if m and "skipped" not in m:
        lines += [f"MRPC test split ({m['pairs']} pairs, {m['positives']} paraphrases; majority "
                  f"class accuracy {m['majority_class_accuracy']}):", "",
                  "| decision | accuracy | F1 |", "|---|---|---|",
                  f"| `diff.same_sentence` (cutoff {m['diff_same_sentence']['cutoff']:g}, chosen "
                  f"on the MRPC train split) | "
                  f"{m['diff_same_sentence']['accuracy']} | {m['diff_same_sentence']['f1']} |",
                  f"| aligned by `diff` at its default alignment cutoff 60 | "
                  f"{m['diff_aligned_at_60']['accuracy']} | {m['diff_aligned_at_60']['f1']} |",
                  f"| token-set Jaccard >= {m['jaccard_tuned']['threshold']} (tuned on these "
                  f"pairs) | {m['jaccard_tuned']['accuracy']} | {m['jaccard_tuned']['f1']} |", ""]
    s = res.get("stsb", {})
    if s and "skipped" not in s:
        splits = [k.removeprefix("spearman_") for k in s if k.startswith("spearman_")]
        lines += [f"STS-B news ({s['pairs']} pairs), Spearman with the gold score "
                  "(`content_similarity` was chosen on train and dev):", "",
                  "| split | `sentence_similarity` | `content_similarity` | token-set Jaccard |",
                  "|---|---|---|---|"]
        lines += [f"| {k} | " + " | ".join(str(v) for v in s[f"spearman_{k}"].values()) + " |"
                  for k in splits]
        lines.append("")
    al = res.get("alarms", {})
    if al and "skipped" not in al:
        lines += ["Translation artifacts on human text (false alarms):", "",
                  "| text | pairs | sentences (B) | artifacts | per 1,000 sentences | by kind |",
                  "|---|---|---|---|---|---|"]
        for name, r in al.items():
            kinds = ", ".join(f"{k} {v}" for k, v in r["by_kind"].items()) or "-"
            lines.append(f"| {name} | {r['pairs']} | {r['sentences']} | {r['artifacts']} | "
                         f"{r['per_1000_sentences']} | {kinds} |")
        lines.append("")
    sp = res.get("speed")
    if sp:
        lines += [f"Speed: diff of two stories of {sp['words_a']} and {sp['words_b']} words, "
                  f"median of {sp['runs']} runs: {sp['median_ms']} ms.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--suite", choices=["mrpc", "stsb", "alarms", "speed"], action="append")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args(argv)
    suites = args.suite or ["mrpc", "stsb", "alarms", "speed"]
    res: dict[str, Any] = {}
    for name in suites:
        t0 = time.perf_counter()
        res[name] = suite_speed() if name == "speed" else globals()[f"suite_{name}"](args.data)
        print(f"{name}: {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    print(json.dumps(res, indent=2) if args.json else markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
