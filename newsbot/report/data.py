"""What `newsbot report` shows, read from the archive with a few aggregate queries (no article is loaded)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from newsbot.sites import UnknownSiteError, get_site

# Runs shown in the drops chart and per site in the runs table.
DROP_RUNS = 40
RUNS_PER_SITE = 5


@dataclass
class SiteFigures:
    site: str
    title: str | None
    articles: int = 0
    with_time: int = 0  # a date and a time of day
    day_only: int = 0  # a date, no time (stored as local midnight)
    languages: dict[str, int] = field(default_factory=dict)
    first: str | None = None  # local publication dates
    last: str | None = None

    @property
    def undated(self) -> int:
        return self.articles - self.with_time - self.day_only


@dataclass
class Run:
    id: int
    site: str
    started_at: datetime
    status: str
    new: int
    updated: int
    unchanged: int
    dropped: int
    errors: int
    dropped_by_reason: dict[str, int]


@dataclass
class ReportData:
    sites: list[SiteFigures]
    # site → {Monday of the ISO week → articles published that week (local dates)}
    weekly: dict[str, dict[date, int]]
    drop_runs: list[Run]  # the last DROP_RUNS runs, oldest first
    recent_runs: dict[str, list[Run]]  # per site, newest first
    site_filter: str | None = None
    since: datetime | None = None

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.sites)


def _where(site: str | None, since: datetime | None, *, runs: bool = False) -> tuple[str, dict[str, object]]:
    """The WHERE clause for --site and --since (articles by publication, runs by start)."""
    clauses, params = [], {}
    if site:
        clauses.append("site = :site")
        params["site"] = site
    if since:
        clauses.append("started_at >= :since" if runs else "published_at >= :since")
        params["since"] = since.isoformat(timespec="seconds")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# (site, lang, published_at) is the index ix_articles_site_lang_published: the report reads the index alone,
# never the wide article rows (a 100,000-article archive is about 1 GB; its index a few MB). Local dates come
# from each site's zone in Python, as the writer made published_local.
ARTICLE_SQL = "SELECT site, lang, published_at FROM articles{where}"
SITE_SQL = "SELECT name, title, timezone FROM sites"
RUN_SQL = """SELECT id, site, started_at, status, new, updated, unchanged, dropped, errors, dropped_by_reason
             FROM crawl_runs{where} ORDER BY id DESC LIMIT :limit"""
SITE_RUN_SQL = """SELECT id, site, started_at, status, new, updated, unchanged, dropped, errors, dropped_by_reason
                  FROM (SELECT *, row_number() OVER (PARTITION BY site ORDER BY id DESC) AS n
                        FROM crawl_runs{where}) AS recent
                  WHERE n <= :limit ORDER BY site, id DESC"""


def _run(row: tuple) -> Run:
    return Run(id=row[0], site=row[1], started_at=datetime.fromisoformat(row[2]), status=row[3], new=row[4],
               updated=row[5], unchanged=row[6], dropped=row[7], errors=row[8],
               dropped_by_reason=json.loads(row[9] or "{}"))


def _zone(name: str, zones: dict[str, str]) -> ZoneInfo:
    if name in zones:
        return ZoneInfo(zones[name])
    try:
        return ZoneInfo(get_site(name).timezone)
    except UnknownSiteError:
        return ZoneInfo("UTC")


def _count(figures: SiteFigures, weekly: Counter[date], lang: str, published_at: str | None, zone: ZoneInfo) -> None:
    figures.articles += 1
    figures.languages[lang] = figures.languages.get(lang, 0) + 1
    if published_at is None:
        return
    local = datetime.fromisoformat(published_at).astimezone(zone)
    if local.hour == local.minute == local.second == 0:
        figures.day_only += 1  # a date without a time is stored as local midnight
    else:
        figures.with_time += 1
    day = local.date()
    weekly[day - timedelta(days=day.weekday())] += 1
    text_day = day.isoformat()
    if figures.first is None or text_day < figures.first:
        figures.first = text_day
    if figures.last is None or text_day > figures.last:
        figures.last = text_day


def gather(engine: Engine, *, site: str | None = None, since: datetime | None = None) -> ReportData:
    where, params = _where(site, since)
    run_where, run_params = _where(site, since, runs=True)
    with engine.connect() as conn:
        known = {row[0]: (row[1], row[2]) for row in conn.execute(text(SITE_SQL))}
        zones = {name: zone for name, (_, zone) in known.items()}
        figures: dict[str, SiteFigures] = {}
        weekly: dict[str, Counter[date]] = defaultdict(Counter)
        site_zones: dict[str, ZoneInfo] = {}
        for name, lang, published_at in conn.execute(text(ARTICLE_SQL.format(where=where)), params):
            if name not in figures:
                figures[name] = SiteFigures(name, known.get(name, (None, None))[0])
                site_zones[name] = _zone(name, zones)
            _count(figures[name], weekly[name], lang, published_at, site_zones[name])
        drop_runs = [_run(row) for row in conn.execute(text(RUN_SQL.format(where=run_where)),
                                                       {**run_params, "limit": DROP_RUNS})]
        recent: dict[str, list[Run]] = defaultdict(list)
        for row in conn.execute(text(SITE_RUN_SQL.format(where=run_where)), {**run_params, "limit": RUNS_PER_SITE}):
            recent[row[1]].append(_run(row))
    ordered = sorted(figures.values(), key=lambda f: (-f.articles, f.site))
    return ReportData(sites=ordered, weekly={k: dict(v) for k, v in weekly.items()},
                      drop_runs=drop_runs[::-1], recent_runs=dict(recent), site_filter=site, since=since)
