"""What changed between two versions of a story.

For now this module measures machine-translation damage in a copy relative to its source, which
the pipeline uses to call a rewrite ``translated``: doubled words or phrases, missing spaces
around quotation marks and sentence punctuation, and names spelled differently from the source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .align import close_matches

__all__ = ["Damage", "translation_damage"]

_DOUBLED = re.compile(r"\b(\w+(?:\s+\w+){0,3})[\s.,;:!?]+\1\b", re.IGNORECASE)
_SPACING = re.compile(r"(?:\w[\"“”]\w)|(?:[a-z]{2}[.!?;:,][A-Z][a-z])")
_NAME = re.compile(r"\b[A-Z][\w'-]{3,}")


@dataclass(frozen=True, slots=True)
class Damage:
    """Counts of translation artifacts found in a copy, and the overall score in [0, 1]."""

    doubled: int
    spacing: int
    name_variants: tuple[tuple[str, str], ...]

    @property
    def count(self) -> int:
        return self.doubled + self.spacing + len(self.name_variants)

    @property
    def score(self) -> float:
        return 1.0 - math.exp(-self.count / 2.5)


def _doubled(text: str) -> int:
    return sum(1 for m in _DOUBLED.finditer(text) if len(m.group(1)) > 1)


def translation_damage(source: str, copy: str) -> Damage:
    """Machine-translation artifacts in ``copy`` that ``source`` does not have.

    Examples
    --------
    >>> d = translation_damage("Governor Vaarandi said the dam held.",
    ...                        "Governor Varandi said\\"the dam held the dam held.")
    >>> d.doubled, d.spacing, d.name_variants
    (1, 1, (('Varandi', 'Vaarandi'),))
    """
    doubled = max(0, _doubled(copy) - _doubled(source))
    spacing = max(0, len(_SPACING.findall(copy)) - len(_SPACING.findall(source)))
    source_names = sorted(set(_NAME.findall(source)))
    new_names = sorted(set(_NAME.findall(copy)) - set(source_names))
    variants = tuple((w, m) for w, m, _ in close_matches(new_names, source_names, cutoff=80))
    return Damage(doubled=doubled, spacing=spacing, name_variants=variants)
