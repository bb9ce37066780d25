"""Textual cleaning on block level: the phrase catalogue applied to the element tree, so that both the
stored HTML and the plain text lose the same chrome lines.

A *line* is the text of a leaf block element (p, li, h2, figcaption, ...) or one `<br>`-separated part of
it. Lines are judged whole, by position:
- anywhere: a line that is a chrome phrase on its own (`Басты`, `captcha`, `USD - 447.75`, a comment notice);
- credit: a whole-line photo credit, removed and kept as `image_credit`;
- edge: a phrase that is chrome only in the leading or trailing run of the body (breadcrumb trails, a date
  line with a view counter, a cut-off menu word such as `Жаңала`);
- cutoff: a heading (`Басқа жаңалықтар`, `Читайте также`) after which everything is chrome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html

from newsbot.cleaning.blockify import KEEP_EMPTY, innermost, is_block, normalize_blocks
from newsbot.cleaning.phrases import Catalogue, normalize
from newsbot.cleaning.structure import remove_keeping_tail
from newsbot.cleaning.text import letters, split_sentences, squash

# A cut-off heading needs some article before it; one near the top is a menu or a teaser, not the end.
MIN_LETTERS_BEFORE_CUT = 40
# A line with more than this share of its text in links is a teaser link (of a related-news box).
LINK_LINE_SHARE = 0.5
# ... or a headline: short, with no sentence end. A box holds a few of them.
MAX_TEASER_CHARS = 160
MAX_BOX_LINES = 6
# Two paragraphs of prose (sentences, not links) after a cut-off heading and its teasers: the article goes on.
MIN_PROSE_CHARS = 80
MIN_PROSE_AFTER_BOX = 2


@dataclass
class _Line:
    unit: lxml.html.HtmlElement
    index: int
    text: str
    pieces: list[str]
    rule: str | None = None  # why it goes; None keeps it
    key: str = field(init=False)  # the text as the catalogue compares it, normalised once

    def __post_init__(self) -> None:
        self.key = normalize(self.text)


@dataclass
class PhraseResult:
    removed: list[tuple[str, str]] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source: str | None = None


def leaf_blocks(container: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Leaf blocks in document order."""
    return innermost([element for element in container.iterdescendants() if is_block(element)])


def _lines(unit: lxml.html.HtmlElement) -> list[_Line]:
    segments: list[list[str]] = [[]]
    texts: list[list[str]] = [[]]
    if unit.text:
        segments[-1].append(_escape(unit.text))
        texts[-1].append(unit.text)
    for child in unit:
        if child.tag == "br":
            segments.append([])
            texts.append([])
            if child.tail:
                segments[-1].append(_escape(child.tail))
                texts[-1].append(child.tail)
            continue
        segments[-1].append(lxml.html.tostring(child, encoding="unicode", with_tail=True))
        texts[-1].append("".join(child.itertext()) + (child.tail or ""))
    return [_Line(unit, i, " ".join("".join(texts[i]).split()), segments[i]) for i in range(len(segments))]



def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _all_words_chrome(text: str, catalogue: Catalogue) -> bool:
    """`captcha Жаңала`: a trailing line made only of chrome words and a cut-off menu word."""
    words = text.split()
    return len(words) > 1 and all(
        catalogue.match_anywhere(w) or catalogue.match_menu_fragment(w) for w in words
    )


def apply_phrase_rules(container: lxml.html.HtmlElement, catalogue: Catalogue) -> PhraseResult:
    result = PhraseResult()
    normalize_blocks(container)
    units = leaf_blocks(container)
    _cut_off(container, units, catalogue, result)
    units = [u for u in units if _attached(u, container)]
    lines = [line for unit in units for line in _lines(unit)]
    for line in lines:
        if not line.text:
            continue
        if credit := catalogue.match_credit(line.text):
            line.rule = credit[0]
            result.credits.append(credit[1])
        elif rule := catalogue.anywhere_rule(line.key):
            line.rule = rule
    _mark_edges(lines, catalogue, leading=True)
    _mark_edges(lines, catalogue, leading=False)
    for line in lines:
        if line.rule:
            result.removed.append((line.rule, line.text))
    _rebuild(units, lines)
    prune_empty(container)
    for line in lines:
        if line.rule is None and line.text and result.source is None:
            for sentence in split_sentences(line.text):
                if source := catalogue.find_source(sentence):
                    result.source = source
                    break
    return result


def _cut_off(
    container: lxml.html.HtmlElement, units: list[lxml.html.HtmlElement], catalogue: Catalogue,
    result: PhraseResult,
) -> None:
    texts = [squash("".join(unit.itertext())) for unit in units]
    letters_before = 0
    for index, (unit, text) in enumerate(zip(units, texts, strict=True)):
        if not text:
            continue
        if letters_before >= MIN_LETTERS_BEFORE_CUT and (rule := catalogue.match_cutoff(text)):
            if _prose_follows(units[index + 1 :]):
                # Paragraphs of prose after a "Related" heading and its teasers: a box inside the article, not
                # its end. The heading and the teaser lines right after it go; the article after them stays.
                dropped = [text]
                for box in units[index + 1 : index + 1 + MAX_BOX_LINES]:
                    if not _teaser(box):
                        break
                    dropped.append(squash("".join(box.itertext())))
                    drop_element(box)
                drop_element(unit)
                result.removed.append((f"box:{rule}", " | ".join(dropped)[:200]))
                return
            dropped = _remove_from(unit, container)
            result.removed.append((f"cutoff:{rule}", " | ".join(dropped)[:200]))
            return
        if letters_before < MIN_LETTERS_BEFORE_CUT:  # only the threshold matters: no need to count past it
            letters_before += letters(text)


def _prose_follows(units: list[lxml.html.HtmlElement]) -> bool:
    """Past the teaser lines that follow a cut-off heading, paragraphs of prose: the article goes on."""
    rest = list(units)
    while rest and _teaser(rest[0]):
        rest.pop(0)
    prose = [text for unit in rest if len(text := squash("".join(unit.itertext()))) >= MIN_PROSE_CHARS
             and text[-1] in ".!?…»\"”" and not _teaser(unit)]
    return len(prose) >= MIN_PROSE_AFTER_BOX


def _teaser(unit: lxml.html.HtmlElement) -> bool:
    """A related item's line: mostly link text, or a short headline without a sentence's closing mark (the
    links are gone when trafilatura extracted the body)."""
    text = squash("".join(unit.itertext()))
    if not text:
        return False
    linked = sum(len(squash("".join(a.itertext()))) for a in unit.iter("a"))
    return linked > LINK_LINE_SHARE * len(text) or (len(text) <= MAX_TEASER_CHARS and text[-1] not in ".!?…:;»\"”")


def _remove_from(start: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> list[str]:
    """Remove `start` and everything after it in document order, up to the end of `container`."""
    dropped = [squash("".join(start.itertext()))]
    node = start
    while node is not container:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            if text := squash("".join(sibling.itertext())):
                dropped.append(text)
            parent.remove(sibling)
        node.tail = None
        node = parent
    start.getparent().remove(start)
    return dropped


def _attached(element: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _mark_edges(lines: list[_Line], catalogue: Catalogue, *, leading: bool) -> None:
    ordered = lines if leading else list(reversed(lines))
    for line in ordered:
        if not line.text or line.rule:
            continue
        # A cut-off heading that did not cut (nothing before it) is still chrome at the edges.
        rule = catalogue.edge_rule(line.key) or catalogue.cutoff_rule(line.key)
        if rule is None and not leading:
            # Only the trailing run is reached here: a cut-off menu word at the very end of the page.
            rule = catalogue.menu_fragment_rule(line.key)
            if rule is None and _all_words_chrome(line.text, catalogue):
                rule = "trailing:chrome-words"
        if rule is None:
            return
        line.rule = rule


def _rebuild(units: list[lxml.html.HtmlElement], lines: list[_Line]) -> None:
    by_unit: dict[int, list[_Line]] = {}
    for line in lines:
        by_unit.setdefault(id(line.unit), []).append(line)
    for unit in units:
        unit_lines = by_unit.get(id(unit), [])
        if not any(line.rule for line in unit_lines):
            continue
        # Empty lines stay between kept ones: `<br><br>` is how old CMSs separate paragraphs.
        kept = [line for line in unit_lines if line.rule is None]
        while kept and not (kept[0].text or _has_media(kept[0])):
            kept.pop(0)
        while kept and not (kept[-1].text or _has_media(kept[-1])):
            kept.pop()
        if not kept:
            drop_element(unit)
            continue
        html = "<br>".join("".join(line.pieces) for line in kept)
        wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
        for child in list(unit):
            unit.remove(child)
        unit.text = wrapper.text
        for child in list(wrapper):
            unit.append(child)


def _has_media(line: _Line) -> bool:
    return any("<img" in piece for piece in line.pieces)


def drop_element(element: lxml.html.HtmlElement) -> None:
    # Text after a dropped block (loose text in the container) belongs to the article, not to the block.
    remove_keeping_tail(element)


def prune_empty(container: lxml.html.HtmlElement) -> None:
    """Blocks left without text or media after removals (a related-posts wrapper, an empty list)."""
    for element in reversed(list(container.iterdescendants())):
        if not is_block(element) or element.tag == "hr":
            continue
        if "".join(element.itertext()).strip():
            continue
        if any(isinstance(d.tag, str) and d.tag in KEEP_EMPTY for d in element.iter()):
            continue
        remove_keeping_tail(element)
