"""Feeds, sitemaps, listing links and WordPress REST answers, from saved inputs."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from conftest import FETCHED_AT

from newsbot.pages.feeds import entry_time, feed_links, parse_feed, parse_sitemap, robots_sitemaps
from newsbot.pages.listing import listing_links, next_page
from newsbot.pages.wordpress import posts_from_json
from newsbot.sites import registry

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>One</title><link rel="alternate" href="/a/1"/><updated>2025-01-02T03:04:05Z</updated></entry>
<entry><title>Two</title><link href="https://s.kz/a/2"/><published>2025-01-01T00:00:00+05:00</published></entry></feed>"""


def test_atom_and_rss() -> None:
    entries = parse_feed(ATOM, "https://s.kz/feed")
    assert [(e.url, e.title) for e in entries] == [("https://s.kz/a/1", "One"), ("https://s.kz/a/2", "Two")]
    assert entry_time(entries[1]) == datetime(2024, 12, 31, 19, tzinfo=UTC)
    rss = b"<rss><channel><item><title>T</title><guid>https://s.kz/g</guid><pubDate>Tue, 22 Dec 2020 09:30:51 +0600"\
          b"</pubDate></item></channel></rss>"
    (item,) = parse_feed(rss, "https://s.kz/")
    assert item.url == "https://s.kz/g" and entry_time(item) == datetime(2020, 12, 22, 3, 30, 51, tzinfo=UTC)
    assert parse_feed(b"<html><body>no</body></html>", "https://s.kz/") == []


def test_news_sitemap_and_index() -> None:
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://s.kz/n/1</loc><news:news>
      <news:publication_date>2025-05-01T10:00:00+05:00</news:publication_date><news:title>N</news:title>
      </news:news></url></urlset>"""
    sitemap = parse_sitemap(urlset, "https://s.kz/")
    assert sitemap is not None and not sitemap.is_index
    assert [(e.url, e.title, e.date) for e in sitemap.entries] == [
        ("https://s.kz/n/1", "N", "2025-05-01T10:00:00+05:00")]
    index = parse_sitemap(b"<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>", "https://s.kz/")
    assert index is not None and index.is_index and index.entries[0].url == "https://s.kz/s1.xml"
    assert parse_sitemap(b"not xml", "https://s.kz/") is None
    assert robots_sitemaps("User-agent: *\nSitemap: https://s.kz/a.xml\nsitemap:https://s.kz/b.xml") == [
        "https://s.kz/a.xml", "https://s.kz/b.xml"]


def test_home_page_feed_links_put_comment_feeds_last() -> None:
    home = (b'<html><head><link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
            b'<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body></body></html>')
    assert feed_links(home, "https://s.kz/") == ["https://s.kz/feed/", "https://s.kz/comments/feed/"]


def test_listing_links_stay_on_site_and_skip_traps() -> None:
    body = b"""<html><body><h3><a href="/news/one">1</a></h3><h3><a href="/news/one#c">1</a></h3>
      <h3><a href="https://other.kz/x">o</a></h3><h3><a href="/tag/mfa/">t</a></h3><h3><a href="/2025/05/">m</a></h3>
      <h3><a href="/news?sort=date">q</a></h3><h2><a href="https://www.s.kz/news/two">2</a></h2>
      <a rel="next" href="/news/page/2/">next</a></body></html>"""
    assert listing_links(body, "https://s.kz/news") == ["https://s.kz/news/one", "https://www.s.kz/news/two"]
    assert next_page(body, "https://s.kz/news") == "https://s.kz/news/page/2/"
    akorda = registry()["akorda"]
    cards = b'<div class="card"><h3><a href="/ru/a-1">a</a></h3></div><h3><a href="/ru/b">b</a></h3>'
    assert listing_links(cards, "https://www.akorda.kz/ru/events", selector=akorda.links) == [
        "https://www.akorda.kz/ru/a-1"]


def test_wordpress_posts_read_date_gmt_as_utc() -> None:
    body = json.dumps([{"id": 7, "link": "https://jana-kezen.kz/p/7/", "title": {"rendered": "A &amp; B"},
                        "content": {"rendered": "<p>Text</p>"}, "date": "2020-12-23T10:15:42",
                        "date_gmt": "2020-12-23T04:15:42", "categories": [1, 2]}]).encode()
    (post,) = posts_from_json(body, site=registry()["jana-kezen"], lang=None, fetched_at=FETCHED_AT)
    assert (post.title, post.lang, post.published_raw, post.published_source, post.source_id, post.categories) == (
        "A & B", "kk", "2020-12-23T04:15:42", "wp:date_gmt", "7", ["1", "2"])
