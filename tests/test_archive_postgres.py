"""A PostgreSQL archive opened by several workers at once, and the per-site run lock."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import inspect

from newsbot.archive.db import open_archive
from newsbot.archive.lock import ArchiveLockedError, site_locks


def test_workers_opening_a_new_archive_at_once_all_get_it(postgres_url: str) -> None:
    def open_and_close(_: int) -> list[str]:
        engine = open_archive(postgres_url)
        try:
            return sorted(inspect(engine).get_table_names())
        finally:
            engine.dispose()

    with ThreadPoolExecutor(max_workers=6) as pool:
        tables = list(pool.map(open_and_close, range(6)))
    assert all(found == tables[0] for found in tables) and "articles" in tables[0]


def test_one_run_per_site_at_a_time_and_other_sites_go_on(postgres_url: str) -> None:
    with site_locks(postgres_url, ["mfa", "economy"]):
        with pytest.raises(ArchiveLockedError, match="crawling economy"), site_locks(postgres_url, ["mid", "economy"]):
            pass
        with site_locks(postgres_url, ["mid"]):
            pass
    with site_locks(postgres_url, ["economy"]):  # released with the first run's connection
        pass
