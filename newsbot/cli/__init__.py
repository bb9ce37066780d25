"""The `newsbot` command: one module per subcommand under newsbot/cli/, imported only when it runs.

Lazy loading keeps `newsbot sql` and `newsbot export` from paying for Scrapy's start-up.
"""

from __future__ import annotations

import importlib
import os
import sqlite3

import click

from newsbot import __version__
from newsbot.cli.common import EXIT_INTERNAL, EXIT_USAGE
from newsbot.suggest import did_you_mean

# Subcommand name → module exposing `command`, in the order `newsbot --help` lists them.
SUBCOMMANDS = {
    "crawl": "newsbot.cli.crawl",
    "enqueue": "newsbot.cli.enqueue",
    "worker": "newsbot.cli.worker",
    "export": "newsbot.cli.export",
    "sql": "newsbot.cli.sql",
    "search": "newsbot.cli.search",
    "history": "newsbot.cli.history",
    "browse": "newsbot.cli.browse",
    "report": "newsbot.cli.report",
    "runs": "newsbot.cli.runs",
    "health": "newsbot.cli.health",
    "schedule": "newsbot.cli.schedule",
    "reprocess": "newsbot.cli.reprocess",
    "boilerplate": "newsbot.cli.boilerplate",
    "extract": "newsbot.cli.extract",
    "parse-date": "newsbot.cli.parse_date",
    "sites": "newsbot.cli.sites_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = SUBCOMMANDS.get(cmd_name)
        return importlib.import_module(module).command if module else None

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
