"""Workers benchmark (run by hand): how crawl throughput grows with workers on a shared Redis queue, and whether
politeness holds per host while it does.

    .venv/bin/python bench/workers_bench.py                      # 1, 2 and 4 workers, the table in bench/README.md
    .venv/bin/python bench/workers_bench.py --workers 2 --delay 1   # one count, the real default delay

The imitation: 40 gov.kz projects on one host (127.0.0.1, as every project is on www.gov.kz) and 20 single-project
sites on 20 hosts of their own (127.0.0.2 to 127.0.0.21), each a gov.kz API imitation (tests/govkz_server.py)
with --articles releases per project in Russian. For each worker count: a fresh PostgreSQL database and Redis
queue, one `newsbot enqueue` of all 60 sites, N `newsbot worker --until-empty` processes started together; then
the archive must hold every release once. Reported: articles/s over the wall time, each host's request rate, the
least gap between two requests to one host (negative: two in flight) and whether any two overlapped.
Also the PostgreSQL insert rate against SQLite's for the same batch of articles (ArchiveWriter, 5,000 rows).
Needs PostgreSQL and Redis on 127.0.0.1 (`pip install -e '.[test]'` brings their clients).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from govkz_server import GovKzImitation  # noqa: E402  (the tests' imitation, on purpose)
from local_server import running  # noqa: E402

PG_SERVER = os.environ.get("NEWSBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("NEWSBOT_TEST_REDIS", "redis://127.0.0.1:6379/14")


def releases(project: str, count: int) -> list[dict]:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    return [{
        "id": str(1000 + n), "slug": None, "title": f"{project}: заявление пресс-службы номер {n}",
        "body": "".join(f"<p>Абзац {p} заявления {n} ведомства {project}: текст о переговорах, визитах и "
                        "соглашениях, достаточно длинный, чтобы быть статьёй.</p>" for p in range(6)),
        "short_description": f"Заявление {n}", "created_date": (start - timedelta(hours=n)).isoformat(),
        "heropic": None, "projects": [project], "directions": [],
    } for n in range(count)]


class HostImitation(GovKzImitation):
    """The gov.kz imitation bound to one loopback address of its own."""

    def __init__(self, host: str, fixtures: Path) -> None:
        self.bind_host = host
        super().__init__(fixtures=fixtures)


def write_portal(root: Path, projects: list[str], count: int) -> Path:
    for project in projects:
        (root / project).mkdir(parents=True)
        (root / project / "ru.json").write_text(json.dumps(releases(project, count), ensure_ascii=False))
    return root


@contextmanager
def fresh_database() -> Iterator[str]:
    import psycopg

    name = f"newsbot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_SERVER.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def newsbot(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsbot", *args]


def host_figures(servers: list[GovKzImitation]) -> dict[str, float]:
    rates, least_gap, overlaps = [], float("inf"), 0
    for server in servers:
        seen = sorted(server.requests, key=lambda r: r.started)
        if len(seen) > 1:
            rates.append((len(seen) - 1) / (seen[-1].started - seen[0].started))
        for before, after in pairwise(seen):
            gap = after.started - before.answered
            least_gap = min(least_gap, gap)
            overlaps += gap < 0
    return {"max_host_rate": max(rates), "least_gap": least_gap, "overlaps": overlaps}


def run_once(workers: int, args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    portal_projects = [f"p{n:02d}" for n in range(args.projects)]
    settings = ["-s", f"DOWNLOAD_DELAY={args.delay}", "-s", "AUTOTHROTTLE_ENABLED=0"]
    with ExitStack() as stack:
        portal = stack.enter_context(running(GovKzImitation(
            fixtures=write_portal(tmp / f"portal{workers}", portal_projects, args.articles))))
        hosts = [stack.enter_context(running(HostImitation(
            f"127.0.0.{n + 2}", write_portal(tmp / f"host{workers}-{n}", [f"h{n:02d}"], args.articles))))
            for n in range(args.hosts)]
        db = stack.enter_context(fresh_database())
        for project in portal_projects:
            subprocess.run(newsbot("enqueue", f"govkz:{project}", "--queue", REDIS, "--base-url", portal.url,
                                   "--lang", "ru"), check=True, capture_output=True)
        for n, server in enumerate(hosts):
            subprocess.run(newsbot("enqueue", f"govkz:h{n:02d}", "--queue", REDIS, "--base-url", server.url,
                                   "--lang", "ru"), check=True, capture_output=True)
        started = time.monotonic()
        procs = [subprocess.Popen(newsbot("worker", "--queue", REDIS, "--db", db, "--until-empty", *settings),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
        codes = [proc.wait() for proc in procs]
        wall = time.monotonic() - started
        import psycopg

        with psycopg.connect(db) as conn:
            stored, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
        expected = (args.projects + args.hosts) * args.articles
        if codes != [0] * workers or stored != expected or distinct != expected:
            raise SystemExit(f"{workers} workers: exit codes {codes}, {stored} stored ({distinct} distinct) "
                             f"of {expected}")
        figures = {"workers": workers, "wall_s": wall, "articles_per_s": stored / wall}
        figures.update({f"portal_{k}": v for k, v in host_figures([portal]).items()})
        figures.update({f"hosts_{k}": v for k, v in host_figures(hosts).items()})
        return figures


def insert_rates(rows: int) -> dict[str, float]:
    from newsbot.archive.db import open_archive
    from newsbot.archive.writer import ArchiveWriter
    from newsbot.items import Article

    now = datetime.now(UTC)
    articles = [Article(site="bench", url=f"https://bench.example/{n}", lang="ru", title=f"Статья {n}",
                        text=f"Текст статьи номер {n}. " * 40, html=f"<p>Текст {n}</p>", fetched_at=now,
                        published_at=now - timedelta(minutes=n)) for n in range(rows)]
    rates = {}
    with tempfile.TemporaryDirectory() as folder, fresh_database() as pg:
        for name, db in (("sqlite", str(Path(folder) / "a.sqlite")), ("postgresql", pg)):
            engine = open_archive(db)
            writer = ArchiveWriter(engine, timezone="Asia/Almaty", extractor_version="bench")
            started = time.perf_counter()
            for first in range(0, rows, 100):
                writer.write(articles[first:first + 100])
            rates[f"{name}_rows_per_s"] = rows / (time.perf_counter() - started)
            engine.dispose()
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--projects", type=int, default=40)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--insert-rows", type=int, default=5000)
    args = parser.parse_args()
    print(f"# {platform.node()} {os.cpu_count()} cores, python {platform.python_version()}, "
          f"{datetime.now(UTC):%Y-%m-%d}, delay {args.delay} s, {args.projects} projects on one host + "
          f"{args.hosts} hosts, {args.articles} articles each")
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(n) for n in args.workers.split(",")):
            figures = run_once(count, args, Path(folder))
            print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    print(json.dumps({k: round(v) for k, v in insert_rates(args.insert_rows).items()}))


if __name__ == "__main__":
    main()
