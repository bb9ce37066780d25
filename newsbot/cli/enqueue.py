"""`newsbot enqueue SITE... --queue URL`: one crawl job per site for the workers that share the queue."""

from __future__ import annotations

from datetime import datetime

import click

from newsbot.cli.common import CommandError, walk_options
from newsbot.cli.queue_common import connect, queue_option, queue_url_or_fail
from newsbot.govkz_projects import expand_specs
from newsbot.queue.jobs import Job
from newsbot.queue.redis_queue import new_job_id
from newsbot.sites import UnknownSiteError, resolve_site


@click.command("enqueue")
@click.argument("sites", nargs=-1, required=True, metavar="SITE...")
@queue_option
@walk_options
def command(sites: tuple[str, ...], queue_url: str | None, base_url: str | None, lang: str | None,
            max_items: int | None, backfill: bool, since: datetime | None, recheck_days: int | None,
            max_runtime: int | None) -> None:
    """Queue a crawl of each SITE; a site already queued or being crawled is not queued twice."""
    url = queue_url_or_fail(queue_url)
    try:  # every target is checked before anything is queued: a typo queues nothing
        sites = tuple(expand_specs(sites))
        names = [resolve_site(spec, base_url=base_url, lang=lang).name for spec in sites]
    except (UnknownSiteError, ValueError) as exc:
        raise CommandError(str(exc.args[0] if exc.args else exc)) from None
    options = {"base_url": base_url, "lang": lang, "max_items": max_items,
               "since": since.date().isoformat() if since else None, "recheck_days": recheck_days,
               "max_runtime": max_runtime, "backfill": backfill}
    options = {key: value for key, value in options.items() if value not in (None, False)}
    queue = connect(url)
    for spec, name in zip(sites, names, strict=True):
        added, job_id = queue.enqueue(Job(id=new_job_id(), site=spec, options=options, key=name))
        click.echo(f"{name}: queued as job {job_id}" if added else f"{name}: already queued (job {job_id})")
