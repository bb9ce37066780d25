"""Real crawls through the real CLI of imitation sites on 127.0.0.1 (tests/site_server.py), one per kind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import FAST
from site_server import PAGES, Answer, page, serve, xml

# The registry's per-site delays (mid.ru: 3 s) are for the real sites; a -s setting outranks them.
NO_SLOT_DELAYS = ("-s", "DOWNLOAD_SLOTS={}")
NO_ROBOTS = {"/robots.txt": Answer(b"User-agent: *\nDisallow: /wp-admin/\n", "text/plain")}


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def expected(fixture: str) -> dict:
    return json.loads((PAGES / f"{fixture}.expected.json").read_text(encoding="utf-8"))


def posts_path(page_number: int) -> str:
    return f"/wp-json/wp/v2/posts?per_page=100&page={page_number}&orderby=date&order=desc"


def post(number: int, title: str, date_gmt: str) -> dict:
    return {
        "id": number,
        "link": f"{{origin}}/2025/0{number}/post-{number}/",
        "date": date_gmt.replace("T", "T1"),  # local time: never used when date_gmt is there
        "date_gmt": date_gmt,
        "modified_gmt": date_gmt,
        "title": {"rendered": title},
        "content": {"rendered": "<p>" + " ".join([f"Мақала {number} мәтіні, сөйлем."] * 30) + "</p>"
                    "<p>Екінші абзац.</p>"},
        "excerpt": {"rendered": f"<p>Қысқаша {number}</p>"},
        "categories": [3],
    }


def wp_json(posts: list[dict], total_pages: int) -> Answer:
    return Answer(json.dumps(posts, ensure_ascii=False).encode(), "application/json",
                  headers={"X-WP-Total": str(total_pages * 2), "X-WP-TotalPages": str(total_pages)})


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


def rss(items: list[tuple[str, str, str]]) -> Answer:
    body = "".join(f"<item><title>{t}</title><link>{{origin}}{p}</link><pubDate>{d}</pubDate></item>"
                   for t, p, d in items)
    return xml(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{body}</channel></rss>',
               "application/rss+xml")


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


def test_feed_site_follows_items_and_drops_what_is_not_an_article(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    login = (b"<html><head><title>Login</title></head><body><form action='/login'><input name='user'>"
             b"<input type='password' name='pw'><button>Sign in</button></form></body></html>")
    routes = {
        **NO_ROBOTS,
        "/ru/rss.php": rss([
            ("n", "/ru/foreign_policy/news/1974312/", "Thu, 20 Aug 2026 10:00:00 +0300"),
            ("c", "/ru/foreign_policy/news/1/", "Thu, 20 Aug 2026 09:00:00 +0300"),
            ("l", "/ru/foreign_policy/news/2/", "Thu, 20 Aug 2026 08:00:00 +0300"),
            ("e", "/ru/foreign_policy/news/3/", "Thu, 20 Aug 2026 07:00:00 +0300"),
            ("e2", "/ru/foreign_policy/news/4/", "Thu, 20 Aug 2026 06:00:00 +0300"),
            ("e3", "/ru/foreign_policy/news/5/", "Thu, 20 Aug 2026 05:00:00 +0300"),
        ]),
        "/ru/foreign_policy/news/1974312/": page("midru/ru_article"),
        "/ru/foreign_policy/news/1/": page("bad/challenge_midru"),
        "/ru/foreign_policy/news/2/": Answer(login),
        "/ru/foreign_policy/news/3/": page("bad/soft404_ru"),
        "/ru/foreign_policy/news/4/": page("bad/soft404_kk"),
        "/ru/foreign_policy/news/5/": Answer("<html><head><title>Внутренняя ошибка сервера</title></head><body>"
                                             "<h1>Ошибка 500</h1><p>Попробуйте позже.</p></body></html>".encode()),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "mid", "--base-url", site.url, "--db", str(db), *FAST, *NO_SLOT_DELAYS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "mid: 1 new, 0 updated, 0 unchanged, 5 dropped, 0 errors (finished)"
    want = expected("midru/ru_article")
    assert query(db, "select title, text, published_at from articles") == [
        (want["title"], want["text"], "2026-08-19T21:00:00+00:00")]
    # Each reason logged once, however many pages share it.
    assert result.stderr.count(": challenge (") == 1
    assert result.stderr.count(": not-found (") == 1
    assert result.stderr.count(": login-wall (") == 1
    assert result.stderr.count(": error-page (") == 1


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


def akorda_listing(*links: str) -> Answer:
    cards = "".join(f'<div class="card"><h3><a href="{href}">t</a></h3><h5>21 марта 2026 года</h5></div>'
                    for href in links)
    return Answer(f"<html><body><nav><a href='/ru/tags/x'>tag</a></nav>{cards}"
                  "<a href='https://elsewhere.example/ru/x'>out</a></body></html>".encode())


def test_listing_site_walks_numbered_pages_until_they_end(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        "/ru/events": akorda_listing("/ru/glava-2132547"),
        "/ru/events?page=2": akorda_listing("/kz/memleket-2112612", "https://elsewhere.example/ru/y"),
        "/ru/events?page=3": akorda_listing(),
        "/ru/glava-2132547": page("akorda/ru_event"),
        "/kz/memleket-2112612": page("akorda/kk_event"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(db), *FAST)
        paths = site.paths()
        bounded = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(tmp_path / "b.sqlite"), *FAST,
                              "-s", "NEWSBOT_MAX_LISTING_PAGES=1")
    assert result.returncode == 0, result.stderr
    assert "/ru/events?page=3" in paths and "/ru/events?page=4" not in paths
    ru, kk = expected("akorda/ru_event"), expected("akorda/kk_event")
    assert query(db, "select lang, title, text, published_at from articles order by lang") == [
        ("kk", kk["title"], kk["text"], "2026-01-20T19:00:00+00:00"),  # 21 қаңтар 2026 жыл, Almaty +5
        ("ru", ru["title"], ru["text"], "2026-03-20T19:00:00+00:00"),
    ]
    assert bounded.stdout.strip().startswith("akorda: 1 new,")


def test_windows_1251_site(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = ('<html><body><ul><li><a href="/press/news_mfa/c1a2b3d4e5f60718.html">О консультациях</a></li>'
               '<li><a href="/press/news_mfa/archive/">Архив</a></li></ul></body></html>')
    routes = {
        **NO_ROBOTS,
        "/press/news_mfa/": Answer(listing.encode("cp1251"), "text/html"),
        # No charset in the header: the registry's windows-1251 (or the page's <meta>) decodes it.
        "/press/news_mfa/c1a2b3d4e5f60718.html": Answer(
            (PAGES / "mfagovby/ru_news_cp1251.html").read_bytes(), "text/html"),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "mfa-by", "--base-url", site.url, "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    want = expected("mfagovby/ru_news_cp1251")
    assert query(db, "select title, text, published_at from articles") == [
        (want["title"], want["text"], "2020-12-21T21:00:00+00:00")]


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


def test_retry_after_site_delay_and_max_items(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = rss([("a", "/2020/12/23/sim/", "Wed, 23 Dec 2020 04:15:42 +0000"),
                ("b", "/2024/09/it-mektep/", "Mon, 02 Sep 2024 04:00:00 +0000")])
    feed.before = [(429, {"Retry-After": "1"})]
    routes = {**NO_ROBOTS, "/ru/rss.php": feed, "/2020/12/23/sim/": page("jannah/seed003_kk"),
              "/2024/09/it-mektep/": page("jannah/kk_holdout")}
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "mid", "--base-url", site.url, "--db", str(db), *FAST, "--max-items", "1")
        times = [t for p, t in site.requests if p == "/ru/rss.php"]
        article_time = next(t for p, t in site.requests if p == "/2020/12/23/sim/")
        paths = site.paths()
    assert result.returncode == 0, result.stderr
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    # mid.ru's registry delay (3 s, in a download slot of its own) holds even with DOWNLOAD_DELAY=0; Scrapy
    # randomises it between 0.5 and 1.5 times.
    assert article_time - times[1] >= 1.45
    assert result.stdout.strip().startswith("mid: 1 new,")
    assert "/2024/09/it-mektep/" not in paths  # --max-items 1: the second item is not even fetched


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


def test_a_redirect_to_another_domain_is_not_followed(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {
        **NO_ROBOTS,
        "/ru/events": akorda_listing("/ru/glava-2132547", "/ru/moved-1"),
        "/ru/glava-2132547": page("akorda/ru_event"),
        # Same server, another host name: a redirect off the site.
        "/ru/moved-1": Answer(b"", status=302),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        port = site.url.rsplit(":", 1)[1]
        routes["/ru/moved-1"].headers["Location"] = f"http://localhost:{port}/ru/glava-2132547"
        result = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(db), *FAST, "-v")
    assert result.returncode == 0, result.stderr
    assert query(db, "select url from articles") == [(f"{site.url}/ru/glava-2132547",)]
    assert site.paths().count("/ru/glava-2132547") == 1  # not again through localhost
    assert "'offsite/filtered': 1" in result.stderr


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


CLOSED = Answer(b'{"code":"rest_forbidden"}', "application/json", status=403)


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


def test_a_missing_feed_or_an_empty_listing_fails_the_run(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {**NO_ROBOTS, "/ru/events": Answer(b"<html><body><p>redesigned</p></body></html>")}
    with serve(routes) as site:
        feed = run_newsbot("crawl", "mid", "--base-url", site.url, "--db", str(tmp_path / "a.sqlite"), *FAST,
                           *NO_SLOT_DELAYS, "-s", "RETRY_TIMES=0")
        listing = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(tmp_path / "b.sqlite"), *FAST)
    assert feed.returncode == 1
    assert feed.stdout.strip() == "mid: 0 new, 0 updated, 0 unchanged, 0 dropped, 1 errors (finished)"
    assert "http_404" in feed.stderr
    assert listing.returncode == 1 and "no article links on the listing page" in listing.stderr
    assert "the registry marks as unconfirmed: article body selector" in listing.stderr
