"""Keep Scrapy's cookie handling from fetching the public suffix list from GitHub.

CookiesMiddleware splits domains with tldextract, which downloads the list on first use (and logs a
traceback where it cannot). The snapshot bundled with tldextract is enough to scope cookies, and newsbot
should send requests only to the sites it crawls.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares import cookies
from tldextract import TLDExtract


def use_bundled_suffix_list() -> None:
    if hasattr(cookies, "_split_domain"):
        cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
