"""Start-up benchmark (run by hand): wall time of short `newsbot` commands, each in a fresh process.

    .venv/bin/python bench/startup_bench.py              # --runs 10 (default)
    .venv/bin/python bench/startup_bench.py --importtime # also the slowest imports of each command

Each command runs --runs times in turn with the others (so a burst of load hits all alike); it prints the
median, min and max wall time. `python -c pass` is the floor: the interpreter's own start-up with this venv's
site-packages (the editable install's import hook included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NEWSBOT = str(Path(PYTHON).with_name("newsbot"))

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "python -c 'import click'": [PYTHON, "-c", "import click"],
    "newsbot --version": [NEWSBOT, "--version"],
    "newsbot --help": [NEWSBOT, "--help"],
    "newsbot parse-date": [NEWSBOT, "parse-date", "15 июня 2025 года в 15:30", "--fetched-at", "2025-07-01T00:00"],
    "newsbot parse-date --lang ru": [NEWSBOT, "parse-date", "15.06.2025", "--lang", "ru", "--fetched-at",
                                     "2025-07-01T00:00"],
    "newsbot sites": [NEWSBOT, "sites"],
}


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def slowest_imports(argv: list[str], top: int = 8) -> list[tuple[int, str]]:
    """The top-level imports (those imported by nobody we know of) by cumulative microseconds."""
    command = argv[1:] if argv[0] == NEWSBOT else None
    code = (f"import sys; sys.argv = ['newsbot', *{command!r}]; from newsbot.cli import main; main()"
            if command is not None else argv[-1])
    done = subprocess.run([PYTHON, "-X", "importtime", "-c", code], capture_output=True, text=True, cwd=ROOT)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # one untimed run each: the page cache and .pyc files
        timed(argv)
    for _ in range(args.runs):
        for name, argv in COMMANDS.items():
            times[name].append(timed(argv))
    print(f"{'command':32} {'median s':>9} {'min':>7} {'max':>7}  ({args.runs} runs)")
    for name, values in times.items():
        print(f"{name:32} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f}")
    if args.importtime:
        for name, argv in COMMANDS.items():
            print(f"\n{name}: slowest imports (cumulative ms)")
            for micros, module in slowest_imports(argv):
                print(f"  {micros / 1000:8.1f}  {module}")


if __name__ == "__main__":
    main()
