"""The site registry (`sites.toml`) and the names a user may give `newsbot crawl`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

GOVKZ_ORIGIN = "https://www.gov.kz"
GOVKZ_LANGUAGES = ("kk", "ru", "en")


class UnknownSiteError(LookupError):
    """The user named a site that is neither in the registry nor a `kind:name` spec."""


@dataclass(frozen=True)
class Site:
    name: str
    kind: str
    origin: str
    languages: tuple[str, ...]
    timezone: str
    title: str = ""
    # gov.kz project slug (`mfa`, `mfa-london`, `economy`); None for other kinds.
    project: str | None = None
    # Whole-page extraction (newsbot.pages): a theme from newsbot/pages/themes.toml and CSS selectors
    # that override it, as (key, selector) pairs, key one of title, body, date, drop.
    theme: str | None = None
    selectors: tuple[tuple[str, str], ...] = ()

    def with_origin(self, origin: str) -> Site:
        return replace(self, origin=origin.rstrip("/"))

    def with_languages(self, languages: tuple[str, ...]) -> Site:
        return replace(self, languages=languages)


def _site_from_entry(name: str, entry: dict) -> Site:
    return Site(
        name=name,
        kind=entry["kind"],
        origin=entry["origin"].rstrip("/"),
        languages=tuple(entry["languages"]),
        timezone=entry["timezone"],
        title=entry.get("title", ""),
        project=entry.get("project"),
        theme=entry.get("theme"),
        selectors=_selector_pairs(entry.get("selectors", {})),
    )


def _selector_pairs(table: dict) -> tuple[tuple[str, str], ...]:
    """`[site.selectors] body = ["div.a", "div.b"]` (or one string) as (key, selector) pairs."""
    pairs: list[tuple[str, str]] = []
    for key, value in table.items():
        for selector in [value] if isinstance(value, str) else value:
            pairs.append((key, selector))
    return tuple(pairs)


def bare_host(host_or_url: str) -> str:
    """`https://www.Akorda.kz/ru/x` and `akorda.kz` both give `akorda.kz`."""
    host = urlsplit(host_or_url).hostname if "//" in host_or_url else host_or_url
    host = (host or "").lower().rstrip(".")
    return host.removeprefix("www.")


def site_for_host(host_or_url: str) -> Site | None:
    """The registry site whose origin has this host (with or without `www.`), or None."""
    wanted = bare_host(host_or_url)
    for site in registry().values():
        if bare_host(site.origin) == wanted:
            return site
    return None


@cache
def registry() -> dict[str, Site]:
    text = resources.files("newsbot").joinpath("sites.toml").read_text(encoding="utf-8")
    return {name: _site_from_entry(name, entry) for name, entry in tomllib.loads(text).items()}


def get_site(spec: str) -> Site:
    """A registry name (`mfa`) or a `govkz:<project>` spec for any gov.kz project."""
    sites = registry()
    if spec in sites:
        return sites[spec]
    kind, _, project = spec.partition(":")
    if kind == "govkz" and project:
        return Site(
            name=spec,
            kind="govkz",
            origin=GOVKZ_ORIGIN,
            languages=GOVKZ_LANGUAGES,
            timezone="Asia/Almaty",
            title=f"gov.kz project {project}",
            project=project,
        )
    known = ", ".join(sorted(sites))
    raise UnknownSiteError(f"unknown site {spec!r}: known sites are {known}; any gov.kz project is govkz:<project>")


def resolve_site(spec: str | Site, *, base_url: str | None = None, lang: str | None = None) -> Site:
    """The site a run crawls: a registry entry or spec, with --base-url and --lang applied."""
    site = spec if isinstance(spec, Site) else get_site(spec)
    if base_url:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"--base-url must start with http:// or https://, got {base_url!r}")
        site = site.with_origin(base_url)
    if lang:
        wanted = tuple(dict.fromkeys(code.strip() for code in lang.split(",") if code.strip()))
        unknown = sorted(set(wanted) - set(site.languages))
        if unknown or not wanted:
            have = ",".join(site.languages)
            raise ValueError(f"site {site.name!r} has languages {have}; --lang {lang!r} asks for others")
        site = site.with_languages(wanted)
    return site
