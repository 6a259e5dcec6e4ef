"""The SQLite store, on real files: migrations, WAL, locks, file trouble, read-only opens, reopening.

What every engine does alike (records, votes, reports, settings, forget, prune) is in test_store.py, run on both.

Every test works in pytest's ``tmp_path``; every store opened is closed (the ``stores`` fixture), and no aiosqlite
worker thread may outlive a test.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

import handlers.storage.sqlite as sqlite_module
from handlers.storage import (
    EntryVotes,
    Forgotten,
    Unanswered,
    open_store,
)
from handlers.storage.sqlite import (
    FILENAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    NewerSchema,
    SQLiteStore,
    advice,
    migrate,
    stamp,
)
from tests.handlers.storage.samples import T0, assert_defaults, logged, question, vote

LOGGER = "handlers.storage.sqlite"

# The tables each migration step adds: a new step that adds one must be listed here.
TABLES_ADDED = {1: {"questions"}, 2: {"votes"}, 3: {"server_settings"}, 4: {"learned", "dismissals"}}
EARLIER_VERSIONS = [version for version, _, _ in MIGRATIONS if version < SCHEMA_VERSION]


# ----- helpers ---------------------------------------------------------------------------------------------


def pragma(path: Path, name: str) -> Any:
    """One PRAGMA's value, read with the stdlib on a closed (or WAL-shared) file."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def scalar(path: Path, sql: str) -> Any:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchone()[0]


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def tables_at(version: int) -> set[str]:
    return set().union(*(TABLES_ADDED.get(v, set()) for v, _, _ in MIGRATIONS if v <= version))


def records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    return logged(caplog, LOGGER, level)


def migrated(caplog: pytest.LogCaptureFixture) -> list[int]:
    """The schema versions the log says were migrated to, in order."""
    found = (re.match(r"Database schema migrated to version (\d+)", r.getMessage()) for r in caplog.records)
    return [int(m[1]) for m in found if m]


class Stores:
    """Opens stores and closes every one at the end of the test."""

    def __init__(self) -> None:
        self.opened: list[SQLiteStore] = []

    async def open(self, path: Path, *, read_only: bool = False) -> SQLiteStore:
        return self.track(await SQLiteStore.open(path, read_only=read_only))

    def track(self, store: SQLiteStore) -> SQLiteStore:
        self.opened.append(store)
        return store

    async def close_all(self) -> None:
        for store in self.opened:
            await store.close()


@pytest.fixture
async def stores() -> AsyncIterator[Stores]:
    """Every store a test opens, closed at its end (tests/conftest.py checks that none is left open)."""
    opened = Stores()
    try:
        yield opened
    finally:
        await opened.close_all()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / FILENAME


@pytest.fixture
async def store(stores: Stores, db: Path) -> SQLiteStore:
    opened = await stores.open(db)
    assert opened.available, opened.problem
    return opened


# ----- migrations ------------------------------------------------------------------------------------------


async def test_a_new_path_gets_its_folder_a_file_and_the_current_schema(tmp_path: Path, stores: Stores) -> None:
    folder = tmp_path / "data" / "nested"
    store = stores.track(await open_store(folder))  # the package's factory: SQLite in the data folder
    assert store.available and store.problem is None
    assert store.path == folder / FILENAME
    await store.close()
    path = folder / FILENAME
    assert path.is_file()
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert {"questions", "votes", "server_settings"} <= tables(path)
    assert tables(path) == tables_at(SCHEMA_VERSION)
    assert pragma(path, "journal_mode") == "wal"


async def test_migrate_stops_at_the_target_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        for version, _, _ in MIGRATIONS:
            assert await migrate(conn, target=version) == version
            assert await migrate(conn, target=version) == version
        assert await migrate(conn) == SCHEMA_VERSION
        assert not conn.in_transaction
    assert tables(path) == tables_at(SCHEMA_VERSION)


@pytest.mark.parametrize("version", EARLIER_VERSIONS)
async def test_a_file_from_an_earlier_version_is_migrated_and_keeps_its_rows(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture, version: int
) -> None:
    path = tmp_path / FILENAME
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        assert await migrate(conn, target=version) == version
        await conn.execute(
            "INSERT INTO questions (asked_at, server, channel, answered, addressed, entry_id, score, text, author)"
            " VALUES (?, 'guild-1', 'general', 0, 1, 'cobots', 0.42, 'how do cobots work', NULL)",
            (stamp(T0),),
        )
        if version >= 2:
            await conn.execute(
                "INSERT INTO votes (message_id, voter, server, channel, entry_id, helpful, voted_at)"
                " VALUES ('m-old', 'voter-old', 'guild-1', 'general', 'cobots', 0, ?)",
                (stamp(T0),),
            )
    assert pragma(path, "user_version") == version
    assert tables(path) == tables_at(version)

    caplog.set_level(logging.INFO, logger=LOGGER)
    store = await stores.open(path)
    assert store.available, store.problem
    assert migrated(caplog) == [v for v, _, _ in MIGRATIONS if v > version]

    assert await store.unanswered(None, None) == [Unanswered("guild-1", T0, "how do cobots work", "cobots", 0.42)]
    stats = await store.stats(None, None)
    assert (stats.asked, stats.answered, stats.unanswered, stats.near_misses) == (1, 0, 1, 0)
    old_votes = (EntryVotes("cobots", 0, 1),) if version >= 2 else ()
    assert stats.votes == old_votes

    await store.set_vote(vote("m-new", "voter-new", "cobots", helpful=False))
    assert await store.put_setting("guild-1", "channels", ["general"]) is True
    await store.add_question(question(answered=True, entry_id="cobots"))
    assert store.available
    stats = await store.stats(None, None)
    assert stats.asked == 2 and stats.top_entries == (("cobots", 1),)
    assert stats.votes == (EntryVotes("cobots", 0, 2 if version >= 2 else 1),)
    assert await store.server_settings() == {"guild-1": {"channels": ["general"]}}
    await store.close()
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert tables(path) == tables_at(SCHEMA_VERSION)


async def test_two_connections_migrating_one_file_at_once_apply_each_step_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    path = tmp_path / FILENAME
    async with (
        aiosqlite.connect(path, isolation_level=None) as first,
        aiosqlite.connect(path, isolation_level=None) as second,
    ):
        for conn in (first, second):
            await conn.execute("PRAGMA busy_timeout = 5000")
        assert await asyncio.gather(migrate(first), migrate(second)) == [SCHEMA_VERSION, SCHEMA_VERSION]
    assert sorted(migrated(caplog)) == [v for v, _, _ in MIGRATIONS]
    assert tables(path) == tables_at(SCHEMA_VERSION)


async def test_two_stores_opening_an_old_wal_file_at_once_migrate_it_once(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILENAME
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await conn.execute("PRAGMA journal_mode = WAL")
        await migrate(conn, target=1)
    caplog.set_level(logging.INFO, logger=LOGGER)
    first, second = await asyncio.gather(stores.open(path), stores.open(path))
    assert first.available and second.available, (first.problem, second.problem)
    assert sorted(migrated(caplog)) == [v for v, _, _ in MIGRATIONS if v > 1]
    await first.add_question(question(text="from the first"))
    await second.add_question(question(text="from the second"))
    assert (await first.stats(None, None)).asked == 2


async def test_opening_a_new_file_waits_while_another_program_writes(tmp_path: Path, stores: Stores) -> None:
    path = tmp_path / FILENAME
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE someone_elses (x TEXT)")
        asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")  # well within the 5 s busy timeout
        store = await stores.open(path)
        await asyncio.sleep(0.4)
    assert store.available, store.problem


async def test_a_file_from_a_newer_version_is_left_alone(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILENAME
    writer = await stores.open(path)
    await writer.add_question(question(text="written by this version"))
    await writer.close()
    newer = SCHEMA_VERSION + 1
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE from_the_future (x TEXT)")
        conn.execute(f"PRAGMA user_version = {newer}")
    before = path.read_bytes()

    caplog.set_level(logging.DEBUG, logger=LOGGER)
    store = await stores.open(path)
    assert not store.available
    assert store.problem is not None
    assert "upgrade IndustryBot" in store.problem and f"schema version {newer}" in store.problem
    for _ in range(3):
        await assert_defaults(store)
    assert not store.available
    errors = records(caplog, logging.ERROR)
    assert len(errors) == 1 and "upgrade" in errors[0].getMessage()

    reader = await stores.open(path, read_only=True)
    assert not reader.available and reader.problem is not None and "upgrade" in reader.problem
    await store.close()
    await reader.close()
    assert path.read_bytes() == before
    assert pragma(path, "user_version") == newer
    assert "from_the_future" in tables(path)


def test_newer_schema_advice_says_to_upgrade(tmp_path: Path) -> None:
    kind, text = advice(NewerSchema("x has schema version 9; this IndustryBot knows up to 3"), tmp_path)
    assert kind == "newer" and "upgrade IndustryBot" in text


# ----- degradation: logged once, defaults returned, never raises -------------------------------------------


async def test_a_damaged_file_is_reported_once_and_left_alone(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    path = tmp_path / FILENAME
    junk = b"not a database" * 100
    path.write_bytes(junk)
    store = await stores.open(path)
    assert not store.available
    assert store.problem is not None
    assert "damaged" in store.problem and "move the file aside" in store.problem
    for _ in range(3):
        await assert_defaults(store)
    errors = records(caplog, logging.ERROR)
    assert len(errors) == 1 and "damaged" in errors[0].getMessage()
    assert not store.available
    await store.close()
    assert path.read_bytes() == junk


async def test_a_data_folder_that_cannot_be_created(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    blocker = tmp_path / "afile"
    blocker.write_text("a file, not a folder")
    store = await stores.open(blocker / "db.sqlite3")
    assert not store.available
    assert store.problem is not None
    assert "cannot create or open" in store.problem and "check the folder exists and is writable" in store.problem
    assert store.problem.endswith("; the bot tries again every 60 s")
    for _ in range(3):
        await assert_defaults(store)
    assert len(records(caplog, logging.ERROR)) == 1
    assert blocker.read_text() == "a file, not a folder"


async def test_a_read_only_database_is_reported_once(store: SQLiteStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    # The suite runs as root, which ignores file permissions, so chmod cannot make the file read-only: the
    # connection is made read-only instead, through the store's private ``_conn``.
    assert store._conn is not None
    await store._conn.execute("PRAGMA query_only = ON")
    for _ in range(3):
        assert await store.add_question(question(text="lost")) is None
    assert await store.set_vote(vote("m1", "v", "cobots", helpful=False)) is None
    assert await store.put_setting("guild-1", "prefix", "?") is False
    assert await store.forget("guild-1") is None
    assert await store.prune(T0) == Forgotten()
    assert not store.available
    assert store.problem is not None and "read-only" in store.problem and "writable" in store.problem
    errors = records(caplog, logging.ERROR)
    assert len(errors) == 1 and "read-only" in errors[0].getMessage()

    await store._conn.execute("PRAGMA query_only = OFF")
    await store.add_question(question(text="kept"))
    assert store.available and store.problem is None
    assert len(records(caplog, logging.WARNING)) == 1
    assert [r.text for r in await store.unanswered(None, None)] == ["kept"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: root ignores file permissions, so chmod cannot make the database read-only",
)
async def test_a_read_only_file_and_folder_are_reported_once(
    db: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    writer = await stores.open(db)
    await writer.add_question(question(text="before"))
    await writer.close()
    before = db.read_bytes()
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    db.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        store = await stores.open(db)
        for _ in range(3):
            assert await store.add_question(question(text="lost")) is None
        assert not store.available
        assert store.problem is not None and "read-only" in store.problem and "writable" in store.problem
        assert len(records(caplog, logging.ERROR)) == 1
        await store.close()
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)
    assert db.read_bytes() == before


async def test_a_full_disk_is_reported_once_and_recording_resumes(
    db: Path, store: SQLiteStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    conn = store._conn  # private on purpose: a database size limit stands in for a full disk
    assert conn is not None
    ((pages,),) = await conn.execute_fetchall("PRAGMA page_count")
    await conn.execute(f"PRAGMA max_page_count = {pages + 8}")
    stored = failed = 0
    for i in range(200):
        assert await store.add_question(question(text=f"{i:04} " + "x" * 3000)) is None
        if store.available:
            assert failed == 0, "a write worked between two failures"
            stored += 1
        else:
            failed += 1
            if failed == 5:
                break
    assert stored > 0 and failed == 5
    assert store.problem is not None and "full" in store.problem and "free some space" in store.problem
    errors = records(caplog, logging.ERROR)
    assert len(errors) == 1 and "full" in errors[0].getMessage()
    assert records(caplog, logging.WARNING) == []

    await conn.execute("PRAGMA max_page_count = 1073741823")
    await store.add_question(question(text="after"))
    assert store.available and store.problem is None
    warnings = records(caplog, logging.WARNING)
    assert len(warnings) == 1 and "works again" in warnings[0].getMessage()
    assert (await store.stats(None, None)).asked == stored + 1
    await store.close()
    assert scalar(db, "SELECT COUNT(*) FROM questions") == stored + 1


async def test_a_database_locked_by_another_program(
    db: Path, stores: Stores, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_module, "BUSY_TIMEOUT_MS", 100)  # read when the store opens: wait 0.1 s, not 5 s
    store = await stores.open(db)
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO server_settings VALUES ('guild-1', 'prefix', '\"?\"', 'now')")
        for _ in range(3):
            assert await store.add_question(question(text="lost")) is None
        assert await store.put_setting("guild-1", "prefix", "!") is False
        assert not store.available
        assert store.problem is not None and "locked by another program" in store.problem
        other.execute("COMMIT")
    assert len(records(caplog, logging.ERROR)) == 1
    await store.add_question(question(text="kept"))
    assert store.available
    assert [r.text for r in await store.unanswered(None, None)] == ["kept"]
    assert await store.server_settings() == {"guild-1": {"prefix": "?"}}


async def test_an_unreadable_stored_setting_is_skipped_and_named(
    db: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    store = await stores.open(db)
    assert await store.put_setting("guild-1", "prefix", "?")
    with closing(sqlite3.connect(db, isolation_level=None)) as other:  # a hand edit of the file
        other.execute("INSERT INTO server_settings VALUES ('guild-1', 'language', '{not json', 'now')")
    caplog.set_level(logging.WARNING)
    assert await store.server_settings() == {"guild-1": {"prefix": "?"}}
    assert await store.server_settings("guild-1") == {"guild-1": {"prefix": "?"}}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["Ignoring an unreadable stored setting language for server guild-1"] * 2
    assert store.available


def coded(cls: type[sqlite3.Error], message: str, code: int) -> sqlite3.Error:
    """A SQLite error as the sqlite3 module raises it: with its result code (the kind is read from the code)."""
    exc = cls(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (coded(sqlite3.OperationalError, "attempt to write a readonly database", 8), "read-only"),
        (PermissionError(13, "Permission denied"), "read-only"),
        (coded(sqlite3.OperationalError, "database or disk is full", 13), "full"),
        (OSError(28, "No space left on device"), "full"),
        (coded(sqlite3.DatabaseError, "file is not a database", 26), "corrupt"),
        (coded(sqlite3.DatabaseError, "database disk image is malformed", 11), "corrupt"),
        (coded(sqlite3.OperationalError, "database is locked", 5), "locked"),
        (coded(sqlite3.OperationalError, "unable to open database file", 14), "open"),
        (coded(sqlite3.OperationalError, "disk I/O error", 10 | (3 << 8)), "other"),  # an extended code
        (NotADirectoryError(20, "Not a directory"), "open"),
        (coded(sqlite3.IntegrityError, "UNIQUE constraint failed: votes.message_id", 19), "other"),
    ],
)
def test_advice_names_the_kind_of_trouble_and_the_file(exc: BaseException, kind: str, tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    got, text = advice(exc, path)
    assert got == kind
    assert f"BOT_DATA_DIR/{FILENAME}" in text  # the file, named without the host's absolute path
    assert str(tmp_path) not in text


def test_a_data_folder_inside_the_bot_is_named_relative_to_it() -> None:
    from config import ROOT
    from handlers.storage.sqlite import shown

    assert shown(ROOT / "data" / FILENAME) == f"data/{FILENAME}"


# ----- regressions: bugs found by these tests, fixed ----------------------------------------------------------


async def test_a_successful_read_does_not_claim_that_recording_resumes(
    store: SQLiteStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    assert store._conn is not None
    await store._conn.execute("PRAGMA query_only = ON")  # writes fail, reads still work
    await store.add_question(question(text="lost"))
    assert not store.available
    await store.stats(None, None)
    assert [r.getMessage() for r in records(caplog, logging.WARNING)] == []
    assert not store.available


async def test_the_advice_does_not_depend_on_words_in_the_path(tmp_path: Path, stores: Stores) -> None:
    blocker = tmp_path / "fullstack" / "industrybot"
    blocker.parent.mkdir()
    blocker.write_text("a file, not a folder")
    store = await stores.open(blocker / "data" / FILENAME)
    assert not store.available and store.problem is not None
    assert "check the folder exists and is writable" in store.problem, store.problem


@pytest.mark.parametrize("folder", ["/srv/fullstack/bot", "/home/busybox/bot", "/srv/corrupted-backups/bot"])
def test_advice_for_an_os_error_ignores_the_path(folder: str) -> None:
    exc = NotADirectoryError(20, "Not a directory", f"{folder}/data")
    assert advice(exc, Path(folder) / "data" / FILENAME)[0] == "open"


# ----- read-only open --------------------------------------------------------------------------------------


async def test_read_only_open_of_a_missing_file(tmp_path: Path, stores: Stores) -> None:
    path = tmp_path / "nowhere" / FILENAME
    store = await stores.open(path, read_only=True)
    assert not store.available
    assert store.problem is not None and "no database" in store.problem
    await assert_defaults(store)
    assert not path.parent.exists()


async def test_read_only_open_reads_without_changing_the_file(
    db: Path, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    writer = await stores.open(db)
    await writer.add_question(question(text="what is a digital twin", entry_id="twins", score=0.4))
    await writer.add_question(question("guild-2", answered=True, entry_id="cobots"))
    await writer.set_vote(vote("m1", "v", "cobots", helpful=False, server="guild-2"))
    await writer.put_setting("guild-1", "channels", ["general"])
    await writer.close()
    before = db.read_bytes()

    caplog.set_level(logging.DEBUG, logger=LOGGER)
    reader = await stores.open(db, read_only=True)
    assert reader.available, reader.problem
    assert await reader.unanswered(None, None) == [Unanswered("guild-1", T0, "what is a digital twin", "twins", 0.4)]
    stats = await reader.stats(None, None)
    assert (stats.asked, stats.answered, stats.unanswered) == (2, 1, 1)
    assert stats.votes == (EntryVotes("cobots", 0, 1),)
    assert await reader.server_settings() == {"guild-1": {"channels": ["general"]}}
    assert await reader.add_question(question(text="not recorded")) is None
    assert await reader.put_setting("guild-1", "prefix", "?") is False
    assert not reader.available and reader.problem is not None and "read-only" in reader.problem
    assert len(records(caplog, logging.ERROR)) == 1
    await reader.close()
    assert db.read_bytes() == before
    assert scalar(db, "SELECT COUNT(*) FROM questions") == 2


@pytest.mark.parametrize("version", EARLIER_VERSIONS)
async def test_read_only_open_of_an_old_file_asks_for_an_upgrade_and_changes_nothing(
    tmp_path: Path, stores: Stores, version: int
) -> None:
    path = tmp_path / FILENAME
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await migrate(conn, target=version)
    before = path.read_bytes()
    store = await stores.open(path, read_only=True)
    assert not store.available
    assert store.problem is not None and "start the bot once" in store.problem
    await assert_defaults(store)
    await store.close()
    assert path.read_bytes() == before
    assert pragma(path, "user_version") == version


async def test_read_only_open_of_a_path_with_a_hash(tmp_path: Path, stores: Stores) -> None:
    path = tmp_path / "data#1" / FILENAME
    writer = await stores.open(path)
    assert writer.available
    await writer.add_question(question(text="hi"))
    await writer.close()
    reader = await stores.open(path, read_only=True)
    stray = tmp_path / "data"
    assert (reader.available, stray.exists()) == (True, False), reader.problem


async def test_a_new_data_folder_is_private_and_an_existing_one_is_left_alone(tmp_path: Path, stores: Stores) -> None:
    new = tmp_path / "new" / "data"
    await stores.open(new / FILENAME)
    assert new.stat().st_mode & 0o777 == 0o700  # members' questions: readable by the bot's user only
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    await stores.open(shared / FILENAME)
    assert shared.stat().st_mode & 0o777 == 0o755


async def test_a_store_that_failed_to_open_opens_once_the_cause_is_gone(
    tmp_path: Path, stores: Stores, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    store = await stores.open(blocker / FILENAME)
    assert not store.available
    await store.add_question(question(text="lost while storage was down"))  # within the minute: no new attempt
    blocker.unlink()  # the cause is gone: the folder can be created now
    await store.add_question(question(text="still within the minute"))
    assert not store.readable and not blocker.exists()
    monkeypatch.setattr(sqlite_module, "REOPEN_SECONDS", 0.0)
    store._retry_at = 0.0  # the minute has passed
    await store.add_question(question(text="recorded"))
    assert store.available and store.problem is None
    assert [u.text for u in await store.unanswered(None, None)] == ["recorded"]
    assert [r.getMessage() for r in records(caplog, logging.WARNING)][-1].startswith("Storage works again")
    assert len(records(caplog, logging.ERROR)) == 1


async def test_a_closed_or_newer_store_never_reopens(tmp_path: Path, stores: Stores, db: Path) -> None:
    store = await stores.open(db)
    await store.close()
    assert store._retry_at is None
    await store.add_question(question())
    assert not store.readable
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    refused = await stores.open(newer)
    assert not refused.readable and refused._retry_at is None
