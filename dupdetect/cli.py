"""The ``dupdetect`` command: a thin click layer over the library.

Exit status: 0 on success; 3 when some input records were skipped (the run still completed);
2 on bad usage, a duplicate id, or with ``--strict`` at the first bad record; 1 on other errors.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import DupdetectError, InputError
from .ingest import iter_load, load
from .models import Skipped
from .pipeline import Detector
from .report import FORMATS, render

__all__ = ["main"]

EXIT_SKIPPED = 3
EXIT_INPUT = 2


def _warn(skipped: Skipped) -> None:
    click.echo(f"warning: {skipped.source}: skipped: {skipped.reason}", err=True)


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads a corpus."""
    decorators = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True)),
        click.option("--id-field", default="id", show_default=True,
                     help="JSONL/CSV field holding the document id."),
        click.option("--text-field", default="text", show_default=True,
                     help="JSONL/CSV field holding the story text."),
        click.option("--input-format", type=click.Choice(["text", "jsonl", "csv", "html"]),
                     default=None, help="Parse every input this way instead of detecting it."),
        click.option("--strict", is_flag=True,
                     help="Stop with status 2 at the first bad record instead of skipping it."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The --format and --output options of every command that prints results."""
    func = click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
                        help="Write here instead of standard output.")(func)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                        show_default=True, help="Output format.")(func)


def threshold_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options for the decision thresholds (defaults from the Detector)."""
    d = Detector()
    opts = [
        click.option("--duplicate", type=click.FloatRange(0, 1), default=d.duplicate,
                     show_default=True, help="Shingle containment, both ways, of a duplicate."),
        click.option("--contains", type=click.FloatRange(0, 1), default=d.contains,
                     show_default=True, help="Share of a story found inside a container."),
        click.option("--rewrite", type=click.FloatRange(0, 1), default=d.rewrite,
                     show_default=True, help="Sentence-alignment coverage of a rewrite."),
        click.option("--translated", type=click.FloatRange(0, 1), default=d.translated,
                     show_default=True, help="Translation-damage score of a translated copy."),
        click.option("--align-cutoff", type=click.FloatRange(0, 100), default=d.align_cutoff,
                     show_default=True, help="Similarity (0-100) of two aligned sentences."),
        click.option("--min-shared-words", type=click.IntRange(0), default=d.min_shared_words,
                     show_default=True, help="Fewer copied words never make a pair."),
        click.option("--doc-threshold", type=click.FloatRange(0.01, 0.99),
                     default=d.doc_threshold, show_default=True,
                     help="LSH threshold on content words for document candidates."),
        click.option("--seed", type=click.IntRange(0), default=d.seed, show_default=True,
                     help="Seed of the MinHash permutations."),
        click.option("--jobs", type=click.IntRange(1), default=None,
                     help="Worker processes [default: every core]."),
    ]
    for decorator in reversed(opts):
        func = decorator(func)
    return func


def _run(paths: tuple[str, ...], id_field: str, text_field: str, input_format: str | None,
         strict: bool, params: dict[str, Any]) -> tuple[dict[str, Any], int]:
    read_skipped: list[Skipped] = []

    def skip(record: Skipped) -> None:
        read_skipped.append(record)
        _warn(record)

    try:
        # Streamed: the detector keeps sketches, not texts.
        stream = iter_load(list(paths), id_field=id_field, text_field=text_field,
                           format=input_format, strict=strict,  # type: ignore[arg-type]
                           on_skip=skip)
        detector = Detector(**params).fit(stream)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    except DupdetectError as exc:
        raise click.ClickException(str(exc)) from exc
    late = detector.skipped_
    for skipped in late:
        _warn(skipped)
    if strict and late:
        click.echo(f"error: {late[0].source}: {late[0].reason}", err=True)
        sys.exit(EXIT_INPUT)
    result = detector.to_dict()
    result["skipped"] = [{"source": s.source, "reason": s.reason} for s in read_skipped] + \
        result["skipped"]
    return result, EXIT_SKIPPED if result["skipped"] else 0


def _emit(result: dict[str, Any], what: str, fmt: str, output: Any) -> None:
    color = (fmt == "text" and getattr(output, "isatty", lambda: False)()
             and "NO_COLOR" not in os.environ)
    output.write(render(result, what=what, fmt=fmt, color=color))


def _command(what: str) -> Callable[..., Any]:
    def run(paths: tuple[str, ...], id_field: str, text_field: str, input_format: str | None,
            strict: bool, fmt: str, output: Any, **params: Any) -> None:
        result, status = _run(paths, id_field, text_field, input_format, strict, params)
        _emit(result, what, fmt, output)
        sys.exit(status)
    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dupdetect")
def main() -> None:
    """Find duplicate and near-duplicate news stories and group them into story clusters."""


@main.command("cluster")
@input_options
@output_options
@threshold_options
def cluster_cmd(**kwargs: Any) -> None:
    """Group the stories in PATHS into clusters of copies, with an origin and roles.

    PATHS are directories (.txt, .md, .html, read recursively), single files (.txt, .md,
    .html, .jsonl, .csv) or - for standard input.
    """
    _command("clusters")(**kwargs)


@main.command("pairs")
@input_options
@output_options
@threshold_options
def pairs_cmd(**kwargs: Any) -> None:
    """List every confirmed pair of copies in PATHS with its relation and scores."""
    _command("pairs")(**kwargs)


@main.command("normalize")
@input_options
@click.option("--explain", is_flag=True,
              help="Show which cleaning and normalisation steps changed each story.")
def normalize_cmd(paths: tuple[str, ...], id_field: str, text_field: str,
                  input_format: str | None, strict: bool, explain: bool) -> None:
    """Print each story of PATHS as it is compared: cleaned, then normalised."""
    from .clean import clean_corpus
    from .normalize import explain as explain_steps
    from .normalize import normalize

    try:
        corpus = load(list(paths), id_field=id_field, text_field=text_field,
                      format=input_format, strict=strict, on_skip=_warn)  # type: ignore[arg-type]
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    cleaned = clean_corpus([d.text for d in corpus])
    for doc, c in zip(corpus, cleaned, strict=True):
        click.echo(f"== {doc.id}")
        if explain:
            for line, reason in c.removed:
                click.echo(f"  removed ({reason}): {line}")
            prov = c.provenance
            for name in ("byline", "dateline"):
                if getattr(prov, name):
                    click.echo(f"  {name}: {getattr(prov, name)}")
            for name in ("credits", "notes"):
                for value in getattr(prov, name):
                    click.echo(f"  {name[:-1]}: {value}")
            steps = explain_steps(c.text)
            click.echo(f"  normalisation steps that changed it: {', '.join(steps) or 'none'}")
        else:
            click.echo(normalize(c.text))
    sys.exit(EXIT_SKIPPED if corpus.skipped else 0)


def _pick(paths: tuple[str, ...], corpus: tuple[str, ...], id_field: str, text_field: str,
          input_format: str | None, strict: bool) -> tuple[Any, Any, int]:
    """The two documents to compare: two files, or two ids of the ``--corpus`` inputs."""
    if len(paths) != 2:
        raise click.UsageError(f"diff takes exactly two stories (A and B). Got {len(paths)}.")
    kwargs: dict[str, Any] = {"id_field": id_field, "text_field": text_field,
                              "format": input_format, "strict": strict, "on_skip": _warn}
    try:
        if corpus:
            loaded = load(list(corpus), **kwargs)
            by_id = {d.id: d for d in loaded}
            missing = [x for x in paths if x not in by_id]
            if missing:
                raise click.UsageError(
                    f"no story with id {missing[0]!r} in {', '.join(corpus)} "
                    f"({len(by_id)} stories read).")
            return by_id[paths[0]], by_id[paths[1]], EXIT_SKIPPED if loaded.skipped else 0
        docs = []
        skipped = 0
        for path in paths:
            loaded = load([path], **kwargs)
            skipped += len(loaded.skipped)
            if len(loaded) != 1:
                raise click.UsageError(
                    f"{path} holds {len(loaded)} stories; give ids with --corpus {path}.")
            docs.append(loaded.documents[0])
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    return docs[0], docs[1], EXIT_SKIPPED if skipped else 0


@main.command("diff")
@input_options
@click.option("--corpus", multiple=True, type=click.Path(allow_dash=True),
              help="Read the stories from here; A and B are then ids (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="Output format (html: a self-contained page).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of standard output.")
@click.option("--width", type=click.IntRange(20), default=None,
              help="Wrap text output at this many columns (default: terminal width).")
@click.option("--context", type=click.IntRange(0), default=None,
              help="Text output: only changed sentences and N unchanged ones around them.")
@click.option("--align-cutoff", type=click.FloatRange(0, 100), default=60.0, show_default=True,
              help="Similarity (0-100) of two aligned sentences.")
def diff_cmd(paths: tuple[str, ...], id_field: str, text_field: str, input_format: str | None,
             strict: bool, corpus: tuple[str, ...], fmt: str, output: Any, width: int | None,
             context: int | None, align_cutoff: float) -> None:
    """Show what story B kept, cut, added and reworded from story A, and translation damage.

    A and B are two files, or with --corpus two ids of stories in the corpus.
    """
    from .diff import diff
    from .report.structured import to_json

    doc_a, doc_b, status = _pick(paths, corpus, id_field, text_field, input_format, strict)
    try:
        result = diff(doc_a, doc_b, cutoff=align_cutoff)
    except DupdetectError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        output.write(to_json(result.as_dict()))
    elif fmt == "html":
        output.write(result.to_html())
    else:
        tty = bool(getattr(output, "isatty", lambda: False)())
        color = tty and "NO_COLOR" not in os.environ
        cols = width or (shutil.get_terminal_size().columns if tty else 100)
        output.write(result.to_text(color=color, width=cols, context=context))
    sys.exit(status)
