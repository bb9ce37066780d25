"""Sites read through their RSS 2.0 or Atom feeds: each item is followed to its page."""

from __future__ import annotations

from newsbot.spiders.web import Step, WebSpider


class FeedSpider(WebSpider):
    name = "feed"
    kind = "feed"

    def steps(self) -> list[Step]:
        return [(f"feed {url}", lambda url=url: self.feed_request(self.url(url))) for url in self.site.feeds]
