"""Feed, listing and windows-1251 sites from the registry; politeness and traps.

Real crawls through the real CLI of imitation sites on 127.0.0.1 (tests/site_server.py).
"""

from __future__ import annotations

from pathlib import Path

from conftest import FAST
from site_helpers import NO_ROBOTS, NO_SLOT_DELAYS, akorda_listing, expected, query, rss
from site_server import PAGES, Answer, page, serve


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


def test_a_short_release_the_feed_lists_is_archived_and_stays_after_a_reprocess(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Two sentences in plain markup: no og:type, no <article>. The feed listing it is the evidence, and the
    # archive keeps the route so that a reprocess judges the stored page as the crawl did.
    short = ("<html><head><title>Брифинг</title></head><body><h1>Брифинг в пятницу</h1><p>Министерство сообщает о "
             "брифинге в пятницу в 11:00. Аккредитация открыта до четверга.</p></body></html>").encode()
    routes = {
        **NO_ROBOTS,
        "/ru/rss.php": rss([("s", "/ru/foreign_policy/news/7/", "Thu, 20 Aug 2026 10:00:00 +0300")]),
        "/ru/foreign_policy/news/7/": Answer(short),
    }
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = run_newsbot("crawl", "mid", "--base-url", site.url, "--db", str(db), *FAST, *NO_SLOT_DELAYS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "mid: 1 new, 0 updated, 0 unchanged, 0 dropped, 0 errors (finished)"
    assert query(db, "select title, short from articles") == [("Брифинг в пятницу", 1)]
    assert query(db, "select listed_in from raw_responses") == [("feed",)]
    again = run_newsbot("reprocess", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("reprocessed 1 stored pages"), again.stdout
    assert again.stdout.rstrip().endswith(": 0 updated, 1 unchanged, 0 new, 0 dropped, 0 failed"), again.stdout
    assert query(db, "select title, short from articles") == [("Брифинг в пятницу", 1)]


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


def test_a_missing_feed_or_an_empty_listing_fails_the_run(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    routes = {**NO_ROBOTS, "/ru/events": Answer(b"<html><body><p>redesigned</p></body></html>")}
    with serve(routes) as site:
        feed = run_newsbot("crawl", "mid", "--base-url", site.url, "--db", str(tmp_path / "a.sqlite"), *FAST,
                           *NO_SLOT_DELAYS, "-s", "RETRY_TIMES=0")
        listing = run_newsbot("crawl", "akorda", "--base-url", site.url, "--db", str(tmp_path / "b.sqlite"), *FAST)
    assert feed.returncode == 4  # the only site failed and nothing was archived
    assert feed.stdout.strip() == "mid: 0 new, 0 updated, 0 unchanged, 0 dropped, 1 errors (failed)"
    assert "http_404" in feed.stderr
    assert listing.returncode == 4 and "no article links on the listing page" in listing.stderr
    assert "the registry marks as unconfirmed: article body selector" in listing.stderr
