"""Crawler traps: redirect loops and chains, an endless calendar, repeated path segments, query strings that
multiply. Real crawls through the real CLI of the fault server (tests/fault_server.py): each crawl ends within
its bounds, keeps the articles it found before the cut, and counts the cut by name in the run record."""

from __future__ import annotations

from pathlib import Path

from fault_crawl import last_run, no_traceback
from fault_site import crawl
from site_helpers import query

GOOD = "/article/newspaper/ru_tagdiv"


def trap_counts(db: Path) -> dict[str, int]:
    stats = last_run(db)["stats"]
    return {key.removeprefix("newsbot/trap/"): value for key, value in stats.items()
            if key.startswith("newsbot/trap/")}


def test_redirect_loop_and_long_redirect_chain_are_cut(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.listing(GOOD, "/loop/a", "/chain/1"), db)
    assert result.returncode == 0, result.stderr
    assert query(db, "select url from articles") == [(faults.url + GOOD,)]
    paths = faults.paths()
    assert paths.count("/loop/a") == 1 and paths.count("/loop/b") == 1
    # REDIRECT_MAX_TIMES = 5: the first request and five redirects, then the chain is cut.
    assert [p for p in paths if p.startswith("/chain/")] == [f"/chain/{n}" for n in range(1, 7)]
    assert trap_counts(db) == {"redirect_loop": 1, "redirect_chain": 1}
    assert f"{faults.url}/loop/a: not followed, its redirects loop back" in result.stderr
    assert f"{faults.url}/chain/1: not followed, more than 5 redirects in a row" in result.stderr
    assert no_traceback(result.stderr)
    runs = run_newsbot("runs", "--db", str(db))
    assert runs.stdout.rstrip().endswith("0 errors, 2 cut (redirect_chain 1, redirect_loop 1)")


def test_an_endless_calendar_ends_at_the_listing_page_bound(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.url + "/calendar/2025/07", db, "-s", "NEWSBOT_MAX_LISTING_PAGES=4")
    assert result.returncode == 0, result.stderr
    months = [p for p in faults.paths() if p.startswith("/calendar/")]
    assert months == ["/calendar/2025/07", "/calendar/2025/06", "/calendar/2025/05", "/calendar/2025/04"]
    assert sorted(url.rsplit("/", 1)[1] for (url,) in query(db, "select url from articles")) == [
        "2025-04", "2025-05", "2025-06", "2025-07"]
    assert last_run(db)["stats"]["newsbot/stopped/max_listing_pages"] == 1
    assert no_traceback(result.stderr)


def test_repeated_path_segments_are_cut(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.url + "/repeat/news/", db)
    assert result.returncode == 0, result.stderr
    # NEWSBOT_MAX_SEGMENT_REPEATS = 3: /repeat/news/news/news/ is read, /repeat/news/news/news/news/ is not.
    assert max(p.count("/news") for p in faults.paths()) == 3
    assert query(db, "select count(*) from articles") == [(3,)]
    assert trap_counts(db) == {"repeated_segments": 1}
    assert f"{faults.url}/repeat/news/news/news/news/: not followed, the path repeats 'news' 4 times" in result.stderr
    assert no_traceback(result.stderr)


def test_query_string_variants_are_cut(run_newsbot, faults, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    result = crawl(run_newsbot, faults.url + "/query", db)
    assert result.returncode == 0, result.stderr
    # NEWSBOT_MAX_QUERY_SHAPES = 8 sets of parameter names on /query besides the bare path; the listing page
    # bound (50) is far off.
    listings = [p for p in faults.paths() if p.startswith("/query")]
    assert len(listings) == 9 and listings[-1] == "/query?f0=x&f1=x&f2=x&f3=x&f4=x&f5=x&f6=x&f7=x"
    assert query(db, "select count(*) from articles") == [(9,)]
    assert trap_counts(db) == {"query_variants": 1}
    assert "/query already had 8 sets of query parameters" in result.stderr
    assert no_traceback(result.stderr)


def test_sitemap_indexes_nested_without_end_are_cut_at_the_depth_bound(run_newsbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from site_server import Answer, page, serve, xml

    def index(level: int) -> Answer:  # an index naming the next index and one sitemap of one article
        return xml('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   f"<sitemap><loc>{{origin}}/nest/{level + 1}.xml</loc></sitemap>"
                   f"<sitemap><loc>{{origin}}/urls/{level}.xml</loc></sitemap></sitemapindex>")

    def urlset(level: int) -> Answer:
        return xml('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   f"<url><loc>{{origin}}/news/{level}</loc></url></urlset>")

    routes = {"/robots.txt": Answer(b"User-agent: *\nSitemap: {origin}/nest/0.xml\n", "text/plain"),
              **{f"/nest/{n}.xml": index(n) for n in range(10)}, **{f"/urls/{n}.xml": urlset(n) for n in range(10)},
              **{f"/news/{n}": page("newspaper/ru_tagdiv") for n in range(10)}}
    db = tmp_path / "a.sqlite"
    with serve(routes) as site:
        result = crawl(run_newsbot, site.url + "/", db, "-s", "NEWSBOT_MAX_SITEMAP_DEPTH=3")
        nests = sorted(p for p in site.paths() if p.startswith("/nest/"))
    assert result.returncode == 0, result.stderr
    assert nests == ["/nest/0.xml", "/nest/1.xml", "/nest/2.xml", "/nest/3.xml"]
    assert sorted(url.rsplit("/", 1)[1] for (url,) in query(db, "select url from articles")) == ["0", "1", "2"]
    assert trap_counts(db) == {"sitemap_depth": 2}
    assert "a sitemap index nested more than 3 deep" in result.stderr and no_traceback(result.stderr)
