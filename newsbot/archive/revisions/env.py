"""Runs newsbot's revisions on the connection migrations.py hands over (config.attributes["connection"]), inside
its transaction; without one (a developer's `alembic` command), on the database `sqlalchemy.url` names."""

from __future__ import annotations

import logging
from typing import Any

from alembic import context
from sqlalchemy import create_engine

from newsbot.archive.migrations import include_object
from newsbot.archive.schema import metadata

logger = logging.getLogger("newsbot.archive.migrations")
config = context.config


def on_version_apply(*, ctx: Any, step: Any, heads: Any, run_args: Any) -> None:
    """After each revision: SQLite's user_version says the same schema number (other tools read it)."""
    number = int(step.up_revision_id)
    logger.warning("archive upgraded: %s", step.up_revision.doc)
    if ctx.connection.dialect.name == "sqlite":
        ctx.connection.exec_driver_sql(f"PRAGMA user_version = {number}")
    config.attributes.setdefault("applied", []).append(number)


def run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=metadata, include_object=include_object,
                      on_version_apply=on_version_apply)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as own:
        run(own)
