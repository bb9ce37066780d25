"""Dates: the raw publication and modification values become aware instants, in the site's time zone."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from newsbot.dates import resolve_date
from pipelines.base import CrawlerPipeline

logger = logging.getLogger(__name__)


class DatesPipeline(CrawlerPipeline):
    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        tz = self.crawler.spider.site.timezone
        fetched_at = adapter.get("fetched_at")
        published = resolve_date(
            adapter.get("published_raw"), adapter.get("published_source"), tz=tz, fetched_at=fetched_at
        )
        adapter["published_at"] = published.value
        if published.problem:
            # Kept with its raw string: the article is still archived, the analyst can see why.
            self.count(f"dates/{published.problem}")
            logger.warning("%s: publication date %r is %s; stored as null", adapter.get("url"),
                           published.raw, published.problem)
        elif published.value is None:
            self.count("dates/missing")
        if adapter.get("modified_raw"):
            adapter["modified_at"] = resolve_date(
                adapter["modified_raw"], adapter.get("published_source"), tz=tz, fetched_at=fetched_at
            ).value
        return item
