"""Retry-After on 429 and 503: wait as long as the site asks (up to NEWSBOT_MAX_RETRY_AFTER seconds) before
Scrapy's RetryMiddleware, which ignores the header, sends the request again.

It sits above RetryMiddleware (550), so it sees the answer first; while it waits, the site's download slot
(one request at a time) stays busy, so no other request to that site goes out either.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import sleep

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = (429, 503)


def retry_after_seconds(value: str, now: datetime) -> float | None:
    """`120` or an HTTP date; None when unreadable. A date in the past means now."""
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit also takes "²" and "١", which float() may refuse
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):  # a year 99999, minutes of ten digits
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSBOT_MAX_RETRY_AFTER")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def time_left(self) -> float:
        """Seconds until --max-runtime (CLOSESPIDER_TIMEOUT) ends the run: a wait never outlives the run, which
        cannot close while a request is in the downloader."""
        budget = self.crawler.settings.getfloat("CLOSESPIDER_TIMEOUT")
        started = self.crawler.stats.get_value("start_time") if self.crawler.stats else None
        if not budget or not isinstance(started, datetime):
            return float("inf")
        return max(0.0, budget - (datetime.now(UTC) - started).total_seconds())

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in RETRY_AFTER_STATUSES or request.meta.get("dont_retry"):
            return response
        header = response.headers.get("Retry-After")
        if not header:
            return response
        seconds = retry_after_seconds(header.decode("latin-1"), datetime.now(UTC))
        if seconds is None or seconds <= 0 or self.time_left() <= 0:
            return response
        wait = min(seconds, self.max_wait, self.time_left())
        if self.crawler.stats:
            self.crawler.stats.inc_value("newsbot/retry_after/waits")
        logger.info("%s answered %d with Retry-After %s: waiting %.0f s", request.url, response.status,
                    header.decode("latin-1"), wait)
        await sleep(wait)
        return response
