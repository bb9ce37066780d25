"""The stored HTML keeps structure and links' text, and nothing active (nh3 is the Ammonia sanitiser)."""

from __future__ import annotations

import lxml.html
import nh3

ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "q", "pre", "code",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "strong", "b", "em", "i", "u", "s",
    "sub", "sup", "a", "img", "figure", "figcaption", "hr", "div", "span", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan"}}


def sanitize_html(container: lxml.html.HtmlElement) -> str:
    inner = (container.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in container
    )
    return nh3.clean(
        inner,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style"},
        link_rel=None,
    ).strip()
