"""Store: articles go to the archive in batches, one transaction each, keyed on the URL."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

from newsbot.archive.db import ArchiveError, open_archive
from newsbot.archive.writer import ArchiveWriter, BatchResult

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler, db: str, batch_size: int) -> None:
        self.crawler = crawler
        self.db = db
        self.batch_size = batch_size
        self.pending: list[Any] = []
        self.writer: ArchiveWriter | None = None
        self.totals = BatchResult()
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        return cls(crawler, settings.get("NEWSBOT_DB"), settings.getint("NEWSBOT_BATCH_SIZE"))

    def open_spider(self) -> None:
        # An unusable archive stops the crawl before any request: fetching what cannot be stored is waste.
        self.writer = ArchiveWriter(open_archive(self.db))

    def process_item(self, item: Any) -> Any:
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.closing = True
        self.flush()
        if self.writer is not None:
            self.writer.engine.dispose()

    def flush(self) -> None:
        if not self.pending or self.writer is None:
            return
        batch, self.pending = self.pending, []
        try:
            result = self.writer.write(batch)
        except (SQLAlchemyError, ArchiveError, OSError) as exc:
            # The transaction rolled back: nothing half-written. The next run fetches these again.
            stats = self.crawler.stats
            stats.inc_value("newsbot/archive/write_errors")
            stats.inc_value("newsbot/archive/lost_in_run", len(batch))
            logger.error("archive write failed, %d articles not stored this run: %s", len(batch),
                         getattr(exc, "orig", exc))
            if not self.closing:
                # A full disk or a locked archive will not heal mid-run: stop instead of fetching more.
                self.closing = True
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))
            return
        self.totals += result
        for key in ("new", "updated", "unchanged"):
            self.crawler.stats.inc_value(f"newsbot/archive/{key}", getattr(result, key))
