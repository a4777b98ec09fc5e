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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal, Protocol

from ._marks import MARK
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
# Each pattern opens with the character it reports and looks behind it afterwards: the same
# matches as ``(?<=\w)["“”](?=\w)``, ``(?<=[a-z]{2})[.!?;:,](?=[A-Z][a-z])`` and
# ``\ufffd|(?<=[a-z])[|#*](?=[a-z])``, but the regex engine can skip to the candidate
# characters instead of trying the look-behind at every position (several times faster).
_SPACING = (
    (re.compile(r"[\"“”](?<=\w[\"“”])(?=\w)"), "no space at a quotation mark"),
    (re.compile(r"[.!?;:,](?<=[a-z]{2}[.!?;:,])(?=[A-Z][a-z])"), "no space after punctuation"),
    (re.compile(r"[\ufffd|#*](?:(?<=\ufffd)|(?<=[a-z][|#*])(?=[a-z]))"), "stray character"),
)
_DOUBLED = re.compile(r"\b(\w{2,})(\s+)(\1)\b", re.IGNORECASE)
#: :data:`_DOUBLED` for ASCII text, 3x faster: ASCII classes (``\s`` with the separators
#: ``\x1c-\x1f`` that it matches in str patterns) and no backtracking into the first word or
#: the space, which can never give another match.
_DOUBLED_ASCII = re.compile(r"\b(\w{2,}+)([\s\x1c-\x1f]++)(\1)\b", re.IGNORECASE | re.ASCII)
#: :data:`_DOUBLED` for words with combining marks ("रहे रहे"; a mark is not ``\w``): a word of
#: two characters or more, its marks included, not following a mark. Equal on text without
#: marks, a third slower: used for text that is not ASCII.
_DOUBLED_MARKED = re.compile(
    rf"\b(?<!{MARK})(\w(?=\w|{MARK})\w*+(?:{MARK}++\w*+)*+)(\s+)(\1)(?!\w|{MARK})",
    re.IGNORECASE)
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
#: Possessive endings, stripped from names. A word holds no newline, so ``str.endswith`` does
#: what the regex ``['’]s$`` did, without a regex call per name.
_POSSESSIVE = ("'s", "’s")


@lru_cache(maxsize=1 << 16)
def _is_number(word: str) -> bool:
    return any(c.isdigit() for c in word) or word.lower() in _NUMBER_WORDS


class _Sentences:
    """A text and its sentences, as the key of the caches of what is read of one text.

    Hashed by the text alone (Python keeps a string's hash) rather than by each sentence at
    every look-up; equal when the texts and the sentences are equal.
    """

    __slots__ = ("sentences", "text")

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        self.text = text
        self.sentences = tuple(sentences)

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _Sentences) and self.text == other.text
                and self.sentences == other.sentences)


def _names_in(sentences: Sequence[Sentence], text: str) -> tuple[tuple[str, int, int, bool], ...]:
    """Capitalised words (possessive stripped) with spans and whether they open a sentence."""
    return _names_of(_Sentences(text, sentences)).names


#: A capitalised ASCII word of :func:`~dupdetect.align.spans_of` that does not open its sentence:
#: a word start (no letter or digit before it, nor one before an inner apostrophe, point or
#: comma, which would continue the word before) with an upper-case letter. The capital comes
#: before the look-behinds (which step back over it), so that the regex engine skips to
#: capitals rather than trying the look-behinds at every position.
_CAPITALISED_ASCII = re.compile(
    r"[A-Z](?<![A-Za-z0-9][A-Z])(?<![A-Za-z0-9]['.,][A-Z])[A-Za-z0-9]*(?:['.,][A-Za-z0-9]+)*")


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


def _scan_names(sentences: Sequence[Sentence], text: str) -> tuple[tuple[str, int, int, bool], ...]:
    """:func:`_names_in`, uncached."""
    out: list[tuple[str, int, int, bool]] = []
    capitalised = _capitalised_ascii if text.isascii() else _capitalised
    for s in sentences:
        for w, start, opens in capitalised(text, s):
            if _is_number(w) or (w.isupper() and len(w) > 1):
                continue
            if w.endswith(_POSSESSIVE):
                w = w[:-2]
            out.append((w, start, start + len(w), opens))
    return tuple(out)


@dataclass(frozen=True, slots=True, eq=False)
class _Names:
    """The capitalised names of one text and what the name check reads of them, built once per
    text and its sentences (:func:`_names_of`), as the translation check reads each text as A
    and as B. Hashed and compared by identity; read-only but for the memos of
    :meth:`near_mid` and :meth:`rivals`, which live and are evicted with it."""

    #: ``(name, start, end, opens its sentence)`` of each capitalised word (:func:`_names_in`).
    names: tuple[tuple[str, int, int, bool], ...]
    #: Every name, and the names seen mid-sentence (established names).
    everywhere: frozenset[str]
    mid: frozenset[str]
    #: Occurrences of each name, in order of first occurrence.
    counts: Counter[str]
    #: Each name by its lower case (the last of a set's order wins), and each name's
    #: :func:`_plain` form.
    lower: dict[str, str]
    plain: frozenset[str]
    #: The names of at least :data:`_MIN_NAME_LEN` plain characters by their first plain
    #: character, in :attr:`counts` order: only these can be respellings (:func:`_respelled`).
    by_initial: dict[str, tuple[str, ...]]
    _near_mid: dict[str, bool] = field(default_factory=dict)
    _rivals: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def near_mid(self, word: str) -> bool:
        """Whether ``word`` is spelled like (similarity 85 or more) a name of :attr:`mid`."""
        near = self._near_mid.get(word)
        if near is None:
            near = self._near_mid[word] = any(spelling_similarity(word, x) >= 85
                                              for x in self.mid)
        return near

    def rivals(self, word: str) -> tuple[str, ...]:
        """The names spelled more often than ``word`` (a name of :attr:`counts`) and close to it
        (:func:`_close_names`), in :attr:`counts` order."""
        found = self._rivals.get(word)
        if found is None:
            plain = _plain(word)
            candidates = (self.by_initial.get(plain[0], ()) if len(plain) >= _MIN_NAME_LEN
                          else ())
            found = self._rivals[word] = tuple(
                x for x in candidates
                if x != word and self.counts[x] > self.counts[word] and _close_names(word, x))
        return found


@lru_cache(maxsize=256)
def _names_of(key: _Sentences) -> _Names:
    # Cached: the translation check reads the names of both texts in both directions.
    names = _scan_names(key.sentences, key.text)
    everywhere = {w for w, *_ in names}
    # Built from that set, as the check always did: of two names that differ only in case,
    # the one the set's order puts last is the one reported.
    lower = {w.lower(): w for w in everywhere}
    counts = Counter(w for w, *_ in names)
    by_initial: dict[str, list[str]] = {}
    for w in counts:
        plain = _plain(w)
        if len(plain) >= _MIN_NAME_LEN:
            by_initial.setdefault(plain[0], []).append(w)
    return _Names(names, frozenset(everywhere),
                  frozenset(w for w, _, _, first in names if not first), counts, lower,
                  frozenset(_plain(w) for w in everywhere),
                  {k: tuple(v) for k, v in by_initial.items()})


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


def _table(extra: Mapping[str, str] | None
           ) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """The transliteration table, :data:`TRANSLITERATIONS` and ``extra``: ``(spelling in lower
    case, the other spelling, that in lower case)`` entries, and every lower-case spelling."""
    return _table_of(tuple(TRANSLITERATIONS.items()), tuple((extra or {}).items()))


@lru_cache(maxsize=16)
def _table_of(base: tuple[tuple[str, str], ...], extra: tuple[tuple[str, str], ...]
              ) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    # Cached on the entries, not the mappings: TRANSLITERATIONS may be extended in place.
    table: dict[str, str] = {}
    for old, new in (*base, *extra):
        table[old.lower()] = new
        table[new.lower()] = old
    entries = tuple((key, other, other.lower()) for key, other in table.items())
    return entries, tuple(dict.fromkeys(x for key, _, low in entries for x in (key, low)))


@lru_cache(maxsize=256)
def _occurring(text: str, spellings: tuple[str, ...]) -> frozenset[str]:
    """The ``spellings`` (lower case) found anywhere in ``text.lower()``: one scan of a text per
    spelling, cached, as the translation check reads each text as A in both directions."""
    low = text.lower()
    return frozenset(x for x in spellings if x in low)


#: Two capitalised words in a row ("Le Maire"). The first capital is matched before the
#: look-behind that makes it a word start: the matches of
#: ``\b([A-Z][\w'’-]*) ([A-Z][\w'’-]+)\b``, but the regex engine skips to capitals.
_WORD_PAIR = re.compile(r"([A-Z](?<!\w[A-Z])[\w'’-]*) ([A-Z][\w'’-]+)\b")


@lru_cache(maxsize=256)
def _word_pairs(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """``(match, its two words glued in lower case, start, end)`` of each :data:`_WORD_PAIR`
    match in ``text``; cached, as the translation check reads both texts in both directions."""
    return tuple((m.group(), (m.group(1) + m.group(2)).lower(), m.start(), m.end())
                 for m in _WORD_PAIR.finditer(text))


def _name_artifacts(text_a: str, text_b: str, sa: Sequence[Sentence], sb: Sequence[Sentence],
                    transliterations: Mapping[str, str] | None) -> list[Artifact]:
    a = _names_of(_Sentences(text_a, sa))
    b = _names_of(_Sentences(text_b, sb))
    out: list[Artifact] = []
    # Transliteration table (single words and multi-word entries) first.
    entries, spellings = _table(transliterations)
    in_a = _occurring(text_a, spellings)
    for key, other, other_low in entries:
        if other_low not in in_a or key in in_a:
            continue
        for m in re.finditer(r"\b" + re.escape(key) + r"\b", text_b, re.IGNORECASE):
            out.append(Artifact("transliteration", m.group(), (m.start(), m.end()),
                                f"{m.group()!r} is an old or alternative romanisation of "
                                f"{other!r}, as A spells it", "medium"))
    seen = {x.text.lower() for x in out}
    reported: dict[str, str] = {}
    hits_of: dict[str, list[str]] = {}
    # B's names that may respell one of A's, decided once per name rather than per occurrence
    # (most are A's own names, and the loop is skipped when none is left).
    maybe = {w for w in b.counts
             if not (w in a.everywhere or w.lower() in seen or len(w) < _MIN_NAME_LEN
                     or _plain(w) in a.plain)}
    for w, start, end, first in b.names if maybe else ():
        if w not in maybe:
            continue
        # Established names: not sentence-initial, or sentence-initial and also seen
        # mid-sentence.
        if first and w not in b.mid and not a.near_mid(w):
            continue
        if w not in hits_of:
            hits_of[w] = [x for x in a.mid if _close_names(w, x)]
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
        spellings_b = sorted({x for x in b.counts if x == target or _close_names(x, target)}
                             | {target, w})
        in_b = [x for x in spellings_b if x in b.counts]
        evidence = (f"A spells it {target!r}; B has {len(in_b)} spelling"
                    f"{'s' if len(in_b) != 1 else ''}: {', '.join(in_b)}")
        severity: Severity = "high" if len(in_b) >= 3 else "medium"
        out.append(Artifact(kind, text_b[start:end], (start, end), evidence, severity))
    # Within B, names with no counterpart in A that B spells several ways.
    lone = sorted(w for w in b.counts if w not in a.everywhere and w not in reported
                  and w.lower() not in seen and w.lower() not in a.lower)
    rivals_of = {w: b.rivals(w) for w in lone}
    for w, start, end, _first in b.names if any(rivals_of.values()) else ():
        rivals = rivals_of.get(w)
        if rivals:
            out.append(Artifact("name_variant", text_b[start:end], (start, end),
                                f"B also spells it {', '.join(sorted(rivals))}", "medium"))
    # Multi-word splits: "Le Maire" in one text, "Lemaire" in the other.
    for pair, glued, start, end in _word_pairs(text_b):
        if glued in a.lower and pair not in text_a:
            out.append(Artifact("name_variant", pair, (start, end),
                                f"A writes it as one word: {a.lower[glued]!r}", "medium"))
    split_a = {glued: pair for pair, glued, _, _ in _word_pairs(text_a)}
    split_b = {w for w in b.counts if w not in a.everywhere and w.lower() in split_a}
    for w, start, end, _first in b.names if split_b else ():
        if w in split_b:
            out.append(Artifact("name_variant", text_b[start:end], (start, end),
                                f"A writes it as two words: {split_a[w.lower()]!r}", "medium"))
    return out


def _count(pattern_hits: Iterable[str]) -> Counter[str]:
    return Counter(h.lower() for h in pattern_hits)


@lru_cache(maxsize=256)
def _doubled_hits(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """``(match, word, start, end)`` of each :data:`_DOUBLED` match in ``text``; cached, as the
    translation check reads both texts in both directions."""
    pattern = _DOUBLED_ASCII if text.isascii() else _DOUBLED_MARKED
    return tuple((m.group(), m.group(1), m.start(), m.end()) for m in pattern.finditer(text))


@lru_cache(maxsize=256)
def _seams(key: _Sentences) -> tuple[tuple[str, int, int], ...]:
    """Phrases repeated across a sentence boundary of a text ("... the dam. The dam broke"):
    ``(the words, lower case, start, end)`` of each repeat in the second sentence.

    The last one to four words of a sentence (more than one, or one of four letters or more)
    that open the next one in the same paragraph, the longest; cached, as the translation
    check reads both texts in both directions. Those A also has are not artifacts
    (:func:`_doubled_artifacts`)."""
    text, sentences = key.text, key.sentences
    out: list[tuple[str, int, int]] = []
    # The words of each sentence (those of spans_of), read only where the next sentence's
    # first word occurs in the one before (casefold: per character, so a word's fold is in
    # its text's); spans only where a seam is found.
    words: dict[int, list[str]] = {}
    for n, (prev, nxt) in enumerate(pairwise(sentences)):
        if prev.paragraph != nxt.paragraph:
            continue
        first = WORD.search(text, nxt.start, nxt.end)
        if first is None or first.group().casefold() not in prev.text.casefold():
            continue
        for k in (n, n + 1):
            if k not in words:
                words[k] = WORD.findall(text, sentences[k].start, sentences[k].end)
        wp, wn = words[n], words[n + 1]
        for k in range(min(4, len(wp) - 1, len(wn) - 1), 0, -1):
            tail = [w.lower() for w in wp[-k:]]
            if tail != [w.lower() for w in wn[:k]] or (k == 1 and len(tail[0]) <= 3):
                continue
            spans = spans_of(text[nxt.start:nxt.end])
            out.append((" ".join(tail), nxt.start + spans[0][1], nxt.start + spans[k - 1][2]))
            break
    return tuple(out)


def _doubled_artifacts(text_a: str, text_b: str, sa: Sequence[Sentence],
                       sb: Sequence[Sentence]) -> list[Artifact]:
    out: list[Artifact] = []
    hits_b = _doubled_hits(text_b)
    # A's doubled words are counted only when B has some (rarely).
    in_a = _count(hit for hit, *_ in _doubled_hits(text_a)) if hits_b else Counter()
    seen: Counter[str] = Counter()
    for hit, word, m_start, m_end in hits_b:
        if word.lower() in _DOUBLED_OK or _is_number(word):
            continue
        key = hit.lower()
        seen[key] += 1
        if seen[key] <= in_a[key]:
            continue
        out.append(Artifact("doubled_word", hit, (m_start, m_end), f"{word!r} twice in a row",
                            "high"))
    # A phrase repeated across a sentence boundary, unless A repeats it too.
    keys_a = ""  # A's sentence keys, joined: built when a seam is first found
    for tail, start, end in _seams(_Sentences(text_b, sb)):
        keys_a = keys_a or " | ".join(sentence_key(x.text) for x in sa)
        if tail + " | " + tail in keys_a:
            continue
        out.append(Artifact("doubled_word", text_b[start:end], (start, end),
                            f"{tail!r} ends one sentence and opens the next", "medium"))
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


@lru_cache(maxsize=1 << 14)
def _fragment_of(sentence: str) -> tuple[str | None, int]:
    """:func:`_fragment_kind` of a sentence and its number of words; cached, as a sentence
    is read in every pair its text is in."""
    words = [w.lower() for w, *_ in spans_of(sentence)]
    return _fragment_kind(sentence, words), len(words)


def _fragment_artifacts(text_b: str, sb: Sequence[Sentence],
                        groups: Sequence[_Aligned]) -> list[Artifact]:
    out: list[Artifact] = []
    split_parts: set[int] = set()
    aligned_paragraphs: set[int] = set()
    for g in groups:
        if g.op in ("kept", "reworded"):
            for j in g.b_index:
                aligned_paragraphs.add(sb[j].paragraph)
        if len(g.b_index) > 1 and len(g.a_index) == 1:
            split_parts.update(g.b_index)
    added = {j for g in groups if g.op == "added" for j in g.b_index}
    # Only a part of a split sentence, or a sentence added amid copied text, can count.
    for j in sorted(split_parts | {j for j in added if sb[j].paragraph in aligned_paragraphs}):
        s = sb[j]
        why, n_words = _fragment_of(s.text)
        if why is None:
            continue
        if j in split_parts:
            out.append(Artifact("fragment", s.text, (s.start, s.end),
                                f"{why}; part of one sentence of A", "medium"))
        elif j in added and n_words <= 4 and s.paragraph in aligned_paragraphs:
            out.append(Artifact("fragment", s.text, (s.start, s.end),
                                f"a {n_words}-word sentence that {why}, amid copied text",
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


@lru_cache(maxsize=1 << 14)
def _out_of_order(text_x: str, text_y: str) -> tuple[int, float] | None:
    """``(shared words, the share of them in the same order)`` of two sentences whose shared
    words are out of order, or None.

    None when a sentence has fewer than :data:`_MIN_SHARED_ORDER_WORDS` words, when they share
    fewer than that or than 60 % of the shorter one's words (with repeats), or when 60 % or
    more of the shared words are in the same order. Symmetric, so the callers pass the pair
    sorted and the two directions of the translation check share one cached result.
    """
    wx = normalized_key(text_x).split()
    wy = normalized_key(text_y).split()
    shorter = min(len(wx), len(wy))
    if shorter < _MIN_SHARED_ORDER_WORDS:
        return None
    in_order = common_subsequence(wx, wy)
    if in_order / shorter >= 0.6:
        # No more words are shared than the shorter sentence has, so the share in order,
        # in_order / shared, is at least this (float division is monotonic): not counted.
        return None
    # Shared words with repeats, ``sum((Counter(wx) & Counter(wy)).values())``: each word of
    # one sentence takes an unused copy from the other (faster than two Counters).
    unused: dict[str, int] = {}
    for w in wx:
        unused[w] = unused.get(w, 0) + 1
    shared = 0
    for w in wy:
        if unused.get(w):
            unused[w] -= 1
            shared += 1
    if shared < _MIN_SHARED_ORDER_WORDS or shared < 0.6 * shorter:
        return None
    order = in_order / shared
    return (shared, order) if order < 0.6 else None


def _word_order_artifacts(groups: Sequence[_Aligned], text_b: str, sb: Sequence[Sentence]
                          ) -> list[Artifact]:
    out: list[Artifact] = []
    for g in groups:
        if g.op != "reworded":
            continue
        out.extend(_inversions(g, text_b, sb))
        if len(g.b_index) != 1:
            continue
        found = _out_of_order(*sorted((g.a_text, g.b_text)))
        if found is None:
            continue  # most rewordings keep the order: the word pairs are not looked at
        shared, order = found
        wa = normalized_key(g.a_text).split()
        wb = normalized_key(g.b_text).split()
        # A human moves whole clauses (word pairs survive); a scramble breaks the pairs too.
        pairs_a = set(pairwise(wa))
        in_a = set(wa)
        pairs_b = [p for p in pairwise(wb) if p[0] in in_a and p[1] in in_a]
        kept = sum(p in pairs_a for p in pairs_b) / max(1, len(pairs_b))
        if kept < 0.5:
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
