"""Log lines a person reads: a dropped item is one line with its URL and reason, not a dump of the item."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


def _url(item: Any) -> str:
    try:
        return str(ItemAdapter(item).get("url", "?"))
    except TypeError:
        return "?"


class NewsbotLogFormatter(LogFormatter):
    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "Archived %(url)s", "args": {"url": _url(item)}}

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {
            "level": logging.INFO,
            "msg": "Dropped %(url)s: %(reason)s",
            "args": {"url": _url(item), "reason": exception},
        }

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {
            "level": logging.ERROR,
            "msg": "Error processing %(url)s: %(error)s",
            "args": {"url": _url(item), "error": f"{type(exception).__name__}: {exception}"},
        }

    def spider_error(
        self, failure: Failure, request: Any, response: Response | Failure, spider: Spider
    ) -> LogFormatterResult:
        # Scrapy adds the exception (one line, see newsbot/logs.py; its traceback at -vv).
        return {
            "level": logging.ERROR,
            "msg": "%(site)s: a bug in newsbot lost %(url)s (counted as an error of the run; -vv shows where)",
            "args": {"site": getattr(getattr(spider, "site", None), "name", spider.name), "url": request.url},
        }
