"""Month names, weekdays, filler words and relative-day words in Kazakh, Russian and English.

Tokens are compared lower-cased, with a trailing dot removed and (for Latin script) accents dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Kazakh months take case endings (`желтоқсанда`, `қаңтардың`); the stem is matched, then a short ending.
_KK_STEMS = {
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    # Latin-script Kazakh (2017, 2018 and 2021 alphabets, accents dropped).
    "qantar": 1, "aqpan": 2, "nauryz": 3, "nayryz": 3, "sauir": 4, "sayir": 4, "mamyr": 5,
    "mausym": 6, "maysym": 6, "shilde": 7, "silde": 7, "tamyz": 8, "qyrkuiek": 9, "qyrkuyek": 9,
    "qazan": 10, "qarasha": 11, "qarasa": 11, "jeltoqsan": 12,
}  # fmt: skip
_KK_ABBREVIATIONS = {
    "қаң": 1, "ақп": 2, "нау": 3, "сәу": 4, "мам": 5, "мау": 6,
    "шіл": 7, "там": 8, "қыр": 9, "қаз": 10, "қар": 11, "жел": 12,
}  # fmt: skip
_RU_MONTHS = {
    1: "январь января январе янв",
    2: "февраль февраля феврале фев февр",
    3: "март марта марте мар",
    4: "апрель апреля апреле апр",
    5: "май мая мае",
    6: "июнь июня июне июн",
    7: "июль июля июле июл",
    8: "август августа августе авг",
    9: "сентябрь сентября сентябре сен сент",
    10: "октябрь октября октябре окт",
    11: "ноябрь ноября ноябре ноя нояб",
    12: "декабрь декабря декабре дек",
}
_EN_MONTHS = {
    1: "january jan",
    2: "february feb",
    3: "march mar",
    4: "april apr",
    5: "may",
    6: "june jun",
    7: "july jul",
    8: "august aug",
    9: "september sep sept",
    10: "october oct",
    11: "november nov",
    12: "december dec",
}
_WEEKDAYS = {
    "kk": "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі",
    "ru": "понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс",
    "en": "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun",
}
# Words around a date that carry no information: `2020 жылғы`, `күні`, `сағат`, `года`, `в`, `at`.
_FILLERS = {
    "kk": "ж жыл жылы жылғы жылдың жылдын күні сағат сағ ай айы айының айында",
    "ru": "г гг год года году в час",
    "en": "at on of the",
}
# Relative day words: days before the fetch day.
_DAYS_BACK = {
    "kk": {"бүгін": 0, "кеше": 1},
    "ru": {"сегодня": 0, "вчера": 1, "позавчера": 2},
    "en": {"today": 0, "yesterday": 1},
}
# `N <unit> ago`: unit words as regex alternatives, to (seconds, months); months count in the calendar.
_UNITS: dict[str, dict[str, tuple[int, int]]] = {
    "kk": {
        r"секунд": (1, 0), r"минут": (60, 0), r"сағат": (3600, 0), r"күн": (86400, 0),
        r"апта": (604800, 0), r"ай": (0, 1), r"жыл": (0, 12),
    },
    "ru": {
        r"секунд[уы]?|сек": (1, 0), r"минут[уы]?|мин": (60, 0), r"час(?:а|ов)?": (3600, 0),
        r"день|дня|дней": (86400, 0), r"недел[юиь]|недель": (604800, 0),
        r"месяц(?:а|ев)?": (0, 1), r"год(?:а)?|лет": (0, 12),
    },
    "en": {
        r"seconds?|secs?": (1, 0), r"minutes?|mins?": (60, 0), r"hours?|hrs?": (3600, 0),
        r"days?": (86400, 0), r"weeks?": (604800, 0), r"months?": (0, 1), r"years?": (0, 12),
    },
}  # fmt: skip
# Words that make a string without a month name or a numeric date still worth asking dateparser about.
_RELATIVE_MARKERS = {
    "kk": "бұрын кеше бүгін қазір жаңа ғана өткен алдыңғы",
    "ru": "назад вчера сегодня позавчера сейчас только что прошл",
    "en": "ago yesterday today now last",
}
_AGO = {"kk": "бұрын", "ru": "назад", "en": "ago"}
_ONE = {"kk": "бір", "ru": "одну", "en": "a|an"}


_LATIN = re.compile("[a-z]")


def fold(token: str) -> str:
    """Lower-case, `ё` as `е`, accents and apostrophes dropped from Latin letters (`Sáýir` -> `sayir`)."""
    token = token.lower().replace("ё", "е")
    if token.isascii():
        return token.replace("'", "").replace("’", "")
    if _LATIN.search(token):
        decomposed = unicodedata.normalize("NFKD", token)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("'", "")
    return token


@dataclass(frozen=True)
class Vocabulary:
    months: dict[str, int]
    stems: dict[str, int]
    ignorable: frozenset[str]
    days_back: dict[str, int]
    ago: re.Pattern[str]
    ago_units: tuple[tuple[int, int], ...]
    relative_marker: re.Pattern[str]

    def month(self, token: str) -> int | None:
        """The month a word names, allowing Kazakh case endings (`желтоқсанда`, `Qazanda`)."""
        number = self.months.get(token)
        if number is not None:
            return number
        for length in range(len(token), 4, -1):
            number = self.stems.get(token[:length])
            if number is not None:
                return number if len(token) - length <= 4 else None
        return None


@cache
def vocabulary(languages: tuple[str, ...]) -> Vocabulary:
    """The words of the given languages only, so `languages` limits the fast paths as it limits dateparser."""
    months: dict[str, int] = {}
    stems: dict[str, int] = {}
    ignorable: set[str] = set()
    days_back: dict[str, int] = {}
    unit_patterns: list[tuple[str, tuple[int, int]]] = []
    markers: list[str] = []
    ago_words: list[str] = []
    one_words: list[str] = []
    for lang in languages:
        if lang == "kk":
            stems.update(_KK_STEMS)
            months.update(_KK_STEMS)
            months.update(_KK_ABBREVIATIONS)
        table = {"ru": _RU_MONTHS, "en": _EN_MONTHS}.get(lang, {})
        for number, names in table.items():
            months.update(dict.fromkeys(names.split(), number))
        ignorable.update(_WEEKDAYS.get(lang, "").split())
        ignorable.update(_FILLERS.get(lang, "").split())
        days_back.update(_DAYS_BACK.get(lang, {}))
        unit_patterns.extend(_UNITS.get(lang, {}).items())
        markers.extend(_RELATIVE_MARKERS.get(lang, "").split())
        if lang in _AGO:
            ago_words.append(_AGO[lang])
            one_words.append(_ONE[lang])
    # One named group per unit, so `match.lastgroup` says which unit matched.
    units = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(unit_patterns)) or "(?!)"
    ago = re.compile(
        rf"(?P<n>\d+|{'|'.join(one_words) or '(?!)'})?\s*(?:{units})\.?\s+(?:{'|'.join(ago_words) or '(?!)'})"
    )
    return Vocabulary(
        months=months,
        stems=stems,
        ignorable=frozenset(ignorable),
        days_back=days_back,
        ago=ago,
        ago_units=tuple(unit for _, unit in unit_patterns),
        relative_marker=re.compile("|".join(markers) or "(?!)"),
    )
