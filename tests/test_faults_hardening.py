"""Hardening: certificates are verified (a self-signed server is refused in one line), with a per-site exception
documented in the registry (mfa.tj); no file://, data:, s3:// or ftp:// fetches, by link or by redirect; no
telnet console or remote-control server in our runs. Real crawls through the CLI against local servers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FAST, run_cli
from fault_crawl import (
    Crawl,
    article_page,
    assert_one_line_errors,
    crawl_site,
    headline_home,
    html,
    last_run,
    query,
    self_signed_tls,
)
from local_server import running
from site_helpers import NO_ROBOTS, NO_SLOT_DELAYS
from site_server import Answer, Site

from newsbot import settings
from newsbot.sites import _tls_verify, get_site

ARTICLE = html(article_page("Консультации министерств", "Министерство иностранных дел сообщает о консультациях."))
# mfa.tj's listing and article paths (newsbot/sites.toml [mfa-tj]).
MFA_TJ = {**NO_ROBOTS, "/tg/main/ittiloot/khabarho-va-ruidodho": headline_home("/tg/main/view/101"),
          "/tg/main/view/101": ARTICLE}


def crawl_tls(site_name: str, tmp_path: Path, *args: str) -> tuple[Crawl, Site]:
    site = Site(dict(MFA_TJ))
    origin = self_signed_tls(site, tmp_path)
    db = tmp_path / "a.sqlite"
    with running(site):
        result = run_cli("crawl", site_name, "--base-url", origin, "--db", str(db), *FAST, *NO_SLOT_DELAYS,
                         "-s", "RETRY_TIMES=0", *args)
    return Crawl(result, db, site, site.paths()), site


def test_a_certificate_that_does_not_verify_is_refused_in_one_line(tmp_path: Path) -> None:
    # The same server and pages as the excepted site below; a registry entry without the exception.
    crawl, site = crawl_tls("akorda", tmp_path, "-s", "NEWSBOT_MAX_LISTING_PAGES=1")
    assert crawl.result.returncode == 4, crawl.result.stderr
    assert_one_line_errors(crawl.result.stderr)
    ours = [line for line in crawl.result.stderr.splitlines() if "[html]" in line and "ERROR" in line]
    assert len(ours) == 1 and "failed: certificate_not_trusted (its TLS certificate is not trusted" in ours[0], ours
    assert site.requests == []  # no request got past the handshake
    run = last_run(crawl.db)
    assert run["stats"]["newsbot/errors/certificate_not_trusted"] == 1 and run["new"] == 0


def test_a_site_with_a_documented_tls_exception_is_fetched(tmp_path: Path) -> None:
    assert not get_site("mfa-tj").tls_verify and "chain" in get_site("mfa-tj").tls_reason
    crawl, _ = crawl_tls("mfa-tj", tmp_path, "-v")
    assert crawl.result.returncode == 0, crawl.result.stderr
    assert "mfa-tj: TLS certificates not verified: mfa.tj serves an incomplete certificate chain" in (
        crawl.result.stderr)
    assert query(crawl.db, "select site, title from articles") == [("mfa-tj", "Консультации министерств")]


def test_a_tls_exception_without_a_reason_is_a_registry_error() -> None:
    with pytest.raises(ValueError, match="turning TLS verification off needs a reason"):
        _tls_verify("x", {"verify": False})
    assert _tls_verify("x", {}) is True


LOCAL = ("file:///etc/passwd", "data:text/plain;base64,cm9vdDp4OjA6MA==", "ftp://127.0.0.1/news", "s3://bucket/news")
DATE = "Wed, 23 Dec 2020 04:15:42 +0000"


@pytest.fixture(scope="module")
def schemes(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    items = "".join(f"<item><title>x</title><link>{url}</link><pubDate>{DATE}</pubDate></item>"
                    for url in ("{origin}/news/a", "{origin}/news/redirect", *LOCAL))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    routes = {"/": Answer(b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head>'
                          b"<body></body></html>"),
              "/feed/": Answer(feed.encode(), "application/rss+xml"),
              "/news/a": ARTICLE,
              "/news/redirect": Answer(b"", status=302, headers={"Location": "file:///etc/passwd"})}
    return crawl_site(routes, tmp_path_factory.mktemp("schemes") / "a.sqlite", "-v")


def test_file_data_ftp_and_s3_links_are_not_fetched_and_are_counted(schemes: Crawl) -> None:
    assert schemes.result.returncode == 0, schemes.result.stderr
    assert_one_line_errors(schemes.result.stderr)
    assert "root:" not in schemes.result.stderr
    assert query(schemes.db, "select url from articles") == [(schemes.url("/news/a"),)]
    assert query(schemes.db, "select count(*) from raw_responses where url not like 'http%'") == [(0,)]
    assert last_run(schemes.db)["stats"]["newsbot/skipped/not_http"] == len(LOCAL) + 1  # and the redirect
    # Behind the spider's refusal, Scrapy has no handler for them either.
    off = ("file", "data", "s3", "ftp")
    assert {scheme: settings.DOWNLOAD_HANDLERS.get(scheme, "default") for scheme in off} == dict.fromkeys(off)
    for url in LOCAL:
        assert f"skipped {url[:80]}: newsbot fetches http and https only" in schemes.result.stderr


def test_a_redirect_to_a_local_file_is_not_followed(schemes: Crawl) -> None:
    assert "/news/redirect" in schemes.paths
    assert (f"skipped {schemes.url('/news/redirect')}: it redirects to file:///etc/passwd, which newsbot never "
            "fetches") in schemes.result.stderr
    assert last_run(schemes.db)["errors"] == 0


def test_no_telnet_console_or_remote_control_server_in_a_crawl(schemes: Crawl, tmp_path: Path) -> None:
    enabled = schemes.result.stderr.split("Enabled extensions:", 1)[1].split("\n2026", 1)[0]
    assert "TelnetConsole" not in enabled and "RemoteControl" not in enabled
    assert "Telnet console listening" not in schemes.result.stderr
    # The check sees them when they are on (Scrapy's defaults), so it can fail.
    site = Site({**NO_ROBOTS, "/": headline_home("/news/a"), "/news/a": ARTICLE})
    with running(site):
        scrapy_defaults = run_cli("crawl", site.url + "/", "--db", str(tmp_path / "b.sqlite"), *FAST, "-v",
                                  "-s", "TELNETCONSOLE_ENABLED=1", "-s", "TELNETCONSOLE_PORT=0")
    assert "Telnet console listening" in scrapy_defaults.stderr
