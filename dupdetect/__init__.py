"""dupdetect: find duplicate and near-duplicate news stories and show what changed.

Examples
--------
>>> import dupdetect
>>> corpus = dupdetect.load("examples/corpus")  # doctest: +SKIP
>>> for cluster in dupdetect.Detector().fit(corpus).clusters():  # doctest: +SKIP
...     print(cluster.origin, cluster.roles)
"""

from importlib.metadata import PackageNotFoundError, version

from .diff import Alignment, Artifact, Change, Diff, diff
from .errors import (
    DupdetectError,
    IndexMismatchError,
    InputError,
    InputWarning,
    InvalidParameterError,
    NotFittedError,
)
from .ingest import iter_load, load
from .models import Cluster, Corpus, Document, Pair, Scores, Skipped
from .pipeline import Detector, find_duplicates, signatures

try:
    __version__ = version("dupdetect")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Alignment",
    "Artifact",
    "Change",
    "Cluster",
    "Corpus",
    "Detector",
    "Diff",
    "Document",
    "DupdetectError",
    "IndexMismatchError",
    "InputError",
    "InputWarning",
    "InvalidParameterError",
    "NotFittedError",
    "Pair",
    "Scores",
    "Skipped",
    "__version__",
    "diff",
    "find_duplicates",
    "iter_load",
    "load",
    "signatures",
]
