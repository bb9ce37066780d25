"""Re-extraction: today's page parsing, cleaning and dates run again on stored responses, offline."""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from newsbot.archive.boilerplate import enabled_keys
from newsbot.archive.schema import articles, raw_responses
from newsbot.archive.writer import ArchiveWriter, BatchResult
from newsbot.items import RawPage
from newsbot.pages import PAGE_PARSERS
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
                   fetched_at=row.fetched_at, site=row.site, kind=row.kind, lang=row.lang)


def reprocess(
    engine: Engine, plan: dict[int, set[str]], *, now: datetime, progress: Callable[[int], None] | None = None
) -> ReprocessResult:
    """Parse each planned stored page again and write the articles it is the latest source of."""
    result = ReprocessResult()
    writers: dict[str, ArchiveWriter] = {}
    site_blocks: dict[str, frozenset[str]] = {}
    for raw_id, wanted in sorted(plan.items()):
        raw = _load(engine, raw_id)
        result.pages += 1
        parser = PAGE_PARSERS.get(raw.kind)
        target = _site_for(raw)
        try:
            if parser is None:
                raise ValueError(f"no page parser for kind {raw.kind!r}")
            found = parser(raw.body, url=raw.url, site=target, lang=raw.lang, fetched_at=raw.fetched_at)
        except ValueError as exc:
            result.failures.append(f"{raw.url}: {exc}")
            if progress:
                progress(1)
            continue
        if target.name not in site_blocks:  # read once a site: it was read again for every article
            site_blocks[target.name] = enabled_keys(engine, target.name)
        blocks = site_blocks[target.name]
        batch = []
        for article in found:
            if canonical_url(article.url) not in wanted:
                continue
            processed = process_item(article, target.timezone, blocks)
            if processed.dropped:
                result.dropped[processed.dropped] += 1
                continue
            article.raw = raw
            batch.append(article)
        writer = writers.setdefault(target.name, ArchiveWriter(
            engine, timezone=target.timezone, extractor_version=extractor_version()))
        result.archive += writer.write(batch, reprocessed_at=now)
        if progress:
            progress(1)
    return result
