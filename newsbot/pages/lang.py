"""Page language: declared (html lang, og:locale) or guessed from the letters of the text."""

from __future__ import annotations

import re

# Letters only Kazakh Cyrillic uses (Russian has none of them).
_KAZAKH = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Sites write Kazakh as kk, kz or kaz; Russian as ru or rus.
_ALIASES = {
    "kz": "kk", "kaz": "kk", "qaz": "kk", "kk": "kk", "ru": "ru", "rus": "ru", "en": "en", "eng": "en",
}
# Share of Kazakh-specific letters among Cyrillic ones above which a text is Kazakh (typical kk prose ~8%).
KAZAKH_SHARE = 0.02


def normalize_lang(value: str | None) -> str | None:
    """`kk-KZ`, `ru_RU`, `kz` → `kk`, `ru`, `kk`; None for anything empty or unknown."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return _ALIASES.get(code)


def detect_lang(text: str) -> str | None:
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        return "kk" if len(_KAZAKH.findall(text)) / cyrillic >= KAZAKH_SHARE else "ru"
    return "en"
