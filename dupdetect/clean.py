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
    cookie notices, "Published ..." stamps, "Photo: ..." captions, the wire's "Reuter" sign-off.
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
``"byline"``, ``"dateline"``, ``"credit"``, ``"note"``
    Wire furniture, moved into :class:`Provenance`.

Hard-wrapped input (1987-wire style: lines broken near a fixed column, paragraphs marked by an
indent or a blank line) is detected and joined back into paragraphs; :func:`clean` says how.

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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from dupdetect.errors import InvalidParameterError

__all__ = [
    "Cleaned",
    "Provenance",
    "clean",
    "clean_corpus",
    "find_recurring_lines",
    "line_key",
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
# Line shapes

_HEADLINE_MAX_WORDS = 15
_QUOTE_CHARS = "\"“”„«»‘’‚"
_CLOSERS = "'\"’”»)\\]"
_SENTENCE_END = re.compile(rf"[.!?…。！？][{_CLOSERS}]*$")
# A headline may end with ? or !; it does not end like a sentence or a clause.
_NOT_HEADLINE_END = re.compile(rf"[.…:;,。][{_CLOSERS}]*$")
_DASH_CHARS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b"
_LONG_DASH_CHARS = "\u2013\u2014\u2015\u2e3a\u2e3b"


def line_key(line: str) -> str:
    """The key lines are compared on: whitespace collapsed, case folded.

    Examples
    --------
    >>> line_key("  Sign up for  our NEWSLETTER ")
    'sign up for our newsletter'
    """
    return " ".join(line.split()).casefold()


def _words(line: str) -> int:
    return len(line.split())


# A headline does not end on one of these; a line cut out of wrapped prose often does.
_DANGLING_WORDS = frozenset(
    {
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "that",
        "to", "with", "и", "в", "во", "на", "с", "со", "по", "что", "к", "от", "из", "для",
    }
)


def _is_headline_like(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _HEADLINE_MAX_WORDS
        and not _NOT_HEADLINE_END.search(line)
        and words[-1] not in _DANGLING_WORDS
    )


def _whole_line(patterns: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(
        rf"[\s•·|>»›▶►\-\[(]*(?:{body})[\s.:!»›>|\])]*", re.IGNORECASE | re.DOTALL
    )


_FURNITURE = _whole_line(
    [
        # share buttons and social links
        r"share(?: (?:this|the))?(?: (?:article|story|post|page|video|link|on))?"
        r"(?: (?:on|via|to|with) [\w.+ ]{1,20})?",
        r"tweet|e-?mail|print|copy link|whatsapp|facebook|twitter|linkedin|telegram|reddit"
        r"|pinterest|vk|save(?: (?:article|story))?",
        # ads
        r"advertisements?|ads?|sponsored(?: content)?|promoted|paid (?:content|partnership)",
        r"(?:story|article) continues below(?: (?:advertisement|this ad))?"
        r"|continue reading below|scroll (?:down )?to continue(?: reading)?(?: with content)?",
        # page chrome
        r"back to top|top of page|source link|skip to (?:main )?content|skip navigation",
        r"(?:main |open |close )?menu|search|close|home(?:page)?|log ?in|sign ?in|log ?out"
        r"|register|accept(?: all)?(?: cookies)?|reject all|got it|i agree",
        # comments
        r"(?:leave|post|add|write|view|show|load|read|see)(?: (?:a|the|all|your|\d+))?"
        r"(?: (?:reader|user))? comments?(?: \(\d+\))?",
        r"comments?(?: \(\d+\)| \d+)?|\d+ comments?|no comments(?: yet)?|comments are closed",
        # prompts
        r"sign up\b.{0,100}|subscribe\b.{0,100}|(?:follow|like|find|join) us\b.{0,80}"
        r"|get (?:our|the) (?:\w+ )?newsletter.{0,60}|download (?:our|the) app.{0,60}",
        r"(?:trending(?: now)?|tags?|topics?|filed under|categories|category|read more"
        r"|read also|read next|see also|also read|more on this|related|watch|listen)\s*:.{0,160}",
        r"read more|read (?:the )?full (?:article|story)|continue reading|full story"
        r"|watch (?:the )?video|listen to (?:this|the) (?:article|story)",
        r"click here\b.{0,120}|\d+ min(?:ute)?s? read|(?:photo|image|picture|video|file photo"
        r"|credit|source|graphic)s?\s*:.{0,100}",
        # copyright
        r"(?:©|\(c\)).{0,160}|copyright(?:\s*(?:©|\(c\)|\d{4}).{0,160})?"
        r"|.{0,160}\ball rights reserved\b.{0,60}",
        # time stamps
        r"(?:published|updated|posted|last updated|first published)(?: on| at)?:?"
        r"\s.{0,60}\d.{0,40}",
        # the old wire's sign-off
        r"reuters?|ap",
        # a few other languages, cheaply
        r"поделиться|реклама|читать (?:далее|ещё|еще|полностью)|подпис(?:ывайтесь|аться).{0,100}"
        r"|комментари(?:и|ев)(?: \(\d+\)| \d+)?|все права защищены.{0,100}|наверх|главная|меню"
        r"|поиск|источник(?:\s*:.{0,80})?",
        r"partager|teilen|compartir|werbung|anzeige|publicité|publicidad"
        r"|tous droits réservés.{0,60}",
    ]
)
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:accept|consent|polic(?:y|ies)|use|uses|using|settings|preferences|agree|browsing)\b",
    re.IGNORECASE,
)


def _is_furniture(line: str) -> bool:
    if _words(line) > 40:
        return False
    if _FURNITURE.fullmatch(line):
        return True
    return bool(_COOKIE.search(line) and _COOKIE_CONTEXT.search(line))


_NAV_SPLIT = [
    (re.compile(r"\|"), 2),
    (re.compile(r"•"), 2),
    (re.compile(r"·"), 2),
    (re.compile(r"\s+[»›]\s+"), 2),
    (re.compile(r"\s+/\s+"), 3),
]


def _is_nav(line: str) -> bool:
    for splitter, min_items in _NAV_SPLIT:
        parts = [part.strip() for part in splitter.split(line)]
        if len(parts) < 2:
            continue
        # Leading and trailing separators ("| Home | World |") are allowed.
        while parts and not parts[0]:
            parts.pop(0)
        while parts and not parts[-1]:
            parts.pop()
        if len(parts) < min_items or not all(parts):
            continue
        if all(_words(p) <= 4 and len(p) <= 40 and not _SENTENCE_END.search(p) for p in parts):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Related-article headings

_RELATED_HEADING = _whole_line(
    [
        r"related(?: (?:articles?|stories|story|news|content|coverage|posts?|links|reading"
        r"|topics|videos?))?",
        r"more(?: (?:headlines|news|stories|articles|on this(?: story| topic)?|like this|to read"
        r"|from [^\W\d_][\w' ]{0,30}))?",
        r"recommended(?: (?:for you|reading|stories|articles))?|editor'?s picks|don'?t miss",
        r"most (?:read|popular|viewed|shared|commented)(?: (?:stories|articles|today|this week))?",
        r"(?:other|latest|top|popular|trending|breaking) (?:news|stories|headlines)|popular|latest",
        r"(?:you )?(?:may|might) (?:also )?(?:like|be interested in|enjoy)|in other news",
        r"see also|read (?:more|also|next)|also read|what to read next|around the web",
        r"читайте также|читать также|смотрите также|другие новости|популярное|главное"
        r"|похожие (?:новости|материалы|статьи)|(?:новости )?по теме|последние новости"
        r"|самое (?:читаемое|популярное|интересное)|рекомендуем|выбор редакции|ещё новости"
        r"|еще новости",
        r"(?:à )?lire aussi|sur le même sujet|voir aussi|mehr zum thema|weitere nachrichten"
        r"|das könnte sie (?:auch )?interessieren|noticias relacionadas|más noticias"
        r"|te puede interesar|lee también",
    ]
)


# ---------------------------------------------------------------------------------------------
# Wire furniture: bylines, credits, notes, datelines

_BYLINE = re.compile(r"(?:by|автор|текст)\s*:?\s+(?P<rest>.+?)\s*\.?", re.IGNORECASE)
_NAME_CONNECTORS = frozenset(
    {
        "and", "&", "de", "da", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al",
        "el", "la", "le", "di", "du", "dos", "y", "e", "и",
    }
)
_NOT_NAMES = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "today", "tomorrow", "tonight", "yesterday", "noon",
        "midnight", "then", "now",
    }
)
_AFFILIATION_WORDS = re.compile(
    r"\b(?:press|writer|correspondent|reporter|editor|agency|news|staff|service|bureau|times"
    r"|post|tribune|daily|herald|journal|reuters|wire|desk|contributor|columnist)\b",
    re.IGNORECASE,
)


def _capitalised_words(segment: str, max_words: int) -> bool:
    tokens = segment.split()
    if not tokens or len(tokens) > max_words:
        return False
    for token in tokens:
        if token.casefold() in _NAME_CONNECTORS:
            continue
        if not token[0].isupper() or any(ch.isdigit() for ch in token):
            return False
        if _SENTENCE_END.search(token) and not re.fullmatch(r"(?:\w\.)+", token):
            return False  # "Doe." ends a sentence; "J." is an initial
    return True


def _parse_byline(line: str) -> str | None:
    """Names (and affiliation) from a byline line, or None."""
    m = _BYLINE.fullmatch(line)
    if not m or _words(line) > 16:
        return None
    rest = m.group("rest")
    segments = [s.strip() for s in re.split(r"\s*[,|;]\s*", rest)]
    if not all(segments) or segments[0].split()[0].casefold() in _NOT_NAMES:
        return None
    if not all(_capitalised_words(s, 8) for s in segments):
        return None
    return ", ".join(segments)


def _is_affiliation(line: str) -> bool:
    return (
        _capitalised_words(line, 6)
        and not _SENTENCE_END.search(line)
        and bool(_AFFILIATION_WORDS.search(line))
    )


_BRACKETED = r"[^()\[\]]*(?:\([^()]*\)[^()\[\]]*)*"  # one level of nested parentheses allowed
_CREDIT_START = (
    r"(?:(?:additional|further|extra) )?(?:reporting|writing|written|editing|edited|compiled"
    r"|compiling|translated|translation|produced|production|graphics?|photos?|photography|video"
    r"|research|fact-?checking|data|design|illustration)"
    r"(?:,? (?:and )?(?:reporting|writing|editing|research|photos?|graphics|production))* by\b"
)
_CREDIT_BRACKETED = re.compile(rf"[(\[]\s*(?P<body>{_CREDIT_START}{_BRACKETED}?)\s*[)\]]\.?",
                               re.IGNORECASE)
_CREDIT_PLAIN = re.compile(rf"(?P<body>{_CREDIT_START}\s+\S.*?)\.?", re.IGNORECASE)
_CREDIT_TAIL = re.compile(
    rf"\s*[(\[]\s*(?P<body>{_CREDIT_START}{_BRACKETED}?)\s*[)\]]\.?\s*$", re.IGNORECASE
)
_NOTE_BRACKETED = re.compile(
    r"[(\[]\s*(?P<body>(?:updates?|updated|adds?|added|corrects?|corrected|recasts?|refiles?"
    r"|refiled|repeats?|repeated|rewrites?|changes|changed|fixes|fixed|new throughout|advisory"
    r"|clarifies|removes|inserts|moves|tops|writes through|edits|amends|deletes)\b"
    rf"{_BRACKETED})\s*[)\]]\.?",
    re.IGNORECASE,
)
_NOTE_LINE = re.compile(
    r"(?:corrections?|clarification|editor['’]?s['’]? note|note to (?:readers|editors)"
    r"|исправление|примечание редакции)\s*:\s*\S.*",
    re.IGNORECASE | re.DOTALL,
)


def _parse_credit(line: str) -> str | None:
    m = _CREDIT_BRACKETED.fullmatch(line)
    if m:
        return m.group("body").strip()
    m = _CREDIT_PLAIN.fullmatch(line)
    # Unbracketed, it must name people: "Reporting by Ana Lind", not "Reporting by the paper".
    if m and _words(line) <= 40:
        after_by = re.split(r"\bby\s+", m.group("body"), maxsplit=1, flags=re.IGNORECASE)[1]
        if after_by[:1].isupper():
            return m.group("body").strip()
    return None


def _parse_note(line: str) -> str | None:
    m = _NOTE_BRACKETED.fullmatch(line)
    if m:
        return m.group("body").strip()
    if _NOTE_LINE.fullmatch(line):
        return line
    return None


_DATELINE_SEP = re.compile(
    rf"\s+[{_DASH_CHARS}]{{1,2}}(?:\s+|$)|(?<=\))\s*[{_DASH_CHARS}]{{1,2}}\s*|\s*[{_LONG_DASH_CHARS}]\s*"
)
_DATELINE_PREFIX = re.compile(
    r"(?P<city>[^,()]+?)(?:,\s*(?P<region>[^()]+?))?\s*(?:\((?P<agency>[^()]+)\))?\s*"
)
_NOT_CITIES = frozenset(
    {
        "BREAKING", "NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "LIVE", "WATCH", "VIDEO",
        "PHOTOS", "ANALYSIS", "OPINION", "COMMENT", "EDITORIAL", "FACTBOX", "EXPLAINER", "NEW",
        "URGENT", "FLASH", "ALERT", "CORRECTED", "REFILE", "INTERVIEW", "REVIEW", "FEATURE",
        "SPORT", "SPORTS", "WORLD", "BUSINESS", "POLITICS", "UK", "US", "EU", "UN", "МОЛНИЯ",
        "СРОЧНО", "ЭКСКЛЮЗИВ", "ОБНОВЛЕНО",
    }
)


def _parse_dateline(line: str) -> tuple[str, str] | None:
    """``(dateline, rest of the paragraph)`` if ``line`` starts with a wire dateline."""
    sep = _DATELINE_SEP.search(line)
    if not sep or sep.start() == 0 or sep.start() > 90:
        return None
    prefix = line[: sep.start()].strip()
    m = _DATELINE_PREFIX.fullmatch(prefix)
    if not m:
        return None
    city = m.group("city").strip()
    region, agency = m.group("region"), m.group("agency")
    city_words = city.split()
    if (
        not any(ch.isalpha() for ch in city)
        or city != city.upper()
        or any(ch.isdigit() for ch in city)
        or len(city_words) > 4
        or len(city) > 40
    ):
        return None
    if region is not None and (_words(region) > 6 or len(region) > 50):
        return None
    if agency is not None and (_words(agency) > 5 or not any(ch.isalpha() for ch in agency)):
        return None
    # Without an agency it takes a short CAPS place name that is not a story label.
    if agency is None and (
        len(city_words) > 3 or city in _NOT_CITIES or any(w in _NOT_CITIES for w in city_words)
    ):
        return None
    return prefix, line[sep.end() :].strip()


# ---------------------------------------------------------------------------------------------
# Paragraphs: blank-line, one-per-line and hard-wrapped input

_WRAP_MIN_WIDTH = 30
_WRAP_MAX_WIDTH = 100
_WRAP_SLACK = 8  # columns, for wrappers that are not quite greedy (at most W / 8)
_LIST_ITEM = re.compile(r"\s*(?:[-*•·▪‣◦–—]\s|\d{1,3}[.)]\s|[a-z][.)]\s)")


def _width(line: str) -> int:
    return len(line.expandtabs(4))


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _first_letter_is_lower(line: str) -> bool:
    return next((ch for ch in line if ch.isalpha()), "A").islower()


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
    hyphenated across the break is joined without a space.
    """
    raw = [line.rstrip() for line in text.splitlines()]
    raw = [line if line.strip() else "" for line in raw]
    nonblank = [line for line in raw if line]
    if not nonblank:
        return []
    widths = [_width(line) for line in nonblank]
    short = [w for w in widths if w <= _WRAP_MAX_WIDTH]
    width = max(short, default=0)
    base = min(_indent(line) for line in nonblank)

    def may_continue(a: str, b: str) -> bool:
        if not a or not b or _width(a) > width or _width(b) > width:
            return False
        stripped = b.strip()
        if _indent(b) > base or _LIST_ITEM.match(b):
            return False
        if _parse_byline(stripped) or _is_furniture(stripped):
            return False
        if _LIST_ITEM.match(a) and not _first_letter_is_lower(stripped):
            return False  # a list item is followed by a new sentence
        slack = min(_WRAP_SLACK, width // 8)
        return _width(a) + 1 + len(stripped.split()[0]) > width - slack

    wrapped = False
    if width >= _WRAP_MIN_WIDTH and len(short) >= 0.8 * len(widths):
        fits = [(a, b) for a, b in pairwise(raw) if may_continue(a, b)]
        if len(fits) >= 2:
            open_ends = sum(1 for a, _ in fits if not _SENTENCE_END.search(a))
            flowing = sum(
                1 for a, b in fits if _first_letter_is_lower(b) or a.endswith((",", "-"))
            )
            wrapped = open_ends * 2 >= len(fits) and flowing * 4 >= len(fits)

    paragraphs: list[str] = []
    previous = ""
    for line in raw:
        if wrapped and paragraphs and may_continue(previous, line):
            head, tail = paragraphs[-1], line.strip()
            if re.search(r"[^\W\d_]-$", head) and _first_letter_is_lower(tail[:1]):
                paragraphs[-1] = head + tail
            else:
                paragraphs[-1] = f"{head} {tail}"
        elif line:
            paragraphs.append(line.strip())
        previous = line
    return paragraphs


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
    removed: list[tuple[int, str, str]] = []

    # 1. Whole lines recognised one by one.
    i = 0
    while i < n:
        line = lines[i]
        if (note := _parse_note(line)) is not None:
            reasons[i] = "note"
            found.note(note)
        elif (credit := _parse_credit(line)) is not None:
            reasons[i] = "credit"
            found.credit(credit)
        elif (byline := _parse_byline(line)) is not None:
            reasons[i] = "byline"
            if i + 1 < n and _is_affiliation(lines[i + 1]):
                reasons[i + 1] = "byline"
                byline = f"{byline}, {lines[i + 1]}"
                i += 1
            if found.byline is None:
                found.byline = byline
        elif _is_furniture(line):
            reasons[i] = "furniture"
        elif _is_nav(line):
            reasons[i] = "navigation"
        elif line_key(line) in recurring:
            reasons[i] = "recurring line"
        elif m := _CREDIT_TAIL.search(line):
            found.credit(m.group("body").strip())
            removed.append((i, line[m.start() :].strip(), "credit"))
            lines[i] = line[: m.start()].rstrip()
        i += 1

    # 2. Related-article headings and the headline-like lines under them.
    in_list: set[int] = set()
    for i in range(n):
        if reasons[i] not in (None, "furniture") or not _RELATED_HEADING.fullmatch(lines[i]):
            continue
        in_list.add(i)
        for j in range(i + 1, n):
            if reasons[j] is not None:
                continue
            if not _is_headline_like(lines[j]):
                break
            in_list.add(j)
    for i in in_list:
        reasons[i] = reasons[i] or "headline list"

    # 3. Runs of headline-like lines at the very top or bottom.
    kept = [i for i in range(n) if reasons[i] is None]
    if not all(_is_headline_like(lines[i]) for i in kept):
        for run in (kept, kept[::-1]):
            head = []
            for i in run:
                if not _is_headline_like(lines[i]):
                    break
                head.append(i)
            if len(head) >= 3:
                for i in head:
                    reasons[i] = "headline list"
                    in_list.add(i)

    # 4. Short lines seen more than once.
    list_keys = {line_key(lines[i]) for i in in_list}
    seen: set[str] = set()
    for i in range(n):
        if reasons[i] is not None or _words(lines[i]) > _HEADLINE_MAX_WORDS:
            continue
        key = line_key(lines[i])
        if key in list_keys or key in seen:
            reasons[i] = "repeated line"
        seen.add(key)

    # 5. The dateline of the first paragraph (past any headline-like lines above it).
    for i in range(n):
        if reasons[i] is not None:
            continue
        parsed = _parse_dateline(lines[i])
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
        if not _is_headline_like(lines[i]):
            break

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
    line. Short lines never satisfy the rule, so navigation and headline lines stay apart.

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
    found = _Found()
    current = text
    while True:
        lines = _clean_pass(_paragraphs(current), recurring, found)
        result = "\n".join(lines)
        if result == current:
            break
        # Each round removes text or joins lines, so this ends.
        current = result
    return Cleaned(result, found.provenance(), tuple(found.removed))


def _looks_like_furniture(line: str) -> bool:
    if _is_furniture(line) or _is_nav(line):
        return True
    return not _SENTENCE_END.search(line) and not any(ch in _QUOTE_CHARS for ch in line)


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
    short_docs: defaultdict[str, set[int]] = defaultdict(set)
    long_docs: defaultdict[str, set[int]] = defaultdict(set)
    sample: dict[str, str] = {}
    doc_long: list[set[str]] = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidParameterError(
                f"Document {index} must be a str. Got {type(text).__name__} instead."
            )
        long_keys: set[str] = set()
        for paragraph in _paragraphs(text):
            key = line_key(paragraph)
            if _words(paragraph) <= max_words:
                short_docs[key].add(index)
                sample.setdefault(key, paragraph)
            else:
                long_docs[key].add(index)
                long_keys.add(key)
        doc_long.append(long_keys)

    def story_bound(docs: set[int]) -> bool:
        bound = 0
        for doc in docs:
            keys = doc_long[doc]
            shared = sum(1 for key in keys if len(long_docs[key] & docs) >= 2)
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
    texts = list(texts)
    recurring = find_recurring_lines(texts, min_docs=min_docs)
    return [clean(text, recurring=recurring) for text in texts]
