"""A self-contained side-by-side HTML page of a diff (inline CSS, no scripts, no URLs)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..diff import Diff

__all__ = ["diff_html"]

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{vertical-align:top;padding:.35em .6em;border-bottom:1px solid #ddd}
th{text-align:left;background:#f4f4f4}
td.op{width:6em;font-size:.8em;color:#555}
tr.removed td.a{background:#fde7e7} tr.added td.b{background:#e5f6e5}
tr.reworded td{background:#fffbe6}
del{background:#f6b8b8;text-decoration:line-through} ins{background:#b9e8b9;text-decoration:none}
mark.art{background:#e7c6f5;border-bottom:2px solid #8e3fb5}
.kind{font-size:.75em;color:#8e3fb5;margin-left:.4em}
.summary{margin:.5em 0 1em} ul.arts li{margin:.2em 0}
"""


def _paint(text: str, offset: int, marks: list[tuple[int, int, str, str]]) -> str:
    """Escape ``text`` (which starts at ``offset``), wrapping each mark's span in its tag."""
    out: list[str] = []
    pos = 0
    for start, end, tag, title in sorted(marks):
        s, e = start - offset, end - offset
        if s < pos or e > len(text) or s < 0:
            continue
        out.append(escape(text[pos:s]))
        attr = f' title="{escape(title)}"' if title else ""
        cls = ' class="art"' if tag == "mark" else ""
        out.append(f"<{tag}{cls}{attr}>{escape(text[s:e])}</{tag}>")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def diff_html(d: Diff) -> str:
    """The diff as one HTML page: A on the left, B on the right, changes and artifacts marked."""
    rows: list[str] = []
    for al in d.alignment:
        if al.a_index:
            s0, s1 = d.sentences_a[al.a_index[0]].start, d.sentences_a[al.a_index[-1]].end
            marks = [(c.a_span[0], c.a_span[1], "del", c.kind) for c in al.changes
                     if c.a_span[1] > c.a_span[0]]
            left = _paint(d.text_a[s0:s1], s0, marks)
        else:
            left = ""
        if al.b_index:
            s0, s1 = d.sentences_b[al.b_index[0]].start, d.sentences_b[al.b_index[-1]].end
            marks = [(c.b_span[0], c.b_span[1], "ins", c.kind) for c in al.changes
                     if c.b_span[1] > c.b_span[0]]
            taken = [(m[0], m[1]) for m in marks]
            marks += [(a.span[0], a.span[1], "mark", f"{a.kind}: {a.evidence}")
                      for a in d.artifacts if s0 <= a.span[0] and a.span[1] <= s1
                      and not any(x < a.span[1] and a.span[0] < y for x, y in taken)]
            right = _paint(d.text_b[s0:s1], s0, marks)
        else:
            right = ""
        kinds = sorted({c.kind for c in al.changes})
        label = escape(al.op) + "".join(f'<span class="kind">{escape(k)}</span>' for k in kinds)
        rows.append(f'<tr class="{escape(al.op)}"><td class="op">{label}</td>'
                    f'<td class="a">{left}</td><td class="b">{right}</td></tr>')
    arts = "".join(
        f"<li><b>{escape(a.kind)}</b> ({escape(a.severity)}) “{escape(a.text)}” "
        f"at {a.span[0]}–{a.span[1]}: {escape(a.evidence)}</li>" for a in d.artifacts)
    title = f"dupdetect diff: {d.a} vs {d.b}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="summary">{d.coverage_a:.0%} of A aligned in B, {d.coverage_b:.0%} of B in A;'
        f" translation damage {d.translation_score:.2f}; {len(d.artifacts)} artifacts.</p>"
        f"<table><thead><tr><th></th><th>{escape(d.a)}</th><th>{escape(d.b)}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        + (f'<h2>Translation artifacts in {escape(d.b)}</h2><ul class="arts">{arts}</ul>'
           if arts else "")
        + "</body></html>\n"
    )
