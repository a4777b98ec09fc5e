"""Tests of dupdetect.normalize: each step, explain(), and idempotence for every config."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupdetect.errors import InvalidParameterError
from dupdetect.normalize import (
    NORMALIZER_VERSION,
    STEPS,
    NormalizeConfig,
    explain,
    normalize,
    normalize_steps,
)

STEP_NAMES = ("nfkc", "quotes", "dashes", "whitespace", "case")
ALL_CONFIGS = [
    NormalizeConfig(**dict(zip(STEP_NAMES, flags, strict=True)))
    for flags in itertools.product((True, False), repeat=len(STEP_NAMES))
]


def only(*names: str) -> NormalizeConfig:
    return NormalizeConfig(**{name: name in names for name in STEP_NAMES})


def test_registry_order_and_config_fields_match() -> None:
    assert tuple(STEPS) == STEP_NAMES
    assert tuple(f.name for f in dataclasses.fields(NormalizeConfig)) == STEP_NAMES
    assert NormalizeConfig().steps == STEP_NAMES
    assert isinstance(NORMALIZER_VERSION, str)
    assert NORMALIZER_VERSION


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        ("nfkc", "ＫＯＲＶＡＬＡ ﬁre", "KORVALA fire"),
        ("nfkc", "flood\u200bwater", "floodwater"),
        ("nfkc", "re\u00adbuild\u200c\u200d\u2060\ufeff", "rebuild"),
        ("nfkc", "2\u00a0000 people", "2 000 people"),
        ("nfkc", "e\u0301te\u0301", "été"),
        ("nfkc", "don´t", "don´t"),  # a spacing accent is left for the quotes step
        ("quotes", "“Yes,” she said, „Ja“ «Да» ‟x” 〝y〞 ＂z＂ ″w″",
         '"Yes," she said, "Ja" "Да" "x" "y" "z" "w"'),
        ("quotes", "‘Yes’ don’t ‚x‛ 5′ ʼokina ʻa `b´ ‹c›", "'Yes' don't 'x' 5' 'okina 'a 'b' 'c'"),
        ("dashes", "2020‐2021 non‑stop ‒ – — ― −5 ⸺ ⸻", "2020-2021 non-stop - - - - -5 - -"),
        ("whitespace", "  a \t b\u3000c  ", "a b c"),
        ("whitespace", "one\r\ntwo\rthree\u2028four", "one\ntwo\nthree\nfour"),
        ("whitespace", "\n\npara one  \n\n\n\n  para two\n \n", "para one\n\npara two"),
        ("case", "KORVALA Río ÇA", "korvala río ça"),
    ],
)
def test_each_step(step: str, text: str, expected: str) -> None:
    assert normalize_steps(text, [step]) == expected
    assert normalize(text, only(step)) == expected


def test_all_steps_together() -> None:
    text = "“Don’t   panic,”  said ＫＯＲＶＡＬＡ’s mayor —\t\r\n\n\n\n  Water\u200b fell…"
    assert normalize(text) == "\"don't panic,\" said korvala's mayor -\n\nwater fell..."


def test_nfkc_double_prime_becomes_double_quote_with_nfkc_on() -> None:
    # NFKC turns ″ into two primes; the quotes step reads them back as one double quote.
    assert normalize("″Yes″", NormalizeConfig(case=False)) == '"Yes"'


def test_spacing_accent_apostrophe_survives_nfkc() -> None:
    assert normalize("Don´t") == "don't"


def test_line_breaks_are_kept() -> None:
    assert normalize("A.\nB.\n\nC.").count("\n") == 3


@pytest.mark.parametrize(
    ("text", "config", "expected"),
    [
        ("already normal", None, []),
        ("Title Case", None, ["case"]),
        ("“quoted”", None, ["quotes"]),
        ("a – b", None, ["dashes"]),
        ("a  b", None, ["whitespace"]),
        ("ﬁne", None, ["nfkc"]),
        ("ＡＢ “x” — y  z", None, ["nfkc", "quotes", "dashes", "whitespace", "case"]),
        ("“Quoted”  Text", None, ["quotes", "whitespace", "case"]),
        ("“Quoted”  Text", NormalizeConfig(quotes=False), ["whitespace", "case"]),
        ("“Quoted”  Text", only("dashes"), []),
        ("zero\u200bwidth", None, ["nfkc"]),
        # NFKC maps the full-width hyphen-minus, so the dashes step finds nothing left to do.
        ("a－b", None, ["nfkc"]),
        ("a－b", NormalizeConfig(nfkc=False), ["dashes"]),
    ],
)
def test_explain_names_the_steps_that_changed_the_text(
    text: str, config: NormalizeConfig | None, expected: list[str]
) -> None:
    assert explain(text, config) == expected


@pytest.mark.parametrize("config", ALL_CONFIGS, ids=lambda c: "+".join(c.steps) or "none")
def test_explain_of_normalised_text_is_empty(config: NormalizeConfig) -> None:
    text = "  “Ｗe’ll  rebuild,”\tshe said —\u200b\n\n\n\nKORVALA – ﬁne  "
    assert explain(normalize(text, config), config) == []


def test_unknown_step_name_is_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="Unknown normalisation step 'unicode'"):
        normalize_steps("x", ["nfkc", "unicode"])


def test_normalize_steps_accepts_a_single_name() -> None:
    assert normalize_steps("A — B", "dashes") == "A - B"


@pytest.mark.parametrize("bad", [None, 1, "yes"])
def test_config_fields_must_be_bools(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="'case' parameter of NormalizeConfig"):
        NormalizeConfig(case=bad)  # type: ignore[arg-type]


def test_bad_text_and_config_types_are_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="must be a str"):
        normalize(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="NormalizeConfig or None"):
        explain("x", {"case": False})  # type: ignore[arg-type]


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        NormalizeConfig().case = False  # type: ignore[misc]


# Text that leans on the characters the steps care about, plus anything else unicode has.
_interesting = st.sampled_from(
    [
        *"“”„‟«»″〝〞＂‘’‚‛′ʼ`´‐‑‒–—―−⸺⸻ \t\n\r\u00a0\u2028\u3000\u200b\u00adﬁＡİΣς",
        *["e\u0301", "\u0301", "I\u0307", "\r\n", "\n\n\n"],
    ]
)
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(_interesting, st.characters()), max_size=40).map("".join),
)
configs = st.builds(NormalizeConfig, *[st.booleans() for _ in STEP_NAMES])


@given(text=texts, config=configs)
def test_normalize_is_idempotent(text: str, config: NormalizeConfig) -> None:
    once = normalize(text, config)
    assert normalize(once, config) == once
    assert explain(once, config) == []


@given(text=texts)
def test_explain_agrees_with_normalize(text: str) -> None:
    names = explain(text)
    assert (normalize(text) != text) == bool(names)
    assert normalize_steps(text, STEP_NAMES) == normalize(text)


@given(st.text(alphabet="ab \n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028", max_size=30))
def test_whitespace_shortcut_equals_the_line_by_line_rule(text: str) -> None:
    # Text already spaced the normalised way is returned as it is; that must be what the
    # line-by-line rule gives, for any mix of spaces and line breaks.
    import dupdetect.normalize as normalize_module

    assert normalize_module._whitespace(text) == normalize_module._respace(text)
    assert normalize_module._whitespace("a b\n\nc") == "a b\n\nc"


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(alphabet="ab \n\t\r\x0b\x0c\x1c\x1d\x1e\x1f", max_size=30),
                 st.text(alphabet=st.characters(max_codepoint=127), max_size=30)))
def test_spacing_kernel_equals_the_string_code(text: str) -> None:
    # The compiled check says what the substring searches say, at every position of every
    # space and line feed (ends, pairs, three line feeds) and for every other ASCII space.
    import dupdetect.normalize as normalize_module
    from dupdetect import kernels

    if kernels.spaced is None:
        pytest.skip("numba is not installed: the string code is all there is")
    kernels.warm()
    assert normalize_module._spaced(text) == normalize_module._spaced_once(text)


def test_spacing_kernel_is_used_once_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before the kernels are loaded (a lone diff does not load numba) the string code answers;
    # after warm(), the kernel.
    import dupdetect.normalize as normalize_module
    from dupdetect import kernels

    if kernels.spaced is None:
        pytest.skip("numba is not installed: the string code is all there is")
    used: list[str] = []
    monkeypatch.setattr(normalize_module, "_spaced_once",
                        lambda t: used.append("string code") or True)
    monkeypatch.setattr(kernels.spaced, "compiled", None)
    assert normalize("a  b") == "a  b"  # the stand-in says it is spaced already
    assert used == ["string code"]
    kernels.warm()
    assert kernels.spaced.ready
    assert normalize("a  b") == "a b"
    assert used == ["string code"]


def test_turkish_dotted_capital_i_lowers_to_the_plain_i() -> None:
    # str.lower turns "İ" into "i" + U+0307: "İSTANBUL" would not match "istanbul".
    from dupdetect.align import sentence_key
    from dupdetect.shingle import tokenize

    assert tokenize(normalize("İSTANBUL'da İzmir")) == tokenize(normalize("istanbul'da izmir"))
    assert sentence_key("İstanbul ve İzmir") == "istanbul ve izmir"
