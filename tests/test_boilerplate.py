"""Site-level repeated blocks: found from the archive, cut from the site's articles, undone when wrong."""

from __future__ import annotations

import json

from archive_helpers import article, query, raw, write
from click.testing import CliRunner

from newsbot.cli import cli

SLOGAN = "Подписывайтесь на наш Telegram-канал «Жаңалықтар»!"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def site_archive(db: str, pages: int = 8) -> None:
    """A site whose every stored gov.kz-shaped page ends with the same slogan, on top of real content."""
    items = []
    for n in range(pages):
        entry = {"id": 100 + n, "title": f"Жаңалық {n}", "created_date": "2025-03-14T06:15:00.000+0000",
                 "body": f"<p>Мақала мәтіні нөмірі {n}, бірегей сөйлем.</p><p>{SLOGAN}</p>"}
        page = raw(json.dumps([entry], ensure_ascii=False).encode(), url=f"https://www.gov.kz/api?page={n}")
        items.append(article(0, url=f"https://www.gov.kz/memleket/entities/mfa/press/news/details/{100 + n}?lang=kk",
                             title=entry["title"], text=f"Мақала мәтіні нөмірі {n}, бірегей сөйлем.\n\n{SLOGAN}",
                             raw=page))
    write(db, *items)


def test_a_dry_run_lists_what_repeats_and_changes_nothing(archive_db: str) -> None:
    db = archive_db
    site_archive(db)
    result = invoke("boilerplate", "mfa", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"found  8 pages (100%)  {SLOGAN}"]
    assert query(db, "select count(*) from articles where text like ?", (f"%{SLOGAN}%",)) == [(8,)]


def test_apply_cuts_the_block_everywhere_and_records_the_rule(archive_db: str) -> None:
    db = archive_db
    site_archive(db)
    result = invoke("boilerplate", "mfa", "--apply", "--db", db)
    assert "kept 1 new rules" in result.stdout and "8 articles changed" in result.stdout
    assert query(db, "select count(*) from articles where text like ? or html like ?",
                 (f"%{SLOGAN}%", f"%{SLOGAN}%")) == [(0,)]
    assert query(db, "select text from articles where source_id = '103'") == [
        ("Мақала мәтіні нөмірі 3, бірегей сөйлем.",)]
    assert query(db, "select site, text, pages, enabled from site_boilerplate") == [("mfa", SLOGAN, 8, 1)]


def test_a_disabled_rule_puts_the_block_back_and_stays_disabled(archive_db: str) -> None:
    db = archive_db
    site_archive(db)
    invoke("boilerplate", "mfa", "--apply", "--db", db)
    result = invoke("boilerplate", "mfa", "--disable", "1", "--db", db)
    assert "8 articles changed" in result.stdout
    assert query(db, "select count(*) from articles where text like ?", (f"%{SLOGAN}%",)) == [(8,)]
    again = invoke("boilerplate", "mfa", "--apply", "--db", db)
    assert "kept 0 new rules" in again.stdout
    assert query(db, "select enabled from site_boilerplate") == [(0,)]


def test_too_few_pages_is_not_boilerplate(archive_db: str) -> None:
    db = archive_db
    site_archive(db, pages=3)
    assert invoke("boilerplate", "mfa", "--db", db).stdout.startswith("mfa: no block repeats on 50% or more")


def test_an_unknown_rule_is_one_line(archive_db: str) -> None:
    db = archive_db
    site_archive(db)
    result = invoke("boilerplate", "mfa", "--disable", "42", "--db", db)
    assert result.exit_code == 2 and result.stderr == "Error: site mfa has no boilerplate rule 42\n"
