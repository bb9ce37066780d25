"""`newsbot parse-date`: read one date string the way the pipeline would, to check a site's format."""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, UTC, datetime
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from newsbot.dates import DEFAULT_LANGUAGES, resolve_date
from newsbot.dates.zones import parse_instant


def _fail(message: str) -> NoReturn:
    # One line and exit 2 (a usage error), not click's usage block or a traceback.
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(2)


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of the zone database (`Europe`)
        _fail(f"unknown time zone {name!r} (give an IANA name such as Asia/Almaty)")
    return name


def _now() -> datetime:
    # The command may read the clock; the library never does.
    return datetime.now(UTC)


def _fetched_at(text: str | None) -> datetime:
    if text is None:
        return _now()
    try:
        value = parse_instant(text)
    except ValueError:
        _fail(f"--fetched-at {text!r} is not an ISO 8601 date and time")
    # Relative and year-less dates are read around the fetch time: it needs a year of room on both sides.
    if not MINYEAR < value.year < MAXYEAR:
        _fail(f"--fetched-at {text!r} is out of range (years {MINYEAR + 1} to {MAXYEAR - 1})")
    return value


def _languages(given: tuple[str, ...]) -> tuple[str, ...]:
    languages = tuple(code.strip() for item in given for code in item.split(",") if code.strip())
    if not languages:
        return DEFAULT_LANGUAGES
    from dateparser.data.languages_info import language_order  # only to check --lang: dateparser is slow to load

    unknown = [code for code in languages if code not in language_order]
    if unknown:
        _fail(f"--lang: dateparser knows no language {', '.join(unknown)}")
    return languages


@click.command("parse-date")
@click.argument("text")
@click.option("--lang", multiple=True, help="Language (kk, ru, en); repeat or comma-separate. Default: all.")
@click.option("--tz", default="Asia/Almaty", show_default=True, help="IANA zone the site writes times in.")
@click.option("--fetched-at", help="Fetch time, ISO 8601 (without offset: UTC). Default: now.")
@click.option(
    "--source",
    default="text",
    show_default=True,
    help="Kind of value: text, api:<field>, wp:date_gmt, rss, meta, jsonld, time.",
)
def command(text: str, lang: tuple[str, ...], tz: str, fetched_at: str | None, source: str) -> None:
    """Print the instant TEXT means (ISO 8601 with offset), or null."""
    parsed = resolve_date(
        text, source, tz=_zone(tz), fetched_at=_fetched_at(fetched_at), languages=_languages(lang)
    )
    click.echo(parsed.value.isoformat() if parsed.value is not None else "null")
