"""A diff for the terminal: one block per alignment, word changes marked inline.

Removed words are shown ``[-like this-]`` and added ones ``{+like this+}``; with colour, removed
text is red, added green, reworded sentences yellow and artifacts magenta.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..diff import Alignment, Diff

__all__ = ["diff_text"]

_COLORS = {"kept": "", "reworded": "33", "removed": "31", "added": "32"}
_MARK = {"kept": "=", "reworded": "~", "removed": "-", "added": "+"}
_OPEN = {"[-": "31", "{+": "32", "<<": "35"}
_CLOSE = ("-]", "+}", ">>")


def _marked(d: Diff, al: Alignment) -> str:
    """B's sentence with A's words: removed in ``[-...-]``, added in ``{+...+}``."""
    if not al.changes:
        return al.b_text
    start_b = d.sentences_b[al.b_index[0]].start
    end_b = d.sentences_b[al.b_index[-1]].end
    out: list[str] = []
    pos = start_b
    for c in sorted(al.changes, key=lambda c: c.b_span):
        out.append(d.text_b[pos:c.b_span[0]])
        if c.a_text:
            out.append(f"[-{c.a_text}-]")
        if c.b_text:
            out.append(f"{{+{c.b_text}+}}")
        pos = max(pos, c.b_span[1])
    out.append(d.text_b[pos:end_b])
    return "".join(out).replace("\n", " ")


def _colorize(lines: list[str]) -> list[str]:
    """Colour the inline markers, closing and reopening the colour at line ends."""
    out: list[str] = []
    active = ""
    for line in lines:
        buf = [f"\x1b[{active}m"] if active else []
        i = 0
        while i < len(line):
            two = line[i:i + 2]
            if two in _OPEN:
                active = _OPEN[two]
                buf.append(f"\x1b[{active}m{two}")
                i += 2
            elif two in _CLOSE:
                buf.append(f"{two}\x1b[0m")
                active = ""
                i += 2
            else:
                buf.append(line[i])
                i += 1
        if active:
            buf.append("\x1b[0m")
        out.append("".join(buf))
    return out


def diff_text(d: Diff, *, color: bool = False, width: int = 100,
              context: int | None = None) -> str:
    """Render a :class:`~dupdetect.diff.Diff` for a terminal.

    ``width`` wraps the lines; ``context`` keeps only changed sentences and that many unchanged
    ones around each (``None``: all).
    """
    width = max(20, width)
    counts = {op: sum(1 for a in d.alignment if a.op == op)
              for op in ("kept", "reworded", "removed", "added")}
    lines = textwrap.wrap(f"{d.a} -> {d.b}: {d.coverage_a:.0%} of A aligned in B, "
                          f"{d.coverage_b:.0%} of B in A; translation damage "
                          f"{d.translation_score:.2f}", width=width, subsequent_indent="    ")
    lines.append("  ".join(f"{n} {op}" for op, n in counts.items()))
    show = [True] * len(d.alignment)
    if context is not None:
        changed = [a.op != "kept" for a in d.alignment]
        show = [any(changed[max(0, k - context):k + context + 1])
                for k in range(len(d.alignment))]
    wrap = textwrap.TextWrapper(width=width, initial_indent="", subsequent_indent="    ",
                                break_on_hyphens=False)
    skipped = 0
    for al, keep in zip(d.alignment, show, strict=True):
        if not keep:
            skipped += 1
            continue
        if skipped:
            lines.append(f"  ... {skipped} unchanged sentence{'s' if skipped > 1 else ''}")
            skipped = 0
        mark = _MARK[al.op]
        if al.op == "reworded":
            body = _marked(d, al)
            kinds = sorted({c.kind for c in al.changes} - {"wording"})
            note = f"  ({', '.join(kinds)})" if kinds else ""
            block = wrap.wrap(f"{mark} [{al.similarity:.0%}]{note} {body}")
        else:
            block = wrap.wrap(f"{mark} {al.a_text or al.b_text}")
        if color:
            block = _colorize(block)
            code = _COLORS[al.op]
            if code and block:
                block[0] = f"\x1b[{code}m{mark}\x1b[0m{block[0][1:]}"
        lines.extend(block)
    if skipped:
        lines.append(f"  ... {skipped} unchanged sentence{'s' if skipped > 1 else ''}")
    if d.artifacts:
        lines.append("")
        lines.append(f"{len(d.artifacts)} translation artifact"
                     f"{'s' if len(d.artifacts) != 1 else ''} in {d.b}:")
        for art in d.artifacts:
            text = f"<<{art.text}>>"
            row = wrap.wrap(f"! {art.kind} ({art.severity}) at {art.span[0]}-{art.span[1]}: "
                            f"{text} - {art.evidence}")
            lines.extend(_colorize(row) if color else row)
    return "\n".join(lines) + "\n"
