"""Normalise a body tree into leaf blocks: loose text next to blocks is wrapped in <p>, so that every
piece of text belongs to exactly one block that the phrase rules can judge (and remove) as a whole.
"""

from __future__ import annotations

import lxml.html

from newsbot.cleaning.text import BLOCK_TAGS

# Blocks that may hold loose text next to other blocks; such text is wrapped in <p> to become a line.
_CONTAINERS = {"div", "section", "article", "main", "body", "blockquote", "td", "th", "li", "figure", "dd"}
# Elements that are content without text.
KEEP_EMPTY = {"img", "table", "hr", "picture", "video", "audio"}

# Table cells are lines of their own here (old table layouts put menus in cells), though the plain text
# joins a row's cells on one line.
_UNIT_TAGS = BLOCK_TAGS | {"td", "th"}


def is_block(element: object) -> bool:
    return isinstance(getattr(element, "tag", None), str) and element.tag in _UNIT_TAGS  # type: ignore[union-attr]


def innermost(blocks: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The blocks (document order kept) with no other block of the list inside them. Give every block of a
    subtree. One walk up from each block, where testing each block's descendants was quadratic."""
    above: set[lxml.html.HtmlElement] = set()  # the set keeps the proxies alive, so identity holds
    for block in blocks:
        for ancestor in block.iterancestors():
            if ancestor in above:
                break  # and so are all of its ancestors
            above.add(ancestor)
    return [block for block in blocks if block not in above]


def _wrap_loose_text(element: lxml.html.HtmlElement, *, force: bool) -> None:
    """Wrap runs of loose text and inline children into <p> where they sit next to block children."""
    children = list(element)
    if not force and not any(is_block(child) for child in children):
        return
    items: list[str | lxml.html.HtmlElement] = [element.text] if element.text else []
    for child in children:
        tail, child.tail = child.tail, None
        items.append(child)
        if tail:
            items.append(tail)
        element.remove(child)
    element.text = None
    run: list[str | lxml.html.HtmlElement] = []
    for item in items:
        if not isinstance(item, str) and is_block(item):
            _flush_run(element, run)
            element.append(item)
        else:
            run.append(item)
    _flush_run(element, run)


def _flush_run(parent: lxml.html.HtmlElement, run: list[str | lxml.html.HtmlElement]) -> None:
    """Append the pending inline run to `parent` as one <p>, unless it is only whitespace."""
    has_text = any(isinstance(i, str) and i.strip() for i in run)
    has_content = has_text or any(
        not isinstance(i, str) and ("".join(i.itertext()).strip() or i.tag in KEEP_EMPTY
                                    or i.find(".//img") is not None)
        for i in run
    )
    if has_content:
        paragraph = lxml.html.Element("p")
        for item in run:
            if isinstance(item, str):
                _append_text(paragraph, item)
            else:
                paragraph.append(item)
        parent.append(paragraph)
    run.clear()


def _append_text(parent: lxml.html.HtmlElement, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def normalize_blocks(container: lxml.html.HtmlElement) -> None:
    _wrap_loose_text(container, force=True)
    for element in list(container.iterdescendants()):
        if isinstance(element.tag, str) and element.tag in _CONTAINERS:
            _wrap_loose_text(element, force=False)


