"""Every gov.kz project: the list, the specs that name many, and one host crawled one site at a time."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import FAST, FIXTURES, run_cli
from govkz_server import GovKzImitation
from local_server import running

from newsbot.govkz_projects import GROUPS, expand_specs, projects
from newsbot.sites import UnknownSiteError, resolve_site


def test_the_list_names_every_group_and_registry_projects_keep_their_names() -> None:
    assert {project.group for project in projects().values()} == set(GROUPS)
    everything = expand_specs(["govkz:*"])
    assert len(everything) == len(projects())
    assert "mfa" in everything and "govkz:mfa" not in everything  # the registry entry's name
    assert all(resolve_site(spec).kind == "govkz" for spec in everything)


def test_groups_and_plain_specs_mix_without_repeats() -> None:
    embassies = expand_specs(["govkz:@embassy"])
    assert embassies and all(resolve_site(spec).project.startswith("mfa-") for spec in embassies)
    assert expand_specs(["mid", "govkz:@embassy", "mfa-london"]) == ["mid", *embassies]
    with pytest.raises(UnknownSiteError, match=r"unknown gov\.kz group 'embassies'"):
        expand_specs(["govkz:@embassies"])


def test_a_known_project_has_its_title() -> None:
    assert resolve_site("govkz:moa").title == "Ministry of Agriculture (gov.kz project moa)"


def test_sites_lists_every_project_as_the_target_to_crawl() -> None:
    from click.testing import CliRunner

    from newsbot.cli import cli

    result = CliRunner().invoke(cli, ["sites", "--govkz"], catch_exceptions=False)
    header, *lines = result.stdout.splitlines()
    assert header == "target\tgroup\tevidence\ttitle"
    rows = [line.split("\t") for line in lines]
    assert [row[0] for row in rows] == expand_specs(["govkz:*"])
    unconfirmed = [row for row in rows if row[2] != "crawled"]
    assert unconfirmed and all(row[3].endswith("(unconfirmed slug)") for row in unconfirmed)


def test_sites_of_one_host_in_one_run_never_overlap(tmp_path: Path) -> None:
    for project in ("alpha", "beta", "gamma"):
        shutil.copytree(FIXTURES / "govkz" / "mfa", tmp_path / "portal" / project)
    with running(GovKzImitation(fixtures=tmp_path / "portal")) as portal:
        result = run_cli("crawl", "govkz:alpha", "govkz:beta", "govkz:gamma", "--base-url", portal.url,
                         "--lang", "kk", "--db", str(tmp_path / "a.sqlite"), *FAST)
        assert result.returncode == 0, result.stderr
        assert [line.split(":")[1] for line in result.stdout.splitlines()] == ["alpha", "beta", "gamma"]
        news = sorted(portal.news_requests(), key=lambda request: request.started)
    projects_in_order = [request.query["projects"][0] for request in news]
    # One site after another: each project's requests form one run, and no request starts before the last ends.
    assert projects_in_order == sorted(projects_in_order)
    assert all(after.started >= before.answered for before, after in pairwise(news))
