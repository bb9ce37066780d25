"""HTML to plain text: one paragraph per block element, paragraphs separated by one blank line."""

from __future__ import annotations

import html as html_lib
import re

import lxml.html

BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "tr",
    "figure", "figcaption", "hr", "dl", "dt", "dd", "caption", "thead", "tbody", "tfoot", "section",
    "article", "main",
}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r" *\n *")


# A sentence ends at . ! ? (or a closing quote after one) followed by a capital letter or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\")]?\s+(?=[«\"(A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")


# Where str.split() and _SPACES disagree: line breaks and separators split() breaks at but squash keeps, and the
# zero-width space squash treats as a space. Text without any of them (most lines) is squashed by split().
_NOT_PLAIN_SPACES = ("\n", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u1680", "\u2028", "\u2029", "\u200b")


def squash(text: str) -> str:
    """Runs of spaces to one space, spaces around line breaks away, ends stripped."""
    if not any(char in text for char in _NOT_PLAIN_SPACES):
        return " ".join(text.split())
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


_squash = squash


def letters(text: str) -> int:
    """How many letters (str.isalpha) the text holds; `map` keeps the loop in C."""
    return sum(map(str.isalpha, text))


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


_SOURCE_BREAKS = re.compile(r"[\r\n]+")


def _source_text(text: str, pre: bool) -> str:
    """Line breaks in the HTML source are spaces; only <br> and blocks break lines (except in <pre>)."""
    return text if pre else _SOURCE_BREAKS.sub(" ", text)


def _walk(element: lxml.html.HtmlElement, blocks: list[str], current: list[str], pre: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    is_block = tag in BLOCK_TAGS
    pre = pre or tag == "pre"
    if is_block:
        _flush(blocks, current)
    if tag == "br":
        current.append("\n")
    elif tag in ("td", "th"):
        current.append(" ")
    if element.text:
        current.append(_source_text(element.text, pre))
    for child in element:
        _walk(child, blocks, current, pre)
        if child.tail:
            current.append(_source_text(child.tail, pre))
    if is_block:
        _flush(blocks, current)


_BLANK_LINES = re.compile(r"\n{2,}")


def _flush(blocks: list[str], current: list[str]) -> None:
    # A blank line inside a block (`<br><br>` in old CMSs) separates paragraphs, as between blocks.
    text = _squash("".join(current))
    blocks.extend(part.strip() for part in _BLANK_LINES.split(text) if part.strip())
    current.clear()


def html_to_text(html: str) -> str:
    if not html.strip():
        return ""
    container = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[str] = []
    current: list[str] = []
    _walk(container, blocks, current)
    _flush(blocks, current)
    return "\n\n".join(blocks)


def normalize_title(title: str | None) -> str:
    """Titles arrive with entities, tags and runs of spaces from some APIs."""
    if not title:
        return ""
    if "<" in title:
        title = lxml.html.fragment_fromstring(title, create_parent="div").text_content()
    return _squash(html_lib.unescape(title)).replace("\n", " ")
