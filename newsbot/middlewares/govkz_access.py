"""gov.kz access ticket: the one replaceable place that knows how the portal lets a visitor read its API.

Unconfirmed (docs/sites.md): since about 2024 the news API may answer HTTP 400 `notAllowed` until the
session has fetched a ticket (`POST /api/v1/public/_/c/k6`, which sets a cookie), as the portal's own front end
does for every visitor. Newer front ends use other headers: when that happens, this module is what changes.
We do only what the front end does; nothing is forged. When access stays refused, the log says so plainly.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)

TICKET_PATH = "/api/v1/public/_/c/k6"
API_PREFIX = "/api/v1/public/"
_RETRIED = "newsbot_ticket_retried"
_TICKET_FOR = "newsbot_ticket_for"


def is_not_allowed(response: Response) -> bool:
    return response.status == 400 and b"notAllowed" in response.body[:2048]


class GovKzAccessMiddleware:
    """Fetches the ticket once per origin when the API refuses, then retries the refused request once."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.refusals_reported: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GovKzAccessMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        original = request.meta.get(_TICKET_FOR)
        if original is not None:
            # The ticket's cookie was stored by CookiesMiddleware (which sees responses before us).
            if response.status >= 400:
                logger.warning("gov.kz access ticket request %s answered HTTP %d", request.url, response.status)
            return original.replace(dont_filter=True, meta={**original.meta, _RETRIED: True})
        if API_PREFIX not in request.url or not is_not_allowed(response):
            return response
        stats = self.crawler.stats
        if request.meta.get(_RETRIED):
            stats.inc_value("newsbot/access_refused")
            origin = response.urljoin("/")
            if origin not in self.refusals_reported:
                self.refusals_reported.add(origin)
                logger.error(
                    "gov.kz refused access to its news API (HTTP 400 notAllowed) even after the access ticket "
                    "step; the portal's front end has likely changed: see newsbot/middlewares/govkz_access.py"
                )
            return response
        stats.inc_value("newsbot/access_ticket_requests")
        return Request(
            response.urljoin(TICKET_PATH),
            method="POST",
            headers={"Accept": "application/json"},
            meta={_TICKET_FOR: request},
            dont_filter=True,
            priority=request.priority + 1,
        )
