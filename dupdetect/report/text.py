"""Plain-text renderings meant for a person reading a terminal."""

from __future__ import annotations

from typing import Any

__all__ = ["clusters_text", "pairs_text"]

_ROLE_COLORS = {"origin": "1", "duplicate": "32", "rewrite": "33", "translated": "35",
                "container": "36"}


def _pct(x: float) -> str:
    return f"{round(100 * x):d}%"


def _pair_index(result: dict) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["a"], p["b"]): p for p in result["pairs"]}


def _shared(pair: dict[str, Any], member: str, origin: str) -> str:
    """How much of each story the other holds, from the member's point of view."""
    s = pair["scores"]
    side_m, side_o = ("a", "b") if pair["a"] == member else ("b", "a")
    held_m = max(s[f"containment_{side_m}"], s[f"coverage_{side_m}"])
    held_o = max(s[f"containment_{side_o}"], s[f"coverage_{side_o}"])
    verbatim = s[f"containment_{side_o}"]
    return (f"holds {_pct(held_o)} of the origin ({_pct(verbatim)} verbatim); "
            f"{_pct(held_m)} of this copy comes from it")


def clusters_text(result: dict, *, color: bool = False) -> str:
    """Clusters, each with its origin and every copy's relation and shared-text shares."""
    index = _pair_index(result)
    clusters = result["clusters"]
    lines = [f"{len(clusters)} cluster{'s' if len(clusters) != 1 else ''} among "
             f"{result['documents']} documents"
             + (f" ({len(result['skipped'])} skipped)" if result["skipped"] else "")]
    width = max((len(m) for c in clusters for m in c["members"]), default=10)
    for c in clusters:
        origin = c["origin"]
        lines.append("")
        lines.append(f"{c['id']}  {len(c['members'])} documents, origin {origin}")
        for m in c["members"]:
            role = c["roles"][m]
            label = f"{role:<10}"
            if color:
                label = f"\x1b[{_ROLE_COLORS.get(role, '0')}m{label}\x1b[0m"
            if m == origin:
                lines.append(f"  {label} {m}")
                continue
            pair = index.get((min(m, origin), max(m, origin)))
            detail = _shared(pair, m, origin) if pair else "linked through a duplicate"
            lines.append(f"  {label} {m:<{width}}  {detail}")
    return "\n".join(lines) + "\n"


def pairs_text(result: dict) -> str:
    """One line per confirmed pair: relation, ids and the main scores."""
    lines = [f"{len(result['pairs'])} pairs among {result['documents']} documents"]
    for p in result["pairs"]:
        s = p["scores"]
        rel = p["relation"] + (f" ({p['contained']} contained)" if p["contained"] else "")
        lines.append(
            f"{p['a']}  {p['b']}  {rel}  cosine {s['cosine']:.2f}  jaccard {s['jaccard']:.2f}  "
            f"containment {s['containment_a']:.2f}/{s['containment_b']:.2f}  "
            f"coverage {s['coverage_a']:.2f}/{s['coverage_b']:.2f}")
    return "\n".join(lines) + "\n"
