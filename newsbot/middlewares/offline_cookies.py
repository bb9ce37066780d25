"""Scrapy's cookie handling, with the public suffix list read from tldextract's bundled snapshot.

Scrapy's CookiesMiddleware asks tldextract whether a cookie's domain is a public suffix (`kz`, `gov.kz`?), and
tldextract downloads the list from GitHub on first use (logging a traceback where it cannot). The snapshot bundled
with tldextract is enough to scope cookies, and newsbot sends requests only to the sites it crawls. This subclass
replaces the stock middleware in DOWNLOADER_MIDDLEWARES, so Scrapy's module is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from http.cookiejar import Cookie

from scrapy import Request
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http.cookies import CookieJar
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract


class OfflineCookiesMiddleware(CookiesMiddleware):
    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        # No URLs to fetch and no cache directory to write: the snapshot in the package (read on first use).
        self.split_domain = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

    def is_public_domain(self, domain: str) -> bool:
        return not self.split_domain(domain).domain

    # Scrapy 2.19's own _process_cookies, with our extractor: the one place it consults the suffix list.
    def _process_cookies(self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Request) -> None:
        for cookie in cookies:
            cookie_domain = cookie.domain.removeprefix(".")
            hostname = urlparse_cached(request).hostname
            if hostname is None:
                continue
            request_domain = hostname.lower()
            if cookie_domain and self.is_public_domain(cookie_domain):
                # A cookie for a public suffix (`Domain=kz`) is kept for the host that set it only.
                if cookie_domain != request_domain:
                    continue
                cookie.domain = request_domain
            jar.set_cookie_if_ok(cookie, request)
