"""Clean: the raw body becomes safe HTML and plain text, with the page chrome gone."""

from __future__ import annotations

from typing import Any

from newsbot.archive.boilerplate import enabled_keys
from newsbot.archive.db import ArchiveError, open_archive
from newsbot.processing import clean_item
from pipelines.base import CrawlerPipeline


class CleanPipeline(CrawlerPipeline):
    site_blocks: frozenset[str] = frozenset()

    def open_spider(self) -> None:
        # The site's repeated blocks that `newsbot boilerplate` found in the archive, if any yet.
        try:
            engine = open_archive(self.crawler.settings.get("NEWSBOT_DB"), readonly=True)
        except ArchiveError:
            return  # no archive yet: nothing found yet
        try:
            self.site_blocks = enabled_keys(engine, self.crawler.spider.site.name)
        finally:
            engine.dispose()

    def process_item(self, item: Any) -> Any:
        clean_item(item, self.site_blocks)
        return item
