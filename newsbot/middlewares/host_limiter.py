"""Politeness across machines: one request in flight per host and the site's delay between requests, for every
worker that shares the Redis server named by NEWSBOT_HOST_LIMITER.

Scrapy keeps these rules inside one process (CONCURRENT_REQUESTS_PER_DOMAIN, DOWNLOAD_DELAY); two workers
crawling two gov.kz projects would each keep them and together double the rate at www.gov.kz. Here each
request first takes the host's permit in Redis (a key with the holder's token and an expiry, so a dead
worker's permit lapses), and gives it back when its answer or its failure arrives, setting the time before
which no worker may start the next request to that host. Both steps are Lua scripts, timed by the Redis
server's clock. Off unless NEWSBOT_HOST_LIMITER is set (`newsbot worker` sets it to its queue's server).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)

PERMIT = "newsbot_host_permit"
# The longest a worker waits between two asks for a busy host's permit.
POLL_SECONDS = 0.25
# A waiter not first in line asks again this soon once the host is free (the first one takes it within a poll).
NOT_FIRST_MS = 50
# A waiter that has not asked for this long has left the line (many polls: a loaded machine's pauses are shorter).
STALE_MS = 5000

# Waiters take the permit in the order they first asked (a sorted set by first ask), so two crawls of one host take
# turns: without the line, the crawl that just gave the permit back asked again exactly when the delay ended and
# won it every time, while the other, polling, starved until the first crawl was done. A waiter that stops asking
# (its worker died) leaves the line after STALE_MS.
_ACQUIRE = """
local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local token, line, seen = ARGV[1], KEYS[3], KEYS[4]
if not redis.call('ZSCORE', line, token) then redis.call('ZADD', line, now, token) end
redis.call('HSET', seen, token, now)
for _, waiter in ipairs(redis.call('ZRANGE', line, 0, -1)) do
  if tonumber(redis.call('HGET', seen, waiter) or '0') < now - tonumber(ARGV[3]) then
    redis.call('ZREM', line, waiter) redis.call('HDEL', seen, waiter)
  end
end
redis.call('PEXPIRE', line, ARGV[4]) redis.call('PEXPIRE', seen, ARGV[4])
if redis.call('EXISTS', KEYS[1]) == 1 then return math.max(1, redis.call('PTTL', KEYS[1])) end
local allowed = tonumber(redis.call('GET', KEYS[2]) or '0')
if allowed > now then return allowed - now end
if redis.call('ZRANGE', line, 0, 0)[1] ~= token then return tonumber(ARGV[5]) end
redis.call('SET', KEYS[1], token, 'PX', ARGV[2])
redis.call('ZREM', line, token) redis.call('HDEL', seen, token)
return 0
"""

_RELEASE = """
local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local allowed = now + tonumber(ARGV[2])
if allowed > tonumber(redis.call('GET', KEYS[2]) or '0') then
  redis.call('SET', KEYS[2], allowed, 'PX', tonumber(ARGV[2]) + 60000)
end
return 1
"""


class LimiterUnreachable(IgnoreRequest):
    """The shared limiter's server cannot be reached: the crawl stops rather than crawl impolitely."""


class HostLimiterMiddleware:
    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        settings = crawler.settings
        self.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.slot_delays = {host: float(slot.get("delay", self.default_delay))
                            for host, slot in settings.getdict("DOWNLOAD_SLOTS").items()}
        # A permit outlives the longest download, so a worker that dies mid-request frees the host soon after.
        self.permit_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + 30) * 1000)
        self.client: Any = None  # connected on the first request: nothing is opened when the crawler is built
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostLimiterMiddleware:
        url = crawler.settings.get("NEWSBOT_HOST_LIMITER")
        if not url:
            raise NotConfigured
        return cls(crawler, url)

    def _scripts(self) -> tuple[Any, Any]:
        if self.client is None:
            import redis.asyncio  # the `queue` extra: only shared-limiter runs need it

            self.client = redis.asyncio.Redis.from_url(self.url, socket_timeout=10, socket_connect_timeout=5)
            self.acquire_script = self.client.register_script(_ACQUIRE)
            self.release_script = self.client.register_script(_RELEASE)
        return self.acquire_script, self.release_script

    def delay_for(self, host: str) -> float:
        return self.slot_delays.get(host, self.default_delay)

    @staticmethod
    def keys(host: str) -> list[str]:
        return [f"newsbot:host:{host}:permit", f"newsbot:host:{host}:next"]

    @staticmethod
    def line_keys(host: str) -> list[str]:
        return [f"newsbot:host:{host}:line", f"newsbot:host:{host}:seen"]

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        token = uuid.uuid4().hex
        acquire, _ = self._scripts()
        try:
            keys = [*self.keys(host), *self.line_keys(host)]
            args = [token, self.permit_ms, STALE_MS, self.permit_ms + 60_000, NOT_FIRST_MS]
            while (wait_ms := int(await acquire(keys=keys, args=args))) > 0:
                await asyncio.sleep(min(wait_ms / 1000, POLL_SECONDS))
        except Exception as error:  # redis.exceptions.RedisError and OSError alike: the server is gone
            self._stop(error)
            raise LimiterUnreachable(f"the shared host limiter at {self.url} is unreachable") from None
        request.meta[PERMIT] = (host, token)
        self.crawler.stats.inc_value("newsbot/limiter/permits")

    async def process_response(self, request: Request, response: Response) -> Response:
        await self._release(request)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        await self._release(request)

    async def _release(self, request: Request) -> None:
        permit = request.meta.pop(PERMIT, None)
        if permit is None:
            return
        host, token = permit
        _, release = self._scripts()
        try:
            await release(keys=self.keys(host), args=[token, int(self.delay_for(host) * 1000)])
        except Exception as error:
            self._stop(error)

    def _stop(self, error: Exception) -> None:
        """Say it once, count it as the run's error, and close the crawl: politeness cannot be kept."""
        self.crawler.stats.inc_value("newsbot/errors")
        self.crawler.stats.inc_value("newsbot/errors/limiter_unreachable")
        if self.failed:
            return
        self.failed = True
        logger.error("the shared host limiter at %s is unreachable (%s): stopping this crawl", self.url,
                     type(error).__name__)
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="limiter_unreachable"))
