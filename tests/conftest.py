from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from cli_client import CliServer, ForkedRun, cli_environment
from govkz_server import ApiBehaviour, GovKzImitation, serve

if TYPE_CHECKING:
    from fault_site import FaultServer
    from pg_databases import PostgresDatabases

FIXTURES = Path(__file__).parent / "fixtures"
# A fixed fetch time for everything that is not a real crawl.
FETCHED_AT = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
# Settings that make a local crawl fast; politeness is for real sites.
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "NEWSBOT_GOVKZ_PAGE_SIZE=2")


def pytest_configure(config: pytest.Config) -> None:
    """Where PYTHONDONTWRITEBYTECODE is set (as on this project's machines), every CLI run, page reader and worker
    of the suite compiled newsbot's sources again: 24 of its 217 CPU-seconds here. The suite's processes keep
    their bytecode in a folder of the session's instead (PYTHONPYCACHEPREFIX), so the source tree still gets none;
    the workers and subprocesses started from here inherit it."""
    if hasattr(config, "workerinput") or not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    if not os.environ.get("PYTHONPYCACHEPREFIX"):
        os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="newsbot-tests-pycache-")
        config.add_cleanup(functools.partial(shutil.rmtree, os.environ["PYTHONPYCACHEPREFIX"], ignore_errors=True))
    del os.environ["PYTHONDONTWRITEBYTECODE"]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject.toml): two workers a core. Most of the suite waits rather than computes (local
    servers' delays, Retry-After, timeouts, killed and restarted runs), so one worker a core left them idle
    (on 2 cores: 89 s against 121 s for the whole suite)."""
    return 2 * (os.cpu_count() or 1)


def load_fixture(*parts: str) -> list[dict]:
    return json.loads(FIXTURES.joinpath(*parts).read_text(encoding="utf-8"))


@pytest.fixture
def govkz_api(request: pytest.FixtureRequest) -> Iterator[GovKzImitation]:
    """The gov.kz imitation; parametrize indirectly with an ApiBehaviour to change how it answers."""
    behaviour = getattr(request, "param", None) or ApiBehaviour()
    with serve(behaviour) as imitation:
        yield imitation


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real CLI in a process of its own (a Scrapy crawl owns its process's reactor), without NEWSBOT_*
    variables: a fork of tests/cli_server.py, which has the libraries imported already."""
    env = cli_environment()
    return cli_server().run(list(args), env=env, timeout=timeout)


def start_cli(*args: str, text: bool = False) -> ForkedRun:
    """`run_cli` for a run the test watches, signals or kills while it goes on: what a Popen of the CLI gives."""
    env = cli_environment()
    return cli_server().start(list(args), env=env, text=text)


@functools.cache
def cli_server() -> CliServer:
    """One server per test process, started by its first CLI run."""
    return CliServer()


@pytest.fixture
def run_newsbot() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs the real CLI in a subprocess; module-scoped fixtures call `run_cli` directly."""
    return run_cli


@pytest.fixture(scope="session")
def fault_server_process() -> Iterator[FaultServer]:
    from fault_site import FaultServer  # imports FAST from here

    server = FaultServer()
    yield server
    server.stop()


@pytest.fixture
def faults(fault_server_process: FaultServer) -> FaultServer:
    """The fault-injection server (tests/fault_server.py), its request log emptied for this test."""
    fault_server_process.reset()
    return fault_server_process


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis on 127.0.0.1 (database 15, one below it per parallel worker), emptied before and after. It must
    answer in CI (CI=true); elsewhere a machine without one skips these tests with one line."""
    import redis

    # One database per pytest-xdist worker (gw0 15, gw1 14, ...): each test empties its own.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    url = os.environ.get("NEWSBOT_TEST_REDIS", f"redis://127.0.0.1:6379/{15 - worker % 15}")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {url}: {error}")
        pytest.skip(f"no Redis at {url} ({error})")
    # Two test runs on one machine (a developer's and a CI check) would empty each other's queue mid-test: a test
    # holds its database alone, the other run's test on it waits.
    lock_name = "newsbot-tests-redis-" + "".join(ch if ch.isalnum() else "-" for ch in url) + ".lock"
    with (Path(tempfile.gettempdir()) / lock_name).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        client.flushdb()
        yield url
        client.flushdb()
    client.close()


def _postgres_database() -> Iterator[str]:
    """An empty database on the real PostgreSQL at 127.0.0.1 (NEWSBOT_TEST_POSTGRES names another server), new or
    emptied after an earlier test (tests/pg_databases.py). It must answer in CI (CI=true); elsewhere a machine
    without one skips with one line."""
    import psycopg

    databases = postgres_databases()
    try:
        psycopg.connect(databases.server, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL at {databases.server}: {error}")
        pytest.skip(f"no PostgreSQL at {databases.server} ({error})")
    with databases.database() as url:
        yield url


@functools.cache
def postgres_databases() -> PostgresDatabases:
    """One pool of test databases per test process; the session's end drops them (drop_postgres_databases)."""
    from pg_databases import PostgresDatabases

    return PostgresDatabases(os.environ.get("NEWSBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"))


@pytest.fixture(scope="session", autouse=True)
def drop_postgres_databases() -> Iterator[None]:
    yield
    if postgres_databases.cache_info().currsize:
        postgres_databases().drop_all()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for a test that is about PostgreSQL itself (see _postgres_database)."""
    yield from _postgres_database()


def backend(db: str) -> str:
    """"sqlite" or "postgresql": which backend an `archive_db` location is on."""
    return "postgresql" if db.startswith(("postgresql", "postgres:")) else "sqlite"


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh archive location, once per backend: a new SQLite file in tmp_path (not created yet), or a new,
    empty PostgreSQL database (skipped in one line where there is no server, failed under CI=true)."""
    if request.param == "sqlite":
        yield str(tmp_path / "archive.sqlite")
    else:
        yield from _postgres_database()


@pytest.fixture
def small_archive(tmp_path: Path) -> Path:
    """An archive of three articles written by the real writer (tests/archive_helpers.py)."""
    from archive_helpers import article, write

    path = tmp_path / "archive.sqlite"
    write(path, *(article(n) for n in range(3)))
    return path
