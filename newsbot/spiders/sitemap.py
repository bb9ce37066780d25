"""Sites read through their sitemaps (indexes, news sitemaps); NEWSBOT_SINCE filters by lastmod."""

from __future__ import annotations

from newsbot.spiders.mixins.sitemaps import SitemapPages
from newsbot.spiders.web import Step


class SitemapSpider(SitemapPages):
    name = "sitemap"
    kind = "sitemap"

    def steps(self) -> list[Step]:
        urls = self.site.sitemaps or ("/sitemap.xml",)
        return [(f"sitemap {url}", lambda url=url: self.sitemap_request(self.url(url))) for url in urls]
