"""What `newsbot health` flags, from the run records: pure rules over crawl_runs rows (newest first)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

CLEAN_STATUSES = ("finished", "closespider_timeout")
# A site's share of dropped items is a problem when it reaches this and rose this much over earlier runs.
DROP_SHARE_ALARM = 0.5
DROP_SHARE_RISE = 0.3


def _archived(run: Mapping[str, Any]) -> int:
    return int(run["new"]) + int(run["updated"])


def _drop_share(runs: Iterable[Mapping[str, Any]]) -> float:
    dropped = seen = 0
    for run in runs:
        dropped += int(run["dropped"])
        seen += int(run["dropped"]) + int(run["new"]) + int(run["updated"]) + int(run["unchanged"])
    return dropped / seen if seen else 0.0


def site_problems(site: str, runs: list[Mapping[str, Any]], recent: int) -> list[str]:
    """One line per problem of one site; `runs` newest first, the newest `recent` of them judged."""
    runs = [run for run in runs if run["status"] != "running"]
    if not runs:
        return []
    latest, problems = runs[0], []
    if latest["status"] not in CLEAN_STATUSES:
        problems.append(f"{site}: the last run (#{latest['id']}, {latest['started_at']:%Y-%m-%d %H:%M}) ended "
                        f"'{latest['status']}'")
    elif latest["errors"]:
        problems.append(f"{site}: the last run (#{latest['id']}) had {latest['errors']} errors")
    now, before = runs[:recent], runs[recent:]
    if before and not any(_archived(run) for run in now) and any(_archived(run) for run in before):
        problems.append(f"{site}: the last {len(now)} runs archived nothing, earlier runs did")
    share_now, share_before = _drop_share(now), _drop_share(before)
    if before and share_now >= DROP_SHARE_ALARM and share_now - share_before >= DROP_SHARE_RISE:
        problems.append(f"{site}: {share_now:.0%} of items dropped in the last {len(now)} runs, "
                        f"{share_before:.0%} before (a changed page layout?)")
    return problems


def problems(runs: Iterable[Mapping[str, Any]], recent: int) -> list[str]:
    """Every site's problems, sites in name order."""
    by_site: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for run in runs:
        by_site[run["site"]].append(run)
    return [line for site in sorted(by_site) for line in site_problems(site, by_site[site], recent)]
