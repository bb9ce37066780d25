"""Writing articles: one transaction a batch, keyed on the canonical URL, with versions and raw responses.

A re-crawl adds no duplicate: an unchanged article only gets a new `last_seen`; a changed title or text
becomes a new version; the response bytes are kept once per distinct content, compressed.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from sqlalchemy import Connection, Engine, bindparam, func, insert, select, text, update

from newsbot.archive.fingerprint import text_fingerprint
from newsbot.archive.localtime import local_iso
from newsbot.archive.schema import (
    ARTICLE_FIELDS,
    CONTENT_FIELDS,
    VERSIONED_FIELDS,
    article_versions,
    articles,
    raw_responses,
)
from newsbot.items import RawPage
from newsbot.urls import canonical_url

# Bound parameters per IN (...) query: well under SQLite's limit, whatever the batch size.
_IN_CHUNK = 500
# PostgreSQL: the class of the transaction locks a batch takes on its keys (the two-integer form, a key space apart
# from the runs' one-integer site locks in lock.py).
_WRITE_LOCK_CLASS = 0x6E62  # "nb"
# Sorted, so that two batches sharing keys take them in the same order and cannot deadlock.
_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(:lock_class, h) FROM "
    "(SELECT DISTINCT hashtext(k) AS h FROM unnest(CAST(:keys AS text[])) AS k ORDER BY h) AS sorted"
)
# Kept from the replaced content when title or text change.
VERSION_COLUMNS = ("title", "text", "html", "published_at", "extractor_version", "raw_response_id")


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: BatchResult) -> BatchResult:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def _hashable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def digest(row: Mapping[str, Any], fields: Iterable[str]) -> str:
    payload = json.dumps([_hashable(row[f]) for f in fields], ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _without_nul(value: Any) -> Any:
    return value.replace("\x00", " ") if isinstance(value, str) else value


def article_row(item: Any, *, timezone: str, extractor_version: str) -> dict[str, Any]:
    """The archive row for an item (any type ItemAdapter reads)."""
    adapter = ItemAdapter(item)
    # PostgreSQL's text cannot hold U+0000 (the whole batch would fail there); it is never content, and a space
    # is what the HTML path puts in its place (pages/encoding.py), so both backends store the same text.
    row = {field: _without_nul(adapter.get(field)) for field in ARTICLE_FIELDS}
    row["categories"] = json.dumps(row["categories"] or [], ensure_ascii=False)
    row["canonical_url"] = canonical_url(row["url"])
    published = row["published_at"]
    # A site outside the registry: the local time in the zone its page showed.
    row["published_local"] = local_iso(published, adapter.get("published_zone") or timezone)
    row["fingerprint"] = text_fingerprint(row["text"])
    row["content_hash"] = digest(row, CONTENT_FIELDS)
    row["extractor_version"] = extractor_version
    return row


def raw_row(raw: RawPage, sha256: str | None = None) -> dict[str, Any]:
    return {
        "url": raw.url,
        "sha256": sha256 or hashlib.sha256(raw.body).hexdigest(),
        "status": raw.status,
        "headers": json.dumps(raw.headers, ensure_ascii=False, sort_keys=True),
        "body": zlib.compress(raw.body, 6),
        "size": len(raw.body),
        "fetched_at": raw.fetched_at,
        "site": raw.site,
        "kind": raw.kind,
        "lang": raw.lang,
        "listed_in": raw.listed_in,
    }


class ArchiveWriter:
    def __init__(self, engine: Engine, *, timezone: str = "UTC", extractor_version: str = "unknown") -> None:
        self.engine = engine
        self.timezone = timezone
        self.extractor_version = extractor_version
        key = articles.c.id == bindparam("k_id")
        changing = (*ARTICLE_FIELDS, "canonical_url", "published_local", "fingerprint", "content_hash",
                    "extractor_version", "raw_response_id", "version", "updated_at", "last_seen", "last_run_id")
        self._update_content = update(articles).where(key).values({c: bindparam(f"v_{c}") for c in changing})
        # An unchanged re-fetch still records its response as the article's latest source.
        self._touch = update(articles).where(key).values(
            last_seen=bindparam("v_last_seen"), last_run_id=bindparam("v_last_run_id"),
            raw_response_id=func.coalesce(bindparam("v_raw_response_id"), articles.c.raw_response_id))

    def write(
        self, items: Iterable[Any], *, run_id: int | None = None, reprocessed_at: datetime | None = None
    ) -> BatchResult:
        """Store a batch in one transaction: all of it lands, or none of it does.

        With `reprocessed_at`, the items come from stored responses, not from the sites: when the archive saw
        an article (`last_seen`, `last_run_id`) stays as it was, and a change is dated `reprocessed_at`.
        """
        rows = [(article_row(item, timezone=self.timezone, extractor_version=self.extractor_version),
                 ItemAdapter(item).get("raw")) for item in items]
        return self.write_rows(rows, run_id=run_id, reprocessed_at=reprocessed_at)

    def write_rows(
        self, prepared: Iterable[tuple[dict[str, Any], RawPage | None]], *, run_id: int | None = None,
        reprocessed_at: datetime | None = None,
    ) -> BatchResult:
        """`write` for rows `article_row` made already (in another process: a reprocess's parsing workers), each
        with the response it came from."""
        rows: dict[str, dict[str, Any]] = {}
        raws: dict[tuple[str, str], RawPage] = {}
        # Several articles may share one response (an API page): its digest is computed once.
        digests: dict[int, str] = {}
        for row, raw in prepared:
            row["_raw_key"] = None
            if raw is not None:
                if id(raw) not in digests:
                    digests[id(raw)] = hashlib.sha256(raw.body).hexdigest()
                row["_raw_key"] = (raw.url, digests[id(raw)])
                raws[row["_raw_key"]] = raw
            row["last_run_id"] = run_id
            rows[row["canonical_url"]] = row  # the last copy of an article in a batch wins
        if not rows:
            return BatchResult()
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # SQLite's BEGIN IMMEDIATE already lets one writer in at a time (db.py). On PostgreSQL two runs
                # writing the same article (or response) at once would both find it new, and the second insert
                # would fail the whole batch on the unique key: each waits for the other's batch on those keys.
                keys = [*rows, *(url for url, _ in raws)]
                conn.execute(_LOCK_KEYS, {"lock_class": _WRITE_LOCK_CLASS, "keys": keys})
            raw_ids = self._store_raw(conn, raws)
            for row in rows.values():
                row["raw_response_id"] = raw_ids.get(row.pop("_raw_key"))
            return self._store_articles(conn, rows, run_id, reprocessed_at)

    @staticmethod
    def _store_raw(conn: Connection, raws: dict[tuple[str, str], RawPage]) -> dict[tuple[str, str], int]:
        """The ids of the batch's responses: one query finds those stored before, one insert adds the rest
        (a query and an insert per response cost a tenth of a crawl's storage time)."""
        ids: dict[tuple[str, str], int] = {}
        urls = sorted({url for url, _ in raws})
        for first in range(0, len(urls), _IN_CHUNK):
            found = conn.execute(select(raw_responses.c.id, raw_responses.c.url, raw_responses.c.sha256)
                                 .where(raw_responses.c.url.in_(urls[first:first + _IN_CHUNK])))
            ids.update({(r.url, r.sha256): r.id for r in found if (r.url, r.sha256) in raws})
        missing = [key for key in raws if key not in ids]
        if missing:
            new_ids = conn.execute(
                insert(raw_responses).returning(raw_responses.c.id, sort_by_parameter_order=True),
                [raw_row(raws[key], sha256=key[1]) for key in missing]).scalars().all()
            ids.update(zip(missing, new_ids, strict=True))
        return ids

    def _store_articles(
        self, conn: Connection, rows: dict[str, dict[str, Any]], run_id: int | None, reprocessed_at: datetime | None
    ) -> BatchResult:
        known = {
            r.canonical_url: r
            for r in conn.execute(
                select(articles.c.id, articles.c.canonical_url, articles.c.content_hash, articles.c.version,
                       articles.c.last_seen, articles.c.last_run_id, articles.c.updated_at,
                       *(articles.c[f] for f in VERSION_COLUMNS)).where(articles.c.canonical_url.in_(rows))
            )
        }
        result = BatchResult()
        new_rows, changed, versions, touched = [], [], [], []
        for key, row in rows.items():
            seen = row["fetched_at"]
            changed_at = reprocessed_at or seen
            old = known.get(key)
            if old is None:
                new_rows.append(row | {"version": 1, "first_seen": seen, "last_seen": seen, "updated_at": changed_at})
                continue
            if reprocessed_at is not None:
                row["last_seen"], row["last_run_id"] = old.last_seen, old.last_run_id
            if old.content_hash == row["content_hash"]:
                if reprocessed_at is None:
                    touched.append({"k_id": old.id, "v_last_seen": seen, "v_last_run_id": run_id,
                                    "v_raw_response_id": row["raw_response_id"]})
                result.unchanged += 1
                continue
            text_changed = any(getattr(old, f) != row[f] for f in VERSIONED_FIELDS)
            version = old.version + 1 if text_changed else old.version
            if text_changed:
                versions.append({"article_id": old.id, "version": old.version, "valid_from": old.updated_at,
                                 "valid_until": changed_at, "replaced_by_run_id": run_id,
                                 **{c: getattr(old, c) for c in VERSION_COLUMNS}})
            params = {"v_last_seen": seen} | {f"v_{k}": v for k, v in row.items()}
            params |= {"k_id": old.id, "v_version": version, "v_updated_at": changed_at}
            changed.append(params)
        if new_rows:
            conn.execute(insert(articles), new_rows)
        if changed:
            conn.execute(self._update_content, changed)
        if versions:
            conn.execute(insert(article_versions), versions)
        if touched:
            conn.execute(self._touch, touched)
        result.new, result.updated = len(new_rows), len(changed)
        return result
