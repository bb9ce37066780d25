"""`newsbot sql`: a read-only query on the archive; the database itself refuses writes."""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import click
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, ResourceClosedError

from newsbot.archive.migrations import READER_ROLE
from newsbot.cli.common import EXIT_INTERRUPTED, CommandError, archive, db_option

READ_ONLY_HINTS = ("readonly", "read-only", "query_only", "attempt to write")
# Long enough for any aggregate over a large archive; short enough that a runaway query (an endless recursive CTE)
# does not hold back a running crawl's WAL checkpoints for long.
DEFAULT_TIMEOUT = 300
# SQLite calls the progress handler every this many virtual machine steps (about a millisecond).
PROGRESS_STEPS = 10_000
# Functions a query may not call: fts3_tokenizer returns a memory address (and with two arguments installs code).
REFUSED_FUNCTIONS = {"fts3_tokenizer", "load_extension"}
# ATTACH would create files anywhere and write another database's WAL back into it: the archive is the only one.
REFUSED_ACTIONS = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


class QueryStopped(Exception):
    """The query ran past --timeout, or Ctrl-C (SIGINT) stopped it."""


def _authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action in REFUSED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@contextmanager
def guarded(conn: Connection, timeout: float) -> Iterator[dict[str, str]]:
    """While the query runs: SQLite stops it at the deadline or at Ctrl-C (the progress handler asks), and its
    authorizer refuses ATTACH and the refused functions. Yields where the reason of a stop is said."""
    dbapi = conn.connection.driver_connection
    deadline = time.monotonic() + timeout
    stopped: dict[str, str] = {}

    def on_sigint(_signum: int, _frame: object) -> None:
        stopped.setdefault("why", "interrupted")

    def progress() -> int:
        if "why" not in stopped and time.monotonic() > deadline:
            stopped["why"] = "timeout"
        return 1 if stopped else 0

    previous = signal.signal(signal.SIGINT, on_sigint)
    dbapi.set_progress_handler(progress, PROGRESS_STEPS)
    dbapi.set_authorizer(_authorizer)
    try:
        yield stopped
    finally:
        dbapi.set_progress_handler(None, 0)
        dbapi.set_authorizer(None)
        signal.signal(signal.SIGINT, previous)


@contextmanager
def guarded_server(conn: Connection, timeout: float) -> Iterator[dict[str, str]]:
    """The same guard on PostgreSQL: a read-only transaction with a statement timeout, run as the reader role, which
    may read the archive's tables and nothing else (no server files, no programs). Ctrl-C cancels the query."""
    stopped: dict[str, str] = {}
    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
    if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(role)s", {"role": READER_ROLE}).first() is None:
        raise CommandError(f"newsbot sql needs the role {READER_ROLE} on this server to run a query safely: a crawl "
                           f"by a login with CREATEROLE makes it, or an administrator: CREATE ROLE {READER_ROLE} "
                           f"NOLOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER_ROLE}; "
                           f"GRANT {READER_ROLE} TO <your login>")
    conn.exec_driver_sql(f"SET LOCAL ROLE {READER_ROLE}")
    try:
        yield stopped
    except KeyboardInterrupt:
        stopped["why"] = "interrupted"  # psycopg has cancelled the query on the server
        raise StoppedByUser from None


class StoppedByUser(Exception):
    pass


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
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop the query after this long.")
def command(query: str, db: str | None, fmt: str, timeout: float) -> None:
    """Run a read-only SQL QUERY on the archive and print the rows (the SQL goes to the database untouched)."""
    engine = archive(db, readonly=True)
    stopped: dict[str, str] = {}
    guard = guarded if engine.dialect.name == "sqlite" else guarded_server
    try:
        with engine.connect() as conn, guard(conn, timeout) as stopped:
            result = conn.exec_driver_sql(query)
            try:
                columns = list(result.keys())
                rows = [tuple(_cell(v) for v in row) for row in result]
            except ResourceClosedError:
                columns, rows = [], []
    except (DBAPIError, StoppedByUser) as exc:
        message = str(getattr(exc, "orig", exc))
        if stopped.get("why") == "interrupted":
            click.echo("newsbot sql: interrupted (Ctrl-C); the query was stopped", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None
        if "statement timeout" in message:
            stopped["why"] = "timeout"
        if "permission denied" in message.lower():
            raise CommandError(f"newsbot sql reads the archive's tables only ({' '.join(message.split())})") from None
        if stopped.get("why") == "timeout":
            raise CommandError(f"the query ran longer than --timeout {timeout:g} s and was stopped") from None
        if "not authorized" in message.lower():
            raise CommandError("newsbot sql reads the archive only: ATTACH, DETACH and fts3_tokenizer() are refused"
                               ) from None
        if any(hint in message.lower() for hint in READ_ONLY_HINTS):
            raise CommandError(f"newsbot sql is read-only; the archive refused the statement ({message})") from None
        raise CommandError(f"SQL error: {' '.join(message.split())}") from None
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
