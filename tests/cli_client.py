"""The tests' side of tests/cli_server.py: a run of the CLI as subprocess.run would report it."""

from __future__ import annotations

import json
import locale
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

SERVER = Path(__file__).with_name("cli_server.py")


def cli_environment() -> dict[str, str]:
    """The environment a test's CLI run gets: this one without NEWSBOT_* variables (a developer's own NEWSBOT_DB
    or delay must not reach the tests' runs)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}


def newsbot_command(*args: str) -> list[str]:
    """The CLI as a new interpreter runs it (what a forked run stands for)."""
    return [sys.executable, "-m", "newsbot", *args]


class CliServer:
    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()  # one request and its reply at a time on the pipe

    def _started(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            env = cli_environment()
            self._process = subprocess.Popen([sys.executable, str(SERVER)], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, text=True, env=env)
            assert self._process.stdout is not None
            if json.loads(self._process.stdout.readline() or "{}") != {"ready": True}:
                raise RuntimeError("tests/cli_server.py did not start")
        return self._process

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            process = self._started()
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            reply = process.stdout.readline()
        if not reply:
            raise RuntimeError("tests/cli_server.py stopped")
        return json.loads(reply)

    def run(self, args: list[str], *, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
        command = newsbot_command(*args)
        with tempfile.TemporaryDirectory(prefix="newsbot-cli-") as folder:
            output = _Output(folder, text=True)
            status = self.ask({"op": "run", **output.request(args, env), "timeout": timeout})["status"]
            stdout, stderr = output.read()
        if status == "timeout":
            raise subprocess.TimeoutExpired(command, timeout, output=stdout, stderr=stderr)
        return subprocess.CompletedProcess(command, status, stdout, stderr)

    def start(self, args: list[str], *, env: dict[str, str], text: bool = False) -> ForkedRun:
        """A run going on while the test watches it: what `subprocess.Popen(newsbot_command(*args), stdout=PIPE,
        stderr=PIPE, text=text)` gives, its output read once it has ended."""
        folder = tempfile.TemporaryDirectory(prefix="newsbot-cli-")
        output = _Output(folder.name, text=text)
        pid = self.ask({"op": "start", **output.request(args, env)})["pid"]
        return ForkedRun(self, newsbot_command(*args), pid, output, folder)


class _Output:
    """Where a run's stdout and stderr go, and what subprocess would have read of them."""

    def __init__(self, folder: str, *, text: bool) -> None:
        self.stdout, self.stderr = Path(folder, "stdout"), Path(folder, "stderr")
        self.text = text

    def request(self, args: list[str], env: dict[str, str]) -> dict[str, Any]:
        return {"args": args, "env": env, "cwd": os.getcwd(), "stdout": str(self.stdout), "stderr": str(self.stderr)}

    def read(self) -> tuple[Any, Any]:
        # With text, as subprocess reads it: the locale's encoding, universal newlines.
        encoding = locale.getpreferredencoding(False)
        return tuple(
            (path.read_text(encoding=encoding) if self.text else path.read_bytes()) if path.exists()
            else ("" if self.text else b"") for path in (self.stdout, self.stderr))


class ForkedRun:
    """The part of Popen the tests use (pid, signals, poll, wait, communicate), for a run forked by the server."""

    def __init__(self, server: CliServer, args: list[str], pid: int, output: _Output,
                 folder: tempfile.TemporaryDirectory[str]) -> None:
        self.server, self.args, self.pid = server, args, pid
        self.returncode: int | None = None
        self._output, self._folder = output, folder

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:  # as Popen: never a signal to a pid that may be another process's by now
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            status = self.server.ask({"op": "wait", "pid": self.pid, "timeout": timeout})["status"]
            if status == "timeout":
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self.returncode = status
        return self.returncode

    def poll(self) -> int | None:
        try:
            return self.wait(0)
        except subprocess.TimeoutExpired:
            return None

    def communicate(self, timeout: float | None = None) -> tuple[Any, Any]:
        self.wait(timeout)
        return self._output.read()
