"""What changed between two versions of a story.

For now this module measures machine-translation damage in a copy relative to its source, which
the pipeline uses to call a rewrite ``translated``: words or phrases doubled at a sentence end or
across a sentence boundary, missing spaces around quotation marks and sentence punctuation, and
names respelled (a capitalised word of the copy that the source does not have, close in spelling
to one it has, with the same first letter and not a mere inflection such as Russia/Russian).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .align import close_matches, split_sentences

__all__ = ["Damage", "translation_damage"]

_DOUBLED_END = re.compile(r"\b(\w+(?:\s+\w+){0,3})[\s,]+\1[.!?…]*[\"'”’»)]*$", re.IGNORECASE)
_SPACING = re.compile(r"(?:\w[\"“”]\w)|(?:[a-z]{2}[.!?;:,][A-Z][a-z])")
_NAME = re.compile(r"[A-Z][a-z'’]+(?:[A-Z][a-z]+)?")
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s?$")
#: Artifacts per this many sentences of the copy weigh as one in the score.
_SENTENCES_PER_UNIT = 25


@dataclass(frozen=True, slots=True)
class Damage:
    """Translation artifacts found in a copy, and the overall score in [0, 1]."""

    doubled: int
    spacing: int
    name_variants: tuple[tuple[str, str], ...]
    sentences: int = 1

    @property
    def count(self) -> int:
        return self.doubled + self.spacing + len(self.name_variants)

    @property
    def score(self) -> float:
        """``1 - exp(-density / 3)`` with density = artifacts per 25 sentences (at least 1)."""
        density = self.count / max(1.0, self.sentences / _SENTENCES_PER_UNIT)
        return 1.0 - math.exp(-density / 3.0)


def _doubled(sentences: Sequence[str]) -> int:
    """Words or phrases doubled at a sentence end, or repeated across a sentence boundary."""
    count = sum(1 for s in sentences if _DOUBLED_END.search(s))
    words = [[w.lower() for w in _WORD.findall(s)] for s in sentences]
    for prev, nxt in pairwise(words):
        for k in range(min(4, len(prev), len(nxt)), 0, -1):
            if prev[-k:] == nxt[:k] and (k > 1 or len(prev[-1]) > 3):
                count += 1
                break
    return count


def _names(sentences: Sequence[str]) -> set[str]:
    """Capitalised words that do not start their sentence, possessives stripped."""
    out: set[str] = set()
    for s in sentences:
        for m in _NAME.finditer(s):
            if m.start() > 0 and s[: m.start()].strip():
                out.add(_POSSESSIVE.sub("", m.group()))
    return out


def _respelled(word: str, other: str) -> bool:
    w, o = word.lower(), other.lower()
    return (len(w) >= 4 and len(o) >= 4 and w[0] == o[0]
            and not w.startswith(o) and not o.startswith(w))


def translation_damage(source: str | Sequence[str], copy: str | Sequence[str]) -> Damage:
    """Machine-translation artifacts in ``copy`` that ``source`` does not have.

    Each text is given whole (one paragraph per line) or already split into sentences.

    Examples
    --------
    >>> d = translation_damage("Governor Vaarandi said the dam held.",
    ...                        'Governor Varandi said"the dam held held.')
    >>> d.doubled, d.spacing, d.name_variants
    (1, 1, (('Varandi', 'Vaarandi'),))
    """
    src = [s.text for s in split_sentences(source)] if isinstance(source, str) else list(source)
    cpy = [s.text for s in split_sentences(copy)] if isinstance(copy, str) else list(copy)
    doubled = max(0, _doubled(cpy) - _doubled(src))
    spacing = max(0, sum(len(_SPACING.findall(s)) for s in cpy)
                  - sum(len(_SPACING.findall(s)) for s in src))
    source_names = sorted(_names(src))
    new_names = sorted(_names(cpy) - set(source_names))
    variants = tuple((w, m) for w, m, _ in close_matches(new_names, source_names, cutoff=80)
                     if _respelled(w, m))
    return Damage(doubled=doubled, spacing=spacing, name_variants=variants,
                  sentences=len(cpy))
