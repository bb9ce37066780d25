"""Clean a visible date string before parsing: spacing, icons, labels and view counters."""

from __future__ import annotations

import re

# Labels page templates put before the date. Known ones may come without a colon.
_KNOWN_LABEL = re.compile(
    r"(?:жарияланған\s+(?:уақыты|күні)|жарияланды|жаңартылды|дата\s+публикации|опубликовано|обновлено|"
    r"дата|published(?:\s+(?:on|at))?|posted(?:\s+(?:on|at))?|updated(?:\s+(?:on|at))?|date)\s*:?\s+",
    re.IGNORECASE,
)
# Any other short label ending in a colon (`Күні:`, `Время публикации:`), but not a relative day
# (`Сегодня: 10:15` keeps its word).
_OTHER_LABEL = re.compile(r"([^\d:]{1,40}):\s+")
_RELATIVE_WORDS = re.compile(r"бүгін|кеше|сегодня|вчера|today|yesterday", re.IGNORECASE)
# A labelled view counter at the end: `Просмотров: 18706`, `Қаралды: 120`, `Views 5`, and with the label after
# the number: `987 қаралым`, `1 204 просмотра`, `5 views`.
_LABELLED_COUNTER = re.compile(
    r"[\s,|]*(?:(?:просмотр\w*|қаралды|көрілді|views?)\s*:?\s*\d[\d\s]*"
    r"|(?<![\d:.])\d[\d\s]*\s(?:просмотр\w*|қаралым\w*|қаралды|көрілді|views?))$",
    re.IGNORECASE,
)
# The counter is looked for in the string's last characters only: tried from every digit of a long run of numbers
# (`15 15 15 … июня 2025`, a hostile page's "date") the pattern backtracks quadratically, 1 s for 9 KB. A real
# counter with its label and separators is under 40 characters.
_COUNTER_TAIL = 100
_SEPARATORS = str.maketrans({"|": " ", "•": " ", "·": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


# Icons next to dates (clock, calendar, eye): arrows and symbols, emoji, icon-font private-use glyphs,
# and invisible format characters (zero-width spaces, variation selectors).
_ICONS = re.compile("[\u2190-\u2bff\U0001f000-\U0001faff\ue000-\uf8ff\u200b-\u200f\u2060\ufe0f\ufeff]")


def clean(text: str) -> str:
    """The date part of a visible string, whitespace collapsed; case is kept."""
    text = _ICONS.sub("", text.translate(_SEPARATORS)) if not text.isascii() else text.replace("|", " ")
    text = " ".join(text.split())
    if text[:1].isalpha():
        known = _KNOWN_LABEL.match(text)
        if known:
            text = text[known.end() :]
        elif ":" in text:
            other = _OTHER_LABEL.match(text)
            if other and not _RELATIVE_WORDS.search(other[1]):
                text = text[other.end() :]
    counter = _LABELLED_COUNTER.search(text, max(0, len(text) - _COUNTER_TAIL))
    if counter:
        text = text[: counter.start()]
    return text.strip(" ,;")
