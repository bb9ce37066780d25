"""Machine-written values: ISO 8601 (API fields, meta, JSON-LD, <time>), RFC 822 (RSS), epoch numbers.

Standard library only: these are most of the dates newsbot sees and must cost microseconds, not the
millisecond dateparser takes.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from newsbot.dates.zones import localise

# Extended ISO 8601 only: `datetime.fromisoformat` also takes `20201222` and `2020-W52`, which on a page
# are more likely numbers than dates.
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[Tt ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"\s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
# RFC 822 starts with an optional weekday, then day and an English month abbreviation.
_RFC822_START = re.compile(r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\b")


@cache
def _offset(text: str) -> timezone:
    if text in ("Z", "z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_iso8601(text: str, tz: str, *, naive_is_utc: bool = False) -> datetime | None:
    """`2020-12-22T09:30:51.123+0000`, `...Z`, `...+06:00`, `2020-12-22`; no offset means the zone `tz`."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return None
    frac = (match["frac"] or "")[:6].ljust(6, "0")
    try:
        value = datetime(
            int(match["y"]),
            int(match["mo"]),
            int(match["d"]),
            int(match["h"] or 0),
            int(match["mi"] or 0),
            int(match["s"] or 0),
            int(frac),
        )
    except ValueError:  # 0000-00-00 00:00:00 (WordPress drafts), 2020-02-30
        return None
    if match["tz"]:
        try:
            return value.replace(tzinfo=_offset(match["tz"]))
        except ValueError:  # an offset of a day or more
            return None
    if naive_is_utc:
        return value.replace(tzinfo=UTC)
    return localise(value, tz)


def parse_rfc822(text: str, tz: str) -> datetime | None:
    """RSS pubDate: `Tue, 22 Dec 2020 15:30:00 +0600`; a missing or unknown zone means `tz`."""
    text = text.strip()
    if not _RFC822_START.match(text):
        return None
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is not None:
        return value
    # `-0000` means "UTC, origin unknown"; any other naive result had no usable zone.
    if text.endswith("-0000"):
        return value.replace(tzinfo=UTC)
    return localise(value, tz)


def parse_epoch(text: str) -> datetime | None:
    """Unix seconds or milliseconds, as some JSON APIs give them."""
    text = text.strip()
    if not _EPOCH.fullmatch(text):
        return None
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    return datetime.fromtimestamp(seconds, UTC)


def parse_structured(raw: str, source: str | None, tz: str) -> tuple[datetime, str] | None:
    """The value and the method that read it, or None when `raw` is not a machine-written date."""
    kind = source or ""
    # WordPress `date_gmt`/`modified_gmt` are UTC written without an offset.
    value = parse_iso8601(raw, tz, naive_is_utc=kind.endswith("_gmt"))
    if value is not None:
        return value, "iso"
    if kind == "text":
        return None
    value = parse_rfc822(raw, tz)
    if value is not None:
        return value, "rfc822"
    if kind.startswith(("api:", "jsonld")):
        value = parse_epoch(raw)
        if value is not None:
            return value, "epoch"
    return None
