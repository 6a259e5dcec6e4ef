"""The SQLite store: one file in the data folder, through aiosqlite.

- The schema is versioned (``PRAGMA user_version``) and migrated on open, one transaction per step, so a file from
  any earlier version is brought up to date and a half-done migration never sticks.
- WAL mode, so `bot.py unanswered` can read while the bot writes; a busy timeout for the moment two processes
  write at once; every write in a transaction, serialised on the connection.
- One file on one host: processes that share it take turns writing, but hear nothing of each other (``subscribe``
  and ``announce`` do nothing); a setting changed in one is read by the others when they start.
- Failures never raise into a handler (see the package docstring): each kind of trouble is logged once, as an
  error that says what to do, and the bot carries on without records until a write works again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import aiosqlite

from handlers.storage import FILENAME as FILENAME  # re-exported: where it always was
from handlers.storage import (
    Dismissal,
    Forgotten,
    Learned,
    Notice,
    QuestionRecord,
    Stats,
    Unanswered,
    Vote,
    settings_of,
)
from handlers.storage import database_path as database_path
from knowledge.learned import wording_key

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5_000
REOPEN_SECONDS = 60.0  # how often a store that failed to open tries again

# (version, what it adds, statements). Append only: a released step is never edited, a change is a new step.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "questions asked of the base",
        (
            """CREATE TABLE questions (
                id INTEGER PRIMARY KEY,
                asked_at TEXT NOT NULL,
                server TEXT NOT NULL,
                channel TEXT,
                answered INTEGER NOT NULL CHECK (answered IN (0, 1)),
                addressed INTEGER NOT NULL CHECK (addressed IN (0, 1)),
                entry_id TEXT,
                score REAL,
                text TEXT,
                author TEXT
            )""",
            "CREATE INDEX questions_by_server ON questions (server, asked_at)",
            "CREATE INDEX questions_by_time ON questions (asked_at)",
        ),
    ),
    (
        2,
        "helpful / not helpful votes on answers",
        (
            """CREATE TABLE votes (
                message_id TEXT NOT NULL,
                voter TEXT NOT NULL,
                server TEXT NOT NULL,
                channel TEXT,
                entry_id TEXT NOT NULL,
                helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
                voted_at TEXT NOT NULL,
                PRIMARY KEY (message_id, voter)
            )""",
            "CREATE INDEX votes_by_server ON votes (server, voted_at)",
        ),
    ),
    (
        3,
        "per-server settings",
        (
            """CREATE TABLE server_settings (
                server TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (server, key)
            )""",
        ),
    ),
    (
        4,
        "wordings curators linked to entries, and groups of unanswered questions they dismissed",
        (
            """CREATE TABLE learned (
                key TEXT PRIMARY KEY,
                wording TEXT NOT NULL,
                entry_id TEXT NOT NULL,
                linked_by TEXT NOT NULL,
                linked_at TEXT NOT NULL
            )""",
            """CREATE TABLE dismissals (
                id INTEGER PRIMARY KEY,
                server TEXT,
                wording TEXT NOT NULL,
                dismissed_by TEXT NOT NULL,
                dismissed_at TEXT NOT NULL
            )""",
            "CREATE INDEX dismissals_by_server ON dismissals (server, dismissed_at)",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class NewerSchema(Exception):
    """The file was written by a newer IndustryBot: using it could lose data, so it is left alone."""


def stamp(moment: dt.datetime) -> str:
    """A UTC time as stored: ISO 8601, so that text order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def unstamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# SQLite's primary result codes (https://sqlite.org/rescode.html) and errno values, by kind of trouble. The kind
# never comes from the message text: a message names the path, and a folder called "fullstack" is not a full disk.
_SQLITE_KINDS = {8: "read-only", 13: "full", 11: "corrupt", 26: "corrupt", 5: "locked", 6: "locked", 14: "open"}
_ERRNO_KINDS = {errno.EROFS: "read-only", errno.EACCES: "read-only", errno.EPERM: "read-only", errno.ENOSPC: "full"}


def sqlite_kind(exc: sqlite3.Error) -> str:
    """The kind of trouble a SQLite error is, from its primary result code."""
    code = getattr(exc, "sqlite_errorcode", None)
    return _SQLITE_KINDS.get(code & 0xFF, "other") if isinstance(code, int) else "other"


def shown(path: Path) -> str:
    """``path`` as the bot names it to people, server managers included: relative to the bot's folder, or under
    the data folder setting, never an absolute path of the host."""
    from config import ROOT

    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return f"BOT_DATA_DIR/{path.name}"


def advice(exc: BaseException, path: Path) -> tuple[str, str]:
    """(kind of trouble, what to tell the person running the bot)."""
    where = f"{shown(path)} (folder: setting data_dir / BOT_DATA_DIR)"
    if isinstance(exc, NewerSchema):
        return "newer", f"{exc}: upgrade IndustryBot, or point BOT_DATA_DIR at another folder"
    if isinstance(exc, sqlite3.Error):
        kind = sqlite_kind(exc)
    elif isinstance(exc, OSError):
        kind = _ERRNO_KINDS.get(exc.errno or 0, "open")
    else:
        kind = "other"
    if kind in ("open", "other") and path.is_dir():
        return "open", f"{where} is a folder, not the database file: move it away, or set BOT_DATA_DIR"
    texts = {
        "read-only": f"{where} is read-only: make it writable by the bot's user, or set BOT_DATA_DIR",
        "full": f"the disk holding {where} is full: free some space; recording resumes by itself",
        "corrupt": (
            f"{where} is damaged ({exc}): stop the bot, move the file aside (restore a backup if you have one) "
            "and start again; a new, empty database is created"
        ),
        "locked": f"{where} stayed locked by another program for more than {BUSY_TIMEOUT_MS // 1000} s",
        "open": f"cannot create or open {where} ({exc}): check the folder exists and is writable",
        "other": f"{where}: {exc}",
    }
    return kind, texts[kind]


P = ParamSpec("P")
R = TypeVar("R")
Operation = Callable[Concatenate["SQLiteStore", P], Awaitable[R]]


def guarded(default: Callable[[], R], *, write: bool) -> Callable[[Operation[P, R]], Operation[P, R]]:
    """Run a store operation; on a database or file error log it (once per kind) and return ``default()``.

    A write that works again clears the problem; a read that works says nothing about writing. A read that fails
    makes the store unreadable (``readable`` is False) until a read works again, so that the empty default of a
    failed read (no questions, nobody asked) is never taken for the records.
    """

    def wrap(method: Operation[P, R]) -> Operation[P, R]:
        @wraps(method)
        async def run(self: SQLiteStore, *args: P.args, **kwargs: P.kwargs) -> R:
            if self._conn is None and not await self._reopen():
                return default()
            try:
                result = await method(self, *args, **kwargs)
            except (sqlite3.Error, OSError) as exc:
                self._trouble(exc, method.__name__, read=not write)
                return default()
            if write:
                self._fine()
            else:
                self._read_fine()
            return result

        return run

    return wrap


class SQLiteStore:
    """See the module docstring. Open with ``await SQLiteStore.open(path)``; always ``await store.close()``."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._logged: set[str] = set()
        self._problem: str | None = None
        self._unreadable: tuple[str, str] | None = None  # (kind, text) of the last read, when it failed
        self._retry_at: float | None = None  # when a store that failed to open tries again; None: never

    @classmethod
    async def open(cls, path: Path, *, read_only: bool = False) -> SQLiteStore:
        """Open (creating the folder and file, migrating the schema). Never raises: see ``available``.

        ``read_only`` opens an existing file without changing it (reports from the command line). A writable
        store that fails to open tries again on use, at most once every ``REOPEN_SECONDS``.
        """
        store = cls(path, read_only=read_only)
        await store._connect()
        return store

    async def _connect(self) -> bool:
        path = self.path
        try:
            if self.read_only:
                if not path.exists():
                    raise FileNotFoundError(f"no database at {path} yet: nothing has been recorded")
                uri = path.resolve().as_uri() + "?mode=ro"  # as_uri escapes '#', '?' and '%' in the path
                conn = await _connect(uri, uri=True, isolation_level=None)
            else:
                # A new data folder is the bot's user's alone: it holds what members asked.
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                create_private(path)
                conn = await _connect(path, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            self._failed_to_open(exc)
            return False
        try:
            await self._prepare(conn, read_only=self.read_only)
        except (sqlite3.Error, OSError, NewerSchema) as exc:
            await conn.close()
            self._failed_to_open(exc)
            return False
        self._conn = conn
        self._retry_at = None
        return True

    def _failed_to_open(self, exc: BaseException) -> None:
        self._trouble(exc, "open")
        # A newer schema stays newer; anything else (a folder made writable, a volume mounted) may clear.
        permanent = self.read_only or isinstance(exc, NewerSchema)
        self._retry_at = None if permanent else time.monotonic() + REOPEN_SECONDS

    async def _reopen(self) -> bool:
        """Try again to open a store that failed to, if it is time; True when it is open now."""
        if self._retry_at is None or time.monotonic() < self._retry_at:
            return False
        self._retry_at = time.monotonic() + REOPEN_SECONDS  # before awaiting: one attempt at a time
        if not await self._connect():
            return False
        self._fine()
        return True

    async def _prepare(self, conn: aiosqlite.Connection, *, read_only: bool) -> None:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = await _user_version(conn)  # reads the header: a file that is not a database fails here
        if version > SCHEMA_VERSION:
            raise NewerSchema(
                f"{self.path} has schema version {version}; this IndustryBot knows up to {SCHEMA_VERSION}"
            )
        if read_only:
            if version < SCHEMA_VERSION:
                raise sqlite3.OperationalError(f"schema version {version} is old: start the bot once to upgrade it")
            return
        await _patiently(conn, "PRAGMA journal_mode = WAL")  # SQLite does not wait on a lock for this one
        await conn.execute("PRAGMA synchronous = NORMAL")
        await migrate(conn)

    # ----- state -------------------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._conn is not None and self._problem is None

    @property
    def readable(self) -> bool:
        """Open, and its last read (if any) worked: a failed read's empty answer is not the records."""
        return self._conn is not None and self._unreadable is None

    @property
    def problem(self) -> str | None:
        if self._conn is None and self._problem is None:
            return "storage is closed"
        if self._unreadable is not None:
            return self._unreadable[1]
        return self._problem

    def _trouble(self, exc: BaseException, operation: str, *, read: bool = False) -> None:
        kind, text = advice(exc, self.path)
        if operation == "open" and not self.read_only and kind not in ("corrupt", "newer"):  # those say what to do
            text += f"; the bot tries again every {REOPEN_SECONDS:.0f} s"
        self._problem = text
        if read:
            self._unreadable = (kind, text)
        if kind in self._logged:
            log.debug("Storage still failing (%s): %s", operation, exc)
            return
        self._logged.add(kind)
        log.error("Storage: %s. The bot keeps answering without recording. (%s failed: %s)", text, operation, exc)

    def _fine(self) -> None:
        """A write worked: recording resumes, and any trouble that comes back is logged again."""
        if self._problem is not None:
            log.warning("Storage works again: recording resumes (%s)", self.path)
            self._problem = None
            self._logged.clear()

    def _read_fine(self) -> None:
        """A read worked: the records can be read again, and a read failure that comes back is logged again."""
        if self._unreadable is not None:
            log.warning("Storage: the records can be read again (%s)", self.path)
            self._logged.discard(self._unreadable[0])
            self._unreadable = None

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        assert self._conn is not None
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                await self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise

    # ----- writes ------------------------------------------------------------------------------------------

    @guarded(lambda: None, write=True)
    async def add_question(self, record: QuestionRecord) -> None:
        # One statement, auto-committed (the connection has no implicit transactions): one round trip to
        # aiosqlite's thread instead of three (BEGIN, INSERT, COMMIT). The lock keeps it out of another write's
        # transaction on the same connection.
        assert self._conn is not None
        async with self._lock:
            await self._conn.execute(
                "INSERT INTO questions (asked_at, server, channel, answered, addressed, entry_id, score, text, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    stamp(record.asked_at),
                    record.server,
                    record.channel,
                    int(record.answered),
                    int(record.addressed),
                    record.entry_id,
                    round(record.score, 4),
                    record.text,
                    record.author,
                ),
            )

    @guarded(lambda: None, write=True)
    async def set_vote(self, vote: Vote) -> None:
        async with self._transaction() as conn:
            await conn.execute(
                "INSERT INTO votes (message_id, voter, server, channel, entry_id, helpful, voted_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (message_id, voter)"
                " DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at",
                (
                    vote.message_id,
                    vote.voter,
                    vote.server,
                    vote.channel,
                    vote.entry_id,
                    int(vote.helpful),
                    stamp(vote.voted_at),
                ),
            )

    @guarded(lambda: False, write=True)
    async def put_setting(self, server: str, key: str, value: Any) -> bool:
        async with self._transaction() as conn:
            if value is None:
                await conn.execute("DELETE FROM server_settings WHERE server = ? AND key = ?", (server, key))
            else:
                await conn.execute(
                    "INSERT INTO server_settings (server, key, value, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (server, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    (server, key, json.dumps(value), stamp(dt.datetime.now(dt.UTC))),
                )
        return True

    @guarded(lambda: None, write=True)
    async def forget(self, server: str, *, settings: bool = False) -> Forgotten | None:
        async with self._transaction() as conn:
            questions = (await conn.execute("DELETE FROM questions WHERE server = ?", (server,))).rowcount
            votes = (await conn.execute("DELETE FROM votes WHERE server = ?", (server,))).rowcount
            kept = 0
            if settings:
                kept = (await conn.execute("DELETE FROM server_settings WHERE server = ?", (server,))).rowcount
            dismissed = (await conn.execute("DELETE FROM dismissals WHERE server = ?", (server,))).rowcount
        return Forgotten(questions, votes, kept, dismissed)

    @guarded(Forgotten, write=True)
    async def prune(self, before: dt.datetime) -> Forgotten:
        cutoff = stamp(before)
        async with self._transaction() as conn:
            questions = (await conn.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,))).rowcount
            votes = (await conn.execute("DELETE FROM votes WHERE voted_at < ?", (cutoff,))).rowcount
            dismissed = (await conn.execute("DELETE FROM dismissals WHERE dismissed_at < ?", (cutoff,))).rowcount
        return Forgotten(questions, votes, dismissals=dismissed)

    @guarded(lambda: False, write=True)
    async def add_learned(self, learned: Learned) -> bool:
        async with self._transaction() as conn:
            await conn.execute(
                "INSERT INTO learned (key, wording, entry_id, linked_by, linked_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET wording = excluded.wording, entry_id = excluded.entry_id,"
                " linked_by = excluded.linked_by, linked_at = excluded.linked_at",
                (wording_key(learned.wording), learned.wording, learned.entry_id, learned.linked_by,
                 stamp(learned.linked_at)),
            )  # fmt: skip
        return True

    @guarded(lambda: None, write=True)
    async def remove_learned(self, wording: str) -> bool | None:
        async with self._transaction() as conn:
            gone = (await conn.execute("DELETE FROM learned WHERE key = ?", (wording_key(wording),))).rowcount
        return gone > 0

    @guarded(lambda: False, write=True)
    async def dismiss(self, dismissal: Dismissal) -> bool:
        async with self._transaction() as conn:
            await conn.execute(
                "INSERT INTO dismissals (server, wording, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?)",
                (dismissal.server, dismissal.wording, dismissal.dismissed_by, stamp(dismissal.dismissed_at)),
            )
        return True

    # ----- reads -------------------------------------------------------------------------------------------

    @guarded(list, write=False)
    async def unanswered(self, server: str | None, since: dt.datetime | None, limit: int = 5000) -> list[Unanswered]:
        assert self._conn is not None
        where, params = _scope("asked_at", server, since)
        rows = await self._conn.execute_fetchall(
            f"SELECT server, asked_at, text, entry_id, score FROM questions WHERE NOT answered AND {where}"
            " ORDER BY asked_at DESC, id DESC LIMIT ?",
            (*params, limit),
        )
        return [Unanswered(r[0], unstamp(r[1]), r[2] or "", r[3], r[4] or 0.0) for r in rows]

    @guarded(Stats, write=False)
    async def stats(self, server: str | None, since: dt.datetime | None, top: int = 5) -> Stats:
        conn = self._conn
        assert conn is not None
        where, params = _scope("asked_at", server, since)
        (counts,) = await conn.execute_fetchall(
            "SELECT COUNT(*), COALESCE(SUM(answered), 0), COALESCE(SUM(NOT answered AND addressed), 0),"
            f" COALESCE(SUM(NOT answered AND NOT addressed), 0) FROM questions WHERE {where}",
            params,
        )
        entries = await conn.execute_fetchall(
            f"SELECT entry_id, COUNT(*) FROM questions WHERE answered AND entry_id IS NOT NULL AND {where}"
            " GROUP BY entry_id ORDER BY COUNT(*) DESC, entry_id LIMIT ?",
            (*params, top),
        )
        vote_where, vote_params = _scope("voted_at", server, since)
        votes = await conn.execute_fetchall(
            f"SELECT entry_id, SUM(helpful), SUM(NOT helpful) FROM votes WHERE {vote_where} GROUP BY entry_id"
            " HAVING SUM(NOT helpful) > 0 ORDER BY SUM(NOT helpful) DESC, SUM(helpful), entry_id LIMIT ?",
            (*vote_params, top),
        )
        servers = await conn.execute_fetchall(
            f"SELECT server, COUNT(*), SUM(answered) FROM questions WHERE {where}"
            " GROUP BY server ORDER BY COUNT(*) DESC, server",
            params,
        )
        return Stats.of(counts, entries, votes, servers)

    @guarded(dict, write=False)
    async def server_settings(self, server: str | None = None) -> dict[str, dict[str, Any]]:
        assert self._conn is not None
        one = " WHERE server = ?" if server is not None else ""
        rows = await self._conn.execute_fetchall(
            f"SELECT server, key, value FROM server_settings{one}", (server,) if server is not None else ()
        )
        return settings_of(rows)

    @guarded(lambda: None, write=False)
    async def learned(self) -> list[Learned] | None:
        assert self._conn is not None
        rows = await self._conn.execute_fetchall(
            "SELECT wording, entry_id, linked_by, linked_at FROM learned ORDER BY linked_at, key"
        )
        return [Learned(r[0], r[1], r[2], unstamp(r[3])) for r in rows]

    @guarded(list, write=False)
    async def dismissals(self, server: str | None) -> list[Dismissal]:
        assert self._conn is not None
        one = " WHERE server IS NULL OR server = ?" if server is not None else ""
        rows = await self._conn.execute_fetchall(
            f"SELECT wording, server, dismissed_by, dismissed_at FROM dismissals{one} ORDER BY dismissed_at, id",
            (server,) if server is not None else (),
        )
        return [Dismissal(r[0], r[1], r[2], unstamp(r[3])) for r in rows]

    async def subscribe(self, callback: Notice) -> None:
        """Nothing to hear: see the module docstring."""

    async def announce(self, topic: str, payload: str = "") -> None:
        """Nobody to tell: see the module docstring."""

    async def close(self) -> None:
        self._retry_at = None  # closed on purpose: no reopening
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except sqlite3.Error as exc:
                log.warning("Closing the database: %s", exc)


def _scope(column: str, server: str | None, since: dt.datetime | None) -> tuple[str, tuple[Any, ...]]:
    clauses, params = ["1"], []
    if server is not None:
        clauses.append("server = ?")
        params.append(server)
    if since is not None:
        clauses.append(f"{column} >= ?")
        params.append(stamp(since))
    return " AND ".join(clauses), tuple(params)


def create_private(path: Path) -> bool:
    """Create ``path`` empty, readable and writable by the bot's user only (0600), unless it exists; True if made.

    SQLite gives a database's WAL, shared-memory and journal files the mode of the database file, so they are
    private too. An existing file keeps its mode.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(path, 0o600)  # whatever the umask
    return True


async def _connect(database: str | Path, **kwargs: Any) -> aiosqlite.Connection:
    """``aiosqlite.connect``, waiting for its worker thread when connecting fails.

    On a failed connect aiosqlite stops its thread without waiting for it; a command-line report that then ends
    its event loop at once got "Event loop is closed" tracebacks from that thread.
    """
    conn = aiosqlite.connect(database, **kwargs)
    try:
        return await conn
    except BaseException:
        thread = getattr(conn, "_thread", None)
        if isinstance(thread, threading.Thread) and thread.is_alive():
            await asyncio.to_thread(thread.join, BUSY_TIMEOUT_MS / 1000)
        raise


async def _patiently(conn: aiosqlite.Connection, statement: str) -> None:
    """Run ``statement``, retrying while another connection holds a lock, up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            await conn.execute(statement)
            return
        except sqlite3.OperationalError as exc:
            if sqlite_kind(exc) != "locked" or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)


async def _user_version(conn: aiosqlite.Connection) -> int:
    ((version,),) = await conn.execute_fetchall("PRAGMA user_version")
    return int(version)


async def migrate(conn: aiosqlite.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to ``target``, one transaction per step; returns the version reached.

    Each step re-reads the version inside its transaction, so two processes opening one file at once apply each
    step once.
    """
    for version, what, statements in MIGRATIONS:
        if version > target:
            break
        await conn.execute("BEGIN IMMEDIATE")
        try:
            if await _user_version(conn) >= version:
                await conn.execute("ROLLBACK")
                continue
            for statement in statements:
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version}")
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        log.info("Database schema migrated to version %d: %s", version, what)
    return await _user_version(conn)
