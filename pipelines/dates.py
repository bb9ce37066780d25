"""Dates: the raw publication and modification values become aware instants, in the site's time zone."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from newsbot.processing import date_item
from pipelines.base import CrawlerPipeline

logger = logging.getLogger(__name__)


class DatesPipeline(CrawlerPipeline):
    def process_item(self, item: Any) -> Any:
        published = date_item(item, self.crawler.spider.site.timezone)
        if published.problem:
            # Kept with its raw string: the article is still archived, the analyst can see why.
            self.count(f"dates/{published.problem}")
            logger.warning("%s: publication date %r is %s; stored as null", ItemAdapter(item).get("url"),
                           published.raw, published.problem)
        elif published.value is None:
            self.count("dates/missing")
        return item
