"""Bugs: an exception that escapes a callback or a pipeline loses what that page held. It is never silent: one
line, an error of the run (`errors/callback`), shown in `newsbot runs`, flagged by `newsbot health`, exit 1.

The spider is made to raise by a subprocess that patches the page reader for one URL before running the CLI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FAST, run_cli
from fault_crawl import NO_RETRIES, article_page, assert_one_line_errors, headline_home, html, last_run, query
from site_helpers import NO_ROBOTS
from site_server import serve

# Runs the real CLI with newsbot.spiders.web.read_article raising for any URL containing "/bug".
RAISING_CLI = """
import sys
import newsbot.spiders.web as web
real = web.read_article
def read_article(body, *, url, **kwargs):
    if "/bug" in url:
        raise RuntimeError("made to raise")
    return real(body, url=url, **kwargs)
web.read_article = read_article
from newsbot.cli import main
sys.argv[0] = "newsbot"
main()
"""


def crawl_with_a_raising_callback(db: Path) -> subprocess.CompletedProcess[str]:
    good = html(article_page("Консультации", "Министерство иностранных дел сообщает о консультациях сторон."))
    routes = {**NO_ROBOTS, "/": headline_home("/news/bug", "/news/good"), "/news/bug": good, "/news/good": good}
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    with serve(routes) as site:
        return subprocess.run([sys.executable, "-c", RAISING_CLI, "crawl", site.url + "/", "--db", str(db), *FAST,
                               *NO_RETRIES], capture_output=True, text=True, timeout=60, env=env)


def test_an_exception_in_a_callback_is_an_error_of_the_run_shown_and_flagged(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    result = crawl_with_a_raising_callback(db)
    # Counted: exit 1, the summary line and the run record say one error.
    assert result.returncode == 1, result.stderr
    assert_one_line_errors(result.stderr)
    lines = [line for line in result.stderr.splitlines() if "a bug in newsbot lost" in line]
    assert len(lines) == 1 and "/news/bug" in lines[0] and "RuntimeError: made to raise" in lines[0], result.stderr
    assert "1 new, 0 updated, 0 unchanged, 0 dropped, 1 errors (finished)" in result.stdout
    run = last_run(db)
    assert (run["new"], run["errors"]) == (1, 1)
    assert run["stats"]["newsbot/errors/callback"] == 1
    assert run["stats"]["newsbot/errors/callback/RuntimeError"] == 1
    stored = query(db, "select url from articles")
    assert len(stored) == 1 and stored[0][0].endswith("/news/good")  # the page beside it is archived
    # Shown in `runs`, flagged by `health`.
    runs = run_cli("runs", "--db", str(db))
    assert "1 errors (1 lost to a bug in newsbot)" in runs.stdout, runs.stdout
    health = run_cli("health", "--db", str(db))
    assert health.returncode == 1 and "had 1 errors" in health.stdout, health.stdout
