"""The fast path for visible dates: classify each word, accept only a complete, unambiguous date.

Covers numeric DMY (`22.12.2020 15:30`), `D month YYYY[, HH:MM]` in any order with fillers
(`2020 жылғы 22 желтоқсан күні`, `13:51, 15 Тамыз 2025`, `December 22, 2020 3:30 PM`, `17-го Марта`).
Anything it does not fully understand is left to dateparser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo

from newsbot.dates.words import Vocabulary, fold
from newsbot.dates.zones import abbreviation_zone

_SPLIT = re.compile(r"[\s,;]+")
# `15:30`, `15:30:05`, `15:30-да` (Kazakh case ending), `3:30pm`, and with a dot (`в 15.30`, `3.30pm`): a
# two-part dotted token is never a date here (`15.06` without a year is left alone either way).
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:-?[а-яәғқңөұүһі]{1,3}|(am|pm|a\.m|p\.m))?")
_DMY = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})|(\d{1,2})\.(\d{1,2})\.(\d{2})")
_YMD = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})")
# A day number with an ordinal ending: `17-го`, `22-сі`, `1st`, `22nd`.
_DAY = re.compile(r"(\d{1,2})(?:-?(?:го|е|ое|ого|ші|шы|сі|сы|нші|ншы|інші|ыншы)|st|nd|rd|th)?")
# `2025`, `2025г` (Russian, no space), `2025ж`.
_YEAR = re.compile(r"(\d{4})(?:г|ж)?")
_COUNT = re.compile(r"\d+")
_OFFSET = re.compile(r"(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?")
_MERIDIEM = {"am": 0, "a.m": 0, "pm": 12, "p.m": 12}


@dataclass
class Parts:
    """The fields a visible string gave; year None means it was not written."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    hour: int = 0
    minute: int = 0
    second: int = 0
    has_time: bool = False
    meridiem: int | None = None
    offset: tzinfo | None = None


def _set(parts: Parts, **fields: int) -> bool:
    """Fill fields that are still empty; a second value for the same field makes the string ambiguous."""
    for name, value in fields.items():
        if getattr(parts, name) is not None:
            return False
        setattr(parts, name, value)
    return True


def _take(token: str, parts: Parts, words: Vocabulary) -> bool:
    """Record what one token says; False when it is not part of a date we understand."""
    if token[0].isdigit() or token[0] in "+-":
        return _take_number(token, parts)
    if token in words.ignorable:
        return True
    if token in _MERIDIEM:
        return parts.meridiem is None and _set_meridiem(parts, _MERIDIEM[token])
    if (named := abbreviation_zone(token)) is not None:
        return _set_offset(parts, named)
    if token.startswith(("utc", "gmt")):
        return _take_number(token, parts)
    month = words.month(token)
    return month is not None and _set(parts, month=month)


def _set_meridiem(parts: Parts, value: int) -> bool:
    parts.meridiem = value
    return True


def _set_offset(parts: Parts, value: tzinfo) -> bool:
    if parts.offset is not None:
        return False
    parts.offset = value
    return True


def _take_number(token: str, parts: Parts) -> bool:
    if match := _TIME.fullmatch(token):
        if parts.has_time:
            return False
        parts.hour, parts.minute, parts.second = int(match[1]), int(match[2]), int(match[3] or 0)
        parts.has_time = True
        return match[4] is None or (parts.meridiem is None and _set_meridiem(parts, _MERIDIEM[match[4]]))
    if match := _DMY.fullmatch(token):
        if match[1]:
            return _set(parts, day=int(match[1]), month=int(match[3]), year=int(match[4]))
        return _set(parts, day=int(match[5]), month=int(match[6]), year=2000 + int(match[7]))
    if match := _YMD.fullmatch(token):
        return _set(parts, year=int(match[1]), month=int(match[3]), day=int(match[4]))
    if match := _DAY.fullmatch(token):
        return _set(parts, day=int(match[1]))
    if match := _YEAR.fullmatch(token):
        return _set(parts, year=int(match[1]))
    if token[0] in "+-u" or token.startswith("gmt"):
        match = _OFFSET.fullmatch(token)
        if match is None:
            return False
        sign = -1 if match[1] == "-" else 1
        delta = timedelta(hours=int(match[2]), minutes=int(match[3] or 0))
        return delta < timedelta(hours=15) and _set_offset(parts, timezone(sign * delta))
    return False


def _complete(parts: Parts) -> bool:
    if parts.day is None or parts.month is None:
        return False
    if parts.meridiem is not None:
        if not parts.has_time or not 1 <= parts.hour <= 12:
            return False
        parts.hour = parts.hour % 12 + parts.meridiem
    return parts.hour < 24 and parts.minute < 60 and parts.second < 60


def _read(tokens: list[str], words: Vocabulary) -> Parts | None:
    parts = Parts()
    for token in tokens:
        if not _take(token, parts, words):
            return None
    return parts if _complete(parts) else None


def parse_tokens(text: str, words: Vocabulary) -> Parts | None:
    """The date parts of a cleaned visible string, or None to let the slow path try."""
    # Dashes and slashes between parts (`15 June, 2025 - 15:30`) are separators, not tokens.
    tokens = [
        token for token in (fold(word).rstrip(".") for word in _SPLIT.split(text)) if token.strip("-–—/")
    ]
    if not tokens or len(tokens) > 10:
        return None
    parts = _read(tokens, words)
    if parts is None and len(tokens) > 1 and _COUNT.fullmatch(tokens[-1]):
        # `28.11.2025, 19:54 18706`: a number after a complete dated string is a view counter.
        parts = _read(tokens[:-1], words)
        if parts is not None and parts.year is None:
            return None
    return parts
