"""The tests' side of tests/cli_server.py: a run of the CLI as subprocess.run would report it."""

from __future__ import annotations

import json
import locale
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

SERVER = Path(__file__).with_name("cli_server.py")


def newsbot_command(*args: str) -> list[str]:
    """The CLI as a new interpreter runs it (what a forked run stands for)."""
    return [sys.executable, "-m", "newsbot", *args]


class CliServer:
    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()  # one request and its reply at a time on the pipe

    def _started(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
            self._process = subprocess.Popen([sys.executable, str(SERVER)], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, text=True, env=env)
            assert self._process.stdout is not None
            if json.loads(self._process.stdout.readline() or "{}") != {"ready": True}:
                raise RuntimeError("tests/cli_server.py did not start")
        return self._process

    def run(self, args: list[str], *, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
        command = newsbot_command(*args)
        with self._lock, tempfile.TemporaryDirectory(prefix="newsbot-cli-") as folder:
            process = self._started()
            assert process.stdin is not None and process.stdout is not None
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            request = {"args": args, "env": env, "cwd": os.getcwd(), "stdout": str(out), "stderr": str(err),
                       "timeout": timeout}
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            reply = process.stdout.readline()
            if not reply:
                raise RuntimeError("tests/cli_server.py stopped")
            status = json.loads(reply)["status"]
            # What subprocess.run(text=True) would have read: the locale's encoding, universal newlines.
            encoding = locale.getpreferredencoding(False)
            stdout = out.read_text(encoding=encoding) if out.exists() else ""
            stderr = err.read_text(encoding=encoding) if err.exists() else ""
        if status == "timeout":
            raise subprocess.TimeoutExpired(command, timeout, output=stdout, stderr=stderr)
        return subprocess.CompletedProcess(command, status, stdout, stderr)
