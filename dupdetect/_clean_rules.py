"""The line recognisers behind :mod:`dupdetect.clean`: pattern tables and one-line tests.

Everything here looks at one line (or one paragraph) at a time and is a pure function of it;
:mod:`dupdetect.clean` decides what to do with the answers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from .shingle import IDEOGRAPHS

# ---------------------------------------------------------------------------------------------
# Line shapes

HEADLINE_MAX_WORDS = 15
QUOTE_CHARS = "\"“”„«»‘’‚"
_CLOSERS = "'\"’”»)]"
_SENTENCE_MARKS = ".!?…。！？"
# A headline may end with ? or !; it does not end like a sentence or a clause.
_CLAUSE_MARKS = ".…:;,。"


def _ends_with_mark(text: str, marks: str) -> bool:
    # The regex [marks][closers]*$ without a scan: "$" also matches before a final newline.
    if text.endswith("\n"):
        text = text[:-1]
    body = text.rstrip(_CLOSERS)
    return bool(body) and body[-1] in marks


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with ``. ! ? …`` (or CJK ``。！？``), maybe before closing quotes."""
    return _ends_with_mark(text, _SENTENCE_MARKS)


def _ends_clause(text: str) -> bool:
    return _ends_with_mark(text, _CLAUSE_MARKS)
_DASH_CHARS = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b"
_LONG_DASH_CHARS = "\u2013\u2014\u2015\u2e3a\u2e3b"


_IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
_WORD_CHAR = re.compile(r"[^\W_]")


def word_count(line: str, words: list[str] | None = None) -> int:
    """Number of words: whitespace-separated, but every ideograph (Chinese and Japanese are
    written without spaces) counts as a word, as :func:`dupdetect.shingle.tokenize` reads it.
    ``words`` is ``line.split()`` when the caller has it.

    Examples
    --------
    >>> word_count("Flood warning - rivers rise"), word_count("青河市暴雨 in Qinghe")
    (5, 7)
    """
    if line.isascii() or not _IDEOGRAPH.search(line):
        return len(words if words is not None else line.split())
    rest = _IDEOGRAPH.sub(" ", line).split()
    return len(_IDEOGRAPH.findall(line)) + sum(1 for w in rest if _WORD_CHAR.search(w))


# A headline does not end on one of these; a line cut out of wrapped prose often does.
DANGLING_WORDS = frozenset(
    {
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "that",
        "to", "with", "и", "в", "во", "на", "с", "со", "по", "что", "к", "от", "из", "для",
    }
)


def is_headline_like(line: str, words: list[str] | None = None) -> bool:
    """Whether ``line`` reads like a headline: a few words, not ending a clause or on a word
    no headline ends on (``words`` is ``line.split()``, when the caller has it)."""
    words = line.split() if words is None else words
    return (
        0 < word_count(line, words) <= HEADLINE_MAX_WORDS
        and not _ends_clause(line)
        and words[-1] not in DANGLING_WORDS
    )


#: The text a browser shows in place of a media player; scrapers keep it, sometimes inside a
#: paragraph ("... age-fraud case Your browser does not support the audio element. Young ...").
_MEDIA_FALLBACK = (r"(?:your browser does not support (?:the |this )?(?:html5 )?"
                   r"(?:audio|video|iframe)s?(?: (?:element|tag|player|playback))?"
                   # and the requests to turn JavaScript on, in place of a player or widget
                   r"|(?:please )?enable javascript to (?:watch|view) (?:this video|the comments"
                   r"(?: powered by disqus)?)|to view this video,? please enable javascript"
                   r"(?:,? and consider upgrading to a web browser that supports html5 video)?"
                   r"|habilite javascript para ver este v[ií]deo|para ver este v[ií]deo,? habilite"
                   r" javascript(?: y considere actualizar a un navegador web que admita"
                   r" (?:el )?v[ií]deo html5)?|abilita javascript per guardare questo video"
                   r"|(?:this e-?mail address is being protected from spambots\.? )?"
                   r"you need javascript enabled to view it)\.?")
_MEDIA_FALLBACK_ANYWHERE = re.compile(rf"\s*\b{_MEDIA_FALLBACK}", re.IGNORECASE)


def media_fallbacks(line: str) -> tuple[str, list[str]]:
    """``line`` without the media-player fallback text it holds, and the pieces removed.

    Examples
    --------
    >>> media_fallbacks("Kalra suspended Your browser does not support the audio element. "
    ...                 "Young opener Manjot Kalra was suspended.")
    ('Kalra suspended Young opener Manjot Kalra was suspended.', \
['Your browser does not support the audio element.'])
    """
    low = line.lower()
    if "support" not in low and "javascript" not in low:
        return line, []
    found = [m.group().strip() for m in _MEDIA_FALLBACK_ANYWHERE.finditer(line)]
    if not found:
        return line, []
    return _MEDIA_FALLBACK_ANYWHERE.sub("", line).strip(), found


#: The contact block that ends a press release, from its heading to the end of the line:
#: "Rückfragen bitte an: Polizeipräsidium ... Telefon: ...", "Pressekontakt: ...",
#: "Original-Content von: ..., übermittelt durch news aktuell", "Media contact: ...". Two
#: releases of one press office share it word for word, glued to different stories.
_CONTACT_BLOCK = re.compile(
    r"\b(?:rückfragen(?: von medienvertretern| der medien)?(?: bitte)? an|pressekontakte?"
    r"|medienkontakte?|original-(?:content|inhalt) von|(?:media|press) contacts?"
    r"|view original content)\s*:",
    re.IGNORECASE,
)


def contact_tail(line: str) -> int | None:
    """Where a press office's contact block starts in ``line`` (it runs to the end), or None.

    Examples
    --------
    >>> line = "Zeugen melden sich bitte. Rückfragen bitte an: Polizei Lippe Telefon: 0521 1"
    >>> line[:contact_tail(line)]
    'Zeugen melden sich bitte. '
    >>> contact_tail("The mayor's press office did not answer.") is None
    True
    """
    if ":" not in line:
        return None
    m = _CONTACT_BLOCK.search(line)
    return m.start() if m else None


def _whole_line(patterns: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(
        rf"[\s•·|>»›▶►\-\[(]*(?:{body})[\s.:!»›>|\])]*", re.IGNORECASE | re.DOTALL
    )


#: A page's appeals to its reader and its copyright line: furniture as whole lines
#: (:data:`_FURNITURE`) and as the first or last sentence of a paragraph (:data:`_APPEAL`).
_PROMPTS = [
    r"sign up\b.{0,100}|subscribe\b.{0,100}|(?:follow|like|find|join) us\b.{0,80}"
    r"|(?:follow|like) \S.{0,40}? on (?:twitter|facebook|instagram|telegram|youtube"
    r"|linkedin|tiktok|whatsapp)\b.{0,200}"
    r"|support (?:real|local|independent|quality|our) journalism\b.{0,160}"
    r"|get (?:our|the) (?:\w+ )?newsletter.{0,60}|download (?:our|the) app.{0,60}",
    r"(?:©|\(c\)).{0,160}|copyright(?:\s*(?:©|\(c\)|\d{4}).{0,160})?",
    r"puedes seguir\b.{0,160}|síguenos\b.{0,100}|folgen sie uns\b.{0,100}"
    r"|suivez-nous\b.{0,100}",
]
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
        r"|register|accept(?: all)?(?: cookies)?|reject all|got it|i agree|ok(?:ay)?",
        r"privacy(?: policy| settings)?|cookie (?:policy|settings|informationen|einstellungen)"
        r"|(?:zur )?datenschutz(?:erklärung|einstellungen)?|alle akzeptieren|akzeptieren",
        # comments
        r"(?:leave|post|add|write|view|show|load|read|see)(?: (?:a|the|all|your|\d+))?"
        r"(?: (?:reader|user))? comments?(?: \(\d+\))?",
        r"comments?(?: \(\d+\)| \d+)?|\d+ comments?|no comments(?: yet)?|comments are closed",
        # prompts, copyright (see _PROMPTS)
        *_PROMPTS,
        r"(?:trending(?: now)?|tags?|topics?|filed under|categories|category|read more"
        r"|read also|read next|see also|also read|more on this|related|watch|listen)\s*:.{0,160}",
        r"read more|read (?:the )?full (?:article|story)|continue reading|full story"
        r"|watch (?:the )?video|listen to (?:this|the) (?:article|story)",
        r"click here\b.{0,120}|\d+ min(?:ute)?s? read|(?:photo|image|picture|video|file photo"
        r"|credit|source|graphic)s?\s*:.{0,100}",
        # time stamps
        r"(?:published|updated|posted|last updated|first published)(?: on| at)?:?"
        r"\s.{0,60}\d.{0,40}",
        # the old wire's sign-off
        r"reuters?|ap",
        # a few other languages, cheaply
        r"поделиться|реклама|читать (?:далее|ещё|еще|полностью)|подпис(?:ывайтесь|аться).{0,100}"
        r"|комментари(?:и|ев)(?: \(\d+\)| \d+)?|все права защищены.{0,100}|наверх|главная|меню"
        r"|поиск|источник(?:\s*:.{0,80})?",
        r"分享(?:到)?|推特|脸书|微信|微博|谷歌|登录|注册",
        r"partager|teilen|compartir|werbung|anzeige|publicité|publicidad"
        r"|tous droits réservés.{0,60}",
        # what a page shows in place of its audio or video player
        _MEDIA_FALLBACK,
    ]
)
# Apart, because it can start anywhere in the line: tried only on lines holding "rved" (no
# letter of which has a non-ASCII case-insensitive match in re).
_RIGHTS_RESERVED = _whole_line([r".{0,160}\ball rights reserved\b.{0,60}"])
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:accept|consent|polic(?:y|ies)|use|uses|using|settings|preferences|agree|browsing)\b",
    re.IGNORECASE,
)


#: A consent notice speaks for the site ("we use cookies") to the reader ("you agree"), in any
#: of the languages below; a news paragraph about cookies reports on others.
_SITE_SPEAKS = re.compile(
    r"\b(?:we|our|wir|unser\w*|nous|notre|nos|utilizamos|usamos|nuestr\w*|utilizziamo"
    r"|usiamo|nostr\w*|używamy|nasz\w*|zbieramy)\b|我们|本网站", re.IGNORECASE)
_TO_READER = re.compile(
    r"\b(?:you|your|sie|ihnen|vous|votre|usted|lei|państw\w*|twój|twoje)\b|您|你",
    re.IGNORECASE)

#: Longer lines are prose: never furniture, a headline or a heading.
FURNITURE_MAX_WORDS = 40
#: A cookie consent notice may be a paragraph of its own, up to this many words.
CONSENT_MAX_WORDS = 150


def is_consent_notice(line: str, words: int | None = None) -> bool:
    """A site's cookie consent notice: "cookie" twice or more, the site speaking ("we", "wir",
    "nous" ...) to the reader ("you", "Sie", "vous" ...), at most ``CONSENT_MAX_WORDS`` words.

    Examples
    --------
    >>> is_consent_notice("Wir setzen auf unserer Website Cookies ein. Durch die Nutzung "
    ...                   "erklären Sie sich mit dem Einsatz von Cookies einverstanden.")
    True
    >>> is_consent_notice("The court said sites must ask before they set cookies, and that "
    ...                   "cookies for advertising need consent.")
    False
    """
    if "ook" not in line.lower() or len(_COOKIE.findall(line)) < 2:
        return False
    if (word_count(line) if words is None else words) > CONSENT_MAX_WORDS:
        return False
    return bool(_SITE_SPEAKS.search(line) and _TO_READER.search(line))


def is_furniture(line: str, words: int | None = None) -> bool:
    """Whether ``line`` is page furniture as a whole (``words`` is its :func:`word_count`, when
    the caller has it)."""
    if words is None:
        words = word_count(line)
    if words > FURNITURE_MAX_WORDS:
        return is_consent_notice(line, words)
    if _FURNITURE.fullmatch(line):
        return True
    lowered = line.lower()
    if _all_rights_reserved(line, lowered):
        return True
    # "ook": neither letter has a non-ASCII case-insensitive match other than K (Kelvin), which
    # lower() maps to "k"; so this tests cheaply for what the regex needs.
    if "ook" not in lowered:
        return False
    return bool(_COOKIE.search(line) and _COOKIE_CONTEXT.search(line)) or is_consent_notice(
        line, words)


#: What a site shows a reader it takes for a robot, in place of the page: the box to tick, or
#: the reader's IP address.
_BLOCK_MARK = re.compile(
    r"\b(?:i am not a robot|i'm not a robot|nie jestem robotem|ich bin kein roboter"
    r"|je ne suis pas un robot|no soy un robot|non sono un robot)\b"
    r"|\b(?:your ip(?: address)?|twój adres ip|ihre ip-adresse|votre adresse ip"
    r"|tu dirección ip)\s*:", re.IGNORECASE)
#: A block page is short: at most this many words (and characters, tested first).
BLOCK_PAGE_MAX_WORDS = 120
BLOCK_PAGE_MAX_CHARS = 2000


def is_block_page(lines: Sequence[str]) -> bool:
    """Whether ``lines`` (what is left of a text) are a page a site shows in place of the story
    to a reader it takes for a robot: "I am not a robot", "Your IP address: ...", in at most
    ``BLOCK_PAGE_MAX_WORDS`` words.

    Examples
    --------
    >>> is_block_page(["We noticed many connections from your address.",
    ...                'To go on, tick "I am not a robot".', "Your IP address: 192.0.2.7"])
    True
    >>> is_block_page(["The firm said its robot would not replace staff."])
    False
    """
    if sum(map(len, lines)) > BLOCK_PAGE_MAX_CHARS:
        return False
    # Every mark of the box holds "robot" (whose letters have no case-blind match outside
    # ASCII), every mark of the address a colon: the regex (case-blind, with no literal to skip
    # to: about 7 us a line) reads only the lines that have either.
    if not any(_BLOCK_MARK.search(line) for line in lines
               if ":" in line or "robot" in line.lower()):
        return False
    return sum(word_count(line) for line in lines) <= BLOCK_PAGE_MAX_WORDS


def _all_rights_reserved(line: str, lowered: str | None = None) -> bool:
    # "rved": tested cheaply first (no letter of it has a non-ASCII case-insensitive match);
    # ``lowered`` is line.lower(), when the caller has it.
    return ("rved" in (line.lower() if lowered is None else lowered)
            and bool(_RIGHTS_RESERVED.fullmatch(line)))


#: The appeals :func:`edge_appeals` removes: the whole-line prompts, and a few that only come
#: glued to a paragraph ("Your subscription to ... funds our reporting").
_APPEAL = _whole_line([
    *_PROMPTS,
    r"(?:please support|thanks? (?:you )?for supporting) (?:real|local|independent|quality"
    r"|our) journalism\b.{0,160}",
    r"thank you for (?:reading|subscribing)\b.{0,120}|your subscription\b.{0,160}",
])
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")


def _is_appeal(sentence: str) -> bool:
    sentence = sentence.strip()
    return bool(_APPEAL.fullmatch(sentence)) or _all_rights_reserved(sentence)


def edge_appeals(line: str) -> tuple[str, list[str]]:
    """``line`` without the appeals (:data:`_APPEAL`) among its first and last sentences, and
    the sentences removed. A line that is one sentence is left to :func:`is_furniture`.

    Examples
    --------
    >>> edge_appeals("Rain eased by noon. Follow us on Twitter for updates.")
    ('Rain eased by noon.', ['Follow us on Twitter for updates.'])
    >>> edge_appeals("He said he would follow us on Twitter. Rain eased.")[1]
    []
    """
    # A quick look first (C-level searches; the sentences below are cut exactly): does the
    # line start with an appeal, or does its last sentence, roughly found?
    last = max(line.rfind(". "), line.rfind("! "), line.rfind("? "), line.rfind("… "))
    if last < 0:
        return line, []
    tail = line[last + 2:].lstrip()
    if not (_APPEAL.match(line) or _APPEAL.match(tail) or "rved" in tail or "RVED" in tail):
        return line, []
    cuts = [0, *(m.end() for m in _SENTENCE_GAP.finditer(line)), len(line)]
    sentences = [line[a:b] for a, b in itertools.pairwise(cuts)]
    lo, hi = 0, len(sentences)
    while lo < hi and _is_appeal(sentences[lo]):
        lo += 1
    while hi > lo and _is_appeal(sentences[hi - 1]):
        hi -= 1
    if lo == 0 and hi == len(sentences):
        return line, []
    kept = line[cuts[lo]:cuts[hi]].strip()
    return kept, [x.strip() for x in sentences[:lo] + sentences[hi:]]


_NAV_SPLIT = [
    (re.compile(r"\|"), 2),
    (re.compile(r"•"), 2),
    (re.compile(r"·"), 2),
    (re.compile(r"\s+[»›]\s+"), 2),
    (re.compile(r"\s+/\s+"), 3),
]


def is_nav(line: str) -> bool:
    # Without one of the separators of _NAV_SPLIT, no split can give two items. Substring tests
    # find one 15x faster than frozenset.isdisjoint, which goes through a long line by character.
    if not ("|" in line or "/" in line or "•" in line or "·" in line or "»" in line
            or "›" in line):
        return False
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
        if all(word_count(p) <= 4 and len(p) <= 40 and not ends_sentence(p) for p in parts):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Related-article headings

RELATED_HEADING = _whole_line(
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


_INITIALS = re.compile(r"(?:\w\.)+")
_LIST_SEPARATOR = re.compile(r"\s*[,|;]\s*")
_BY = re.compile(r"\bby\s+", re.IGNORECASE)


def _capitalised_words(segment: str, max_words: int) -> bool:
    tokens = segment.split()
    if not tokens or len(tokens) > max_words:
        return False
    for token in tokens:
        if token.casefold() in _NAME_CONNECTORS:
            continue
        if not token[0].isupper() or any(ch.isdigit() for ch in token):
            return False
        if ends_sentence(token) and not _INITIALS.fullmatch(token):
            return False  # "Doe." ends a sentence; "J." is an initial
    return True


def parse_byline(line: str) -> str | None:
    """Names (and affiliation) from a byline line, or None."""
    m = _BYLINE.fullmatch(line)
    if not m or word_count(line) > 16:
        return None
    rest = m.group("rest")
    segments = [s.strip() for s in _LIST_SEPARATOR.split(rest)]
    if not all(segments) or segments[0].split()[0].casefold() in _NOT_NAMES:
        return None
    if not all(_capitalised_words(s, 8) for s in segments):
        return None
    return ", ".join(segments)


def is_affiliation(line: str) -> bool:
    return (
        _capitalised_words(line, 6)
        and not ends_sentence(line)
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


def credit_tail(line: str) -> tuple[int, str] | None:
    """``(start, credit)`` of a bracketed credit ending ``line``: ``"... (Reporting by X)"``."""
    # The match ends on ) or ] and perhaps a full stop: check that before searching.
    end = line.rstrip()
    if not end.removesuffix(".").endswith((")", "]")):
        return None
    m = _CREDIT_TAIL.search(line)
    return (m.start(), m.group("body").strip()) if m else None


def parse_credit(line: str) -> str | None:
    m = _CREDIT_BRACKETED.fullmatch(line)
    if m:
        return m.group("body").strip()
    m = _CREDIT_PLAIN.fullmatch(line)
    # Unbracketed, it must name people: "Reporting by Ana Lind", not "Reporting by the paper".
    if m and word_count(line) <= 40:
        after_by = _BY.split(m.group("body"), maxsplit=1)[1]
        if after_by[:1].isupper():
            return m.group("body").strip()
    return None


#: A page's statement that its text comes unedited from an agency's feed: the page is a copy.
#: "(This story has not been edited by X staff and is auto-generated from a syndicated feed.)"
_SYNDICATION_NOTE = re.compile(
    r"[(\[]?\s*(?P<body>(?:disclaimer\s*:\s*)?[^()\[\]]{0,160}?\b(?:auto-?generated|published"
    r"|edited|reworked|modifications?|unedited)\b[^()\[\]]{0,160}?\b(?:syndicated|(?:news |wire )?"
    r"agency|agencies) (?:news )?feeds?\b[^()\[\]]{0,60}?)\s*[)\]]?\.?\s*",
    re.IGNORECASE,
)


def parse_note(line: str) -> str | None:
    m = _NOTE_BRACKETED.fullmatch(line)
    if m:
        return m.group("body").strip()
    if _NOTE_LINE.fullmatch(line):
        return line
    if "feed" in line.lower() and word_count(line) <= FURNITURE_MAX_WORDS:
        m = _SYNDICATION_NOTE.fullmatch(line)
        if m:
            return m.group("body").strip()
    return None


_DATELINE_SEP = re.compile(
    rf"\s+[{_DASH_CHARS}]{{1,2}}(?:\s+|$)|(?<=\))\s*[{_DASH_CHARS}]{{1,2}}\s*|\s*[{_LONG_DASH_CHARS}]\s*"
)
_DASH = re.compile(f"[{_DASH_CHARS}]")
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


def parse_dateline(line: str) -> tuple[str, str] | None:
    """``(dateline, rest of the paragraph)`` if ``line`` starts with a wire dateline."""
    # The separator is a dash after at most 90 characters and some spaces: when the first dash
    # comes later, with more than spaces between, there is none to find.
    dash = _DASH.search(line)
    if dash is None or (dash.start() > 90 and not line[90 : dash.start()].isspace()):
        return None
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
        # Chinese or Japanese: no capitals to tell a place from a headline run into it
        or word_count(city) > 8
    ):
        return None
    if region is not None and (word_count(region) > 6 or len(region) > 50):
        return None
    if agency is not None and (word_count(agency) > 5 or not any(ch.isalpha() for ch in agency)):
        return None
    # Without an agency it takes a short CAPS place name that is not a story label.
    if agency is None and (
        len(city_words) > 3 or city in _NOT_CITIES or any(w in _NOT_CITIES for w in city_words)
    ):
        return None
    return prefix, line[sep.end() :].strip()


