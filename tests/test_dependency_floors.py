"""The floors CI installs (.ci/constraints-floor.txt) are the floors pyproject.toml declares, one for one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_FLOOR = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_floor_is_pinned_in_the_floor_constraints() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    floors = {}
    for requirement in declared:
        match = _FLOOR.match(requirement)
        assert match, f"{requirement!r} declares no floor"
        floors[_name(match[1])] = match[2]
    pinned = {}
    for line in (ROOT / ".ci" / "constraints-floor.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[_name(name)] = version.strip()
    assert pinned.keys() == floors.keys()
    for name, floor in floors.items():
        assert pinned[name].startswith(floor), (name, floor, pinned[name])
