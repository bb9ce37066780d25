"""Page bytes to text: declarations are checked, wrong ones overruled, missing ones detected."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsbot.pages.encoding import decode_html
from newsbot.pages.html_article import extract_article

TEXT = "Министерство иностранных дел сообщает о консультациях. Стороны обсудили вопросы сотрудничества."
KAZAKH = "Сыртқы істер министрлігі мен әріптестері арасында консультациялар өтті, деп хабарлайды агенттік."


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "header", "meta"),
    [
        ("cp1251", None, '<meta charset="windows-1251">'),
        ("cp1251", "utf-8", ""),  # the server says utf-8 over windows-1251 bytes
        ("cp1251", "utf-8", '<meta charset="utf-8">'),
        ("cp1251", None, ""),
        ("koi8-r", None, ""),
        ("koi8-r", "windows-1251", ""),  # a wrong single-byte declaration swaps upper and lower case
        ("utf-8", "windows-1251", ""),  # utf-8 bytes under a windows-1251 header would be mojibake
        ("utf-8", None, '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'),
        ("utf-8", None, ""),
    ],
)
def test_cyrillic_decodes_right(encoding: str, header: str | None, meta: str) -> None:
    body = page(TEXT, meta).encode(encoding)
    assert TEXT in decode_html(body, header).text


def test_kazakh_utf8_with_wrong_header() -> None:
    body = page(KAZAKH).encode("utf-8")
    assert KAZAKH in decode_html(body, "windows-1251").text


def test_bom_wins() -> None:
    body = b"\xef\xbb\xbf" + page(TEXT).encode("utf-8")
    decoded = decode_html(body, "windows-1251")
    assert decoded.how == "bom"
    assert TEXT in decoded.text


def test_declared_and_plausible_is_kept() -> None:
    decoded = decode_html(page(TEXT, '<meta charset="windows-1251">').encode("cp1251"))
    assert (decoded.encoding, decoded.how) == ("cp1251", "meta")


def test_mfa_gov_by_fixture_with_a_lying_header() -> None:
    fixture = Path(__file__).parent / "fixtures" / "pages" / "mfagovby" / "ru_news_cp1251.html"
    body = fixture.read_bytes()
    assert "консультациях".encode("cp1251") in body  # the fixture really is windows-1251 bytes
    article = extract_article(
        body,
        url="https://mfa.gov.by/press/news_mfa/c1a2b3d4e5f60718.html",
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        headers_encoding="utf-8",
    )
    assert article.title == "О консультациях между МИД Беларуси и Казахстана"
    assert "Главным информационно-аналитическим управлением" in article.text


@pytest.mark.parametrize(
    "header", ["text/html; charset=windows-1251", "windows-1251", "CP1251", "bogus-charset"]
)
def test_header_may_be_a_label_or_a_content_type(header: str) -> None:
    assert TEXT in decode_html(page(TEXT).encode("cp1251"), header).text


def _mojibake_samples() -> list[str]:
    """Fixture texts as they are and garbled the usual ways, whole and line by line, and random short strings
    of every character class ftfy's badness regex knows, next to Cyrillic and ASCII."""
    import random

    from ftfy.badness import MOJIBAKE_CATEGORIES

    fixtures = Path(__file__).parent / "fixtures"
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in sorted(fixtures.rglob("*.html"))]
    garbled = [
        text.encode("utf-8").decode(wrong, errors="replace")
        for text in texts[:12]
        for wrong in ("cp1251", "latin-1", "cp1252", "mac_roman", "cp1253", "cp1257")
    ]
    lines = [line for text in texts + garbled for line in text.splitlines()]
    classes = "".join(MOJIBAKE_CATEGORIES.values())
    pool = "".join(  # the class fragments with their ranges (`À-Ñ`) spelt out
        "".join(map(chr, range(ord(classes[i - 1]), ord(classes[i + 1]) + 1))) if char == "-" else char
        for i, char in enumerate(classes)
    ) + "ВГРСЂўвΒΓΞΟβā€√≈‚ ÃÂ абвгдеёжзқәңAZaz .,!?\n\t"
    rng = random.Random(8)
    randoms = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    # Matches that start well before their only unusual character (ftfy's longest pattern is 7 characters).
    longest = ["ГўВЂВ.a", "текст ГўВЂВ a текст"]
    return texts + garbled + lines + randoms + longest


def test_the_quick_mojibake_check_answers_as_ftfy_does() -> None:
    import ftfy

    from newsbot.pages.encoding import is_bad

    samples = _mojibake_samples()
    assert sum(ftfy.is_bad(text) for text in samples) > 1000  # the samples do hold mojibake
    assert [is_bad(text) for text in samples] == [ftfy.is_bad(text) for text in samples]


def test_control_characters_go_as_one_pattern_took_them() -> None:
    """without_controls scans for raw controls and for references apart; it must answer as the one alternation did."""
    import random
    import re

    from newsbot.pages.encoding import without_controls

    one_pattern = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
                             r"|&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));")
    pieces = ["&#", "&#x", "&#X", "1", "0", "9", "12", "31", "32", "b", "1f", ";", "\x0c", "\x00", "\t", "\n", "\ufffe",
              "a", " ", "&", "#", "<p>", "д"]
    rng = random.Random(7)
    samples = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))) for _ in range(5000)]
    assert sum(bool(one_pattern.search(text)) for text in samples) > 1000
    assert [without_controls(text) for text in samples] == [one_pattern.sub(" ", text) for text in samples]


def test_cyrillic_letters_are_found_as_a_search_for_them_finds_them() -> None:
    import random
    import re

    from newsbot.pages.encoding import _cyrillic_only

    letters = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x400, 0x500) if chr(c).isalpha()) + "]+")
    pieces = ["<p>", "a", "Қазақстан", "Москва", "ё", "Ё", "\u0482", "\u0483", "é", "—", "‘", " ", "\ud800", "€", "ԁ"]
    rng = random.Random(11)
    samples = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25))) for _ in range(3000)]
    assert sum(bool(letters.search(text)) for text in samples) > 1000
    assert [_cyrillic_only(text) for text in samples] == ["".join(letters.findall(text)) for text in samples]
