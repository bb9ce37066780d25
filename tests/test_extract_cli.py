"""`newsbot extract` in process: JSON out for articles, a reason and a non-zero exit for everything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbot.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
FETCHED = "2026-11-01T12:00:00+00:00"


def run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args], catch_exceptions=False)


def test_article_to_json() -> None:
    page = FIXTURES / "jannah" / "seed003_kk.html"
    want = json.loads((FIXTURES / "jannah" / "seed003_kk.expected.json").read_text(encoding="utf-8"))
    result = run(str(page), "--url", want["url"], "--fetched-at", FETCHED)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert {"url", "site", "lang", "title", "text", "published_at", "published_raw", "image_credit",
            "source"} <= set(record)
    assert record["title"] == want["title"]
    assert record["text"] == want["text"]
    assert record["source"] == "Jana-kezen.kz"
    assert record["lang"] == "kk"
    assert record["published_raw"] == "2020-12-23T10:15:42+06:00"
    assert record["published_at"] == "2020-12-23T10:15:42+06:00"


def test_site_option_and_timezone() -> None:
    page = FIXTURES / "mfagovby" / "ru_news_cp1251.html"
    args = ("--url", "file:///saved/page.html", "--site", "mfa-by", "--fetched-at", FETCHED)
    result = run(str(page), *args)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["title"] == "О консультациях между МИД Беларуси и Казахстана"
    assert record["published_raw"] == "22 декабря 2020"
    assert record["site"] == "mfa-by"


@pytest.mark.parametrize("page", sorted((FIXTURES / "bad").glob("*.html")), ids=lambda p: p.stem)
def test_bad_input_names_the_reason(page: Path) -> None:
    want = json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))
    result = run(str(page), "--url", want["url"], "--fetched-at", FETCHED)
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["ok"] is False
    assert record["reason"] == want["reason"]
    assert want["reason"] in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_are_click_errors(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    assert run(str(page), "--url", "https://x.kz/", "--fetched-at", "yesterday").exit_code == 2
    assert run(str(page), "--url", "https://x.kz/", "--site", "no-such-site").exit_code == 2
    assert run(str(tmp_path / "missing.html"), "--url", "https://x.kz/").exit_code == 2
    # Without --url the page must name its own URL (a batch of one); this one does not.
    result = run(str(page))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["reason"] == "no-url"


def test_removed_lists_rules() -> None:
    page = FIXTURES / "jannah" / "seed000_kk.html"
    result = run(str(page), "--url", "https://aqparat-kz.example.kz/a", "--fetched-at", FETCHED, "--removed")
    assert result.exit_code == 0, result.output
    removed = json.loads(result.stdout)["removed"]
    assert {"rule": "kk:credit:/Сурет (?P<credit>.{2,80}?) сайтынан алынды\\.?/",
            "text": "Сурет mfa.gov.kz сайтынан алынды."} in removed
