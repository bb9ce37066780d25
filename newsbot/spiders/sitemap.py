"""Sites read through their sitemaps (indexes, news sitemaps); NEWSBOT_SINCE filters by lastmod."""

from __future__ import annotations

from newsbot.spiders.web import Step, WebSpider


class SitemapSpider(WebSpider):
    name = "sitemap"
    kind = "sitemap"

    def steps(self) -> list[Step]:
        urls = self.site.sitemaps or ("/sitemap.xml",)
        return [(f"sitemap {url}", lambda url=url: self.sitemap_request(self.url(url))) for url in urls]
