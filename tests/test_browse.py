"""The archive in Datasette, through Datasette's own test client."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from archive_helpers import article, write
from click.testing import CliRunner
from conftest import FETCHED_AT

from newsbot.archive.browse import ARTICLE_COLUMNS, articles_columns_redirect, make_datasette
from newsbot.cli import cli


@pytest.fixture
def archive_file(tmp_path: Path) -> Path:
    db = tmp_path / "archive.sqlite"
    write(db,
          article(1, title="Астанада консультациялар өтті", text="Қазақстан мен Өзбекстан арасында кеңес."),
          article(2, lang="ru", url="https://www.gov.kz/memleket/entities/mfa/press/news/details/2?lang=ru",
                  title="Консультации в Астане", text="Министр провёл встречу.", translation_key="govkz:2"),
          article(3, lang="en", url="https://www.gov.kz/memleket/entities/mfa/press/news/details/2?lang=en",
                  title="Consultations in Astana", text="The minister met.", translation_key="govkz:2",
                  published_at=FETCHED_AT - timedelta(days=40)))
    return db


def get(db: Path, path: str) -> Any:
    async def fetch() -> Any:
        return await make_datasette(db).client.get(path)

    return asyncio.run(fetch())


def test_datasette_finds_the_full_text_index_of_articles(archive_file: Path) -> None:
    response = get(archive_file, "/archive/articles.json?_search=Астане&_shape=objects")
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["rows"]] == ["Консультации в Астане"]
    # An unrelated word finds nothing: the search box really filters.
    assert get(archive_file, "/archive/articles.json?_search=Париж&_shape=objects").json()["rows"] == []


def test_the_news_view_lists_articles_newest_first_with_facets_and_a_search_box(archive_file: Path) -> None:
    data = get(archive_file, "/archive/news.json?_shape=objects&_extra=facet_results").json()
    published = [row["published_at"] for row in data["rows"]]
    assert published == sorted(published, reverse=True) and len(published) == 3
    assert {"html", "text", "content_hash"}.isdisjoint(data["rows"][0])
    assert set(data["facet_results"]) == {"site", "lang", "month"}
    assert {item["value"] for item in data["facet_results"]["lang"]["results"]} == {"kk", "ru", "en"}
    page = get(archive_file, "/archive/news").text
    assert 'name="_search"' in page and "News" in page
    hits = get(archive_file, "/archive/news.json?_search=консультациялар&_shape=objects").json()["rows"]
    assert [row["lang"] for row in hits] == ["kk"]


def test_canned_queries_answer(archive_file: Path) -> None:
    rows = get(archive_file, "/archive/translations_of_a_release.json?translation_key=govkz:2&_shape=objects")
    assert [row["lang"] for row in rows.json()["rows"]] == ["en", "ru"]
    per_month = get(archive_file, "/archive/articles_per_site_per_month.json?_shape=objects").json()["rows"]
    assert sum(row["articles"] for row in per_month) == 3
    assert all(row["site"] == "mfa" for row in per_month)


def test_browsing_is_read_only(archive_file: Path) -> None:
    response = get(archive_file, "/archive.json?sql=delete+from+articles")
    assert response.status_code == 400
    assert get(archive_file, "/archive/articles.json?_shape=objects").json()["rows"]


def test_the_articles_page_opens_with_the_reading_columns_only(archive_file: Path) -> None:
    app = articles_columns_redirect(make_datasette(archive_file).app(), "archive")

    async def fetch(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path, follow_redirects=True)

    shown = asyncio.run(fetch("/archive/articles?lang=ru"))
    assert shown.status_code == 200
    assert "lang=ru" in str(shown.url) and "_col=title" in str(shown.url)
    data = asyncio.run(fetch(str(shown.url).replace("/archive/articles?", "/archive/articles.json?")
                             + "&_shape=objects")).json()
    assert list(data["rows"][0]) == ["id", *ARTICLE_COLUMNS]
    # Asking for the columns explicitly is left alone.
    assert asyncio.run(fetch("/archive/articles?_nocol=html")).url.query == b"_nocol=html"


@pytest.mark.parametrize("make", ["missing", "foreign", "directory"])
def test_browse_refuses_what_is_not_an_archive_in_one_line(tmp_path: Path, make: str) -> None:
    db = tmp_path / "x.sqlite"
    if make == "foreign":
        import sqlite3

        sqlite3.connect(db).execute("create table notes (x)").connection.close()
    elif make == "directory":
        db.mkdir()
    result = CliRunner().invoke(cli, ["browse", "--db", str(db)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_newsbot_browse_serves_the_archive_to_a_real_browser(archive_file: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import time
    import urllib.request

    from browser import rendered_dom
    from cli_client import newsbot_command

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*newsbot_command("browse", "--db", str(archive_file), "--port", str(port))],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        dom = rendered_dom(f"{base}/archive/news?_search=%D0%90%D1%81%D1%82%D0%B0%D0%BD%D0%B5",  # Астане
                           profile=tmp_path / "chromium")
        assert "Консультации в Астане" in dom and "Consultations in Astana" not in dom
        assert 'name="_search"' in dom and "1 row" in dom
        articles = rendered_dom(f"{base}/archive/articles", profile=tmp_path / "chromium")
        assert "_col=title" in articles and "&lt;p&gt;" not in articles  # the redirect: no HTML column
    finally:
        server.terminate()
        server.wait(timeout=10)
