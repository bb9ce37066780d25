"""`newsbot report`: one self-contained HTML page with charts, a text summary, and one line for bad input."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from archive_helpers import article, write
from browser import rendered_dom, screenshot, share_of_colour
from click.testing import CliRunner
from conftest import FETCHED_AT

from newsbot.archive.db import open_archive
from newsbot.archive.runs import finish_run, register_site, start_run
from newsbot.cli import cli
from newsbot.sites import get_site

# The "date and time" green of the dates chart (newsbot/report/charts.py).
GREEN = (0x2C, 0xA0, 0x2C)


@pytest.fixture
def archive_file(archive_db: str) -> str:
    db = archive_db
    items = [article(n, published_at=FETCHED_AT - timedelta(days=n, hours=3)) for n in range(1, 30)]
    items += [article(100, published_at=None),
              # 2026-11-01T19:00Z is midnight in Almaty (UTC+5): a date without a time.
              article(101, published_at=FETCHED_AT.replace(day=1, hour=19)),
              article(102, site="akorda", url="https://www.akorda.kz/ru/news/1", lang="ru", title="Акорда")]
    write(db, *items)
    engine = open_archive(db)
    register_site(engine, get_site("mfa"))
    for n, (status, reasons) in enumerate([("finished", {"no_text": 2}), ("failed", {"anti_bot": 3, "no_text": 1})]):
        started = FETCHED_AT + timedelta(days=n)
        run = start_run(engine, "mfa", started)
        stats = {f"newsbot/dropped/{k}": v for k, v in reasons.items()}
        finish_run(engine, run, status=status, finished_at=started + timedelta(minutes=2),
                   counts={"new": 5, "dropped": sum(reasons.values())}, stats=stats)
    engine.dispose()
    return db


def report(db: Path | str, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["report", "--db", str(db), "-o", str(out), *args], catch_exceptions=False)


def test_the_report_is_one_self_contained_page_with_three_charts(archive_file: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = report(archive_file, out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 3
    # Nothing to fetch: no script, stylesheet, image or font from anywhere.
    assert not re.search(r"<script|<link|<img|@import|url\((?!#)|src=", page)  # url(#id): inside the SVG
    assert "Ministry of Foreign Affairs" in page and "anti_bot" in page and 'class="failed"' in page
    assert out.stat().st_size < 300_000


def test_the_text_summary_counts_dates_and_runs(archive_file: str, tmp_path: Path) -> None:
    result = report(archive_file, tmp_path / "r.html")
    lines = result.stdout.splitlines()
    name = archive_file.rsplit("/", 1)[-1]  # the file's or the database's name
    assert lines[0] == f"{name}: 32 articles from 2 sites (all sites)"
    # 29 dated with a time, 1 at local midnight, 1 without a date, of 31.
    assert lines[1].startswith("  mfa: 31 articles (2026-10-23 … 2026-11-20), 93.5% with a time, 3.2% without a date;")
    assert lines[1].endswith("last run #2 failed")
    assert lines[-1] == "  last run not finished: mfa"
    assert "wrote" in result.stderr


def test_site_and_since_narrow_the_report(archive_file: str, tmp_path: Path) -> None:
    result = report(archive_file, tmp_path / "r.html", "--site", "akorda")
    name = archive_file.rsplit("/", 1)[-1]
    assert result.stdout.splitlines()[0] == f"{name}: 1 articles from 1 sites (site akorda)"
    since = report(archive_file, tmp_path / "r.html", "--since", "2026-11-15")
    assert since.stdout.splitlines()[1].startswith("  mfa: 6 articles (2026-11-15 … 2026-11-20)")


def test_an_empty_or_foreign_archive_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    open_archive(str(empty)).dispose()
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("create table notes (x)").connection.close()
    for db, message in ((empty, "the archive holds no articles"), (foreign, "not a newsbot archive")):
        result = report(db, tmp_path / "r.html")
        assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "r.html").exists()


def test_an_output_that_is_a_directory_or_a_device_is_refused(archive_file: str, tmp_path: Path) -> None:
    (tmp_path / "dir.html").mkdir()
    for target in (tmp_path / "dir.html", Path("/dev/null")):
        result = report(archive_file, target)
        assert result.exit_code == 2 and result.stderr.strip().splitlines()[-1].startswith("Error:")
    assert Path("/dev/null").is_char_device()


# The page does not depend on the backend (the tests above check it on both): one browser run is enough.
@pytest.mark.parametrize("archive_db", ["sqlite"], indirect=True)
def test_the_report_renders_in_headless_chromium(archive_file: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    report(archive_file, out)
    png = screenshot(out.as_uri(), tmp_path / "report.png", profile=tmp_path / "chromium")
    # The charts were drawn: the dates chart's green covers a visible part of the page.
    assert share_of_colour(png, GREEN) > 0.01
    dom = rendered_dom(out.as_uri(), profile=tmp_path / "chromium")
    assert dom.count("<svg") == 3 and "Articles per site per week" in dom
