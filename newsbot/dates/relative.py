"""The common relative forms without dateparser: `кеше, 10:15`, `вчера`, `2 сағат бұрын`, `5 minutes ago`.

Resolved against the fetch time only, never the clock, so re-processing a stored page gives the same value.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import datetime, timedelta

from newsbot.dates.words import Vocabulary, fold
from newsbot.dates.zones import as_utc, local_wall_clock, localise, zone

_DAY_WORD = re.compile(r"(?P<word>[^\W\d_]+)(?:[,\s]+(?:в|at|сағат)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2}))?")


def parse_relative(text: str, words: Vocabulary, *, tz: str, fetched_at: datetime) -> datetime | None:
    """The instant a relative string means when read at `fetched_at`, or None if it is not one we know."""
    try:
        return _parse_relative(text, words, tz=tz, fetched_at=fetched_at)
    except (OverflowError, ValueError):  # `999999 days ago`: before year 1
        return None


def _parse_relative(text: str, words: Vocabulary, *, tz: str, fetched_at: datetime) -> datetime | None:
    folded = fold(text)
    match = _DAY_WORD.fullmatch(folded)
    if match and match["word"] in words.days_back:
        # Like dateparser: `кеше` alone keeps the fetch time of day; `кеше, 10:15` takes the written time.
        wall = local_wall_clock(fetched_at, tz) - timedelta(days=words.days_back[match["word"]])
        if match["h"] is not None:
            hour, minute = int(match["h"]), int(match["mi"])
            if hour > 23 or minute > 59:
                return None
            wall = wall.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return localise(wall, tz)
    match = words.ago.fullmatch(folded)
    if match and match.lastgroup:
        count = int(match["n"]) if match["n"] and match["n"].isdigit() else 1
        seconds, months = words.ago_units[int(match.lastgroup[1:])]
        if months:
            # Calendar units count on the site's calendar, like dateparser's relativedelta.
            return localise(_months_back(local_wall_clock(fetched_at, tz), count * months), tz)
        # Clock units are elapsed time, right even across an offset change.
        return (as_utc(fetched_at) - timedelta(seconds=count * seconds)).astimezone(zone(tz))
    return None


def _months_back(wall: datetime, months: int) -> datetime:
    """The same day `months` calendar months earlier, clipped to the month's end (as dateparser does)."""
    if not months:
        return wall
    year, month = divmod(wall.year * 12 + wall.month - 1 - months, 12)
    return wall.replace(year=year, month=month + 1, day=min(wall.day, monthrange(year, month + 1)[1]))
