"""Page clutter out, wire furniture into provenance: story text as one paragraph per line.

:func:`clean` takes a story as decoded from a ``.txt`` file, a JSON record or HTML extraction and
returns :class:`Cleaned`: the content paragraphs (original characters and case kept; quote, dash
and case folding is :mod:`dupdetect.normalize`'s job), the wire furniture found (byline, dateline,
credits, correction/update notes) as :class:`Provenance`, and every line it dropped with a reason.

What is removed, and the reason recorded:

``"furniture"``
    Whole short lines of web furniture: share buttons, "Advertisement", "Back to top",
    "Source link", comment counters, newsletter/subscribe/follow prompts, "Skip to content",
    "Menu", "Trending: ...", "Tags: ...", "Read more: ...", "Click here ...", copyright lines,
    cookie notices (a site's consent notice also as a paragraph of up to 150 words, in several
    languages), "Published ..." stamps, "Photo: ..." captions, the wire's "Reuter" sign-off,
    "Follow <site> on Twitter ..." and "Support local journalism ..." prompts; and the text a
    page shows in place of its audio or video player ("Your browser does not support the audio
    element."), wherever it stands, also inside a paragraph.
``"navigation"``
    Lines made of short items separated by ``|``, ``•``, ``·``, `` / ``, `` » `` or `` › ``.
``"headline list"``
    A "Related articles" / "More headlines" / "Читайте также" ... heading and the short
    headline-like lines under it; a run of three or more headline-like lines (at most 15 words, no
    sentence-final ``.`` ``…`` ``:`` ``;`` ``,``, not ending on "and", "the", "of" ...) at the
    very top or bottom of the text.
``"repeated line"``
    Later copies of a short line (at most 15 words) seen earlier in the same text; every copy
    when the line also sits in a headline list.
``"recurring line"``
    Lines whose key is in the ``recurring`` set (see :func:`find_recurring_lines`).
``"block page"``
    The whole text, when what is left of it is a page a site shows in place of the story to a
    reader it takes for a robot ("I am not a robot", "Your IP address: ...", at most 120
    words).
``"byline"``, ``"dateline"``, ``"credit"``, ``"note"``
    Wire furniture, moved into :class:`Provenance`. Notes are update and correction notes, and
    a page's statement that it comes unedited from an agency's feed ("This story has not been
    edited by ... staff and is auto-generated from a syndicated feed."): a page with a note is
    taken for a later version or a copy when an origin is chosen.

Hard-wrapped input (1987-wire style: lines broken near a fixed column, paragraphs marked by an
indent or a blank line) is detected and joined back into paragraphs; :func:`clean` says how. The
pattern tables and one-line recognisers live in :mod:`dupdetect._clean_rules`.

Examples
--------
>>> c = clean("Share\\nKORVALA (MP) — The river rose.\\nAdvertisement\\n(Reporting by Ana Lind)")
>>> c.text
'The river rose.'
>>> c.provenance.dateline, c.provenance.credits
('KORVALA (MP)', ('Reporting by Ana Lind',))
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from dupdetect import _clean_rules as rules
from dupdetect.errors import InvalidParameterError

__all__ = [
    "Cleaned",
    "LineKeys",
    "Provenance",
    "clean",
    "clean_corpus",
    "find_recurring_lines",
    "line_key",
    "line_keys",
    "recurring_from_keys",
]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Wire furniture taken out of a story.

    Parameters
    ----------
    byline : str or None
        Names from the byline, ``"By Jane Doe"`` -> ``"Jane Doe"``; an affiliation given after a
        comma or on the next line is kept after a comma (``"Jane Doe, Meridian Press"``).
    dateline : str or None
        The dateline prefix of the first paragraph without its dash, e.g.
        ``"KORVALA, Estvania (MP)"``.
    credits : tuple of str
        Credit lines without their brackets, e.g. ``"Reporting by Ana Lind; Editing by Tom Roe"``.
    notes : tuple of str
        Update and correction notes, e.g. ``"Updates with minister's comment"`` or
        ``"Correction: An earlier version misspelt the minister's name."``.
    """

    byline: str | None = None
    dateline: str | None = None
    credits: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned story.

    Parameters
    ----------
    text : str
        Content only, one paragraph per line joined by ``"\\n"``, original characters and case.
    provenance : Provenance
        Byline, dateline, credits and notes found in the input.
    removed : tuple of (str, str)
        ``(line, reason)`` for every line dropped, and for the dateline prefix and trailing credit
        removed from a kept paragraph, in the order they were found.
    """

    text: str
    provenance: Provenance = field(default_factory=Provenance)
    removed: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------------------------------------
# Lines


def line_key(line: str) -> str:
    """The key lines are compared on: whitespace collapsed, case folded.

    Examples
    --------
    >>> line_key("  Sign up for  our NEWSLETTER ")
    'sign up for our newsletter'
    """
    return " ".join(line.split()).casefold()


def _count_and_key(line: str) -> tuple[int, str, list[str] | None]:
    """``rules.word_count`` and :func:`line_key` of a line, and its words (``line.split()``)
    if they were split: an ASCII line whose words are one space apart is its own collapsed
    form, and its words are its spaces and one (most lines of a story are such). Of ASCII,
    only the space is both whitespace and printable."""
    if (line and line.isascii() and line.isprintable() and line[0] != " " and line[-1] != " "
            and "  " not in line):
        return line.count(" ") + 1, line.lower(), None
    words = line.split()
    return rules.word_count(line, words), " ".join(words).casefold(), words


class _Facts(NamedTuple):
    """What a cleaning pass needs to know about one line taken on its own."""

    kind: str | None  # "note", "credit", "byline", "furniture", "navigation" or None
    value: str | None  # the note, credit or byline names found
    tail: tuple[int, str] | None  # (start, credit) of a trailing credit in brackets
    key: str  # line_key(line)
    short: bool  # at most HEADLINE_MAX_WORDS words
    headline_like: bool
    related_heading: bool  # a "Related articles" heading
    # The line without the furniture glued to it (player text, appeals at its edges, a press
    # office's contact block), and the pieces; None if it has none.
    glued: tuple[str, tuple[str, ...]] | None


@lru_cache(maxsize=8192)
def _facts(line: str) -> _Facts:
    # Cached: a pass looks again at every line the pass before kept, and a corpus repeats its
    # furniture lines.
    kind: str | None = None
    value: str | None = None
    tail: tuple[int, str] | None = None
    glued: tuple[str, tuple[str, ...]] | None = None
    count, key, words = _count_and_key(line)
    prose = count > rules.FURNITURE_MAX_WORDS  # too long for furniture or a headline
    if (value := rules.parse_note(line)) is not None:
        kind = "note"
    elif (value := rules.parse_credit(line)) is not None:
        kind = "credit"
    elif (value := rules.parse_byline(line)) is not None:
        kind = "byline"
    elif rules.is_consent_notice(line, count) if prose else rules.is_furniture(line, count):
        kind = "furniture"
    elif rules.is_nav(line):
        kind = "navigation"
    else:
        tail = rules.credit_tail(line)
        glued = _glued(line)
    return _Facts(
        kind,
        value,
        tail,
        key,
        count <= rules.HEADLINE_MAX_WORDS,
        not prose and rules.is_headline_like(line, line.split() if words is None else words),
        not prose and bool(rules.RELATED_HEADING.fullmatch(line)),
        glued,
    )


def _glued(line: str) -> tuple[str, tuple[str, ...]] | None:
    rest, pieces = rules.media_fallbacks(line)
    if not pieces:
        rest, pieces = rules.edge_appeals(line)
    if pieces:
        return rest, tuple(pieces)
    start = rules.contact_tail(line)
    if start is not None:
        return line[:start].rstrip(), (line[start:].strip(),)
    return None


# ---------------------------------------------------------------------------------------------
# Paragraphs: blank-line, one-per-line and hard-wrapped input

_WRAP_MIN_WIDTH = 30
_WRAP_MAX_WIDTH = 100
_WRAP_SLACK = 8  # columns, for wrappers that are not quite greedy (at most W / 8)
_LIST_ITEM = re.compile(r"\s*(?:[-*•·▪‣◦–—]\s|\d{1,3}[.)]\s|[a-z][.)]\s)")
_HYPHENATED = re.compile(r"[^\W\d_]-$")  # matched at len - 2: paragraphs grow long


def _first_letter_is_lower(line: str) -> bool:
    return next((ch for ch in line if ch.isalpha()), "A").islower()


def _stands_alone(line: str) -> bool:
    """A byline or furniture line is never joined to the line above it."""
    return rules.parse_byline(line) is not None or rules.is_furniture(line)


def _paragraphs(text: str) -> list[str]:
    """Split ``text`` into stripped paragraphs, joining hard-wrapped lines.

    The text counts as hard-wrapped when its wrap width ``W`` (the longest line of at most 100
    columns, with at least 80% of the lines within it) is 30-100 columns and at least two pairs of
    consecutive lines look wrapped: the first line is so long that the next line's first word would
    not have fitted after it (``len(a) + 1 + len(word) > W - slack``: the greedy-wrap condition,
    with up to 8 columns of slack for wrappers that are not quite greedy). Of those pairs at least
    half must end without sentence punctuation and a quarter continue in lower case (or after a
    comma or hyphen), which sets wrapped prose apart from a list of headlines.

    In a hard-wrapped text a line joins the previous one when that condition holds, unless it is
    indented deeper than the text's least indent (a paragraph start), a list item, a capitalised
    line after a list item, or a line that stands alone anyway (byline, web furniture). A word
    hyphenated across the break is joined without a space. The text's first line may be short
    (the 1987 wire's bodies lost their dateline, and with it the start of their first line), so
    it is joined on other evidence: see :func:`_first_line_runs_on`.
    """
    raw = text.splitlines()
    stripped = [line.strip() for line in raw]
    nonblank = [i for i, line in enumerate(stripped) if line]
    if not nonblank:
        return []
    n = len(raw)
    lines = [""] * n  # right-stripped, "" for a blank line
    widths = [-1] * n
    indents = [0] * n
    for i in nonblank:
        line = raw[i].rstrip()
        lines[i] = line
        expanded = line.expandtabs(4) if "\t" in line else line
        widths[i] = len(expanded)
        indents[i] = len(expanded) - len(expanded.lstrip())
    short = [widths[i] for i in nonblank if widths[i] <= _WRAP_MAX_WIDTH]
    width = max(short, default=0)
    if width < _WRAP_MIN_WIDTH or len(short) < 0.8 * len(nonblank):
        return [stripped[i] for i in nonblank]
    base = min(indents[i] for i in nonblank)
    limit = width - min(_WRAP_SLACK, width // 8)

    def may_follow(a: int, b: int) -> bool:
        """Whether line ``b`` may continue line ``a`` in a wrapped paragraph, fit aside."""
        return (
            0 <= widths[a] <= width
            and 0 <= widths[b] <= width
            and indents[b] <= base
            and not _LIST_ITEM.match(lines[b])
            and not (_LIST_ITEM.match(lines[a]) and not _first_letter_is_lower(stripped[b]))
            and not _stands_alone(stripped[b])
        )

    # joins[i]: line i continues line i - 1. Cheap tests first: most pairs fail the fit.
    joins = [False] * n
    for i in range(1, n):
        if 0 <= widths[i - 1] <= width and widths[i] >= 0:
            first_word = stripped[i].split(maxsplit=1)[0]
            joins[i] = widths[i - 1] + 1 + len(first_word) > limit and may_follow(i - 1, i)
    fits = [i for i in range(1, n) if joins[i]]
    # The first line may be short (see above), so it joins on other evidence; evidence in the two
    # lines themselves also counts towards deciding whether the text is wrapped at all.
    first = nonblank[0]
    evidence = None
    if first + 1 < n and not joins[first + 1] and may_follow(first, first + 1):
        evidence = _first_line_runs_on(stripped[first], stripped[first + 1])
        if evidence == "lines":
            fits.append(first + 1)
    if len(fits) < 2:
        return [stripped[i] for i in nonblank]
    open_ends = sum(1 for i in fits if not rules.ends_sentence(lines[i - 1]))
    flowing = sum(
        1 for i in fits if _first_letter_is_lower(lines[i]) or lines[i - 1].endswith((",", "-"))
    )
    if open_ends * 2 < len(fits) or flowing * 4 < len(fits):
        return [stripped[i] for i in nonblank]
    if evidence == "lines" or (
        evidence == "indent" and any(indents[i] > base for i in nonblank[2:])
    ):
        joins[first + 1] = True

    paragraphs: list[str] = []
    for i in nonblank:
        if joins[i]:
            head, tail = paragraphs[-1], stripped[i]
            hyphenated = head.endswith("-") and _HYPHENATED.match(head, len(head) - 2)
            if hyphenated and _first_letter_is_lower(tail[:1]):
                paragraphs[-1] = head + tail
            else:
                paragraphs[-1] = f"{head} {tail}"
        else:
            paragraphs.append(stripped[i])
    return paragraphs


def _first_line_runs_on(first: str, second: str) -> str | None:
    """Why the first line of a hard-wrapped text would run on into the second (fit aside).

    ``"lines"`` when the second line goes on in lower case or the first ends on a comma, a
    hyphen or a word no headline ends on ("the", "of" ...); ``"indent"`` when the second line
    goes on only if the text's paragraphs start indented (then an unindented line cannot start
    one); None when the first line is in capitals (a wire headline), a byline, furniture, a
    credit or a note, or the second opens with a dateline.
    """
    if (
        first.upper() == first
        or rules.parse_note(first) is not None
        or rules.parse_credit(first) is not None
        or _stands_alone(first)
        or rules.is_nav(first)
        or rules.parse_dateline(second) is not None
    ):
        return None
    if _first_letter_is_lower(second):
        return "lines"
    if not rules.ends_sentence(first) and (
        first.endswith((",", "-")) or first.split()[-1].casefold() in rules.DANGLING_WORDS
    ):
        return "lines"
    return "indent"


# ---------------------------------------------------------------------------------------------
# One cleaning pass


@dataclass(slots=True)
class _Found:
    """Provenance and removals collected over the passes of one :func:`clean` call."""

    byline: str | None = None
    dateline: str | None = None
    credits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)

    def credit(self, value: str) -> None:
        if value not in self.credits:
            self.credits.append(value)

    def note(self, value: str) -> None:
        if value not in self.notes:
            self.notes.append(value)

    def provenance(self) -> Provenance:
        return Provenance(self.byline, self.dateline, tuple(self.credits), tuple(self.notes))


def _clean_pass(lines: list[str], recurring: frozenset[str], found: _Found) -> list[str]:
    """Remove what one look at ``lines`` finds; :func:`clean` repeats it until nothing changes.

    The decisions depend on ``lines`` and ``recurring`` only (never on earlier passes), so a text
    that one pass leaves alone is left alone by :func:`clean` too.
    """
    n = len(lines)
    reasons: list[str | None] = [None] * n
    lines = list(lines)
    facts = [_facts(line) for line in lines]
    removed: list[tuple[int, str, str]] = []

    # 1. Whole lines recognised one by one.
    i = 0
    while i < n:
        kind, value = facts[i].kind, facts[i].value
        if kind == "note" and value is not None:
            reasons[i] = kind
            found.note(value)
        elif kind == "credit" and value is not None:
            reasons[i] = kind
            found.credit(value)
        elif kind == "byline" and value is not None:
            reasons[i] = kind
            if i + 1 < n and rules.is_affiliation(lines[i + 1]):
                reasons[i + 1] = "byline"
                value = f"{value}, {lines[i + 1]}"
                i += 1
            if found.byline is None:
                found.byline = value
        elif kind is not None:
            reasons[i] = kind
        elif recurring and facts[i].key in recurring:
            reasons[i] = "recurring line"
        elif (glued := facts[i].glued) is not None:
            rest, pieces = glued
            if rest:
                removed.extend((i, piece, "furniture") for piece in pieces)
                lines[i] = rest
                facts[i] = _facts(rest)
            else:  # nothing but furniture: the whole line goes, recorded once
                reasons[i] = "furniture"
        elif (tail := facts[i].tail) is not None:
            start, credit = tail
            found.credit(credit)
            removed.append((i, lines[i][start:].strip(), "credit"))
            lines[i] = lines[i][:start].rstrip()
            facts[i] = _facts(lines[i])
        i += 1

    # 2. Related-article headings and the headline-like lines under them.
    in_list: set[int] = set()
    for i in range(n):
        if reasons[i] not in (None, "furniture") or not facts[i].related_heading:
            continue
        in_list.add(i)
        for j in range(i + 1, n):
            if reasons[j] is not None:
                continue
            if not facts[j].headline_like:
                break
            in_list.add(j)
    for i in in_list:
        reasons[i] = reasons[i] or "headline list"

    # 3. Runs of headline-like lines at the very top or bottom.
    kept = [i for i in range(n) if reasons[i] is None]
    if not all(facts[i].headline_like for i in kept):
        for run in (kept, kept[::-1]):
            head = []
            for i in run:
                if not facts[i].headline_like:
                    break
                head.append(i)
            if len(head) >= 3:
                for i in head:
                    reasons[i] = "headline list"
                    in_list.add(i)

    # 4. Short lines seen more than once.
    list_keys = {facts[i].key for i in in_list}
    seen: set[str] = set()
    for i in range(n):
        if reasons[i] is not None or not facts[i].short:
            continue
        key = facts[i].key
        if key in list_keys or key in seen:
            reasons[i] = "repeated line"
        seen.add(key)

    # 5. The dateline of the first paragraph (past any headline-like lines above it).
    for i in range(n):
        if reasons[i] is not None:
            continue
        parsed = rules.parse_dateline(lines[i])
        if parsed is not None:
            dateline, rest = parsed
            if found.dateline is None:
                found.dateline = dateline
            if rest:
                removed.append((i, lines[i][: len(lines[i]) - len(rest)].strip(), "dateline"))
                lines[i] = rest
            else:
                reasons[i] = "dateline"
            break
        if not facts[i].headline_like:
            break

    # 6. A page shown in place of the story to a reader taken for a robot: all of it.
    kept = [i for i in range(n) if reasons[i] is None and lines[i]]
    if rules.is_block_page([lines[i] for i in kept]):
        for i in kept:
            reasons[i] = "block page"

    removed.extend((i, lines[i], reason) for i, reason in enumerate(reasons) if reason)
    removed.sort(key=lambda entry: entry[0])
    found.removed.extend((line, reason) for _, line, reason in removed)
    return [line for line, reason in zip(lines, reasons, strict=True) if reason is None and line]


# ---------------------------------------------------------------------------------------------
# Public API


def clean(text: str, *, recurring: frozenset[str] = frozenset()) -> Cleaned:
    """Remove page clutter from a story and move its wire furniture into :class:`Provenance`.

    The text is split into paragraphs (blank-line separated, one per line, or hard-wrapped
    lines joined back together), then the rules listed in the module docstring are applied again
    and again until a pass changes nothing. Because of that, ``clean`` is idempotent
    (``clean(clean(t).text).text == clean(t).text``) and deterministic.

    Hard wrapping is recognised from the text itself: its wrap width ``W`` is 30-100 columns,
    and at least two line breaks fall where a greedy wrapper would put them (the next line's
    first word would not have fitted, give or take 8 columns), mostly mid-sentence and often
    before a lower-case word. Then a line is joined to the one above where that holds, unless it
    is indented deeper than the text (a paragraph start), a list item or a byline/furniture
    line. Short lines never satisfy the rule, so navigation and headline lines stay apart. The
    first line alone may be short (the 1987 wire's bodies lost the dateline that began it): it
    joins the second when that goes on in lower case, when it ends on a comma or on a word like
    "the" or "of", or when the second line is not indented in a text of indented paragraphs;
    never when it is in capitals, a byline or furniture, or the second line opens with a dateline.

    Parameters
    ----------
    text : str
        The story as decoded.
    recurring : frozenset of str
        Keys (:func:`line_key`) of lines to drop as ``"recurring line"``, usually from
        :func:`find_recurring_lines` over the corpus the story belongs to.

    Returns
    -------
    Cleaned
        The paragraphs, one per line, with the provenance found and the lines removed.

    Examples
    --------
    >>> c = clean('''By Ana Lind
    ... LONDON, March 3 (Reuters) - Prices rose.
    ...
    ... Share on Facebook''')
    >>> c.text, c.provenance.byline, c.provenance.dateline
    ('Prices rose.', 'Ana Lind', 'LONDON, March 3 (Reuters)')
    >>> c.removed
    (('By Ana Lind', 'byline'), ('LONDON, March 3 (Reuters) -', 'dateline'), \
('Share on Facebook', 'furniture'))
    """
    if not isinstance(text, str):
        raise InvalidParameterError(f"Text to clean must be a str. Got {type(text).__name__}.")
    return _clean(text, _paragraphs(text), recurring)


def _clean(text: str, paragraphs: list[str], recurring: frozenset[str]) -> Cleaned:
    """:func:`clean`, given ``_paragraphs(text)``."""
    found = _Found()
    current = text
    while True:
        lines = _clean_pass(paragraphs, recurring, found)
        result = "\n".join(lines)
        if result == current:
            break
        # Each round removes text or joins lines, so this ends.
        current = result
        paragraphs = _paragraphs(current)
    return Cleaned(result, found.provenance(), tuple(found.removed))


def _looks_like_furniture(line: str) -> bool:
    if rules.is_furniture(line) or rules.is_nav(line):
        return True
    return not rules.ends_sentence(line) and not any(ch in rules.QUOTE_CHARS for ch in line)


def find_recurring_lines(
    texts: Iterable[str], *, min_docs: int = 3, max_words: int = 12
) -> frozenset[str]:
    """Keys of short lines that recur across documents as site furniture.

    A line (a paragraph as :func:`clean` splits it, compared on :func:`line_key`) is returned when
    all of these hold:

    1. it has at most ``max_words`` words and occurs in at least ``min_docs`` distinct documents;
    2. it looks like furniture, not prose: it matches a furniture or navigation pattern, or it
       neither ends with sentence punctuation nor contains a quotation mark;
    3. it is not bound to one story: it is *not* the case that most documents holding it share
       more than half of their long paragraphs (more than ``max_words`` words) with another of
       those documents.

    Rule 2 keeps a short paragraph of a wire story republished verbatim in 50 copies
    (``"We will rebuild," she said.``); rule 3 keeps the story's headline, which those copies
    share along with their body. A footer or navigation line shared by different stories of one
    site fails both and is returned.

    Parameters
    ----------
    texts : iterable of str
        The documents of a corpus, as decoded.
    min_docs : int
        Least number of distinct documents a line must occur in (at least 2).
    max_words : int
        Longest line considered, in words (at least 1).

    Returns
    -------
    frozenset of str
        Line keys, ready for ``clean(text, recurring=...)``.

    Examples
    --------
    >>> docs = [f"Story {i} about the river rose by {i} metres today, officials said in a "
    ...         f"statement.\\nKorvala Daily Tribune - Your town, your news" for i in range(3)]
    >>> sorted(find_recurring_lines(docs))
    ['korvala daily tribune - your town, your news']
    """
    if isinstance(texts, str):
        raise InvalidParameterError("texts must be an iterable of documents, not a single str.")
    _check_recurring_parameters(min_docs, max_words)
    return _recurring_lines(_split_documents(texts), min_docs, max_words)


def _check_recurring_parameters(min_docs: int, max_words: int) -> None:
    if not isinstance(min_docs, int) or isinstance(min_docs, bool) or min_docs < 2:
        raise InvalidParameterError(
            f"The 'min_docs' parameter of find_recurring_lines must be an int >= 2. "
            f"Got {min_docs!r} instead."
        )
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise InvalidParameterError(
            f"The 'max_words' parameter of find_recurring_lines must be an int >= 1. "
            f"Got {max_words!r} instead."
        )


def _split_documents(texts: Iterable[str]) -> Iterator[list[str]]:
    """``_paragraphs`` of each text, refusing a document that is not a str."""
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidParameterError(
                f"Document {index} must be a str. Got {type(text).__name__} instead."
            )
        yield _paragraphs(text)


#: What :func:`find_recurring_lines` needs of one document: its short lines as
#: ``(line_key, line)`` and the keys of its long lines.
LineKeys = tuple[list[tuple[str, str]], list[str]]


def line_keys(text: str, max_words: int = 12) -> LineKeys:
    """The lines of one document as :func:`find_recurring_lines` reads them: short lines (at
    most ``max_words`` words) as ``(line_key, line)``, and the keys of the long ones. A corpus
    can be read in parallel this way and the keys combined by :func:`recurring_from_keys`.

    Examples
    --------
    >>> short, long_ = line_keys("Flood  warning\\nThe river rose by two metres on Monday.", 4)
    >>> short, long_
    ([('flood warning', 'Flood  warning')], ['the river rose by two metres on monday.'])
    """
    return _paragraph_keys(_paragraphs(text), max_words)


def _paragraph_keys(paragraphs: list[str], max_words: int) -> LineKeys:
    short: list[tuple[str, str]] = []
    long_: list[str] = []
    for paragraph in paragraphs:
        count, key, _ = _count_and_key(paragraph)
        if count <= max_words:
            short.append((key, paragraph))
        else:
            long_.append(key)
    return short, long_


def _recurring_lines(
    documents: Iterable[list[str]], min_docs: int, max_words: int
) -> frozenset[str]:
    """:func:`find_recurring_lines` over documents already split into paragraphs."""
    return recurring_from_keys((_paragraph_keys(p, max_words) for p in documents), min_docs)


def recurring_from_keys(documents: Iterable[LineKeys], min_docs: int = 3) -> frozenset[str]:
    """:func:`find_recurring_lines` from the :func:`line_keys` of each document, in corpus
    order (the same ``max_words`` for all)."""
    documents = documents if isinstance(documents, list) else list(documents)
    short_docs: defaultdict[str, set[int]] = defaultdict(set)
    sample: dict[str, str] = {}
    for index, (short, _) in enumerate(documents):
        for key, paragraph in short:
            short_docs[key].add(index)
            sample.setdefault(key, paragraph)
    # The long lines of a document, as a set: read only for the documents of a short line that
    # recurs and looks like furniture (few, against every document's long lines).
    long_sets: dict[int, set[str]] = {}

    def long_of(doc: int) -> set[str]:
        keys = long_sets.get(doc)
        if keys is None:
            keys = long_sets[doc] = set(documents[doc][1])
        return keys

    def story_bound(docs: set[int]) -> bool:
        # How many of these documents hold each long line.
        held = Counter(key for doc in docs for key in long_of(doc))
        bound = 0
        for doc in docs:
            keys = long_of(doc)
            shared = sum(1 for key in keys if held[key] >= 2)
            if shared * 2 > len(keys):
                bound += 1
        return bound * 2 > len(docs)

    return frozenset(
        key
        for key, docs in short_docs.items()
        if len(docs) >= min_docs and _looks_like_furniture(sample[key]) and not story_bound(docs)
    )


def clean_corpus(texts: Sequence[str], *, min_docs: int = 3) -> list[Cleaned]:
    """Clean every document of a corpus, dropping the lines that recur across it as furniture.

    Parameters
    ----------
    texts : sequence of str
        The documents, as decoded.
    min_docs : int
        Passed to :func:`find_recurring_lines`.

    Returns
    -------
    list of Cleaned
        One per document, in input order.

    Examples
    --------
    >>> docs = [f"Story {i} about the river rose by {i} metres today, officials said in a "
    ...         f"statement.\\nKorvala Daily Tribune - Your town, your news" for i in range(3)]
    >>> [c.text[:7] for c in clean_corpus(docs)]
    ['Story 0', 'Story 1', 'Story 2']
    """
    if isinstance(texts, str):
        raise InvalidParameterError("texts must be a sequence of documents, not a single str.")
    _check_recurring_parameters(min_docs, 12)
    texts = list(texts)
    # Each text is split once, for finding the recurring lines and for cleaning.
    documents = list(_split_documents(texts))
    recurring = _recurring_lines(documents, min_docs, 12)
    return [
        _clean(text, paragraphs, recurring)
        for text, paragraphs in zip(texts, documents, strict=True)
    ]
