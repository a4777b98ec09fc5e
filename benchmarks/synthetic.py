"""A seeded generator of invented English-like news stories with known copies, for speed runs.

Usage::

    python benchmarks/synthetic.py --n 10000 --seed 0 --out corpus.jsonl     # + corpus.truth.json
    python benchmarks/synthetic.py --n 2000 --seed 0 --out corpus.jsonl --check
    python benchmarks/synthetic.py --check-only corpus.jsonl                  # measure a file

Nothing here is real text: words are built from syllables (a fixed vocabulary of
``VOCAB_SIZE`` pseudo-words whose frequencies follow a Zipf-Mandelbrot law, the few hundred most
frequent being short "function words"), names of people, places and agencies come from pools
of invented capitalised words, and numbers look like "45", "1,200" or "3.5".

A story is a dateline-like first paragraph ("VARNOSK, March 3 (BRX) - Lead sentence.") and
paragraphs of 1-3 sentences of 8-35 words, one paragraph per line (no headline line). Lengths
are log-normal with a median of 800 words, clipped to 150..3000. Each story has its own cast
(people, places, an agency) and a handful of topic words it repeats.

Ground truth (``FILE.truth.json``: a list of ``[source_id, derived_id, kind]``), each derived
story from an earlier original within the last ``WINDOW`` originals, published after it:

near_duplicate  ~10%: the source with a different first line (another agency's dateline and
                the lead sentence reworded like a rewrite's, 20-30% of its words substituted),
                1-3% of the other words substituted and the last 0-2 paragraphs trimmed.
rewrite         ~5%: every sentence of the source in order, reworded (15-25% of the words
                substituted, an adjacent pair swapped in about half the sentences), ~10% of
                sentences dropped and ~10% merged into the next; another agency's dateline.
contains        ~5%: a "live blog" of 30-60 paragraphs of its own (a live blog is long: the
                5-gram Jaccard of blog and source is near 0.07, as in the brief's example,
                not 0.2 as with 8-16 paragraphs) into which 3-5 consecutive
                paragraphs of a short source (at least 40% of the source's words) are pasted
                verbatim; half of the time they start with the source's lead (its first
                paragraph, without the dateline), otherwise further down.

``hot=K`` adds K copies of the first story spread over the corpus (alternately verbatim and
with 1% of the words substituted; kind ``near_duplicate``), to show that no step is quadratic
in the size of a group.

The generator is deterministic for a given ``(n, seed, hot)`` and ``GENERATOR_VERSION``; corpora
are cached by those in :func:`cached_corpus`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "GENERATOR_VERSION",
    "KINDS",
    "Plan",
    "cached_corpus",
    "check",
    "generate",
    "make_plan",
    "read_truth",
    "truth_path",
    "write_corpus",
]

#: Bump whenever the output for a given (n, seed, hot) changes: it keys the cache.
GENERATOR_VERSION = 2
KINDS = ("near_duplicate", "rewrite", "contains")
SHARES = {"near_duplicate": 0.10, "rewrite": 0.05, "contains": 0.05}

VOCAB_SIZE = 50_000
FUNCTION_WORDS = 300
ZIPF_BITS = 22
VOCAB_SEED = 20240501  # the "language" is the same for every corpus seed
WINDOW = 1000  # a derived story copies one of the last WINDOW originals
SHORT_WINDOW = 300  # contains: one of the last SHORT_WINDOW short originals
SHORT_WORDS = 450  # a contains source is an original of at most this many words (target)
MEDIAN_WORDS = 800
LENGTH_SIGMA = 0.5
MIN_WORDS, MAX_WORDS = 150, 3000
FIRST_ORIGINALS = 20  # the first stories are always originals
BLOCK = 256  # stories made together (part of what the seed means)

# Per-position rates inside a story.
TOPIC_RATE = 0.05
PERSON_RATE = 0.025
PLACE_RATE = 0.012
AGENCY_RATE = 0.006
NUMBER_RATE = 0.015
COMMA_RATE = 0.06

_ONSETS = ("", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
           "w", "z", "br", "cr", "dr", "fr", "gr", "pr", "tr", "st", "sp", "sk", "pl", "bl", "cl",
           "gl", "sh", "ch", "th", "wh", "qu")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "io", "ie", "y")
_CODAS = ("", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "rt", "st", "ng", "ck", "x", "th")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

# Separator pieces (appended after every token).
SEP_SPACE, SEP_COMMA, SEP_PERIOD, SEP_PERIOD_NL, SEP_END = range(5)
_SEPS = (" ", ", ", ". ", ".\n", ".")


# --------------------------------------------------------------------------------------------
# The language: vocabulary, names, numbers.


def _syllable_words(rng: np.random.Generator, count: int, syllables: np.ndarray,
                    probs: tuple[float, ...], taken: set[str]) -> list[str]:
    """``count`` distinct pseudo-words of 1..len(probs) syllables, none of them in ``taken``."""
    out: list[str] = []
    seen = set(taken)
    while len(out) < count:
        want = 2 * (count - len(out)) + 100
        lengths = rng.choice(np.arange(1, len(probs) + 1), size=want, p=probs)
        parts = rng.integers(0, len(syllables), size=(want, len(probs)))
        for k, row in zip(lengths.tolist(), parts.tolist(), strict=True):
            w = "".join(syllables[row[:k]].tolist())
            if len(w) >= 2 and w not in seen:
                seen.add(w)
                out.append(w)
                if len(out) == count:
                    break
    return out


@dataclass(frozen=True)
class Language:
    """Every piece of text a story is assembled from, as one table of strings.

    Piece ids: ``[0, V)`` lower-case words by frequency rank, ``[V, 2V)`` the same capitalised,
    then first names, surnames, places, agencies, numbers and the separators.
    """

    pieces: np.ndarray  # object array of str
    cdf: np.ndarray  # Zipf cumulative distribution over the V words
    vocab: int
    first: np.ndarray  # piece ids of first names
    last: np.ndarray  # surnames
    places: np.ndarray
    agencies: np.ndarray
    numbers: np.ndarray
    sep0: int  # piece id of the first separator
    topic_lo: int = 2000  # topic words come from ranks [topic_lo, topic_hi)
    topic_hi: int = 20000
    zipf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # inverse cdf table
    pbuf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))  # pieces' bytes
    pstart: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    plen: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` lower-case word ids from the Zipf law (through a table of its inverse)."""
        return self.zipf[rng.integers(0, len(self.zipf), size)]


@cache
def language() -> Language:
    rng = np.random.default_rng(VOCAB_SEED)
    sylls = sorted({o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS})
    syllables = np.array(sylls, dtype=object)
    short = np.array([s for s in sylls if len(s) <= 3], dtype=object)
    function = _syllable_words(rng, FUNCTION_WORDS, short, (0.8, 0.2), set())
    function = [w for w in function if len(w) <= 4][:FUNCTION_WORDS]
    function += _syllable_words(rng, FUNCTION_WORDS - len(function), short, (1.0,), set(function))
    function.sort(key=len)  # the most frequent are the shortest
    content = _syllable_words(rng, VOCAB_SIZE - len(function), syllables, (0.25, 0.55, 0.18, 0.02),
                              set(function))
    words = function + content
    ranks = np.arange(1, VOCAB_SIZE + 1, dtype=np.float64)
    weights = 1.0 / (ranks + 2.7) ** 1.05
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    taken = set(words)
    firsts = [w.capitalize() for w in _syllable_words(rng, 3000, syllables, (0.3, 0.6, 0.1), taken)]
    lasts = [w.capitalize()
             for w in _syllable_words(rng, 20000, syllables, (0.1, 0.5, 0.3, 0.1), taken)]
    places = [w.capitalize() for w in _syllable_words(rng, 2000, syllables, (0.2, 0.5, 0.3), taken)]
    letters = np.array(list("ABCDEFGHIJKLMNOPRSTUVWXZ"), dtype=object)
    agencies = sorted({a for a in ("".join(letters[rng.integers(0, len(letters), k)].tolist())
                                   for k in rng.integers(3, 5, size=600).tolist())
                       if a.lower() not in taken})[:400]
    numbers = ([str(i) for i in range(2, 1000)]
               + [f"{i:,}" for i in range(1000, 100000, 37)]
               + [f"{i / 10:.1f}" for i in range(1, 1000, 3)]
               + [str(y) for y in range(1950, 2031)])
    v = VOCAB_SIZE
    table = (words + [w.capitalize() for w in words] + firsts + lasts + places + agencies
             + numbers + list(_SEPS))
    pieces = np.array(table, dtype=object)
    start = 2 * v

    def span(size: int) -> np.ndarray:
        nonlocal start
        ids = np.arange(start, start + size, dtype=np.int32)
        start += size
        return ids

    first_ids, last_ids = span(len(firsts)), span(len(lasts))
    place_ids, agency_ids, number_ids = span(len(places)), span(len(agencies)), span(len(numbers))
    bins = 1 << ZIPF_BITS  # the rarest word has about 5 bins
    zipf = np.searchsorted(cdf, (np.arange(bins) + 0.5) / bins, side="right").astype(np.int32)
    encoded = [t.encode("ascii") for t in table]
    plen = np.array([len(b) for b in encoded], dtype=np.int32)
    pbuf = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return Language(pieces, cdf, v, first_ids, last_ids, place_ids, agency_ids, number_ids,
                    sep0=start, zipf=zipf, pbuf=pbuf, pstart=np.cumsum(plen) - plen, plen=plen)


# --------------------------------------------------------------------------------------------
# Stories as token arrays.


@dataclass
class Story:
    """Tokens (piece ids), the separator after each token inside its sentence, sentence lengths,
    the paragraph of each sentence, and the dateline put before the first paragraph."""

    dateline: str
    tokens: np.ndarray  # int32
    inner: np.ndarray  # int8 separator ids; the last of each sentence is ignored
    sent_len: np.ndarray  # int64
    para: np.ndarray  # int64, non-decreasing, one per sentence

    def sentences(self) -> list[tuple[np.ndarray, np.ndarray, int]]:
        ends = np.cumsum(self.sent_len)
        starts = ends - self.sent_len
        return [(self.tokens[s:e], self.inner[s:e], p)
                for s, e, p in zip(starts.tolist(), ends.tolist(), self.para.tolist(),
                                   strict=True)]

    @classmethod
    def from_sentences(cls, dateline: str,
                       sents: list[tuple[np.ndarray, np.ndarray, int]]) -> Story:
        # Renumber paragraphs 0, 1, 2, ... in order of appearance.
        paras = np.array([p for _, _, p in sents], dtype=np.int64)
        change = np.concatenate([[0], (np.diff(paras) != 0).astype(np.int64)])
        return cls(dateline, np.concatenate([t for t, _, _ in sents]),
                   np.concatenate([s for _, s, _ in sents]),
                   np.array([len(t) for t, _, _ in sents], dtype=np.int64), np.cumsum(change))

    def pieces(self, lang: Language) -> np.ndarray:
        """Piece ids of the body: each token followed by its separator."""
        seps = self.inner.astype(np.int32)
        ends = np.cumsum(self.sent_len) - 1
        new_para = np.concatenate([self.para[1:] != self.para[:-1], [False]])
        seps[ends] = np.where(new_para, SEP_PERIOD_NL, SEP_PERIOD)
        seps[-1] = SEP_END
        ids = np.empty(2 * len(self.tokens), dtype=np.int32)
        ids[0::2] = self.tokens
        ids[1::2] = seps + lang.sep0
        return ids


def render(stories: list[Story], lang: Language) -> list[str]:
    """The texts of many stories, assembled in one pass over a byte table of the pieces."""
    if not stories:
        return []
    parts = [s.pieces(lang) for s in stories]
    ids = np.concatenate(parts)
    lengths = lang.plen[ids]
    starts = lang.pstart[ids]
    ends = np.cumsum(lengths, dtype=np.int64)
    # The table index of each output byte is a running sum: +1 inside a piece, and a jump to
    # the next piece's start where a piece begins (int32: a block is far below 2 GiB).
    step = np.ones(int(ends[-1]), dtype=np.int32)
    step[0] = starts[0]
    step[ends[:-1]] = starts[1:] - (starts[:-1] + lengths[:-1] - 1)
    body = lang.pbuf[np.cumsum(step, dtype=np.int32)].tobytes()
    cuts = np.concatenate([[0], ends[np.cumsum([len(p) for p in parts]) - 1]]).tolist()
    return [s.dateline + body[a:b].decode("ascii")
            for s, a, b in zip(stories, cuts[:-1], cuts[1:], strict=True)]


@dataclass
class Cast:
    first: np.ndarray
    last: np.ndarray
    places: np.ndarray
    agency: np.ndarray
    topic: np.ndarray


class Writer:
    """Makes stories and their copies with one random generator, in corpus order."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.lang = language()

    # -- building blocks -----------------------------------------------------------------

    def casts(self, k: int) -> list[Cast]:
        r, g = self.rng, self.lang
        first = g.first[r.integers(0, len(g.first), (k, 3))]
        last = g.last[r.integers(0, len(g.last), (k, 3))]
        places = g.places[r.integers(0, len(g.places), (k, 2))]
        agency = g.agencies[r.integers(0, len(g.agencies), (k, 1))]
        topic = r.integers(g.topic_lo, g.topic_hi, (k, 12)).astype(np.int32)
        return [Cast(*row) for row in zip(first, last, places, agency, topic, strict=True)]

    def dateline(self, cast: Cast, agency: int | None = None) -> str:
        g, r = self.lang, self.rng
        place = g.pieces[int(cast.places[0])].upper()
        month = _MONTHS[int(r.integers(0, 12))]
        who = g.pieces[int(cast.agency[0]) if agency is None else agency]
        return f"{place}, {month} {int(r.integers(1, 29))} ({who}) - "

    def sentence_lengths(self, words: list[int]) -> list[np.ndarray]:
        """Sentences of 8-35 words (mean 20) adding up to about ``words``, per story."""
        pool = np.clip(np.rint(self.rng.normal(20.0, 6.5, size=sum(w // 8 + 2 for w in words))),
                       8, 35).astype(np.int64)
        out, at = [], 0
        for w in words:
            draw = pool[at : at + w // 8 + 2]
            at += w // 8 + 2
            cut = int(np.searchsorted(np.cumsum(draw), w)) + 1
            out.append(draw[: max(2, min(cut, len(draw)))])
        return out

    def paragraphs(self, counts: list[int]) -> list[np.ndarray]:
        """Paragraph index per sentence: a one-sentence lead, then paragraphs of 1-3."""
        pool = self.rng.choice([1, 2, 3], size=sum(counts), p=[0.3, 0.45, 0.25])
        out, at = [], 0
        for c in counts:
            sizes = pool[at : at + c].copy()
            at += c
            sizes[0] = 1
            out.append(np.repeat(np.arange(c), sizes)[:c].astype(np.int64))
        return out

    def fill(self, sent_lens: list[np.ndarray],
             casts: list[Cast]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Tokens and inner separators of many stories at once."""
        r, g = self.rng, self.lang
        sent_len = np.concatenate(sent_lens)
        totals = np.array([int(s.sum()) for s in sent_lens], dtype=np.int64)
        total = int(totals.sum())
        doc = np.repeat(np.arange(len(casts)), totals)
        first = np.stack([c.first for c in casts])
        last_names = np.stack([c.last for c in casts])
        places = np.stack([c.places for c in casts])
        agency = np.stack([c.agency for c in casts])
        topic = np.stack([c.topic for c in casts])
        tokens = g.draw(r, total)
        ends = np.cumsum(sent_len)
        starts = ends - sent_len
        last = np.zeros(total, dtype=bool)
        last[ends - 1] = True
        u = r.random(total)
        lim = 0.0
        for pool, rate in ((topic, TOPIC_RATE), (places, PLACE_RATE), (agency, AGENCY_RATE)):
            m = np.flatnonzero((u >= lim) & (u < lim + rate))
            lim += rate
            tokens[m] = pool[doc[m], r.integers(0, pool.shape[1], len(m))]
        m = np.flatnonzero((u >= lim) & (u < lim + NUMBER_RATE))
        lim += NUMBER_RATE
        tokens[m] = g.numbers[r.integers(0, len(g.numbers), len(m))]
        # People: "First Last" (never split over a sentence end), or the surname alone.
        pos = np.flatnonzero((u >= lim) & (u < lim + PERSON_RATE))
        who = r.integers(0, 3, len(pos))
        tokens[pos] = last_names[doc[pos], who]
        full = (r.random(len(pos)) < 0.5) & ~last[pos]
        pf, wf = pos[full], who[full]
        tokens[pf] = first[doc[pf], wf]
        tokens[pf + 1] = last_names[doc[pf], wf]
        # Sentence starts are capitalised words, names or numbers (not the agency, which the
        # dateline has just named).
        head = tokens[starts]
        head = np.where(np.isin(head, agency), g.draw(r, len(head)), head)
        tokens[starts] = np.where(head < g.vocab, head + g.vocab, head)
        self.no_repeats(tokens)
        inner = np.where(r.random(total) < COMMA_RATE, SEP_COMMA, SEP_SPACE).astype(np.int8)
        cuts = np.cumsum(totals)[:-1]
        return list(zip(np.split(tokens, cuts), np.split(inner, cuts), strict=True))

    def stories(self, words: list[int]) -> list[tuple[Story, Cast]]:
        """Original stories of about the given lengths."""
        if not words:
            return []
        casts = self.casts(len(words))
        lens = self.sentence_lengths(words)
        paras = self.paragraphs([len(x) for x in lens])
        filled = self.fill(lens, casts)
        return [(Story(self.dateline(c), t, s, sl, p), c)
                for c, (t, s), sl, p in zip(casts, filled, lens, paras, strict=True)]

    def substitute(self, tokens: np.ndarray, rate: float) -> np.ndarray:
        """Replace a share of the words (not names or numbers) by other words, keeping case."""
        g, r = self.lang, self.rng
        out = tokens.copy()
        m = (r.random(len(out)) < rate) & (out < 2 * g.vocab)
        new = g.draw(r, int(m.sum()))
        out[m] = new + np.where(out[m] >= g.vocab, g.vocab, 0).astype(np.int32)
        return self.no_repeats(out)

    def no_repeats(self, tokens: np.ndarray) -> np.ndarray:
        """Redraw each token equal to the one before it (case aside), in place: independent
        draws double a frequent word every few hundred words, which English rarely does. A
        doubled name or number becomes a word (capitalised if the name was)."""
        g, r = self.lang, self.rng
        for _ in range(50):
            words = tokens < 2 * g.vocab
            norm = np.where(words, tokens % g.vocab, tokens)
            pos = np.flatnonzero(norm[1:] == norm[:-1]) + 1
            if not len(pos):
                break
            cap = (tokens[pos] >= g.vocab) & (tokens[pos] < g.numbers[0])
            tokens[pos] = g.draw(r, len(pos)) + np.where(cap, g.vocab, 0).astype(np.int32)
        return tokens

    # -- copies --------------------------------------------------------------------------

    def other_agency(self) -> int:
        g = self.lang
        return int(g.agencies[int(self.rng.integers(0, len(g.agencies)))])

    def near_duplicate(self, src: Story, cast: Cast, rate: float | None = None,
                       new_lead: bool = True, trim: bool = True) -> Story:
        r = self.rng
        rate = float(r.uniform(0.01, 0.03)) if rate is None else rate
        tokens = self.substitute(src.tokens, rate)
        dateline = src.dateline
        if new_lead:  # a different first line: another dateline, the lead reworded
            lead = int(src.sent_len[0])
            tokens[:lead] = self.substitute(src.tokens[:lead], float(r.uniform(0.2, 0.3)))
            dateline = self.dateline(cast, self.other_agency())
        copy = Story(dateline, tokens, src.inner, src.sent_len, src.para)
        n_para = int(src.para[-1]) + 1
        drop = int(r.integers(0, 3)) if trim and n_para > 4 else 0
        if not drop:
            return copy
        return Story.from_sentences(dateline, [s for s in copy.sentences()
                                               if s[2] < n_para - drop])

    def rewrite(self, src: Story, cast: Cast) -> Story:
        r, g = self.rng, self.lang
        rate = float(r.uniform(0.2, 0.3))
        reworded = Story(src.dateline, self.substitute(src.tokens, rate), src.inner,
                         src.sent_len, src.para)
        sents = reworded.sentences()
        n = len(sents)
        dropped = r.random(n) < 0.10
        swapped = r.random(n) < 0.7
        shortened = r.random(n) < 0.5
        merged = r.random(n) < 0.10
        where = r.random((n, 2))
        out: list[tuple[np.ndarray, np.ndarray, int]] = []
        for k, (t, s, p) in enumerate(sents):
            if k > 0 and dropped[k]:
                continue
            t, s = t.copy(), s.copy()
            if len(t) > 4 and swapped[k]:  # two adjacent words swapped
                j = 1 + int(where[k, 0] * (len(t) - 3))
                t[j], t[j + 1] = t[j + 1], t[j]
            if len(t) > 8 and shortened[k]:  # a word left out
                j = 1 + int(where[k, 1] * (len(t) - 2))
                t, s = np.delete(t, j), np.delete(s, j)
            if out and out[-1][2] == p and k > 1 and merged[k]:  # merged into the previous one
                pt, ps, _ = out[-1]
                ps = ps.copy()
                ps[-1] = SEP_COMMA
                if g.vocab <= t[0] < 2 * g.vocab:
                    t[0] -= g.vocab
                out[-1] = (np.concatenate([pt, t]), np.concatenate([ps, s]), p)
                continue
            out.append((t, s, p))
        story = Story.from_sentences(self.dateline(cast, self.other_agency()), out)
        self.no_repeats(story.tokens)  # swaps and left-out words can put two equal words together
        return story

    def live_blog(self, src: Story) -> Story:
        r = self.rng
        own_paras = int(r.integers(30, 61))
        cast, = self.casts(1)
        sizes = r.choice([1, 2, 3], size=own_paras, p=[0.3, 0.45, 0.25])
        sizes[0] = 1
        lens = np.clip(np.rint(r.normal(20.0, 6.5, size=int(sizes.sum()))), 8, 35).astype(np.int64)
        (tokens, inner), = self.fill([lens], [cast])
        blog = Story(self.dateline(cast), tokens, inner, lens,
                     np.repeat(np.arange(own_paras), sizes).astype(np.int64))
        own = blog.sentences()
        # 3-5 consecutive source paragraphs, grown until they hold 40% of its words.
        src_sents = src.sentences()
        n_para = int(src.para[-1]) + 1
        para_words = np.bincount(src.para, weights=src.sent_len, minlength=n_para)
        k = min(int(r.integers(3, 6)), n_para)
        from_lead = r.random() < 0.5 or n_para - k < 1
        lo = 0 if from_lead else int(r.integers(1, n_para - k + 1))
        hi = lo + k
        while para_words[lo:hi].sum() < 0.4 * para_words.sum():
            if hi < n_para:
                hi += 1
            else:
                lo -= 1
        pasted = [(t, s, 1000 + p) for t, s, p in src_sents if lo <= p < hi]
        at = int(r.integers(1, own_paras + 1))
        cut = next((i for i, (_, _, p) in enumerate(own) if p >= at), len(own))
        return Story.from_sentences(blog.dateline, own[:cut] + pasted + own[cut:])


# --------------------------------------------------------------------------------------------
# The corpus plan and the generator.


@dataclass(frozen=True)
class Plan:
    """What each position of the corpus is.

    ``kind`` is "original", "hot" or a KINDS entry, ``source`` the index of the original it
    copies (-1 for originals), ``words`` the target length of an original.
    """

    kind: np.ndarray  # object array of str
    source: np.ndarray  # int64
    words: np.ndarray  # int64
    published: np.ndarray  # str, ISO 8601 UTC

    def truth(self) -> list[list[str]]:
        """``[source_id, derived_id, kind]`` for every copy (hot copies are near duplicates)."""
        return [[doc_id(int(s)), doc_id(i), "near_duplicate" if k == "hot" else str(k)]
                for i, (k, s) in enumerate(zip(self.kind.tolist(), self.source.tolist(),
                                               strict=True)) if s >= 0]


def doc_id(i: int) -> str:
    return f"s{i + 1:07d}"


def make_plan(n: int, seed: int = 0, hot: int = 0) -> Plan:
    """The corpus layout, from its own stream of the seed (cheap: no text is made)."""
    rng = np.random.default_rng([seed, 1])
    kinds = np.array(["original", *KINDS], dtype=object)
    shares = [1.0 - sum(SHARES.values()), *(SHARES[k] for k in KINDS)]
    kind = kinds[rng.choice(len(kinds), size=n, p=shares)]
    kind[: min(n, FIRST_ORIGINALS)] = "original"
    words = np.clip(np.rint(rng.lognormal(np.log(MEDIAN_WORDS), LENGTH_SIGMA, size=n)),
                    MIN_WORDS, MAX_WORDS).astype(np.int64)
    source = np.full(n, -1, dtype=np.int64)
    hot_at = np.zeros(0, dtype=np.int64)
    if hot > 0 and n > 1:
        hot_at = np.unique(np.linspace(1, n - 1, num=min(hot, n - 1)).astype(np.int64))
        kind[hot_at] = "hot"
        kind[0] = "original"
    idx = np.arange(n)
    orig = np.flatnonzero(kind == "original")
    short = orig[words[orig] <= SHORT_WORDS]

    def pick(at: np.ndarray, pool: np.ndarray, window: int) -> np.ndarray:
        """For each position, one of the last ``window`` pool entries before it."""
        before = np.searchsorted(pool, at)
        lo = np.maximum(0, before - window)
        return pool[lo + (rng.random(len(at)) * (before - lo)).astype(np.int64)]

    for name in KINDS:
        at = idx[kind == name]
        if name == "contains":
            has_short = np.searchsorted(short, at) > 0
            source[at[has_short]] = pick(at[has_short], short, SHORT_WINDOW)
            source[at[~has_short]] = pick(at[~has_short], orig, WINDOW)
        else:
            source[at] = pick(at, orig, WINDOW)
    source[hot_at] = 0
    gaps = rng.exponential(30.0, size=n).astype(np.int64) + 1
    seconds = np.cumsum(gaps)
    stamps = np.datetime64("2024-01-01T00:00:00", "s") + seconds.astype("timedelta64[s]")
    published = np.datetime_as_string(stamps, unit="s", timezone="UTC")
    return Plan(kind, source, words, published)


def generate(n: int, seed: int = 0, hot: int = 0) -> Iterator[dict[str, str]]:
    """Yield ``{"id", "text", "published"}`` records in corpus (and publication) order."""
    plan = make_plan(n, seed, hot)
    writer = Writer(np.random.default_rng([seed, 2]))
    last_use: dict[int, int] = {}
    for i, s in enumerate(plan.source.tolist()):
        if s >= 0:
            last_use[s] = i
    kept: dict[int, tuple[Story, Cast]] = {}
    hot_turn = 0
    kinds = plan.kind.tolist()
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        # The block's originals at once, then its copies in order (sources are originals).
        orig = [i for i in range(lo, hi) if kinds[i] == "original"]
        made = dict(zip(orig, writer.stories(plan.words[orig].tolist()), strict=True))
        stories: list[Story] = []
        for i in range(lo, hi):
            if i in made:
                story, cast = made[i]
                if i in last_use:
                    kept[i] = made[i]
                stories.append(story)
                continue
            src = int(plan.source[i])
            base, cast = kept[src]
            if kinds[i] == "hot":
                hot_turn += 1
                story = base if hot_turn % 2 else writer.near_duplicate(
                    base, cast, rate=0.01, new_lead=False, trim=False)
            elif kinds[i] == "near_duplicate":
                story = writer.near_duplicate(base, cast)
            elif kinds[i] == "rewrite":
                story = writer.rewrite(base, cast)
            else:
                story = writer.live_blog(base)
            if last_use[src] == i:
                del kept[src]
            stories.append(story)
        for i, text in zip(range(lo, hi), render(stories, writer.lang), strict=True):
            yield {"id": doc_id(i), "text": text, "published": str(plan.published[i])}


def truth_path(path: str | os.PathLike[str]) -> Path:
    """``corpus.jsonl`` -> ``corpus.truth.json``."""
    p = Path(path)
    return p.with_name(p.name.removesuffix(".jsonl").removesuffix(".ndjson") + ".truth.json")


def read_truth(path: str | os.PathLike[str]) -> list[tuple[str, str, str]] | None:
    """The ground truth beside a corpus, or None when there is none."""
    t = truth_path(path)
    if not t.exists():
        return None
    return [(a, b, k) for a, b, k in json.loads(t.read_text(encoding="utf-8"))]


def write_corpus(path: str | os.PathLike[str], n: int, seed: int = 0, hot: int = 0) -> Path:
    """Write the corpus as JSONL and its truth beside it (both atomically); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for rec in generate(n, seed, hot):
            f.write(json.dumps(rec) + "\n")
    truth = make_plan(n, seed, hot).truth()
    ttmp = tmp.with_suffix(".truth.tmp")
    ttmp.write_text(json.dumps(truth) + "\n", encoding="utf-8")
    ttmp.replace(truth_path(path))
    tmp.replace(path)
    return path


def default_cache() -> Path:
    return Path(tempfile.gettempdir()) / "dupdetect-bench"


def cached_corpus(n: int, seed: int = 0, hot: int = 0,
                  cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The corpus for ``(n, seed, hot)`` in ``cache_dir``, generated on first use."""
    folder = Path(cache_dir) if cache_dir is not None else default_cache()
    name = f"synthetic-v{GENERATOR_VERSION}-n{n}-seed{seed}" + (f"-hot{hot}" if hot else "")
    path = folder / f"{name}.jsonl"
    if not (path.exists() and truth_path(path).exists()):
        write_corpus(path, n, seed, hot)
    return path


# --------------------------------------------------------------------------------------------
# Checking that the phenomena hold.

_WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"(?<=\.)\s+")


def shingles(text: str, k: int = 5) -> set[str]:
    w = _WORD.findall(text.lower())
    return {" ".join(w[i : i + k]) for i in range(max(0, len(w) - k + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in _SENT_END.split(line) if s.strip()]


def check(path: str | os.PathLike[str], sample: int = 150, seed: int = 0) -> dict[str, Any]:
    """Measure the copies of a corpus against their sources (exact word 5-gram Jaccard, the
    share of the source's 5-grams found in the copy, and for rewrites rapidfuzz ``fuzz.ratio``
    of each rewritten sentence to its best-matching source sentence)."""
    from rapidfuzz import fuzz, process

    truth = read_truth(path) or []
    texts: dict[str, str] = {}
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts[rec["id"]] = rec["text"]
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {"documents": len(texts), "pairs": dict.fromkeys(KINDS, 0)}
    words = [len(_WORD.findall(t)) for t in texts.values()]
    out["median_words"] = float(np.median(words))
    by_kind: dict[str, list[tuple[str, str]]] = {k: [] for k in KINDS}
    for a, b, k in truth:
        by_kind[k].append((a, b))
    ratios: list[float] = []
    unrelated_ratios: list[float] = []
    ids = list(texts)
    for kind, pairs in by_kind.items():
        out["pairs"][kind] = len(pairs)
        chosen = [pairs[i] for i in sorted(rng.permutation(len(pairs))[:sample].tolist())]
        jac, cont = [], []
        for a, b in chosen:
            sa, sb = shingles(texts[a]), shingles(texts[b])
            jac.append(jaccard(sa, sb))
            cont.append(len(sa & sb) / len(sa) if sa else 0.0)
            if kind == "rewrite":
                src = sentences(texts[a])
                for s in sentences(texts[b]):
                    best = process.extractOne(s, src, scorer=fuzz.ratio)
                    ratios.append(best[1] if best else 0.0)
                other = texts[ids[int(rng.integers(0, len(ids)))]]
                for s in sentences(texts[b])[:5]:
                    best = process.extractOne(s, sentences(other), scorer=fuzz.ratio)
                    unrelated_ratios.append(best[1] if best else 0.0)
        out[kind] = {"sampled": len(chosen),
                     "median_jaccard": _median(jac),
                     "p10_p90_jaccard": _p10_p90(jac),
                     "median_source_in_copy": _median(cont)}
    rand = []
    for _ in range(min(sample, len(ids) * 2)):
        i, j = rng.integers(0, len(ids), 2).tolist()
        if i != j:
            rand.append(jaccard(shingles(texts[ids[i]]), shingles(texts[ids[j]])))
    out["unrelated"] = {"sampled": len(rand), "median_jaccard": _median(rand),
                        "max_jaccard": round(max(rand), 4) if rand else None}
    if ratios:
        q = np.percentile(ratios, [25, 50, 75])
        out["rewrite"]["sentence_ratio"] = {
            "sentences": len(ratios), "p25": round(float(q[0]), 1),
            "median": round(float(q[1]), 1), "p75": round(float(q[2]), 1),
            "share_65_85": round(float(np.mean((np.array(ratios) >= 65)
                                               & (np.array(ratios) <= 85))), 3),
            "unrelated_best_median": round(statistics.median(unrelated_ratios), 1)}
    return out


def _p10_p90(xs: list[float]) -> list[float] | None:
    return [round(float(q), 4) for q in np.percentile(xs, [10, 90])] if xs else None


def _median(xs: list[float]) -> float | None:
    return round(float(statistics.median(xs)), 4) if xs else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of stories")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hot", type=int, default=0, help="copies of one story spread over the corpus")
    ap.add_argument("--out", type=Path, help="JSONL file to write (truth beside it)")
    ap.add_argument("--check", action="store_true",
                    help="measure the phenomena on a sample of the written corpus")
    ap.add_argument("--check-only", type=Path, metavar="FILE",
                    help="measure an existing corpus (with FILE.truth.json) and write nothing")
    ap.add_argument("--sample", type=int, default=150, help="pairs per kind for --check")
    args = ap.parse_args(argv)
    target = args.check_only
    if target is None:
        if args.out is None:
            ap.error("--out is required unless --check-only is given")
        write_corpus(args.out, args.n, args.seed, args.hot)
        print(f"wrote {args.n} stories to {args.out} and {truth_path(args.out)}", file=sys.stderr)
        target = args.out if args.check else None
    if target is not None:
        print(json.dumps(check(target, sample=args.sample), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
