"""Dates as pages show them: clean the string, try the fast paths, then dateparser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsbot.dates.fallback import parse_with_dateparser
from newsbot.dates.normalize import clean
from newsbot.dates.plausible import FUTURE_TOLERANCE
from newsbot.dates.relative import parse_relative
from newsbot.dates.structured import parse_iso8601
from newsbot.dates.tokens import Parts, parse_tokens
from newsbot.dates.words import Vocabulary, fold, vocabulary
from newsbot.dates.zones import local_wall_clock, localise

_DATE_OR_TIME_SHAPE = re.compile(r"\d:\d\d|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# The languages words.py has month names for; for others dateparser is the only reader.
_OWN_VOCABULARY = frozenset({"kk", "ru", "en"})
_CLOCK = re.compile(r"(?<![\d.:])(\d{1,2}):(\d{2})(?!\d)")
# Longer text is a paragraph a selector caught, not a date line; dateparser would only guess.
MAX_FALLBACK_LENGTH = 80


@dataclass(frozen=True)
class Visible:
    value: datetime
    method: str
    inferred_year: bool = False


def _build(parts: Parts, year: int, tz: str) -> datetime | None:
    try:
        wall = datetime(year, parts.month or 0, parts.day or 0, parts.hour, parts.minute, parts.second)
    except ValueError:
        return None
    return wall.replace(tzinfo=parts.offset) if parts.offset else localise(wall, tz)


def _with_inferred_year(parts: Parts, tz: str, fetched_at: datetime) -> datetime | None:
    """The fetch year, or the year before when that would put the date after the fetch time."""
    year = local_wall_clock(fetched_at, tz).year
    value = _build(parts, year, tz)
    if value is None or value > fetched_at + FUTURE_TOLERANCE:
        value = _build(parts, year - 1, tz)
    return value


def _from_dateparser(value: datetime, tz: str) -> datetime:
    # dateparser localises with pytz; take its wall-clock reading and let zoneinfo pick the offset,
    # so the instant does not depend on the pytz release installed.
    if getattr(value.tzinfo, "zone", None) == tz:
        return localise(value.replace(tzinfo=None), tz)
    return value


def parse_visible(
    raw: str, *, tz: str, fetched_at: datetime | None, languages: tuple[str, ...]
) -> Visible | None:
    text = clean(raw)
    if not text:
        return None
    if _impossible_clock(text):
        return None  # `вчера в 99:99`: a broken time makes the whole string no date, not another reading
    if text[:4].isdigit() and (value := parse_iso8601(text, tz)) is not None:
        return Visible(value, "iso")  # `Posted at 2013-12-30T14:42:01-0700`: a machine value shown as text
    words = vocabulary(languages)
    parts = parse_tokens(text, words)
    if parts is None:
        parts = _explicit_over_relative(text, words)
    if parts is not None:
        if parts.year is not None:
            value = _build(parts, parts.year, tz)
            return Visible(value, "tokens") if value else None
        if fetched_at is None:
            return None
        value = _with_inferred_year(parts, tz, fetched_at)
        return Visible(value, "tokens", inferred_year=True) if value else None
    if fetched_at is not None:
        value = parse_relative(text, words, tz=tz, fetched_at=fetched_at)
        if value is not None:
            return Visible(value, "relative")
    if len(text) > MAX_FALLBACK_LENGTH or not _worth_dateparser(text, words, languages):
        return None
    return _dateparser(text, tz=tz, fetched_at=fetched_at, languages=languages)


def _impossible_clock(text: str) -> bool:
    return any(int(hour) > 23 or int(minute) > 59 for hour, minute in _CLOCK.findall(text))


def _explicit_over_relative(text: str, words: Vocabulary) -> Parts | None:
    """`22.12.2020 вчера`: a complete written date wins over a relative word beside it."""
    kept = [word for word in text.split() if fold(word).strip(".,") not in words.days_back]
    if len(kept) == len(text.split()) or not kept:
        return None
    parts = parse_tokens(" ".join(kept), words)
    return parts if parts is not None and parts.year is not None else None


def _worth_dateparser(text: str, words: Vocabulary, languages: tuple[str, ...] = ()) -> bool:
    """Whether dateparser could find a date here; it costs a millisecond even to say no.

    Numbers alone (`447.75`, `18706`, phone numbers) are never a date the fast path did not read, and
    a string with letters needs a month name, a numeric date or time, or a relative word.
    """
    if not any(ch.isalpha() for ch in text):
        return False
    if _DATE_OR_TIME_SHAPE.search(text):
        return True
    folded = fold(text)
    if words.relative_marker.search(folded):
        return True
    if any(lang not in _OWN_VOCABULARY for lang in languages):
        # A language newsbot has no word list for (`24. Juli 2017`): a day number and a year are enough.
        return _DAY_NUMBER.search(text) is not None and _YEAR.search(text) is not None
    # A month name needs a day next to it: `Август 2025` (an archive heading) is no publication date, and
    # dateparser spent two readings to say so.
    return _DAY_NUMBER.search(text) is not None and any(
        words.month(token.strip(".,")) is not None for token in folded.split()
    )


def _dateparser(
    text: str, *, tz: str, fetched_at: datetime | None, languages: tuple[str, ...]
) -> Visible | None:
    found = parse_with_dateparser(text, tz=tz, fetched_at=fetched_at, languages=languages, require_year=True)
    if found is not None:
        return Visible(_from_dateparser(found, tz), "dateparser")
    if fetched_at is None:
        return None
    # A second reading without the year tells a year-less date apart; its year follows newsbot's rule.
    found = parse_with_dateparser(text, tz=tz, fetched_at=fetched_at, languages=languages, require_year=False)
    if found is None:
        return None
    wall = found.replace(tzinfo=None)
    parts = Parts(day=wall.day, month=wall.month, hour=wall.hour, minute=wall.minute, second=wall.second)
    value = _with_inferred_year(parts, tz, fetched_at)
    return Visible(value, "dateparser", inferred_year=True) if value else None
