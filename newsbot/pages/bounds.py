"""A bound on the work one page may cost before it is parsed: libxml2 checks each attribute of an element
against the ones before it, so an element with 40,000 attributes (a 350 KB page) takes 20 s to parse, and
150,000 take minutes, in the one thread that also runs every download, --max-runtime and the signal handlers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

# Real pages carry a few dozen attributes on an element at most (an SVG path, a data-* heavy widget).
MAX_ATTRIBUTES = 1000
# A tag this long may hold that many attributes; shorter ones cannot, and are not looked at.
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{%d,}" % (MAX_ATTRIBUTES * 2))
# One attribute: a name, and maybe `=` and a value (quoted values may hold spaces and `=`).
_ATTRIBUTE = re.compile(rb"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
# Where the parser reads no tags: a script's or a style's text, a comment. Minified script is full of `<`
# followed by a letter (`i<n.length`), which is no tag: counted as one, a real page was refused.
_NO_TAGS = re.compile(rb"<(script|style)\b|<!--", re.IGNORECASE)
_ENDS = {b"script": re.compile(rb"</script", re.IGNORECASE), b"style": re.compile(rb"</style", re.IGNORECASE)}


def _markup_outside_raw_text(data: bytes) -> Iterator[bytes]:
    """The document without the text of scripts, styles and comments (their opening tags kept: they have
    attributes too). Linear: each piece is searched for once; an unclosed one runs to the end, as it parses."""
    position = 0
    while found := _NO_TAGS.search(data, position):
        name = found.group(1)
        if name is None:  # a comment
            yield data[position:found.start()]
            end = data.find(b"-->", found.end())
            position = len(data) if end < 0 else end + 3
            continue
        tag_end = data.find(b">", found.end())
        if tag_end < 0:
            break
        yield data[position:tag_end + 1]
        closing = _ENDS[name.lower()].search(data, tag_end + 1)
        position = len(data) if closing is None else closing.start()
    yield data[position:]


def too_complex(markup: bytes | str) -> str | None:
    """Why parsing `markup` would take unbounded time, or None. Linear in its length."""
    data = markup.encode("utf-8", "surrogatepass") if isinstance(markup, str) else markup
    for piece in _markup_outside_raw_text(data):
        for tag in _LONG_TAG.finditer(piece):
            counted = islice(_ATTRIBUTE.finditer(tag.group(), 1), MAX_ATTRIBUTES + 1)  # after the `<`
            if sum(1 for _ in counted) > MAX_ATTRIBUTES:
                return f"an element with more than {MAX_ATTRIBUTES} attributes"
    return None
