"""JSON, JSON Lines and CSV renderings of a result dict."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

__all__ = ["clusters_csv", "pairs_csv", "to_json", "to_jsonl"]

_SCORE_FIELDS = ("cosine", "jaccard", "containment_a", "containment_b", "coverage_a",
                 "coverage_b")


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    return obj


def to_json(obj: Any) -> str:
    """Indented JSON, floats rounded to 4 places, keys in a stable order."""
    return json.dumps(_round(obj), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(items: Iterable[Any]) -> str:
    """One compact JSON object per line."""
    return "".join(json.dumps(_round(item), ensure_ascii=False) + "\n" for item in items)


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def clusters_csv(result: dict) -> str:
    """One row per cluster member: cluster, document, role, origin."""
    rows = ([c["id"], m, c["roles"][m], c["origin"]] for c in result["clusters"]
            for m in c["members"])
    return _csv(["cluster", "document", "role", "origin"], rows)


def pairs_csv(result: dict) -> str:
    """One row per confirmed pair with its relation and scores."""
    rows = ([p["a"], p["b"], p["relation"], p["contained"] or ""]
            + [f"{p['scores'][f]:.4f}" for f in _SCORE_FIELDS] for p in result["pairs"])
    return _csv(["a", "b", "relation", "contained", *_SCORE_FIELDS], rows)
