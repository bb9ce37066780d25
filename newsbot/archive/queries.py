"""Read-side queries on the archive: full-text search and article history."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from newsbot.archive.schema import article_versions, articles
from newsbot.archive.stemming import stems
from newsbot.urls import canonical_url


class BadQueryError(ValueError):
    """A full-text query SQLite cannot read; the message says why in one line."""


SEARCH_SQL = """
SELECT a.id, a.site, a.lang, a.title, a.url, a.published_at,
       snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, bm25(articles_fts) AS score
FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH :query
  AND (:site IS NULL OR a.site = :site)
  AND (:lang IS NULL OR a.lang = :lang)
ORDER BY score
LIMIT :limit
"""


_TOKENS = re.compile(r'"[^"]*"\*?|\S+')
# What SQLite says about a MATCH expression it cannot read.
_QUERY_ERRORS = ("fts5", "syntax error", "unterminated string", "no such column", "unknown special query",
                 "malformed match")


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Term:
    """One word or "phrase" of a search query, with a trailing * marking a prefix."""

    text: str
    quoted: bool
    prefix: bool


def query_terms(query: str) -> list[Term]:
    """The words and quoted phrases of a query as the user wrote them (both backends read queries this way)."""
    terms = []
    for token in _TOKENS.findall(query):
        prefix = token.endswith("*") and len(token) > 1
        core = token[:-1] if prefix else token
        quoted = len(core) >= 2 and core.startswith('"') and core.endswith('"')
        if quoted:
            core = core[1:-1]
        if core.strip():
            terms.append(Term(core, quoted, prefix))
    return terms


def plain_query(query: str, *, lang: str | None = None, stem: bool = True) -> str:
    """Words as words: each becomes an FTS5 string, so `Нұр-Сұлтан` or `a:b` are not operators.

    A bare word also matches its other forms (stemming.py): `министра` becomes
    `("министра" OR "министр"*)`. "A phrase" in double quotes stays exact; a trailing * is a prefix as
    written (`дипломат*`); stem=False matches every word as written.
    """
    terms = []
    for term in query_terms(query):
        core, quoted, prefix = term.text, term.quoted, term.prefix
        forms = [] if quoted or prefix or not stem else stems(core, lang)
        if forms:
            terms.append("(" + " OR ".join([_fts_string(core), *(_fts_string(f) + "*" for f in forms)]) + ")")
        else:
            terms.append(_fts_string(core) + ("*" if prefix else ""))
    # FTS5 takes `a b` for `a AND b`, but not next to a parenthesised group: AND said outright.
    return " AND ".join(terms)


def search(engine: Engine, query: str, *, site: str | None = None, lang: str | None = None,
           limit: int = 20, fts_syntax: bool = False, stem: bool = True) -> list[dict[str, Any]]:
    """Ranked hits (FTS5 bm25, or PostgreSQL's ts_rank; best first) with a snippet around the matched words."""
    if engine.dialect.name == "postgresql":
        from newsbot.archive.pg_search import search_postgres

        return search_postgres(engine, query, site=site, lang=lang, limit=limit, raw=fts_syntax, stem=stem)
    match = query if fts_syntax else plain_query(query, lang=lang, stem=stem)
    if not match.strip():
        raise BadQueryError("the search query is empty")
    params = {"query": match, "site": site, "lang": lang, "limit": limit}
    try:
        with engine.connect() as conn:
            hits = [dict(row) for row in conn.execute(text(SEARCH_SQL), params).mappings()]
    except OperationalError as exc:
        message = str(exc.orig)
        if any(hint in message.lower() for hint in _QUERY_ERRORS):
            raise BadQueryError(f"cannot read the search query {query!r}: {message}") from None
        raise
    for hit in hits:
        hit["snippet"] = " ".join(hit["snippet"].split())
    return hits


@dataclass
class Version:
    version: int
    valid_from: Any
    # None for the current version.
    valid_until: Any
    title: str
    text: str
    extractor_version: str


def history(engine: Engine, url: str) -> tuple[dict[str, Any], list[Version]] | None:
    """The article at URL (any spelling of it) and its versions, oldest first; None when not archived."""
    with engine.connect() as conn:
        article = conn.execute(
            select(articles.c.id, articles.c.url, articles.c.site, articles.c.lang, articles.c.title,
                   articles.c.text, articles.c.version, articles.c.extractor_version, articles.c.first_seen,
                   articles.c.last_seen, articles.c.updated_at)
            .where(articles.c.canonical_url == canonical_url(url))
        ).mappings().first()
        if article is None:
            return None
        versions = [
            Version(r.version, r.valid_from, r.valid_until, r.title, r.text, r.extractor_version)
            for r in conn.execute(
                select(article_versions).where(article_versions.c.article_id == article["id"])
                .order_by(article_versions.c.version)
            )
        ]
    versions.append(Version(article["version"], article["updated_at"], None, article["title"], article["text"],
                            article["extractor_version"]))
    return dict(article), versions


def version_diff(old: Version, new: Version) -> Iterator[str]:
    """A unified diff of title and text between two versions, paragraph by paragraph."""
    before = [f"# {old.title}", *old.text.split("\n\n")]
    after = [f"# {new.title}", *new.text.split("\n\n")]
    return difflib.unified_diff(before, after, f"version {old.version}", f"version {new.version}", lineterm="",
                                n=1)
