"""Listing pages as a way in: a page of headline links, newest first, paged while it holds what is new."""

from __future__ import annotations

from typing import Any

import scrapy
from scrapy.http import Response

from newsbot.pages.listing import listing_links, next_page
from newsbot.spiders.mixins.articles import ArticlePages
from newsbot.spiders.web import Output, with_query


class ListingPages(ArticlePages):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_links: set[str] = set()

    def listing_request(self, url: str, page: int = 1, probe: bool = True) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_step_error if probe
                              else self.on_request_error, cb_kwargs={"page": page, "first": url, "probe": probe})

    def parse_listing(self, response: Response, page: int, first: str, probe: bool = True) -> Output:
        links = listing_links(response.body, response.url, selector=self.site.links,
                              article_path=self.site.article_path, hosts=self.allowed_domains,
                              encoding=self.site.encoding)
        if not links:
            if probe:
                yield from self.advance("no article links on the listing page")
            elif page == 1:
                self.nothing_listed(response.url, "no article links on the listing page (a changed selector?)")
            return
        if probe:
            self.chose(f"the listing {response.url}")
        self.count("list_pages")
        fresh = [link for link in links if link not in self.seen_links]
        self.seen_links.update(fresh)
        yield from self.article_requests_for(fresh)
        if not fresh:  # a site that answers any page number with the same page
            self.count("stopped/repeated_page")
            return
        if not any(self.wanted(link) for link in fresh):
            # Newest first: a page of archived articles means the pages below hold only older ones.
            self.count("stopped/known")
            return
        if not self.site.paginate or not self.room_for_more():
            return
        if page >= self.settings.getint("NEWSBOT_MAX_LISTING_PAGES"):
            self.count("stopped/max_listing_pages")
            self.logger.info("%s: stopped at listing page %d (NEWSBOT_MAX_LISTING_PAGES)", self.site.name, page)
            return
        following = next_page(response.body, response.url, self.site.next_page)
        if following is None and self.site.page_param:
            following = with_query(first, **{self.site.page_param: page + 1})
        if following is not None:
            yield self.listing_request(following, page + 1, probe=False)
