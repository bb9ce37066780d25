"""`newsbot export`: articles as JSON lines, one per line, filtered by site, language and date."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

import click

from newsbot.archive.export import iter_records, write_jsonl
from newsbot.cli.common import CommandError, archive, db_option
from newsbot.cli.files import atomic_text_file


def parse_since(value: str | None) -> datetime | None:
    """A date or date-time; one without an offset is read as UTC."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        message = f"--since takes an ISO date like 2026-01-31 or 2026-01-31T12:00+05:00, got {value!r}"
        raise CommandError(message) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of standard output.")
@click.option("--site", help="Only this site (registry name).")
@click.option("--lang", help="Only this language (kk, ru, en).")
@click.option("--since", help="Only articles published at or after this date (ISO 8601).")
def command(db: str | None, fmt: str, output: str, site: str | None, lang: str | None, since: str | None) -> None:
    """Write archived articles as JSON lines."""
    since_dt = parse_since(since)
    engine = archive(db, readonly=True)
    records = iter_records(engine, site=site, lang=lang, since=since_dt)
    try:
        if output == "-":
            try:
                count = write_jsonl(records, sys.stdout)
                sys.stdout.flush()
            except BrokenPipeError:
                # The reader (`head`, a closed pipe) wanted no more: not an error.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
        else:
            # Write beside the target and rename: a failed export never leaves half a file under its name.
            with atomic_text_file(output) as out:
                count = write_jsonl(records, out)
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        engine.dispose()
    click.echo(f"exported {count} articles", err=True)
