"""A `newsbot sql` query that never ends, and waiting until a run of it is querying: for the tests that stop one."""

from __future__ import annotations

import os
import subprocess
import time

from archive_helpers import query
from cli_client import ForkedRun
from conftest import backend

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def wait_until_querying(proc: subprocess.Popen | ForkedRun, db: str) -> None:
    """Until `newsbot sql` runs its query (its default timeout is minutes away): on PostgreSQL the server says so;
    an SQLite archive is open in the process a few statements before the query, so half a second more covers it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if backend(db) == "postgresql":
            if query(db, "select count(*) from pg_stat_activity where state = 'active' and query like ? "
                         "and pid <> pg_backend_pid()", ("%WITH RECURSIVE c(x)%",))[0][0]:
                return
        elif any(os.path.realpath(f"/proc/{proc.pid}/fd/{fd}") == os.path.realpath(db)
                 for fd in os.listdir(f"/proc/{proc.pid}/fd")):
            time.sleep(0.5)
            return
        time.sleep(0.05)
    raise AssertionError(f"newsbot sql never ran its query (exit {proc.poll()})")
