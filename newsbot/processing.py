"""The item steps the pipelines run, as plain functions, so that `newsbot reprocess` runs the very same ones.

Each takes an item (any type ItemAdapter reads) and changes it in place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from newsbot import __version__
from newsbot.cleaning import clean_body, normalize_title
from newsbot.dates import ParsedDate, languages_for, resolve_date

# (field, reason): the first missing field names the drop reason.
REQUIRED_FIELDS = (
    ("url", "no_url"),
    ("site", "no_site"),
    ("lang", "no_lang"),
    ("fetched_at", "no_fetch_time"),
    ("title", "no_title"),
    ("text", "empty_body"),
)


def clean_item(item: Any, site_blocks: Collection[str] = ()) -> None:
    """Title and body cleaned; a photo credit leaves the text for `image_credit`, an attribution fills `source`.

    A value the page module already found (a credit under the lead image, a byline) is kept over the body's.
    """
    adapter = ItemAdapter(item)
    adapter["title"] = normalize_title(adapter.get("title"))
    body = clean_body(adapter.get("raw_html") or "", adapter.get("lang"), site_blocks=site_blocks)
    adapter["html"] = body.html
    adapter["text"] = body.text
    adapter["image_credit"] = adapter.get("image_credit") or body.image_credit
    adapter["source"] = adapter.get("source") or body.source


def date_item(item: Any, tz: str) -> ParsedDate:
    """Sets published_at (and modified_at); returns the publication date's verdict for counting."""
    adapter = ItemAdapter(item)
    fetched_at = adapter.get("fetched_at")
    source = adapter.get("published_source")
    tz = adapter.get("published_zone") or tz  # a site outside the registry: the zone its page showed
    languages = languages_for(adapter.get("lang"))
    published = resolve_date(adapter.get("published_raw"), source, tz=tz, fetched_at=fetched_at, languages=languages)
    adapter["published_at"] = published.value
    adapter["published_precision"] = published.precision if published.value is not None else None
    adapter["published_year_inferred"] = published.inferred_year and published.value is not None
    if adapter.get("modified_raw"):
        adapter["modified_at"] = resolve_date(
            adapter["modified_raw"], source, tz=tz, fetched_at=fetched_at, languages=languages
        ).value
    return published


def missing_field(item: Any) -> str | None:
    """The drop reason of an item that lacks what every record needs, or None."""
    adapter = ItemAdapter(item)
    for field, reason in REQUIRED_FIELDS:
        value = adapter.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return reason
    return None


@cache
def extractor_version() -> str:
    """newsbot's version plus a digest of the extraction code: any change to it shows in the archive."""
    root = Path(__file__).parent
    sources = [root / "processing.py", *sorted((root / "pages").rglob("*")), *sorted((root / "cleaning").rglob("*")),
               *sorted((root / "dates").rglob("*"))]
    digest = hashlib.sha256()
    for path in sources:
        if path.is_file() and path.suffix in {".py", ".toml", ".json", ".txt"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


@dataclass(frozen=True)
class Processed:
    item: Any
    dropped: str | None
    date: ParsedDate


def process_item(item: Any, tz: str, site_blocks: Collection[str] = ()) -> Processed:
    """Clean, date and validate, in the pipelines' order."""
    clean_item(item, site_blocks)
    date = date_item(item, tz)
    return Processed(item, missing_field(item), date)
