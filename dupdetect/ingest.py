"""Read stories from files, directories and standard input into :class:`Document` values.

Inputs may be directories of ``.txt`` / ``.md`` / ``.html`` files, single text or HTML files,
JSON Lines, CSV / TSV, or standard input (``"-"``). Bytes are decoded whatever their encoding
(UTF-8, UTF-16, legacy single-byte code pages) and mojibake is repaired, but the text is not
otherwise cleaned: that is the normaliser's job.

Bad records (binary or undecodable files, malformed JSON, missing fields, empty text ...) are
never fatal by default: each one is reported as a :class:`Skipped` and reading goes on.

This is the one module that uses trafilatura, ftfy and charset-normalizer.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, cast

import charset_normalizer
import ftfy

from dupdetect.errors import InputError, InputWarning, InvalidParameterError
from dupdetect.models import Corpus, Document, Skipped

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["iter_load", "load"]

Format = Literal["text", "jsonl", "csv", "html"]
PathArg = str | os.PathLike[str]

_FORMATS: tuple[str, ...] = ("text", "jsonl", "csv", "html")
_FORMAT_BY_SUFFIX: dict[str, Format] = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html",
}
_DIRECTORY_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
_TIME_FIELDS = ("published", "time", "date", "scrape_time", "pubdate")
_OUTLET_FIELDS = ("source", "publisher", "outlet", "site")
_REUTERS_FORMATS = ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S")
_PREFIX_BYTES = 1 << 16  # how much of a stream is read to detect its encoding
#: Read buffer of a record file: lines of whole stories, so fewer reads than the default 8 kB.
_READ_BUFFER = 1 << 20
_MAX_CONTROL_SHARE = 0.05  # more control characters than this: a binary file
_STDIN = "<stdin>"
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

# Only repair encoding damage and HTML entities; quotes, dashes, ligatures, width, line breaks
# and Unicode normal form are left for the normaliser.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
    fix_line_breaks=False, normalization=None, explain=False,
)

# trafilatura logs "empty HTML tree" and the like at ERROR level; keep that off the terminal of
# applications that did not configure logging (records reach their handlers if they did).
for _name in ("trafilatura", "htmldate", "justext", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_Item = Document | Skipped


class _BadRecord(Exception):
    """Internal: the record at hand cannot be used; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Options:
    id_field: str
    text_field: str
    format: Format | None
    stdin: BinaryIO | None


# --------------------------------------------------------------------------------------------
# Public API


def iter_load(
    paths: PathArg | Iterable[PathArg],
    *,
    id_field: str = "id",
    text_field: str = "text",
    format: Format | None = None,
    strict: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document]:
    """Read documents one at a time from files, directories or standard input.

    Parameters
    ----------
    paths : str, PathLike or iterable of them
        Files or directories to read; ``"-"`` is standard input. Directories are read
        recursively (``.txt``, ``.md``, ``.html``, ``.htm``; hidden entries skipped) and their
        documents get the relative path without extension as id. Single files are parsed by
        extension: ``.jsonl`` / ``.ndjson``, ``.csv`` / ``.tsv``, ``.html`` / ``.htm``, else text.
    id_field, text_field : str
        Fields of JSONL / CSV records holding the id and the text; other fields go to ``meta``.
    format : {"text", "jsonl", "csv", "html"} or None
        Parse every input this way instead of detecting the format.
    strict : bool
        Raise :class:`InputError` at the first bad record instead of skipping it.
    on_skip : callable, optional
        Called with each :class:`Skipped` record; by default an :class:`InputWarning` is issued.
    stdin : binary stream, optional
        Read instead of ``sys.stdin.buffer`` for ``"-"``.

    Yields
    ------
    Document
        In input order; JSONL and CSV files are streamed record by record.

    Raises
    ------
    InputError
        If a path does not exist, two documents share an id, or (with ``strict``) a record is bad.

    Examples
    --------
    >>> for doc in iter_load("feed.jsonl", text_field="body"):  # doctest: +SKIP
    ...     print(doc.id, doc.published, doc.source)
    a1 2026-03-01 10:00:00+00:00 feed.jsonl:1
    """
    options = _Options(_check_field("id_field", id_field), _check_field("text_field", text_field),
                       _check_format(format), stdin)
    path_list = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    for path in path_list:
        if _is_stdin(path):
            continue
        if not isinstance(path, str | os.PathLike):
            raise InvalidParameterError(
                f"The 'paths' parameter of iter_load must hold str or PathLike values. "
                f"Got {path!r} instead.")
        if not Path(path).exists():
            raise InputError(os.fspath(path), "no such file or directory")
    return _iter_documents(path_list, options, strict, on_skip)


def load(
    paths: PathArg | Iterable[PathArg],
    *,
    id_field: str = "id",
    text_field: str = "text",
    format: Format | None = None,
    strict: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
    stdin: BinaryIO | None = None,
) -> Corpus:
    """Read every document into a :class:`Corpus`, collecting the skipped records.

    Takes the same parameters as :func:`iter_load`. Skipped records are returned in
    ``Corpus.skipped`` (and passed to ``on_skip`` if given) instead of being warned about.

    Examples
    --------
    >>> corpus = load(["stories/", "feed.jsonl"])  # doctest: +SKIP
    >>> len(corpus), [s.reason for s in corpus.skipped]  # doctest: +SKIP
    (41, ["missing field 'text'"])
    """
    skipped: list[Skipped] = []

    def collect(item: Skipped) -> None:
        skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    documents = tuple(iter_load(paths, id_field=id_field, text_field=text_field, format=format,
                                strict=strict, on_skip=collect, stdin=stdin))
    return Corpus(documents, tuple(skipped))


def _iter_documents(paths: list[PathArg], options: _Options, strict: bool,
                    on_skip: Callable[[Skipped], None] | None) -> Iterator[Document]:
    """Report skipped records, refuse duplicate ids and yield the documents."""
    first_seen: dict[str, str] = {}
    for path in paths:
        for item in _read_path(path, options):
            if isinstance(item, Skipped):
                if strict:
                    raise InputError(item.source, item.reason)
                if on_skip is not None:
                    on_skip(item)
                else:
                    warnings.warn(f"{item.source}: skipped: {item.reason}", InputWarning,
                                  stacklevel=2)
                continue
            if item.id in first_seen:
                raise InputError(item.source, f"duplicate id {item.id!r} "
                                              f"(first seen at {first_seen[item.id]})")
            first_seen[item.id] = item.source
            yield item


def _check_field(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterError(
            f"The {name!r} parameter of iter_load must be a non-empty str. Got {value!r} instead.")
    return value


def _check_format(value: object) -> Format | None:
    if value is not None and value not in _FORMATS:
        raise InvalidParameterError(
            f"The 'format' parameter of iter_load must be one of {', '.join(_FORMATS)} or None. "
            f"Got {value!r} instead.")
    return cast(Format | None, value)


def _is_stdin(path: object) -> bool:
    return isinstance(path, str) and path == "-"


# --------------------------------------------------------------------------------------------
# Paths, directories and streams


def _read_path(path: PathArg, options: _Options) -> Iterator[_Item]:
    if _is_stdin(path):
        stream = options.stdin if options.stdin is not None else sys.stdin.buffer
        yield from _read_stream(stream, _STDIN, "stdin", options.format, ",", options)
    elif Path(path).is_dir():
        yield from _read_directory(Path(path), options)
    else:
        yield from _read_file(Path(path), os.fspath(path), Path(path).stem, options)


def _read_directory(root: Path, options: _Options) -> Iterator[_Item]:
    errors: list[OSError] = []
    files: list[Path] = []
    for folder, subfolders, names in os.walk(root, onerror=errors.append):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        files.extend(Path(folder, name) for name in names if not name.startswith(".")
                     and Path(name).suffix.lower() in _DIRECTORY_SUFFIXES)
    for error in errors:
        yield Skipped(str(error.filename), f"cannot read directory: {error.strerror}")
    for file in sorted(files, key=lambda file: file.relative_to(root).parts):
        relative = file.relative_to(root)
        yield from _read_file(file, str(file), relative.with_suffix("").as_posix(), options)


def _read_file(path: Path, name: str, doc_id: str, options: _Options) -> Iterator[_Item]:
    fmt = options.format or _FORMAT_BY_SUFFIX.get(path.suffix.lower(), "text")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        with path.open("rb") as stream:
            yield from _read_stream(stream, name, doc_id, fmt, delimiter, options)
    except OSError as exc:
        yield Skipped(name, f"cannot read file: {exc.strerror or exc}")


def _read_stream(stream: BinaryIO, name: str, doc_id: str, fmt: Format | None, delimiter: str,
                 options: _Options) -> Iterator[_Item]:
    """Parse one file or standard input; ``fmt=None`` detects the format from the content."""
    prefix = stream.read(_PREFIX_BYTES)
    complete = len(prefix) < _PREFIX_BYTES
    try:
        encoding = _detect_encoding(prefix, complete=complete)
    except _BadRecord as exc:
        yield Skipped(name, exc.reason)
        return
    if fmt is None:
        fmt = _sniff_format(prefix.decode(encoding, errors="replace"))
    if fmt == "jsonl" or fmt == "csv":
        lines = _decoded_lines(io.BufferedReader(_Prefixed(prefix, stream), _READ_BUFFER), encoding)
        if fmt == "jsonl":
            yield from _parse_jsonl(lines, name, options)
        else:
            yield from _parse_csv(lines, name, delimiter, options)
        return
    data = prefix + stream.read()
    yield _read_document(data, encoding if len(data) == len(prefix) else None, name, doc_id, fmt)


def _sniff_format(head: str) -> Format:
    start = head.lstrip("\ufeff \t\r\n")[:1]
    return "jsonl" if start == "{" else "html" if start == "<" else "text"


class _Prefixed(io.RawIOBase):
    """A binary stream that replays bytes already read from ``rest`` before reading on."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        if self._prefix:
            size = min(len(target), len(self._prefix))
            target[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._rest.read(len(target))
        target[:len(data)] = data
        return len(data)


# --------------------------------------------------------------------------------------------
# Decoding


def _detect_encoding(data: bytes, *, complete: bool) -> str:
    """Name the codec of ``data`` (all of a file, or a prefix when not ``complete``)."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data:
        encoding = _utf16_by_nul_pattern(data)
    elif _is_utf8(data, complete=complete):
        encoding = "utf-8"
    else:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise _BadRecord("undecodable: no text encoding fits")
        encoding = best.encoding
    sample = data[:_PREFIX_BYTES].decode(encoding, errors="replace")
    controls = sum(1 for char in sample if (char < " " and char not in "\t\n\v\f\r")
                   or char == "\x7f")
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise _BadRecord(f"binary file ({controls} control characters)")
    return encoding


def _utf16_by_nul_pattern(data: bytes) -> str:
    """UTF-16 without BOM puts the NUL high bytes of ASCII text at every other position."""
    sample = data[:_PREFIX_BYTES]
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / max(len(even), 1), odd.count(0) / max(len(odd), 1)
    if nul_odd >= 0.1 and nul_even <= 0.01:
        return "utf-16-le"
    if nul_even >= 0.1 and nul_odd <= 0.01:
        return "utf-16-be"
    raise _BadRecord("binary file (contains NUL bytes)")


def _is_utf8(data: bytes, *, complete: bool) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a prefix may end inside a multi-byte character
        return not complete and exc.reason == "unexpected end of data"
    return True


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _BadRecord(f"undecodable as {encoding}: {exc.reason} at byte {exc.start}") from exc


#: ASCII bytes -> 0 for the control characters of ``_ASCII_CONTROL``, 1 otherwise.
_CONTROL_BYTES = bytes(0 if _ASCII_CONTROL.match(chr(b)) else 1 for b in range(256))


def _fix(text: str) -> str:
    """Repair mojibake and HTML entities, leaving everything else as it is."""
    if (text.isascii() and "&" not in text
            and b"\x00" not in text.encode("ascii").translate(_CONTROL_BYTES)):
        return text  # nothing ftfy would change: no mojibake, entity or control character
    return ftfy.fix_text(text, _FTFY_CONFIG)


def _decoded_lines(stream: BinaryIO, encoding: str) -> Iterator[tuple[str, bool]]:
    """Yield each line of ``stream`` and whether it decoded cleanly."""
    if encoding.startswith("utf-16"):
        # lines cannot be split on b"\n" here; a decoding error ends the file
        try:
            for line in io.TextIOWrapper(stream, encoding=encoding, newline=""):
                yield line, True
        except UnicodeDecodeError:
            yield "", False
        return
    for raw in stream:
        try:
            yield raw.decode(encoding), True
        except UnicodeDecodeError:
            yield raw.decode(encoding, errors="replace"), False


# --------------------------------------------------------------------------------------------
# Whole documents: text and HTML


def _read_document(data: bytes, encoding: str | None, name: str, doc_id: str,
                   fmt: Format) -> _Item:
    try:
        text = _decode(data, encoding or _detect_encoding(data, complete=True))
        meta: dict[str, Any] = {}
        if fmt == "html":
            text, meta = _extract_html(text)
        text = _fix(text)
        if not text.strip():
            raise _BadRecord("empty text")
    except _BadRecord as exc:
        return Skipped(name, exc.reason)
    return Document(doc_id, text, meta, name)


def _extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Article text (paragraphs separated by blank lines) and metadata of a saved web page."""
    if not html.strip():
        raise _BadRecord("empty text")
    import trafilatura  # on first use: a quarter of a second, and most input is not HTML

    result = trafilatura.bare_extraction(
        html, favor_precision=True, with_metadata=True, include_comments=False,
        date_extraction_params={"original_date": True, "extensive_search": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if result is None:
        fields: Mapping[str, Any] = {}
    elif isinstance(result, Mapping):  # trafilatura < 2
        fields = result
    else:
        fields = result.as_dict()
    paragraphs = [line.strip() for line in (fields.get("text") or "").splitlines()]
    text = "\n\n".join(line for line in paragraphs if line)
    if not text:
        raise _BadRecord("no article text found in the HTML page")
    meta = {key: _fix(fields[key]) for key in ("title", "date", "author", "sitename")
            if fields.get(key)}
    published = _parse_time(meta.get("date"))
    if published is not None:
        meta["published"] = published
    if "sitename" in meta:
        meta["outlet"] = meta["sitename"]
    return text, meta


# --------------------------------------------------------------------------------------------
# Records: JSON Lines and CSV


def _parse_jsonl(lines: Iterable[tuple[str, bool]], name: str,
                 options: _Options) -> Iterator[_Item]:
    for number, (line, decoded) in enumerate(lines, start=1):
        source = f"{name}:{number}"
        if not decoded:
            yield Skipped(source, "undecodable line")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield Skipped(source, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(value, dict):
            yield Skipped(source, f"expected a JSON object, got {_json_type(value)}")
            continue
        yield _record(value, source, options)


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    names = {dict: "an object", list: "an array", str: "a string", int: "a number",
             float: "a number"}
    return names.get(type(value), "null")


def _parse_csv(lines: Iterable[tuple[str, bool]], name: str, delimiter: str,
               options: _Options) -> Iterator[_Item]:
    bad_lines: set[int] = set()

    def text_lines() -> Iterator[str]:
        for number, (line, decoded) in enumerate(lines, start=1):
            if not decoded:
                bad_lines.add(number)
            yield line

    reader = csv.reader(text_lines(), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return
        for field in (options.id_field, options.text_field):
            if field not in header:
                yield Skipped(f"{name}:1", f"no column {field!r} in the header")
                return
        start = reader.line_num + 1
        for row in reader:
            first, start = start, reader.line_num + 1
            source = f"{name}:{first}"
            if not row:
                continue
            if bad_lines.intersection(range(first, start)):
                yield Skipped(source, "undecodable line")
            elif len(row) != len(header):
                yield Skipped(source, f"expected {len(header)} fields, got {len(row)}")
            else:
                yield _record(dict(zip(header, row, strict=True)), source, options)
    except csv.Error as exc:
        yield Skipped(f"{name}:{reader.line_num}", f"malformed CSV: {exc}")


def _record(fields: dict[str, Any], source: str, options: _Options) -> _Item:
    """Turn one JSONL / CSV record into a Document, or say why it cannot be one."""
    try:
        doc_id = _field(fields, options.id_field, (str, int), "a string or an integer")
        text = _fix(_field(fields, options.text_field, (str,), "a string"))
        if not text.strip():
            raise _BadRecord("empty text")
    except _BadRecord as exc:
        return Skipped(source, exc.reason)
    meta = {key: value for key, value in fields.items()
            if key not in (options.id_field, options.text_field)}
    published = next((_parse_time(fields[key]) for key in _TIME_FIELDS
                      if _present(fields.get(key))), None)
    if published is not None:
        meta["published"] = published
    outlet = next((fields[key] for key in _OUTLET_FIELDS if _present(fields.get(key))), None)
    if outlet is not None:
        meta["outlet"] = str(outlet)
    return Document(doc_id, text, meta, source)


def _field(fields: dict[str, Any], key: str, types: tuple[type, ...], expected: str) -> str:
    value = fields.get(key)
    if key not in fields or value is None:
        raise _BadRecord(f"missing field {key!r}")
    if value == "":
        raise _BadRecord(f"empty field {key!r}")
    if isinstance(value, bool) or not isinstance(value, types):
        raise _BadRecord(f"field {key!r} must be {expected}, got {_json_type(value)}")
    return str(value)


def _present(value: object) -> bool:
    return value is not None and value != ""


# --------------------------------------------------------------------------------------------
# Publication times


def _parse_time(value: object) -> str | None:
    """ISO-8601 UTC string of a timestamp in one of the accepted forms, or None."""
    parsed = _to_datetime(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def _to_datetime(value: object) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.replace(".", "", 1).isdigit():
        return _from_epoch(float(text))
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            return parse(text)
        except (TypeError, ValueError, IndexError):
            pass
    for pattern in _REUTERS_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            pass
    return None


def _from_epoch(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
