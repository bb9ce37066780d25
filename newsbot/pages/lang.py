"""Page language: declared (html lang, og:locale) or guessed from the letters of the text."""

from __future__ import annotations

import re

import lxml.html

from newsbot.pages.metadata import PageMeta, read_meta

# Letters only Kazakh Cyrillic uses (Russian has none of them).
_KAZAKH = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Sites write Kazakh as kk, kz or kaz; Russian as ru or rus.
_ALIASES = {
    "kz": "kk", "kaz": "kk", "qaz": "kk", "kk": "kk", "ru": "ru", "rus": "ru", "en": "en", "eng": "en",
}
# Any other language tag: a two- or three-letter primary subtag (BCP 47), `und` for undetermined.
_CODE = re.compile(r"[a-z]{2,3}")
# Function words that say a Latin-script text is English, or that it is some other language (German,
# French, Spanish, Italian, Portuguese, Dutch, Polish, Turkish, …): a German page is not "en".
_ENGLISH_WORDS = frozenset({
    "the", "and", "of", "to", "is", "are", "was", "were", "for", "with", "that", "this", "from", "by", "on",
    "has", "have", "be",
})
_OTHER_WORDS = frozenset({
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "den", "dem", "für", "auf",  # de
    "le", "la", "les", "et", "des", "une", "est", "du", "pour", "dans", "que",  # fr
    "el", "los", "las", "y", "por", "con", "una", "del", "para",  # es
    "il", "che", "di", "per", "sono", "della",  # it
    "em", "não", "uma", "os", "ao",  # pt
    "het", "een", "van", "zijn", "niet",  # nl
    "ile", "ve", "bir", "bu", "için",  # tr
    "się", "nie", "jest", "oraz", "że",  # pl
})
# Share of Kazakh-specific letters among Cyrillic ones above which a text is Kazakh (typical kk prose ~8%).
KAZAKH_SHARE = 0.02


def normalize_lang(value: str | None) -> str | None:
    """`kk-KZ`, `ru_RU`, `kz`, `de-AT` → `kk`, `ru`, `kk`, `de`; None for anything empty or not a language tag."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    if code in _ALIASES:
        return _ALIASES[code]
    return code if _CODE.fullmatch(code) and code not in ("und", "mul", "zxx", "xx") else None


def declared_lang(root: lxml.html.HtmlElement, meta: PageMeta | None = None) -> str | None:
    """The language a page declares: `<html lang>`, then `og:locale` (from `meta`, the page's <meta> index)."""
    if lang := normalize_lang(root.get("lang")):
        return lang
    return normalize_lang((meta if meta is not None else read_meta(root)).get("og:locale"))


def detect_lang(text: str) -> str | None:
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        return "kk" if len(_KAZAKH.findall(text)) / cyrillic >= KAZAKH_SHARE else "ru"
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(word in _ENGLISH_WORDS for word in words)
    other = sum(word in _OTHER_WORDS for word in words)
    # Latin letters that read as another language: undetermined rather than a wrong "en".
    return "und" if other > english else "en"
