"""A crawl job: one site and the crawl options it runs with, as it travels through the queue."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

# The crawl options a job may carry, as `newsbot crawl` spells them; nothing else reaches the command line.
CRAWL_OPTIONS = ("base_url", "lang", "since", "max_items", "max_runtime", "recheck_days", "backfill")


class BadJobError(ValueError):
    """A queue entry that is not a job this newsbot can run (a foreign writer, a newer format)."""


@dataclass(frozen=True)
class Job:
    id: str
    # What `newsbot crawl` is given: a registry name, `govkz:<project>` or a URL.
    site: str
    options: dict[str, Any] = field(default_factory=dict)
    # The site's registry name: one job per name is queued or running at a time.
    key: str = ""

    @property
    def site_key(self) -> str:
        return self.key or self.site

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Job:
        try:
            data = json.loads(text)
            job = cls(id=str(data["id"]), site=str(data["site"]), options=dict(data.get("options") or {}),
                      key=str(data.get("key") or ""))
        except (ValueError, TypeError, KeyError) as error:
            raise BadJobError(f"not a newsbot job: {error}") from None
        unknown = sorted(set(job.options) - set(CRAWL_OPTIONS))
        if unknown:
            raise BadJobError(f"job {job.id} carries unknown crawl options: {', '.join(unknown)}")
        return job

    def crawl_arguments(self) -> list[str]:
        """`newsbot crawl` arguments after the command name, the archive and the log options left to the worker."""
        args = [self.site]
        for name in CRAWL_OPTIONS:
            value = self.options.get(name)
            if value in (None, False, ""):
                continue
            flag = "--" + name.replace("_", "-")
            args.extend([flag] if value is True else [flag, str(value)])
        return args
