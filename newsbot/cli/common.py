"""Options and helpers shared by the subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from sqlalchemy import Engine

from newsbot.archive.db import ArchiveError, default_db, open_archive
from newsbot.cli.exits import (  # noqa: F401  (the subcommands import them from here)
    EXIT_FAILURES,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_NOTHING_RAN,
    EXIT_OK,
    EXIT_USAGE,
)


class CommandError(click.ClickException):
    """A one-line error for the user, exit code 2."""

    exit_code = EXIT_USAGE


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        metavar="PATH_OR_URL",
        default=None,
        help="Archive: an SQLite file path or an SQLAlchemy URL [default: $NEWSBOT_DB or data/archive.sqlite].",
    )(func)


def archive(db: str | None, *, readonly: bool = False) -> Engine:
    try:
        return open_archive(db or default_db(), readonly=readonly)
    except ArchiveError as exc:
        raise CommandError(str(exc)) from None



def walk_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options that shape one crawl of a site, the same for `crawl` and for the jobs `enqueue` queues:
    --base-url, --lang, --max-items, --backfill, --since, --recheck-days, --max-runtime."""
    options = (
        click.option("--base-url", metavar="URL", help="Replace the site's origin (a mirror, a test server)."),
        click.option("--lang", metavar="kk,ru", help="Only these languages."),
        click.option("--max-items", type=click.IntRange(min=1), help="Stop each site after this many articles."),
        click.option("--backfill", is_flag=True,
                     help="Walk every list page, not only what is new; a killed backfill continues where it stopped."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
                     help="Only articles published since DATE (YYYY-MM-DD); bounds the walk."),
        click.option("--recheck-days", type=click.IntRange(min=0), metavar="DAYS",
                     help="Re-read known articles published within DAYS (edits) [default: $NEWSBOT_RECHECK_DAYS "
                          "or 7]."),
        click.option("--max-runtime", type=click.IntRange(min=1), metavar="SECONDS",
                     help="Stop cleanly after SECONDS, keeping what was archived."),
    )
    for option in reversed(options):
        func = option(func)
    return func


def refuse_unheld(engine: Engine, *, site: str | None = None, lang: str | None = None) -> None:
    """A --site or --lang the archive has never held is a typo, not an empty answer: one line that says what it
    holds, with the nearest name."""
    from sqlalchemy import select

    from newsbot.archive.schema import articles
    from newsbot.suggest import did_you_mean

    for option, column, value in (("--site", articles.c.site, site), ("--lang", articles.c.lang, lang)):
        if value is None:
            continue
        with engine.connect() as conn:
            if conn.execute(select(column).where(column == value).limit(1)).first() is not None:
                continue
            held = sorted(conn.execute(select(column).distinct()).scalars())
        raise CommandError(f"{option} {value!r}: the archive has no such {option[2:]}{did_you_mean(value, held)}"
                           f"; it has {', '.join(held) or 'nothing yet'}")
