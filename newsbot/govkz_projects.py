"""The gov.kz projects newsbot knows (govkz_projects.toml), and the specs that name many at once:
`govkz:*` (all of them) and `govkz:@<group>` (ministries, embassies, akimats, departments)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsbot.sites import UnknownSiteError, registry

GROUPS = ("ministry", "embassy", "akimat", "department")
EVIDENCE = ("crawled", "citation", "notes")
ALL = "govkz:*"
GROUP_PREFIX = "govkz:@"


@dataclass(frozen=True)
class Project:
    slug: str
    title: str
    group: str
    evidence: str


@cache
def projects() -> dict[str, Project]:
    text = resources.files("newsbot").joinpath("govkz_projects.toml").read_text(encoding="utf-8")
    found = {}
    for slug, entry in tomllib.loads(text).items():
        project = Project(slug=slug, title=entry["title"], group=entry["group"], evidence=entry["evidence"])
        if project.group not in GROUPS or project.evidence not in EVIDENCE:
            raise ValueError(f"govkz_projects.toml: {slug}: group must be one of {GROUPS}, evidence of {EVIDENCE}")
        found[slug] = project
    return found


def site_name(slug: str) -> str:
    """A project's site name: its registry entry's when it has one (`mfa`), else `govkz:<slug>`."""
    for site in registry().values():
        if site.kind == "govkz" and site.project == slug:
            return site.name
    return f"govkz:{slug}"


def expand_specs(specs: Iterable[str]) -> list[str]:
    """Crawl targets with `govkz:*` and `govkz:@<group>` replaced by the projects they name, each once."""
    targets: list[str] = []
    for spec in specs:
        if spec == ALL:
            chosen = list(projects().values())
        elif spec.startswith(GROUP_PREFIX):
            group = spec.removeprefix(GROUP_PREFIX)
            if group not in GROUPS:
                raise UnknownSiteError(f"unknown gov.kz group {group!r}: groups are {', '.join(GROUPS)}")
            chosen = [project for project in projects().values() if project.group == group]
        else:
            targets.append(spec)
            continue
        targets.extend(site_name(project.slug) for project in chosen)
    return list(dict.fromkeys(targets))
