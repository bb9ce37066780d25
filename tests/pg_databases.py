"""Empty PostgreSQL databases for the tests, each reused by later tests of its process once emptied.

Creating a database makes the server copy its template (0.15-0.2 s, and more on a loaded machine, in each of
the suite's 170 PostgreSQL tests); emptying one takes 0.02 s. A database is handed out again only if it is as a
new one would be: nothing but an empty `public` schema as PostgreSQL makes it, no extension, no default privilege,
no setting of its own. Anything else a test left (or a run that is still connected and cannot be stopped) and
the database is dropped instead.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import psycopg

# What a test may leave that emptying `public` would not remove; each must be 0 for the database to be reused.
_LEFT_OVER = """
SELECT (SELECT count(*) FROM pg_namespace
        WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%')
     + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
     + (SELECT count(*) FROM pg_default_acl)
     + (SELECT count(*) FROM pg_largeobject_metadata)
     + (SELECT count(*) FROM pg_db_role_setting WHERE setdatabase = (
            SELECT oid FROM pg_database WHERE datname = current_database()))
     + (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)
"""
# The `public` schema's owner and privileges: made again as this server made them, or the database is dropped.
_PUBLIC = "SELECT nspowner::regrole::text, nspacl::text FROM pg_namespace WHERE nspname = 'public'"


class PostgresDatabases:
    def __init__(self, server: str) -> None:
        self.server = server  # the maintenance database's URL: databases are created and dropped from it
        self._free: list[str] = []
        self._made: set[str] = set()
        self._public: tuple | None = None  # _PUBLIC in a database as the server creates it

    def url(self, name: str) -> str:
        return self.server.rsplit("/", 1)[0] + f"/{name}"

    @contextlib.contextmanager
    def database(self) -> Iterator[str]:
        """An empty database's URL for the block; afterwards emptied for the next test, or dropped."""
        name = self._free.pop() if self._free else self._create()
        try:
            yield self.url(name)
        finally:
            if self._emptied(name):
                self._free.append(name)
            else:
                self._drop(name)

    def drop_all(self) -> None:
        for name in list(self._made):
            self._drop(name)
        self._free.clear()

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.server, autocommit=True, connect_timeout=3)

    def _create(self) -> str:
        name = f"tests_{uuid.uuid4().hex[:12]}"
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self._made.add(name)
        if self._public is None:
            with psycopg.connect(self.url(name), connect_timeout=3) as conn:
                self._public = conn.execute(_PUBLIC).fetchone()
        return name

    def _drop(self, name: str) -> None:
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.discard(name)

    def _emptied(self, name: str) -> bool:
        try:
            with self._admin() as admin:
                # A run the test killed may still hold a session (and its locks) until the server notices.
                admin.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                              "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            with psycopg.connect(self.url(name), autocommit=True, connect_timeout=3) as conn:
                conn.execute("DROP SCHEMA public CASCADE")
                # As PostgreSQL 15 makes it: owned by the database's owner, usable by everyone.
                conn.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
                conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
                return (conn.execute(_LEFT_OVER).fetchone() == (0,)
                        and conn.execute(_PUBLIC).fetchone() == self._public)
        except psycopg.Error:
            return False
