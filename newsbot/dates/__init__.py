"""Publication dates: one entry point, `resolve_date`, used by the dates pipeline and the CLI.

Structured values (API fields, ISO 8601) parse with the standard library; the result is always an aware
datetime or None with the reason kept, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# A date more than this far after the fetch time is a parsing mistake or a widget, not a publication time.
FUTURE_TOLERANCE = timedelta(days=1)
# Nothing newsbot archives was published online before this.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=ZoneInfo("UTC"))


@dataclass(frozen=True)
class ParsedDate:
    value: datetime | None
    raw: str | None
    source: str | None
    # Why value is None although raw was given: "unparsed", "absurd" or "future".
    problem: str | None = None
    # True when the year was not in the string and came from the fetch time.
    inferred_year: bool = False


def parse_iso(value: str, tz: str) -> datetime | None:
    """ISO 8601 as APIs write it (`2020-12-22T09:30:51.123+0000`); a value without offset is in `tz`."""
    text = value.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed


def check_plausible(value: datetime, fetched_at: datetime | None) -> str | None:
    """The problem with an otherwise parsed date, or None when it can be a publication time."""
    if value < EARLIEST_PLAUSIBLE:
        return "absurd"
    if fetched_at is not None and value > fetched_at + FUTURE_TOLERANCE:
        return "future"
    return None


def resolve_date(raw: str | None, source: str | None, *, tz: str, fetched_at: datetime | None) -> ParsedDate:
    """Parse the raw value a page module found, judged against the fetch time."""
    if raw is None or not raw.strip():
        return ParsedDate(None, raw, source, problem=None)
    value = parse_iso(raw, tz)
    if value is None:
        return ParsedDate(None, raw, source, problem="unparsed")
    problem = check_plausible(value, fetched_at)
    if problem:
        return ParsedDate(None, raw, source, problem=problem)
    return ParsedDate(value, raw, source)
