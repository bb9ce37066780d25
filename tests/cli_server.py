"""The CLI's runs for the tests, each in a fork of a process that has imported the libraries once.

A crawl test used to pay for a new interpreter importing Scrapy, Twisted, SQLAlchemy, lxml and the rest (0.7 s
of a 1.1 s crawl, in 165 runs of the suite). This server imports those once; each run is a fork of it that sets
up what `python -m newsbot ARGS` would have (argv, environment, working directory, stdin from /dev/null, stdout
and stderr to files) and runs newsbot's `__main__`. newsbot itself is imported fresh in every run (its settings
read the environment when imported), and nothing runs in the server between runs.

Protocol, one JSON line each way on the server's stdin and stdout, a request and its reply:
- `run`: fork a run and wait for it; its exit status, or "timeout" (the run is killed then), as subprocess.run.
- `start`: fork a run and reply its pid at once (a test signals it, as it would a Popen).
- `wait`: a started run's exit status, or "timeout" with the run left going, as Popen.wait.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import json
import os
import runpy
import select
import signal
import sys
import threading
import traceback

# What `newsbot crawl` imports besides newsbot (python -X importtime): none of it reads the environment or
# starts a thread when imported, and none installs Twisted's reactor.
PRELOAD = (
    "scrapy", "scrapy.crawler", "scrapy.spiders", "scrapy.http", "scrapy.core.downloader.contextfactory",
    "scrapy.core.downloader.handlers.http11", "scrapy.extensions.remote_control", "twisted.web.client",
    "sqlalchemy", "sqlalchemy.dialects.sqlite", "sqlalchemy.orm", "alembic", "lxml.html", "lxml.etree", "click",
    "dateparser", "htmldate", "trafilatura", "nh3", "ftfy", "charset_normalizer", "tldextract", "itemadapter",
    "parsel", "w3lib.url", "orjson", "psycopg", "redis",
)


def _run(request: dict) -> None:
    """In the fork: become `python -m newsbot ARGS` and exit as it would."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    # New text layers on the new files, set up as the interpreter sets up a pipe's.
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=sys.stdin.encoding)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding=sys.stdout.encoding,
                                  errors=sys.stdout.errors)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding=sys.stderr.encoding,
                                  errors="backslashreplace", line_buffering=True)
    sys.argv = ["newsbot", *request["args"]]
    sys.path[0] = os.getcwd()  # as for `python -m`
    code = 0
    try:
        runpy.run_module("newsbot", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        traceback.print_exc()
        code = -signal.SIGINT  # the interpreter ends by SIGINT itself then (returncode -2)
    except BaseException:  # an uncaught error ends the run as the interpreter would end it
        traceback.print_exc()
        code = 1
    try:
        # The interpreter's exit, in its order: non-daemon threads joined and threading's exit hooks run (a
        # process pool's shutdown is one: without it its workers wait for work and atexit's join of them hangs),
        # then the atexit functions.
        threading._shutdown()  # type: ignore[attr-defined]
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        if code < 0:
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code & 0xFF)


def _wait(pid: int, timeout: float | None, *, kill: bool) -> int | str:
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
        if not ready:
            if kill:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            return "timeout"
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    finally:
        os.close(pidfd)


def _reply(request: dict) -> dict:
    if request["op"] == "wait":
        return {"status": _wait(request["pid"], request["timeout"], kill=False)}
    pid = os.fork()
    if pid == 0:
        _run(request)
    if request["op"] == "start":
        return {"pid": pid}
    return {"status": _wait(pid, request["timeout"], kill=True)}


def serve() -> None:
    sys.path.pop(0)  # this folder: a run's sys.path starts with its working directory instead
    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # a library a version of the project does without
            importlib.import_module(name)
    requests, replies = sys.stdin, sys.stdout
    print(json.dumps({"ready": True}), file=replies, flush=True)
    for line in requests:
        print(json.dumps(_reply(json.loads(line))), file=replies, flush=True)


if __name__ == "__main__":
    serve()
