"""Real-world date strings with the instants they mean, worked out by hand.

Data, no tests: shared by tests/test_dates.py and bench/dates_bench.py. Each row: raw, source, site
zone, fetch time, expected instant as an ISO literal (with the offset the zone has on that date) or None,
and whether the format is rare.
"""

from __future__ import annotations

from typing import NamedTuple

ALMATY = "Asia/Almaty"  # UTC+6 until 2024-03-01, UTC+5 after
MOSCOW = "Europe/Moscow"  # UTC+3
MINSK = "Europe/Minsk"  # UTC+3
DUSHANBE = "Asia/Dushanbe"  # UTC+5
BISHKEK = "Asia/Bishkek"  # UTC+6
TASHKENT = "Asia/Tashkent"  # UTC+5

# 20:00 in Almaty, 18:00 in Moscow.
F25 = "2025-11-28T15:00:00+00:00"
# 11:00 in Almaty.
F26 = "2026-09-01T06:00:00+00:00"


class Case(NamedTuple):
    raw: str
    source: str
    tz: str
    fetched_at: str
    expected: str | None
    # A format seldom seen on the crawled sites (weighted low in the benchmark's mix).
    rare: bool = False


CASES: list[Case] = [
    # gov.kz API created_date, other API fields
    Case("2020-12-22T09:30:51.123+0000", "api:created_date", ALMATY, F25, "2020-12-22T09:30:51.123+00:00"),
    Case("2024-05-14T00:00:00.000+0000", "api:created_date", ALMATY, F25, "2024-05-14T00:00:00+00:00"),
    Case("2019-07-01T00:00:00+0000", "api:created_date", ALMATY, F25, "2019-07-01T00:00:00+00:00"),
    Case("2025-11-28T10:05:00Z", "api:created_date", ALMATY, F25, "2025-11-28T10:05:00+00:00"),
    Case("1608629451", "api:timestamp", ALMATY, F25, "2020-12-22T09:30:51+00:00"),
    Case("1608629451000", "api:timestamp", ALMATY, F25, "2020-12-22T09:30:51+00:00"),
    # WordPress: date_gmt is UTC without offset, date is site-local
    Case("2020-12-22T09:30:51", "wp:date_gmt", ALMATY, F25, "2020-12-22T09:30:51+00:00"),
    Case("2025-06-15 10:30:00", "wp:date_gmt", ALMATY, F25, "2025-06-15T10:30:00+00:00"),
    Case("2020-12-22T15:30:51", "wp:date", ALMATY, F25, "2020-12-22T15:30:51+06:00"),
    Case("2025-06-15T15:30:00", "wp:date", ALMATY, F25, "2025-06-15T15:30:00+05:00"),
    # RSS pubDate (RFC 822) and Atom
    Case("Tue, 22 Dec 2020 15:30:00 +0600", "rss", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("Thu, 20 Aug 2026 12:00:00 +0300", "rss", MOSCOW, F26, "2026-08-20T12:00:00+03:00"),
    Case("Mon, 15 Sep 2025 08:00:00 GMT", "rss", ALMATY, F25, "2025-09-15T08:00:00+00:00"),
    Case("Fri, 28 Nov 2025 09:15:00 -0000", "rss", ALMATY, F25, "2025-11-28T09:15:00+00:00"),
    Case("2025-10-01T12:00:00+05:00", "rss", ALMATY, F25, "2025-10-01T12:00:00+05:00"),
    # meta article:published_time, JSON-LD, <time datetime>
    Case("2020-12-22T15:30:00+06:00", "meta", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("2025-11-27T18:42:10+00:00", "meta", ALMATY, F25, "2025-11-27T18:42:10+00:00"),
    Case("2025-03-05", "jsonld", DUSHANBE, F25, "2025-03-05T00:00:00+05:00"),
    # 2024-02-29 23:00-24:00 happened twice in Almaty (24:00 +06 became 23:00 +05): the first reading.
    Case("2024-02-29T23:30:00", "jsonld", ALMATY, F25, "2024-02-29T23:30:00+06:00"),
    Case("2024-03-01T00:30:00", "time", ALMATY, F25, "2024-03-01T00:30:00+05:00"),
    Case("2020-12-22T09:30:51.123+0000", "text", ALMATY, F25, "2020-12-22T09:30:51.123+00:00"),
    # numeric visible dates, always day first
    Case("22.12.2020 15:30", "text", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("15.06.2025 15:30", "text", ALMATY, F25, "2025-06-15T15:30:00+05:00"),
    Case("20.08.2026", "text", MOSCOW, F26, "2026-08-20T00:00:00+03:00"),  # mid.ru
    Case("05.03.2025 14:20", "text", DUSHANBE, F25, "2025-03-05T14:20:00+05:00"),  # mfa.tj
    Case("28.11.2025, 19:54 18706", "text", ALMATY, F25, "2025-11-28T19:54:00+05:00"),  # el.kz
    Case("01.02.2021", "text", ALMATY, F25, "2021-02-01T00:00:00+06:00"),
    Case("22/12/2020", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("22-12-2020 09:05", "text", ALMATY, F25, "2020-12-22T09:05:00+06:00"),
    Case("22.12.20", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("14:20 05.03.2025", "text", DUSHANBE, F25, "2025-03-05T14:20:00+05:00"),
    Case("2020-12-22 15:30", "text", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("29.02.2024 23:59", "text", ALMATY, F25, "2024-02-29T23:59:00+06:00"),
    Case("01.03.2024 00:00", "text", ALMATY, F25, "2024-03-01T00:00:00+05:00"),
    Case("Жарияланған уақыты: 22.12.2020", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("Дата публикации: 05.03.2025 14:20", "text", ALMATY, F25, "2025-03-05T14:20:00+05:00"),
    Case("Опубликовано: 17.11.2025 10:00", "text", MOSCOW, F25, "2025-11-17T10:00:00+03:00"),
    Case("27.11.2025 | 12:40", "text", ALMATY, F25, "2025-11-27T12:40:00+05:00"),
    Case("📅 26.11.2025", "text", ALMATY, F25, "2025-11-26T00:00:00+05:00"),
    Case("28.11.2025, 09:12 | Просмотров: 1520", "text", ALMATY, F25, "2025-11-28T09:12:00+05:00"),
    Case("12.11.2025 11:20:45", "text", ALMATY, F25, "2025-11-12T11:20:45+05:00"),
    Case("22.11.2025 10:00", "text", BISHKEK, F25, "2025-11-22T10:00:00+06:00"),
    Case("15.11.2025 09:00", "text", TASHKENT, F25, "2025-11-15T09:00:00+05:00"),
    # Kazakh
    Case("22 желтоқсан 2020", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("30 қаңтар, 2025 сағат 13:48", "text", ALMATY, F25, "2025-01-30T13:48:00+05:00"),
    Case("2020 жылғы 22 желтоқсан", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("2020 жылдың 22 желтоқсан күні", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("2025 жылғы 15 қазан", "text", ALMATY, F25, "2025-10-15T00:00:00+05:00"),
    Case("2025 жылы 3 наурызда", "text", ALMATY, F25, "2025-03-03T00:00:00+05:00"),
    Case("13:51, 15 Тамыз 2025", "text", ALMATY, F25, "2025-08-15T13:51:00+05:00"),  # inform.kz
    Case("15 Тамыз 2025", "text", ALMATY, F25, "2025-08-15T00:00:00+05:00"),
    Case("10 Қыркүйек 2025, 09:00", "text", ALMATY, F25, "2025-09-10T09:00:00+05:00"),
    Case("1 мамыр 2023 ж.", "text", ALMATY, F25, "2023-05-01T00:00:00+06:00"),
    Case("2023 ж. 1 мамыр", "text", ALMATY, F25, "2023-05-01T00:00:00+06:00"),
    Case("22 желтоқсанда", "text", ALMATY, F25, "2024-12-22T00:00:00+05:00"),
    Case("5 қарашада, 18:30", "text", ALMATY, F25, "2025-11-05T18:30:00+05:00"),
    Case("Жарияланды: 27 қараша 2025, 11:05", "text", ALMATY, F25, "2025-11-27T11:05:00+05:00"),
    Case("15 Qazan, 2015", "text", ALMATY, F25, "2015-10-15T00:00:00+06:00"),
    Case("3 Naýryz 2021", "text", ALMATY, F25, "2021-03-03T00:00:00+06:00"),
    Case("25 Jeltoqsan 2024", "text", ALMATY, F25, "2024-12-25T00:00:00+05:00"),
    Case("Сейсенбі, 22 желтоқсан 2020", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("22 желтоқсан 2020 жыл, сейсенбі", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("2 сағат бұрын", "text", ALMATY, F25, "2025-11-28T18:00:00+05:00"),
    Case("кеше, 10:15", "text", ALMATY, F25, "2025-11-27T10:15:00+05:00"),
    Case("кеше", "text", ALMATY, F25, "2025-11-27T20:00:00+05:00"),
    Case("бүгін, 09:30", "text", ALMATY, F25, "2025-11-28T09:30:00+05:00"),
    Case("30 минут бұрын", "text", ALMATY, F25, "2025-11-28T19:30:00+05:00"),
    Case("3 күн бұрын", "text", ALMATY, F25, "2025-11-25T20:00:00+05:00"),
    Case("2 ай бұрын", "text", ALMATY, F25, "2025-09-28T20:00:00+05:00"),
    # Russian
    Case("22 декабря 2020", "text", MINSK, F25, "2020-12-22T00:00:00+03:00"),  # mfa.gov.by
    Case("22 декабря 2020 г.", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("21 марта 2026 года", "text", ALMATY, F26, "2026-03-21T00:00:00+05:00"),  # akorda
    Case("17-го Марта 2021 г.", "text", MOSCOW, F25, "2021-03-17T00:00:00+03:00"),
    Case("17-го Марта", "text", MOSCOW, F25, "2025-03-17T00:00:00+03:00"),
    Case("Опубликовано: 22 декабря 2020, 15:30", "text", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("15 Август 2025", "text", ALMATY, F25, "2025-08-15T00:00:00+05:00"),
    Case("3 ноября 2025 в 14:05", "text", MOSCOW, F25, "2025-11-03T14:05:00+03:00"),
    Case("Понедельник, 24 ноября 2025", "text", ALMATY, F25, "2025-11-24T00:00:00+05:00"),
    Case("12 фев. 2024", "text", ALMATY, F25, "2024-02-12T00:00:00+06:00"),
    Case("Дата: 01 сентября 2025", "text", ALMATY, F25, "2025-09-01T00:00:00+05:00"),
    Case("22 декабря 2020 г. 15:30", "text", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("вчера, 18:40", "text", MOSCOW, F25, "2025-11-27T18:40:00+03:00"),
    Case("вчера", "text", MOSCOW, F25, "2025-11-27T18:00:00+03:00"),
    Case("позавчера", "text", ALMATY, F25, "2025-11-26T20:00:00+05:00"),
    Case("сегодня в 10:15", "text", MOSCOW, F25, "2025-11-28T10:15:00+03:00"),
    Case("5 минут назад", "text", MOSCOW, F25, "2025-11-28T17:55:00+03:00"),
    Case("2 часа назад", "text", MOSCOW, F25, "2025-11-28T16:00:00+03:00"),
    Case("час назад", "text", ALMATY, F25, "2025-11-28T19:00:00+05:00"),
    Case("1 неделю назад", "text", ALMATY, F25, "2025-11-21T20:00:00+05:00"),
    Case("3 месяца назад", "text", ALMATY, F25, "2025-08-28T20:00:00+05:00"),
    Case("22.12.2020 10:00 MSK", "text", ALMATY, F25, "2020-12-22T10:00:00+03:00"),
    Case("20.08.2026 14:30 МСК", "text", MOSCOW, F26, "2026-08-20T14:30:00+03:00"),
    # odd forms only dateparser reads
    Case("15.06.2025 15h30", "text", ALMATY, F25, "2025-06-15T15:30:00+05:00", rare=True),
    Case("15 June 2025 at 3.30pm", "text", ALMATY, F25, "2025-06-15T15:30:00+05:00", rare=True),
    Case("15 июня 2025 года в 15.30", "text", ALMATY, F25, "2025-06-15T15:30:00+05:00", rare=True),
    # English
    Case("Published: Dec 22, 2020 3:30 PM", "text", ALMATY, F25, "2020-12-22T15:30:00+06:00"),
    Case("December 22, 2020", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("22 December 2020", "text", ALMATY, F25, "2020-12-22T00:00:00+06:00"),
    Case("Mar 5, 2024 10:00 AM", "text", ALMATY, F25, "2024-03-05T10:00:00+05:00"),
    Case("Posted on 1st September 2025", "text", ALMATY, F25, "2025-09-01T00:00:00+05:00"),
    Case("Tuesday, 22 December 2020 15:30 UTC", "text", ALMATY, F25, "2020-12-22T15:30:00+00:00"),
    Case("22 Dec 2020 15:30 +0300", "text", ALMATY, F25, "2020-12-22T15:30:00+03:00"),
    Case("yesterday", "text", ALMATY, F25, "2025-11-27T20:00:00+05:00"),
    Case("3 days ago", "text", ALMATY, F25, "2025-11-25T20:00:00+05:00"),
    Case("2 weeks ago", "text", ALMATY, F25, "2025-11-14T20:00:00+05:00"),
    Case("an hour ago", "text", ALMATY, F25, "2025-11-28T19:00:00+05:00"),
    Case("a month ago", "text", ALMATY, F25, "2025-10-28T20:00:00+05:00"),
    # never a date
    Case("447.75", "text", ALMATY, F25, None),
    Case("USD - 447.75", "text", ALMATY, F25, None),
    Case("EUR - 490.40", "text", ALMATY, F25, None),
    Case("2020-2021 жылдарға", "text", ALMATY, F25, None),
    Case("18706", "text", ALMATY, F25, None),
    Case("+7 (7172) 72-05-18", "text", ALMATY, F25, None),
    Case("Валюта бағамы", "text", ALMATY, F25, None),
    Case("Фото: МИД РК", "text", ALMATY, F25, None),
    Case("Август 2025", "text", ALMATY, F25, None),
    Case("10:15", "text", ALMATY, F25, None),
    Case("2020", "text", ALMATY, F25, None),
    Case("31.02.2020", "text", ALMATY, F25, None),
    Case("0000-00-00 00:00:00", "wp:date_gmt", ALMATY, F25, None),
]
