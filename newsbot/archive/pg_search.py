"""Full-text search on a PostgreSQL archive: the same queries as on SQLite, answered by the server's tsvector
index (schema.PG_SEARCH_DDL).

Each word of the query becomes the OR of its readings in the languages it may be in: the russian and english
configurations stem it as the index stemmed Russian and English articles; for Kazakh (indexed as whole words)
newsbot's suffix rules give a stem that is searched as a prefix (`консультациялар` and `консультация` share
`консультация:*`). "A phrase" is matched as a phrase, word* as a prefix, and all the words must be there.
On this backend --exact cannot find a Russian or English word as written: the index keeps stems, not words.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from newsbot.archive.queries import BadQueryError, query_terms
from newsbot.archive.schema import PG_SEARCH_CONFIG
from newsbot.archive.stemming import stems, word_languages

CONFIGS = {"ru": "'russian'::regconfig", "en": "'english'::regconfig", "kk": "'simple'::regconfig"}
HEADLINE = "StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…"

SEARCH_SQL = """
WITH q AS (SELECT {tsquery} AS query),
hits AS (
  SELECT a.id, ts_rank(a.search, q.query) AS score FROM articles a, q
  WHERE a.search @@ q.query
    AND (CAST(:site AS text) IS NULL OR a.site = :site)
    AND (CAST(:lang AS text) IS NULL OR a.lang = :lang)
  ORDER BY score DESC, a.id LIMIT :limit)
SELECT a.id, a.site, a.lang, a.title, a.url, a.published_at,
       ts_headline({config}, a.text, q.query, '{headline}') AS snippet, hits.score
FROM hits JOIN articles a ON a.id = hits.id, q
ORDER BY hits.score DESC, a.id
"""


def _lexeme(word: str) -> str:
    """A word as one to_tsquery lexeme, whatever characters it holds."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(query: str, *, lang: str | None, stem: bool) -> tuple[str, dict[str, str]]:
    """The tsquery expression (SQL, with bind parameters) for a plain query, and its parameters."""
    parts: list[str] = []
    params: dict[str, str] = {}
    for n, term in enumerate(query_terms(query)):
        languages = (lang,) if lang in CONFIGS else word_languages(term.text.lower()) or ("kk",)
        readings = []
        for language in languages:
            key = f"t{n}{language}"
            config = CONFIGS[language]
            if term.quoted:
                params[key] = term.text
                readings.append(f"phraseto_tsquery({config}, :{key})")
            elif term.prefix:
                params[key] = _lexeme(term.text.lower()) + ":*"
                readings.append(f"to_tsquery({config}, :{key})")
            elif language == "kk":
                # Whole words in the index: the word itself, or each of its stems (stemming.stems, the same as on
                # SQLite: a stem kept whole included) as a prefix, which finds every form built on it.
                word = term.text.lower()
                prefixes = stems(word, lang) if stem else []
                params[key] = " | ".join([_lexeme(word), *(_lexeme(p) + ":*" for p in prefixes)])
                readings.append(f"to_tsquery({config}, :{key})")
            else:
                params[key] = term.text
                readings.append(f"plainto_tsquery({config}, :{key})")
        parts.append("(" + " || ".join(readings) + ")")
    if not parts:
        raise BadQueryError("the search query is empty")
    return " && ".join(parts), params


def search_postgres(engine: Engine, query: str, *, site: str | None, lang: str | None, limit: int, raw: bool,
                    stem: bool) -> list[dict[str, Any]]:
    """Ranked hits (ts_rank, best first) with a snippet; raw=True takes QUERY as PostgreSQL tsquery syntax."""
    if raw:
        expression, params = "to_tsquery('simple'::regconfig, :raw)", {"raw": query}
    else:
        expression, params = tsquery(query, lang=lang, stem=stem)
    sql = SEARCH_SQL.format(tsquery=expression, config=PG_SEARCH_CONFIG.format(lang="a.lang"), headline=HEADLINE)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(sql), {**params, "site": site, "lang": lang, "limit": limit}).mappings()
            hits = [dict(row) for row in rows]
    except DBAPIError as exc:
        if "tsquery" in str(exc.orig).lower():
            raise BadQueryError(f"cannot read the search query {query!r}: {' '.join(str(exc.orig).split())}") \
                from None
        raise
    for hit in hits:
        hit["snippet"] = " ".join((hit["snippet"] or "").split())
        hit["score"] = float(hit["score"])
    return hits
