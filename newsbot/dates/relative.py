"""The common relative forms without dateparser: `кеше, 10:15`, `вчера`, `2 сағат бұрын`, `5 minutes ago`.

Resolved against the fetch time only, never the clock, so re-processing a stored page gives the same value.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from newsbot.dates.words import Vocabulary, fold
from newsbot.dates.zones import local_wall_clock, localise

_DAY_WORD = re.compile(r"(?P<word>[^\W\d_]+)(?:[,\s]+(?:в|at|сағат)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2}))?")


def parse_relative(text: str, words: Vocabulary, *, tz: str, fetched_at: datetime) -> datetime | None:
    """The instant a relative string means when read at `fetched_at`, or None if it is not one we know."""
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
        seconds = words.ago_seconds[int(match.lastgroup[1:])]
        wall = local_wall_clock(fetched_at, tz) - timedelta(seconds=count * seconds)
        return localise(wall, tz)
    return None
