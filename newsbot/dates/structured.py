"""Machine-written values: ISO 8601 (API fields, meta, JSON-LD, <time>), RFC 822 (RSS), epoch numbers.

Standard library only: these are most of the dates newsbot sees and must cost microseconds, not the
millisecond dateparser takes.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from newsbot.dates.zones import abbreviation_zone, localise

# Extended ISO 8601 only: `datetime.fromisoformat` also takes `20201222` and `2020-W52`, which on a page
# are more likely numbers than dates.
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[Tt ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"\s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
)
# ISO 8601 basic format, as some CMSs write it in JSON-LD and meta: `20220415T0930+0500`, `20191105T07:41:12Z`,
# `20210618` (the date alone only where a machine wrote it: on a page, eight digits are as often an id).
_ISO_BASIC = re.compile(
    r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})"
    r"(?:[Tt](?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)
# A date in an article's address: `/2021/06/14/`, `/2024/0424/`, `/2023-11/17/`, `2019-11-05`, `/20220415/`.
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),
    re.compile(r"(?<![\d.])((?:19|20)\d{2})([-_])(\d{2})\2(\d{2})(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|\.html?\b)"),
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


def parse_iso8601(
    text: str, tz: str, *, naive_is_utc: bool = False, basic: bool = False
) -> datetime | None:
    """`2020-12-22T09:30:51.123+0000`, `...Z`, `...+06:00`, `2020-12-22`; no offset means the zone `tz`.
    With `basic`, also the basic format (`20220415T0930+0500`, `20210618`)."""
    text = text.strip()
    match = _ISO.fullmatch(text) or (_ISO_BASIC.fullmatch(text) if basic else None)
    if match is None:
        return None
    return _from_match(match, tz, naive_is_utc=naive_is_utc)


def _from_match(match: re.Match[str], tz: str, *, naive_is_utc: bool) -> datetime | None:
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


def written_offset(text: str) -> timedelta | None:
    """The UTC offset an ISO 8601 value writes (`+02:00` in `2024-04-26T20:44:00+02:00`); None without one, and
    for `Z`, which says the value is stored in UTC, not which clock the site keeps."""
    match = _ISO.fullmatch(text.strip()) or _ISO_BASIC.fullmatch(text.strip())
    if match is None or not match["tz"] or match["tz"] in ("Z", "z", "UTC", "GMT"):
        return None
    try:
        return _offset(match["tz"]).utcoffset(None)
    except ValueError:
        return None


def parse_rfc822(text: str, tz: str) -> datetime | None:
    """RSS pubDate: `Tue, 22 Dec 2020 15:30:00 +0600`; a missing or unknown zone means `tz`."""
    text = text.strip()
    if not _RFC822_START.match(text):
        return None
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):  # `10:3000000000:00`, year 99999
        return None
    if value.tzinfo is not None:
        return value
    # `-0000` means "UTC, origin unknown"; a zone abbreviation the email module does not know (`MSK`, `ALMT`)
    # is kept as written; only a value without any zone is read in the site's.
    if text.endswith("-0000"):
        return value.replace(tzinfo=UTC)
    named = abbreviation_zone(text.rsplit(None, 1)[-1])
    if named is not None:
        return value.replace(tzinfo=named)
    return localise(value, tz)


def parse_url_date(text: str, tz: str) -> datetime | None:
    """The day an article's address names (`https://x.org/2021/06/14/slug`), midnight in `tz`; or None."""
    for pattern in _URL_DATES:
        match = pattern.search(text)
        if match is None:
            continue
        year, month, day = (int(part) for part in match.groups() if part.isdigit())
        try:
            return localise(datetime(year, month, day), tz)
        except ValueError:
            return None
    return None


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
    if kind == "url":
        value = parse_url_date(raw, tz)
        return (value, "url") if value is not None else None
    if kind == "htmldate":  # htmldate's own output: a day, `2024-04-24`
        value = parse_iso8601(raw, tz)
        return (value, "htmldate") if value is not None else None
    machine = kind.startswith(("api:", "jsonld", "meta", "itemprop", "time"))
    # WordPress `date_gmt`/`modified_gmt` are UTC written without an offset.
    value = parse_iso8601(raw, tz, naive_is_utc=kind.endswith("_gmt"), basic=machine)
    if value is not None:
        return value, "iso"
    value = parse_rfc822(raw, tz)
    if value is not None:
        return value, "rfc822"
    if kind.startswith(("api:", "jsonld", "meta", "itemprop")):
        value = parse_epoch(raw)
        if value is not None:
            return value, "epoch"
    return None
