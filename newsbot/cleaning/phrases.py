"""The chrome phrase catalogue: one TOML data file per language under phrases/ (a new phrase is one line).

Rules only ever match a whole line (or block); they never touch words inside a sentence. Where a rule
may fire (anywhere, only at the edges of the body, as a cut-off heading) is decided by the caller.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LANGUAGES = ("kk", "ru", "en")
# en.toml also holds the language-neutral chrome (currency lines, captcha), so it is applied to every page.
ALWAYS = ("en",)

# Trailing marks a phrase may carry or lose in a theme ("Басқа жаңалықтар:", "Обязательные поля помечены *").
_TRAILING = " .:;!*…»>→-–—|"


def normalize(line: str) -> str:
    """Case, spacing and trailing punctuation do not matter when a line is compared with a phrase."""
    text = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    return " ".join(text.split()).rstrip(_TRAILING).strip().casefold()


@dataclass(frozen=True)
class Rule:
    name: str  # "kk:anywhere:Басты", for the `removed` log
    pattern: re.Pattern[str]
    # The normalised phrase when the rule is one literal line (its pattern then matches that string only).
    literal: str | None = None


class _Matcher:
    """The first rule (in catalogue order) that matches a whole normalised line: literal lines by one dict
    lookup, only the few regex patterns tried one by one (trying every rule was most of the phrase step)."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.literals: dict[str, tuple[int, str]] = {}
        self.patterns: list[tuple[int, Rule]] = []
        for index, rule in enumerate(rules):
            if rule.literal is not None:
                self.literals.setdefault(rule.literal, (index, rule.name))
            else:
                self.patterns.append((index, rule))

    def first(self, normalized: str) -> str | None:
        if not normalized:
            return None
        literal = self.literals.get(normalized)
        for index, rule in self.patterns:
            if literal is not None and index > literal[0]:
                break
            if rule.pattern.fullmatch(normalized):
                return rule.name
        return literal[1] if literal is not None else None


@dataclass(frozen=True)
class Catalogue:
    anywhere: tuple[Rule, ...]
    edge: tuple[Rule, ...]
    cutoff: tuple[Rule, ...]
    menu_words: tuple[str, ...]
    credit: tuple[Rule, ...]
    source: tuple[Rule, ...]
    _anywhere: _Matcher = field(init=False, repr=False, compare=False)
    _edge: _Matcher = field(init=False, repr=False, compare=False)
    _cutoff: _Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("anywhere", "edge", "cutoff"):
            object.__setattr__(self, f"_{name}", _Matcher(getattr(self, name)))

    # The *_rule methods take a line already normalised (`normalize`), for callers that ask several.
    def anywhere_rule(self, key: str) -> str | None:
        return self._anywhere.first(key)

    def edge_rule(self, key: str) -> str | None:
        return self._edge.first(key)

    def cutoff_rule(self, key: str) -> str | None:
        return self._cutoff.first(key)

    def match_anywhere(self, line: str) -> str | None:
        return self.anywhere_rule(normalize(line))

    def match_edge(self, line: str) -> str | None:
        return self.edge_rule(normalize(line))

    def match_cutoff(self, line: str) -> str | None:
        return self.cutoff_rule(normalize(line))

    def match_menu_fragment(self, line: str) -> str | None:
        """A menu word cut off at the very end of a scraped page ("Жаңала" for "Жаңалықтар")."""
        return self.menu_fragment_rule(normalize(line))

    def menu_fragment_rule(self, word: str) -> str | None:
        if len(word) < 4 or " " in word:
            return None
        for menu_word in self.menu_words:
            # The last letter of a cut may be garbled ("Жаңала", seen at the end of a page, is "Жаңалықтар").
            if menu_word.startswith(word) or (len(word) >= 5 and menu_word.startswith(word[:-1])):
                return f"menu-fragment:{menu_word}"
        return None

    def match_credit(self, line: str) -> tuple[str, str] | None:
        """(rule, credit) when the whole line is a photo credit."""
        text = " ".join(line.split())
        for rule in self.credit:
            if m := rule.pattern.fullmatch(text):
                return rule.name, m.group("credit").strip()
        return None

    def find_source(self, sentence: str) -> str | None:
        text = " ".join(sentence.split())
        for rule in self.source:
            if (m := rule.pattern.search(text)) and _looks_like_name(m.group("source")):
                return m.group("source").strip().rstrip(".")
        return None


def _looks_like_name(source: str) -> bool:
    """"Kazinform", "NUR.KZ", "пресс-служба МИД" name someone; "агентства" ("reports the agency") does not."""
    return any(ch.isupper() or ch.isdigit() for ch in source)


def _line_rules(lang: str, section: str, entry: dict) -> list[Rule]:
    rules = [
        Rule(f"{lang}:{section}:{line}", re.compile(re.escape(normalize(line))), literal=normalize(line))
        for line in entry.get("lines", [])
    ]
    rules += [
        Rule(f"{lang}:{section}:/{p}/", re.compile(p, re.IGNORECASE)) for p in entry.get("patterns", [])
    ]
    return rules


@cache
def _load_language(lang: str) -> dict:
    path = resources.files("newsbot.cleaning").joinpath("phrases", f"{lang}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def catalogue(lang: str | None = None) -> Catalogue:
    """The rules for a page in `lang` (plus the language-neutral ones); every language when unknown."""
    langs = LANGUAGES if lang not in LANGUAGES else tuple(dict.fromkeys((lang, *ALWAYS)))
    names = ("anywhere", "edge", "cutoff", "credit", "source")
    sections: dict[str, list[Rule]] = {name: [] for name in names}
    menu_words: list[str] = []
    for code in langs:
        data = _load_language(code)
        for name in ("anywhere", "edge", "cutoff"):
            sections[name] += _line_rules(code, name, data.get(name, {}))
        for name in ("credit", "source"):
            sections[name] += [
                Rule(f"{code}:{name}:/{p}/", re.compile(p)) for p in data.get(name, {}).get("patterns", [])
            ]
        menu_words += [normalize(w) for w in data.get("menu_words", {}).get("lines", [])]
    return Catalogue(
        anywhere=tuple(sections["anywhere"]),
        edge=tuple(sections["edge"]),
        cutoff=tuple(sections["cutoff"]),
        menu_words=tuple(menu_words),
        credit=tuple(sections["credit"]),
        source=tuple(sections["source"]),
    )


def all_phrases() -> list[str]:
    """Every literal chrome line of every language (the bench and tests look for leaks of these)."""
    phrases: list[str] = []
    for code in LANGUAGES:
        data = _load_language(code)
        for name in ("anywhere", "edge", "cutoff"):
            phrases += data.get(name, {}).get("lines", [])
    return phrases
