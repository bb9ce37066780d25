"""The generic path for pages without body selectors: find the article's container, cut it from the page.

Our own locator (`newsbot.pages.locate`: text density, one pass) names the container on clear pages; its
blocks that are mostly links (a "read also" list) go. When the locator is not sure, trafilatura finds the
article. trafilatura is good at *where* the article is and too eager *inside* it: it drops lists and other
blocks it finds too short (a list of export destinations, a table of figures). So its output is used as a
map: the blocks it kept are located in the page, and the page's own HTML from the first kept block to the
last is the body. Blocks it dropped inside that span come back unless they are mostly links; anything before
the first or after the last kept block stays out (precision first). Our structural and phrase cleaning then
runs on the result, as on every body.
"""

from __future__ import annotations

import copy

import lxml.html

from newsbot.cleaning.blockify import innermost
from newsbot.cleaning.text import BLOCK_TAGS, letters
from newsbot.pages.locate import locate
from newsbot.pages.rules import PageRules
from newsbot.pages.treecut import elements_cut_out

# Share of trafilatura's blocks that must be found in the page to trust the located span.
MIN_FOUND_SHARE = 0.6
# A block dropped inside the span comes back unless this share of its text sits in links.
MAX_LINK_SHARE = 0.5
_LEAF_TAGS = BLOCK_TAGS | {"td", "th"}
# The located span may restore what trafilatura dropped, but not grow far beyond what it kept.
MAX_GROWTH = 1.5
GROWTH_SLACK = 500


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _leaves(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Block elements without block children, in document order."""
    blocks = innermost([el for el in root.iter() if isinstance(el.tag, str) and el.tag in _LEAF_TAGS])
    return [el for el in blocks if _key(el.text_content())]


def trafilatura_html(tree: lxml.html.HtmlElement, url: str) -> str:
    import trafilatura  # imported here: only pages without body selectors need it

    extracted = trafilatura.extract(
        tree,  # trafilatura works on its own copy of a tree it is given
        url=url,
        output_format="html",
        include_comments=False,
        favor_precision=True,
        # Only its first pass: the comparison with its fallback extractors (readability, jusText) took a third
        # of its time and changed no span on the fixture pages; newsbot's cleaning runs on top anyway.
        fast=True,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    return extracted or ""


def _link_share(element: lxml.html.HtmlElement) -> float:
    text = len(_key(element.text_content()))
    linked = sum(len(_key(a.text_content())) for a in element.iter("a"))
    return linked / text if text else 0.0


def _common_ancestor(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement:
    paths = [[*reversed(list(el.iterancestors())), el] for el in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _trim(
    container: lxml.html.HtmlElement, first: lxml.html.HtmlElement, last: lxml.html.HtmlElement
) -> None:
    """Remove everything in `container` before `first` and after `last` (document order)."""
    for edge, siblings in ((first, "preceding"), (last, "following")):
        node = edge
        while node is not container:
            parent = node.getparent()
            others = list(node.itersiblings(preceding=siblings == "preceding"))
            for other in others:
                parent.remove(other)
            if siblings == "preceding":
                parent.text = None
            else:
                node.tail = None
            node = parent


def generic_body(root: lxml.html.HtmlElement, url: str, rules: PageRules) -> str:
    """The article's HTML from a page nobody wrote selectors for, or "" when none is found. `root` is left
    as it was (the verdict reads it after)."""
    with elements_cut_out(root, (*rules.title, *rules.date, *rules.drop)):
        body = root.find("body")
        located = locate(body if body is not None else root)
        # Copies: trafilatura copies what it is given anyway; only the container is edited here.
        if located is None:
            return _trafilatura_body(copy.deepcopy(root), url)
        container = copy.deepcopy(located.container)
    for leaf in _leaves(container):
        if _link_share(leaf) > MAX_LINK_SHARE and leaf.getparent() is not None:
            leaf.getparent().remove(leaf)
    return lxml.html.tostring(container, encoding="unicode", with_tail=False)


def _trafilatura_body(tree: lxml.html.HtmlElement, url: str) -> str:
    """The span of the page that trafilatura's kept blocks cover, for pages our locator is not sure of."""
    extracted = trafilatura_html(tree, url)
    if not extracted:
        return ""
    located = lxml.html.document_fromstring(extracted)  # parsed once: its blocks and its length
    kept = {_key(el.text_content()) for el in _leaves(located)}
    body = tree.find("body")
    leaves = _leaves(body if body is not None else tree)
    found = [el for el in leaves if _key(el.text_content()) in kept]
    if not kept or len({_key(el.text_content()) for el in found}) < MIN_FOUND_SHARE * len(kept):
        return extracted  # the page's text did not map back (trafilatura rewrote it): use its own output
    container = _common_ancestor(found)
    if container.tag in ("html",):
        container = body if body is not None else container
    _trim(container, found[0], found[-1])
    found_ids = {id(el) for el in found}
    for leaf in _leaves(container):
        if id(leaf) not in found_ids and _link_share(leaf) > MAX_LINK_SHARE and leaf.getparent() is not None:
            leaf.getparent().remove(leaf)
    if letters(container.text_content()) > MAX_GROWTH * letters(located.text_content()) + GROWTH_SLACK:
        return extracted  # the span swallowed much more than the article (kept blocks far apart): distrust it
    return lxml.html.tostring(container, encoding="unicode")
