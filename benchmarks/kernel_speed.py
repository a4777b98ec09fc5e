"""The compiled kernels (``dupdetect/kernels.py``) against their numpy twins, in one process.

Usage::

    python benchmarks/kernel_speed.py                 # 2,000 synthetic stories, median of 5 runs
    python benchmarks/kernel_speed.py --n 5000 --repeat 7 --json

Each step of the sketching pass, and the sentence splitting and keys of the score stage, is
timed twice on the same batch of seeded synthetic stories (``benchmarks/synthetic.py``): with
its kernel, and with the kernel set to ``None`` so that the twin runs (numpy, or for sentences
the regex and string code: what a machine without numba gets). The outputs are checked equal.
Kernels are compiled (or loaded from numba's cache) before timing. Also timed: ``normalize``
with and without its shortcut for ASCII text that is already spaced the normalised way (the
test for that, ``spaced``, is a kernel too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

import dupdetect.normalize as normalize_module
from dupdetect import kernels
from dupdetect.align import sentence_keys, split_sentences
from dupdetect.candidates import winnow
from dupdetect.normalize import normalize
from dupdetect.shingle import scan, shingle_hashes_many
from dupdetect.signature import MinHasher


def _median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def _both(name: str, fn: Callable[[], Any], repeat: int, equal: Callable[[Any, Any], bool],
          per: float, unit: str, scale: float) -> dict[str, Any]:
    """Time ``fn`` with the kernel ``name`` and with its numpy twin; check the outputs equal."""
    kernel = getattr(kernels, name)
    fast, out_fast = _median_time(fn, repeat)
    setattr(kernels, name, None)
    try:
        slow, out_slow = _median_time(fn, repeat)
    finally:
        setattr(kernels, name, kernel)
    if not equal(out_fast, out_slow):
        raise AssertionError(f"{name}: the kernel and its numpy twin disagree")
    return {"kernel": round(fast / per * scale, 3), "numpy": round(slow / per * scale, 3),
            "unit": unit, "speedup": round(slow / fast, 1)}


def _arrays_equal(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        return all(_arrays_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(np.array_equal(a, b))


def measure(n: int, repeat: int) -> dict[str, Any]:
    texts = [d["text"] for d in synthetic.generate(n, seed=0)]
    kernels.warm()
    norm = [normalize(t) for t in texts]
    toks = scan(norm)
    shingles, bounds = shingle_hashes_many(toks.hashes, toks.bounds, 5)
    hasher = MinHasher(num_perm=128, seed=1)
    cells = len(shingles) * 128
    out: dict[str, Any] = {"stories": n, "mean_words": round(len(toks.hashes) / n, 1),
                           "repeat": repeat}
    out["tokens (scan)"] = _both(
        "tokens", lambda: scan(norm), repeat,
        lambda a, b: _arrays_equal((a.hashes, a.bounds, a.starts, a.ends, a.has_digit),
                                   (b.hashes, b.bounds, b.starts, b.ends, b.has_digit)),
        n, "us per story", 1e6)
    out["minima (MinHash, 128 permutations of the 5-gram shingles)"] = _both(
        "minima", lambda: hasher.signatures(shingles, bounds), repeat, _arrays_equal,
        cells, "ns per shingle x permutation", 1e9)
    out["winnow (windows of 40 shingles)"] = _both(
        "winnow", lambda: winnow(shingles, bounds, 40), repeat, _arrays_equal,
        n, "us per story", 1e6)
    out["sentences (split_sentences of ASCII text)"] = _both(
        "sentences", lambda: [split_sentences(t) for t in texts], repeat,
        lambda a, b: a == b, n, "us per story", 1e6)
    sentences = [split_sentences(t) for t in texts]
    out["key_words (sentence_keys of ASCII text)"] = _both(
        "key_words", lambda: [sentence_keys(t, s) for t, s in zip(texts, sentences, strict=True)],
        repeat, lambda a, b: a == b, n, "us per story", 1e6)
    out["spaced (whether ASCII text is spaced the normalised way)"] = _both(
        "spaced", lambda: [normalize_module._spaced(t) for t in texts], repeat,
        lambda a, b: a == b, n, "us per story", 1e6)
    shortcut, _ = _median_time(lambda: [normalize(t) for t in texts], repeat)
    original = normalize_module._spaced
    normalize_module._spaced = lambda text: False
    try:
        full, _ = _median_time(lambda: [normalize(t) for t in texts], repeat)
    finally:
        normalize_module._spaced = original
    out["normalize (shortcut for spaced ASCII)"] = {
        "kernel": round(shortcut / n * 1e6, 3), "numpy": round(full / n * 1e6, 3),
        "unit": "us per story (shortcut / line by line)", "speedup": round(full / shortcut, 1)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="synthetic stories (default 2000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)
    if kernels.minima is None:
        print("numba is not installed: nothing to compare", file=sys.stderr)
        return 1
    result = measure(args.n, args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['stories']} stories of {result['mean_words']} words on average, "
          f"median of {result['repeat']} runs")
    print(f"{'step':58s} {'kernel':>10s} {'numpy':>10s} {'x':>6s}  unit")
    for name, row in result.items():
        if isinstance(row, dict):
            print(f"{name:58s} {row['kernel']:10.3f} {row['numpy']:10.3f} "
                  f"{row['speedup']:6.1f}  {row['unit']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
