"""Re-extraction: today's page parsing, cleaning and dates run again on stored responses, offline."""

from __future__ import annotations

import json
import zlib
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from newsbot.archive.boilerplate import enabled_keys
from newsbot.archive.schema import articles, raw_responses
from newsbot.archive.writer import ArchiveWriter, BatchResult, article_row
from newsbot.items import RawPage
from newsbot.pages import PAGE_PARSERS
from newsbot.pages.rules import site_rules
from newsbot.processing import extractor_version, process_item
from newsbot.sites import Site, UnknownSiteError, get_site
from newsbot.urls import canonical_url


@dataclass
class ReprocessResult:
    pages: int = 0
    archive: BatchResult = field(default_factory=BatchResult)
    dropped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # One line per stored page that could not be parsed again.
    failures: list[str] = field(default_factory=list)


def _site_for(raw: RawPage) -> Site:
    """The registry entry, at the origin the page was fetched from (a mirror or test server keeps its URLs)."""
    parts = urlsplit(raw.url)
    try:
        site = get_site(raw.site)
    except UnknownSiteError:
        site = Site(name=raw.site, kind=raw.kind, origin="", languages=(raw.lang or "",), timezone="UTC")
    return site.with_origin(f"{parts.scheme}://{parts.netloc}")


def plan_reprocess(engine: Engine, *, site: str | None = None, since: datetime | None = None) -> dict[int, set[str]]:
    """Stored response id → the articles whose latest fetch it is: only those are derived from it again."""
    query = select(articles.c.raw_response_id, articles.c.canonical_url).where(articles.c.raw_response_id.isnot(None))
    if site:
        query = query.where(articles.c.site == site)
    if since:
        query = query.where(articles.c.published_at >= since)
    pages: dict[int, set[str]] = defaultdict(set)
    with engine.connect() as conn:
        for raw_id, canonical in conn.execute(query):
            pages[raw_id].add(canonical)
    return pages


def _load(engine: Engine, raw_id: int) -> RawPage:
    with engine.connect() as conn:
        row = conn.execute(select(raw_responses).where(raw_responses.c.id == raw_id)).one()
    return RawPage(url=row.url, status=row.status, headers=json.loads(row.headers), body=zlib.decompress(row.body),
                   fetched_at=row.fetched_at, site=row.site, kind=row.kind, lang=row.lang, listed_in=row.listed_in)


_Task = tuple[RawPage, Site, frozenset[str], frozenset[str]]
# Articles written in one transaction: a commit per stored page was an eighth of a reprocess's time.
WRITE_BATCH = 100


@dataclass
class _Parsed:
    """What one stored page gives again: the articles to write, the drops, or why it could not be parsed."""

    # The archive rows of the articles to write (`article_row`: made here, in the worker, not by the writer).
    rows: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failure: str | None = None


def _parse_again(task: _Task) -> _Parsed:
    """The page path on one stored page: a pure function of it, so a worker process can run it."""
    raw, target, wanted, blocks = task
    parser = PAGE_PARSERS.get(raw.kind)
    try:
        if parser is None:
            raise ValueError(f"no page parser for kind {raw.kind!r}")
        found = parser(raw.body, url=raw.url, site=target, rules=site_rules(target), lang=raw.lang,
                       fetched_at=raw.fetched_at, listed_in=raw.listed_in)
    except ValueError as exc:
        return _Parsed(failure=f"{raw.url}: {exc}")
    parsed = _Parsed()
    # An archived article today's extraction no longer finds in its page is kept as it was, and counted: as no
    # article when the page gives none at all (its verdict failed), else as found no more.
    missing = len(wanted - {canonical_url(article.url) for article in found})
    parsed.dropped += ["no-article" if not found else "not-found-again"] * missing
    for article in found:
        if canonical_url(article.url) not in wanted:
            continue
        processed = process_item(article, target.timezone, blocks)
        if processed.dropped:
            parsed.dropped.append(processed.dropped)
        else:
            parsed.rows.append(article_row(article, timezone=target.timezone, extractor_version=extractor_version()))
    return parsed


def reprocess(
    engine: Engine, plan: dict[int, set[str]], *, now: datetime, progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> ReprocessResult:
    """Parse each planned stored page again and write the articles it is the latest source of.

    With jobs > 1 the pages are parsed in that many processes; they are written here, in the same order, so the
    archive ends the same."""
    result = ReprocessResult()
    # The rows come made (each site's zone and the extractor version in them), so one writer serves every site.
    writer = ArchiveWriter(engine, extractor_version=extractor_version())
    site_blocks: dict[str, frozenset[str]] = {}

    def tasks() -> Iterator[_Task]:
        for raw_id, wanted in sorted(plan.items()):
            raw = _load(engine, raw_id)
            target = _site_for(raw)
            if target.name not in site_blocks:  # read once a site: it was read again for every article
                site_blocks[target.name] = enabled_keys(engine, target.name)
            yield raw, target, frozenset(wanted), site_blocks[target.name]

    # Articles parsed again and not yet written. A page's articles are its own (the plan gives each article to the
    # one page that is its latest source), so writing several pages in one transaction stores what writing them
    # one by one would.
    pending: list[tuple[dict[str, Any], RawPage]] = []

    def flush() -> None:
        if pending:
            result.archive += writer.write_rows(pending, reprocessed_at=now)
        pending.clear()

    with _pool(jobs) as parse_all:
        for (raw, _, _, _), parsed in parse_all(tasks()):
            result.pages += 1
            if parsed.failure is not None:
                result.failures.append(parsed.failure)
            for reason in parsed.dropped:
                result.dropped[reason] += 1
            if parsed.failure is None:
                pending.extend((row, raw) for row in parsed.rows)
                if len(pending) >= WRITE_BATCH:
                    flush()
            if progress:
                progress(1)
        flush()
    return result


@contextmanager
def _pool(jobs: int) -> Iterator[Callable[[Iterable[_Task]], Iterator[tuple[_Task, _Parsed]]]]:
    """Each task with its parse, in the tasks' order: here, or in `jobs` worker processes."""
    if jobs <= 1:
        yield lambda tasks: ((task, _parse_again(task)) for task in tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        def parse_all(tasks: Iterable[_Task]) -> Iterator[tuple[_Task, _Parsed]]:
            # A bounded window of pages in flight: the stored pages are read as the workers need them.
            window: deque[tuple[_Task, Future[_Parsed]]] = deque()
            for task in tasks:
                window.append((task, pool.submit(_parse_again, task)))
                if len(window) >= 4 * jobs:
                    done, future = window.popleft()
                    yield done, future.result()
            while window:
                done, future = window.popleft()
                yield done, future.result()

        yield parse_all
