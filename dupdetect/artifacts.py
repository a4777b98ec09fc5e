"""Machine-translation artifacts: damage in a copy B that its source A does not have.

:func:`find_artifacts` looks in B for ``name_variant``, ``transliteration`` (see
:data:`TRANSLITERATIONS`), ``doubled_word``, ``spacing``, ``fragment`` and ``word_order``
artifacts; :func:`translation_score` sums them up in [0, 1]. :func:`dupdetect.diff.diff` calls
both on the cleaned texts, so every span indexes ``Diff.text_b``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal, Protocol

from .align import (
    WORD,
    Sentence,
    common_subsequence,
    normalized_key,
    sentence_key,
    spans_of,
    spelling_similarity,
)

__all__ = [
    "ARTIFACT_KINDS",
    "TRANSLITERATIONS",
    "Artifact",
    "find_artifacts",
    "translation_score",
]

ARTIFACT_KINDS: tuple[str, ...] = ("name_variant", "transliteration", "doubled_word", "spacing",
                                   "fragment", "word_order")
Severity = Literal["low", "medium", "high"]
_SEVERITY_WEIGHT = {"low": 0.5, "medium": 1.0, "high": 1.5}

#: Old and new romanisations of place and person names (either spelling maps to the other).
#: Extend it in place, or pass ``transliterations=`` to :func:`dupdetect.diff.diff`.
TRANSLITERATIONS: dict[str, str] = {
    "Peking": "Beijing", "Canton": "Guangzhou", "Tientsin": "Tianjin", "Nanking": "Nanjing",
    "Szechuan": "Sichuan", "Mao Tse-tung": "Mao Zedong", "Chiang Kai-shek": "Jiang Jieshi",
    "Bombay": "Mumbai", "Calcutta": "Kolkata", "Madras": "Chennai", "Poona": "Pune",
    "Rangoon": "Yangon", "Kiev": "Kyiv", "Kharkov": "Kharkiv", "Odessa": "Odesa",
    "Lvov": "Lviv", "Nikolaev": "Mykolaiv", "Zaporozhye": "Zaporizhzhia", "Lugansk": "Luhansk",
    "Chernobyl": "Chornobyl", "Alma-Ata": "Almaty", "Frunze": "Bishkek",
    "Ashkhabad": "Ashgabat", "Tiflis": "Tbilisi", "Gaddafi": "Qaddafi", "Koran": "Quran",
    "Moslem": "Muslim", "Mohammed": "Muhammad", "Tchaikovsky": "Chaikovsky",
    "Dnieper": "Dnipro", "Byelorussia": "Belarus", "Kirghizia": "Kyrgyzstan",
}
# Consonant spellings that differ between romanisation systems, folded to one form.
_ROMAN_FOLDS = (("shch", "s"), ("zh", "j"), ("kh", "k"), ("ch", "c"), ("sh", "s"), ("ts", "c"),
                ("tz", "c"), ("dj", "j"), ("ph", "f"), ("th", "t"), ("w", "v"), ("q", "k"),
                ("x", "ks"), ("gh", "g"))

# Words that continue a clause: a sentence opening with one was cut from the one before it.
_CONTINUES = frozenset(
    """
    and or but nor which who whom whose that than as of for with without to into from by in on
    at will would can could shall should may might must has have had is are was were be been
    being because while although though whereas if unless until
    """.split()
)
# A few very common verbs; a short sentence with none of them (or an -ed/-ing form) is verbless.
_VERBS = frozenset(
    """
    is are was were be been am has have had do does did will would can could shall should may
    might must said says say told tell get got go went come came make made take took give gave
    see saw know knew think thought want need needs left leave stay stayed stays remain remains
    """.split()
)
_NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen first second third fourth fifth
    """.split()
)
_SPACING = (
    (re.compile(r"(?<=\w)[\"“”](?=\w)"), "no space at a quotation mark"),
    (re.compile(r"(?<=[a-z]{2})[.!?;:,](?=[A-Z][a-z])"), "no space after punctuation"),
    (re.compile(r"\ufffd|(?<=[a-z])[|#*](?=[a-z])"), "stray character"),
)
_DOUBLED = re.compile(r"\b(\w{2,})(\s+)(\1)\b", re.IGNORECASE)
#: Shared words a reworded sentence needs before its word order is judged.
_MIN_SHARED_ORDER_WORDS = 8
_DOUBLED_OK = frozenset({"had", "that", "is", "do", "very", "bye", "knock", "no", "ha"})
_MIN_NAME_LEN = 4
_BRITISH = ((re.compile(r"our(?=ed|ing|s|$)"), "or"), (re.compile(r"tre$"), "ter"),
            (re.compile(r"ence$"), "ense"), (re.compile(r"is(?=e|ation|ing)"), "iz"))
_DETERMINERS = frozenset("the a an this that these those its their his her our your my".split())
# Capitalised at a sentence start, never names.
_COMMON = frozenset(
    """
    with this that they there then than when what where which while after before their these
    those from into have will would could should about also just only some more most other
    """.split()
)
_NAME_CUTOFF = 80.0


# --------------------------------------------------------------------------- data classes
class _Aligned(Protocol):
    """What the checks read from a :class:`dupdetect.diff.Alignment` (read-only)."""

    @property
    def op(self) -> str: ...
    @property
    def a_index(self) -> tuple[int, ...]: ...
    @property
    def b_index(self) -> tuple[int, ...]: ...
    @property
    def a_text(self) -> str: ...
    @property
    def b_text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Artifact:
    """A machine-translation artifact in B: ``Diff.text_b[span[0]:span[1]] == text``."""

    kind: str
    text: str
    span: tuple[int, int]
    evidence: str
    severity: Severity

    def __post_init__(self) -> None:
        if self.kind not in ARTIFACT_KINDS:
            raise ValueError(
                f"Unknown artifact kind {self.kind!r}; expected one of {ARTIFACT_KINDS}.")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "span": list(self.span),
                "evidence": self.evidence, "severity": self.severity}


# --------------------------------------------------------------------------- checks
_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=1 << 16)
def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or word.lower() in _NUMBER_WORDS


def _names_in(sentences: Sequence[Sentence], text: str) -> tuple[tuple[str, int, int, bool], ...]:
    """Capitalised words (possessive stripped) with spans and whether they open a sentence."""
    return _names_cached(tuple(sentences), text)


#: A capitalised ASCII word of :func:`~dupdetect.align.spans_of` that does not open its sentence:
#: a word start (no letter or digit before it, nor one before an inner apostrophe, point or
#: comma, which would continue the word before) with an upper-case letter.
_CAPITALISED_ASCII = re.compile(
    r"(?<![A-Za-z0-9])(?<![A-Za-z0-9]['.,])[A-Z][A-Za-z0-9]*(?:['.,][A-Za-z0-9]+)*")


def _capitalised(text: str, s: Sentence) -> list[tuple[str, int, bool]]:
    """The words of sentence ``s`` (:func:`~dupdetect.align.spans_of`) that start with an
    upper-case letter: ``(word, start in text, opens the sentence)``."""
    words = spans_of(text[s.start:s.end])
    return [(w, s.start + start, k == 0) for k, (w, start, _end) in enumerate(words)
            if w[0].isupper()]


def _capitalised_ascii(text: str, s: Sentence) -> list[tuple[str, int, bool]]:
    """:func:`_capitalised` of an ASCII text, with the regex engine skipping the other words."""
    first = WORD.search(text, s.start, s.end)
    if first is None:
        return []
    # The first word is found on its own: the look-behind would see the sentence before.
    found = [(first.group(), first.start(), True)] if first.group()[0].isupper() else []
    found += [(m.group(), m.start(), False)
              for m in _CAPITALISED_ASCII.finditer(text, first.end(), s.end)]
    return found


@lru_cache(maxsize=256)
def _names_cached(sentences: tuple[Sentence, ...],
                  text: str) -> tuple[tuple[str, int, int, bool], ...]:
    # Cached: the translation check reads the names of both texts in both directions.
    out: list[tuple[str, int, int, bool]] = []
    capitalised = _capitalised_ascii if text.isascii() else _capitalised
    for s in sentences:
        for w, start, opens in capitalised(text, s):
            if _is_number(w) or (w.isupper() and len(w) > 1):
                continue
            w2 = _POSSESSIVE.sub("", w)
            out.append((w2, start, start + len(w2), opens))
    return tuple(out)


def _roman_skeleton(word: str, *, fold: bool) -> str:
    w = word.lower()
    if fold:
        for old, new in _ROMAN_FOLDS:
            w = w.replace(old, new)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:1] + re.sub(r"[aeiouy]", "", w[1:])


@lru_cache(maxsize=1 << 14)
def _plain(word: str) -> str:
    """Lower case without accents, apostrophes or hyphens ("D’Cunha" -> "dcunha")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isalnum())


def _english(word: str) -> str:
    """British and American spellings folded together (centre/center, defence/defense)."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def _respelled(word: str, other: str) -> bool:
    """Two spellings of one name: not typography, not an inflection (Canada / Canadian)."""
    w, o = _plain(word), _plain(other)
    if len(w) < _MIN_NAME_LEN or len(o) < _MIN_NAME_LEN or w == o or w[0] != o[0]:
        return False
    if w in _COMMON or o in _COMMON or _english(w) == _english(o):
        return False
    short, long_ = sorted((w, o), key=len)
    return not (len(long_) > len(short) and long_.startswith(short[:-1]))


def _close_names(word: str, other: str) -> bool:
    """Respelled, and close: similar enough, or the same once romanisations are folded."""
    if not _respelled(word, other):
        return False
    sim = spelling_similarity(_plain(word), _plain(other))
    return sim >= 85 or (sim >= _NAME_CUTOFF and _roman_skeleton(word, fold=True)
                         == _roman_skeleton(other, fold=True))


def _table(extra: Mapping[str, str] | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for old, new in [*TRANSLITERATIONS.items(), *(extra or {}).items()]:
        table[old.lower()] = new
        table[new.lower()] = old
    return table


def _name_artifacts(text_a: str, text_b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
                    transliterations: Mapping[str, str] | None) -> list[Artifact]:
    names_a = _names_in(sa, text_a)
    names_b = _names_in(sb, text_b)
    # Established names: not sentence-initial, or sentence-initial and also seen mid-sentence.
    mid_a = {w for w, _, _, first in names_a if not first}
    mid_b = {w for w, _, _, first in names_b if not first}
    set_a = {w for w, *_ in names_a}
    counts_b = Counter(w for w, *_ in names_b)
    out: list[Artifact] = []
    table = _table(transliterations)
    lower_a = {w.lower(): w for w in set_a}
    # Transliteration table (single words and multi-word entries) first.
    low_a = text_a.lower()
    for key, other in table.items():
        if other.lower() not in low_a or key in low_a:
            continue
        for m in re.finditer(r"\b" + re.escape(key) + r"\b", text_b, re.IGNORECASE):
            out.append(Artifact("transliteration", m.group(), (m.start(), m.end()),
                                f"{m.group()!r} is an old or alternative romanisation of "
                                f"{other!r}, as A spells it", "medium"))
    seen = {a.text.lower() for a in out}
    reported: dict[str, str] = {}
    plain_a = {_plain(x) for x in set_a}
    hits_of: dict[str, list[str]] = {}
    for w, start, end, first in names_b:
        if w in set_a or w.lower() in seen or len(w) < _MIN_NAME_LEN or _plain(w) in plain_a:
            continue
        if first and w not in mid_b and not any(spelling_similarity(w, x) >= 85 for x in mid_a):
            continue
        if w not in hits_of:
            hits_of[w] = [x for x in mid_a if _close_names(w, x)]
        hits = hits_of[w]
        if not hits:
            continue
        target = max(hits, key=lambda x: (spelling_similarity(w, x), x))
        if w not in reported:
            reported[w] = target
        kind = ("transliteration"
                if _roman_skeleton(w, fold=False) != _roman_skeleton(target, fold=False)
                and _roman_skeleton(w, fold=True) == _roman_skeleton(target, fold=True)
                else "name_variant")
        spellings = sorted({x for x in counts_b if x == target or _close_names(x, target)}
                           | {target, w})
        in_b = [x for x in spellings if x in counts_b]
        evidence = (f"A spells it {target!r}; B has {len(in_b)} spelling"
                    f"{'s' if len(in_b) != 1 else ''}: {', '.join(in_b)}")
        severity: Severity = "high" if len(in_b) >= 3 else "medium"
        out.append(Artifact(kind, text_b[start:end], (start, end), evidence, severity))
    # Within B, names with no counterpart in A that B spells several ways.
    lone = sorted(w for w in counts_b if w not in set_a and w not in reported
                  and w.lower() not in seen and w.lower() not in lower_a)
    rivals_of = {w: [x for x in counts_b if x != w and counts_b[x] > counts_b[w]
                     and _close_names(w, x)] for w in lone}
    for w, start, end, _first in names_b:
        rivals = rivals_of.get(w)
        if rivals:
            out.append(Artifact("name_variant", text_b[start:end], (start, end),
                                f"B also spells it {', '.join(sorted(rivals))}", "medium"))
    # Multi-word splits: "Le Maire" in one text, "Lemaire" in the other.
    joined_a = {w.lower() for w in set_a}
    for m in re.finditer(r"\b([A-Z][\w'’-]*) ([A-Z][\w'’-]+)\b", text_b):
        glued = (m.group(1) + m.group(2)).lower()
        if glued in joined_a and m.group() not in text_a:
            out.append(Artifact("name_variant", m.group(), (m.start(), m.end()),
                                f"A writes it as one word: {lower_a[glued]!r}", "medium"))
    split_a = {(m.group(1) + m.group(2)).lower(): m.group()
               for m in re.finditer(r"\b([A-Z][\w'’-]*) ([A-Z][\w'’-]+)\b", text_a)}
    for w, start, end, _first in names_b:
        if w not in set_a and w.lower() in split_a:
            out.append(Artifact("name_variant", text_b[start:end], (start, end),
                                f"A writes it as two words: {split_a[w.lower()]!r}", "medium"))
    return out


def _count(pattern_hits: Iterable[str]) -> Counter[str]:
    return Counter(h.lower() for h in pattern_hits)


@lru_cache(maxsize=256)
def _doubled_hits(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """``(match, word, start, end)`` of each :data:`_DOUBLED` match in ``text``; cached, as the
    translation check reads both texts in both directions."""
    return tuple((m.group(), m.group(1), m.start(), m.end()) for m in _DOUBLED.finditer(text))


def _doubled_artifacts(text_a: str, text_b: str, sa: Sequence[Sentence],
                       sb: Sequence[Sentence]) -> list[Artifact]:
    out: list[Artifact] = []
    in_a = _count(hit for hit, *_ in _doubled_hits(text_a))
    seen: Counter[str] = Counter()
    for hit, word, m_start, m_end in _doubled_hits(text_b):
        if word.lower() in _DOUBLED_OK or _is_number(word):
            continue
        key = hit.lower()
        seen[key] += 1
        if seen[key] <= in_a[key]:
            continue
        out.append(Artifact("doubled_word", hit, (m_start, m_end), f"{word!r} twice in a row",
                            "high"))
    # A phrase repeated across a sentence boundary: "... the dam. The dam broke ..."
    keys_a = ""  # A's sentence keys, joined: built when a seam is first found
    # The words of each sentence (those of spans_of), read only where the next sentence's
    # first word occurs in the one before (casefold: per character, so a word's fold is in
    # its text's); spans only where a seam is found.
    words: dict[int, list[str]] = {}
    for n, (prev, nxt) in enumerate(pairwise(sb)):
        if prev.paragraph != nxt.paragraph:
            continue
        first = WORD.search(text_b, nxt.start, nxt.end)
        if first is None or first.group().casefold() not in prev.text.casefold():
            continue
        for k in (n, n + 1):
            if k not in words:
                words[k] = WORD.findall(text_b, sb[k].start, sb[k].end)
        wp, wn = words[n], words[n + 1]
        for k in range(min(4, len(wp) - 1, len(wn) - 1), 0, -1):
            tail = [w.lower() for w in wp[-k:]]
            if tail != [w.lower() for w in wn[:k]] or (k == 1 and len(tail[0]) <= 3):
                continue
            seam = " ".join(tail) + " | " + " ".join(tail)
            keys_a = keys_a or " | ".join(sentence_key(x.text) for x in sa)
            if seam in keys_a:
                break
            spans = spans_of(text_b[nxt.start:nxt.end])
            start, end = nxt.start + spans[0][1], nxt.start + spans[k - 1][2]
            out.append(Artifact("doubled_word", text_b[start:end], (start, end),
                                f"{' '.join(tail)!r} ends one sentence and opens the next",
                                "medium"))
            break
    return out


@lru_cache(maxsize=256)
def _spacing_hits(text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Spans of each :data:`_SPACING` pattern in ``text``; cached, as the translation check
    reads both texts in both directions."""
    return tuple(tuple(m.span() for m in pattern.finditer(text)) for pattern, _ in _SPACING)


def _spacing_artifacts(text_a: str, text_b: str) -> list[Artifact]:
    out: list[Artifact] = []
    for (_, what), in_a, in_b in zip(_SPACING, _spacing_hits(text_a), _spacing_hits(text_b),
                                     strict=True):
        if in_a:
            continue  # the source writes this way too: house style, not damage
        for m_start, m_end in in_b:
            start, end = _word_around(text_b, m_start, m_end)
            out.append(Artifact("spacing", text_b[start:end], (start, end),
                                f"{what}: {_context(text_b, m_start, m_end, 12)!r}",
                                "low"))
    return out


def _word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start:end`` to the words touching it (same line)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _context(text: str, start: int, end: int, n: int = 8) -> str:
    return text[max(0, start - n):end + n].lower()


def _verbless(words: Sequence[str]) -> bool:
    return not any(w in _VERBS or w.endswith(("ed", "ing")) for w in words)


def _fragment_kind(text: str, words: Sequence[str]) -> str | None:
    """Why a short piece of prose is a fragment ("opens mid-clause", "has no verb"), or None.

    Only prose counts: at least two words, a letter first, a full stop last, not shouting, and
    for "no verb" no figures (weather, prices and times are legitimately verbless).
    """
    if (len(words) < 2 or not text[:1].isalpha() or not text.endswith(".") or text.isupper()):
        return None
    if words[0] in _CONTINUES:
        return "opens mid-clause"
    if _verbless(words) and not any(c.isdigit() for c in text):
        return "has no verb"
    return None


def _fragment_artifacts(text_b: str, sb: Sequence[Sentence],
                        groups: Sequence[_Aligned]) -> list[Artifact]:
    out: list[Artifact] = []
    split_parts: set[int] = set()
    aligned_paragraphs: set[int] = set()
    for g in groups:
        if g.op in ("kept", "reworded"):
            aligned_paragraphs.update(sb[j].paragraph for j in g.b_index)
        if len(g.b_index) > 1 and len(g.a_index) == 1:
            split_parts.update(g.b_index)
    added = {j for g in groups if g.op == "added" for j in g.b_index}
    for j, s in enumerate(sb):
        # Only a part of a split sentence, or a sentence added amid copied text, can count.
        if j not in split_parts and not (j in added and s.paragraph in aligned_paragraphs):
            continue
        words = [w.lower() for w, *_ in spans_of(s.text)]
        why = _fragment_kind(s.text, words)
        if why is None:
            continue
        if j in split_parts:
            out.append(Artifact("fragment", s.text, (s.start, s.end),
                                f"{why}; part of one sentence of A", "medium"))
        elif j in added and len(words) <= 4 and s.paragraph in aligned_paragraphs:
            out.append(Artifact("fragment", s.text, (s.start, s.end),
                                f"a {len(words)}-word sentence that {why}, amid copied text",
                                "low"))
    return out


def _inversions(g: _Aligned, text_b: str, sb: Sequence[Sentence]) -> list[Artifact]:
    """Noun compounds turned inside out: A's "rescue boats" as B's "boats of rescue"."""
    out: list[Artifact] = []
    if "of" not in g.b_text.lower():
        return out
    key_a = " " + normalized_key(g.a_text) + " "
    key_b = " " + normalized_key(g.b_text) + " "
    for j in g.b_index:
        s = sb[j]
        low = [w.lower() for w in WORD.findall(text_b, s.start, s.end)]
        for i in range(len(low) - 2):
            if low[i + 1] != "of":
                continue
            k = i + 2
            head, noun = low[i], low[k]
            if (len(head) < 3 or len(noun) < 3 or head in _CONTINUES or noun in _CONTINUES
                    or noun in _DETERMINERS or head in _DETERMINERS
                    or not (head.isalpha() and noun.isalpha())
                    or (i > 0 and low[i - 1] in _DETERMINERS)):
                continue  # MT drops the article: "boats of rescue", not "the boats of ..."
            if f" {noun} {head} " in key_a and f" {noun} {head} " not in key_b:
                words = spans_of(text_b[s.start:s.end])
                start, end = s.start + words[i][1], s.start + words[k][2]
                out.append(Artifact("word_order", text_b[start:end], (start, end),
                                    f"A has {noun + ' ' + head!r}: the compound was turned "
                                    f"inside out", "low"))
    return out


@lru_cache(maxsize=1 << 12)
def _shared_words(text_a: str, text_b: str) -> int:
    """Words two sentences share, with repeats (cached: the translation check reads each
    aligned pair in both directions)."""
    return sum((Counter(normalized_key(text_a).split())
                & Counter(normalized_key(text_b).split())).values())


def _word_order_artifacts(groups: Sequence[_Aligned], text_b: str, sb: Sequence[Sentence]
                          ) -> list[Artifact]:
    out: list[Artifact] = []
    for g in groups:
        if g.op != "reworded":
            continue
        out.extend(_inversions(g, text_b, sb))
        if len(g.b_index) != 1:
            continue
        wa = normalized_key(g.a_text).split()
        wb = normalized_key(g.b_text).split()
        if min(len(wa), len(wb)) < _MIN_SHARED_ORDER_WORDS:
            continue
        shared = _shared_words(*sorted((g.a_text, g.b_text)))
        if shared < _MIN_SHARED_ORDER_WORDS or shared < 0.6 * min(len(wa), len(wb)):
            continue
        order = common_subsequence(wa, wb) / shared
        # A human moves whole clauses (word pairs survive); a scramble breaks the pairs too.
        pairs_a = set(pairwise(wa))
        in_a = set(wa)
        pairs_b = [p for p in pairwise(wb) if p[0] in in_a and p[1] in in_a]
        kept = sum(p in pairs_a for p in pairs_b) / max(1, len(pairs_b))
        if order < 0.6 and kept < 0.5:
            s = sb[g.b_index[0]]
            out.append(Artifact("word_order", s.text, (s.start, s.end),
                                f"{shared} shared words, only {order:.0%} in the same order "
                                f"and {kept:.0%} of word pairs kept", "medium"))
    return out


# --------------------------------------------------------------------------- entry points
def find_artifacts(text_a: str, text_b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
                   alignment: Sequence[_Aligned],
                   transliterations: Mapping[str, str] | None = None) -> list[Artifact]:
    """Artifacts in ``text_b`` that ``text_a`` does not have, in span order.

    ``sa`` / ``sb`` are the texts' sentences (:func:`~dupdetect.align.split_sentences`) and
    ``alignment`` their alignment (:attr:`dupdetect.diff.Diff.alignment`); ``transliterations``
    adds old -> new romanisations to :data:`TRANSLITERATIONS`.
    """
    artifacts = [*_name_artifacts(text_a, text_b, sa, sb, transliterations),
                 *_doubled_artifacts(text_a, text_b, sa, sb), *_spacing_artifacts(text_a, text_b),
                 *_fragment_artifacts(text_b, sb, alignment),
                 *_word_order_artifacts(alignment, text_b, sb)]
    artifacts.sort(key=lambda x: (x.span, x.kind))
    return artifacts


def translation_score(artifacts: Sequence[Artifact], sentences: int) -> float:
    """How much machine-translation damage ``artifacts`` show, in [0, 1].

    Severity-weighted artifacts per 25 sentences of B (``sentences``), squashed by
    ``1 - exp(-density / 3)``.
    """
    weight = sum(_SEVERITY_WEIGHT[a.severity] for a in artifacts)
    density = weight / max(1.0, sentences / 25)
    return 1.0 - math.exp(-density / 3.0)
