"""The archive in Datasette (`newsbot browse`): metadata that makes its tables read like a list of news.

Datasette is an optional extra (`newsbot[web]`); this module imports it only inside the functions that need it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

# The articles table shows these columns, in this order, unless the address asks for others (`_col`, `_nocol`):
# the HTML, the full text and the bookkeeping would make one row fill a screen.
ARTICLE_COLUMNS = ("published_local", "title", "site", "lang", "summary", "url")

CANNED_QUERIES = {
    "articles_per_site_per_month": {
        "title": "Articles per site per month",
        "description": "How many articles each site published each month (the month in the site's own zone).",
        "sql": "SELECT site, month, count(*) AS articles FROM news WHERE month IS NOT NULL\n"
               "GROUP BY site, month ORDER BY month DESC, site",
    },
    "translations_of_a_release": {
        "title": "Translations of one release",
        "description": "The kk, ru and en versions of one release, by its translation key (e.g. govkz:1001).",
        "sql": "SELECT lang, title, published_local, url FROM articles\n"
               "WHERE translation_key = :translation_key ORDER BY lang",
    },
    "articles_without_a_date": {
        "title": "Articles without a publication date, per site",
        "description": "Where the date could not be read: a site whose share grows needs a look.",
        "sql": "SELECT site, count(*) AS articles, sum(published_at IS NULL) AS without_date,\n"
               "round(100.0 * sum(published_at IS NULL) / count(*), 1) AS percent_without\n"
               "FROM articles GROUP BY site ORDER BY percent_without DESC",
    },
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for an archive served under the name DATABASE."""
    return {
        "title": "newsbot archive",
        "description": "Government and ministry news archived by newsbot. Search titles and texts from the search "
                       "box; `news` lists every article newest first.",
        "databases": {
            database: {
                "title": "newsbot archive",
                "queries": CANNED_QUERIES,
                "tables": {
                    "news": {
                        "title": "News",
                        "description": "Every article, newest first: its local publication time, title, site and "
                                       "language. Facet by site, language or month; search titles and texts.",
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "sort_desc": "published_at",
                        "facets": ["site", "lang", "month"],
                        "size": 50,
                    },
                    "articles": {
                        "description": "One row per article (HTML, text and bookkeeping columns hidden: add "
                                       "them with the column menu).",
                        "sort_desc": "published_at",
                        "facets": ["site", "lang"],
                        "label_column": "title",
                        "size": 50,
                    },
                    "article_versions": {"description": "Superseded versions of articles whose text changed."},
                    "crawl_runs": {"description": "One row per site per run.", "sort_desc": "id",
                                   "facets": ["site", "status"]},
                    "sites": {"description": "The sites crawled, with their time zones."},
                    "translations": {"description": "Articles that share a translation key (kk/ru/en)."},
                    "republications": {"description": "Articles whose text appears on more than one site."},
                    # Compressed bodies: of use to `newsbot reprocess`, not to a reader.
                    "raw_responses": {"hidden": True},
                    "crawl_state": {"hidden": True},
                    # Alembic's record of the schema revision: bookkeeping of upgrades.
                    "alembic_version": {"hidden": True},
                },
            }
        },
    }


def database_name(path: Path) -> str:
    """The name Datasette gives a database file: its stem."""
    return path.stem


def make_datasette(path: Path) -> Any:
    """A read-only Datasette on the archive at PATH, with newsbot's metadata."""
    from datasette.app import Datasette

    return Datasette([str(path)], metadata=metadata(database_name(path)),
                     settings={"facet_time_limit_ms": 1000, "sql_time_limit_ms": 5000})


def articles_columns_redirect(app: Any, database: str) -> Any:
    """An ASGI app around Datasette's: the articles table page without `_col`/`_nocol` is sent to the same page
    with the reading columns only (Datasette's metadata has no way to hide columns by default)."""
    page = f"/{database}/articles"

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == page:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            if not any(name in ("_col", "_nocol") for name, _ in query):
                location = page + "?" + urlencode(query + [("_col", c) for c in ARTICLE_COLUMNS])
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await app(scope, receive, send)

    return wrapped
