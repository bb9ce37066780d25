"""Output faults: `newsbot export -o PATH` never replaces the archive, a symlink or a device; it streams into a
FIFO, `-` and /dev/stdout; a new file gets the umask's mode. The real CLI in a subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from cli_client import newsbot_command
from conftest import run_cli
from fault_crawl import assert_one_line_errors


@pytest.fixture
def db(small_archive: Path) -> Path:
    return small_archive


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(result: subprocess.CompletedProcess[str], words: str) -> bool:
    assert_one_line_errors(result.stderr)
    return result.returncode == 2 and result.stderr.count("\n") == 1 and words in result.stderr


def test_export_never_writes_over_the_archive_a_hard_link_to_it_or_its_wal(db: Path, tmp_path: Path) -> None:
    before = digest(db)
    os.link(db, tmp_path / "same.sqlite")
    for target in (db, tmp_path / "same.sqlite", Path(str(db) + "-wal")):
        if not target.exists():
            target.write_bytes(b"")  # an archive at rest may have no WAL file; an empty one means none
        result = run_cli("export", "--db", str(db), "-o", str(target))
        assert refused(result, "the archive itself"), (target, result.stderr)
    assert digest(db) == before
    assert run_cli("sql", "select count(*) from articles", "--db", str(db), "--format", "csv").stdout.split() == [
        "count(*)", "3"]


def test_export_refuses_a_symlink_a_device_and_a_directory(db: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    (tmp_path / "link.jsonl").symlink_to(notes)
    assert refused(run_cli("export", "--db", str(db), "-o", str(tmp_path / "link.jsonl")), "is a symlink")
    assert (tmp_path / "link.jsonl").is_symlink() and notes.read_text() == "mine"
    assert refused(run_cli("export", "--db", str(db), "-o", "/dev/full"), "not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    folder = run_cli("export", "--db", str(db), "-o", str(tmp_path))
    assert folder.returncode == 2 and "is a directory" in folder.stderr  # click's own usage check


def test_export_streams_into_a_fifo_and_to_dev_stdout(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("export", "--db", str(db), "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not a file put in its place
    assert len(received[0].splitlines()) == 3
    to_stdout = subprocess.run(newsbot_command("export", "--db", str(db), "-o", "/dev/stdout"), capture_output=True,
                               timeout=60)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert [json.loads(line)["title"] for line in to_stdout.stdout.splitlines()] == ["Title 0", "Title 1", "Title 2"]
    assert Path("/dev/stdout").is_symlink()  # not replaced by a file


def test_an_exported_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    made = subprocess.run(["sh", "-c", 'umask 027 && exec "$@"', "sh",
                           *newsbot_command("export", "--db", str(db), "-o", str(out))], capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    out.chmod(0o604)
    assert run_cli("export", "--db", str(db), "-o", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o604 and len(out.read_text().splitlines()) == 3
