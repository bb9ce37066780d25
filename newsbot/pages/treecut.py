"""Taking a rule's elements out of a parsed page for a while and putting them back exactly, so that the page
path can read a body (or locate one) without them and the verdict still reads the page as it came."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html

from newsbot.cleaning.css import select

# What was taken out: (parent, position, element).
_Cut = tuple[lxml.html.HtmlElement, int, lxml.html.HtmlElement]


@contextmanager
def elements_cut_out(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> Iterator[int]:
    """Inside the block, the elements under `root` (not `root` itself) matching `selectors` are out of the tree;
    the block gets how many were cut."""
    cut: list[_Cut] = []
    for selector in selectors:
        for element in select(root, selector):
            parent = element.getparent()
            if element is not root and parent is not None:
                cut.append((parent, parent.index(element), element))
                parent.remove(element)  # lxml moves the tail text with the element, so putting back is exact
    try:
        yield len(cut)
    finally:
        for parent, position, element in reversed(cut):
            parent.insert(position, element)
