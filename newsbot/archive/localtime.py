"""Instants as a site's readers saw them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_iso(instant: datetime | None, timezone: str) -> str | None:
    """ISO 8601 in the site's zone, with its offset (`2020-12-22T15:30:51+06:00`)."""
    return instant.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds") if instant else None
