"""`newsbot parse-date`, in process through click's CliRunner."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner

from newsbot.cli import cli, parse_date

FETCHED = "2025-11-28T15:00:00+00:00"


def _run(*args: str):
    return CliRunner().invoke(cli, ["parse-date", *args])


def test_is_registered() -> None:
    assert "parse-date" in CliRunner().invoke(cli, ["--help"]).output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["13:51, 15 Тамыз 2025"], "2025-08-15T13:51:00+05:00"),
        (["22.12.2020 15:30"], "2020-12-22T15:30:00+06:00"),
        (["22 декабря 2020", "--tz", "Europe/Minsk"], "2020-12-22T00:00:00+03:00"),
        (["кеше, 10:15", "--fetched-at", FETCHED], "2025-11-27T10:15:00+05:00"),
        (["2 сағат бұрын", "--fetched-at", "2025-11-28T15:00:00"], "2025-11-28T18:00:00+05:00"),
        (["2020-12-22T09:30:51", "--source", "wp:date_gmt"], "2020-12-22T09:30:51+00:00"),
        (["2020-12-22T09:30:51", "--source", "wp:date"], "2020-12-22T09:30:51+06:00"),
        (["15 Qazan, 2015", "--lang", "kk"], "2015-10-15T00:00:00+06:00"),
        (["15 Qazan, 2015", "--lang", "ru,en"], "null"),
        (["447.75"], "null"),
        (["15 Тамыз 2027", "--fetched-at", FETCHED], "null"),
        # A structured format parses whatever --lang says.
        (["Mon, 14 Mar 2022 09:05:00 +0300", "--lang", "ru"], "2022-03-14T09:05:00+03:00"),
        (["Mon, 14 Mar 2022 09:05:00 +0300", "--lang", "kk"], "2022-03-14T09:05:00+03:00"),
        # Digits beyond any clock: null, never an internal error (exit 70).
        (["Wed, 11 Jun 2025 10:3000000000:00 GMT", "--source", "rss"], "null"),
        (["Wed, 11 Jun 2025 10:3000000000:00 GMT", "--source", "sitemap"], "null"),
        (["вчера в 99:99", "--fetched-at", FETCHED], "null"),
        (["кеше, 24:00", "--fetched-at", FETCHED], "null"),
        # An explicit date beside a relative word: the written date.
        (["22.12.2020 вчера", "--fetched-at", FETCHED], "2020-12-22T00:00:00+06:00"),
        (["кеше 05.04.2023 10:20", "--fetched-at", FETCHED], "2023-04-05T10:20:00+06:00"),
    ],
)
def test_prints_the_instant_or_null(args: list[str], expected: str) -> None:
    result = _run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected + "\n"


def test_default_fetch_time_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    # The clock is replaced: the default fetch time is whatever the command's clock says.
    monkeypatch.setattr(parse_date, "_now", lambda: datetime.fromisoformat("2021-05-04T12:00:00+00:00"))
    result = _run("кеше, 10:15")
    assert result.exit_code == 0
    assert result.stdout == "2021-05-03T10:15:00+06:00\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["22.12.2020", "--tz", "Asia/Nowhere"], "unknown time zone"),
        (["22.12.2020", "--tz", "../etc/passwd"], "unknown time zone"),
        (["22.12.2020", "--fetched-at", "yesterday"], "--fetched-at"),
        (["22.12.2020", "--lang", "xx"], "--lang"),
        (["22.12.2020", "--tz", "Europe"], "unknown time zone"),  # a folder of the zone database
        (["вчера", "--fetched-at", "9999-12-31T23:00:00"], "out of range"),
        (["вчера", "--fetched-at", "0001-01-01T00:00:00"], "out of range"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
