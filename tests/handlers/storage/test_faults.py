"""Storage faults found by the hostile audit (issue 16), on real SQLite files in tmp folders.

- a damaged file (pages overwritten in the middle) reads as "cannot read", not as "no records";
- trouble that comes back after a recovery is logged again;
- the database, its WAL and shared-memory files are created private (0600);
- a folder where the database file belongs leaves no aiosqlite thread behind to raise "Event loop is closed".
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from config import load_settings
from handlers.core.engine import Engine
from handlers.core.reply import Kind
from handlers.curation import UNAVAILABLE
from handlers.service import Service
from handlers.storage import utcnow
from handlers.storage.sqlite import FILENAME, SQLiteStore, create_private
from tests.conftest import store_threads
from tests.handlers.storage.test_sqlite import LOGGER, Stores, question, records

PAGE = 4096


@pytest.fixture
async def stores() -> AsyncIterator[Stores]:
    opened = Stores()
    try:
        yield opened
    finally:
        await opened.close_all()


async def fill(path: Path, questions: int = 300) -> None:
    """A database of a few dozen pages: unanswered questions with text, and answered ones, asked just now."""
    store = await SQLiteStore.open(path)
    now = utcnow()
    for i in range(questions):
        await store.add_question(question(text=f"question {i} " + "x" * 200, at=now))
        await store.add_question(question(answered=True, entry_id=f"entry-{i % 7}", at=now))
    await store.close()  # checkpoints the WAL into the file


def damage(path: Path) -> None:
    """Overwrite the middle half of the file's pages, as a failing disk would; the header stays intact."""
    pages = path.stat().st_size // PAGE
    assert pages >= 20, pages
    with path.open("r+b") as handle:
        for page in range(pages // 4, 3 * pages // 4):
            handle.seek(page * PAGE)
            handle.write(b"\xff" * PAGE)


# ----- a damaged file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [True, False])
async def test_a_damaged_file_is_unreadable_not_empty(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture, read_only: bool
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    path = tmp_path / FILENAME
    await fill(path)
    damage(path)
    store = await stores.open(path, read_only=read_only)
    assert store.readable, store.problem  # the header is intact: it opens
    assert (await store.stats(None, None)).asked == 0  # the empty default of a failed read...
    assert not store.readable  # ...is not taken for the records
    assert store.problem is not None and "damaged" in store.problem and "malformed" in store.problem
    assert await store.unanswered(None, None) == []
    assert not store.readable
    assert len(records(caplog, logging.ERROR)) == 1


async def test_the_curators_report_says_the_file_is_damaged(tmp_path: Path, stores: Stores, engine: Engine) -> None:
    path = tmp_path / FILENAME
    await fill(path)
    damage(path)
    service = Service(load_settings(env={}), engine, await stores.open(path, read_only=True))
    for report in (service.stats_report(None), service.unanswered_report(None)):
        reply = await report  # what !stats and !unanswered show in Discord
        assert reply.kind is Kind.ERROR and reply.title == UNAVAILABLE
        assert "damaged" in reply.body


async def test_a_read_that_works_again_makes_the_store_readable(
    store_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await stores.open(store_path)
    await store.add_question(question(text="kept"))
    assert store._conn is not None
    real = store._conn.execute_fetchall

    async def malformed(*args: object, **kwargs: object) -> object:
        exc = sqlite3.DatabaseError("database disk image is malformed")
        exc.sqlite_errorcode = 11  # type: ignore[attr-defined]
        raise exc

    caplog.set_level(logging.DEBUG, logger=LOGGER)
    monkeypatch.setattr(store._conn, "execute_fetchall", malformed)
    assert await store.unanswered(None, None) == [] and not store.readable
    monkeypatch.setattr(store._conn, "execute_fetchall", real)
    assert [u.text for u in await store.unanswered(None, None)] == ["kept"]
    assert store.readable  # recording is not known to work until a write does
    assert [r.getMessage() for r in records(caplog, logging.WARNING)][-1].startswith("Storage: the records can be read")
    await store.add_question(question(text="a write"))
    assert store.available and store.problem is None
    monkeypatch.setattr(store._conn, "execute_fetchall", malformed)
    await store.stats(None, None)
    assert len(records(caplog, logging.ERROR)) == 2  # the second failure is logged too


# ----- trouble that comes back -------------------------------------------------------------------------------


async def test_a_disk_that_fills_again_is_logged_again(
    store_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    store = await stores.open(store_path)
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    conn = store._conn  # private on purpose: a database size limit stands in for a full disk
    assert conn is not None

    async def fill_the_disk() -> None:
        ((pages,),) = await conn.execute_fetchall("PRAGMA page_count")
        await conn.execute(f"PRAGMA max_page_count = {pages}")
        for i in range(50):
            await store.add_question(question(text=f"{i:04} " + "x" * 3000))
            if not store.available:
                return
        raise AssertionError("the disk never filled")

    for round_ in (1, 2, 3):
        await fill_the_disk()
        assert len(records(caplog, logging.ERROR)) == round_  # before: 1, whatever came back
        await conn.execute("PRAGMA max_page_count = 1073741823")
        await store.add_question(question(text="after"))
        assert store.available
        assert len([r for r in records(caplog, logging.WARNING) if "works again" in r.getMessage()]) == round_


# ----- private files -----------------------------------------------------------------------------------------


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / FILENAME


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The common umask 022, under which files are created world-readable unless made private on purpose."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
async def test_the_database_and_its_wal_and_shm_files_are_private(store_path: Path, stores: Stores) -> None:
    store = await stores.open(store_path)
    await store.add_question(question(text="what members asked"))
    wal, shm = (store_path.with_name(store_path.name + suffix) for suffix in ("-wal", "-shm"))
    assert wal.exists() and shm.exists()
    assert {p.name: mode(p) for p in (store_path, wal, shm)} == {p.name: 0o600 for p in (store_path, wal, shm)}


@pytest.mark.usefixtures("open_umask")
def test_create_private_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    new, existing = tmp_path / "new", tmp_path / "existing"
    existing.write_text("kept")
    existing.chmod(0o640)
    assert create_private(new) is True and mode(new) == 0o600
    assert create_private(existing) is False and mode(existing) == 0o640 and existing.read_text() == "kept"


# ----- a folder where the database file belongs --------------------------------------------------------------


@pytest.mark.parametrize("read_only", [True, False])
def test_a_folder_for_the_database_leaves_no_thread_behind(tmp_path: Path, read_only: bool) -> None:
    """Before: aiosqlite's thread finished after asyncio.run had closed the loop ("Event loop is closed")."""
    path = tmp_path / FILENAME
    path.mkdir()
    raised: list[BaseException | None] = []
    hook = threading.excepthook
    threading.excepthook = lambda args: raised.append(args.exc_value)
    try:
        for _ in range(10):  # before the fix this failed about half the time: ten runs make it certain

            async def open_and_close() -> str | None:
                store = await SQLiteStore.open(path, read_only=read_only)
                problem = store.problem
                await store.close()
                return problem

            problem = asyncio.run(open_and_close())
            assert problem is not None and "is a folder, not the database file" in problem
            for thread in store_threads():
                thread.join(timeout=5)
    finally:
        threading.excepthook = hook
    assert raised == []
