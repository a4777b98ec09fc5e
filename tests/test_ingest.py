"""Tests of dupdetect.ingest: paths, formats, encodings, bad records and ids."""

from __future__ import annotations

import io
import json
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupdetect.errors import InputError, InputWarning, InvalidParameterError
from dupdetect.ingest import iter_load, load
from dupdetect.models import Document, Skipped

STORY = "The ferry to Gullholm was cancelled on Tuesday because of strong winds, the operator said."
OTHER = "A bakery in Lowmarsh sold its ten thousandth loaf of rye bread this week, its owner said."

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lighthouse keeper retires after forty years | The Coastal Post</title>
<meta property="og:title" content="Lighthouse keeper retires after forty years">
<meta name="author" content="Ada Finch">
<meta property="article:published_time" content="2026-03-01T10:00:00Z">
<meta property="og:site_name" content="The Coastal Post">
</head>
<body>
<header><nav><ul>
<li><a href="/">Front page</a></li><li><a href="/region">Regional headlines</a></li>
<li><a href="/weather">Weather and tides</a></li></ul></nav></header>
<main><article>
<h1>Lighthouse keeper retires after forty years</h1>
<p>The last keeper of the Saltmoor lighthouse switched off its lamp for the final time on
Sunday evening, ending a career that began when he was nineteen years old.</p>
<p>He said he would miss the sound of the foghorn most of all, and that he planned to spend
his retirement repairing the small wooden boat he keeps in the harbour below the tower.</p>
<p>The council said the light would now be run automatically and checked once a month by an
engineer travelling from the mainland by boat.</p>
</article></main>
<footer><p>Copyright 2026 The Coastal Post. Subscribe to our weekly newsletter.</p></footer>
</body>
</html>
"""


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _collect(paths: Any, **options: Any) -> tuple[list[Document], list[Skipped]]:
    skipped: list[Skipped] = []
    documents = list(iter_load(paths, on_skip=skipped.append, **options))
    return documents, skipped


# --- paths and directories -----------------------------------------------------------------


def test_directory_is_read_recursively_in_sorted_order_with_relative_ids(tmp_path):
    root = tmp_path / "stories"
    _write(root / "world" / "storm-1.txt", STORY)
    _write(root / "b.md", OTHER)
    _write(root / "a.txt", STORY + " Again.")
    _write(root / "world" / "asia" / "page.html", PAGE)

    documents = list(iter_load(root))

    assert [doc.id for doc in documents] == ["a", "b", "world/asia/page", "world/storm-1"]
    assert documents[3].text == STORY
    assert documents[3].source == str(root / "world" / "storm-1.txt")
    assert "Saltmoor lighthouse" in documents[2].text


@pytest.mark.parametrize(
    ("name", "included"),
    [
        ("story.txt", True),
        ("story.md", True),
        ("story.htm", True),
        ("STORY.TXT", True),
        ("story.pdf", False),
        ("story.jsonl", False),
        ("story", False),
        (".story.txt", False),
        (".drafts/story.txt", False),
        ("2026/.cache/story.txt", False),
    ],
)
def test_directory_filters_by_extension_and_skips_hidden(tmp_path, name, included):
    _write(tmp_path / "in" / name, PAGE if name.endswith(".htm") else STORY)
    _write(tmp_path / "in" / "keep.txt", OTHER)

    ids = [doc.id for doc in iter_load(tmp_path / "in")]

    expected_id = str(Path(name).with_suffix("").as_posix())
    assert ids == (sorted(["keep", expected_id]) if included else ["keep"])


def test_single_text_file_id_is_stem_and_source_is_path_as_given(tmp_path, monkeypatch):
    _write(tmp_path / "stories" / "ferry.notes.txt", STORY + "\n")
    monkeypatch.chdir(tmp_path)

    (doc,) = iter_load("stories/ferry.notes.txt")

    assert (doc.id, doc.text, doc.source, dict(doc.meta)) == (
        "ferry.notes", STORY + "\n", "stories/ferry.notes.txt", {})


def test_several_paths_are_read_in_the_order_given(tmp_path):
    first = _write(tmp_path / "z.txt", STORY)
    second = _write(tmp_path / "feed.jsonl", _jsonl({"id": "a1", "text": OTHER}))

    assert [doc.id for doc in iter_load([first, second])] == ["z", "a1"]


def test_missing_path_raises_input_error(tmp_path):
    missing = tmp_path / "nowhere.jsonl"

    with pytest.raises(InputError, match=r"nowhere\.jsonl: no such file or directory") as info:
        iter_load([_write(tmp_path / "a.txt", STORY), missing])
    assert info.value.source == str(missing)


@pytest.mark.parametrize("bad", [{"format": "xml"}, {"id_field": ""}, {"text_field": 3}])
def test_invalid_parameters_raise(tmp_path, bad):
    with pytest.raises(InvalidParameterError, match="parameter of iter_load"):
        iter_load(_write(tmp_path / "a.txt", STORY), **bad)


def test_format_forces_the_parser(tmp_path):
    path = _write(tmp_path / "feed.txt", _jsonl({"id": "x1", "text": STORY}))

    assert [doc.id for doc in iter_load(path)] == ["feed"]
    assert [doc.id for doc in iter_load(path, format="jsonl")] == ["x1"]


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_custom_fields_meta_and_line_numbers(tmp_path):
    path = _write(tmp_path / "feed.ndjson", _jsonl(
        {"uid": 7, "body": STORY, "lang": "en", "tags": ["weather"]},
    ) + "\n" + _jsonl({"uid": "b-2", "body": OTHER, "text": "not this one"}))

    first, second = iter_load(path, id_field="uid", text_field="body")

    assert (first.id, first.text, first.source) == ("7", STORY, f"{path}:1")
    assert dict(first.meta) == {"lang": "en", "tags": ["weather"]}
    assert (second.id, second.source, second.meta["text"]) == ("b-2", f"{path}:3", "not this one")


EPOCH = int(datetime(2026, 3, 1, 10, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00+00:00"),
        ("2026-03-01T11:30:00+01:30", "2026-03-01T10:00:00+00:00"),
        ("2026-03-01T10:00:00", "2026-03-01T10:00:00+00:00"),
        ("2026-03-01 10:00", "2026-03-01T10:00:00+00:00"),
        ("2026-03-01", "2026-03-01T00:00:00+00:00"),
        ("Sun, 01 Mar 2026 05:00:00 -0500", "2026-03-01T10:00:00+00:00"),
        ("Sun, 01 Mar 2026 10:00:00 GMT", "2026-03-01T10:00:00+00:00"),
        (EPOCH, "2026-03-01T10:00:00+00:00"),
        (EPOCH + 0.5, "2026-03-01T10:00:00.500000+00:00"),
        (str(EPOCH), "2026-03-01T10:00:00+00:00"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01.790000+00:00"),
        ("3-MAR-1987 09:05:00", "1987-03-03T09:05:00+00:00"),
    ],
)
def test_publication_time_formats(tmp_path, value, expected):
    path = _write(tmp_path / "feed.jsonl", _jsonl({"id": "a", "text": STORY, "published": value}))

    (doc,) = iter_load(path)

    assert doc.meta["published"] == expected
    assert doc.published == datetime.fromisoformat(expected)


@pytest.mark.parametrize("field", ["published", "time", "date", "scrape_time", "pubdate"])
def test_publication_time_field_names_keep_the_original(tmp_path, field):
    raw = "Sun, 01 Mar 2026 10:00:00 +0000"
    path = _write(tmp_path / "feed.jsonl", _jsonl({"id": "a", "text": STORY, field: raw}))

    (doc,) = iter_load(path)

    assert doc.meta["published"] == "2026-03-01T10:00:00+00:00"
    if field != "published":
        assert doc.meta[field] == raw


def test_publication_time_takes_the_first_field_present(tmp_path):
    record = {"id": "a", "text": STORY, "scrape_time": "2026-03-02", "time": "",
              "date": "2026-03-01"}
    (doc,) = iter_load(_write(tmp_path / "feed.jsonl", _jsonl(record)))

    assert doc.meta["published"] == "2026-03-01T00:00:00+00:00"


@pytest.mark.parametrize("value", ["next Tuesday", "2026-13-45", [2026, 3, 1], True])
def test_unparseable_time_is_kept_raw_without_published(tmp_path, value):
    skipped: list[Skipped] = []
    path = _write(tmp_path / "feed.jsonl", _jsonl({"id": "a", "text": STORY, "date": value}))

    (doc,) = iter_load(path, on_skip=skipped.append)

    assert "published" not in doc.meta
    assert doc.meta["date"] == value
    assert doc.published is None
    assert skipped == []


@pytest.mark.parametrize("field", ["source", "publisher", "outlet", "site"])
def test_outlet_field_names(tmp_path, field):
    path = _write(tmp_path / "feed.jsonl", _jsonl({"id": "a", "text": STORY, field: "Gull Wire"}))

    (doc,) = iter_load(path)

    assert doc.outlet == "Gull Wire"
    assert doc.meta[field] == "Gull Wire"


# --- CSV -----------------------------------------------------------------------------------


def test_csv_quoted_multiline_field_and_record_line_numbers(tmp_path):
    path = _write(tmp_path / "feed.csv", (
        "id,text,publisher,date\r\n"
        'c1,"First line of the story,\r\nsecond line with ""quotes"".",Gull Wire,2026-03-01\r\n'
        "\r\n"
        f"c2,{OTHER.replace(',', '')},Marsh Daily,not a date\r\n"
    ))

    first, second = iter_load(path)

    assert first.source == f"{path}:2"
    assert first.text == 'First line of the story,\r\nsecond line with "quotes".'
    assert (first.outlet, first.meta["published"]) == ("Gull Wire", "2026-03-01T00:00:00+00:00")
    assert second.source == f"{path}:5"
    assert (second.id, second.meta["date"], "published" in second.meta) == (
        "c2", "not a date", False)


def test_tsv_is_tab_separated(tmp_path):
    path = _write(tmp_path / "feed.tsv", f"id\ttext\tlang\nt1\t{STORY}\ten\n")

    (doc,) = iter_load(path)

    assert (doc.id, doc.text, dict(doc.meta)) == ("t1", STORY, {"lang": "en"})


# --- HTML ----------------------------------------------------------------------------------


def test_html_page_keeps_the_article_and_drops_the_boilerplate(tmp_path):
    (doc,) = iter_load(_write(tmp_path / "lighthouse.html", PAGE))

    assert doc.id == "lighthouse"
    assert "switched off its lamp for the final time" in doc.text
    assert "repairing the small wooden boat" in doc.text
    for boilerplate in ("Regional headlines", "Weather and tides", "Subscribe", "Copyright"):
        assert boilerplate not in doc.text
    assert "nineteen years old.\n\nHe said" in doc.text
    assert doc.meta["title"] == "Lighthouse keeper retires after forty years"
    assert doc.meta["author"] == "Ada Finch"
    assert doc.meta["published"].startswith("2026-03-01T")
    assert doc.outlet == "The Coastal Post"


# --- standard input ------------------------------------------------------------------------


def test_stdin_jsonl_is_detected(tmp_path):
    stdin = io.BytesIO(("\n" + _jsonl({"id": "s1", "text": STORY}, {"id": "s2", "text": OTHER}))
                       .encode())

    documents = list(iter_load("-", stdin=stdin))

    assert [(doc.id, doc.source) for doc in documents] == [("s1", "<stdin>:2"), ("s2", "<stdin>:3")]


def test_stdin_plain_text_is_one_document():
    (doc,) = iter_load(["-"], stdin=io.BytesIO(STORY.encode("utf-16")))

    assert (doc.id, doc.text, doc.source) == ("stdin", STORY, "<stdin>")


def test_stdin_html_is_detected():
    (doc,) = iter_load("-", stdin=io.BytesIO(PAGE.encode()))

    assert doc.id == "stdin"
    assert "Saltmoor lighthouse" in doc.text
    assert "Regional headlines" not in doc.text


def test_stdin_is_streamed_record_by_record():
    lines = [{"id": f"r{n}", "text": f"{STORY} Number {n}."} for n in range(5000)]
    data = _jsonl(*lines).encode()
    stdin = io.BytesIO(data)

    documents = iter_load("-", stdin=stdin)
    first = next(documents)

    assert first.id == "r0"
    assert stdin.tell() < len(data) // 2


# --- encodings -----------------------------------------------------------------------------

CURLY = "The mayor called it \u201ca fine day\u201d \u2014 and the caf\u00e9 agreed."
RUSSIAN = "Мэр города сказал, что новый мост через реку откроют в понедельник утром."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"\xef\xbb\xbf" + STORY.encode(), STORY, id="utf-8-bom"),
        pytest.param(CURLY.encode("utf-16"), CURLY, id="utf-16-bom"),
        pytest.param(b"\xfe\xff" + CURLY.encode("utf-16-be"), CURLY, id="utf-16-be-bom"),
        pytest.param(STORY.encode("utf-16-le"), STORY, id="utf-16-le-no-bom"),
        pytest.param(RUSSIAN.encode("utf-16-be"), RUSSIAN, id="utf-16-be-no-bom-cyrillic"),
        pytest.param(CURLY.encode("cp1252"), CURLY, id="cp1252"),
        pytest.param(RUSSIAN.encode("cp1251"), RUSSIAN, id="cp1251"),
        pytest.param(RUSSIAN.encode("koi8-r"), RUSSIAN, id="koi8-r"),
        pytest.param("Lunch at the cafÃ© was â€œfineâ€\x9d.".encode(),
                     "Lunch at the café was \u201cfine\u201d.", id="mojibake"),
        pytest.param(b"Tom &amp; Jerry", "Tom & Jerry", id="html-entity"),
    ],
)
def test_text_file_encodings(tmp_path, data, expected):
    (doc,) = iter_load(_write(tmp_path / "story.txt", data))

    assert doc.text == expected


def test_normaliser_work_is_left_alone(tmp_path):
    text = "\u201cQuoted\u201d \u2014 \ufb01ne ＦＵＬＬ e\u0301"
    (doc,) = iter_load(_write(tmp_path / "story.txt", text))

    assert doc.text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1251", "utf-8-sig"])
def test_jsonl_stream_encodings(tmp_path, encoding):
    data = "".join(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n"
                   for n, t in (("r1", RUSSIAN), ("r2", STORY)))
    path = _write(tmp_path / "feed.jsonl", data.encode(encoding))

    documents = list(iter_load(path))

    assert [(doc.id, doc.text, doc.source) for doc in documents] == [
        ("r1", RUSSIAN, f"{path}:1"), ("r2", STORY, f"{path}:2")]


def test_csv_in_cp1252(tmp_path):
    path = _write(tmp_path / "feed.csv", f'id,text\nq1,"{CURLY}"\n'.encode("cp1252"))

    (doc,) = iter_load(path)

    assert doc.text == CURLY


# --- bad records ---------------------------------------------------------------------------

GOOD = _jsonl({"id": "good", "text": STORY})


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"id": "x", "text": ', "malformed JSON: Expecting value at column 21"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ('"just a string"', "expected a JSON object, got a string"),
        ('{"id": "x"}', "missing field 'text'"),
        ('{"id": "x", "text": null}', "missing field 'text'"),
        ('{"text": "Some words."}', "missing field 'id'"),
        ('{"id": "", "text": "Some words."}', "empty field 'id'"),
        ('{"id": ["x"], "text": "Some words."}',
         "field 'id' must be a string or an integer, got an array"),
        ('{"id": "x", "text": 42}', "field 'text' must be a string, got a number"),
        ('{"id": "x", "text": " \\n\\t "}', "empty text"),
    ],
)
def test_bad_jsonl_records_are_skipped_and_named(tmp_path, bad_line, reason):
    last = _jsonl({"id": "last", "text": OTHER})
    path = _write(tmp_path / "feed.jsonl", GOOD + bad_line + "\n" + last)

    documents, skipped = _collect(path)

    assert [doc.id for doc in documents] == ["good", "last"]
    assert skipped == [Skipped(f"{path}:2", reason)]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("blank.txt", " \n\t\n", "empty text"),
        ("empty.md", b"", "empty text"),
        ("image.txt", bytes(range(256)) * 4, "binary file (contains NUL bytes)"),
        ("controls.txt", b"\x01\x02\x03\x04\x05\x06 words", "binary file (6 control characters)"),
        ("menu.html", "<html><body><nav></nav></body></html>",
         "no article text found in the HTML page"),
        ("blank.html", "  ", "empty text"),
    ],
)
def test_bad_files_in_a_directory_are_skipped_and_named(tmp_path, name, content, reason):
    _write(tmp_path / "in" / "ok.txt", STORY)
    bad = _write(tmp_path / "in" / name, content)

    documents, skipped = _collect(tmp_path / "in")

    assert [doc.id for doc in documents] == ["ok"]
    assert skipped == [Skipped(str(bad), reason)]


def test_unreadable_file_is_skipped(tmp_path):
    _write(tmp_path / "in" / "ok.txt", STORY)
    (tmp_path / "in" / "dangling.txt").symlink_to(tmp_path / "gone.txt")

    documents, skipped = _collect(tmp_path / "in")

    assert [doc.id for doc in documents] == ["ok"]
    assert skipped == [Skipped(str(tmp_path / "in" / "dangling.txt"),
                               "cannot read file: No such file or directory")]


def test_undecodable_line_after_the_detection_prefix_is_skipped(tmp_path):
    filler = _jsonl(*({"id": f"f{n}", "text": STORY} for n in range(1000)))
    data = filler.encode() + b'{"id": "bad", "text": "caf\xe9"}\n' + GOOD.encode()
    path = _write(tmp_path / "feed.jsonl", data)

    documents, skipped = _collect(path)

    assert len(documents) == 1001
    assert skipped == [Skipped(f"{path}:1001", "undecodable line")]


@pytest.mark.parametrize(
    ("content", "source_line", "reason"),
    [
        ("id,body\nc1,words\n", 1, "no column 'text' in the header"),
        ("id,text\nc1,words,extra\nc2,more words\n", 2, "expected 2 fields, got 3"),
        ("id,text\nc1,   \nc2,more words\n", 2, "empty text"),
    ],
)
def test_bad_csv_records_are_skipped_and_named(tmp_path, content, source_line, reason):
    path = _write(tmp_path / "feed.csv", content)

    _, skipped = _collect(path)

    assert skipped == [Skipped(f"{path}:{source_line}", reason)]


def test_skips_warn_by_default_and_reading_goes_on(tmp_path):
    path = _write(tmp_path / "feed.jsonl", "not json\n" + GOOD)

    with pytest.warns(InputWarning, match=r"feed\.jsonl:1: skipped: malformed JSON") as record:
        documents = list(iter_load(path))

    assert [doc.id for doc in documents] == ["good"]
    assert record[0].filename == __file__


def test_strict_raises_on_the_first_bad_record(tmp_path):
    path = _write(tmp_path / "feed.jsonl", GOOD + '{"id": "x"}\n')

    with pytest.raises(InputError) as info:
        list(iter_load(path, strict=True))

    assert (info.value.source, info.value.reason) == (f"{path}:2", "missing field 'text'")
    assert str(info.value) == f"{path}:2: missing field 'text'"


def test_duplicate_ids_raise_naming_both_sources(tmp_path):
    first = _write(tmp_path / "feed.jsonl", _jsonl({"id": "a1", "text": STORY}))
    second = _write(tmp_path / "more.jsonl", GOOD + _jsonl({"id": "a1", "text": OTHER}))

    with pytest.raises(InputError) as info:
        load([first, second], on_skip=lambda item: None)

    assert str(info.value) == f"{second}:2: duplicate id 'a1' (first seen at {first}:1)"


def test_duplicate_ids_within_a_directory(tmp_path):
    _write(tmp_path / "in" / "a.txt", STORY)
    _write(tmp_path / "in" / "a.md", OTHER)

    with pytest.raises(InputError, match="duplicate id 'a'"):
        load(tmp_path / "in")


def test_load_collects_skipped_records_without_warning(tmp_path):
    _write(tmp_path / "in" / "ok.txt", STORY)
    _write(tmp_path / "in" / "blank.txt", "   ")
    feed = _write(tmp_path / "feed.jsonl", GOOD + "[]\n")
    seen: list[Skipped] = []

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = load([tmp_path / "in", feed], on_skip=seen.append)

    assert [doc.id for doc in corpus] == ["ok", "good"]
    assert len(corpus) == 2
    assert corpus.skipped == (
        Skipped(str(tmp_path / "in" / "blank.txt"), "empty text"),
        Skipped(f"{feed}:2", "expected a JSON object, got an array"),
    )
    assert tuple(seen) == corpus.skipped


def test_load_strict_raises(tmp_path):
    feed = _write(tmp_path / "feed.jsonl", "{oops\n")

    with pytest.raises(InputError, match=r"feed\.jsonl:1: malformed JSON"):
        load(feed, strict=True)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_control_shortcut_agrees_with_the_pattern(text: str) -> None:
    # _fix decides "nothing for ftfy to do" with a byte table; it must be the pattern's verdict.
    import dupdetect.ingest as ingest_module

    by_table = b"\x00" not in text.encode("ascii").translate(ingest_module._CONTROL_BYTES)
    assert by_table == (ingest_module._ASCII_CONTROL.search(text) is None)
