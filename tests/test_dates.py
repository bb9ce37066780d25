"""newsbot.dates: the table of real-world strings, must-not-parse strings, year inference, plausibility,
Kazakhstan's 2024-03-01 change. Fixed fetch times only: no clock, no network."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from test_dates_cases import ALMATY, CASES, F25, MOSCOW, Case

from newsbot.dates import ParsedDate, resolve_date
from newsbot.dates.structured import parse_iso8601


def _resolve(case: Case) -> ParsedDate:
    fetched = datetime.fromisoformat(case.fetched_at)
    return resolve_date(case.raw, case.source, tz=case.tz, fetched_at=fetched)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert len({(case.raw, case.source, case.tz) for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{case.source}:{case.raw}" for case in CASES])
def test_real_world_strings(case: Case) -> None:
    parsed = _resolve(case)
    assert parsed.raw == case.raw
    assert parsed.source == case.source
    if case.expected is None:
        assert parsed.value is None
        assert parsed.problem == "unparsed"
        return
    expected = _at(case.expected)
    assert parsed.value == expected, parsed
    # Same offset too: local times carry the zone's offset on that date.
    assert parsed.value.utcoffset() == expected.utcoffset()
    assert parsed.problem is None


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t"])
def test_nothing_given(raw: str | None) -> None:
    parsed = resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(F25))
    assert parsed == ParsedDate(None, raw, "text")


@pytest.mark.parametrize(
    ("raw", "local", "utc"),
    [
        ("22.12.2020 15:30", "+06:00", "2020-12-22T09:30:00+00:00"),
        ("29.02.2024 23:30", "+06:00", "2024-02-29T17:30:00+00:00"),
        ("01.03.2024 00:30", "+05:00", "2024-02-29T19:30:00+00:00"),
        ("15.06.2025 15:30", "+05:00", "2025-06-15T10:30:00+00:00"),
        ("22 желтоқсан 2020, 15:30", "+06:00", "2020-12-22T09:30:00+00:00"),
        ("15 июня 2025 15:30", "+05:00", "2025-06-15T10:30:00+00:00"),
    ],
)
def test_almaty_moved_to_utc5_on_2024_03_01(raw: str, local: str, utc: str) -> None:
    value = resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(F25)).value
    assert value is not None
    assert value.isoformat().endswith(local)
    assert value.astimezone(UTC) == _at(utc)


@pytest.mark.parametrize(
    ("raw", "fetched", "expected"),
    [
        ("15.06.2025 15h30", F25, "2025-06-15T10:30:00+00:00"),
    ],
)
def test_dateparser_instants_use_the_2024_offset(raw: str, fetched: str, expected: str) -> None:
    parsed = resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(fetched))
    assert parsed.method == "dateparser"
    assert parsed.value == _at(expected)


@pytest.mark.parametrize(
    ("raw", "source", "expected"),
    [
        ("22 декабря 2020 10:00 CET", "text", "2020-12-22T10:00:00+01:00"),
        ("15 June 2025 15:30 EEST", "text", "2025-06-15T15:30:00+03:00"),
        ("14.03.2022 09:05 CDT", "text", "2022-03-14T09:05:00-05:00"),
        ("14.03.2025 09:05 ALMT", "text", "2025-03-14T09:05:00+05:00"),
        ("14.03.2022 09:05 ALMT", "text", "2022-03-14T09:05:00+06:00"),
        ("Mon, 14 Mar 2022 09:05:00 MSK", "rss", "2022-03-14T09:05:00+03:00"),
        ("Mon, 14 Mar 2022 09:05:00 CDT", "rss", "2022-03-14T09:05:00-05:00"),
    ],
)
def test_zone_abbreviations_are_kept_as_written(raw: str, source: str, expected: str) -> None:
    parsed = resolve_date(raw, source, tz="Europe/London", fetched_at=_at(F25))
    assert parsed.value is not None
    assert parsed.value.isoformat() == expected
    assert parsed.precision == "minute"


@pytest.mark.parametrize(
    ("raw", "source", "precision"),
    [
        ("2024-11-22", "meta", "day"),
        ("2024-11-22T16:55:35", "meta", "minute"),
        ("20220415T0930+0500", "jsonld", "minute"),
        ("22 желтоқсан 2020", "text", "day"),
        ("22.12.2020 15:30", "text", "minute"),
        ("https://x.org/2021/06/14/a", "url", "day"),
        ("2021-06-14", "htmldate", "day"),
    ],
)
def test_precision_says_whether_the_source_gave_a_time(raw: str, source: str, precision: str) -> None:
    assert resolve_date(raw, source, tz=ALMATY, fetched_at=_at(F25)).precision == precision


@pytest.mark.parametrize(
    ("raw", "tz", "fetched", "expected"),
    [
        ("22 желтоқсанда", ALMATY, F25, "2024-12-22T00:00:00+05:00"),
        ("17 марта", MOSCOW, F25, "2025-03-17T00:00:00+03:00"),
        ("5 қарашада, 18:30", ALMATY, F25, "2025-11-05T18:30:00+05:00"),
        # Less than the one-day tolerance ahead: clock skew, still this year.
        ("28 ноября, 21:00", ALMATY, F25, "2025-11-28T21:00:00+05:00"),
        ("5 января", ALMATY, "2026-01-10T03:00:00+00:00", "2026-01-05T00:00:00+05:00"),
        ("30 декабря", ALMATY, "2026-01-10T03:00:00+00:00", "2025-12-30T00:00:00+05:00"),
        ("29 февраля", ALMATY, "2025-03-10T03:00:00+00:00", "2024-02-29T00:00:00+06:00"),
        # Through dateparser (the zone name is unknown to the fast path); the year follows the same rule.
        ("22 декабря 10:00 CET", ALMATY, F25, "2024-12-22T14:00:00+05:00"),
    ],
)
def test_year_less_dates_take_the_year_of_the_fetch(raw: str, tz: str, fetched: str, expected: str) -> None:
    parsed = resolve_date(raw, "text", tz=tz, fetched_at=_at(fetched))
    assert parsed.value == _at(expected)
    assert parsed.inferred_year is True


@pytest.mark.parametrize(
    ("raw", "fetched", "expected"),
    [
        # 17:00 in Almaty on 31 March; February has no 31st.
        ("1 month ago", "2025-03-31T12:00:00+00:00", "2025-02-28T17:00:00+05:00"),
        ("3 ай бұрын", "2024-05-31T12:00:00+00:00", "2024-02-29T17:00:00+06:00"),
        # Hours are elapsed time: 2 hours before 2024-03-01 00:30 (+05) is 2024-02-29 23:30 (+06).
        ("2 сағат бұрын", "2024-02-29T19:30:00+00:00", "2024-02-29T23:30:00+06:00"),
    ],
)
def test_relative_units(raw: str, fetched: str, expected: str) -> None:
    parsed = resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(fetched))
    assert parsed.method == "relative"
    assert parsed.value == _at(expected)
    assert parsed.value.utcoffset() == _at(expected).utcoffset()


def test_written_years_are_not_inferred() -> None:
    assert resolve_date("22 декабря 2020", "text", tz=ALMATY, fetched_at=_at(F25)).inferred_year is False
    assert resolve_date("кеше, 10:15", "text", tz=ALMATY, fetched_at=_at(F25)).inferred_year is False


@pytest.mark.parametrize(
    ("raw", "source", "problem"),
    [
        ("15 Тамыз 2027", "text", "future"),
        ("2025-11-29T15:00:01Z", "api:created_date", "future"),
        ("30 қаңтар, 2026 сағат 13:48", "text", "future"),
        ("12 мамыр 1945", "text", "absurd"),
        ("1970-01-01T00:00:00.000+0000", "api:created_date", "absurd"),
        ("31.12.1989 23:59", "text", "absurd"),
    ],
)
def test_implausible_dates_are_rejected_and_raw_kept(raw: str, source: str, problem: str) -> None:
    parsed = resolve_date(raw, source, tz=ALMATY, fetched_at=_at(F25))
    assert parsed.value is None
    assert parsed.problem == problem
    assert parsed.raw == raw


def test_up_to_a_day_ahead_of_the_fetch_is_tolerated() -> None:
    parsed = resolve_date("2025-11-29T15:00:00Z", "api:created_date", tz=ALMATY, fetched_at=_at(F25))
    assert parsed.value == _at("2025-11-29T15:00:00+00:00")


def test_naive_fetch_time_is_utc() -> None:
    naive = resolve_date("2 сағат бұрын", "text", tz=ALMATY, fetched_at=datetime(2025, 11, 28, 15))
    aware = resolve_date("2 сағат бұрын", "text", tz=ALMATY, fetched_at=_at(F25))
    assert naive.value == aware.value == _at("2025-11-28T18:00:00+05:00")


@pytest.mark.parametrize("raw", ["кеше, 10:15", "2 сағат бұрын", "22 желтоқсанда", "a month ago", "17 марта"])
def test_without_fetch_time_relative_and_year_less_stay_unparsed(raw: str) -> None:
    parsed = resolve_date(raw, "text", tz=ALMATY, fetched_at=None)
    assert parsed.value is None
    assert parsed.problem == "unparsed"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("22.12.2020 15:30", "2020-12-22T15:30:00+06:00"),
        ("2020 жылғы 22 желтоқсан", "2020-12-22T00:00:00+06:00"),
        ("22 декабря 2020 10:00 CET", "2020-12-22T15:00:00+06:00"),
    ],
)
def test_without_fetch_time_absolute_dates_parse(raw: str, expected: str) -> None:
    assert resolve_date(raw, "text", tz=ALMATY, fetched_at=None).value == _at(expected)


def test_relative_forms_follow_the_fetch_time_not_the_clock() -> None:
    first = resolve_date("кеше, 10:15", "text", tz=ALMATY, fetched_at=_at("2021-05-04T12:00:00+00:00"))
    second = resolve_date("кеше, 10:15", "text", tz=ALMATY, fetched_at=_at("2021-05-04T12:00:00+00:00"))
    assert first.value == second.value == _at("2021-05-03T10:15:00+06:00")
    assert resolve_date("вчера", "text", tz=MOSCOW, fetched_at=_at("2019-01-01T00:30:00+00:00")).value == _at(
        "2018-12-31T03:30:00+03:00"
    )


def test_languages_limit_the_month_names() -> None:
    fetched = _at(F25)
    assert (
        resolve_date("15 Qazan, 2015", "text", tz=ALMATY, fetched_at=fetched, languages=("ru",)).value is None
    )
    assert resolve_date(
        "15 Qazan, 2015", "text", tz=ALMATY, fetched_at=fetched, languages=("kk",)
    ).value == _at("2015-10-15T00:00:00+06:00")


def test_structured_values_do_not_reach_dateparser() -> None:
    fetched = _at(F25)
    assert (
        resolve_date("2020-12-22T09:30:51.123+0000", "api:x", tz=ALMATY, fetched_at=fetched).method == "iso"
    )
    assert (
        resolve_date("Tue, 22 Dec 2020 15:30:00 +0600", "rss", tz=ALMATY, fetched_at=fetched).method
        == "rfc822"
    )
    assert resolve_date("13:51, 15 Тамыз 2025", "text", tz=ALMATY, fetched_at=fetched).method == "tokens"


def test_a_month_without_a_day_does_not_reach_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsbot.dates.visible as visible

    asked: list[str] = []
    real = visible.parse_with_dateparser
    monkeypatch.setattr(visible, "parse_with_dateparser", lambda text, **kw: asked.append(text) or real(text, **kw))
    fetched = _at(F25)
    assert resolve_date("Август 2025", "text", tz=ALMATY, fetched_at=fetched).value is None
    assert resolve_date("August 2025", "text", tz=ALMATY, fetched_at=fetched).value is None
    assert asked == []
    # A day next to the month still goes there when the fast path cannot read the rest.
    assert resolve_date("15 June 2025, 15h30", "text", tz=ALMATY, fetched_at=fetched).method == "dateparser"
    assert asked == ["15 June 2025, 15h30"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15 июня 2025 года в 15.30", "2025-06-15T15:30:00+05:00"),
        ("15 June 2025 at 3.30pm", "2025-06-15T15:30:00+05:00"),
        ("10.30 15 июня 2025", "2025-06-15T10:30:00+05:00"),
    ],
)
def test_dotted_times_take_the_fast_path(raw: str, expected: str) -> None:
    parsed = resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(F25))
    assert (parsed.method, parsed.value) == ("tokens", _at(expected))


def test_dotted_times_are_checked_like_other_times() -> None:
    for raw in ("15.06 2025", "15 июня 2025 года в 15.75", "15 июня 2025 10.30 12.40"):
        assert resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(F25)).value is None


def test_wordpress_date_gmt_with_an_offset_keeps_it() -> None:
    parsed = resolve_date("2020-12-22T09:30:51+06:00", "wp:date_gmt", tz=ALMATY, fetched_at=_at(F25))
    assert parsed.value == _at("2020-12-22T03:30:51+00:00")


def test_parse_iso_keeps_its_contract() -> None:
    assert parse_iso8601("2020-12-22T09:30:51.123+0000", ALMATY) == _at("2020-12-22T09:30:51.123+00:00")
    assert parse_iso8601("2020-12-22T15:30:00", ALMATY) == _at("2020-12-22T15:30:00+06:00")
    assert parse_iso8601("20201222", ALMATY) is None
    assert parse_iso8601("", ALMATY) is None


@pytest.mark.parametrize(
    "raw",
    [
        "2020-12-22T10:00:00+99:00",
        "999999 days ago",
        "99999 жыл бұрын",
        "31.12.9999 25:61",
        "0 декабря 2020",
        "🕒",
    ],
)
def test_hostile_strings_never_raise(raw: str) -> None:
    for source in ("text", "api:created_date", "rss", "wp:date_gmt"):
        parsed = resolve_date(raw, source, tz=ALMATY, fetched_at=_at(F25))
        assert parsed.value is None
        assert parsed.problem == "unparsed"


@pytest.mark.parametrize("source", ["rss", "sitemap", "meta", "jsonld", "time", "text", "api:created_date"])
@pytest.mark.parametrize(
    "raw",
    [
        "Wed, 11 Jun 2025 10:3000000000:00 GMT",
        "Wed, 11 Jun 99999 10:30:00 +9999",
        "99999-01-01T00:00:00",
        "2020-12-22T09:30:51+99:99",
        "20201222T0930+9999",
        "вчера в 99:99",
        "9" * 5000,
        "15 " * 3000 + "июня 2025",
        "99999999999999999999 days ago",
        "https://x.org/2021/02/30/slug",
    ],
)
def test_absurd_values_give_null_never_an_exception(raw: str, source: str) -> None:
    parsed = resolve_date(raw, source, tz=ALMATY, fetched_at=_at(F25))
    assert parsed.value is None
    assert parsed.problem in ("unparsed", "absurd", "future")


def test_a_long_run_of_numbers_is_read_in_linear_time() -> None:
    """A hostile page's 60 KB "date": the view-counter pattern once backtracked from every number (1 s for 9 KB, so
    about 45 s here). Linear, it takes milliseconds: the limit is a thousand times that, for a loaded machine."""
    raw = "15 " * 20_000 + "июня 2025 · 1 204 просмотра"
    started = time.perf_counter()
    parsed = resolve_date(raw, "text", tz=ALMATY, fetched_at=_at(F25))
    assert time.perf_counter() - started < 10
    assert parsed.value is None


def test_fetch_time_at_the_end_of_the_calendar_gives_null() -> None:
    parsed = resolve_date("вчера", "text", tz=ALMATY, fetched_at=datetime(9999, 12, 31, 23, tzinfo=UTC))
    assert parsed.value is None
    assert parsed.problem == "unparsed"
