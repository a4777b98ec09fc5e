"""dupdetect in a few lines: load the example corpus, find the story clusters, inspect a pair.

Run from the repository root::

    python examples/quickstart.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import dupdetect


def main(corpus: Path) -> int:
    docs = dupdetect.load(corpus)  # a Corpus: .documents and .skipped
    detector = dupdetect.Detector().fit(docs)

    for cluster in detector.clusters():
        print(f"{cluster.id}: origin {cluster.origin}")
        for member in cluster.members:
            print(f"    {cluster.roles[member]:<10} {member}")

    # Every confirmed pair carries exact scores; 'contains' also says which story is inside.
    for pair in detector.pairs():
        if pair.relation in ("translated", "contains"):
            s = pair.scores
            inside = f" ({pair.contained} contained)" if pair.contained else ""
            print(f"{pair.a} ~ {pair.b}: {pair.relation}{inside}, 5-gram Jaccard "
                  f"{s.jaccard:.2f}, aligned {s.coverage_a:.0%}/{s.coverage_b:.0%}")

    # Two texts can also be compared directly, without a corpus.
    by_id = {d.id: d for d in docs}
    c = dupdetect.Detector().compare(by_id["wire-dam-flood"], by_id["bna-dam-flood"])
    print(f"same topic, other agency: cosine {c.scores.cosine:.2f}, relation {c.relation}")
    return 0


if __name__ == "__main__":
    here = Path(__file__).resolve().parent / "corpus"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else here))
