"""Clean: the raw body becomes safe HTML and plain text, with the page chrome gone."""

from __future__ import annotations

from typing import Any

from newsbot.processing import clean_item
from pipelines.base import CrawlerPipeline


class CleanPipeline(CrawlerPipeline):
    def process_item(self, item: Any) -> Any:
        clean_item(item)
        return item
