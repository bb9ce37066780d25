"""The command group lists and resolves subcommands without importing them (newsbot/cli/__init__.py)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from newsbot.cli import SUBCOMMANDS, cli


@pytest.mark.parametrize("name", list(SUBCOMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    # The table's sentence must be the one the command itself would show, or --help would drift from it.
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert command.name == name
    _, listed = SUBCOMMANDS[name]
    assert click.Command(name, help=listed).get_short_help_str(10_000) == command.get_short_help_str(10_000)


HEAVY = ("sqlalchemy", "scrapy", "twisted", "trafilatura", "lxml", "dateparser", "newsbot.cli.crawl")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["parse-date", "2025-06-15", "--tz", "UTC",
                                                                "--fetched-at", "2025-07-01T00:00"]])
def test_short_commands_import_nothing_heavy(argv: list[str]) -> None:
    # A fresh interpreter: in this one other tests have imported everything already.
    code = (
        "import sys\n"
        "from newsbot.cli import cli\n"
        f"try:\n    cli({argv!r}, prog_name='newsbot')\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
