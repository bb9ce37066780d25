"""The `newsbot` command: one module per subcommand under newsbot/cli/, imported only when it runs.

Lazy loading keeps `newsbot sql` and `newsbot export` from paying for Scrapy's start-up, and `newsbot --version`,
`newsbot --help` and `newsbot parse-date` from paying for any of them (bench/startup_bench.py).
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

import click

from newsbot import __version__
from newsbot.cli.exits import EXIT_INTERNAL, EXIT_USAGE
from newsbot.suggest import did_you_mean

if TYPE_CHECKING:
    import sqlite3

# Subcommand name → (module exposing `command`, its help's first sentence), in the order `newsbot --help` lists
# them. The sentence is kept here so that listing the commands imports none of them; tests/test_cli_lazy.py
# checks it against each command's own help.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "crawl": ("newsbot.cli.crawl",
              "Crawl SITE (a registry name like `mfa`, `govkz:<project>`, or a site's URL) into the archive."),
    "enqueue": ("newsbot.cli.enqueue",
                "Queue a crawl of each SITE; a site already queued or being crawled is not queued twice."),
    "worker": ("newsbot.cli.worker",
               "Run queued crawl jobs one after another, each as `newsbot crawl` into the shared archive."),
    "export": ("newsbot.cli.export",
               "Write archived articles as JSON lines, CSV or Parquet (the record's JSON Schema: "
               "newsbot/archive/article.schema.json; the same fields in every format)."),
    "sql": ("newsbot.cli.sql",
            "Run a read-only SQL QUERY on the archive and print the rows (the SQL goes to the database untouched)."),
    "search": ("newsbot.cli.search",
               "Search titles and texts for all the words of QUERY, each in any of its forms (`министра` finds "
               "`министр`, `министров`); \"an exact phrase\" in quotes, prefix* with a star."),
    "history": ("newsbot.cli.history",
                "Show the versions of the article at URL and a text diff between each and the next."),
    "browse": ("newsbot.cli.browse", "Browse and search the archive in Datasette (http://HOST:PORT/), read-only."),
    "report": ("newsbot.cli.report",
               "Write an HTML report of the archive (articles per site per week, dates, drops, last runs) and "
               "print a summary."),
    "runs": ("newsbot.cli.runs", "Show the run records: when, how each ended, and what it archived."),
    "health": ("newsbot.cli.health",
               "Flag sites whose last run failed, whose recent runs archived nothing, or whose drops jumped."),
    "schedule": ("newsbot.cli.schedule",
                 "Print a crontab line and a systemd service + timer that crawl SITE (default mfa) daily; with "
                 "--queue, the cron line that queues the crawls and the service that runs a worker on each "
                 "machine."),
    "reprocess": ("newsbot.cli.reprocess",
                  "Parse, clean and date the stored raw responses again; changed articles get a new version."),
    "boilerplate": ("newsbot.cli.boilerplate",
                    "Find blocks repeated on many of SITE's archived pages (its own chrome), list them and the "
                    "rules kept."),
    "extract": ("newsbot.cli.extract", "Extract the article from a saved HTML page and print it as JSON."),
    "parse-date": ("newsbot.cli.parse_date", "Print the instant TEXT means (ISO 8601 with offset), or null."),
    "sites": ("newsbot.cli.sites_cmd", "List the sites in the registry (tab-separated, with a header)."),
}


class LazyGroup(click.Group):
    """click's lazy group: a subcommand's module is imported when that subcommand is resolved by name."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = SUBCOMMANDS.get(cmd_name)
        return importlib.import_module(entry[0]).command if entry else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click.Group's own listing, with the short help from the table instead of from each imported command
        # (a bare Command shortens it exactly as the real one would).
        limit = formatter.width - 6 - max(len(name) for name in SUBCOMMANDS)
        rows = [(name, click.Command(name, help=text).get_short_help_str(limit))
                for name, (_, text) in SUBCOMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in SUBCOMMANDS:
            ctx.fail(f"no command {name!r}{did_you_mean(name, SUBCOMMANDS)}; newsbot --help lists them")
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbot")
def cli() -> None:
    """Crawl government news into an SQLite archive, query it and export it."""


def printable(message: str, limit: int = 200) -> str:
    """A message on one line of printable characters (a damaged file's bytes can reach an error message)."""
    message = message.split(" with text '")[0]  # sqlite3's "Could not decode to UTF-8 column 'x' with text '<bytes>'"
    shown = "".join(c if c.isprintable() and c != "\ufffd" else "?" for c in " ".join(message.split()))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def archive_fault(exc: BaseException) -> sqlite3.Error | None:
    """The SQLite error behind `exc` when the archive file itself is at fault (damaged, unreadable, full), not
    our SQL (an IntegrityError or a ProgrammingError stays a bug)."""
    import sqlite3  # here: the sqlite3 module costs every start-up 10 ms, and only a failed command asks this

    error = getattr(exc, "orig", exc)  # SQLAlchemy wraps it
    return error if type(error) in (sqlite3.DatabaseError, sqlite3.OperationalError) else None


def main() -> None:
    try:
        cli(prog_name="newsbot")
    except Exception as exc:
        if (fault := archive_fault(exc)) is not None:
            # A damaged archive file (a bad sector, a copy cut short) is bad input, not a bug: one clean line.
            click.echo(f"Error: the archive cannot be used: {printable(str(fault))}", err=True)
            raise SystemExit(EXIT_USAGE) from None
        # A bug of ours must still read as one line; NEWSBOT_DEBUG=1 shows the traceback for a report.
        if os.environ.get("NEWSBOT_DEBUG"):
            raise
        click.echo(f"newsbot: internal error: {type(exc).__name__}: {exc} (NEWSBOT_DEBUG=1 shows details)", err=True)
        raise SystemExit(EXIT_INTERNAL) from None
