"""Server-rendered sites: listing pages (bounded by NEWSBOT_MAX_LISTING_PAGES) with the registry's article
link selector, each article page read by newsbot.pages."""

from __future__ import annotations

from newsbot.spiders.web import Step, WebSpider


class HtmlSpider(WebSpider):
    name = "html"
    kind = "html"

    def steps(self) -> list[Step]:
        urls = self.site.listing or ("/",)
        return [(f"listing {url}", lambda url=url: self.listing_request(self.url(url))) for url in urls]
