"""Site-level boilerplate kept in the archive: found from a site's pages, applied when cleaning, undoable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, inspect, select, update

from newsbot.archive.schema import articles, site_boilerplate
from newsbot.cleaning.repeated import MIN_PAGES, MIN_SHARE, RepeatedBlock, find_repeated


@dataclass(frozen=True)
class BoilerplateRule:
    id: int
    site: str
    text: str
    pages: int
    share: float
    enabled: bool


def detect(engine: Engine, site: str, *, min_share: float = MIN_SHARE, min_pages: int = MIN_PAGES
           ) -> list[RepeatedBlock]:
    with engine.connect() as conn:
        texts = list(conn.execute(select(articles.c.text).where(articles.c.site == site)).scalars())
    return find_repeated(texts, min_share=min_share, min_pages=min_pages)


def save(engine: Engine, site: str, blocks: list[RepeatedBlock], detected_at: datetime) -> int:
    """Store new findings as enabled rules; a known one keeps its state (a disabled rule stays disabled)."""
    added = 0
    with engine.begin() as conn:
        known = set(conn.execute(select(site_boilerplate.c.key).where(site_boilerplate.c.site == site)).scalars())
        for block in blocks:
            if block.key in known:
                continue
            conn.execute(site_boilerplate.insert().values(
                site=site, key=block.key, text=block.text, pages=block.pages, share=block.share,
                detected_at=detected_at, enabled=True))
            added += 1
    return added


def rules(engine: Engine, site: str) -> list[BoilerplateRule]:
    with engine.connect() as conn:
        rows = conn.execute(select(site_boilerplate).where(site_boilerplate.c.site == site)
                            .order_by(site_boilerplate.c.id))
        return [BoilerplateRule(r.id, r.site, r.text, r.pages, r.share, r.enabled) for r in rows]


def set_enabled(engine: Engine, site: str, rule_id: int, enabled: bool) -> bool:
    with engine.begin() as conn:
        done = conn.execute(update(site_boilerplate).where(site_boilerplate.c.id == rule_id,
                                                           site_boilerplate.c.site == site)
                            .values(enabled=enabled))
    return done.rowcount == 1


def enabled_keys(engine: Engine, site: str) -> frozenset[str]:
    """The keys cleaning cuts for a site; none for an archive that has no such table yet."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("site_boilerplate"):
            return frozenset()
        return frozenset(conn.execute(
            select(site_boilerplate.c.key).where(site_boilerplate.c.site == site, site_boilerplate.c.enabled)
        ).scalars())
