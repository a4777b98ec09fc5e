"""Text normalisation as named, pure ``str -> str`` steps.

Each step lives in the :data:`STEPS` registry under a short name and is applied in registry
order; :class:`NormalizeConfig` switches steps on and off, and :func:`explain` reports which steps
actually changed a given text (the pattern of ftfy's ``fixes`` and ``explain_unicode``).

The output keeps line breaks: paragraph structure matters to the stages downstream.
:data:`NORMALIZER_VERSION` changes whenever the output of any step changes, so a persisted index
can refuse to mix signatures computed from differently normalised text.

Examples
--------
>>> normalize("“Don’t   panic,”  she said —\\t\\n\\n\\nLater…")
'"don\\'t panic," she said -\\n\\nlater...'
>>> explain("Plain text")
['case']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

import numpy as np

from dupdetect import kernels
from dupdetect.errors import InvalidParameterError

__all__ = [
    "NORMALIZER_VERSION",
    "STEPS",
    "NormalizeConfig",
    "explain",
    "lower",
    "normalize",
    "normalize_steps",
]

NORMALIZER_VERSION: str = "2"
"""Version of the normaliser's output; bump it whenever any step's output changes."""

# Invisible characters that only break words apart: zero-width space / non-joiner / joiner,
# word joiner, byte-order mark (zero-width no-break space) and the soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")

# "Spacing accents" (´ ¨ ¸ ˝ ...) whose NFKC form is a space plus a combining mark. Scraped text
# uses ´ as an apostrophe ("don´t"); NFKC would turn that into "don \u0301t". They are kept as they
# are here, and the quotes step maps the apostrophe-like ones to "'".
_SPACING_ACCENTS = frozenset(
    ch
    for ch in map(chr, range(0x10000))
    if len(nfkc := unicodedata.normalize("NFKC", ch)) > 1 and nfkc[0] == " "
)
_SPACING_ACCENT_RE = re.compile("([" + "".join(sorted(_SPACING_ACCENTS)) + "])")

_DOUBLE_QUOTES = (
    "\u201c\u201d\u201e\u201f"  # “ ” „ ‟
    "\u00ab\u00bb"  # « »
    "\u2033\u2036"  # ″ ‶
    "\u301d\u301e\u301f"  # 〝 〞 〟
    "\uff02"  # ＂
    "\u275d\u275e\u2e42"  # ❝ ❞ ⹂
    "\u02ee\u02dd"  # ˮ ˝
    "\U0001f676\U0001f677\U0001f678"  # ornamental double quotes
)
_SINGLE_QUOTES = (
    "\u2018\u2019\u201a\u201b"  # ‘ ’ ‚ ‛
    "\u2032\u2035"  # ′ ‵
    "\u2039\u203a"  # ‹ ›
    "\u02bb\u02bc\u02bd\u02b9\u02ca\u02cb"  # ʻ ʼ ʽ ʹ ˊ ˋ
    "\u0060\u00b4"  # ` ´
    "\u275b\u275c"  # ❛ ❜
    "\uff07\uff40"  # ＇ ｀
)
_QUOTE_TABLE = str.maketrans(
    {**dict.fromkeys(_DOUBLE_QUOTES, '"'), **dict.fromkeys(_SINGLE_QUOTES, "'")}
)
# NFKC turns the double prime ″ into two primes; read a pair of primes as one double quote.
_DOUBLE_PRIME = re.compile("\u2032\u2032")

_DASHES = (
    "\u2010\u2011\u2012\u2013\u2014\u2015"  # ‐ ‑ ‒ – — ―
    "\u2212"  # −
    "\u2043"  # ⁃
    "\u2e3a\u2e3b"  # ⸺ ⸻
    "\u2e17\u2e1a\u2e40"  # ⸗ ⸚ ⹀
    "\u301c\u3030"  # 〜 〰
    "\u058a\u05be\u1400\u1806"  # Armenian, Hebrew, Canadian, Mongolian hyphens
    "\ufe58\ufe63\uff0d"  # ﹘ ﹣ －
    "\u207b\u208b"  # ⁻ ₋
)
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))



def _nfkc(text: str) -> str:
    """NFKC, without zero-width characters and soft hyphens, spacing accents kept."""
    if text.isascii():  # ASCII is its own NFKC form, with nothing invisible
        return text
    text = _INVISIBLE.sub("", text)
    parts = _SPACING_ACCENT_RE.split(text)
    # Odd indices hold the separators (the spacing accents themselves), kept verbatim.
    return "".join(
        part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts)
    )


def _quotes(text: str) -> str:
    """Every double-quote form to ``"`` and every single quote / apostrophe form to ``'``."""
    if text.isascii():
        return text.replace("`", "'")
    return _DOUBLE_PRIME.sub('"', text).translate(_QUOTE_TABLE)


def _dashes(text: str) -> str:
    """Hyphen, dash and minus variants to ``-``."""
    if text.isascii():
        return text
    return text.translate(_DASH_TABLE)


#: ASCII whitespace other than the space and the line feed (str.isspace, str.splitlines).
_OTHER_ASCII_SPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _spaced_once(text: str) -> bool:
    """ASCII ``text`` that :func:`_whitespace` leaves as it is: words split by one space, lines
    by one line feed, at most one blank line in a row, none at either end, nothing else."""
    return not (text.startswith((" ", "\n")) or text.endswith((" ", "\n"))
                or any(c in text for c in _OTHER_ASCII_SPACE)
                or "  " in text or " \n" in text or "\n " in text or "\n\n\n" in text)


#: For :data:`dupdetect.kernels.spaced`: the kind of each byte (1 the space, 2 the line feed, 3
#: the rest of ``_OTHER_ASCII_SPACE``, 0 any other byte), and the kinds that may not follow each
#: other (``4 * kind + next kind``): two spaces, a space and a line feed either way, and
#: another space next to anything.
_SPACE_KINDS = np.zeros(256, dtype=np.uint8)
_SPACE_KINDS[ord(" ")], _SPACE_KINDS[ord("\n")] = 1, 2
_SPACE_KINDS[list(_OTHER_ASCII_SPACE.encode("ascii"))] = 3
_BAD_SPACE_PAIRS = np.zeros(16, dtype=np.uint8)
_BAD_SPACE_PAIRS[[4 * 1 + 1, 4 * 1 + 2, 4 * 2 + 1]] = 1
_BAD_SPACE_PAIRS[[4 * kind + 3 for kind in range(4)] + [4 * 3 + kind for kind in range(4)]] = 1


def _spaced(text: str) -> bool:
    """:func:`_spaced_once` of ASCII ``text``, by its compiled twin once the kernels are loaded
    (:func:`dupdetect.kernels.warm`, as ``Detector.fit`` does for a large input): the substring
    searches take about 38 µs for a 6,700-character story, one pass over its bytes 10-15 µs
    with the call."""
    if kernels.loaded(kernels.spaced):
        return bool(kernels.spaced(np.frombuffer(text.encode("ascii"), dtype=np.uint8),
                                   _SPACE_KINDS, _BAD_SPACE_PAIRS))
    return _spaced_once(text)


def _whitespace(text: str) -> str:
    """One space between words, stripped lines, at most one blank line in a row, line breaks kept.

    Every line boundary ``str.splitlines`` knows (``\\r\\n``, ``\\r``, U+2028 ...) becomes ``\\n``.
    """
    if text.isascii() and _spaced(text):
        return text
    return _respace(text)


def _respace(text: str) -> str:
    """:func:`_whitespace`, line by line."""
    # str.split() splits on exactly what re's \s matches in a str (str.isspace).
    out: list[str] = []
    blank = True  # drops blank lines at the start
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            out.append(line)
            blank = False
        elif not blank:
            out.append("")
            blank = True
    if out and not out[-1]:
        out.pop()
    return "\n".join(out)


def lower(text: str) -> str:
    """Lower case: ``str.lower``, but the Turkish dotted capital "İ" becomes "i" (``str.lower``
    makes it "i" and a combining dot, a word that "istanbul" never matches).

    Examples
    --------
    >>> lower("İSTANBUL İstanbul"), len("İ".lower())
    ('istanbul istanbul', 2)
    """
    return text.replace("İ", "i").lower() if "İ" in text else text.lower()


def _case(text: str) -> str:
    """Lower case (:func:`lower`)."""
    return lower(text)


STEPS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {
        "nfkc": _nfkc,
        "quotes": _quotes,
        "dashes": _dashes,
        "whitespace": _whitespace,
        "case": _case,
    }
)
"""The normalisation steps by name, in the order :func:`normalize` applies them."""


@dataclass(frozen=True, slots=True)
class NormalizeConfig:
    """Which normalisation steps to apply; every step is on by default.

    Examples
    --------
    >>> normalize("Hello  World", NormalizeConfig(case=False))
    'Hello World'
    """

    nfkc: bool = True
    """Unicode NFKC (full-width forms, ligatures, odd spaces), zero-width chars and soft hyphens
    dropped; spacing accents such as ``´`` are kept for the quotes step."""
    quotes: bool = True
    """Curly, angled, low and prime quotes to ``"``; single quotes and apostrophes to ``'``."""
    dashes: bool = True
    """Hyphen, dash and minus variants to ``-``."""
    whitespace: bool = True
    """Spaces and tabs collapsed, lines stripped, runs of blank lines collapsed to one."""
    case: bool = True
    """Lower case."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, bool):
                raise InvalidParameterError(
                    f"The {f.name!r} parameter of NormalizeConfig must be a bool. "
                    f"Got {value!r} instead."
                )

    @property
    def steps(self) -> tuple[str, ...]:
        """Names of the enabled steps, in the order they are applied."""
        return tuple(name for name in STEPS if getattr(self, name))


_DEFAULT = NormalizeConfig()


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InvalidParameterError(f"Text to normalise must be a str. Got {type(text).__name__}.")


def _check_config(config: object) -> NormalizeConfig:
    if config is None:
        return _DEFAULT
    if not isinstance(config, NormalizeConfig):
        raise InvalidParameterError(
            f"config must be a NormalizeConfig or None. Got {type(config).__name__} instead."
        )
    return config


def normalize(text: str, config: NormalizeConfig | None = None) -> str:
    """Apply the enabled steps of ``config`` (all by default) to ``text``, in registry order.

    The result is idempotent: ``normalize(normalize(t, c), c) == normalize(t, c)``.

    Parameters
    ----------
    text : str
        Text to normalise.
    config : NormalizeConfig, optional
        Which steps to apply; ``None`` applies all of them.

    Returns
    -------
    str
        The normalised text, line breaks kept.

    Examples
    --------
    >>> normalize("KORVALA  (MP) \\u2014 \\u201cWe will rebuild\\u201d")
    'korvala (mp) - "we will rebuild"'
    """
    _check_text(text)
    for name in _check_config(config).steps:
        text = STEPS[name](text)
    return text


def explain(text: str, config: NormalizeConfig | None = None) -> list[str]:
    """Names of the steps that changed ``text``, in the order they were applied.

    Already normalised text (with the same config) gives ``[]``.

    Parameters
    ----------
    text : str
        Text to normalise.
    config : NormalizeConfig, optional
        Which steps to apply; ``None`` applies all of them.

    Returns
    -------
    list of str
        Step names from :data:`STEPS`.

    Examples
    --------
    >>> explain("“Quoted”  text")
    ['quotes', 'whitespace', 'case']
    >>> explain(normalize("“Quoted”  text"))
    []
    """
    _check_text(text)
    changed = []
    for name in _check_config(config).steps:
        result = STEPS[name](text)
        if result != text:
            changed.append(name)
        text = result
    return changed


def normalize_steps(text: str, names: Iterable[str]) -> str:
    """Apply the named steps to ``text`` in the order given.

    Parameters
    ----------
    text : str
        Text to normalise.
    names : iterable of str
        Step names from :data:`STEPS`. Registry order is what :func:`normalize` uses; another
        order is allowed but need not be idempotent.

    Returns
    -------
    str
        The text after the named steps.

    Raises
    ------
    InvalidParameterError
        If a name is not a registered step.

    Examples
    --------
    >>> normalize_steps("A \\u2013 B", ["dashes"])
    'A - B'
    """
    _check_text(text)
    if isinstance(names, str):
        names = [names]
    steps = []
    for name in names:
        if name not in STEPS:
            raise InvalidParameterError(
                f"Unknown normalisation step {name!r}; expected one of {tuple(STEPS)}."
            )
        steps.append(STEPS[name])
    for step in steps:
        text = step(text)
    return text
