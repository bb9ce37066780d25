"""Publication dates: one entry point, `resolve_date`, used by the dates pipeline and the CLI.

Machine-written values (API fields, ISO 8601, RFC 822, WordPress `date_gmt`) parse with the standard
library (structured.py); visible strings go through cleaning and fast paths, and only the rest through
dateparser (visible.py). The result is always an aware datetime or None with the reason kept, never a
guess, and it depends on the fetch time only, never on the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

from newsbot.dates.plausible import EARLIEST_PLAUSIBLE, FUTURE_TOLERANCE, check_plausible
from newsbot.dates.structured import parse_structured
from newsbot.dates.visible import parse_visible
from newsbot.dates.zones import as_utc

__all__ = [
    "DEFAULT_LANGUAGES",
    "EARLIEST_PLAUSIBLE",
    "FUTURE_TOLERANCE",
    "ParsedDate",
    "check_plausible",
    "languages_for",
    "resolve_date",
]

DEFAULT_LANGUAGES = ("kk", "ru", "en")


def languages_for(lang: str | None) -> tuple[str, ...]:
    """The languages a page's dates are read in: its own, where dateparser knows it, then kk, ru and en."""
    if lang and lang not in DEFAULT_LANGUAGES and lang in _dateparser_languages():
        return (lang, *DEFAULT_LANGUAGES)
    return DEFAULT_LANGUAGES


@cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.data.languages_info import language_order

    return frozenset(language_order)


@dataclass(frozen=True)
class ParsedDate:
    value: datetime | None
    raw: str | None
    source: str | None
    # Why value is None although raw was given: "unparsed", "absurd" or "future".
    problem: str | None = None
    # True when the year was not in the string and came from the fetch time.
    inferred_year: bool = False
    # Which reader gave the value: "iso", "rfc822", "epoch", "url", "tokens", "relative" or "dateparser".
    method: str | None = None
    # How much of the instant the source said: "minute" (a time of day) or "day" (midnight stands for the day).
    precision: str | None = None


# A time of day written in the value: `09:45`, ISO `T0930`, `3 pm`; or a relative form in clock units.
_TIME_OF_DAY = re.compile(
    r"\d{1,2}:\d{2}|\d[Tt]\d{2}|\b\d{1,2}\s*[ap]\.?m\b|сек|мин|сағат|час|\bsec|\bmin|hour|\bhr",
    re.IGNORECASE,
)


def _precision(raw: str, method: str) -> str:
    if method in ("rfc822", "epoch"):
        return "minute"
    if method in ("url", "htmldate"):
        return "day"
    return "minute" if _TIME_OF_DAY.search(raw) else "day"


def resolve_date(
    raw: str | None,
    source: str | None,
    *,
    tz: str,
    fetched_at: datetime | None,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> ParsedDate:
    """Parse the raw value a page module found, judged against the fetch time.

    `source` is the kind of value: "api:<field>", "wp:date_gmt", "rss", "meta", "jsonld", "time" or
    "text". `tz` is the zone the site writes local times in; a naive `fetched_at` is taken as UTC.
    Without `fetched_at`, relative and year-less strings stay unparsed rather than read the clock.
    The value keeps the offset the string wrote, else the site zone's offset on that date, as a fixed
    offset. A year-less date takes the fetch year, or the year before when that would put it more than
    FUTURE_TOLERANCE after the fetch.
    """
    if raw is None or not raw.strip():
        return ParsedDate(None, raw, source)
    try:
        return _resolve(raw, source, tz=tz, fetched_at=fetched_at, languages=languages)
    except (ArithmeticError, ValueError, TypeError, LookupError, RecursionError, OSError):
        # A value no reader was built for (digits beyond any calendar, a fetch time at the end of time): the
        # page keeps its other fields, and the date is a counted null, never an exception.
        return ParsedDate(None, raw, source, problem="unparsed")


def _resolve(
    raw: str, source: str | None, *, tz: str, fetched_at: datetime | None, languages: tuple[str, ...]
) -> ParsedDate:
    fetched = as_utc(fetched_at) if fetched_at is not None else None
    value: datetime
    inferred = False
    structured = parse_structured(raw, source, tz)
    if structured is not None:
        value, method = structured
    else:
        visible = parse_visible(raw, tz=tz, fetched_at=fetched, languages=tuple(languages))
        if visible is None:
            return ParsedDate(None, raw, source, problem="unparsed")
        value, method, inferred = visible.value, visible.method, visible.inferred_year
    problem = check_plausible(value, fetched)
    if problem:
        return ParsedDate(None, raw, source, problem=problem, inferred_year=inferred, method=method)
    return ParsedDate(_fixed_offset(value), raw, source, inferred_year=inferred, method=method,
                      precision=_precision(raw, method))


def _fixed_offset(value: datetime) -> datetime:
    # The site's offset on that date, frozen: a ZoneInfo value in a repeated hour (Almaty, 2024-02-29
    # 23:00-24:00) compares unequal to every other zone's value of the same instant.
    if isinstance(value.tzinfo, timezone):
        return value
    return value.astimezone(_timezone(value.utcoffset() or timedelta(0)))


@cache
def _timezone(offset: timedelta) -> timezone:
    return timezone(offset)
