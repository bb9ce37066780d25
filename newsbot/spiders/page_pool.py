"""Article pages read in worker processes once a crawl proves long.

The page path (decoding, the verdict, extraction, cleaning, dates) is a pure function of a response's bytes and
the site's rules, and it is most of a crawl's CPU on pages of unknown sites (trafilatura's cascade alone is tens
of milliseconds a page). On the reactor's thread it stalls the downloads; in a process pool sized to the cores it
runs beside them. A short crawl (a cron run that finds a few new pages, every test) never starts the pool: the
first `after` pages are read here, so processes cost only crawls long enough to repay their start-up (about half
a second of imports each). Nor does a crawl whose pages are cheap to read: sending a page to a reader and its
Article back costs the crawl's process about 0.3 ms, so the pool starts only when the pages read here took at
least `min_seconds` each by their median (a few slow pages, such as the first, which pays for lazy imports, do
not move it).

The readers are plain child processes (newsbot/page_reader.py) spoken to through their pipes from the crawl's
event loop: concurrent.futures' process pool cost the crawl's process 0.6 ms a page in a bench of its own and
more in a crawl, most of it in the executor's two threads contending with the reactor's for the interpreter.

A pool that breaks (a worker killed by the kernel for memory) is not the crawl's end: the page it was reading
and every later one are read here, and the crawl says so once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import pickle
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy.settings import BaseSettings

from newsbot.page_reader import HEADER, frame

T = TypeVar("T")
logger = logging.getLogger(__name__)
# How long a closing pool waits for a reader to end on SIGTERM before killing it.
_CLOSE_WAIT_SECONDS = 2.0


class ReaderDied(Exception):
    """The reader process ended (killed, out of memory) with calls unanswered."""


class _Reader(asyncio.Protocol):
    """One reader process and the calls it has not answered yet (futures by key)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.dead = False
        self._buffer = bytearray()
        self.writer: asyncio.WriteTransport | None = None
        self.reader: asyncio.ReadTransport | None = None

    @classmethod
    async def start(cls) -> _Reader:
        # A new interpreter, not a fork: the crawl's process runs a reactor and threads a child must not inherit.
        process = subprocess.Popen([sys.executable, "-m", "newsbot.page_reader"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        reader = cls(process)
        loop = asyncio.get_running_loop()
        try:
            reader.reader, _ = await loop.connect_read_pipe(lambda: reader, process.stdout)
            reader.writer, _ = await loop.connect_write_pipe(asyncio.Protocol, process.stdin)
        except BaseException:
            reader.close()
            raise
        reader.writer.write(frame(list(sys.path)))
        return reader

    def call(self, key: int, function: Callable[..., Any], args: tuple, kwargs: dict) -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.dead or self.writer is None or self.writer.is_closing():
            future.set_exception(ReaderDied())
            return future
        self.pending[key] = future
        self.writer.write(frame((key, function, args, kwargs)))
        return future

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._buffer)
            if len(self._buffer) < HEADER.size + size:
                return
            key, ok, value = pickle.loads(self._buffer[HEADER.size:HEADER.size + size])
            del self._buffer[:HEADER.size + size]
            future = self.pending.pop(key, None)
            if future is not None and not future.done():
                future.set_result(value) if ok else future.set_exception(value)

    def connection_lost(self, exc: Exception | None) -> None:
        """Its stdout closed: it exited or was killed."""
        self._unanswered()

    def _unanswered(self) -> None:
        """What it had not answered is read elsewhere (the callers fall back to reading it here)."""
        self.dead = True
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ReaderDied())
        self.pending.clear()

    def close(self) -> None:
        """Ends it at once: what it had not answered is read elsewhere, so nothing is lost by not waiting (the end
        of stdin would reach it only once the event loop ran again, after this returns)."""
        self._unanswered()
        for transport in (self.writer, self.reader):
            if transport is not None:
                with contextlib.suppress(RuntimeError):  # its event loop has ended: the process's end closes it
                    transport.close()
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=_CLOSE_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class PagePool:
    """One per crawl process (`newsbot crawl` gives every site's spider the same), so a run of many sites starts
    one pool sized to the cores, not one per site. Used from one event loop (the crawl's reactor)."""

    def __init__(self, processes: int, after: int, min_seconds: float = 0.0) -> None:
        self.processes = processes  # 0: every page is read here
        self.after = after
        self.min_seconds = min_seconds
        self.seconds_here: list[float] = []  # what each page read here took, until the pool is weighed
        self.declined = False  # the pages proved too cheap to send elsewhere
        self.broken = False
        self._starting: asyncio.Future[None] | None = None  # readers being started: later pages wait for them
        self._readers: list[_Reader] = []
        self._keys = itertools.count()

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PagePool:
        configured = settings.get("NEWSBOT_PAGE_PROCESSES")
        processes = (os.cpu_count() or 1) if configured in (None, "") else int(configured)
        return cls(max(processes, 0), max(settings.getint("NEWSBOT_PAGE_POOL_AFTER"), 0),
                   max(settings.getfloat("NEWSBOT_PAGE_POOL_MIN_MS"), 0.0) / 1000)

    @property
    def started(self) -> bool:
        return bool(self._readers)

    def _weighing(self) -> bool:
        """Whether pages read here are still timed: until `after` of them decide for or against a pool that can
        start (never for a crawl without readers, nor once the pool has started, been declined or broken)."""
        return (self.processes > 0 and not (self.broken or self.declined) and not self._readers
                and len(self.seconds_here) < self.after)

    async def _pool(self, count: Callable[[str], None]) -> list[_Reader] | None:
        """Where the next page goes: the readers, or None to read it here."""
        if self._starting is not None:
            await asyncio.shield(self._starting)
        if self.processes == 0 or self.broken or self.declined:
            return None
        if not self._readers:
            if len(self.seconds_here) < self.after:
                return None
            if self.seconds_here and (typical := statistics.median(self.seconds_here)) < self.min_seconds:
                self.declined = True
                count("page_pool/declined")
                logger.info("article pages take %.1f ms each: read in the crawl's process, not sent to readers",
                            1000 * typical)
                return None
            starting = self._starting = asyncio.get_running_loop().create_future()
            try:
                for _ in range(self.processes):
                    self._readers.append(await _Reader.start())
            except OSError as exc:  # no processes left, say
                self.broken = True
                self.close()
                logger.warning("cannot start page reader processes (%s); pages are read in the crawl's process", exc)
                return None
            finally:
                self._starting = None
                starting.set_result(None)
            logger.info("reading article pages in %d processes from here on", self.processes)
        return self._readers

    async def run(self, count: Callable[[str], None], function: Callable[..., T], /, *args: object,
                  **kwargs: object) -> T:
        """`function(*args, **kwargs)` in a reader process, or here; `function` must be importable by name. `count`
        (the spider's) counts pages read in the pool (`page_pool/pages`), a pool that broke (`page_pool/broken`) and
        one not started because pages proved cheap (`page_pool/declined`)."""
        readers = await self._pool(count)
        if readers is None:
            if not self._weighing():
                return function(*args, **kwargs)
            started = time.perf_counter()  # what a page costs here, to weigh the pool (never a test's outcome)
            result = function(*args, **kwargs)
            self.seconds_here.append(time.perf_counter() - started)
            return result
        reader = min(readers, key=lambda r: len(r.pending))  # the one with the fewest pages waiting
        try:
            result = await reader.call(next(self._keys), function, args, kwargs)
        except ReaderDied:
            if not self.broken:
                self.broken = True
                count("page_pool/broken")
                logger.warning("a page reader process died (out of memory?); the rest of the crawl reads pages "
                               "in its own process")
                self.close()
            return function(*args, **kwargs)
        count("page_pool/pages")
        return result

    def close(self) -> None:
        readers, self._readers = self._readers, []
        for reader in readers:
            reader.close()
