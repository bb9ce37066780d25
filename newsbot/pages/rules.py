"""Which selectors read a page: the site's registry entry, the host table, a detected theme, or none."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import lxml.html

from newsbot.cleaning.css import select
from newsbot.sites import Site, bare_host, site_for_host

DEFAULT_TIMEZONE = "Asia/Almaty"


@dataclass(frozen=True)
class PageRules:
    """CSS selectors for one kind of page; empty tuples leave that part to the generic path."""

    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    theme: str | None = None
    site: str | None = None
    timezone: str | None = None
    # The site's usual charset, tried after the HTTP header and <meta> and before detection.
    encoding: str | None = None
    detect: tuple[str, ...] = field(default=(), repr=False)


@cache
def _table() -> dict:
    text = resources.files("newsbot.pages").joinpath("themes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _from_entry(entry: dict, **extra: str | None) -> PageRules:
    lists = {key: tuple(entry.get(key, ())) for key in ("title", "body", "date", "drop", "detect")}
    scalars = {key: entry.get(key) for key in ("site", "timezone", "encoding")}
    return PageRules(**lists, **scalars, **extra)  # type: ignore[arg-type]


def theme_rules(name: str) -> PageRules:
    themes = _table().get("themes", {})
    if name not in themes:
        raise KeyError(f"unknown theme {name!r}; known: {', '.join(sorted(themes))}")
    return _from_entry(themes[name], theme=name)


def _site_rules(site: Site) -> PageRules | None:
    if not site.theme and not site.selectors:
        return None
    base = theme_rules(site.theme) if site.theme else PageRules()
    overrides: dict[str, tuple[str, ...]] = {}
    for key, selector in site.selectors:
        overrides[key] = (*overrides.get(key, ()), selector)
    return replace(base, **overrides, site=site.name, timezone=site.timezone)


def rules_for_url(url: str) -> PageRules | None:
    """Rules known from the URL alone: the registry first, then the host table."""
    site = site_for_host(url)
    if site is not None and (rules := _site_rules(site)) is not None:
        return rules
    host = bare_host(url)
    hosts = _table().get("hosts", {})
    for candidate in (host, *_parent_hosts(host)):
        if candidate in hosts:
            entry = hosts[candidate]
            theme = entry.get("theme")
            rules = _from_entry(entry, theme=theme)
            if theme:
                base = theme_rules(theme)
                rules = replace(base, **{k: v for k, v in vars(rules).items() if v})
            return rules
    return None


def rules_for_site(name: str) -> PageRules | None:
    """Rules for `--site NAME`: a registry site with theme/selectors, or a host or site named in the table."""
    from newsbot.sites import registry

    site = registry().get(name)
    if site is not None:
        # A registered site without selectors still names the page and its time zone (generic path).
        return _site_rules(site) or PageRules(site=site.name, timezone=site.timezone)
    for host, entry in _table().get("hosts", {}).items():
        if name in (host, entry.get("site")):
            return rules_for_url(f"https://{host}/")
    if name in _table().get("themes", {}):
        return theme_rules(name)
    return None


def _parent_hosts(host: str) -> list[str]:
    """`www.inform.kz` → `inform.kz` (language subdomains such as `kaz.inform.kz` share the rules)."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(1, len(parts) - 1)]


def detect_theme(root: lxml.html.HtmlElement) -> PageRules | None:
    """A theme whose `detect` selector matches this page, for hosts nobody registered."""
    for name in _table().get("themes", {}):
        rules = theme_rules(name)
        if any(select(root, selector) for selector in rules.detect):
            return rules
    return None


def resolve_rules(url: str, root: lxml.html.HtmlElement) -> PageRules:
    known = rules_for_url(url)
    if known is not None:
        return known
    detected = detect_theme(root)
    return detected if detected is not None else PageRules()
