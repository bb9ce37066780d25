"""`newsbot worker --queue URL --db URL`: take crawl jobs from the shared queue and run them into the archive."""

from __future__ import annotations

import signal

import click

from newsbot.archive.db import default_db
from newsbot.cli.common import EXIT_FAILURES, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, archive, db_option
from newsbot.cli.queue_common import connect, queue_option, queue_url_or_fail
from newsbot.queue.worker import QueueLost, UnknownJob, Worker


@click.command("worker")
@queue_option
@db_option
@click.option("--until-empty", is_flag=True,
              help="Exit 0 once no job is left (waiting for jobs other workers hold, which may come back).")
@click.option("--lease", type=click.FloatRange(min=5), default=300, show_default=True, metavar="SECONDS",
              help="How long a job stays this worker's without a renewal; a dead worker's jobs return after it.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting for every crawl this worker runs.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="The crawls' log goes here instead of stderr.")
def command(queue_url: str | None, db: str | None, until_empty: bool, lease: float, overrides: tuple[str, ...],
            log_file: str | None) -> None:
    """Run queued crawl jobs one after another, each as `newsbot crawl` into the shared archive."""
    url = queue_url_or_fail(queue_url)
    engine = archive(db or default_db())  # one line and exit 2 now if the archive is unusable, before any job is taken
    db_url = engine.url.render_as_string(hide_password=False)  # the crawls may run in another folder
    engine.dispose()
    queue = connect(url)
    crawl_options = [arg for pair in overrides for arg in ("-s", pair)]
    if log_file:
        crawl_options += ["--log-file", log_file]
    worker = Worker(queue=queue, queue_url=url, db=db_url, lease=lease, crawl_options=crawl_options,
                    say=lambda line: click.echo(line, err=True))
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    try:
        report = worker.run(until_empty=until_empty)
    except UnknownJob as error:
        click.echo(f"newsbot worker: {error}", err=True)
        raise SystemExit(EXIT_USAGE) from None
    except QueueLost as error:
        click.echo(f"newsbot worker: {error}", err=True)
        raise SystemExit(EXIT_FAILURES) from None
    click.echo(f"worker {worker.name}: {len(report.ran)} job(s) run, "
               f"{sum(code != 0 for _, code in report.ran)} with failures", err=True)
    if report.interrupted:
        raise SystemExit(EXIT_INTERRUPTED)
    raise SystemExit(EXIT_FAILURES if report.failed else EXIT_OK)
