"""Bytes of a saved or fetched page to text: BOM, HTTP header, <meta>, then detection, each checked.

A declaration is trusted only when the text it gives is plausible: strict decoding succeeds, and Cyrillic
text is not mojibake. Servers do say utf-8 over windows-1251 bytes (mfa.gov.by-style pages), and
windows-1251 vs koi8-r swap upper and lower case, which is what `_lowercase_share` catches. KZ-1048 (the
Kazakh code page) shares windows-1251's Russian letters and puts Kazakh ones where windows-1251 has
Serbian and Macedonian letters (қ at ќ, ә at ј, ң at ѕ): `_foreign_share` catches that reading.

Mojibake already at the source (UTF-8 that someone read as windows-1251 or latin-1 and saved again,
"РљР°Р·Р°С…СЃС‚Р°РЅ") is repaired line by line with ftfy, and the page says it was (`DecodedPage.repaired`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

import ftfy
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

# Single-byte Cyrillic encodings worth trying when nothing declared works.
CYRILLIC_FALLBACKS = ("cp1251", "kz1048", "koi8_r", "koi8_u", "mac_cyrillic", "cp866")
# Serbian and Macedonian letters: where windows-1251 has them, KZ-1048 has Kazakh ones. Our sites write
# Kazakh and Russian, so a reading full of them is the wrong code page.
_FOREIGN_CYRILLIC = frozenset("ЂђЃѓЉљЊњЌќЋћЏџЈјЅѕ")
MAX_FOREIGN_SHARE = 0.01
# In real Kazakh/Russian prose most Cyrillic letters are lowercase; a swapped code page inverts that.
MIN_LOWERCASE_SHARE = 0.6
MIN_LETTERS_TO_JUDGE = 20


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    # Where the encoding came from: "bom", "header", "meta", "default", "utf-8", "detected".
    how: str
    # Mojibake at the source was repaired (some lines were UTF-8 read with a wrong code page and saved).
    repaired: bool = False


def _canonical(name: str | None) -> str | None:
    """A codec name for a charset label, or for a whole Content-Type value ("text/html; charset=...")."""
    if not name:
        return None
    if "charset=" in name.lower():
        name = http_content_type_encoding(name)
        if not name:
            return None
    resolved = resolve_encoding(name.strip().strip("\"'"))
    if resolved is None:
        return None
    return codecs.lookup(resolved).name


def _runs_of(test: Callable[[str], bool], *, negated: bool = False) -> re.Pattern[str]:
    """Runs of the Cyrillic block's characters that pass `test` (negated: runs of any other character)."""
    chars = "".join(re.escape(chr(c)) for c in range(0x400, 0x500) if test(chr(c)))
    return re.compile(("[^" if negated else "[") + chars + "]+")


# Counting runs with a regex works in C (a Python loop over every character took a tenth of the page path).
# Every Cyrillic letter is either upper or lower case, so the lower case ones are the rest.
_CYRILLIC_UPPER = _runs_of(lambda c: c.isalpha() and c.isupper())


_FOREIGN = re.compile("[" + "".join(sorted(_FOREIGN_CYRILLIC)) + "]")


# Everything but the Cyrillic letters, in runs: deleting them is one pass that mostly stays inside long runs of
# markup, where finding the letters stops at every character (5 ms against 2 on a 250 KB page).
_NOT_CYRILLIC_LETTERS = _runs_of(str.isalpha, negated=True)
# UTF-8 lead bytes of U+0400-U+04FF: a page without any of them holds no Cyrillic letter.
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")


def _cyrillic_only(text: str) -> str:
    """The text's Cyrillic letters, nothing else: a page's markup is mostly ASCII, so the share checks below
    run on a string a fraction of the page's length. A page without Cyrillic is told by its UTF-8 bytes (a
    byte search, ten times faster than any regex pass)."""
    if text.isascii():
        return ""
    data = text.encode("utf-8", "surrogatepass")
    if not any(lead in data for lead in _CYRILLIC_LEADS):
        return ""
    return _NOT_CYRILLIC_LETTERS.sub("", text)


def _lowercase_share(letters: str) -> float | None:
    """Share of lower-case letters among a text's Cyrillic letters (`_cyrillic_only`); None when too few."""
    if len(letters) < MIN_LETTERS_TO_JUDGE:
        return None
    return (len(letters) - sum(map(len, _CYRILLIC_UPPER.findall(letters)))) / len(letters)


def _foreign_share(letters: str) -> float:
    """Share of Cyrillic letters (`_cyrillic_only`) that are Serbian/Macedonian-only: a Kazakh page read as
    windows-1251."""
    return len(_FOREIGN.findall(letters)) / len(letters) if letters else 0.0


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_valid_utf8_with_high_bytes(body: bytes) -> bool:
    return not body.isascii() and _strict(body, "utf-8") is not None


def plausible(text: str, body: bytes, encoding: str) -> bool:
    """Text decoded with `encoding` looks like what the page author wrote."""
    if encoding != "utf-8" and _is_valid_utf8_with_high_bytes(body):
        # Non-ASCII bytes that happen to be valid UTF-8 are UTF-8 in practice; a single-byte reading of
        # them is mojibake ("РљР°Р·Р°С…").
        return False
    letters = _cyrillic_only(text)
    if _foreign_share(letters) > MAX_FOREIGN_SHARE:
        return False
    share = _lowercase_share(letters)
    return share is None or share >= MIN_LOWERCASE_SHARE


# ftfy.is_bad tries its badness regex at every position of the text: 2 ms on a 20 KB page, as much as the rest
# of a theme page's path. Every match of that regex (ftfy 6, ftfy/badness.py) holds at least one character of
# these classes (all but the "common" letters, plus the Ђ of `вЂ`) and is at most 7 characters long, so the
# regex only needs to run around them. tests/test_pages_html_encoding.py checks this against ftfy.is_bad.
_COMMON_CATEGORIES = ("common", "lower_common", "upper_common")
_TRIGGERS = re.compile(
    "["
    + "".join(chars for name, chars in MOJIBAKE_CATEGORIES.items() if name not in _COMMON_CATEGORIES)
    + "Ђ]"
)
_LONGEST_MATCH = 7


def is_bad(text: str) -> bool:
    """ftfy.is_bad(text), with its regex run only where a match could be."""
    for trigger in _TRIGGERS.finditer(text):
        start = max(0, trigger.start() - _LONGEST_MATCH + 1)
        if BADNESS_RE.search(text, start, trigger.end() + _LONGEST_MATCH - 1):
            return True
    return False


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Lines that ftfy judges to be mojibake, repaired; the rest untouched. True when something changed."""
    if not is_bad(text):
        return text, False
    lines = text.splitlines(keepends=True)
    fixed = [ftfy.fix_encoding(line) if is_bad(line) else line for line in lines]
    repaired = "".join(fixed)
    return repaired, repaired != text


def still_mojibake(text: str) -> bool:
    """Text that still looks like mojibake after repair (bytes were lost, or it was garbled twice)."""
    return is_bad(text)


# C0 control characters other than tab, line feed and carriage return, raw or as character references (`&#12;`,
# `&#x1;`): libxml2 keeps them in the tree, but lxml refuses them when text is moved between elements, which
# would lose the article. A browser shows nothing for them; a space keeps the words apart. Two patterns, not one
# alternation: a class alone and a pattern starting with `&#` are each scanned in C, while the alternation was
# tried at every position (4 ms on a 200 KB page, twice per page). Neither can make or hide a match of the other.
_CONTROL_CHARACTERS = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))
_RAW_CONTROLS = re.compile("[" + re.escape("".join(_CONTROL_CHARACTERS)) + "]")
_CONTROL_REFERENCES = re.compile(r"&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));")


def without_controls(text: str) -> str:
    """Markup without the control characters lxml refuses (before it is parsed). Looking for each character
    with `in` (a memchr-like scan) is three times faster than the class's regex scan."""
    if any(character in text for character in _CONTROL_CHARACTERS):
        text = _RAW_CONTROLS.sub(" ", text)
    if "&#" in text and _CONTROL_REFERENCES.search(text):
        text = _CONTROL_REFERENCES.sub(" ", text)
    return text


# `</body>` or `</html>` with more than white space or comments after it: a browser shows what follows inside the
# body (HTML5 "after body" mode), libxml2 drops it. API bodies often hold a whole document with more text after it.
_END_TAG = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_TRAILER = re.compile(r"(?:\s|<!--.*?-->|</(?:body|html)\s*>)*\Z", re.IGNORECASE | re.DOTALL)


def parseable(text: str) -> str:
    """Markup as libxml2 should read it to see what a browser shows: no control characters, and no end of body or
    document before content that follows it (libxml2 closes them at the end instead)."""
    text = without_controls(text)
    end = _END_TAG.search(text)
    if end is None or _TRAILER.match(text, end.start()):
        return text
    return text[: end.start()] + _END_TAG.sub("", text[end.start() :])


def decode_html(
    body: bytes, header_encoding: str | None = None, *, default: str | None = None
) -> DecodedPage:
    """Decode page bytes; `default` is the site's usual charset, tried after the declarations."""
    page = _decode(body, header_encoding, default)
    text, repaired = repair_mojibake(page.text)
    return DecodedPage(without_controls(text), page.encoding, page.how, repaired)


def _decode(body: bytes, header_encoding: str | None, default: str | None) -> DecodedPage:
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        encoding = codecs.lookup(bom_encoding).name
        return DecodedPage(body[len(bom) :].decode(encoding, errors="replace"), encoding, "bom")
    declared = (
        ("header", _canonical(header_encoding)),
        ("meta", _canonical(html_body_declared_encoding(body))),
        ("default", _canonical(default)),
    )
    for how, encoding in declared:
        if encoding and (text := _strict(body, encoding)) is not None and plausible(text, body, encoding):
            return DecodedPage(text, encoding, how)
    if (text := _strict(body, "utf-8")) is not None:
        return DecodedPage(text, "utf-8", "utf-8")
    return _detect(body)


def _letter_share(text: str) -> float:
    """Share of non-ASCII characters that are letters: mojibake is full of symbols (€, —, ћ next to №)."""
    high = [c for c in text if ord(c) > 127]
    return sum(c.isalpha() for c in high) / len(high) if high else 0.0


def _detect(body: bytes) -> DecodedPage:
    best: tuple[float, str, str] | None = None
    for encoding in CYRILLIC_FALLBACKS:
        text = _strict(body, encoding)
        if text is None:
            continue
        letters = _cyrillic_only(text)  # once per reading, for both shares
        share = _lowercase_share(letters)
        if share is None or share < MIN_LOWERCASE_SHARE:
            continue
        score = share * _letter_share(text) * (1 - _foreign_share(letters))
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is not None:
        return DecodedPage(best[2], codecs.lookup(best[1]).name, "detected")
    from charset_normalizer import from_bytes  # only for pages that are neither UTF-8 nor Cyrillic

    match = from_bytes(body).best()
    if match is not None and match.encoding:
        return DecodedPage(str(match), codecs.lookup(match.encoding).name, "detected")
    return DecodedPage(body.decode("cp1252", errors="replace"), "cp1252", "detected")
