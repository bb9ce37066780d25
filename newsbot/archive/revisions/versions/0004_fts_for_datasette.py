"""Schema 4: the FTS5 table declared so that Datasette and sqlite-utils recognise it (`content="articles"`).

SQLite only: the table is rebuilt from the articles. PostgreSQL's full-text search is a generated column that
migrations.create_extras adds where it is missing.
"""

from alembic import op

from newsbot.archive.schema import FTS_DDL

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
    for ddl in FTS_DDL:
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
