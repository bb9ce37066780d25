"""The `newsbot` command: one module per subcommand under newsbot/cli/, gathered here."""

from __future__ import annotations

import os

import click

from newsbot import __version__
from newsbot.cli.common import EXIT_INTERNAL


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbot")
def cli() -> None:
    """Crawl government news into an SQLite archive, query it and export it."""


def _register() -> None:
    from newsbot.cli import crawl, export, history, parse_date, reprocess, search, sites_cmd, sql

    for module in (crawl, export, sql, search, history, reprocess, parse_date, sites_cmd):
        cli.add_command(module.command)


_register()


def main() -> None:
    try:
        cli(prog_name="newsbot")
    except Exception as exc:
        # A bug of ours must still read as one line; NEWSBOT_DEBUG=1 shows the traceback for a report.
        if os.environ.get("NEWSBOT_DEBUG"):
            raise
        click.echo(f"newsbot: internal error: {type(exc).__name__}: {exc} (NEWSBOT_DEBUG=1 shows details)", err=True)
        raise SystemExit(EXIT_INTERNAL) from None
