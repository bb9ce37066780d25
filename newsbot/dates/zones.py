"""Time zones through zoneinfo (tzdata), so the 2024-03-01 Kazakhstan change is always known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
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


def offset_zone(offset: timedelta) -> str | None:
    """The IANA name of a whole-hour fixed offset (`+02:00` → `Etc/GMT-2`: POSIX signs are inverted)."""
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest or not -12 <= hours <= 14:
        return None
    return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def country_zone(country: str, when: datetime) -> str | None:
    """The zone of a country that keeps one clock (every zone tzdata lists for it has the same offset at
    `when`): `de` → Europe/Berlin, `kz` → Asia/Almaty; None for `us`, `ru` and other many-clock countries."""
    names = _country_zones().get(country.upper())
    if not names:
        return None
    offsets = {as_utc(when).astimezone(zone(name)).utcoffset() for name in names}
    return names[0] if len(offsets) == 1 else None


@cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    """tzdata's zone.tab: country code → its zones, the most populous region's first."""
    table: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.split("\t")[:3]
            table.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in table.items()}


def _fixed(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# Zone abbreviations written after a time, each with the one offset (or zone) it means; a value that names
# one keeps it and is never re-read in the site's zone. Ambiguous ones (IST, CST in China, BST in
# Bangladesh…) are left out: their strings stay unparsed rather than take a guess.
ZONE_ABBREVIATIONS: dict[str, tzinfo] = {
    "utc": UTC, "gmt": UTC, "z": UTC, "ut": UTC,
    "msk": _fixed(3), "мск": _fixed(3),
    "edt": _fixed(-4), "est": _fixed(-5), "cdt": _fixed(-5), "cst": _fixed(-6),
    "mdt": _fixed(-6), "mst": _fixed(-7), "pdt": _fixed(-7), "pst": _fixed(-8),
    "wet": _fixed(0), "west": _fixed(1), "cet": _fixed(1), "cest": _fixed(2), "eet": _fixed(2), "eest": _fixed(3),
    "jst": _fixed(9), "kst": _fixed(9),
}  # fmt: skip


def abbreviation_zone(name: str) -> tzinfo | None:
    """The offset or zone a written abbreviation means: `CDT`, `MSK`; `ALMT` is Almaty's clock on that date
    (UTC+6 until 2024-03-01, UTC+5 since)."""
    folded = name.lower()
    if folded in ("almt", "alma-ata"):
        return zone("Asia/Almaty")
    return ZONE_ABBREVIATIONS.get(folded)
