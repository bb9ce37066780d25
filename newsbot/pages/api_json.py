"""JSON from APIs we do not control, read without a way to blow up: a number of thousands of digits, or
nesting thousands deep, is a bad answer (ValueError), never an exception that escapes a callback."""

from __future__ import annotations

import json
from typing import Any

# Longer numbers are no ids, counts or dates: kept as their digits (Python refuses past 4,300 anyway).
MAX_NUMBER_DIGITS = 40


def _number(digits: str) -> int | str:
    return int(digits) if len(digits) <= MAX_NUMBER_DIGITS else digits


def load_json(body: bytes | str, *, strict: bool = True) -> Any:
    """The parsed value; ValueError (json.JSONDecodeError, UnicodeDecodeError or plain) when it is not usable.
    `strict=False` lets raw control characters (line breaks, tabs) stand inside strings."""
    try:
        return json.loads(body, parse_int=_number, strict=strict)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None
