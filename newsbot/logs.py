"""Log lines for people: an exception is one line (its type and message), not a traceback.

Scrapy and Twisted log some failures with their traceback (robots.txt that cannot be fetched, a spider
bug). Scrapy replaces its log handler for every crawler, so the change is made where records are created.
At DEBUG level (`-vv`) tracebacks stay, for a bug report.
"""

from __future__ import annotations

import logging
from typing import Any

_installed = False


def _one_line(record: logging.LogRecord) -> logging.LogRecord:
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        summary = " ".join(f"{type(error).__name__}: {error}".split())
        record.msg = f"{record.getMessage()} [{summary}]"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
    return record


def one_line_exceptions() -> None:
    """From now on, records carry no traceback (installed once per process)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _one_line(make_record(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
