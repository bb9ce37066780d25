"""A bound on the work one page may cost before it is parsed: libxml2 checks each attribute of an element
against the ones before it, so an element with 40,000 attributes (a 350 KB page) takes 20 s to parse, and
150,000 take minutes, in the one thread that also runs every download, --max-runtime and the signal handlers.
"""

from __future__ import annotations

import re
from itertools import islice

# Real pages carry a few dozen attributes on an element at most (an SVG path, a data-* heavy widget).
MAX_ATTRIBUTES = 1000
# A tag this long may hold that many attributes; shorter ones cannot, and are not looked at.
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{%d,}" % (MAX_ATTRIBUTES * 2))
# One attribute: a name, and maybe `=` and a value (quoted values may hold spaces and `=`).
_ATTRIBUTE = re.compile(rb"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def too_complex(markup: bytes | str) -> str | None:
    """Why parsing `markup` would take unbounded time, or None. Linear in its length."""
    data = markup.encode("utf-8", "surrogatepass") if isinstance(markup, str) else markup
    for tag in _LONG_TAG.finditer(data):
        counted = islice(_ATTRIBUTE.finditer(tag.group(), 1), MAX_ATTRIBUTES + 1)  # after the `<`
        if sum(1 for _ in counted) > MAX_ATTRIBUTES:
            return f"an element with more than {MAX_ATTRIBUTES} attributes"
    return None
