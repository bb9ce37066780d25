"""The WordPress REST API as a way in: posts newest first, whole (the API carries each post's content), at the
usual root, at `?rest_route=`, or at the root the site announces. Shared by the wordpress and auto kinds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from newsbot.dates import resolve_date
from newsbot.items import Article
from newsbot.pages.wordpress import NotPostsError, posts_from_json
from newsbot.spiders.base import raw_page
from newsbot.spiders.mixins.articles import ArticlePages
from newsbot.spiders.web import Step

POSTS_PATH = "/wp-json/wp/v2/posts"
PER_PAGE = 100


def rest_posts_url(root: str, params: dict[str, Any]) -> str:
    """The posts endpoint under an announced REST root: `https://h/wp/wp-json/` or `https://h/wp/?rest_route=/`."""
    parts = urlsplit(root)
    query = dict(parse_qsl(parts.query))
    if "rest_route" in query:
        query["rest_route"] = query["rest_route"].rstrip("/") + "/wp/v2/posts"
        return urlunsplit(parts._replace(query=urlencode({**query, **params})))
    return f"{root.rstrip('/')}/wp/v2/posts?{urlencode(params)}"


class WordPressRest(ArticlePages):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The REST root the site announces (`<link rel="https://api.w.org/">`, a Link header), once found.
        self.rest_root: str | None = None

    def rest_steps(self) -> list[Step]:
        return [
            ("the REST API", lambda: self.posts_request(1)),
            # Sites without pretty permalinks answer the API only at ?rest_route=.
            ("the REST API (?rest_route=)", lambda: self.posts_request(1, rest_route=True)),
        ]

    def posts_url(self, page: int, rest_route: bool = False) -> str:
        params: dict[str, Any] = {"per_page": PER_PAGE, "page": page, "orderby": "date", "order": "desc"}
        if since := self.since_bound():
            params["after"] = since.isoformat()
        if self.rest_root and not rest_route:
            return rest_posts_url(self.rest_root, params)
        if rest_route:
            return f"{self.site.origin}/?{urlencode({'rest_route': '/wp/v2/posts', **params})}"
        return f"{self.site.origin}{POSTS_PATH}?{urlencode(params)}"

    def posts_request(self, page: int, rest_route: bool = False) -> scrapy.Request:
        return scrapy.Request(
            self.posts_url(page, rest_route), headers={"Accept": "application/json"}, callback=self.parse_posts,
            errback=self.on_step_error if page == 1 else self.on_request_error,
            cb_kwargs={"page": page, "rest_route": rest_route},
        )

    def post_time(self, post: Article) -> datetime | None:
        """The post's publication instant (`date_gmt`), for the re-check window."""
        return resolve_date(post.published_raw, post.published_source, tz=self.site.timezone,
                            fetched_at=post.fetched_at).value

    def parse_posts(self, response: Response, page: int, rest_route: bool) -> Iterator[Article | scrapy.Request]:
        fetched_at = self.fetch_time()
        try:
            posts = posts_from_json(response.body, site=self.site, lang=self.lang_hint(), fetched_at=fetched_at)
        except NotPostsError as exc:
            if page == 1:
                yield from self.advance(str(exc))
            else:
                self.count("bad_payload")
                self.logger.warning("%s: %s: %s", self.site.name, response.url, exc)
            return
        if page == 1:
            self.chose("the REST API")
        self.count("list_pages")
        raw = raw_page(response, site=self.site, lang=self.lang_hint(), fetched_at=fetched_at)
        for post in posts:
            if not self.take_item():
                return
            post.raw = raw
            yield post
        pages = response.headers.get("X-WP-TotalPages", b"1").strip()
        total = int(pages) if pages.isdigit() and len(pages) < 10 else 1  # an odd header: this page is the last
        if not posts or page >= total:
            return
        if not any(self.wanted(post.url, self.post_time(post)) for post in posts):
            # Newest first: a page of archived posts, outside the re-check window, ends an incremental walk.
            self.count("stopped/known")
            return
        if page >= self.settings.getint("NEWSBOT_MAX_LIST_PAGES"):
            self.count("stopped/max_list_pages")
            return
        yield self.posts_request(page + 1, rest_route)
