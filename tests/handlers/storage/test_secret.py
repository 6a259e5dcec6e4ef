"""The data folder's vote secret: created once, private, kept across restarts, and never an exception."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import handlers.storage.secret as secret_module
from handlers.storage.secret import KEY_BYTES, VOTE_KEY_FILE, vote_key


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Each test starts as a new process would: nothing read yet."""
    secret_module._keys.clear()
    yield
    secret_module._keys.clear()


def restart() -> None:
    secret_module._keys.clear()


def test_created_on_first_use_private_and_kept_across_restarts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = os.umask(0o022)  # the common umask, under which new files are world-readable
    try:
        key = vote_key(data)
    finally:
        os.umask(old)
    path = data / VOTE_KEY_FILE
    assert len(key) == KEY_BYTES and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert vote_key(data) == key
    restart()
    assert vote_key(data) == key  # read back, not made anew
    assert sorted(p.name for p in data.iterdir()) == [VOTE_KEY_FILE]  # no temporary file left behind
    assert vote_key(tmp_path / "other") != key  # another data folder, another secret


def test_two_processes_creating_it_at_once_agree(tmp_path: Path) -> None:
    path = tmp_path / VOTE_KEY_FILE
    first = secret_module._create(path)
    second = secret_module._create(path)  # as if it had started before the first one linked its file
    assert first == second == path.read_bytes()


@pytest.mark.parametrize("content", [b"", b"short", b"x" * 100])
def test_a_file_that_is_not_a_key_is_left_alone_and_a_temporary_key_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    (tmp_path / VOTE_KEY_FILE).write_bytes(content)
    caplog.set_level(logging.ERROR, logger=secret_module.__name__)
    key = vote_key(tmp_path)
    assert len(key) == KEY_BYTES and vote_key(tmp_path) == key
    assert (tmp_path / VOTE_KEY_FILE).read_bytes() == content
    [record] = caplog.records
    assert "temporary one" in record.getMessage() and "vote secret" in record.getMessage()


def test_a_data_folder_that_cannot_be_created_gives_a_temporary_key(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("a file where the data folder should be")
    key = vote_key(blocker / "data")
    assert len(key) == KEY_BYTES and vote_key(blocker / "data") == key
    assert blocker.read_text() == "a file where the data folder should be"
