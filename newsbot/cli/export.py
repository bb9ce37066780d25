"""`newsbot export`: articles as JSON lines, CSV or Parquet, filtered by site, language and dates."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from newsbot.archive.db import default_db, sqlite_file
from newsbot.archive.export import ExportFilter, count_records, iter_records
from newsbot.archive.formats import SUFFIXES, TEXT_AS_BYTES, WRITERS, MissingWriterError
from newsbot.cli.common import CommandError, archive, db_option, refuse_unheld
from newsbot.cli.files import OutputRefusedError, open_output, output_kind
from newsbot.dates.zones import parse_instant


def parse_since(value: str | None, option: str = "--since") -> datetime | None:
    """A date or date-time; one without an offset is read as UTC."""
    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError:
        message = f"{option} takes an ISO date like 2026-01-31 or 2026-01-31T12:00+05:00, got {value!r}"
        raise CommandError(message) from None


def _with_progress(records: Iterator[dict[str, Any]], total: int) -> Iterator[dict[str, Any]]:
    with click.progressbar(records, length=total, label="exporting", file=sys.stderr) as bar:
        yield from bar


def archive_files(db: str | None) -> tuple[Path, ...]:
    """The archive's files, which an export never writes over (-o naming one of them, or a link to it)."""
    path = sqlite_file(db or default_db())
    if path is None:
        return ()
    return (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal", ".lock")))


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(list(WRITERS)),
              help="jsonl, csv or parquet [default: from the -o name's ending (.csv, .parquet), else jsonl].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of standard output; a name ending in .gz is gzip-compressed.")
@click.option("--gzip", "gzipped", is_flag=True, help="Compress with gzip whatever the file name.")
@click.option("--site", help="Only this site (registry name).")
@click.option("--lang", help="Only this language (kk, ru, en).")
@click.option("--since", help="Only articles published at or after this date (ISO 8601).")
@click.option("--until", help="Only articles published before this date (ISO 8601).")
@click.option("--changed-since", help="Only articles new or changed at or after this date (ISO 8601).")
def command(db: str | None, fmt: str | None, output: str, gzipped: bool, site: str | None, lang: str | None,
            since: str | None, until: str | None, changed_since: str | None) -> None:
    """Write archived articles as JSON lines, CSV or Parquet (the record's JSON Schema:
    newsbot/archive/article.schema.json; the same fields in every format)."""
    where = ExportFilter(site=site, lang=lang, since=parse_since(since), until=parse_since(until, "--until"),
                         changed_since=parse_since(changed_since, "--changed-since"))
    compress = gzipped or output.endswith(".gz")
    fmt = fmt or SUFFIXES.get(Path(output.removesuffix(".gz")).suffix.lower(), "jsonl")
    if output == "-" and compress:
        raise CommandError("--gzip needs -o FILE")
    if fmt == "parquet" and compress:
        raise CommandError("Parquet compresses its own columns: drop --gzip and the .gz ending")
    try:
        output_kind(output, archive_files(db))  # before the archive is even opened
    except OutputRefusedError as exc:
        raise CommandError(str(exc)) from None
    engine = archive(db, readonly=True)
    write = WRITERS[fmt]
    try:
        refuse_unheld(engine, site=site, lang=lang)
        records = iter_records(engine, where, text_as_bytes=fmt in TEXT_AS_BYTES)
        # A bar only for a person watching, and never mixed into the records themselves.
        if sys.stderr.isatty() and not (output == "-" and sys.stdout.isatty()):
            records = _with_progress(records, count_records(engine, where))
        with open_output(output, gzipped=compress, protected=archive_files(db)) as out:
            count = write(records, out)
    except BrokenPipeError:
        # The reader (`head`, a closed pipe) wanted no more: not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    except (OutputRefusedError, MissingWriterError) as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        engine.dispose()
    click.echo(f"exported {count} articles", err=True)
