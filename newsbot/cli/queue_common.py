"""What `newsbot enqueue` and `newsbot worker` share: the queue's address and a one-line failure to reach it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from newsbot.cli.common import CommandError

QUEUE_ENV = "NEWSBOT_QUEUE"


def queue_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--queue", "queue_url", metavar="redis://HOST:PORT/N", default=None,
                        help=f"The shared job queue (a Redis URL) [default: ${QUEUE_ENV}].")(func)


def queue_url_or_fail(value: str | None) -> str:
    url = value or os.environ.get(QUEUE_ENV)
    if not url:
        raise CommandError(f"no queue given: pass --queue redis://HOST:PORT/N or set {QUEUE_ENV}")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise CommandError(f"the queue must be a Redis URL (redis://HOST:PORT/N), got {url!r}")
    return url


def connect(url: str) -> Any:
    """The queue, checked to answer; one line and exit 4 when its server cannot be reached."""
    try:
        import redis  # noqa: F401  (the optional `queue` extra)
    except ImportError:
        raise CommandError("the queue needs the redis package: pip install 'newsbot[queue]'") from None
    from newsbot.queue.redis_queue import RedisQueue

    queue = RedisQueue.from_url(url)
    try:
        queue.ping()
    except Exception as error:  # redis.exceptions.ConnectionError, AuthenticationError, ...
        raise QueueUnreachable(f"cannot reach the queue at {url}: {error}") from None
    return queue


class QueueUnreachable(click.ClickException):
    exit_code = 4
