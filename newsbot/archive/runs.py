"""Run records and the sites table: what each crawl did, kept in the archive beside what it archived."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from newsbot import __version__
from newsbot.archive.schema import crawl_runs, sites
from newsbot.sites import Site

RUN_COUNTS = ("requests", "new", "updated", "unchanged", "dropped", "errors")
DROPPED_PREFIX = "newsbot/dropped/"
# Stats keys (under newsbot/) of exceptions that escaped a callback or a pipeline: a bug lost what a page held.
ESCAPED_ERRORS = ("errors/callback", "errors/pipeline")


# Scrapy's close reasons that a run record names in words of its own: a first SIGTERM or SIGINT makes Scrapy
# stop gracefully ("shutdown"): what was fetched is archived, but the walk is incomplete.
STATUS_BY_REASON = {"shutdown": "interrupted"}


ERROR_PREFIX = "newsbot/errors/"
# Stats that count a failure, and those that count something the site did answer.
FAILURE_KEYS = ("newsbot/errors", "newsbot/bad_payload", "newsbot/access_refused")
ANSWER_KEYS = ("newsbot/archive/new", "newsbot/archive/updated", "newsbot/archive/unchanged", "newsbot/dropped")


def run_status(reason: str | None, stats: Mapping[str, Any]) -> str:
    """How a run ended, for its record and its summary line: a run that came to its end with nothing but
    failures (every request refused, timed out, or not news) is `failed`, not `finished`."""
    if stats.get("newsbot/archive/write_errors"):
        return "failed"
    if (reason == "finished" and any(stats.get(key) for key in FAILURE_KEYS)
            and not any(stats.get(key) for key in ANSWER_KEYS)):
        return "failed"
    return STATUS_BY_REASON.get(reason or "", reason or "not started")


def main_cause(stats: Mapping[str, Any]) -> str | None:
    """Why the run's requests failed, in a few words: `dns`, or `timeout 2 of 3` when causes were mixed."""
    # One level only (`errors/callback/KeyError` details `errors/callback`); exceptions that escaped a callback or a
    # pipeline are no failed request: `runs` shows them as bugs of their own.
    causes = {key.removeprefix(ERROR_PREFIX): int(value) for key, value in stats.items()
              if key.startswith(ERROR_PREFIX) and "/" not in key.removeprefix(ERROR_PREFIX)
              and key.removeprefix("newsbot/") not in ESCAPED_ERRORS}
    if not causes:
        return None
    cause, count = max(causes.items(), key=lambda item: (item[1], item[0]))
    return cause if len(causes) == 1 else f"mostly {cause}, {count} of {sum(causes.values())}"


def dropped_by_reason(stats: Mapping[str, Any]) -> dict[str, int]:
    return {key.removeprefix(DROPPED_PREFIX): int(value) for key, value in stats.items()
            if key.startswith(DROPPED_PREFIX)}


def register_site(engine: Engine, site: Site) -> None:
    """Keep the sites table in step with the registry entry a run used (analysts join on it)."""
    values = {"kind": site.kind, "title": site.title, "origin": site.origin, "timezone": site.timezone}
    with engine.begin() as conn:
        exists = conn.execute(select(sites.c.name).where(sites.c.name == site.name)).first()
        if exists:
            conn.execute(update(sites).where(sites.c.name == site.name).values(values))
        else:
            conn.execute(insert(sites).values(name=site.name, **values))


def this_process() -> str:
    """host:pid, the name a run record gives the process that ran it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def start_run(engine: Engine, site: str, started_at: datetime, worker: str | None = None) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(crawl_runs).returning(crawl_runs.c.id),
            {"site": site, "started_at": started_at, "status": "running", "newsbot_version": __version__,
             "worker": worker},
        ).scalar_one()


def finish_run(
    engine: Engine, run_id: int, *, status: str, finished_at: datetime, counts: Mapping[str, int],
    stats: Mapping[str, Any],
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(crawl_runs).where(crawl_runs.c.id == run_id).values(
                status=status,
                finished_at=finished_at,
                stats=json.dumps(dict(stats), default=str, sort_keys=True),
                dropped_by_reason=json.dumps(dropped_by_reason(stats), sort_keys=True),
                **{key: int(counts.get(key, 0)) for key in RUN_COUNTS},
            )
        )


def record_progress(engine: Engine, run_id: int, counts: Mapping[str, int]) -> None:
    """The counts so far of a run still going, after each committed batch: a run killed later shows what it did."""
    with engine.begin() as conn:
        conn.execute(update(crawl_runs).where(crawl_runs.c.id == run_id).values(
            **{key: int(counts.get(key, 0)) for key in RUN_COUNTS}))


def mark_killed_runs(engine: Engine, finished_at: datetime, sites: list[str] | None = None) -> int:
    """Runs still 'running' that the caller's locks cover died without closing: mark them killed. `sites`: the
    sites whose locks the caller holds (a server archive, shared by runs of other sites); None: all of them."""
    query = update(crawl_runs).where(crawl_runs.c.status == "running")
    if sites is not None:
        query = query.where(crawl_runs.c.site.in_(sites))
    with engine.begin() as conn:
        return conn.execute(query.values(status="killed", finished_at=finished_at)).rowcount


def recent_runs(engine: Engine, *, last: int | None = None, site: str | None = None) -> list[dict[str, Any]]:
    """Run records, newest first."""
    query = select(crawl_runs).order_by(crawl_runs.c.id.desc())
    if site:
        query = query.where(crawl_runs.c.site == site)
    if last:
        query = query.limit(last)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
