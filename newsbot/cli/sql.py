"""`newsbot sql`: a read-only query on the archive; the database itself refuses writes."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import click
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ResourceClosedError

from newsbot.cli.common import CommandError, archive, db_option

READ_ONLY_HINTS = ("readonly", "read-only", "query_only", "attempt to write")


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def print_table(columns: Sequence[str], rows: list[Sequence[Any]]) -> None:
    cells = [[("" if v is None else str(v)).replace("\n", "\\n") for v in row] for row in rows]
    widths = [min(60, max([len(c), *(len(r[i]) for r in cells)])) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(_fit(v, w) for v, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        click.echo("(no rows)")


def _fit(value: str, width: int) -> str:
    """VALUE in WIDTH characters; one cut short ends in … so that nobody takes it for the whole value."""
    return (value[: width - 1] + "…") if len(value) > width else value.ljust(width)


@click.command("sql")
@click.argument("query")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True)
def command(query: str, db: str | None, fmt: str) -> None:
    """Run a read-only SQL QUERY on the archive and print the rows."""
    engine = archive(db, readonly=True)
    try:
        with engine.connect() as conn:
            result = conn.execute(text(query))
            try:
                columns = list(result.keys())
                rows = [tuple(_cell(v) for v in row) for row in result]
            except ResourceClosedError:
                columns, rows = [], []
    except DBAPIError as exc:
        message = str(exc.orig)
        if any(hint in message.lower() for hint in READ_ONLY_HINTS):
            raise CommandError(f"newsbot sql is read-only; the archive refused the statement ({message})") from None
        raise CommandError(f"SQL error: {message}") from None
    finally:
        engine.dispose()
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str))
    else:
        print_table(columns, rows)
