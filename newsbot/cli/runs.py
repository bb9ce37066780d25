"""`newsbot runs`: the run records, newest first."""

from __future__ import annotations

import json
from datetime import datetime

import click

from newsbot.archive.lock import lock_is_held, sites_being_crawled
from newsbot.archive.runs import ESCAPED_ERRORS, main_cause, recent_runs
from newsbot.cli.common import archive, db_option

TRAP_PREFIX = "newsbot/trap/"


def local(instant: datetime) -> str:
    """An instant in this machine's zone (TZ), with the zone: what a person reading in the morning expects."""
    return f"{instant.astimezone():%Y-%m-%d %H:%M:%S %Z}"


HEADER = "run  started  site  status  took  worker  what it did"


def run_line(run: dict) -> str:
    finished = run["finished_at"]
    took = f"{(finished - run['started_at']).total_seconds():.0f}s" if finished else "-"
    reasons = json.loads(run.get("dropped_by_reason") or "{}")
    dropped = str(run["dropped"]) + (f" ({', '.join(f'{k} {v}' for k, v in sorted(reasons.items()))})"
                                     if reasons else "")
    stats = json.loads(run.get("stats") or "{}")
    cut = trap_cuts(stats)
    cuts = f", {sum(cut.values())} cut ({', '.join(f'{k} {v}' for k, v in sorted(cut.items()))})" if cut else ""
    cause = main_cause(stats)
    bugs = lost_to_bugs(stats)
    why = [part for part in (cause, f"{bugs} lost to a bug in newsbot" if bugs else "") if part]
    errors = f"{run['errors']} errors" + (f" ({'; '.join(why)})" if why else "")
    worker = run.get("worker") or "-"  # host:pid; runs recorded before newsbot named them have none
    return (f"#{run['id']}  {local(run['started_at'])}  {run['site']}  {run['status']}  {took}  {worker}  "
            f"{run['requests']} requests, {run['new']} new, {run['updated']} updated, {run['unchanged']} unchanged, "
            f"{dropped} dropped, {errors}{cuts}")


def lost_to_bugs(stats: dict) -> int:
    """Errors that were exceptions escaping a callback or a pipeline (NewsSpider.count_escaped)."""
    return sum(int(stats.get(f"newsbot/{key}", 0)) for key in ESCAPED_ERRORS)


def trap_cuts(stats: dict) -> dict[str, int]:
    """Requests not sent because they led into a trap (newsbot/middlewares/traps.py), by reason."""
    return {key.removeprefix(TRAP_PREFIX): int(value) for key, value in stats.items() if key.startswith(TRAP_PREFIX)}


@click.command("runs")
@db_option
@click.option("--last", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs.")
@click.option("--site", metavar="SITE", help="Only this site's runs.")
def command(db: str | None, last: int, site: str | None) -> None:
    """Show the run records: when, how each ended, and what it archived."""
    engine = archive(db, readonly=True)
    try:
        runs = recent_runs(engine, last=last, site=site)
        url = engine.url.render_as_string(hide_password=False)
        held = lock_is_held(url)
        # On PostgreSQL each run holds its sites' locks instead of the archive's.
        crawled = sites_being_crawled(url, {run["site"] for run in runs if run["status"] == "running"})
    finally:
        engine.dispose()
    if not runs:
        click.echo("no runs recorded" + (f" for site {site}" if site else "") + " yet", err=True)
        return
    click.echo(HEADER)
    for run in runs:
        if run["status"] == "running" and not held and run["site"] not in crawled:
            run["status"] = "killed"  # its process died; the next crawl records it so
        click.echo(run_line(run))
