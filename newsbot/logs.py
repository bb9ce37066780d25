"""Log lines for people during `newsbot crawl`: an exception is one line (its type and message), not a traceback,
and a failure our errbacks report in one line is not said again by Scrapy.

Scrapy and Twisted log some failures with their traceback (robots.txt that cannot be fetched, a spider bug).
Scrapy replaces its log handler for every crawler, so the change is made where records are created. At DEBUG
level (`-vv`) tracebacks stay, for a bug report. Process-wide logging belongs to whoever runs the process: the
CLI applies these rules around its crawl (`crawl_log_rules`) and puts everything back after; library code and
`scrapy crawl` leave logging alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Loggers whose lines our errbacks already say in one line, and the level below which they are not shown.
QUIETED = {
    # RetryMiddleware's ERROR line on giving up (NewsSpider.on_request_error reports it).
    "scrapy.downloadermiddlewares.retry": logging.CRITICAL,
    # A body cut short (whose warning also suggests accepting truncated pages), and a body larger than
    # DOWNLOAD_MAXSIZE, compressed or not.
    "scrapy.core.downloader.handlers.http11": logging.ERROR,
    "scrapy.downloadermiddlewares.httpcompression": logging.ERROR,
}


def one_line(record: logging.LogRecord) -> logging.LogRecord:
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        summary = " ".join(f"{type(error).__name__}: {error}".split())
        record.msg = f"{record.getMessage()} [{summary}]"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
    return record


@contextmanager
def crawl_log_rules(level: str) -> Iterator[None]:
    """Within: the quieted loggers and, unless `level` is DEBUG, one-line exceptions; after: as before."""
    loggers = {name: logging.getLogger(name) for name in QUIETED}
    levels = {name: logger.level for name, logger in loggers.items()}
    make_record = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return one_line(make_record(*args, **kwargs))

    for name, logger in loggers.items():
        logger.setLevel(QUIETED[name])
    if level != "DEBUG":
        logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(make_record)
        for name, logger in loggers.items():
            logger.setLevel(levels[name])
