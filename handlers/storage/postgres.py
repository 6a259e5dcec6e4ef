"""The PostgreSQL store: one database shared by every process of a bot (shard slices, on one host or many).

Chosen by ``database_url`` / ``DATABASE_URL=postgresql://...``; nothing imports this module (nor asyncpg) otherwise.

- A connection pool per process (``POOL_SIZE`` connections). Every write is one transaction: a single statement
  is its own, the others run in an explicit one.
- Migrations are versioned and append only, each applied step a row of ``schema_version``. Each step runs in its
  own transaction holding an advisory lock and re-reads the version under it, so processes that start together
  apply each step once.
- Processes hear each other: ``put_setting`` and ``forget(settings=True)`` send a NOTIFY inside their transaction
  (delivered when it commits), ``announce`` sends any topic (``RELOAD``). One connection per process LISTENs and
  hands every notice from another store to the ``subscribe``d callbacks; when it has been lost and comes back they
  hear ``(SETTINGS, EVERY_SERVER)``, since changes may have been missed meanwhile.
- Failures never raise into a handler, as with SQLite (see the package docstring): each kind of trouble is logged
  once with what to do, and operations return their empty defaults. A lost connection (the server restarting, the
  network) closes the pool; the store tries again at most once every ``REOPEN_SECONDS``, and says when recording
  resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

import asyncpg

from handlers.storage import (
    EVERY_SERVER,
    LEARNED,
    SETTINGS,
    Dismissal,
    Forgotten,
    Learned,
    Notice,
    QuestionRecord,
    Stats,
    Unanswered,
    Vote,
    redact,
    settings_of,
)
from knowledge.learned import wording_key

log = logging.getLogger(__name__)

POOL_SIZE = 10  # connections per process at most
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 15.0
REOPEN_SECONDS = 60.0  # how often a store that failed to open, or lost its server, tries again
CHANNEL = "industrybot"  # the NOTIFY channel the processes share
LOCK_KEY = 0x496E_6475_7374_7279  # "Industry": the advisory lock held while a migration step runs

SCHEMA_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""

# (version, what it adds, statements). Append only: a released step is never edited, a change is a new step.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "questions, votes and per-server settings",
        (
            """CREATE TABLE questions (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                asked_at timestamptz NOT NULL,
                server text NOT NULL,
                channel text,
                answered boolean NOT NULL,
                addressed boolean NOT NULL,
                entry_id text,
                score double precision,
                text text,
                author text
            )""",
            "CREATE INDEX questions_by_server ON questions (server, asked_at)",
            "CREATE INDEX questions_by_time ON questions (asked_at)",
            """CREATE TABLE votes (
                message_id text NOT NULL,
                voter text NOT NULL,
                server text NOT NULL,
                channel text,
                entry_id text NOT NULL,
                helpful boolean NOT NULL,
                voted_at timestamptz NOT NULL,
                PRIMARY KEY (message_id, voter)
            )""",
            "CREATE INDEX votes_by_server ON votes (server, voted_at)",
            "CREATE INDEX votes_by_time ON votes (voted_at)",
            """CREATE TABLE server_settings (
                server text NOT NULL,
                key text NOT NULL,
                value jsonb NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (server, key)
            )""",
        ),
    ),
    (
        2,
        "where a copied question came from, so that `bot.py migrate-store` copies each once",
        (
            "ALTER TABLE questions ADD COLUMN origin text",
            "CREATE UNIQUE INDEX questions_by_origin ON questions (origin)",
        ),
    ),
    (
        3,
        "wordings curators linked to entries, and groups of unanswered questions they dismissed",
        (
            """CREATE TABLE learned (
                key text PRIMARY KEY,
                wording text NOT NULL,
                entry_id text NOT NULL,
                linked_by text NOT NULL,
                linked_at timestamptz NOT NULL
            )""",
            """CREATE TABLE dismissals (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                server text,
                wording text NOT NULL,
                dismissed_by text NOT NULL,
                dismissed_at timestamptz NOT NULL
            )""",
            "CREATE INDEX dismissals_by_server ON dismissals (server, dismissed_at)",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

# What a failing operation may raise: the server's errors, the driver's, the network's.
DB_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    OSError,
    TimeoutError,
)


class NewerSchema(Exception):
    """The database was written by a newer IndustryBot: using it could lose data, so it is left alone."""


class NotReady(Exception):
    """A read-only open of a database without the current schema (nothing recorded yet, or not upgraded yet)."""


def moment(when: dt.datetime) -> dt.datetime:
    """A time as stored: UTC, to the second (as the SQLite store keeps it)."""
    return when.astimezone(dt.UTC).replace(microsecond=0)


def kind_of(exc: BaseException) -> str:
    """The kind of trouble: from the SQLSTATE for the server's errors, from the class for the others."""
    if isinstance(exc, NewerSchema):
        return "newer"
    if isinstance(exc, NotReady):
        return "not-ready"
    state = getattr(exc, "sqlstate", None)
    if isinstance(exc, asyncpg.PostgresError) and isinstance(state, str):
        if state.startswith("08") or state in ("57P01", "57P02", "57P03"):  # connection lost, shut down, starting
            return "unreachable"
        if state.startswith("28"):
            return "login"
        if state == "3D000":
            return "missing"
        if state in ("25006", "42501"):  # a read-only transaction (a standby), no privilege
            return "read-only"
        if state.startswith("53"):  # disk full, out of memory, too many connections
            return "full"
        return "other"
    if isinstance(exc, asyncpg.ClientConfigurationError | ValueError):
        return "config"
    if isinstance(exc, OSError | TimeoutError | asyncpg.InterfaceError | asyncpg.InternalClientError):
        return "unreachable"
    return "other"


def advice(exc: BaseException, url: str) -> tuple[str, str]:
    """(kind of trouble, what to tell the person running the bot). The password never appears."""
    where = f"the PostgreSQL database {redact(url)} (setting database_url / DATABASE_URL)"
    kind = kind_of(exc)
    texts = {
        "unreachable": f"cannot reach {where} ({exc}): check that PostgreSQL runs and accepts connections from here",
        "login": f"{where} refused the login ({exc}): check the user and password (DATABASE_URL, or ~/.pgpass)",
        "missing": f"{where} does not exist ({exc}): create it (createdb), or fix DATABASE_URL",
        "read-only": (
            f"{where} refuses writes ({exc}): make the bot's user the database's owner (or grant it the rights), "
            "and point DATABASE_URL at the primary server, not a read-only standby"
        ),
        "full": f"the server of {where} is out of disk space, memory or connections ({exc}): free some",
        "newer": f"{where}: {exc}: upgrade IndustryBot, or point DATABASE_URL at another database",
        "not-ready": f"{where}: {exc}",
        "config": f"DATABASE_URL is not a usable PostgreSQL URL ({exc})",
        "other": f"{where}: {exc}",
    }
    return kind, texts[kind]


Rows = Iterable[tuple[Any, ...]]
P = ParamSpec("P")
R = TypeVar("R")
Operation = Callable[Concatenate["PostgresStore", asyncpg.Pool, P], Awaitable[R]]
Public = Callable[Concatenate["PostgresStore", P], Awaitable[R]]


def guarded(default: Callable[[], R], *, write: bool) -> Callable[[Operation[P, R]], Public[P, R]]:
    """Run a store operation on the pool; on a database or network error log it (once per kind) and return
    ``default()``. A lost connection closes the pool, to be reopened at most once every ``REOPEN_SECONDS``.

    A write that works again clears the problem; a read that works says nothing about writing.
    """

    def wrap(method: Operation[P, R]) -> Public[P, R]:
        @wraps(method)
        async def run(self: PostgresStore, *args: P.args, **kwargs: P.kwargs) -> R:
            pool = self._pool
            if pool is None:
                if not await self._reopen() or self._pool is None:
                    return default()
                pool = self._pool
            try:
                result = await method(self, pool, *args, **kwargs)
            except DB_ERRORS as exc:
                if self._trouble(exc, method.__name__) == "unreachable":
                    self._lost(pool)
                return default()
            if write:
                self._fine()
            return result

        return run

    return wrap


class PostgresStore:
    """See the module docstring. Open with ``await PostgresStore.open(url)``; always ``await store.close()``."""

    def __init__(self, url: str, *, read_only: bool = False, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        self.read_only = read_only
        self.pool_size = pool_size
        self.origin = uuid.uuid4().hex  # this store's name on the channel: it does not hear itself
        self._pool: asyncpg.Pool | None = None
        self._logged: set[str] = set()
        self._problem: str | None = None
        self._retry_at: float | None = None  # when a store without a pool tries again; None: never
        self._closed = False
        self._callbacks: list[Notice] = []
        self._listener: asyncpg.Connection | None = None
        self._deafened = asyncio.Event()  # set when the listening connection is lost
        self._reopened = asyncio.Event()  # set when the pool is back: listen again now, not in a minute
        self._watcher: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, url: str, *, read_only: bool = False, pool_size: int = POOL_SIZE) -> PostgresStore:
        """Connect (migrating the schema). Never raises: see ``available``.

        ``read_only`` reads a database without changing it (reports from the command line): its sessions are
        read-only and the schema must be current. A writable store that fails to open tries again on use, at
        most once every ``REOPEN_SECONDS``.
        """
        store = cls(url, read_only=read_only, pool_size=pool_size)
        await store._connect()
        return store

    @property
    def where(self) -> str:
        """The database, without its password."""
        return redact(self.url)

    async def _connect(self) -> bool:
        settings = {"application_name": "industrybot"}
        if self.read_only:
            settings["default_transaction_read_only"] = "on"
        try:
            pool = await asyncpg.create_pool(
                self.url,
                min_size=1,
                max_size=self.pool_size,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
                server_settings=settings,
            )
        except (*DB_ERRORS, ValueError) as exc:
            self._failed_to_open(exc)
            return False
        try:
            async with pool.acquire() as conn:
                if self.read_only:
                    await check_schema(conn)
                else:
                    await migrate(conn)
        except (*DB_ERRORS, NewerSchema, NotReady) as exc:
            pool.terminate()
            self._failed_to_open(exc)
            return False
        self._pool = pool
        self._retry_at = None
        return True

    def _failed_to_open(self, exc: BaseException) -> None:
        kind = self._trouble(exc, "open")
        # A newer schema stays newer and a bad URL stays bad; a server that starts, a database created may clear.
        permanent = self.read_only or kind in ("newer", "config")
        self._retry_at = None if permanent else time.monotonic() + REOPEN_SECONDS

    async def _reopen(self) -> bool:
        """Try again to open a store that failed to (or lost its server), if it is time; True when open now."""
        if self._retry_at is None or time.monotonic() < self._retry_at:
            return False
        self._retry_at = time.monotonic() + REOPEN_SECONDS  # before awaiting: one attempt at a time
        if not await self._connect():
            return False
        self._fine()
        self._reopened.set()
        return True

    def _lost(self, pool: asyncpg.Pool) -> None:
        """The server went away under ``pool``: drop it, and try a new one in ``REOPEN_SECONDS``."""
        if self._pool is not pool:
            return  # another operation dropped it already
        self._pool = None
        pool.terminate()
        if not self._closed:
            self._retry_at = time.monotonic() + REOPEN_SECONDS

    # ----- state -------------------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._pool is not None and self._problem is None

    @property
    def readable(self) -> bool:
        return self._pool is not None

    @property
    def problem(self) -> str | None:
        if self._pool is None and self._problem is None:
            return "storage is closed"
        return self._problem

    def _trouble(self, exc: BaseException, operation: str) -> str:
        kind, text = advice(exc, self.url)
        if kind in ("unreachable", "login", "missing") and not self.read_only:
            text += f"; the bot tries again every {REOPEN_SECONDS:.0f} s"
        self._problem = text
        if kind in self._logged:
            log.debug("Storage still failing (%s): %s", operation, exc)
        else:
            self._logged.add(kind)
            log.error("Storage: %s. The bot keeps answering without recording. (%s failed: %s)", text, operation, exc)
        return kind

    def _fine(self) -> None:
        if self._problem is not None:
            log.warning("Storage works again: recording resumes (%s)", self.where)
            self._problem = None
            self._logged.clear()  # a new failure later is worth saying again

    def _notice(self, topic: str, payload: str) -> str:
        return json.dumps({"origin": self.origin, "topic": topic, "payload": payload})

    @staticmethod
    @asynccontextmanager
    async def _transaction(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
        async with pool.acquire() as conn, conn.transaction():
            yield conn

    # ----- writes ------------------------------------------------------------------------------------------

    @guarded(lambda: None, write=True)
    async def add_question(self, pool: asyncpg.Pool, record: QuestionRecord) -> None:
        await pool.execute(
            "INSERT INTO questions (asked_at, server, channel, answered, addressed, entry_id, score, text, author)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            moment(record.asked_at),
            record.server,
            record.channel,
            record.answered,
            record.addressed,
            record.entry_id,
            round(record.score, 4),
            record.text,
            record.author,
        )

    @guarded(lambda: None, write=True)
    async def set_vote(self, pool: asyncpg.Pool, vote: Vote) -> None:
        await pool.execute(
            "INSERT INTO votes (message_id, voter, server, channel, entry_id, helpful, voted_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7)"
            " ON CONFLICT (message_id, voter)"
            " DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at",
            vote.message_id,
            vote.voter,
            vote.server,
            vote.channel,
            vote.entry_id,
            vote.helpful,
            moment(vote.voted_at),
        )

    @guarded(lambda: False, write=True)
    async def put_setting(self, pool: asyncpg.Pool, server: str, key: str, value: Any) -> bool:
        async with self._transaction(pool) as conn:
            if value is None:
                await conn.execute("DELETE FROM server_settings WHERE server = $1 AND key = $2", server, key)
            else:
                await conn.execute(
                    "INSERT INTO server_settings (server, key, value, updated_at) VALUES ($1, $2, $3::jsonb, $4)"
                    " ON CONFLICT (server, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    server,
                    key,
                    json.dumps(value),
                    moment(dt.datetime.now(dt.UTC)),
                )
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._notice(SETTINGS, server))
        return True

    @guarded(lambda: None, write=True)
    async def forget(self, pool: asyncpg.Pool, server: str, *, settings: bool = False) -> Forgotten | None:
        async with self._transaction(pool) as conn:
            questions = _count(await conn.execute("DELETE FROM questions WHERE server = $1", server))
            votes = _count(await conn.execute("DELETE FROM votes WHERE server = $1", server))
            kept = 0
            if settings:
                kept = _count(await conn.execute("DELETE FROM server_settings WHERE server = $1", server))
                await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._notice(SETTINGS, server))
            dismissed = _count(await conn.execute("DELETE FROM dismissals WHERE server = $1", server))
        return Forgotten(questions, votes, kept, dismissed)

    @guarded(Forgotten, write=True)
    async def prune(self, pool: asyncpg.Pool, before: dt.datetime) -> Forgotten:
        cutoff = moment(before)
        async with self._transaction(pool) as conn:
            questions = _count(await conn.execute("DELETE FROM questions WHERE asked_at < $1", cutoff))
            votes = _count(await conn.execute("DELETE FROM votes WHERE voted_at < $1", cutoff))
            dismissed = _count(await conn.execute("DELETE FROM dismissals WHERE dismissed_at < $1", cutoff))
        return Forgotten(questions, votes, dismissals=dismissed)

    @guarded(lambda: False, write=True)
    async def add_learned(self, pool: asyncpg.Pool, learned: Learned) -> bool:
        async with self._transaction(pool) as conn:
            await conn.execute(
                "INSERT INTO learned (key, wording, entry_id, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (key) DO UPDATE SET wording = excluded.wording, entry_id = excluded.entry_id,"
                " linked_by = excluded.linked_by, linked_at = excluded.linked_at",
                wording_key(learned.wording),
                learned.wording,
                learned.entry_id,
                learned.linked_by,
                moment(learned.linked_at),
            )
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._notice(LEARNED, learned.entry_id))
        return True

    @guarded(lambda: None, write=True)
    async def remove_learned(self, pool: asyncpg.Pool, wording: str) -> bool | None:
        async with self._transaction(pool) as conn:
            gone = _count(await conn.execute("DELETE FROM learned WHERE key = $1", wording_key(wording)))
            if gone:
                await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._notice(LEARNED, ""))
        return gone > 0

    @guarded(lambda: False, write=True)
    async def dismiss(self, pool: asyncpg.Pool, dismissal: Dismissal) -> bool:
        await pool.execute(
            "INSERT INTO dismissals (server, wording, dismissed_by, dismissed_at) VALUES ($1, $2, $3, $4)",
            dismissal.server,
            dismissal.wording,
            dismissal.dismissed_by,
            moment(dismissal.dismissed_at),
        )
        return True

    # ----- reads -------------------------------------------------------------------------------------------

    @guarded(list, write=False)
    async def unanswered(
        self, pool: asyncpg.Pool, server: str | None, since: dt.datetime | None, limit: int = 5000
    ) -> list[Unanswered]:
        params: list[Any] = []
        where = _scope("asked_at", server, since, params)
        params.append(limit)
        rows = await pool.fetch(
            f"SELECT server, asked_at, text, entry_id, score FROM questions WHERE NOT answered AND {where}"
            f" ORDER BY asked_at DESC, id DESC LIMIT ${len(params)}",
            *params,
        )
        return [Unanswered(r[0], r[1], r[2] or "", r[3], r[4] or 0.0) for r in rows]

    @guarded(Stats, write=False)
    async def stats(self, pool: asyncpg.Pool, server: str | None, since: dt.datetime | None, top: int = 5) -> Stats:
        params: list[Any] = []
        where = _scope("asked_at", server, since, params)
        vote_params: list[Any] = []
        vote_where = _scope("voted_at", server, since, vote_params)
        async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            counts = await conn.fetchrow(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE answered), COUNT(*) FILTER (WHERE NOT answered AND addressed),"
                f" COUNT(*) FILTER (WHERE NOT answered AND NOT addressed) FROM questions WHERE {where}",
                *params,
            )
            entries = await conn.fetch(
                f"SELECT entry_id, COUNT(*) FROM questions WHERE answered AND entry_id IS NOT NULL AND {where}"
                f' GROUP BY entry_id ORDER BY COUNT(*) DESC, entry_id COLLATE "C" LIMIT ${len(params) + 1}',
                *params,
                top,
            )
            votes = await conn.fetch(
                "SELECT entry_id, COUNT(*) FILTER (WHERE helpful), COUNT(*) FILTER (WHERE NOT helpful) FROM votes"
                f" WHERE {vote_where} GROUP BY entry_id HAVING COUNT(*) FILTER (WHERE NOT helpful) > 0"
                f' ORDER BY 3 DESC, 2, entry_id COLLATE "C" LIMIT ${len(vote_params) + 1}',
                *vote_params,
                top,
            )
            servers = await conn.fetch(
                f"SELECT server, COUNT(*), COUNT(*) FILTER (WHERE answered) FROM questions WHERE {where}"
                ' GROUP BY server ORDER BY COUNT(*) DESC, server COLLATE "C"',
                *params,
            )
        return Stats.of(counts, entries, votes, servers)

    @guarded(dict, write=False)
    async def server_settings(self, pool: asyncpg.Pool, server: str | None = None) -> dict[str, dict[str, Any]]:
        if server is None:
            rows = await pool.fetch("SELECT server, key, value FROM server_settings")
        else:
            rows = await pool.fetch("SELECT server, key, value FROM server_settings WHERE server = $1", server)
        return settings_of(rows)

    @guarded(lambda: None, write=False)
    async def learned(self, pool: asyncpg.Pool) -> list[Learned] | None:
        rows = await pool.fetch(
            'SELECT wording, entry_id, linked_by, linked_at FROM learned ORDER BY linked_at, key COLLATE "C"'
        )
        return [Learned(r[0], r[1], r[2], r[3]) for r in rows]

    @guarded(list, write=False)
    async def dismissals(self, pool: asyncpg.Pool, server: str | None) -> list[Dismissal]:
        if server is None:
            rows = await pool.fetch(
                "SELECT wording, server, dismissed_by, dismissed_at FROM dismissals ORDER BY dismissed_at, id"
            )
        else:
            rows = await pool.fetch(
                "SELECT wording, server, dismissed_by, dismissed_at FROM dismissals"
                " WHERE server IS NULL OR server = $1 ORDER BY dismissed_at, id",
                server,
            )
        return [Dismissal(r[0], r[1], r[2], r[3]) for r in rows]

    # ----- processes hear each other -----------------------------------------------------------------------

    @guarded(lambda: None, write=False)
    async def announce(self, pool: asyncpg.Pool, topic: str, payload: str = "") -> None:
        await pool.execute("SELECT pg_notify($1, $2)", CHANNEL, self._notice(topic, payload))

    async def subscribe(self, callback: Notice) -> None:
        """See ``Store.subscribe``. The first subscriber starts listening (on a connection of its own) before this
        returns; a connection that is lost is made again, at most once every ``REOPEN_SECONDS``."""
        self._callbacks.append(callback)
        if self._watcher is not None or self._closed or (self._pool is None and self._retry_at is None):
            return  # listening already, or closed, or never going to open
        await self._listen()
        self._watcher = asyncio.get_running_loop().create_task(self._watch(), name="industrybot-listen")

    async def _listen(self) -> bool:
        try:
            conn = await asyncpg.connect(
                self.url, timeout=CONNECT_TIMEOUT, server_settings={"application_name": "industrybot-listen"}
            )
        except (*DB_ERRORS, ValueError) as exc:
            log.debug("Cannot listen for other processes' changes yet: %s", exc)  # the operations say why
            return False
        try:
            await conn.add_listener(CHANNEL, self._heard)
        except DB_ERRORS as exc:
            log.debug("Cannot listen for other processes' changes yet: %s", exc)
            conn.terminate()
            return False
        conn.add_termination_listener(self._deaf)
        self._listener = conn
        return True

    async def _watch(self) -> None:
        """Keep one connection listening, trying again every ``REOPEN_SECONDS`` or as soon as the store reopens.
        After a gap, any server's settings may have changed: say so."""
        while not self._closed:
            if self._listener is None:
                if not await self._listen():
                    with contextlib.suppress(TimeoutError):  # a minute, or until the store reopens
                        await asyncio.wait_for(self._reopened.wait(), REOPEN_SECONDS)
                    self._reopened.clear()
                    continue
                log.info("Listening again for other processes' changes (%s)", self.where)
                self._deliver(SETTINGS, EVERY_SERVER)
            await self._deafened.wait()
            self._deafened.clear()

    def _deaf(self, conn: asyncpg.Connection) -> None:
        if conn is self._listener:
            self._listener = None
            self._deafened.set()
            if not self._closed:
                log.info("Lost the connection listening for other processes' changes; trying again (%s)", self.where)

    def _heard(self, conn: asyncpg.Connection, pid: int, channel: str, payload: str) -> None:
        try:
            notice = json.loads(payload)
            origin, topic, text = notice["origin"], notice["topic"], notice["payload"]
        except (ValueError, KeyError, TypeError):
            log.warning("Ignoring an unreadable notice on channel %s: %.200s", channel, payload)
            return
        if origin != self.origin:
            self._deliver(str(topic), str(text))

    def _deliver(self, topic: str, payload: str) -> None:
        for callback in list(self._callbacks):
            try:
                callback(topic, payload)
            except Exception:
                log.exception("Handling the notice %s %r failed", topic, payload)

    # ----- copying in (`bot.py migrate-store`) -------------------------------------------------------------

    async def copy_in(
        self, questions: Rows, votes: Rows, settings: Rows, learned: Rows = (), dismissals: Rows = ()
    ) -> tuple[int, int, int]:
        """Add rows copied from elsewhere, in one transaction, skipping those already here; the rows added.

        ``questions``: (origin, asked_at, server, channel, answered, addressed, entry_id, score, text, author), a
        question whose origin is here already is skipped; ``votes``: (message_id, voter, server, channel, entry_id,
        helpful, voted_at), one per member and answer; ``settings``: (server, key, value as JSON text), a setting
        the server has here already is kept. Raises the database's error: the caller reports it.
        """
        if self._pool is None:
            raise NotReady(self.problem or "storage is closed")
        async with self._transaction(self._pool) as conn:
            await conn.execute(
                "CREATE TEMP TABLE copied_questions (n bigint GENERATED ALWAYS AS IDENTITY, origin text,"
                " asked_at timestamptz, server text, channel text, answered boolean, addressed boolean,"
                " entry_id text, score double precision, text text, author text) ON COMMIT DROP"
            )
            await conn.execute("CREATE TEMP TABLE copied_votes (LIKE votes) ON COMMIT DROP")
            await conn.execute("CREATE TEMP TABLE copied_settings (server text, key text, value text) ON COMMIT DROP")
            columns = ("origin", "asked_at", "server", "channel", "answered", "addressed", "entry_id", "score")
            await conn.copy_records_to_table(
                "copied_questions", records=questions, columns=[*columns, "text", "author"]
            )
            await conn.copy_records_to_table("copied_votes", records=votes)
            await conn.copy_records_to_table("copied_settings", records=settings)
            added_questions = _count(
                await conn.execute(
                    "INSERT INTO questions (origin, asked_at, server, channel, answered, addressed, entry_id, score,"
                    " text, author) SELECT origin, asked_at, server, channel, answered, addressed, entry_id, score,"
                    " text, author FROM copied_questions ORDER BY n ON CONFLICT (origin) DO NOTHING"
                )
            )
            added_votes = _count(
                await conn.execute("INSERT INTO votes SELECT * FROM copied_votes ON CONFLICT DO NOTHING")
            )
            added_settings = _count(
                await conn.execute(
                    "INSERT INTO server_settings (server, key, value, updated_at)"
                    " SELECT server, key, value::jsonb, now() FROM copied_settings ON CONFLICT DO NOTHING"
                )
            )
            if added_settings:  # running processes read them now
                await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._notice(SETTINGS, EVERY_SERVER))
            # The curators' work: learned wordings (one per wording key) and dismissals (an identical one is skipped).
            await conn.executemany(
                "INSERT INTO learned (key, wording, entry_id, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (key) DO NOTHING",
                list(learned),
            )
            await conn.executemany(
                "INSERT INTO dismissals (server, wording, dismissed_by, dismissed_at) SELECT $1, $2, $3, $4"
                " WHERE NOT EXISTS (SELECT 1 FROM dismissals WHERE server IS NOT DISTINCT FROM $1 AND wording = $2"
                " AND dismissed_by = $3 AND dismissed_at = $4)",
                list(dismissals),
            )
        return added_questions, added_votes, added_settings

    # ----- closing -----------------------------------------------------------------------------------------

    async def close(self) -> None:
        self._closed = True
        self._retry_at = None  # closed on purpose: no reopening
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                await asyncio.wait_for(listener.close(), CONNECT_TIMEOUT)
            except DB_ERRORS:
                listener.terminate()
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await asyncio.wait_for(pool.close(), CONNECT_TIMEOUT)
            except DB_ERRORS as exc:
                log.warning("Closing the database connections: %s", exc)
                pool.terminate()


def _count(status: str) -> int:
    """The rows a command touched, from its status ("DELETE 3", "INSERT 0 5")."""
    return int(status.rsplit(" ", 1)[-1])


def _scope(column: str, server: str | None, since: dt.datetime | None, params: list[Any]) -> str:
    clauses = ["TRUE"]
    if server is not None:
        params.append(server)
        clauses.append(f"server = ${len(params)}")
    if since is not None:
        params.append(moment(since))
        clauses.append(f"{column} >= ${len(params)}")
    return " AND ".join(clauses)


async def schema_version(conn: asyncpg.Connection) -> int:
    """The last migration step applied; 0 for a database without IndustryBot's tables."""
    if await conn.fetchval("SELECT to_regclass('schema_version')") is None:
        return 0
    return int(await conn.fetchval("SELECT COALESCE(max(version), 0) FROM schema_version"))


def _newer(version: int) -> NewerSchema:
    return NewerSchema(f"the database has schema version {version}; this IndustryBot knows up to {SCHEMA_VERSION}")


async def migrate(conn: asyncpg.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to ``target``, one transaction per step; returns the version reached.

    Each step takes the advisory lock and re-reads the version inside its transaction, so processes opening one
    database at once apply each step once. A current schema costs one query and takes no lock.
    """
    current = await schema_version(conn)
    if current > SCHEMA_VERSION:
        raise _newer(current)
    for version, what, statements in MIGRATIONS:
        if version > target or version <= current:
            continue
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", LOCK_KEY)
            await conn.execute(SCHEMA_TABLE)
            current = await schema_version(conn)
            if current > SCHEMA_VERSION:
                raise _newer(current)
            if current >= version:
                continue  # another process applied it while this one waited for the lock
            for statement in statements:
                await conn.execute(statement)
            await conn.execute("INSERT INTO schema_version (version, description) VALUES ($1, $2)", version, what)
        current = version
        log.info("Database schema migrated to version %d: %s", version, what)
    return await schema_version(conn)


async def check_schema(conn: asyncpg.Connection) -> None:
    """For a read-only open: the schema must be this release's (nothing is created or upgraded)."""
    version = await schema_version(conn)
    if version == 0:
        raise NotReady(
            "no IndustryBot tables yet: nothing has been recorded (start the bot once, or copy an SQLite file "
            "with `bot.py migrate-store`)"
        )
    if version > SCHEMA_VERSION:
        raise _newer(version)
    if version < SCHEMA_VERSION:
        raise NotReady(f"schema version {version} is old: start the bot once to upgrade it")
