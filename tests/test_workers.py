"""Workers on a shared queue: real crawls of a local gov.kz imitation into a real PostgreSQL, through a real Redis.

Two gov.kz projects live on one host, as on www.gov.kz: two workers crawling them at once must keep one
request in flight to the host and the delay between requests, cluster-wide.
"""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from cli_client import ForkedRun
from conftest import FIXTURES, run_cli, start_cli
from govkz_server import ApiBehaviour, GovKzImitation
from local_server import running
from sqlalchemy import create_engine, text

from newsbot.archive.db import to_url

DELAY = 0.2
CRAWL_SETTINGS = ("-s", f"DOWNLOAD_DELAY={DELAY}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "NEWSBOT_GOVKZ_PAGE_SIZE=2")
# Scrapy's clock and Redis's differ by a little on one machine; a gap this much short of the delay still counts.
CLOCK_SLACK = 0.02


@pytest.fixture
def portal(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[GovKzImitation]:
    """www.gov.kz with two projects, `alpha` and `beta`, each with the mfa fixtures' five releases per language."""
    for project in ("alpha", "beta"):
        shutil.copytree(FIXTURES / "govkz" / "mfa", tmp_path / "portal" / project)
    behaviour = getattr(request, "param", None) or ApiBehaviour()
    with running(GovKzImitation(behaviour, fixtures=tmp_path / "portal")) as imitation:
        yield imitation


def start_worker(queue: str, db: str, *args: str) -> ForkedRun:
    return start_cli("worker", "--queue", queue, "--db", db, *args, *_settings(), text=True)


def _settings() -> list[str]:
    return [arg for i in range(0, len(CRAWL_SETTINGS), 2) for arg in ("-s", CRAWL_SETTINGS[i + 1])]


def enqueue(queue: str, portal: GovKzImitation, *sites: str) -> None:
    result = run_cli("enqueue", *sites, "--queue", queue, "--base-url", portal.url, "--lang", "kk,ru")
    assert result.returncode == 0, result.stderr


def rows(db: str, sql: str) -> list[tuple]:
    engine = create_engine(to_url(db))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def gaps(portal: GovKzImitation) -> list[float]:
    """Seconds from each answer to the next request's arrival, in arrival order (negative: two in flight)."""
    seen = sorted(portal.requests, key=lambda r: r.started)
    return [after.started - before.answered for before, after in pairwise(seen)]


def spans_overlap(portal: GovKzImitation) -> bool:
    spans = {}
    for request in portal.news_requests():
        project = request.query["projects"][0]
        first, last = spans.get(project, (request.started, request.started))
        spans[project] = (min(first, request.started), max(last, request.started))
    (a_start, a_end), (b_start, b_end) = spans.values()
    return a_start < b_end and b_start < a_end


def test_two_workers_on_one_host_keep_one_request_in_flight_and_the_delay(
    portal: GovKzImitation, redis_url: str, postgres_url: str
) -> None:
    enqueue(redis_url, portal, "govkz:alpha", "govkz:beta")
    workers = [start_worker(redis_url, postgres_url, "--until-empty") for _ in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    assert rows(postgres_url, "SELECT site, count(*) FROM articles GROUP BY site ORDER BY site") == [
        ("govkz:alpha", 10), ("govkz:beta", 10)]
    runs = rows(postgres_url, "SELECT site, status, worker FROM crawl_runs ORDER BY site")
    names = {f":{worker.pid}" for worker in workers}
    assert [(site, status) for site, status, _ in runs] == [("govkz:alpha", "finished"), ("govkz:beta", "finished")]
    assert {worker[worker.rindex(":"):] for _, _, worker in runs} == names  # one job each, run side by side
    assert spans_overlap(portal)
    assert min(gaps(portal)) >= DELAY - CLOCK_SLACK


def test_without_the_shared_limiter_two_workers_would_crowd_the_host(
    portal: GovKzImitation, redis_url: str, postgres_url: str
) -> None:
    """The control for the test above: the same crawl with the limiter switched off does break the rule."""
    enqueue(redis_url, portal, "govkz:alpha", "govkz:beta")
    workers = [start_worker(redis_url, postgres_url, "--until-empty", "-s", "NEWSBOT_HOST_LIMITER=")
               for _ in range(2)]
    for worker in workers:
        worker.communicate(timeout=120)
    assert spans_overlap(portal)
    assert min(gaps(portal)) < DELAY - CLOCK_SLACK


@pytest.mark.parametrize("portal", [ApiBehaviour(delay=0.3)], indirect=True)
def test_a_killed_workers_job_is_finished_by_another_with_nothing_lost_or_doubled(
    portal: GovKzImitation, redis_url: str, postgres_url: str
) -> None:
    enqueue(redis_url, portal, "govkz:alpha")
    doomed = start_worker(redis_url, postgres_url, "--lease", "5")
    deadline = time.monotonic() + 60
    while len(portal.news_requests()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    doomed.send_signal(signal.SIGKILL)
    doomed.communicate(timeout=30)

    heir = start_worker(redis_url, postgres_url, "--until-empty", "--lease", "5")
    _, err = heir.communicate(timeout=120)
    assert heir.returncode == 0, err
    assert "went back to the queue" in err
    assert rows(postgres_url, "SELECT count(*), count(DISTINCT url) FROM articles") == [(10, 10)]
    runs = rows(postgres_url, "SELECT status, worker FROM crawl_runs ORDER BY id")
    assert runs[-1][0] == "finished" and runs[-1][1].endswith(f":{heir.pid}")
    assert runs[0][1].endswith(f":{doomed.pid}") and runs[0][0] in ("interrupted", "killed", "running")
    import redis

    client = redis.Redis.from_url(redis_url)
    assert client.hlen("newsbot:queue:crawl:done") == 1 and client.llen("newsbot:queue:crawl:pending") == 0


def test_bad_input_is_one_line_and_leaves_the_queue_as_it_was(redis_url: str, tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    unknown = run_cli("enqueue", "mfaa", "mfa", "--queue", redis_url)
    assert unknown.returncode == 2 and "mfaa" in unknown.stderr and "Traceback" not in unknown.stderr
    down = run_cli("enqueue", "mfa", "--queue", "redis://127.0.0.1:1/0")
    assert down.returncode == 4 and "cannot reach the queue" in down.stderr
    not_redis = run_cli("worker", "--queue", "http://127.0.0.1:6379", "--db", db)
    assert not_redis.returncode == 2 and "Redis URL" in not_redis.stderr
    import redis

    assert redis.Redis.from_url(redis_url).dbsize() == 0
    bad_db = run_cli("worker", "--queue", redis_url, "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert bad_db.returncode == 2 and bad_db.stderr.count("\n") == 1
