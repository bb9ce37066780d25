"""`newsbot reprocess`: run today's extraction again on the stored responses, with no network."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

import click

from newsbot.archive.reprocess import plan_reprocess, reprocess
from newsbot.cli.common import EXIT_FAILURES, archive, db_option
from newsbot.cli.export import parse_since
from newsbot.processing import extractor_version


@click.command("reprocess")
@db_option
@click.option("--site", help="Only this site's articles.")
@click.option("--since", help="Only articles published at or after this date (ISO 8601).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that parse the stored pages [default: one per core].")
def command(db: str | None, site: str | None, since: str | None, jobs: int | None) -> None:
    """Parse, clean and date the stored raw responses again; changed articles get a new version."""
    since_dt = parse_since(since)
    engine = archive(db)
    try:
        plan = plan_reprocess(engine, site=site, since=since_dt)
        now = datetime.now(UTC)
        jobs = jobs or os.cpu_count() or 1
        if sys.stderr.isatty():
            with click.progressbar(length=len(plan), label="reprocessing", file=sys.stderr) as bar:
                result = reprocess(engine, plan, now=now, progress=bar.update, jobs=jobs)
        else:
            result = reprocess(engine, plan, now=now, jobs=jobs)
    finally:
        engine.dispose()
    for failure in result.failures:
        click.echo(f"could not parse again: {failure}", err=True)
    dropped = sum(result.dropped.values())
    click.echo(
        f"reprocessed {result.pages} stored pages with extractor {extractor_version()}: "
        f"{result.archive.updated} updated, {result.archive.unchanged} unchanged, {result.archive.new} new, "
        f"{dropped} dropped, {len(result.failures)} failed"
    )
    if result.failures:
        raise SystemExit(EXIT_FAILURES)
