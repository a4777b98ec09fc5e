"""Where the score stage's time goes: CPU per component and per relation.

The score stage (preparing each candidate story, aligning the sentences of each candidate pair,
checking rewrites for translation damage) takes most of the end-to-end time (``speed.py``).
This runs ``Detector(jobs=1)`` over a corpus with the score stage's steps timed where the
pipeline calls them, and prints:

* each step's own CPU time (time inside a timed step that a nested timed step took is counted
  once, in the nested one), its share of the stage, its calls and its cost per call;
* the CPU of each pair by the relation it got (``gate``: rejected by the cheap scores without
  sentence work; ``short``: the longer story has fewer words than a relation needs in
  common, rejected without alignment; ``lead``: neither lead can have a counterpart, rejected
  after the lead check; ``rejected``: scored in full, no relation), sentence
  views built for the pair included, story preparation not.

Usage::

    python benchmarks/score_profile.py --n 100000            # the synthetic corpus (cached)
    python benchmarks/score_profile.py --corpus FILE [--limit N] [--json]

One process: the figures are CPU seconds of one core, and the timers add a little to each
call. Read the shares, not the wall time (``speed.py`` measures that).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

#: The steps timed: (name, attribute of ``dupdetect.batches`` the score stage calls).
STEPS = (
    ("clean", "prepare_text"),
    ("split sentences", "split_sentences"),
    ("sentence keys", "sentence_keys"),
    ("set overlap", "set_overlap"),
    ("lead check", "could_match"),
    ("alignment", "score_pair"),
    ("translation check", "translation_scores"),
    ("figures", "figures_kept"),
    ("tf-idf rows", "tfidf_rows"),
)


class _Clock:
    """Exclusive CPU time per step: a step's time less that of the timed steps inside it."""

    def __init__(self) -> None:
        self.own: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._inner: list[float] = []
        #: Counting only inside the score stage (pass 1 cleans some short texts too).
        self.active = False

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.active:
                return fn(*args, **kwargs)
            start = time.process_time()
            self._inner.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                inner = self._inner.pop()
                self.own[name] += spent - inner
                self.calls[name] += 1
                if self._inner:
                    self._inner[-1] += spent
        return timed


def profile(documents: Iterator[Any]) -> dict[str, Any]:
    """Fit a one-process Detector on ``documents`` with the score stage's steps timed."""
    import dupdetect
    from dupdetect import batches, pipeline

    clock = _Clock()
    saved = {attr: getattr(batches, attr) for _, attr in STEPS}
    saved_many = batches.CandidateDoc.__dict__["many"]
    saved_compare, saved_batch = batches.compare_docs, batches.score_batch
    by_relation: defaultdict[str, float] = defaultdict(float)
    pairs: Counter[str] = Counter()

    def gated(c: Any) -> bool:
        # Rejected by the cheap scores, without sentence work (batches.compare_docs).
        s = c.scores
        return (max(s.containment_a, s.containment_b) < dupdetect.score.FUZZY_MIN_CONTAINMENT
                and s.cosine < dupdetect.score.FUZZY_MIN_COSINE)

    compare_timed = clock.wrap("pair (rest)", saved_compare)

    lead_timed = clock.wrap("lead check", saved["could_match"])
    no_lead = [False]

    def could_match(*args: Any, **kwargs: Any) -> Any:
        found = lead_timed(*args, **kwargs)
        no_lead[0] = not found
        return found

    def compare(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        no_lead[0] = False
        c = compare_timed(*args, **kwargs)
        kind = c.relation or ("gate" if gated(c) else
                              "short" if batches.too_short(args[0], args[1], args[3])
                              else "lead" if no_lead[0] else "rejected")
        by_relation[kind] += time.process_time() - start
        pairs[kind] += 1
        return c

    try:
        for name, attr in STEPS:
            setattr(batches, attr, clock.wrap(name, saved[attr]))
        batches.CandidateDoc.many = classmethod(  # type: ignore[method-assign,assignment]
            clock.wrap("prepare (rest: words, shingles, terms)", saved_many.__func__))
        batches.could_match = could_match
        batches.compare_docs = compare
        batch_timed = clock.wrap("batch (rest)", saved_batch)

        def score_batch(work: Any) -> Any:
            clock.active = True
            try:
                return batch_timed(work)
            finally:
                clock.active = False

        batches.score_batch = score_batch
        pipeline.score_batch = batches.score_batch
        start = time.perf_counter()
        det = dupdetect.Detector(jobs=1).fit(documents)
        wall = time.perf_counter() - start
    finally:
        for _, attr in STEPS:
            setattr(batches, attr, saved[attr])
        batches.CandidateDoc.many = saved_many
        batches.compare_docs, batches.score_batch = saved_compare, saved_batch
        pipeline.score_batch = saved_batch
    total = sum(clock.own.values())
    return {
        "documents": len(det.ids_),
        "candidates": det.candidates_,
        "pairs": len(det.pairs_),
        "wall_s": round(wall, 2),
        "stages_s": {k: round(v, 2) for k, v in det.timings_.items()},
        "score_cpu_s": round(total, 2),
        "steps": {name: {"cpu_s": round(t, 2), "share": round(t / total, 4) if total else 0.0,
                         "calls": clock.calls[name],
                         "ms_per_call": round(1000 * t / clock.calls[name], 3)}
                  for name, t in sorted(clock.own.items(), key=lambda kv: -kv[1])},
        "relations": {kind: {"pairs": pairs[kind], "cpu_s": round(t, 2),
                             "ms_per_pair": round(1000 * t / pairs[kind], 3)}
                      for kind, t in sorted(by_relation.items(), key=lambda kv: -kv[1])},
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['documents']:,} documents, {result['candidates']:,} candidates, "
          f"{result['pairs']:,} pairs; score stage {result['score_cpu_s']:.1f} s of CPU "
          f"(one process); stages (s): "
          + ", ".join(f"{k} {v:.1f}" for k, v in result["stages_s"].items()))
    print(f"{'step':40} {'CPU s':>8} {'share':>7} {'calls':>9} {'ms/call':>9}")
    for name, row in result["steps"].items():
        print(f"{name:40} {row['cpu_s']:8.1f} {row['share']:7.1%} {row['calls']:9,} "
              f"{row['ms_per_call']:9.3f}")
    print("by relation (the pair's own work and the sentence views it built):")
    for kind, row in result["relations"].items():
        print(f"  {kind:10} {row['pairs']:8,} pairs {row['cpu_s']:8.1f} s "
              f"{row['ms_per_pair']:8.2f} ms/pair")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="synthetic corpus size")
    ap.add_argument("--corpus", type=Path, help="a JSONL file with id/text instead")
    ap.add_argument("--limit", type=int, help="read only the first LIMIT records")
    ap.add_argument("--seed", type=int, default=0, help="synthetic corpus seed")
    ap.add_argument("--cache", type=Path, default=synthetic.default_cache(),
                    help="folder of generated corpora")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = ap.parse_args(argv)
    import dupdetect

    path = args.corpus or synthetic.cached_corpus(args.n, args.seed, cache_dir=args.cache)
    documents = dupdetect.iter_load(path)
    result = profile(islice(documents, args.limit) if args.limit else documents)
    result["corpus"] = str(path)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
