"""The `newsbot` command: one module per subcommand under newsbot/cli/, imported only when it runs.

Lazy loading keeps `newsbot sql` and `newsbot export` from paying for Scrapy's start-up.
"""

from __future__ import annotations

import importlib
import os

import click

from newsbot import __version__
from newsbot.cli.common import EXIT_INTERNAL
from newsbot.suggest import did_you_mean

# Subcommand name → module exposing `command`, in the order `newsbot --help` lists them.
SUBCOMMANDS = {
    "crawl": "newsbot.cli.crawl",
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


def main() -> None:
    try:
        cli(prog_name="newsbot")
    except Exception as exc:
        # A bug of ours must still read as one line; NEWSBOT_DEBUG=1 shows the traceback for a report.
        if os.environ.get("NEWSBOT_DEBUG"):
            raise
        click.echo(f"newsbot: internal error: {type(exc).__name__}: {exc} (NEWSBOT_DEBUG=1 shows details)", err=True)
        raise SystemExit(EXIT_INTERNAL) from None
