"""`newsbot health`: one line per problem a human should look at; exit 1 when there is any."""

from __future__ import annotations

import sys

import click

from newsbot.archive.health import problems
from newsbot.archive.runs import recent_runs
from newsbot.cli.common import EXIT_FAILURES, archive, db_option

# Run records read per check: enough history to compare the recent runs with what came before.
HISTORY = 200


@click.command("health")
@db_option
@click.option("--runs", "recent", type=click.IntRange(min=1), default=3, show_default=True,
              help="Judge each site's last N runs against the ones before.")
def command(db: str | None, recent: int) -> None:
    """Flag sites whose last run failed, whose recent runs archived nothing, or whose drops jumped."""
    engine = archive(db, readonly=True)
    try:
        found = problems(recent_runs(engine, last=HISTORY), recent)
    finally:
        engine.dispose()
    for line in found:
        click.echo(line)
    if not found and sys.stderr.isatty():
        # A person at a terminal hears that all is well; cron, which mails any output, hears nothing.
        click.echo("no problems found in the last runs", err=True)
    raise SystemExit(EXIT_FAILURES if found else 0)
