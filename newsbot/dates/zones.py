"""Time zones through zoneinfo (tzdata), so the 2024-03-01 Kazakhstan change is always known."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def as_utc(moment: datetime) -> datetime:
    """An aware instant; a naive one is taken as UTC (the crawler records fetch times in UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or date-time given by a person (`--since`, `--fetched-at`); one without an offset is
    UTC, one with an offset keeps it. Raises ValueError."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def local_wall_clock(moment: datetime, tz: str) -> datetime:
    """The naive wall-clock time in `tz` of an instant: what the site's own clock showed."""
    return as_utc(moment).astimezone(zone(tz)).replace(tzinfo=None)


def localise(wall_clock: datetime, tz: str) -> datetime:
    """Attach the site zone to a naive wall-clock time (zoneinfo picks the offset valid on that date)."""
    return wall_clock.replace(tzinfo=zone(tz))
