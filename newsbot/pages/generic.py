"""The generic path for pages without body selectors: find the article, take it out of the page.

Measured on real pages of sites nobody here wrote (bench/text_real.py), trafilatura with its defaults finds
the article better than anything cheaper: our density locator (`newsbot.pages.locate`), trafilatura in its
precision-first fast mode, and the page's own span between trafilatura's first and last kept blocks all
scored lower (the span brought back share bars, captions and teasers that sit between article blocks). So
trafilatura's extraction is the body, with one repair: it drops lists and tables of short items from inside
an article (a list of export destinations, a table of figures); such a list or table of the page whose nearest
blocks on both sides are both in trafilatura's output goes back in. When trafilatura finds nothing, our locator's
container (its link lists removed) is the candidate. Our structural and phrase cleaning then runs on the result,
as on every body.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml import etree

from newsbot.cleaning.blockify import innermost
from newsbot.cleaning.text import BLOCK_TAGS
from newsbot.pages.locate import locate
from newsbot.pages.rules import PageRules
from newsbot.pages.treecut import elements_cut_out

# A block with more than this share of its text in links is navigation (dropped from the locator's container,
# never put back into trafilatura's output).
MAX_LINK_SHARE = 0.5
_LEAF_TAGS = BLOCK_TAGS | {"td", "th"}
_WORD = re.compile(r"\w+")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _leaves(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Block elements without block children, in document order."""
    blocks = innermost([el for el in root.iter() if isinstance(el.tag, str) and el.tag in _LEAF_TAGS])
    return [el for el in blocks if _key(el.text_content())]


def trafilatura_html(tree: lxml.html.HtmlElement, url: str) -> str:
    # Imported here: only pages without body selectors need trafilatura.
    from trafilatura import bare_extraction
    from trafilatura.core import determine_returnstring
    from trafilatura.settings import Extractor

    options = Extractor(
        output_format="html", comments=False, tables=True, images=False, links=False, with_metadata=False, url=url
    )
    # A copy without comments and processing instructions, as trafilatura's own parser reads a page: on a tree
    # with them an empty `<!-- -->` inside a paragraph (React writes them) loses the text after it (a quarter of
    # AP's). Handing it the tree, not our markup to parse again, and serialising its result ourselves, skips a
    # parse and the document fingerprint extract() computes for every page (a sixth of trafilatura's time here,
    # the same output on all 281 pages of bench/text_real.py).
    page = copy.deepcopy(tree)
    etree.strip_tags(page, etree.Comment, etree.PI)
    document = bare_extraction(page, options=options)
    return determine_returnstring(document, options) if document is not None else ""


def _link_share(element: lxml.html.HtmlElement) -> float:
    text = len(_key(element.text_content()))
    linked = sum(len(_key(a.text_content())) for a in element.iter("a"))
    return linked / text if text else 0.0


def generic_body(root: lxml.html.HtmlElement, url: str, rules: PageRules) -> str:
    """The article's HTML from a page nobody wrote selectors for, or "" when none is found. `root` is left
    as it was (the verdict reads it after)."""
    with elements_cut_out(root, (*rules.title, *rules.date, *rules.drop)):
        body = root.find("body")
        theirs = _with_dropped_lists(trafilatura_html(root, url), root)
        if theirs.strip():
            return theirs
        located = locate(body if body is not None else root)
        return _locator_body(copy.deepcopy(located.container)) if located is not None else ""


def _locator_body(container: lxml.html.HtmlElement) -> str:
    for leaf in _leaves(container):
        if _link_share(leaf) > MAX_LINK_SHARE and leaf.getparent() is not None:
            leaf.getparent().remove(leaf)
    return lxml.html.tostring(container, encoding="unicode", with_tail=False)


_LISTS = ("ul", "ol", "table", "dl")


def _word_key(element: lxml.html.HtmlElement) -> str:
    """Its words, cells and items apart however the markup spaces them."""
    return " ".join(_WORD.findall(" ".join(element.itertext()).casefold()))


def _neighbour(element: lxml.html.HtmlElement, *, before: bool) -> lxml.html.HtmlElement | None:
    for sibling in element.itersiblings(preceding=before):
        if isinstance(sibling.tag, str) and sibling.text_content().strip() and _link_share(sibling) <= MAX_LINK_SHARE:
            return sibling
    return None


def _with_dropped_lists(extracted: str, page: lxml.html.HtmlElement) -> str:
    """trafilatura drops lists and tables of short items (export destinations, a table of figures) from
    inside an article. A list or table of the page whose nearest blocks on both sides (link blocks aside) are
    both in its output is part of that article: it goes back in, after its preceding block. Nothing else comes back."""
    if not extracted:
        return extracted
    out = lxml.html.document_fromstring(extracted)
    kept = {_word_key(el): el for el in _leaves(out)}
    present = _word_key(out)
    restored = False
    for element in page.iter(*_LISTS):
        if any(ancestor.tag in _LISTS for ancestor in element.iterancestors()):
            continue
        key = _word_key(element)
        if not key or key in present or _link_share(element) > MAX_LINK_SHARE:
            continue
        before, after = _neighbour(element, before=True), _neighbour(element, before=False)
        if before is None or after is None:
            continue
        anchor = kept.get(_word_key(before))
        if anchor is None or _word_key(after) not in present:
            continue
        restored_copy = copy.deepcopy(element)
        restored_copy.tail = None
        anchor.addnext(restored_copy)
        restored = True
    if not restored:
        return extracted
    return lxml.html.tostring(out, encoding="unicode")


