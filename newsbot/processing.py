"""The item steps the pipelines run, as plain functions, so that `newsbot reprocess` runs the very same ones.

Each takes an item (any type ItemAdapter reads) and changes it in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from newsbot import __version__
from newsbot.cleaning import cut_site_blocks, html_to_text
from newsbot.dates import ParsedDate, languages_for, resolve_date
from newsbot.sites import registry

# (field, reason): the first missing field names the drop reason.
REQUIRED_FIELDS = (
    ("url", "no_url"),
    ("site", "no_site"),
    ("lang", "no_lang"),
    ("fetched_at", "no_fetch_time"),
    ("title", "no_title"),
    ("text", "empty_body"),
)


def cut_boilerplate(item: Any, site_blocks: Collection[str] = ()) -> None:
    """The site's repeated blocks (`newsbot boilerplate`, read from the archive) cut from the body the page
    module cleaned; the rest of cleaning is the page module's, done once."""
    adapter = ItemAdapter(item)
    html, removed = cut_site_blocks(adapter.get("html") or "", site_blocks)
    if removed:
        adapter["html"] = html
        adapter["text"] = html_to_text(html)
        adapter["removed"] = [*(adapter.get("removed") or ()), *removed]


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


# The packages whose output is the page path's: a new trafilatura, htmldate or dateparser release can change
# a body or a date as much as our own code can.
EXTRACTION_PACKAGES = ("trafilatura", "htmldate", "dateparser", "lxml", "nh3", "cssselect", "w3lib",
                       "charset-normalizer", "ftfy", "tzdata")
# What the page path reads of a registry entry: a site's selectors, theme, zone, charset, languages, and the
# origin and project its article URLs are built from (not its listing, politeness or notes).
_REGISTRY_FIELDS = ("kind", "origin", "languages", "timezone", "project", "theme", "selectors", "encoding")


@cache
def extractor_version() -> str:
    """newsbot's version plus a digest of every input of extraction: the code, its data (themes, phrase lists,
    zones), the registry's page rules, and the versions of the packages it runs on. Any change to one shows in
    the archive, so `newsbot reprocess` can find the records an older extraction wrote."""
    root = Path(__file__).parent
    sources = [root / "processing.py", root / "items.py", root / "sites.py", root / "urls.py",
               *sorted((root / "pages").rglob("*")), *sorted((root / "cleaning").rglob("*")),
               *sorted((root / "dates").rglob("*"))]
    digest = hashlib.sha256()
    for path in sources:
        if path.is_file() and path.suffix in {".py", ".toml", ".json", ".txt"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(_registry_rules().encode())
    for package in EXTRACTION_PACKAGES:
        digest.update(f"{package}=={_installed(package)}".encode())
    return f"{__version__}+{digest.hexdigest()[:10]}"


def _registry_rules() -> str:
    entries = {name: [getattr(site, key) for key in _REGISTRY_FIELDS] for name, site in registry().items()}
    return json.dumps(entries, sort_keys=True, ensure_ascii=False)


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


@dataclass(frozen=True)
class Processed:
    item: Any
    dropped: str | None
    date: ParsedDate


def process_item(item: Any, tz: str, site_blocks: Collection[str] = ()) -> Processed:
    """Cut the site's boilerplate, date and validate, in the pipelines' order."""
    cut_boilerplate(item, site_blocks)
    date = date_item(item, tz)
    return Processed(item, missing_field(item), date)
