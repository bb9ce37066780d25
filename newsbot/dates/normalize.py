"""Clean a visible date string before parsing: spacing, icons, labels and view counters."""

from __future__ import annotations

import re
import unicodedata

# Labels page templates put before the date. Known ones may come without a colon.
_KNOWN_LABEL = re.compile(
    r"(?:жарияланған\s+(?:уақыты|күні)|жарияланды|жаңартылды|дата\s+публикации|опубликовано|обновлено|"
    r"дата|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|date)\s*:?\s+",
    re.IGNORECASE,
)
# Any other short label ending in a colon (`Күні:`, `Время публикации:`), but not a relative day
# (`Сегодня: 10:15` keeps its word).
_OTHER_LABEL = re.compile(r"([^\d:]{1,40}):\s+")
_RELATIVE_WORDS = re.compile(r"бүгін|кеше|сегодня|вчера|today|yesterday", re.IGNORECASE)
# A labelled view counter at the end: `Просмотров: 18706`, `Қаралды: 120`, `Views 5`.
_LABELLED_COUNTER = re.compile(
    r"[\s,|]*(?:просмотр\w*|қаралды|көрілді|views?)\s*:?\s*\d[\d\s]*$", re.IGNORECASE
)
_SEPARATORS = str.maketrans({"|": " ", "•": " ", "·": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def _drop_symbols(text: str) -> str:
    # Icons next to dates (clock, calendar, eye) are symbols or private-use glyphs of icon fonts.
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Co", "Cf"))


def clean(text: str) -> str:
    """The date part of a visible string, whitespace collapsed; case is kept."""
    text = _drop_symbols(text.translate(_SEPARATORS)) if not text.isascii() else text.replace("|", " ")
    text = " ".join(text.split())
    known = _KNOWN_LABEL.match(text)
    if known:
        text = text[known.end() :]
    else:
        other = _OTHER_LABEL.match(text)
        if other and not _RELATIVE_WORDS.search(other[1]):
            text = text[other.end() :]
    return _LABELLED_COUNTER.sub("", text).strip(" ,;")
