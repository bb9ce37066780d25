"""Article pages read in worker processes once a crawl proves long.

The page path (decoding, the verdict, extraction, cleaning, dates) is a pure function of a response's bytes and
the site's rules, and it is most of a crawl's CPU on pages of unknown sites (trafilatura's cascade alone is tens
of milliseconds a page). On the reactor's thread it stalls the downloads; in a process pool sized to the cores it
runs beside them. A short crawl (a cron run that finds a few new pages, every test) never starts the pool: the
first `after` pages are read here, so processes cost only crawls long enough to repay their start-up (about half
a second of imports each). Nor does a crawl whose pages are cheap to read: sending a page to a reader and its
Article back costs the crawl's process about 1.5 ms, so the pool starts only when the pages read here took at
least `min_seconds` each by their median (a few slow pages, such as the first, which pays for lazy imports, do
not move it).
On 2 KB theme pages the pool gained 5% for 45% more CPU (bench/README.md).

A pool that breaks (a worker killed by the kernel for memory) is not the crawl's end: the page it was reading
and every later one are read here, and the crawl says so once.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from scrapy.settings import BaseSettings

from newsbot.processes import stop_with_parent

T = TypeVar("T")
logger = logging.getLogger(__name__)


def _reader_started() -> None:
    """In each reader: Ctrl-C is the crawl's to handle (it stops gracefully and shuts the pool down), not a
    KeyboardInterrupt traceback per reader; and a reader ends with its crawl, even one killed by SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stop_with_parent(signal.SIGKILL)


class PagePool:
    """One per crawl process (`newsbot crawl` gives every site's spider the same), so a run of many sites starts
    one pool sized to the cores, not one per site."""

    def __init__(self, processes: int, after: int, min_seconds: float = 0.0) -> None:
        self.processes = processes  # 0: every page is read here
        self.after = after
        self.min_seconds = min_seconds
        self.seconds_here: list[float] = []  # what each page read here took, until the pool is weighed
        self.declined = False  # the pages proved too cheap to send elsewhere
        self.broken = False
        self._executor: ProcessPoolExecutor | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PagePool:
        configured = settings.get("NEWSBOT_PAGE_PROCESSES")
        processes = (os.cpu_count() or 1) if configured in (None, "") else int(configured)
        return cls(max(processes, 0), max(settings.getint("NEWSBOT_PAGE_POOL_AFTER"), 0),
                   max(settings.getfloat("NEWSBOT_PAGE_POOL_MIN_MS"), 0.0) / 1000)

    @property
    def started(self) -> bool:
        return self._executor is not None

    def _weighing(self) -> bool:
        """Whether pages read here are still timed: until `after` of them decide for or against a pool that can
        start (never for a crawl without readers, nor once the pool has started, been declined or broken)."""
        return (self.processes > 0 and not (self.broken or self.declined) and self._executor is None
                and len(self.seconds_here) < self.after)

    def _pool(self, count: Callable[[str], None]) -> ProcessPoolExecutor | None:
        """Where the next page goes: the pool, or None to read it here."""
        if self.processes == 0 or self.broken or self.declined:
            return None
        if self._executor is None:
            if len(self.seconds_here) < self.after:
                return None
            if self.seconds_here and (typical := statistics.median(self.seconds_here)) < self.min_seconds:
                self.declined = True
                count("page_pool/declined")
                logger.info("article pages take %.1f ms each: read in the crawl's process, not sent to readers",
                            1000 * typical)
                return None
            try:
                # spawn, not fork: the crawl's process runs a reactor and threads a forked child must not inherit.
                self._executor = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=_reader_started
                )
            except (OSError, ImportError, NotImplementedError) as exc:  # no /dev/shm for its locks, say
                self.broken = True
                logger.warning("cannot start page reader processes (%s); pages are read in the crawl's process", exc)
                return None
            logger.info("reading article pages in %d processes from here on", self.processes)
        return self._executor

    async def run(self, count: Callable[[str], None], function: Callable[..., T], /, *args: object,
                  **kwargs: object) -> T:
        """`function(*args, **kwargs)` in a reader process, or here; `function` must be importable by name. `count`
        (the spider's) counts pages read in the pool (`page_pool/pages`), a pool that broke (`page_pool/broken`) and
        one not started because pages proved cheap (`page_pool/declined`)."""
        pool = self._pool(count)
        if pool is None:
            if not self._weighing():
                return function(*args, **kwargs)
            started = time.perf_counter()  # what a page costs here, to weigh the pool (never a test's outcome)
            result = function(*args, **kwargs)
            self.seconds_here.append(time.perf_counter() - started)
            return result
        try:
            result = await asyncio.wrap_future(pool.submit(function, *args, **kwargs))
        except BrokenProcessPool:
            if not self.broken:
                self.broken = True
                count("page_pool/broken")
                logger.warning("a page reader process died (out of memory?); the rest of the crawl reads pages "
                               "in its own process")
            return function(*args, **kwargs)
        count("page_pool/pages")
        return result

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
