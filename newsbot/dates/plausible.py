"""Whether a parsed date can be a publication time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# A date more than this far after the fetch time is a parsing mistake or a widget, not a publication time.
FUTURE_TOLERANCE = timedelta(days=1)
# Nothing newsbot archives was published online before this.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)


def check_plausible(value: datetime, fetched_at: datetime | None) -> str | None:
    """The problem with an otherwise parsed date, or None when it can be a publication time."""
    if value < EARLIEST_PLAUSIBLE:
        return "absurd"
    if fetched_at is not None and value > fetched_at + FUTURE_TOLERANCE:
        return "future"
    return None
