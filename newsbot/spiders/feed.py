"""Sites read through their RSS 2.0 or Atom feeds: every feed in the registry, each item followed to its page."""

from __future__ import annotations

from newsbot.spiders.mixins.feeds import FeedPages
from newsbot.spiders.web import Step


class FeedSpider(FeedPages):
    name = "feed"
    kind = "feed"

    def steps(self) -> list[Step]:
        # The registry's word: every feed at once, none a probe (one that lists nothing is a failure).
        return [("the registry's feeds", lambda: [self.feed_request(self.url(url), probe=False)
                                                  for url in self.site.feeds])]
