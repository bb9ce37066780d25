"""Server-rendered sites: every listing in the registry, paged (bounded by NEWSBOT_MAX_LISTING_PAGES), article
links by the registry's selector or URL pattern; each article page is read by newsbot.pages."""

from __future__ import annotations

from newsbot.spiders.mixins.listings import ListingPages
from newsbot.spiders.web import Step


class HtmlSpider(ListingPages):
    name = "html"
    kind = "html"

    def steps(self) -> list[Step]:
        # The registry's word: every listing at once, none a probe (one that lists nothing is a failure).
        return [("the registry's listings", lambda: [self.listing_request(self.url(url), probe=False)
                                                     for url in self.site.listing or ("/",)])]
