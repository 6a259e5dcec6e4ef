"""The curators' command line on a damaged database, a folder where the database belongs, and private backups."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from tests.handlers.storage.test_faults import damage, fill
from tests.test_cli import run

DB = "industrybot.sqlite3"


@pytest.fixture
def damaged_db(data_dir: Path) -> Path:
    path = data_dir / DB
    asyncio.run(fill(path))
    damage(path)
    return path


@pytest.mark.parametrize("command", [["unanswered"], ["unanswered", "--csv"], ["stats"]])
def test_a_damaged_database_is_reported_not_read_as_empty(damaged_db: Path, command: list[str]) -> None:
    out = run(*command)
    assert out.returncode == 1, out.stdout  # before: exit 0, "Nothing went unanswered" / "nobody asked"
    assert "Cannot read the records:" in out.stderr and "is damaged" in out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr


def test_backup_of_a_damaged_database_fails_its_integrity_check(damaged_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "backup.sqlite3"
    out = run("backup", str(copy))
    assert out.returncode == 1, out.stdout  # before: "Backed up ..." and exit 0, for a copy SQLite calls damaged
    assert "fails SQLite's integrity check" in out.stderr and "Traceback" not in out.stderr
    assert not copy.exists()


def test_backup_says_it_checked_the_copy_and_the_copy_is_private(data_dir: Path, tmp_path: Path) -> None:
    asyncio.run(fill(data_dir / DB, questions=5))
    copy = tmp_path / "backup.sqlite3"
    old = os.umask(0o022)  # the common umask, under which new files are world-readable
    try:
        out = run("backup", str(copy))
    finally:
        os.umask(old)
    assert out.returncode == 0, out.stderr
    assert "(integrity check: ok)" in out.stdout
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600  # before: 0644, every member's questions readable by all


@pytest.mark.parametrize("command", ["unanswered", "stats"])
def test_a_folder_where_the_database_belongs(data_dir: Path, command: str) -> None:
    (data_dir / DB).mkdir()
    for _ in range(3):  # the tracebacks came from a race: a few runs to see them
        out = run(command)
        assert out.returncode == 1
        assert "is a folder, not the database file" in out.stderr
        assert "Traceback" not in out.stderr and "Event loop is closed" not in out.stderr
