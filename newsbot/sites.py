"""The site registry (`sites.toml`) and the names a user may give `newsbot crawl`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from newsbot.suggest import did_you_mean

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
    # Whole-page extraction (newsbot.pages.rules.site_rules): a theme of newsbot/pages/themes.toml by name, and
    # the site's own CSS selectors over it, as (key, selector) pairs, key one of title, body, date, drop.
    theme: str | None = None
    selectors: tuple[tuple[str, str], ...] = ()
    # Where a crawl starts, as paths on the origin or whole URLs: news listings (html), RSS/Atom feeds
    # (feed), sitemaps (sitemap). The wordpress kind finds its own (REST API, /feed/, wp-sitemap.xml).
    listing: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    # Navigation selectors for listing pages (html kind): the article links and the next-page link.
    links: str | None = None
    next_page: str | None = None
    # Or a query parameter that numbers listing pages (`page` gives ?page=2, ?page=3, ...).
    page_param: str | None = None
    # A regular expression an article URL's path must match (cuts tag, calendar and search links).
    article_path: str | None = None
    # Whether listing pages may be walked at all (mid.ru's robots.txt forbids its ?PAGEN_ paging).
    paginate: bool = True
    # The site's usual charset when pages do not say it.
    encoding: str | None = None
    # Politeness overrides: seconds between requests to this site, and why it differs from the default.
    delay: float | None = None
    delay_reason: str = ""
    # Other hosts the crawl may follow links and redirects to (a CDN, a language subdomain).
    allowed_domains: tuple[str, ...] = ()
    # Facts this entry relies on that no real page has confirmed yet (docs/sites.md), so they are easy to fix.
    unconfirmed: str = ""
    # TLS certificates are verified; `[x.tls] verify = false, reason = "..."` is a documented exception for a
    # site whose chain is broken (it applies to this site's crawl only).
    tls_verify: bool = True
    tls_reason: str = ""

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
        listing=tuple(entry.get("listing", ())),
        feeds=tuple(entry.get("feeds", ())),
        sitemaps=tuple(entry.get("sitemaps", ())),
        links=entry.get("links"),
        next_page=entry.get("next_page"),
        page_param=entry.get("page_param"),
        article_path=entry.get("article_path"),
        paginate=entry.get("paginate", True),
        encoding=entry.get("encoding"),
        delay=_politeness(name, entry.get("politeness", {})),
        delay_reason=entry.get("politeness", {}).get("reason", ""),
        allowed_domains=tuple(entry.get("allowed_domains", ())),
        unconfirmed=entry.get("unconfirmed", ""),
        tls_verify=_tls_verify(name, entry.get("tls", {})),
        tls_reason=entry.get("tls", {}).get("reason", ""),
    )


def _tls_verify(name: str, table: dict) -> bool:
    """`[site.tls] verify = false, reason = "..."`: turning verification off without a reason is an error."""
    verify = bool(table.get("verify", True))
    if not verify and not table.get("reason"):
        raise ValueError(f"site {name!r}: turning TLS verification off needs a reason")
    return verify


def _politeness(name: str, table: dict) -> float | None:
    """`[site.politeness] delay = 3, reason = "..."`: an override without a reason is a registry error."""
    if not table:
        return None
    if not table.get("reason"):
        raise ValueError(f"site {name!r}: a politeness override needs a reason")
    return float(table["delay"])


def url_in(site: Site, path_or_url: str) -> str:
    """A registry path (`/feed/`) on the site's origin (under its path prefix, for a site installed in a
    sub-folder); a whole URL on another host stays as it is."""
    if path_or_url.startswith(("http://", "https://")):
        parts = urlsplit(path_or_url)
        if bare_host(parts.netloc) != bare_host(urlsplit(registered_origin(site)).netloc):
            return path_or_url
        path = parts.path
        prefix = path_prefix(site)
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix):]
        path_or_url = path + (f"?{parts.query}" if parts.query else "")
    return site.origin + "/" + path_or_url.lstrip("/")


def path_prefix(site: Site) -> str:
    """The folder a site lives in on its host (`/wp` for a WordPress in a sub-folder), "" at the root."""
    return urlsplit(site.origin).path.rstrip("/")


def host_root(site: Site) -> str:
    """scheme://host of the site: where robots.txt is, whatever folder the site lives in."""
    parts = urlsplit(site.origin)
    return f"{parts.scheme}://{parts.netloc}"


def under_site(site: Site, url: str) -> bool:
    """The URL is on the site's host and inside its folder: two installs on one host are two sites."""
    parts, home = urlsplit(url), urlsplit(site.origin)
    if bare_host(url) != bare_host(site.origin) or parts.port != home.port:
        return False
    prefix = path_prefix(site)
    return not prefix or parts.path == prefix or parts.path.startswith(prefix + "/")


def registered_origin(site: Site) -> str:
    """The origin in the registry (a run's --base-url replaces site.origin, not this)."""
    entry = registry().get(site.name)
    return entry.origin if entry is not None else site.origin


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


def site_for_page(url: str) -> Site | None:
    """The registry site a page URL belongs to: its host's entry, else a parent host's (a language subdomain
    such as `kaz.inform.kz` is inform.kz's). Of entries sharing a host (inform.kz's kk and ru editions), the one
    whose listing starts with the page's first path segment (`/ru/...`)."""
    parts = bare_host(url).split(".")
    for start in range(len(parts) - 1):
        host = ".".join(parts[start:])
        on_host = [site for site in registry().values() if bare_host(site.origin) == host]
        if on_host:
            section = _first_segment(urlsplit(url).path)
            same = [site for site in on_host if section and section in map(_first_segment, site.listing)]
            return (same or on_host)[0]
    return None


def _first_segment(path: str) -> str:
    return path.strip("/").split("/", 1)[0]


@cache
def registry() -> dict[str, Site]:
    text = resources.files("newsbot").joinpath("sites.toml").read_text(encoding="utf-8")
    return {name: _site_from_entry(name, entry) for name, entry in tomllib.loads(text).items()}


_GOVKZ_PROJECT = re.compile(r"/memleket/entities/(?P<project>[\w-]+)")
# Languages an unknown site may write in; the page says which (extract_article detects it).
AUTO_LANGUAGES = ("kk", "ru", "en")


def _govkz_site(project: str, name: str) -> Site:
    from newsbot.govkz_projects import projects  # the project list imports this module

    known = projects().get(project)
    title = f"{known.title} (gov.kz project {project})" if known else f"gov.kz project {project}"
    return Site(name=name, kind="govkz", origin=GOVKZ_ORIGIN, languages=GOVKZ_LANGUAGES, timezone="Asia/Almaty",
                title=title, project=project)


def _govkz_project(url: str) -> str | None:
    """`https://www.gov.kz/memleket/entities/mfa/...` and `https://mfa.gov.kz/` (which redirects there; other
    ministries' old domains are thought to do likewise, unconfirmed) name the gov.kz project `mfa`."""
    host = bare_host(url)
    if host == bare_host(GOVKZ_ORIGIN):
        match = _GOVKZ_PROJECT.search(urlsplit(url).path)
        return match["project"] if match else None
    if host.endswith(".gov.kz") and host.count(".") == 2:
        return host.removesuffix(".gov.kz")
    return None


def site_from_url(url: str) -> Site:
    """`newsbot crawl https://some-site.kz/`: a registered host is its entry; a gov.kz project URL is that
    project (its pages are a JavaScript shell, so only the API works); anything else is kind `auto`, which
    probes the site when the crawl starts. No network here."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise UnknownSiteError(f"not a URL: {url!r}")
    project = _govkz_project(url)
    if project is not None:
        for site in registry().values():  # a registered project keeps its registry name (mfa, not govkz:mfa)
            if site.kind == "govkz" and site.project == project:
                return site
        return _govkz_site(project, f"govkz:{project}")
    if bare_host(url) == bare_host(GOVKZ_ORIGIN):
        raise UnknownSiteError(f"{url!r} names no gov.kz project: give .../memleket/entities/<project>/ "
                               "or govkz:<project>")
    if (known := site_for_host(url)) is not None:
        return known
    # A folder URL (`https://host/wp/`, `https://host/ru/`) names the site in that folder: a WordPress installed
    # in a sub-folder, or a section crawled on its own. Its feed, sitemaps and REST API are looked for there.
    prefix = parts.path.rstrip("/") if parts.path.endswith("/") and not parts.query else ""
    origin = f"{parts.scheme}://{parts.netloc}{prefix}"
    start = url if parts.path.strip("/") else ""
    name = parts.netloc.lower().removeprefix("www.") + prefix  # the port too: two test servers are two sites
    return Site(name=name, kind="auto", origin=origin, languages=AUTO_LANGUAGES, timezone="Asia/Almaty",
                title=f"{name} (detected when crawled)", listing=(start,) if start else ())


def get_site(spec: str) -> Site:
    """A registry name (`mfa`), a `govkz:<project>` spec for any gov.kz project, or a site's URL."""
    sites = registry()
    if spec in sites:
        return sites[spec]
    if spec.startswith(("http://", "https://")):
        return site_from_url(spec)
    kind, _, project = spec.partition(":")
    if kind == "govkz" and project:
        return _govkz_site(project, spec)
    known = ", ".join(sorted(sites))
    raise UnknownSiteError(f"unknown site {spec!r}{did_you_mean(spec, sites)}: known sites are {known}; any gov.kz "
                           "project is govkz:<project>")


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
            hint = did_you_mean(unknown[0], site.languages) if unknown else ""
            raise ValueError(f"site {site.name!r} has languages {have}; --lang {lang!r} asks for others{hint}")
        site = site.with_languages(wanted)
    return site
