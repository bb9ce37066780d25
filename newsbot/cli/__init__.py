"""The `newsbot` command: one module per subcommand under newsbot/cli/, gathered here."""

from __future__ import annotations

import click

from newsbot import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbot")
def cli() -> None:
    """Crawl government news into an SQLite archive, query it and export it."""


def _register() -> None:
    from newsbot.cli import extract, sites_cmd

    for module in (sites_cmd, extract):
        cli.add_command(module.command)


_register()


def main() -> None:
    cli(prog_name="newsbot")
