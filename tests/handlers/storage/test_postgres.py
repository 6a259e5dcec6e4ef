"""The PostgreSQL store, on a real server (the session's throwaway cluster; skipped where PostgreSQL is absent):
migrations under the advisory lock, notices between stores, two processes writing at once, and degradation when
the server is unreachable, missing or refuses writes. Outages are real: a TCP relay in front of the server is cut.
"""

from __future__ import annotations

import asyncio
import logging
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest

import handlers.storage.postgres as pg
from handlers.storage import EVERY_SERVER, LEARNED, RELOAD, SETTINGS, Learned, Unanswered
from handlers.storage.postgres import MIGRATIONS, SCHEMA_VERSION, PostgresStore, advice, kind_of, migrate
from tests.conftest import ROOT
from tests.handlers.storage.samples import T0, assert_defaults, logged, question, vote
from tests.pgcluster import Cluster, free_port

LOGGER = "handlers.storage.postgres"
PASSWORD = "s3cret-pw"


def records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    return logged(caplog, LOGGER, level)


def migrated(caplog: pytest.LogCaptureFixture) -> list[int]:
    found = (re.match(r"Database schema migrated to version (\d+)", r.getMessage()) for r in caplog.records)
    return [int(m[1]) for m in found if m]


async def fetch(url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def eventually(check: Callable[[], bool], within: float = 1.0) -> float:
    """Seconds until ``check()`` holds; fails after ``within``."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > within:
            raise AssertionError(f"not within {within} s")
        await asyncio.sleep(0.01)
    return time.monotonic() - start


class Stores:
    def __init__(self) -> None:
        self.opened: list[PostgresStore] = []

    async def open(self, url: str, *, read_only: bool = False, pool_size: int = pg.POOL_SIZE) -> PostgresStore:
        store = await PostgresStore.open(url, read_only=read_only, pool_size=pool_size)
        self.opened.append(store)
        return store


@pytest.fixture
async def stores() -> AsyncIterator[Stores]:
    opened = Stores()
    try:
        yield opened
    finally:
        for store in opened.opened:
            await store.close()


class Relay:
    """A TCP relay to the cluster that can be cut and restored: a network outage or a server restart, as the bot
    sees it (the database behind it is the real one). ``attempts`` counts the connections tried through it."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.port = free_port()
        self.attempts = 0
        self._server: asyncio.Server | None = None
        self._ends: set[asyncio.StreamWriter] = set()

    def url_of(self, database_url: str) -> str:
        return database_url.replace(f":{self.cluster.port}/", f":{self.port}/")

    async def up(self) -> None:
        self._server = await asyncio.start_server(self._link, "127.0.0.1", self.port)

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for end in self._ends:
            end.transport.abort()
        self._ends.clear()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.attempts += 1
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.cluster.port)
        self._ends |= {writer, up_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except OSError:
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


@pytest.fixture
async def relay(pg_cluster: Cluster) -> AsyncIterator[Relay]:
    opened = Relay(pg_cluster)
    await opened.up()
    try:
        yield opened
    finally:
        if opened._server is not None and opened._server.is_serving():
            await opened.cut()


# ----- migrations ------------------------------------------------------------------------------------------


async def test_a_new_database_gets_the_current_schema_recorded_step_by_step(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    store = await stores.open(pg_url)
    assert store.available and store.problem is None
    assert migrated(caplog) == [v for v, _, _ in MIGRATIONS]
    steps = await fetch(pg_url, "SELECT version, description FROM schema_version ORDER BY version")
    assert [(r["version"], r["description"]) for r in steps] == [(v, what) for v, what, _ in MIGRATIONS]
    tables = {r[0] for r in await fetch(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert tables == {"schema_version", "questions", "votes", "server_settings", "learned", "dismissals"}
    await store.close()
    caplog.clear()
    again = await stores.open(pg_url)  # a current schema: nothing to do
    assert again.available and migrated(caplog) == []


async def test_a_database_at_an_earlier_version_is_migrated_and_keeps_its_rows(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    conn = await asyncpg.connect(pg_url)
    try:
        assert await migrate(conn, target=1) == 1
        assert await migrate(conn, target=1) == 1  # idempotent
        await conn.execute(
            "INSERT INTO questions (asked_at, server, channel, answered, addressed, entry_id, score, text)"
            " VALUES ($1, 'guild-1', 'general', false, true, 'cobots', 0.42, 'how do cobots work')",
            T0,
        )
    finally:
        await conn.close()
    caplog.set_level(logging.INFO, logger=LOGGER)
    store = await stores.open(pg_url)
    assert store.available, store.problem
    assert migrated(caplog) == [v for v, _, _ in MIGRATIONS if v > 1]
    assert await store.unanswered(None, None) == [Unanswered("guild-1", T0, "how do cobots work", "cobots", 0.42)]
    await store.add_question(question(text="after the upgrade"))
    assert (await store.stats(None, None)).asked == 2


async def test_stores_opening_a_new_database_at_once_apply_each_step_once(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    opened = await asyncio.gather(*(stores.open(pg_url) for _ in range(4)))
    assert all(store.available for store in opened), [store.problem for store in opened]
    assert sorted(migrated(caplog)) == [v for v, _, _ in MIGRATIONS]  # each step logged by one store only
    steps = await fetch(pg_url, "SELECT version FROM schema_version ORDER BY version")
    assert [r[0] for r in steps] == [v for v, _, _ in MIGRATIONS]
    await asyncio.gather(*(store.add_question(question(text=f"from {i}")) for i, store in enumerate(opened)))
    assert (await opened[0].stats(None, None)).asked == 4


def test_processes_starting_together_migrate_once(pg_url: str) -> None:
    script = (
        "import asyncio, logging, sys\n"
        "from handlers.storage.postgres import PostgresStore\n"
        "logging.basicConfig(level=logging.INFO, format='%(message)s')\n"
        "async def main():\n"
        "    store = await PostgresStore.open(sys.argv[1])\n"
        "    print('available' if store.available else store.problem)\n"
        "    await store.close()\n"
        "asyncio.run(main())\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, pg_url], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [out.strip() for out, _ in outputs] == ["available"] * 3, outputs
    logs = "".join(err for _, err in outputs)
    assert sorted(int(v) for v in re.findall(r"migrated to version (\d+)", logs)) == [v for v, _, _ in MIGRATIONS]


async def test_a_database_from_a_newer_version_is_left_alone(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    writer = await stores.open(pg_url)
    await writer.add_question(question(text="written by this version"))
    await writer.close()
    await execute(pg_url, f"INSERT INTO schema_version (version, description) VALUES ({SCHEMA_VERSION + 1}, 'x')")
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    store = await stores.open(pg_url)
    assert not store.available and store.problem is not None
    assert "upgrade IndustryBot" in store.problem and f"schema version {SCHEMA_VERSION + 1}" in store.problem
    for _ in range(3):
        await assert_defaults(store)
    assert len(records(caplog, logging.ERROR)) == 1
    assert store._retry_at is None  # a newer schema stays newer: never tried again
    assert (await fetch(pg_url, "SELECT count(*) FROM questions"))[0][0] == 1


# ----- read-only opens (the reports of `bot.py unanswered` and `stats`) ------------------------------------


async def test_read_only_open_reads_and_changes_nothing(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    empty = await stores.open(pg_url, read_only=True)
    assert not empty.readable and empty.problem is not None and "nothing has been recorded" in empty.problem
    assert await fetch(pg_url, "SELECT to_regclass('questions')") == [(None,)]  # it created nothing

    writer = await stores.open(pg_url)
    await writer.add_question(question(text="what is a digital twin", entry_id="twins", score=0.4))
    await writer.set_vote(vote("m1", "v", "cobots", helpful=False))
    await writer.put_setting("guild-1", "channels", ["general"])
    caplog.clear()
    reader = await stores.open(pg_url, read_only=True)
    assert reader.available, reader.problem
    assert await reader.unanswered(None, None) == [Unanswered("guild-1", T0, "what is a digital twin", "twins", 0.4)]
    assert await reader.server_settings() == {"guild-1": {"channels": ["general"]}}
    assert await reader.add_question(question(text="not recorded")) is None
    assert await reader.put_setting("guild-1", "prefix", "?") is False
    assert not reader.available and reader.problem is not None and "refuses writes" in reader.problem
    assert len(records(caplog, logging.ERROR)) == 1
    assert (await fetch(pg_url, "SELECT count(*) FROM questions"))[0][0] == 1
    assert await writer.server_settings() == {"guild-1": {"channels": ["general"]}}


async def test_read_only_open_of_an_old_schema_asks_for_an_upgrade(pg_url: str, stores: Stores) -> None:
    conn = await asyncpg.connect(pg_url)
    try:
        await migrate(conn, target=1)
    finally:
        await conn.close()
    reader = await stores.open(pg_url, read_only=True)
    assert not reader.readable and reader.problem is not None and "start the bot once" in reader.problem
    await assert_defaults(reader)
    assert [r[0] for r in await fetch(pg_url, "SELECT version FROM schema_version")] == [1]


# ----- processes hear each other ---------------------------------------------------------------------------


async def test_a_setting_changed_through_one_store_is_heard_by_the_others_within_a_second(
    pg_url: str, stores: Stores
) -> None:
    one, two, three = [await stores.open(pg_url) for _ in range(3)]
    heard: dict[str, list[tuple[str, str]]] = {"two": [], "three": []}
    await two.subscribe(lambda topic, payload: heard["two"].append((topic, payload)))
    await three.subscribe(lambda topic, payload: heard["three"].append((topic, payload)))

    assert await one.put_setting("42", "prefix", "?") is True
    assert await eventually(lambda: heard["two"] == heard["three"] == [(SETTINGS, "42")]) < 1.0
    assert await two.server_settings("42") == {"42": {"prefix": "?"}}  # the change is committed when heard

    await one.put_setting("42", "prefix", None)
    await one.forget("43")  # records only: settings untouched, nothing to tell
    await one.forget("44", settings=True)
    await one.announce(RELOAD)
    expected = [(SETTINGS, "42"), (SETTINGS, "42"), (SETTINGS, "44"), (RELOAD, "")]
    await eventually(lambda: heard["two"] == expected and heard["three"] == expected)


async def test_a_link_and_its_removal_are_heard_by_the_other_stores(pg_url: str, stores: Stores) -> None:
    one, two = await stores.open(pg_url), await stores.open(pg_url)
    heard: list[tuple[str, str]] = []
    await two.subscribe(lambda topic, payload: heard.append((topic, payload)))
    await one.add_learned(Learned("what is nq 57", "resolution-57", "owner (1)"))
    await one.remove_learned("nothing like it")  # nothing removed: nothing to tell
    await one.remove_learned("what is nq 57")
    await eventually(lambda: heard == [(LEARNED, "resolution-57"), (LEARNED, "")])
    assert await two.learned() == []


async def test_a_failed_change_tells_nobody_and_a_bad_notice_is_ignored(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    one, two = await stores.open(pg_url), await stores.open(pg_url)
    heard: list[tuple[str, str]] = []
    await two.subscribe(lambda topic, payload: heard.append((topic, payload)))

    def boom(topic: str, payload: str) -> None:
        raise RuntimeError("a handler that fails")

    await two.subscribe(boom)  # one failing handler does not stop the others
    await execute(pg_url, "SELECT pg_notify('industrybot', 'not json')")
    await execute(pg_url, "ALTER TABLE server_settings ADD CONSTRAINT no_dollar CHECK (value <> '\"$\"')")
    assert await one.put_setting("42", "prefix", "$") is False  # refused: rolled back, the notice with it
    assert await one.put_setting("42", "prefix", "?") is True
    await eventually(lambda: heard == [(SETTINGS, "42")])
    await asyncio.sleep(0.1)
    assert heard == [(SETTINGS, "42")]
    assert any("unreadable notice" in r.getMessage() for r in records(caplog, logging.WARNING))
    assert any("failed" in r.getMessage() for r in records(caplog, logging.ERROR) if r.exc_info)


# ----- two processes, one database ---------------------------------------------------------------------------

WRITER = """
import asyncio, sys, time
from handlers.storage.postgres import PostgresStore
from tests.handlers.storage.samples import question

async def main(url: str, server: str, count: int, start_at: float) -> None:
    store = await PostgresStore.open(url)
    await asyncio.sleep(max(0.0, start_at - time.time()))  # both processes write at once
    await asyncio.gather(*(store.add_question(question(server, text=f"{server} {i}")) for i in range(count)))
    print("ok" if store.available else store.problem)
    await store.close()

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
"""


def test_a_thousand_questions_from_two_processes_at_once_are_all_recorded(pg_url: str) -> None:
    start_at = str(time.time() + 2.0)  # after both have started and opened their pools
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, pg_url, server, "500", start_at],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for server in ("shard-a", "shard-b")
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [out.strip() for out, _ in outputs] == ["ok", "ok"], outputs

    async def counts() -> list[asyncpg.Record]:
        return await fetch(
            pg_url, "SELECT server, count(*), count(DISTINCT text) FROM questions GROUP BY server ORDER BY server"
        )

    assert [tuple(r) for r in asyncio.run(counts())] == [("shard-a", 500, 500), ("shard-b", 500, 500)]


def test_sqlite_never_loads_asyncpg() -> None:
    script = (
        "import asyncio, sys\n"
        "from config import load_settings\n"
        "from handlers.service import Service\n"
        "async def main():\n"
        "    service = Service.start(load_settings())\n"
        "    await service.open_store()\n"
        "    await service.handle('what is resolution 57', addressed=True)\n"
        "    await service.close()\n"
        "asyncio.run(main())\n"
        "print('asyncpg' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


# ----- degradation: logged once with what to do, defaults returned, never raises ---------------------------


async def test_an_unreachable_server_is_reported_once_without_the_password(
    stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    url = f"postgresql://bot:{PASSWORD}@127.0.0.1:{free_port()}/industrybot"
    store = await stores.open(url)
    assert not store.available and not store.readable
    assert store.problem is not None
    assert "cannot reach" in store.problem and "check that PostgreSQL runs" in store.problem
    assert store.problem.endswith("; the bot tries again every 60 s")
    heard: list[tuple[str, str]] = []
    await store.subscribe(lambda topic, payload: heard.append((topic, payload)))
    for _ in range(3):
        await assert_defaults(store)
    errors = records(caplog, logging.ERROR)
    assert len(errors) == 1
    assert all(PASSWORD not in r.getMessage() for r in caplog.records)
    assert PASSWORD not in store.problem and "bot@127.0.0.1" in store.problem


async def test_a_lost_server_degrades_retries_once_a_minute_and_recording_resumes(
    pg_url: str, relay: Relay, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    store = await stores.open(relay.url_of(pg_url))
    heard: list[tuple[str, str]] = []
    await store.subscribe(lambda topic, payload: heard.append((topic, payload)))
    await store.add_question(question(text="before"))
    assert store.available

    await relay.cut()  # the server restarts, or the network fails
    await asyncio.gather(*(store.add_question(question(text=f"lost {i}")) for i in range(20)))
    assert not store.available and not store.readable
    assert store.problem is not None and "cannot reach" in store.problem
    attempts = relay.attempts
    for _ in range(3):
        await assert_defaults(store)  # within the minute: no new attempt, no wait
    assert relay.attempts == attempts
    assert len(records(caplog, logging.ERROR)) == 1

    await relay.up()
    store._retry_at = 0.0  # the minute has passed
    await store.add_question(question(text="after"))
    assert store.available and store.problem is None
    warnings = [r.getMessage() for r in records(caplog, logging.WARNING)]
    assert len(warnings) == 1 and "recording resumes" in warnings[0]
    assert [u.text for u in await store.unanswered(None, None)] == ["after", "before"]
    # Listening resumes with the store, and says that any server's settings may have changed meanwhile.
    await eventually(lambda: heard == [(SETTINGS, EVERY_SERVER)])


async def test_a_missing_database_is_used_once_it_is_created(
    pg_cluster: Cluster, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    name = f"later_{free_port()}"
    store = await stores.open(pg_cluster.url_of(name))
    assert not store.available and store.problem is not None
    assert "does not exist" in store.problem and "createdb" in store.problem
    await assert_defaults(store)
    pg_cluster.psql(f"CREATE DATABASE {name}")
    store._retry_at = 0.0  # the minute has passed
    await store.add_question(question(text="recorded"))
    assert store.available and [u.text for u in await store.unanswered(None, None)] == ["recorded"]
    await store.close()
    pg_cluster.psql(f"DROP DATABASE {name}")


async def test_writes_refused_by_the_server_are_reported_once_and_recording_resumes(
    pg_url: str, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    role = f"bot_{pg_url.rsplit('_', 1)[1]}"
    await execute(pg_url, f"CREATE ROLE {role} LOGIN")
    owner = await stores.open(pg_url)  # the schema, made by the owner
    await execute(pg_url, f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    store = await stores.open(pg_url.replace("postgres@", f"{role}@"))
    assert store.available, store.problem
    await store.add_question(question(text="granted"))

    caplog.set_level(logging.DEBUG, logger=LOGGER)
    await execute(pg_url, f"REVOKE INSERT ON questions FROM {role}")
    for i in range(3):
        assert await store.add_question(question(text=f"refused {i}")) is None
    assert not store.available and store.readable  # reads still work
    assert store.problem is not None and "refuses writes" in store.problem and "owner" in store.problem
    assert [u.text for u in await store.unanswered(None, None)] == ["granted"]
    assert len(records(caplog, logging.ERROR)) == 1 and records(caplog, logging.WARNING) == []

    await execute(pg_url, f"GRANT INSERT ON questions TO {role}")
    await store.add_question(question(text="granted again"))
    assert store.available
    assert [r.getMessage() for r in records(caplog, logging.WARNING)][-1].startswith("Storage works again")
    assert (await owner.stats(None, None)).asked == 2
    await store.close()
    await owner.close()
    await execute(pg_url, f"DROP OWNED BY {role}; DROP ROLE {role}")


async def test_a_closed_store_never_reopens_nor_listens(pg_url: str, stores: Stores) -> None:
    store = await stores.open(pg_url)
    await store.close()
    await store.subscribe(lambda topic, payload: None)
    await assert_defaults(store)
    assert not store.readable and store.problem == "storage is closed" and store._watcher is None


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (ConnectionRefusedError(111, "Connect call failed"), "unreachable"),
        (TimeoutError(), "unreachable"),
        (asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"), "unreachable"),
        (asyncpg.CannotConnectNowError("the database system is starting up"), "unreachable"),
        (asyncpg.InvalidPasswordError("password authentication failed for user bot"), "login"),
        (asyncpg.InvalidCatalogNameError('database "industrybot" does not exist'), "missing"),
        (asyncpg.ReadOnlySQLTransactionError("cannot execute INSERT in a read-only transaction"), "read-only"),
        (asyncpg.InsufficientPrivilegeError("permission denied for table questions"), "read-only"),
        (asyncpg.DiskFullError("could not extend file"), "full"),
        (asyncpg.TooManyConnectionsError("sorry, too many clients already"), "full"),
        (asyncpg.UniqueViolationError("duplicate key"), "other"),
        (pg.NewerSchema("the database has schema version 9"), "newer"),
        (ValueError("invalid port"), "config"),
    ],
)
def test_advice_names_the_kind_of_trouble_and_never_the_password(exc: BaseException, kind: str) -> None:
    url = f"postgresql://bot:{PASSWORD}@db.example:5432/industrybot?sslmode=require"
    assert kind_of(exc) == kind
    got, text = advice(exc, url)
    assert got == kind and PASSWORD not in text
    assert "postgresql://bot@db.example:5432/industrybot" in text or kind == "config"
