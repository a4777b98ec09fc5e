"""Renderers of results: text for people, JSON / JSON Lines / CSV for machines."""

from __future__ import annotations

from .structured import clusters_csv, pairs_csv, to_json, to_jsonl
from .text import clusters_text, pairs_text

__all__ = ["FORMATS", "clusters_csv", "clusters_text", "pairs_csv", "pairs_text", "render",
           "to_json", "to_jsonl"]

FORMATS = ("text", "json", "jsonl", "csv")


def render(result: dict, *, what: str, fmt: str, color: bool = False) -> str:
    """Render a result dict (``Detector.to_dict()``) as ``what`` ("clusters"/"pairs") in ``fmt``."""
    if fmt == "json":
        return to_json(result if what == "clusters" else
                       {k: result[k] for k in ("documents", "pairs", "skipped")})
    if fmt == "jsonl":
        return to_jsonl(result["clusters"] if what == "clusters" else result["pairs"])
    if fmt == "csv":
        return clusters_csv(result) if what == "clusters" else pairs_csv(result)
    return clusters_text(result, color=color) if what == "clusters" else pairs_text(result)
