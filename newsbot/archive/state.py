"""What an incremental walk reads from the archive at start, and the walk's progress (crawl_state).

Read once per site and language by the spider (never from page modules): the keys of what is archived, and
where an unfinished full walk stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, insert, select, update

from newsbot.archive.schema import articles, crawl_state


def known_keys(engine: Engine, site: str, lang: str) -> set[str]:
    """Source ids and canonical URLs of the site's archived articles in one language."""
    keys: set[str] = set()
    query = select(articles.c.source_id, articles.c.canonical_url).where(
        articles.c.site == site, articles.c.lang == lang)
    with engine.connect() as conn:
        for source_id, canonical in conn.execute(query):
            keys.add(canonical)
            if source_id:
                keys.add(f"id:{source_id}")
    return keys


def known_urls(engine: Engine, site: str) -> set[str]:
    """Canonical URLs of the site's archived articles in any language (whole-page kinds learn an article's
    language only from its page)."""
    query = select(articles.c.canonical_url).where(articles.c.site == site)
    with engine.connect() as conn:
        return set(conn.execute(query).scalars())


@dataclass(frozen=True)
class WalkState:
    last_page: int | None = None
    walked_to_end_at: datetime | None = None


def walk_state(engine: Engine, site: str, lang: str) -> WalkState:
    query = select(crawl_state.c.last_page, crawl_state.c.walked_to_end_at).where(
        crawl_state.c.site == site, crawl_state.c.lang == lang)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return WalkState(row.last_page, row.walked_to_end_at) if row else WalkState()


def save_walk_state(engine: Engine, site: str, lang: str, now: datetime, **values: object) -> None:
    """Set `last_page` and/or `walked_to_end_at` for one site and language."""
    where = (crawl_state.c.site == site) & (crawl_state.c.lang == lang)
    with engine.begin() as conn:
        if conn.execute(update(crawl_state).where(where).values(updated_at=now, **values)).rowcount == 0:
            conn.execute(insert(crawl_state).values(site=site, lang=lang, updated_at=now, **values))


def forget_walk_state(engine: Engine, site: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(crawl_state).where(crawl_state.c.site == site))
