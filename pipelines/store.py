"""Store: articles go to the archive in batches, one transaction each, and the run is recorded."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError
from twisted.python.failure import Failure

from newsbot.archive.db import ArchiveError, open_archive
from newsbot.archive.runs import (
    finish_run,
    record_progress,
    register_site,
    run_status,
    start_run,
    this_process,
)
from newsbot.archive.writer import ArchiveWriter
from newsbot.processing import extractor_version
from newsbot.signals import archive_opened, items_committed
from pipelines.base import CrawlerPipeline

logger = logging.getLogger(__name__)


def run_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The run record's counts, from the crawl's stats."""

    def n(key: str) -> int:
        return int(stats.get(f"newsbot/{key}", 0))

    return {
        "requests": int(stats.get("downloader/request_count", 0)),
        "new": n("archive/new"),
        "updated": n("archive/updated"),
        "unchanged": n("archive/unchanged"),
        "dropped": n("dropped"),
        "errors": n("errors") + n("bad_payload") + n("archive/write_errors"),
    }


class StorePipeline(CrawlerPipeline):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.db = crawler.settings.get("NEWSBOT_DB")
        self.batch_size = crawler.settings.getint("NEWSBOT_BATCH_SIZE")
        self.pending: list[Any] = []
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        self.closing = False
        # After one failed write the run stops: later batches are counted as not stored, not tried and logged again.
        self.write_failed = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def open_spider(self) -> None:
        # The crawl's one connection to the archive, opened once the crawl has started (building a spider opens
        # nothing). An unusable archive stops the crawl before any request: fetching what cannot be stored is waste.
        engine = open_archive(self.db)
        for _, result in self.crawler.signals.send_catch_log(archive_opened, archive=engine):
            if isinstance(result, Failure):  # what a walk starts from could not be read: stop before fetching
                engine.dispose()
                result.raiseException()
        site = self.crawler.spider.site
        register_site(engine, site)
        worker = self.crawler.settings.get("NEWSBOT_WORKER") or this_process()
        self.run_id = start_run(engine, site.name, datetime.now(UTC), worker)
        self.writer = ArchiveWriter(engine, timezone=site.timezone, extractor_version=extractor_version())

    def process_item(self, item: Any) -> Any:
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.closing = True
        self.flush()

    def spider_closed(self, reason: str) -> None:
        """After the pipelines closed: record how the run ended, then let go of the archive."""
        if self.writer is None or self.run_id is None:
            return
        stats = self.crawler.stats.get_stats()
        status = run_status(reason, stats)
        try:
            finish_run(self.writer.engine, self.run_id, status=status, finished_at=datetime.now(UTC),
                       counts=run_counts(stats), stats=stats)
        except SQLAlchemyError as exc:
            logger.error("could not record the end of run %d: %s", self.run_id, getattr(exc, "orig", exc))
        self.writer.engine.dispose()

    def flush(self) -> None:
        if not self.pending or self.writer is None:
            return
        batch, self.pending = self.pending, []
        if self.write_failed:
            # The run is stopping after a write error; items still in flight are not stored this run either.
            self.count("archive/lost_in_run", len(batch))
            return
        try:
            result = self.writer.write(batch, run_id=self.run_id)
        except (SQLAlchemyError, ArchiveError, OSError) as exc:
            # The transaction rolled back: nothing half-written. The next run fetches these again.
            self.write_failed = True
            self.count("archive/write_errors")
            self.count("archive/lost_in_run", len(batch))
            logger.error("archive write failed, the run stops; what it did not store is fetched again next run: %s",
                         getattr(exc, "orig", exc))
            if not self.closing:
                # A full disk or a locked archive will not heal mid-run: stop instead of fetching more.
                self.closing = True
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))
            return
        for key in ("new", "updated", "unchanged"):
            self.count(f"archive/{key}", getattr(result, key))
        if self.run_id is not None and not self.closing:
            try:
                record_progress(self.writer.engine, self.run_id, run_counts(self.crawler.stats.get_stats()))
            except SQLAlchemyError as exc:  # the batch is committed; only its bookkeeping waits for the end
                logger.warning("could not record run %d's progress: %s", self.run_id, getattr(exc, "orig", exc))
        # The spider records its walk's progress from what is committed.
        self.crawler.signals.send_catch_log(items_committed, items=batch)
