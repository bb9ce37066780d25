"""WordPress sites: the REST API, and each fallback when it is closed.

Real crawls through the real CLI of imitation sites on 127.0.0.1 (tests/site_server.py).
"""

from __future__ import annotations

from pathlib import Path

from conftest import FAST
from site_helpers import CLOSED, NO_ROBOTS, akorda_listing, expected, post, posts_path, query, rss, wp_json
from site_server import Answer, page, serve, xml


def test_wordpress_rest_api_pages_through_every_post(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        posts_path(1): wp_json([post(3, "Үшінші &#8211; жаңалық", "2025-03-01T04:00:00"),
                                post(2, "Екінші жаңалық", "2025-02-01T04:00:00")], 2),
        posts_path(2): wp_json([post(1, "Бірінші жаңалық", "2025-01-01T04:00:00")], 2),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "jana-kezen", "--base-url", site.url, "--db", str(db), *FAST, "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "jana-kezen: 3 new, 0 updated, 0 unchanged, 0 dropped, 0 errors (finished)"
    assert "crawling through the REST API" in result.stderr
    assert "/feed/" not in paths
    rows = query(db, "select title, published_at, lang, site, summary, text from articles order by published_at")
    assert [r[:5] for r in rows] == [
        ("Бірінші жаңалық", "2025-01-01T04:00:00+00:00", "kk", "jana-kezen", "Қысқаша 1"),
        ("Екінші жаңалық", "2025-02-01T04:00:00+00:00", "kk", "jana-kezen", "Қысқаша 2"),
        ("Үшінші – жаңалық", "2025-03-01T04:00:00+00:00", "kk", "jana-kezen", "Қысқаша 3"),
    ]
    assert rows[0][5].endswith("сөйлем.\n\nЕкінші абзац.")
    assert query(db, "select distinct published_source from articles") == [("wp:date_gmt",)]


def test_wordpress_with_rest_closed_falls_back_to_the_feed(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        "/wp-json/wp/v2/posts": Answer(b'{"code":"rest_forbidden"}', "application/json", status=401),
        "/feed/": rss([("a", "/2020/12/23/sim/", "Wed, 23 Dec 2020 04:15:42 +0000"),
                       ("b", "/2024/09/it-mektep/", "Mon, 02 Sep 2024 04:00:00 +0000")]),
        "/2020/12/23/sim/": page("jannah/seed003_kk"),
        "/2024/09/it-mektep/": page("jannah/kk_holdout"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "jana-kezen", "--base-url", site.url, "--db", str(db), *FAST, "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert "crawling through the feed" in result.stderr
    assert any(p.startswith("/?rest_route=") for p in paths)  # the second way to the API was tried first
    rows = dict(query(db, "select url, title from articles"))
    seed = expected("jannah/seed003_kk")
    assert rows[f"{site.url}/2020/12/23/sim/"] == seed["title"]
    assert rows[f"{site.url}/2024/09/it-mektep/"] == expected("jannah/kk_holdout")["title"]
    ((text, published, source),) = query(
        db, "select text, published_at, source from articles where url like '%/sim/'")
    assert text == seed["text"]
    assert published == "2020-12-23T04:15:42+00:00"  # JSON-LD +06:00, in UTC
    assert source == "Jana-kezen.kz"


def test_wordpress_with_rest_and_feed_closed_reads_wp_sitemap(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        "/wp-json/wp/v2/posts": CLOSED,
        "/": CLOSED,  # ?rest_route= too
        "/feed/": Answer(b"<html><body>Forbidden</body></html>", status=403),
        "/wp-sitemap.xml": xml(
            "<sitemapindex><sitemap><loc>{origin}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>"
            "<sitemap><loc>{origin}/wp-sitemap-users-1.xml</loc></sitemap>"
            "<sitemap><loc>{origin}/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>"),
        "/wp-sitemap-posts-post-1.xml": xml(
            "<urlset><url><loc>{origin}/2020/12/23/sim/</loc><lastmod>2020-12-23T10:15:42+06:00</lastmod></url>"
            "</urlset>"),
        "/2020/12/23/sim/": page("jannah/seed003_kk"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "jana-kezen", "--base-url", site.url, "--db", str(db), *FAST, "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert "crawling through the sitemap" in result.stderr
    assert query(db, "select title from articles") == [(expected("jannah/seed003_kk")["title"],)]
    assert not any("taxonomies" in p or "users" in p for p in paths)


def test_wordpress_with_everything_closed_walks_its_category_listing(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = ('<html><body><div id="tie-wrapper"><ul>'
               '<li class="post-item"><h2 class="post-title"><a href="/2020/12/23/sim/">a</a></h2></li>'
               '<li class="post-item"><h2 class="post-title"><a href="/2024/09/it-mektep/">b</a></h2></li>'
               '</ul><a class="next page-numbers" href="/category/zhanalyqtar/page/2/">2</a></div></body></html>')
    routes = {
        **NO_ROBOTS,
        "/wp-json/wp/v2/posts": CLOSED,
        "/": CLOSED,
        "/category/zhanalyqtar/": Answer(archive.encode()),
        "/category/zhanalyqtar/page/2/": Answer(b"<html><body><ul></ul></body></html>"),
        "/2020/12/23/sim/": page("jannah/seed003_kk"),
        "/2024/09/it-mektep/": page("jannah/kk_holdout"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "jana-kezen", "--base-url", site.url, "--db", str(db), *FAST, "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert "crawling through the listing" in result.stderr
    assert "/category/zhanalyqtar/page/2/" in paths
    assert sorted(query(db, "select title from articles")) == sorted(
        [(expected("jannah/seed003_kk")["title"],), (expected("jannah/kk_holdout")["title"],)])


def test_stored_pages_of_every_whole_page_kind_reprocess(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        posts_path(1): wp_json([post(2, "Екінші жаңалық", "2025-02-01T04:00:00")], 1),
        "/ru/events": akorda_listing("/ru/glava-2132547"),
        "/ru/glava-2132547": page("akorda/ru_event"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        assert run_newsbot("crawl", "jana-kezen", "--base-url", site.url, "--db", str(db), *FAST).returncode == 0
        assert run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(db), *FAST).returncode == 0
    before = query(db, "select site, url, title, text, published_at from articles order by url")
    assert len(before) == 2
    result = run_newsbot("reprocess", "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reprocessed 2 stored pages" in result.stdout and "0 updated" in result.stdout
    assert query(db, "select site, url, title, text, published_at from articles order by url") == before
