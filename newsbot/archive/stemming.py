"""Word stems for search: a query word finds the other forms of the word (`министра` finds `министр`, `министров`).

The index stays plain (unicode61 tokens: the sqlite3 shell, Datasette and sqlite-utils read it as it is); the
query does the work instead. Each word becomes its stem followed by FTS5's prefix star, OR'd with the word
itself, so every form built on the stem matches.

Stems come from:
- Russian and English: the Snowball stemmers (snowballstemmer, the Snowball project's own Python port);
- Kazakh, for which Snowball has no stemmer: the suffix rules below. Kazakh adds its endings in a fixed order
  (stem + plural + possessive + case); a word's endings are taken off from the right, longest first, at most
  one of each group, as long as at least MIN_STEM letters remain:
    case:        ның нің дың дің тың тің (of), ға ге қа ке (to), ны ні ды ді ты ті (object),
                 да де та те нда нде (in), дан ден тан тен нан нен (from), мен бен пен (with),
                 дағы дегі тағы тегі ндағы ндегі (which is in)
    possessive:  ымыз іміз ыңыз іңіз мыз міз ңыз ңіз ым ім ың ің сы сі ы і
    plural:      лар лер дар дер тар тер
  The dative на/не (after a possessive) is left on, as `Астана` would lose its `на`; so are single letters
  other than the possessive ы/і (the dative а/е, the accusative н): the prefix
  search finds a word whatever follows its stem, so leaving a letter on costs nothing but recall of forms
  that change it, and taking one off wrongly would match unrelated words.
A word with no language of its own (no `--lang`) is stemmed as Russian and as Kazakh when it is Cyrillic (as
Kazakh only when it has a letter Russian lacks), as English when it is Latin.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Fewer letters than this left after stemming: the word is searched as written (a stem of two letters would
# match half the dictionary).
MIN_STEM = 3

_KAZAKH_CASE = ("ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі", "ның", "нің", "дың", "дің", "тың", "тің",
                "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен", "нда", "нде", "ға", "ге", "қа",
                "ке", "ны", "ні", "ды", "ді", "ты", "ті", "да", "де", "та", "те")
_KAZAKH_POSSESSIVE = ("ымыз", "іміз", "ыңыз", "іңіз", "мыз", "міз", "ңыз", "ңіз", "ым", "ім", "ың", "ің", "сы",
                      "сі", "ы", "і")
_KAZAKH_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
# Groups in the order they are taken off: the last ending first.
KAZAKH_SUFFIXES = (_KAZAKH_CASE, _KAZAKH_POSSESSIVE, _KAZAKH_PLURAL)

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")
_LATIN = re.compile(r"[a-z]")


def kazakh_stem(word: str) -> str:
    """WORD (lower case) less its Kazakh case, possessive and plural endings (see the module's rules)."""
    stem = word
    for group in KAZAKH_SUFFIXES:
        for suffix in group:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem = stem[: -len(suffix)]
                break
    return stem


@cache
def _snowball(language: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def word_languages(word: str) -> tuple[str, ...]:
    """The languages a word of unknown language may be in, judged by its letters."""
    if _CYRILLIC.search(word):
        return ("kk",) if KAZAKH_LETTERS & set(word) else ("ru", "kk")
    if _LATIN.search(word):
        return ("en",)
    return ()


def stems(word: str, lang: str | None = None) -> list[str]:
    """The stems of WORD to search by prefix: one per language it may be in, at least MIN_STEM letters long."""
    word = word.lower()
    found = []
    for language in (lang,) if lang else word_languages(word):
        if language == "kk":
            stem = kazakh_stem(word)
        elif language == "ru":
            stem = _snowball("russian").stemWord(word)
        elif language == "en":
            stem = _snowball("english").stemWord(word)
        else:
            continue
        if len(stem) >= MIN_STEM and stem not in found:
            found.append(stem)
    # A stem that extends another finds nothing more by prefix: keep the shorter.
    return [stem for stem in found if not any(other != stem and stem.startswith(other) for other in found)]
