"""dateparser, for the visible forms the fast paths do not know. About a millisecond a string."""

from __future__ import annotations

from datetime import datetime

from newsbot.dates.zones import local_wall_clock

# With no fetch time a relative form cannot be resolved without reading the clock, which newsbot never
# does; dateparser still needs some base, and one far in the past can only make such strings fail.
_NO_BASE = datetime(2000, 1, 1)


def dateparser_settings(tz: str, fetched_at: datetime | None, *, require_year: bool) -> dict:
    """The settings newsbot uses; the benchmark calls dateparser with the same ones."""
    settings: dict = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": tz,
        # dateparser wants a naive base in the zone it reads the string in.
        "RELATIVE_BASE": local_wall_clock(fetched_at, tz) if fetched_at is not None else _NO_BASE,
        # A publication date names at least a day and a month: `Август 2025` or `10:15` alone is not one.
        "REQUIRE_PARTS": ["day", "month", "year"] if require_year else ["day", "month"],
    }
    if fetched_at is None:
        settings["PARSERS"] = ["custom-formats", "absolute-time"]
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    return settings


def parse_with_dateparser(
    text: str, *, tz: str, fetched_at: datetime | None, languages: tuple[str, ...], require_year: bool
) -> datetime | None:
    """dateparser's reading of `text`: an aware datetime, or None."""
    # Imported here: dateparser costs 0.1-0.2 s to import and most dates never reach it (`newsbot parse-date`).
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=list(languages), settings=dateparser_settings(tz, fetched_at, require_year=require_year)
    )
    return parser.get_date_data(text).date_obj
