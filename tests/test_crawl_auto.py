"""Sites known only by their URL: what the auto kind finds, and a site that is down.

Real crawls through the real CLI of imitation sites on 127.0.0.1 (tests/site_server.py).
"""

from __future__ import annotations

from pathlib import Path

from conftest import FAST
from site_helpers import NO_ROBOTS, expected, post, posts_path, query, rss, wp_json
from site_server import Answer, page, serve, xml

FIRST = tuple(f"/a/{n}/" for n in range(6))


def test_unknown_site_by_url_is_read_through_the_sitemap_in_robots_txt(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        "/robots.txt": Answer(b"User-agent: *\nDisallow: /private/\nSitemap: {origin}/sitemap_index.xml\n",
                              "text/plain"),
        "/sitemap_index.xml": xml(
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<sitemap><loc>{origin}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>"
            "<sitemap><loc>{origin}/news-sitemap.xml</loc><lastmod>2025-07-01</lastmod></sitemap></sitemapindex>"),
        "/news-sitemap.xml": xml(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>{origin}/culture/street-fest-2025/</loc><lastmod>2025-07-01T10:00:00+05:00</lastmod></url>"
            "<url><loc>{origin}/old/</loc><lastmod>2019-01-01</lastmod></url>"
            "<url><loc>{origin}/private/x/</loc><lastmod>2025-07-02</lastmod></url></urlset>"),
        "/culture/street-fest-2025/": page("newspaper/ru_tagdiv"),
        "/old/": page("generic/ru_unknown"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", site.url + "/", "--db", str(db), *FAST, "-s", "NEWSBOT_SINCE=2025-01-01", "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert "crawling through the sitemap" in result.stderr
    want = expected("newspaper/ru_tagdiv")
    name = site.url.removeprefix("http://")
    assert query(db, "select site, title, text from articles") == [(name, want["title"], want["text"])]
    assert "/old/" not in paths  # before NEWSBOT_SINCE
    assert "/private/x/" not in paths  # robots.txt
    assert not any("taxonomies" in p for p in paths)


def test_an_index_s_sitemaps_are_read_one_after_another(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Each after the articles queued before it: the scheduler holds one sitemap's articles at most.
    def urlset(*paths: str) -> Answer:
        urls = "".join(f"<url><loc>{{origin}}{path}</loc></url>" for path in paths)
        return xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')

    routes = {
        "/robots.txt": Answer(b"User-agent: *\nSitemap: {origin}/sitemap_index.xml\n", "text/plain"),
        # Listed oldest first: the newest sitemap is read first all the same.
        "/sitemap_index.xml": xml(
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<sitemap><loc>{origin}/s3.xml</loc><lastmod>2025-01-01</lastmod></sitemap>"
            "<sitemap><loc>{origin}/s2.xml</loc><lastmod>2025-02-01</lastmod></sitemap>"
            "<sitemap><loc>{origin}/s1.xml</loc><lastmod>2025-03-01</lastmod></sitemap>"
            # The index itself again, and s1 twice: each is read once, and the walk goes on past them.
            "<sitemap><loc>{origin}/sitemap_index.xml</loc><lastmod>2025-02-15</lastmod></sitemap>"
            "<sitemap><loc>{origin}/s1.xml</loc><lastmod>2025-02-10</lastmod></sitemap></sitemapindex>"),
        "/s1.xml": urlset(*FIRST),
        # /s2.xml is missing (404): the sitemaps after it are still read.
        "/s3.xml": urlset("/c/1/", "/c/2/"),
        **{path: page("newspaper/ru_tagdiv") for path in (*FIRST, "/c/1/", "/c/2/")},
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        # Two at a time, so that requests wait in the scheduler (Scrapy hands up to CONCURRENT_REQUESTS to the
        # downloader's queue at once, whatever their priority); fetched together, two sitemaps would go first.
        result = run_newsbot("crawl", site.url + "/", "--db", str(db), *FAST, "-s", "CONCURRENT_REQUESTS=2",
                             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
        paths = site.paths()
    assert query(db, "select count(*) from articles") == [(len(FIRST) + 2,)]
    assert "/s2.xml failed: http_404" in result.stderr
    order = [p for p in paths if p.startswith(("/s1", "/s2", "/s3", "/a/", "/c/"))]
    assert order[0] == "/s1.xml" and set(order[1:len(FIRST) + 1]) == set(FIRST), order
    assert order[len(FIRST) + 1:len(FIRST) + 3] == ["/s2.xml", "/s3.xml"]


def test_unknown_wordpress_site_by_url_uses_its_rest_api(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {**NO_ROBOTS, posts_path(1): wp_json([post(n, f"Жаңалық {n}", f"2025-0{n}-01T04:00:00")
                                                   for n in (3, 2, 1)], 1)}
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", site.url, "--db", str(db), *FAST, "--max-items", "2", "-v")
    assert result.returncode == 0, result.stderr
    assert "crawling through the REST API" in result.stderr
    assert query(db, "select title, lang from articles order by title") == [("Жаңалық 2", "kk"), ("Жаңалық 3", "kk")]


def test_unknown_site_without_api_feed_or_sitemap_is_read_from_its_headline_links(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = (b"<html><body><header><a href='/about'>About</a></header><main>"
            b"<h3><a href='/news/fest'>Fest</a></h3><h3><a href='/news/kz'>KZ</a></h3>"
            b"<h3><a href='/calendar/2025/07'>Calendar</a></h3></main></body></html>")
    routes = {**NO_ROBOTS, "/": Answer(home), "/news/fest": page("newspaper/ru_tagdiv"),
              "/news/kz": page("generic/kk_holdout")}
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", site.url + "/", "--db", str(db), *FAST, "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert "crawling through the listing" in result.stderr
    assert sorted(query(db, "select title from articles")) == sorted(
        [(expected("newspaper/ru_tagdiv")["title"],), (expected("generic/kk_holdout")["title"],)])
    assert not any(p.startswith(("/calendar", "/about")) for p in paths)


def test_a_site_that_is_down_fails_alone(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    routes = {**NO_ROBOTS, "/feed/": rss([("x", "/2020/12/23/sim/", "Wed, 23 Dec 2020 04:15:42 +0000")]),
              "/": Answer(b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
                          b"</head><body></body></html>"),
              "/2020/12/23/sim/": page("jannah/seed003_kk")}
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", down, site.url + "/", "--db", str(db), *FAST, "-s", "RETRY_TIMES=0", "-v")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(down.removeprefix("http://").rstrip("/") + ": 0 new") and "0 errors" not in lines[0]
    assert lines[1].startswith(site.url.removeprefix("http://") + ": 1 new")
    assert "crawling through the feed" in result.stderr


def two_installs() -> dict[str, Answer]:
    """One host, two WordPress installs in sub-folders: /wp/ with its REST API open (announced in a Link
    header), /wp-closed/ with its API closed; robots.txt names only /wp/'s sitemap."""
    posts = [post(2, "Екінші жаңалық", "2025-02-01T04:00:00"), post(1, "Бірінші жаңалық", "2025-01-01T04:00:00")]
    for item in posts:
        item["link"] = item["link"].replace("{origin}/", "{origin}/wp/")
    sitemap = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
    closed_home = ('<html><head><title>Closed</title><link rel="https://api.w.org/" href="/wp-closed/wp-json/">'
                   "</head><body><p>home</p></body></html>")
    return {
        "/robots.txt": Answer(b"User-agent: *\nSitemap: {origin}/wp/wp-sitemap.xml\n", "text/plain"),
        "/wp/": Answer(b"<html><body><p>home</p></body></html>",
                       headers={"Link": '</wp/wp-json/>; rel="https://api.w.org/"'}),
        "/wp" + posts_path(1): wp_json(posts, 1),
        "/wp/wp-sitemap.xml": xml(sitemap.format("<url><loc>{origin}/wp/2025/01/post-1/</loc></url>")),
        "/wp/2025/01/post-1/": page("newspaper/ru_tagdiv"),
        "/wp-closed/": Answer(closed_home.encode()),
        "/wp-closed/wp-json/wp/v2/posts": Answer(b'{"code":"rest_forbidden"}', "application/json", status=403),
        "/wp-closed/wp-sitemap.xml": xml(sitemap.format(
            "<url><loc>{origin}/wp-closed/2024/09/it-mektep/</loc></url>"
            "<url><loc>{origin}/wp-closed/2024/10/other/</loc></url>")),
        "/wp-closed/2024/09/it-mektep/": page("jannah/kk_holdout"),
        "/wp-closed/2024/10/other/": page("generic/ru_wp_holdout"),
    }


def crawl_install(run_newsbot, db: Path, folder: str) -> tuple[str, str, list[str]]:  # type: ignore[no-untyped-def]
    """`newsbot crawl http://HOST/<folder>/` on the two-install host: its stderr, the site's URL, the paths asked."""
    with serve(two_installs()) as site:
        result = run_newsbot("crawl", f"{site.url}/{folder}/", "--db", str(db), *FAST, "-v")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    return result.stderr, site.url, paths


def test_a_sub_folder_wordpress_with_its_api_closed_is_crawled_as_its_own_site(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    stderr, url, paths = crawl_install(run_newsbot, db, "wp-closed")
    name = url.removeprefix("http://") + "/wp-closed"
    rows = query(db, "select site, url, title from articles order by url")
    assert rows == [
        (name, f"{url}/wp-closed/2024/09/it-mektep/", expected("jannah/kk_holdout")["title"]),
        (name, f"{url}/wp-closed/2024/10/other/", expected("generic/ru_wp_holdout")["title"]),
    ]
    assert "crawling through the sitemap" in stderr and "outside" not in stderr
    assert not any(p.startswith("/wp/") for p in paths), paths  # the other install's sitemap stays unread
    assert not any(p.startswith("/wp-json") for p in paths)  # no REST probe at the host's root


def test_a_sub_folder_wordpress_is_read_through_the_rest_api_it_announces(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    stderr, url, paths = crawl_install(run_newsbot, db, "wp")
    assert "crawling through the REST API" in stderr
    rows = query(db, "select site, title, summary, source_id from articles order by title")
    name = url.removeprefix("http://") + "/wp"
    assert rows == [(name, "Бірінші жаңалық", "Қысқаша 1", "1"), (name, "Екінші жаңалық", "Қысқаша 2", "2")]
    assert not any(p.startswith(("/wp-closed", "/wp-json", "/feed")) for p in paths), paths
