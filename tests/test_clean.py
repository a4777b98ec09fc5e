"""Tests of dupdetect.clean: furniture out, provenance in, paragraphs one per line.

Every story here is invented for the tests (Korvala, Estvania and the Meridian Press included).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupdetect import _clean_rules
from dupdetect.clean import (
    Cleaned,
    Provenance,
    clean,
    clean_corpus,
    find_recurring_lines,
    line_key,
    line_keys,
    recurring_from_keys,
)
from dupdetect.errors import InvalidParameterError

#: One paragraph of story text, for the tests that add a line of clutter to it.
STORY_LINE = ("The river rose by two metres overnight and officials moved 62 residents from the "
              "lower town to the school gym.")

P1 = (
    "The Vell river burst its banks on Tuesday, flooding the old town and forcing hundreds of "
    "families to leave their homes."
)
P2 = (
    "Rescue teams worked through the night to reach people stranded on rooftops, the regional "
    "emergency office said."
)
P3 = "Officials expect the water to fall by the weekend."


def reasons(cleaned: Cleaned) -> dict[str, str]:
    return dict(cleaned.removed)


# ---------------------------------------------------------------------------------------------
# Web furniture


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share", "furniture"),
        ("Share this article", "furniture"),
        ("SHARE ON FACEBOOK", "furniture"),
        ("Share on X", "furniture"),
        ("Share on WhatsApp", "furniture"),
        ("Share on LinkedIn", "furniture"),
        ("Tweet", "furniture"),
        ("Email", "furniture"),
        ("Print", "furniture"),
        ("Advertisement", "furniture"),
        ("ADVERTISEMENTS", "furniture"),
        ("Ad", "furniture"),
        ("Story continues below advertisement", "furniture"),
        ("Back to top", "furniture"),
        ("Source link", "furniture"),
        ("Leave a comment", "furniture"),
        ("Post a comment", "furniture"),
        ("Comments (12)", "furniture"),
        ("Sign up for our newsletter", "furniture"),
        ("Sign up for our morning newsletter to get the news first.", "furniture"),
        ("Subscribe to the Korvala Daily Tribune", "furniture"),
        ("Follow us on Telegram", "furniture"),
        ("Skip to content", "furniture"),
        ("Menu", "furniture"),
        ("Trending: floods, elections, football", "furniture"),
        ("Tags: Korvala, floods, weather", "furniture"),
        ("Read more: Dam inspection ordered after storm", "furniture"),
        ("READ MORE", "furniture"),
        ("Click here to see the full gallery", "furniture"),
        ("© 2026 Korvala Daily Tribune", "furniture"),
        ("Copyright 2026 Meridian Press. All rights reserved.", "furniture"),
        ("All rights reserved", "furniture"),
        ("We use cookies to improve your experience. By browsing you accept our cookie policy.",
         "furniture"),
        ("Published 3 March 2026, 10:32", "furniture"),
        ("Photo: Jane Doe/Meridian Press", "furniture"),
        ("Поделиться", "furniture"),
        ("Реклама", "furniture"),
        ("Home | World | Politics | Sport", "navigation"),
        ("News • Korvala • Weather", "navigation"),
        ("Home » World » Estvania", "navigation"),
        ("News / Regions / Korvala", "navigation"),
        ("Главная · Новости · Регионы", "navigation"),
    ],
)
def test_furniture_line_is_removed(line: str, reason: str) -> None:
    cleaned = clean(f"{P1}\n\n{line}\n\n{P2}")
    assert cleaned.text == f"{P1}\n{P2}"
    assert cleaned.removed == ((line, reason),)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices in Korvala fell sharply on Monday after the flood.",
        "Copyright law in Estvania was changed last year, officials said.",
        "By Tuesday, the water had reached the town hall.",
        "Reporting by the Korvala Daily Tribune found the dam had not been inspected.",
        "Print shops on the river front were the first to flood.",
        "The menu at the shelter was soup and bread, volunteers said.",
        "Prices rose 3% / month in the spring, the bank said.",
        '"We will rebuild," she said.',
        "«Мы всё восстановим», — сказал мэр.",
    ],
)
def test_prose_that_looks_a_little_like_furniture_is_kept(line: str) -> None:
    text = f"{P1}\n{line}\n{P2}"
    cleaned = clean(text)
    assert cleaned.text == text
    assert cleaned.removed == ()


def test_realistic_page_is_cleaned_to_its_paragraphs() -> None:
    page = f"""Skip to content
Home | World | Politics | Business | Sport
Menu

River breaks its banks in Korvala

By Jane Doe
Meridian Press

Share this article
Share on Facebook
Tweet

KORVALA, Estvania (MP) — {P1}

{P2}

Advertisement

"We will rebuild," said the mayor, Ana Lind.

{P3}

(Reporting by Jane Doe; Editing by Tom Roe)

Related articles
Heavy rain forecast for the north
Bridge closed after storm damage
Farmers count cost of wet spring

© 2026 Korvala Daily Tribune. All rights reserved.
"""
    cleaned = clean(page)
    assert cleaned.text.split("\n") == [
        "River breaks its banks in Korvala",
        P1,
        P2,
        '"We will rebuild," said the mayor, Ana Lind.',
        P3,
    ]
    assert cleaned.provenance == Provenance(
        byline="Jane Doe, Meridian Press",
        dateline="KORVALA, Estvania (MP)",
        credits=("Reporting by Jane Doe; Editing by Tom Roe",),
    )
    assert reasons(cleaned) == {
        "Skip to content": "furniture",
        "Home | World | Politics | Business | Sport": "navigation",
        "Menu": "furniture",
        "By Jane Doe": "byline",
        "Meridian Press": "byline",
        "Share this article": "furniture",
        "Share on Facebook": "furniture",
        "Tweet": "furniture",
        "KORVALA, Estvania (MP) —": "dateline",
        "Advertisement": "furniture",
        "(Reporting by Jane Doe; Editing by Tom Roe)": "credit",
        "Related articles": "headline list",
        "Heavy rain forecast for the north": "headline list",
        "Bridge closed after storm damage": "headline list",
        "Farmers count cost of wet spring": "headline list",
        "© 2026 Korvala Daily Tribune. All rights reserved.": "furniture",
    }


def test_text_is_one_paragraph_per_line_with_characters_kept() -> None:
    text = f"  “Quoted”  text — with ﬁ  \n\n\n\n{P1}\n"
    assert clean(text).text == f"“Quoted”  text — with ﬁ\n{P1}"


# ---------------------------------------------------------------------------------------------
# Headline lists and repeated lines


@pytest.mark.parametrize(
    "heading",
    ["Related", "Related articles", "More headlines", "Read more", "Recommended", "Most read",
     "Other news", "Читайте также", "Другие новости", "Популярное", "You may also like:"],
)
def test_related_heading_and_its_list_are_removed(heading: str) -> None:
    text = f"{P1}\n{heading}\nBridge closed after storm\nDam inspection ordered\n{P2}"
    cleaned = clean(text)
    assert cleaned.text == f"{P1}\n{P2}"
    assert cleaned.removed[0][0] == heading
    # "Read more" alone is furniture too; what follows it is the list.
    assert cleaned.removed[0][1] in {"headline list", "furniture"}
    assert [reason for _, reason in cleaned.removed[1:]] == ["headline list"] * 2


def test_headline_list_at_the_top_is_removed() -> None:
    text = (
        "Bridge closed after storm\nDam inspection ordered\nMayor calls emergency meeting\n"
        f"{P1}\n{P2}"
    )
    cleaned = clean(text)
    assert cleaned.text == f"{P1}\n{P2}"
    assert {reason for _, reason in cleaned.removed} == {"headline list"}


def test_two_short_lines_at_the_top_are_not_a_list() -> None:
    text = f"River breaks its banks\nHundreds leave their homes\n{P1}"
    assert clean(text).text == text


def test_russian_story_with_doubled_headline_list_is_cleaned_to_its_body() -> None:
    body = [
        "КОРВАЛА, 3 марта (МП) — Река Велл вышла из берегов во вторник и затопила старый город.",
        "Спасатели всю ночь эвакуировали жителей с крыш домов, сообщили в региональном штабе.",
        "«Мы всё восстановим», — сказала мэр города Анна Линд.",
    ]
    headlines = ["В Корвале закрыт мост", "Фермеры подсчитывают убытки", "Прогноз: снова дожди"]
    tail = [line for headline in headlines for line in (headline, headline)]
    cleaned = clean("\n".join([*body, *tail]))
    assert cleaned.text.split("\n") == [
        "Река Велл вышла из берегов во вторник и затопила старый город.",
        *body[1:],
    ]
    assert cleaned.provenance.dateline == "КОРВАЛА, 3 марта (МП)"
    assert [line for line, reason in cleaned.removed if reason == "headline list"] == tail


def test_repeated_short_line_keeps_its_first_copy() -> None:
    text = f"Live: floods in Korvala\n{P1}\nLive: floods in Korvala\n{P2}"
    cleaned = clean(text)
    assert cleaned.text == f"Live: floods in Korvala\n{P1}\n{P2}"
    assert cleaned.removed == (("Live: floods in Korvala", "repeated line"),)


def test_line_repeated_in_a_headline_list_loses_every_copy() -> None:
    text = (
        f"Bridge closed after storm\n{P1}\n{P2}\nRelated\nBridge closed after storm\n"
        "Dam inspection ordered"
    )
    cleaned = clean(text)
    assert cleaned.text == f"{P1}\n{P2}"
    assert ("Bridge closed after storm", "repeated line") in cleaned.removed


def test_long_repeated_paragraph_is_kept() -> None:
    text = f"{P1}\n{P2}\n{P1}"
    assert clean(text).text == text


# ---------------------------------------------------------------------------------------------
# Wire furniture into provenance


@pytest.mark.parametrize(
    ("first", "dateline", "sentence"),
    [
        ("WASHINGTON (AP) — The Senate passed the bill.", "WASHINGTON (AP)",
         "The Senate passed the bill."),
        ("WASHINGTON (AP)—The Senate passed the bill.", "WASHINGTON (AP)",
         "The Senate passed the bill."),
        ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON, March 3 (Reuters)", "Shares fell."),
        ("KORVALA, Estvania (MP) — The river rose.", "KORVALA, Estvania (MP)", "The river rose."),
        ("KORVALA, Estvania (MP) -- The river rose.", "KORVALA, Estvania (MP)", "The river rose."),
        ("NEW YORK (MP) – Markets rallied.", "NEW YORK (MP)", "Markets rallied."),
        ("ST. LOUIS, Mo. (AP) ― Rain fell.", "ST. LOUIS, Mo. (AP)", "Rain fell."),
        ("KORVALA — The river rose.", "KORVALA", "The river rose."),
    ],
)
def test_dateline_is_stripped_and_recorded(first: str, dateline: str, sentence: str) -> None:
    cleaned = clean(f"{first}\n{P2}")
    assert cleaned.text == f"{sentence}\n{P2}"
    assert cleaned.provenance.dateline == dateline
    assert cleaned.removed[0][1] == "dateline"


@pytest.mark.parametrize(
    "first",
    [
        "BREAKING — The river rose.",
        "Korvala (MP) — the river rose.",
        "The river rose — and kept rising.",
        "IMF says growth will slow — but not by much.",
    ],
)
def test_non_datelines_are_left_alone(first: str) -> None:
    cleaned = clean(f"{first}\n{P2}")
    assert cleaned.text == f"{first}\n{P2}"
    assert cleaned.provenance.dateline is None


def test_dateline_after_headline_and_byline() -> None:
    text = f"River breaks its banks\nBy JANE DOE and JOHN ROE\nKORVALA (MP) — {P1}\n{P2}"
    cleaned = clean(text)
    assert cleaned.text == f"River breaks its banks\n{P1}\n{P2}"
    assert cleaned.provenance.byline == "JANE DOE and JOHN ROE"
    assert cleaned.provenance.dateline == "KORVALA (MP)"


def test_only_the_first_paragraph_dateline_is_stripped() -> None:
    text = f"{P1}\nKORVALA (MP) — {P2}"
    assert clean(text).text == text


@pytest.mark.parametrize(
    ("lines", "byline"),
    [
        (["By Jane Doe"], "Jane Doe"),
        (["BY JANE DOE"], "JANE DOE"),
        (["By JANE DOE and JOHN ROE"], "JANE DOE and JOHN ROE"),
        (["By Jane Doe, Ana Lind and Tom Roe"], "Jane Doe, Ana Lind and Tom Roe"),
        (["By Jane Doe", "Meridian Press"], "Jane Doe, Meridian Press"),
        (["By JANE DOE", "Associated Press Writer"], "JANE DOE, Associated Press Writer"),
        (["By JANE DOE, Associated Press Writer"], "JANE DOE, Associated Press Writer"),
        (["By Jean-Luc de la Rue"], "Jean-Luc de la Rue"),
    ],
)
def test_byline_is_extracted(lines: list[str], byline: str) -> None:
    cleaned = clean("\n".join([*lines, P1]))
    assert cleaned.text == P1
    assert cleaned.provenance.byline == byline
    assert [reason for _, reason in cleaned.removed] == ["byline"] * len(lines)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("(Reporting by Jane Doe; Editing by Tom Roe)",
         "Reporting by Jane Doe; Editing by Tom Roe"),
        ("(Writing by Ana Lind)", "Writing by Ana Lind"),
        ("[Additional reporting by Tom Roe in Korvala]",
         "Additional reporting by Tom Roe in Korvala"),
        ("Reporting by Jane Doe in Korvala; Editing by Tom Roe",
         "Reporting by Jane Doe in Korvala; Editing by Tom Roe"),
    ],
)
def test_credit_line_is_extracted(line: str, credit: str) -> None:
    cleaned = clean(f"{P1}\n{line}")
    assert cleaned.text == P1
    assert cleaned.provenance.credits == (credit,)
    assert cleaned.removed == ((line, "credit"),)


def test_trailing_credit_parenthetical_is_split_off() -> None:
    cleaned = clean(f"{P1}\n{P3} (Reporting by Jane Doe; Editing by Tom Roe)")
    assert cleaned.text == f"{P1}\n{P3}"
    assert cleaned.provenance.credits == ("Reporting by Jane Doe; Editing by Tom Roe",)
    assert cleaned.removed == (("(Reporting by Jane Doe; Editing by Tom Roe)", "credit"),)


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ("(Updates with minister's comment in paragraph 4)",
         "Updates with minister's comment in paragraph 4"),
        ("(Adds detail on evacuations)", "Adds detail on evacuations"),
        ("(Corrects spelling of mayor's name)", "Corrects spelling of mayor's name"),
        ("(Recasts with new death toll)", "Recasts with new death toll"),
        ("Correction: An earlier version of this story misstated the river's name.",
         "Correction: An earlier version of this story misstated the river's name."),
        ("Editor's note: This story has been updated.",
         "Editor's note: This story has been updated."),
    ],
)
def test_note_is_extracted(line: str, note: str) -> None:
    cleaned = clean(f"{line}\n{P1}\n{P2}")
    assert cleaned.text == f"{P1}\n{P2}"
    assert cleaned.provenance.notes == (note,)
    assert cleaned.removed == ((line, "note"),)


def test_reuters_style_story_with_everything() -> None:
    text = f"""(Adds comment from river authority)

LONDON, March 3 (Reuters) - {P1}

{P2}

Correction: An earlier version gave the wrong date.

(Reporting by Jane Doe; Additional reporting by Ana Lind; Editing by Tom Roe)
"""
    cleaned = clean(text)
    assert cleaned.text == f"{P1}\n{P2}"
    assert cleaned.provenance == Provenance(
        dateline="LONDON, March 3 (Reuters)",
        credits=("Reporting by Jane Doe; Additional reporting by Ana Lind; Editing by Tom Roe",),
        notes=("Adds comment from river authority",
               "Correction: An earlier version gave the wrong date."),
    )


# ---------------------------------------------------------------------------------------------
# Paragraph shapes: hard-wrapped, blank-line separated, one per line

WRAPPED_WIRE = """\
    KORVALA, March 3 - The Estvanian river authority said it
would release water from the Vell reservoir next week to ease
pressure on the dam after heavy rain in the north.
    The release will start on Monday and last four days, the
authority said in a statement issued after a meeting of its
board, adding that downstream towns had been warned.
    Officials said the level of the reservoir was the highest
since records began.
 REUTER
"""


def test_hard_wrapped_wire_text_is_joined() -> None:
    cleaned = clean(WRAPPED_WIRE)
    assert cleaned.text.split("\n") == [
        "The Estvanian river authority said it would release water from the Vell reservoir "
        "next week to ease pressure on the dam after heavy rain in the north.",
        "The release will start on Monday and last four days, the authority said in a statement "
        "issued after a meeting of its board, adding that downstream towns had been warned.",
        "Officials said the level of the reservoir was the highest since records began.",
    ]
    assert cleaned.provenance.dateline == "KORVALA, March 3"
    assert ("REUTER", "furniture") in cleaned.removed


def test_hard_wrapped_blank_line_paragraphs_and_hyphenation() -> None:
    text = """The river authority said on Tuesday that it would release
water from the reservoir next week, after the wettest month
since the nineteen-sixties had filled it to the brim.

Downstream towns were warned to move cars and live-
stock away from the banks before the release starts on
Monday morning.
"""
    assert clean(text).text.split("\n") == [
        "The river authority said on Tuesday that it would release water from the reservoir "
        "next week, after the wettest month since the nineteen-sixties had filled it to the brim.",
        "Downstream towns were warned to move cars and live-stock away from the banks before "
        "the release starts on Monday morning.",
    ]


def test_short_lines_and_list_items_are_not_joined() -> None:
    text = """The river authority listed on Tuesday what is known so far about
the flooding of the old town, which began late on Monday night:
- the river rose two metres overnight in the old town area
- hundreds of families have left their homes in the valley
The authority said the water would fall by the weekend, and
that the dam was not at risk of failing during the release of
water from the reservoir, which starts on Monday morning.
"""
    lines = clean(text).text.split("\n")
    assert lines[0] == (
        "The river authority listed on Tuesday what is known so far about the flooding of the "
        "old town, which began late on Monday night:"
    )
    assert lines[1] == "- the river rose two metres overnight in the old town area"
    assert lines[2] == "- hundreds of families have left their homes in the valley"
    assert lines[3] == (
        "The authority said the water would fall by the weekend, and that the dam was not at "
        "risk of failing during the release of water from the reservoir, which starts on Monday "
        "morning."
    )


def test_one_paragraph_per_line_is_not_joined() -> None:
    text = f"{P1}\n{P2}\n{P3}"
    assert clean(text).text == text


def test_headline_like_lines_of_similar_length_are_not_joined() -> None:
    text = (
        "Heavy rain forecast for the north of Estvania this week\n"
        "Bridge over the Vell closed after the storm damaged it\n"
        "Farmers in the valley count the cost of a very wet spring\n"
        "Mayor of Korvala calls an emergency meeting on the dam"
    )
    assert clean(text).text == text


# The 1987 wire's bodies lost their dateline, so their first line is short: "LONDON, March 3 - "
# was cut from its start. It still runs on into the next line.
SHORT_FIRST_LINE = """\
The Bank of Korvala said it gave the
money market a further 663 mln stg assistance in the afternoon
session. This takes the Bank's total assistance so far today to
928 mln stg and compares with its forecast shortage.
    The central bank purchased bills in band one at 9-7/8 pct
comprising 267 mln stg bank bills.
 REUTER
"""


def test_short_first_line_of_wrapped_wire_text_is_joined() -> None:
    cleaned = clean(SHORT_FIRST_LINE)
    assert cleaned.text == (
        "The Bank of Korvala said it gave the money market a further 663 mln stg assistance in "
        "the afternoon session. This takes the Bank's total assistance so far today to 928 mln "
        "stg and compares with its forecast shortage.\n"
        "The central bank purchased bills in band one at 9-7/8 pct comprising 267 mln stg bank "
        "bills."
    )
    assert cleaned.removed == (("REUTER", "furniture"),)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # goes on in lower case
        ("Vell Power Co said it has", "agreed to sell its river barge unit to Estvania Freight"),
        # ends on a word no headline ends on
        ("Vell Power Co sold the", "Korvala barge unit to Estvania Freight Ltd for about 12"),
        # paragraphs start indented, so an unindented line cannot start one
        ("Vell Power Co said its Korvala", "River Barge unit was sold to Estvania Freight Ltd for"),
        ("Vell Power Co said the U.S.", "Maritime Commission had approved the sale of its barge"),
    ],
)
def test_short_first_line_joins_on_evidence(first: str, second: str) -> None:
    text = (
        f"{first}\n{second}\n"
        "mln dlrs in cash and notes, subject to approval by the\n"
        "shareholders of both companies at meetings in April.\n"
        "    The company said the sale would let it concentrate on its\n"
        "power stations in the north of the country.\n"
    )
    lines = clean(text).text.split("\n")
    assert len(lines) == 2
    assert lines[0].startswith(f"{first} {second} mln dlrs")


def test_short_first_line_of_a_three_line_story_is_joined() -> None:
    text = (
        "Vell Power Co said it has\n"
        "completed an offering of 1,225,000 shares of common stock at 17.25\n"
        "dlrs per share through Meridian Securities Inc.\n"
        " Reuter\n"
    )
    assert clean(text).text == (
        "Vell Power Co said it has completed an offering of 1,225,000 shares of common stock at "
        "17.25 dlrs per share through Meridian Securities Inc."
    )


BODY = """The river authority said on Tuesday that it would release
water from the reservoir next week, after the wettest month
since the nineteen-sixties had filled it to the brim and the
dam had come under pressure."""


JOINED_BODY = " ".join(BODY.split("\n"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline over a text whose paragraphs are not indented
        (f"Korvala floods worsen\n{BODY}", ["Korvala floods worsen", JOINED_BODY]),
        # a wire headline in capitals over indented paragraphs
        (
            f"VELL RESERVOIR TO BE RELEASED\n{BODY}\n    Officials said the town was safe.",
            ["VELL RESERVOIR TO BE RELEASED", JOINED_BODY, "Officials said the town was safe."],
        ),
        # a byline
        (f"By Ana Lind\n{BODY}", [JOINED_BODY]),
        # a headline over a paragraph that opens with a dateline
        (
            "Korvala floods worsen\nKORVALA, March 3 - The river authority said it would release\n"
            + BODY.split("\n", 1)[1],
            ["Korvala floods worsen", "The river authority said it would release "
             + JOINED_BODY.split(" release ", 1)[1]],
        ),
    ],
)
def test_first_line_that_stands_alone_is_not_joined(text: str, expected: list[str]) -> None:
    assert clean(text).text.split("\n") == expected


def test_short_first_line_shared_by_stories_is_kept() -> None:
    # Unjoined, "The Bank of Korvala said it gave the" recurred across the corpus and was dropped.
    corpus = [
        SHORT_FIRST_LINE.replace("663", str(100 + i)).replace("928", str(500 + i))
        for i in range(4)
    ]
    for cleaned in clean_corpus(corpus):
        assert cleaned.text.startswith("The Bank of Korvala said it gave the money market")
        assert dict(cleaned.removed) == {"REUTER": "furniture"}


# ---------------------------------------------------------------------------------------------
# Lines recurring across a corpus

QUOTE = '"We will rebuild," she said.'
FOOTER = "Korvala Daily Tribune - your town, your news"
NAV = "News Sport Weather Opinion"


def _wire_copy(i: int) -> str:
    return (
        f"River breaks its banks in Korvala\n{P1}\n{QUOTE}\n{P2}\n"
        f"Copy {i} was republished by outlet number {i} from the wire service feed this morning."
    )


def _tribune_story(i: int) -> str:
    return (
        f"{NAV}\nStory {i}: the council met on day {i} to discuss the budget for the coming "
        f"year, officials said.\n{FOOTER}"
    )


def test_recurring_rule_keeps_shared_quote_and_headline_drops_shared_furniture() -> None:
    corpus = [_wire_copy(i) for i in range(50)] + [_tribune_story(i) for i in range(5)]
    recurring = find_recurring_lines(corpus)
    assert recurring == {line_key(FOOTER), line_key(NAV)}
    cleaned = clean_corpus(corpus)
    assert QUOTE in cleaned[0].text.split("\n")
    assert "River breaks its banks in Korvala" in cleaned[0].text
    tribune = cleaned[-1]
    assert tribune.text == (
        "Story 4: the council met on day 4 to discuss the budget for the coming year, "
        "officials said."
    )
    assert dict(tribune.removed) == {NAV: "recurring line", FOOTER: "recurring line"}


def _recurring_by_definition(documents: list[tuple[list[tuple[str, str]], list[str]]],
                             min_docs: int) -> frozenset[str]:
    """Rules 1-3 of find_recurring_lines, read literally over every document."""
    from dupdetect.clean import _looks_like_furniture

    holders: dict[str, set[int]] = {}
    first: dict[str, str] = {}
    for n, (short, _) in enumerate(documents):
        for key, line in short:
            holders.setdefault(key, set()).add(n)
            first.setdefault(key, line)

    def bound(docs: set[int]) -> bool:
        def shares(doc: int) -> bool:
            own = set(documents[doc][1])
            shared = [k for k in own if sum(k in documents[d][1] for d in docs) >= 2]
            return len(shared) * 2 > len(own)
        return sum(map(shares, docs)) * 2 > len(docs)

    return frozenset(k for k, docs in holders.items()
                     if len(docs) >= min_docs and _looks_like_furniture(first[k])
                     and not bound(docs))


_SHORT_LINES = [FOOTER, NAV, QUOTE, "Share this story", "River breaks its banks"]
_LONG_LINES = [P1, P2] + [f"Paragraph {i} of a story about the budget, the council and the "
                          f"river, written for this test on day {i}." for i in range(4)]


@given(st.lists(st.tuples(st.lists(st.sampled_from(_SHORT_LINES), max_size=3),
                          st.lists(st.sampled_from(_LONG_LINES), max_size=4)),
                max_size=12),
       st.integers(2, 4))
def test_recurring_lines_from_keys_follow_the_rules(docs: list[tuple[list[str], list[str]]],
                                                    min_docs: int) -> None:
    texts = ["\n".join(short + long_) for short, long_ in docs]
    keys = [line_keys(t) for t in texts]
    assert recurring_from_keys(keys, min_docs) == _recurring_by_definition(keys, min_docs)
    assert recurring_from_keys(iter(keys), min_docs) == recurring_from_keys(keys, min_docs)


def test_recurring_needs_min_docs() -> None:
    corpus = [_tribune_story(i) for i in range(2)]
    assert find_recurring_lines(corpus) == frozenset()
    assert find_recurring_lines(corpus, min_docs=2) == {line_key(FOOTER), line_key(NAV)}


def test_recurring_respects_max_words() -> None:
    corpus = [_tribune_story(i) for i in range(3)]
    assert find_recurring_lines(corpus, max_words=4) == {line_key(NAV)}


def test_recurring_match_ignores_case_and_spacing() -> None:
    recurring = frozenset({"korvala daily tribune"})
    cleaned = clean(f"{P1}\nKORVALA   daily tribune", recurring=recurring)
    assert cleaned.text == P1
    assert cleaned.removed == (("KORVALA   daily tribune", "recurring line"),)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"min_docs": 1}, "'min_docs'"), ({"max_words": 0}, "'max_words'")],
)
def test_find_recurring_lines_rejects_bad_parameters(kwargs: dict[str, int], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        find_recurring_lines(["a"], **kwargs)


def test_a_single_string_is_not_a_corpus() -> None:
    with pytest.raises(InvalidParameterError, match="not a single str"):
        find_recurring_lines("one story")
    with pytest.raises(InvalidParameterError, match="not a single str"):
        clean_corpus("one story")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="must be a str"):
        clean(None)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Edge cases and properties


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Advertisement\nShare"])
def test_empty_results(text: str) -> None:
    assert clean(text).text == ""


def test_text_of_only_headline_like_lines_is_kept() -> None:
    text = "Korvala\nFloods\nRain"
    assert clean(text).text == text


PROSE = [P1, P2, P3, QUOTE, "The mayor said the town would rebuild.", "Water fell overnight."]
FURNITURE = [
    "Share", "Advertisement", "Tweet", "Home | World | Sport", "Related articles", "Читайте также",
    "© 2026 Korvala Daily Tribune", "By Jane Doe", "Meridian Press", "(Reporting by Jane Doe)",
    "(Updates with new toll)", "Correction: The river is the Vell.", "KORVALA, Estvania (MP) —",
    "Bridge closed after storm", "Dam inspection ordered", "Mayor calls emergency meeting",
    "REUTER", "",
]
PREFIXES = ["", "KORVALA (MP) — ", "LONDON, March 3 (Reuters) - ", "    ", "\t"]

lines = st.one_of(
    st.builds(lambda p, s: p + s, st.sampled_from(PREFIXES), st.sampled_from(PROSE)),
    st.sampled_from(FURNITURE),
    st.text(alphabet=st.sampled_from("Ab c.-—|«»\t"), max_size=30),
    st.lists(st.sampled_from(["the", "river", "rose", "Korvala", "said,", "and", "of"]),
             min_size=1, max_size=14).map(" ".join),
)
documents = st.lists(lines, max_size=25).map("\n".join)


@given(text=st.one_of(documents, st.text()))
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    again = clean(once.text)
    assert again.text == once.text
    assert again.removed == ()
    assert again.provenance == Provenance()


@given(text=documents)
def test_clean_is_deterministic_and_one_paragraph_per_line(text: str) -> None:
    once = clean(text)
    assert clean(text) == once
    assert all(line and line == line.strip() for line in once.text.split("\n") if once.text)


_CLOSERS = "'\"’”»)]"


@given(text=st.text(alphabet=st.sampled_from(".!?…。！？:;,a \n" + _CLOSERS), max_size=8))
def test_sentence_and_clause_ends_agree_with_the_regexes(text: str) -> None:
    sentence = re.compile(rf"[.!?…。！？][{re.escape(_CLOSERS)}]*$")
    clause = re.compile(rf"[.…:;,。][{re.escape(_CLOSERS)}]*$")
    assert _clean_rules.ends_sentence(text) == bool(sentence.search(text))
    assert _clean_rules._ends_clause(text) == bool(clause.search(text))


@pytest.mark.parametrize("line", [
    "Your browser does not support the audio element.",
    "Your browser does not support HTML5 video.",
    "Follow News18.com on Twitter, Instagram, Facebook, Telegram, TikTok and on YouTube, and stay "
    "in the know with what's happening in the world around you.",
    "Support real journalism. Support local journalism. Subscribe to The Korvala Courier today. "
    "See offers.",
    "Folgen Sie uns auf Twitter und Facebook.",
    # player text twice: the line goes whole, recorded once
    "Your browser does not support the audio element. Your browser does not support the audio "
    "element.",
])
def test_site_prompts_and_player_fallback_lines_are_furniture(line: str) -> None:
    c = clean(f"{STORY_LINE}\n\n{line}")
    assert c.text == STORY_LINE
    assert c.removed == ((line, "furniture"),)


def test_player_fallback_text_inside_a_paragraph_is_removed() -> None:
    text = ("Opener suspended in age-fraud case Your browser does not support the audio element. "
            "Your browser does not support the audio element. The league suspended its opener.")
    c = clean(text)
    assert c.text == "Opener suspended in age-fraud case The league suspended its opener."
    assert [reason for _, reason in c.removed] == ["furniture", "furniture"]
    assert clean(c.text).text == c.text


def test_a_syndicated_feed_statement_is_a_note() -> None:
    note = ("(This story has not been edited by Korvala Courier staff and is auto-generated from a "
            "syndicated feed.)")
    c = clean(f"{STORY_LINE}\n\n{note}")
    assert c.text == STORY_LINE
    assert c.provenance.notes == (note[1:-1],)


def test_a_story_about_feeds_is_not_a_note() -> None:
    line = "The agency said it edited the feed of the river gauges and published it on Monday."
    assert clean(f"{STORY_LINE}\n\n{line}").text == f"{STORY_LINE}\n{line}"


@pytest.mark.parametrize("line", ["", " ", "|", "-", "...", "( )", "»"])
def test_no_furniture_pattern_matches_punctuation_alone(line: str) -> None:
    # Each alternative of the table must need some text (an empty one would match any line of
    # separators).
    assert _clean_rules._FURNITURE.fullmatch(line) is None


@pytest.mark.parametrize(("text", "kept", "pieces"), [
    ("Rain eased over Korvala by noon. Crews reopened the bridge. Follow us on Twitter for "
     "updates. Thank you for supporting local journalism.",
     "Rain eased over Korvala by noon. Crews reopened the bridge.",
     ["Follow us on Twitter for updates.", "Thank you for supporting local journalism."]),
    ("Your subscription to the Korvala Courier funds our reporting. Crews reopened the bridge "
     "on Monday, the mayor said.",
     "Crews reopened the bridge on Monday, the mayor said.",
     ["Your subscription to the Korvala Courier funds our reporting."]),
    ("Die Brücke ist wieder offen. Folgen Sie uns auf Facebook.",
     "Die Brücke ist wieder offen.", ["Folgen Sie uns auf Facebook."]),
])
def test_appeals_glued_to_a_paragraph_are_removed(text: str, kept: str,
                                                  pieces: list[str]) -> None:
    c = clean(text)
    assert c.text == kept
    assert list(c.removed) == [(p, "furniture") for p in pieces]
    assert clean(c.text).text == c.text


@pytest.mark.parametrize("text", [
    # an appeal in the middle of a paragraph, or part of a sentence, is the story's
    "The council voted on Monday. Follow us on Twitter, the mayor told residents. Rain eased.",
    "Rain eased. The agency asked people to subscribe to its flood alerts by text message",
    "Residents who sign up for alerts were warned first. Rain eased by noon.",
])
def test_appeals_that_are_not_glued_to_an_edge_are_kept(text: str) -> None:
    assert clean(text).text == text


@pytest.mark.parametrize(("text", "kept", "block"), [
    ("Unbekannte brachen in der Nacht zum Montag in einen Baucontainer in Korvala ein. Zeugen "
     "melden sich bitte. Rückfragen bitte an: Polizeipräsidium Korvala Telefon: 0711 555-0 "
     "Original-Content von: Polizeipräsidium Korvala, übermittelt durch news aktuell",
     "Unbekannte brachen in der Nacht zum Montag in einen Baucontainer in Korvala ein. Zeugen "
     "melden sich bitte.",
     "Rückfragen bitte an: Polizeipräsidium Korvala Telefon: 0711 555-0 Original-Content von: "
     "Polizeipräsidium Korvala, übermittelt durch news aktuell"),
    ("Korvala Water opened its new plant on Monday. Media contact: Ana Lind, +1 555 0100",
     "Korvala Water opened its new plant on Monday.", "Media contact: Ana Lind, +1 555 0100"),
])
def test_a_press_office_contact_block_is_removed(text: str, kept: str, block: str) -> None:
    c = clean(text)
    assert c.text == kept
    assert c.removed == ((block, "furniture"),)
    alone = clean(f"{kept}\n\n{block}")
    assert alone.text == kept
    assert alone.removed == ((block, "furniture"),)


def test_prose_about_a_press_office_is_kept() -> None:
    line = "Reporters asked the press office for contact details; none were given."
    assert clean(f"{STORY_LINE}\n\n{line}").text == f"{STORY_LINE}\n{line}"


def test_chinese_share_buttons_are_furniture_and_leave_the_headline() -> None:
    text = ("青河市暴雨致三人死亡\nFacebook\n\n推特\n\n微博\n\n"
            "青河市周一遭遇暴雨，三人死亡，两座桥梁被冲毁。市政府说，救援工作仍在进行。")
    c = clean(text)
    assert c.text.split("\n")[0] == "青河市暴雨致三人死亡"
    assert [reason for _, reason in c.removed] == ["furniture"] * 3


def test_a_chinese_headline_run_into_a_dateline_is_not_a_dateline() -> None:
    text = "青河市暴雨致三人死亡，两座桥梁被冲毁 青河（新华社）— 青河市周一遭遇暴雨，三人死亡。"
    assert clean(text).text == text
    short = "青河（新华社）— 青河市周一遭遇暴雨，三人死亡。"
    c = clean(short)
    assert c.text == "青河市周一遭遇暴雨，三人死亡。"
    assert c.provenance.dateline == "青河（新华社）"


_CONSENT_DE = ("Wir verwenden auf unserer Website Cookies und ähnliche Techniken, um Ihnen alle "
               "Funktionen anzubieten und Inhalte auf Sie zuzuschneiden. Manche Cookies dienen "
               "der Reichweitenmessung und der Auslieferung von Anzeigen. Wenn Sie die Seite "
               "weiter nutzen, stimmen Sie dem Einsatz von Cookies zu. Mehr dazu, auch wie Sie "
               "Cookies abschalten, lesen Sie in unserer Datenschutzerklärung und in den "
               "Hinweisen zu unseren Partnern, die wir regelmäßig aktualisieren.")
_CONSENT_EN = ("We use cookies to give you the best experience on our website, including "
               "cookies from partners who show adverts and measure how many readers we reach. "
               "If you keep browsing, you agree that we may store these cookies on your device; "
               "you can switch them off at any time in your browser and read more about them in "
               "our policy, which also lists every partner we work with and what each one does.")


@pytest.mark.parametrize("notice", [_CONSENT_DE, _CONSENT_EN])
def test_a_cookie_consent_paragraph_is_furniture_with_its_buttons(notice: str) -> None:
    assert _clean_rules.word_count(notice) > _clean_rules.FURNITURE_MAX_WORDS
    text = f"Brücke in Velden gesperrt\nOK\n\n{notice}\n\nDatenschutz"
    c = clean(text)
    assert c.text == "Brücke in Velden gesperrt"
    assert [reason for _, reason in c.removed] == ["furniture"] * 3


def test_a_news_paragraph_about_cookies_is_kept() -> None:
    text = ("The regulator ruled on Tuesday that news sites must ask readers before they set "
            "cookies, and that cookies used only to show adverts need the same consent. Three "
            "publishers said they would appeal, arguing that the rule would cost them a fifth "
            "of their advertising income within a year.")
    assert clean(text).text == text


_BLOCK_PAGE = ("Sorry, we have seen an unusual number of requests from the address you are "
               "connecting from.\n\nSomeone may have misused it.\n\n"
               'To continue to the page, tick "I am not a robot".\n\nYour IP address: 192.0.2.44')


def test_a_block_page_is_removed_whole() -> None:
    c = clean(_BLOCK_PAGE)
    assert c.text == ""
    assert [reason for _, reason in c.removed] == ["block page"] * 4
    assert clean(_BLOCK_PAGE.replace("Your IP", "Twój adres IP")).text == ""


def test_a_story_that_mentions_robots_and_ip_addresses_is_kept() -> None:
    story = ("Velden police traced the threats to one IP address, the court heard on Monday. "
             "The accused, a 34-year-old engineer, had built a machine that clicked the box "
             '"I am not a robot" thousands of times an hour to buy concert tickets. ') * 4
    assert _clean_rules.word_count(story) > _clean_rules.BLOCK_PAGE_MAX_WORDS
    assert clean(story).text == story.strip()
    # Short, but with no box to tick and no address shown: not a block page.
    short = "Police traced the threats to one IP address, the court heard on Monday."
    assert clean(short).text == short


_BLOCK_PHRASES = ["i am not a robot", "I'M NOT A ROBOT", "nie jestem Robotem", "ich bin kein "
                  "ROBOTER", "je ne suis pas un robot", "your ip address:", "YOUR İP :",
                  "twój adres ıp:", "Ihre IP-Adresse :", "votre adresse IP", "tu dirección ip:",
                  "a robot", "your ip", "IP address", ":"]
_BLOCK_NOISE = ["tick", "the", "box", "192.0.2.7", "\u212a", "ſ", "İ", "robots", "-"]


@given(st.lists(st.lists(st.sampled_from(_BLOCK_PHRASES + _BLOCK_NOISE), max_size=5).map(
    " ".join), max_size=4))
def test_block_page_lines_are_those_the_regex_finds(lines: list[str]) -> None:
    # is_block_page runs its regex only on lines with "robot" or a colon; plainly written, it
    # runs it on every line.
    plain = (sum(map(len, lines)) <= _clean_rules.BLOCK_PAGE_MAX_CHARS
             and any(_clean_rules._BLOCK_MARK.search(line) for line in lines)
             and sum(map(_clean_rules.word_count, lines)) <= _clean_rules.BLOCK_PAGE_MAX_WORDS)
    assert _clean_rules.is_block_page(lines) == plain


@pytest.mark.parametrize(("text", "kept"), [
    ("Velden beat Korst 3-1 Please enable Javascript to watch this video The hosts scored twice "
     "before half-time.", "Velden beat Korst 3-1 The hosts scored twice before half-time."),
    ("Llegan 400 bomberos. Para ver este video, habilite JavaScript y considere actualizar a un "
     "navegador web que admita video HTML5. El fuego sigue activo.",
     "Llegan 400 bomberos. El fuego sigue activo."),
    ("Write to the desk at news@example.org This email address is being protected from "
     "spambots. You need JavaScript enabled to view it. or call 555-0100.",
     "Write to the desk at news@example.org or call 555-0100."),
])
def test_requests_to_enable_javascript_are_removed_from_a_paragraph(text: str, kept: str) -> None:
    assert clean(text).text == kept


def test_a_story_about_javascript_is_kept() -> None:
    text = "Browsers will block pages that ask readers to enable JavaScript for tracking."
    assert clean(text).text == text


@given(st.one_of(
    st.lists(st.sampled_from(["Flood", "warning", "-", "rivers", "rise", "1,200", "U.S.", " ",
                              "  ", "\t", "\x1f", "\x0b", "\x1c", "\u00a0", "\u2003", "é", "東京",
                              "ẞ", "İ"]), max_size=12).map(" ".join),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
    st.text(max_size=40)))
def test_a_lines_count_and_key_are_those_of_its_words(line: str) -> None:
    # Most lines are ASCII with one space between words: counted and keyed without a split.
    from dupdetect.clean import _count_and_key

    count, key, words = _count_and_key(line)
    assert count == _clean_rules.word_count(line, line.split())
    assert key == line_key(line)
    assert words is None or words == line.split()
