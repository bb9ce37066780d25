"""Taking a rule's elements out of a parsed page for a while and putting them back exactly, so that the page
path can read a body (or locate one) without them and the verdict still reads the page as it came."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html

from newsbot.cleaning.css import select
from newsbot.pages.metadata import forget_meta_index

# What was taken out: (parent, position, element).
_Cut = tuple[lxml.html.HtmlElement, int, lxml.html.HtmlElement]


@contextmanager
def elements_cut_out(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> Iterator[None]:
    """Inside the block, the elements under `root` (not `root` itself) matching `selectors` are out of the tree."""
    cut: list[_Cut] = []
    for selector in selectors:
        for element in select(root, selector):
            parent = element.getparent()
            if element is not root and parent is not None:
                cut.append((parent, parent.index(element), element))
                parent.remove(element)  # lxml moves the tail text with the element, so putting back is exact
    if cut:
        forget_meta_index()  # <meta> read meanwhile is read from the tree without what was cut
    try:
        yield
    finally:
        for parent, position, element in reversed(cut):
            parent.insert(position, element)
        if cut:
            forget_meta_index()
