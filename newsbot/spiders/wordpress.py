"""WordPress sites: the REST API newest first; when it is closed (401/403/404), the RSS feed, then the
sitemaps, then listing pages, whose article pages are read with the theme's selectors or the generic path."""

from __future__ import annotations

from newsbot.spiders.mixins.feeds import FeedPages
from newsbot.spiders.mixins.listings import ListingPages
from newsbot.spiders.mixins.sitemaps import SitemapPages
from newsbot.spiders.mixins.wordpress_rest import WordPressRest
from newsbot.spiders.web import Step


class WordPressSpider(WordPressRest, FeedPages, SitemapPages, ListingPages):
    name = "wordpress"
    kind = "wordpress"

    def steps(self) -> list[Step]:
        listings = self.site.listing or ("/",)
        return [
            *self.rest_steps(),
            ("the feed /feed/", lambda: self.feed_request(self.url("/feed/"))),
            ("the sitemap /wp-sitemap.xml", lambda: self.sitemap_request(self.url("/wp-sitemap.xml"))),
            ("the sitemap /sitemap_index.xml", lambda: self.sitemap_request(self.url("/sitemap_index.xml"))),
            *((f"listing {url}", lambda url=url: self.listing_request(self.url(url))) for url in listings),
        ]
