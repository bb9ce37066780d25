"""`newsbot crawl`: run the spiders of one or more sites into the archive."""

from __future__ import annotations

import time
from collections.abc import Generator
from datetime import UTC, datetime
from typing import Any

import click
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import defer
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newsbot.archive.db import ArchiveError
from newsbot.archive.lock import ArchiveLockedError, archive_lock, site_locks
from newsbot.archive.runs import STATUS_BY_REASON, mark_killed_runs, run_status
from newsbot.cli.common import (
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_NOTHING_RAN,
    EXIT_OK,
    CommandError,
    archive,
    db_option,
    walk_options,
)
from newsbot.govkz_projects import expand_specs
from newsbot.logs import crawl_log_rules
from newsbot.sites import Site, UnknownSiteError, bare_host, resolve_site
from newsbot.spiders import SPIDERS_BY_KIND
from newsbot.spiders.mixins.articles import ArticlePages
from newsbot.spiders.page_pool import PagePool
from pipelines.store import run_counts

LOG_LEVELS = {0: "WARNING", 1: "INFO"}


def crawl_settings(db: str, verbose: int, log_file: str | None, overrides: tuple[str, ...]) -> Settings:
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    settings.set("NEWSBOT_DB", db, priority="cmdline")
    settings.set("NEWSBOT_PROGRESS", True, priority="cmdline")
    settings.set("LOG_LEVEL", LOG_LEVELS.get(verbose, "DEBUG"), priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CommandError(f"-s takes NAME=VALUE, got {pair!r}")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def summary_line(site: Site, stats: dict[str, Any]) -> str:
    c = run_counts(stats)
    return (
        f"{site.name}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, {c['dropped']} dropped, "
        f"{c['errors']} errors ({run_status(stats.get('finish_reason'), stats)})"
    )


# Ways a run may end cleanly: the whole walk, or the --max-runtime budget (what was done is committed).
CLEAN_ENDS = ("finished", "closespider_timeout")


def run_failed(stats: dict[str, Any]) -> bool:
    problems = ("newsbot/errors", "newsbot/bad_payload", "newsbot/archive/write_errors", "newsbot/access_refused")
    return stats.get("finish_reason") not in CLEAN_ENDS or any(stats.get(key) for key in problems)


def interrupted(all_stats: list[dict[str, Any]]) -> bool:
    return any(STATUS_BY_REASON.get(stats.get("finish_reason", "")) == "interrupted" for stats in all_stats)


def exit_code(all_stats: list[dict[str, Any]]) -> int:
    """0 all well; 1 some sites failed; 4 every site failed and nothing at all was archived; 5 interrupted."""
    if interrupted(all_stats):
        return EXIT_INTERRUPTED
    failed = [stats for stats in all_stats if run_failed(stats)]
    if not failed:
        return EXIT_OK
    archived = sum(sum(run_counts(stats)[k] for k in ("new", "updated", "unchanged")) for stats in all_stats)
    return EXIT_NOTHING_RAN if len(failed) == len(all_stats) and archived == 0 else EXIT_FAILURES


@click.command("crawl")
@click.argument("sites", nargs=-1, required=True, metavar="SITE...")
@db_option
@walk_options
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.option("-v", "--verbose", count=True, help="-v: progress log lines; -vv: debug.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the log here instead of stderr.")
def command(
    sites: tuple[str, ...],
    db: str | None,
    base_url: str | None,
    lang: str | None,
    max_items: int | None,
    backfill: bool,
    since: datetime | None,
    recheck_days: int | None,
    max_runtime: int | None,
    overrides: tuple[str, ...],
    verbose: int,
    log_file: str | None,
) -> None:
    """Crawl SITE (a registry name like `mfa`, `govkz:<project>`, or a site's URL) into the archive."""
    try:
        targets = [resolve_site(spec, base_url=base_url, lang=lang) for spec in expand_specs(sites)]
    except (UnknownSiteError, ValueError) as exc:
        raise CommandError(str(exc.args[0] if exc.args else exc)) from None
    engine = archive(db)  # fail now, in one line, if the archive is unusable
    db_url = str(engine.url.render_as_string(hide_password=False))
    try:
        names = [site.name for site in targets]
        with archive_lock(db_url), site_locks(db_url, names):
            # We hold the locks, so a run still marked 'running' that they cover is one that died: say so.
            shared = engine.dialect.name != "sqlite"  # a server archive: other sites' runs may be alive
            mark_killed_runs(engine, datetime.now(UTC), sites=names if shared else None)
            engine.dispose()
            settings = crawl_settings(db_url, verbose, log_file, overrides)
            if max_runtime:
                # Scrapy's CloseSpider extension stops each site cleanly at the budget; the store flushes on close.
                settings.set("CLOSESPIDER_TIMEOUT", max_runtime, priority="cmdline")
            walk = {"max_items": max_items, "backfill": backfill, "recheck_days": recheck_days,
                    "since": since.date() if since else None}
            code = run_crawl(targets, settings, walk)
    except ArchiveLockedError as exc:
        engine.dispose()
        click.echo(str(exc), err=True)
        raise SystemExit(EXIT_LOCKED) from None
    except ArchiveError as exc:
        engine.dispose()
        raise CommandError(str(exc)) from None
    raise SystemExit(code)


def by_host(targets: list[Site]) -> list[list[Site]]:
    """Sites grouped by the host they are fetched from, in the order given."""
    groups: dict[str, list[Site]] = {}
    for site in targets:
        groups.setdefault(bare_host(site.origin), []).append(site)
    return list(groups.values())


def run_crawl(targets: list[Site], settings: Settings, walk: dict[str, Any]) -> int:
    process = CrawlerProcess(settings)
    # One pool of page readers for the whole run, however many sites it crawls (started only once it proves long).
    page_pool = PagePool.from_settings(settings)
    crawlers: list[tuple[Site, Crawler]] = []
    failed_to_start: list[Failure] = []
    not_started: list[tuple[Site, str]] = []
    budget = settings.getfloat("CLOSESPIDER_TIMEOUT")
    deadline = time.monotonic() + budget if budget else None

    def start(site: Site) -> Deferred[Any] | None:
        crawler = process.create_crawler(SPIDERS_BY_KIND[site.kind])
        if deadline is not None:  # --max-runtime bounds the whole run, not each site of a chain
            remaining = deadline - time.monotonic()
            if remaining < 1:
                return None
            crawler.settings.set("CLOSESPIDER_TIMEOUT", remaining, priority="cmdline")
        crawlers.append((site, crawler))
        reads_pages = {"page_pool": page_pool} if issubclass(crawler.spidercls, ArticlePages) else {}
        started = process.crawl(crawler, site=site, **walk, **reads_pages)
        started.addErrback(failed_to_start.append)
        return started

    @defer.inlineCallbacks
    def one_after_another(group: list[Site]) -> Generator[Deferred[Any], Any, None]:
        # Each site is a crawler of its own with its own download slots: sites of one host (every gov.kz project is
        # on www.gov.kz) run one after another, so the host sees one request at a time and the delay between them.
        for position, site in enumerate(group):
            started = start(site)
            if started is None:
                not_started.extend((rest, "the --max-runtime budget was spent") for rest in group[position:])
                return
            yield started
            try:
                reason = crawlers[-1][1].stats.get_value("finish_reason", "")
            except RuntimeError:
                return  # the site could not even start: its failure is said once the reactor stops
            if STATUS_BY_REASON.get(reason) == "interrupted":
                not_started.extend((rest, "interrupted") for rest in group[position + 1:])
                return

    for group in by_host(targets):
        one_after_another(group)  # the first site of each host starts now; hosts run side by side
    try:
        with crawl_log_rules(settings.get("LOG_LEVEL")):
            process.start()
    finally:
        page_pool.close()
    crawlers.sort(key=lambda pair: targets.index(pair[0]))
    for failure in failed_to_start:
        # A spider that could not even start (its archive reads failed): the archive is damaged, or a bug.
        failure.raiseException()

    all_stats = []
    for site, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        click.echo(summary_line(site, stats))
        all_stats.append(stats)
    for site, why in not_started:
        click.echo(f"{site.name}: not started ({why}); the next run crawls it")
    if interrupted(all_stats):
        click.echo("newsbot: interrupted (SIGTERM or SIGINT): what was fetched is archived; the next run continues",
                   err=True)
    return exit_code(all_stats)
