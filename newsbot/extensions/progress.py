"""A one-line progress display on a terminal; silent under cron and in pipes."""

from __future__ import annotations

import sys
from typing import TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class TerminalProgress:
    def __init__(self, crawler: Crawler, stream: TextIO, interval: float) -> None:
        self.crawler = crawler
        self.stream = stream
        self.interval = interval
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TerminalProgress:
        stream = sys.stderr
        if not crawler.settings.getbool("NEWSBOT_PROGRESS") or not stream.isatty():
            raise NotConfigured  # no message: Scrapy would log it as a warning on every cron run
        ext = cls(crawler, stream, crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL", 2.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        stats = self.crawler.stats
        spider = self.crawler.spider
        name = getattr(getattr(spider, "site", None), "name", getattr(spider, "name", "?"))
        return (
            f"{name}: {stats.get_value('response_received_count', 0)} responses, "
            f"{stats.get_value('item_scraped_count', 0)} articles, "
            f"{stats.get_value('newsbot/dropped', 0)} dropped, {stats.get_value('newsbot/errors', 0)} errors"
        )

    def show(self) -> None:
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()

    def spider_opened(self) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.stream.write("\r\x1b[K")
        self.stream.flush()
