from __future__ import annotations

from datetime import UTC, datetime

from newsbot.middlewares.retry_after import retry_after_seconds

NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def test_seconds_and_http_dates() -> None:
    assert retry_after_seconds("120", NOW) == 120
    assert retry_after_seconds("Sat, 21 Nov 2026 06:00:30 GMT", NOW) == 30
    assert retry_after_seconds("Sat, 21 Nov 2026 05:00:00 GMT", NOW) == 0
    assert retry_after_seconds("soon", NOW) is None
