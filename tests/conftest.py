"""Shared fixtures: the shipped knowledge base, loaded once, and a service (the one way in) over it; a throwaway
PostgreSQL cluster for the session (started by the first test that asks for a database) and a fresh database per
test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from handlers.core.engine import Engine
from handlers.service import Service
from knowledge import Knowledge, load_knowledge
from tests.pgcluster import Cluster, find_postgres, start_cluster

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(ROOT / "knowledge")


@pytest.fixture(scope="session")
def engine(knowledge: Knowledge) -> Engine:
    return Engine(knowledge, load_settings(env={}).matching)


@pytest.fixture(scope="session")
def service(engine: Engine) -> Service:
    """The shipped base behind the Service, with no store: what every edge talks to."""
    return Service(load_settings(env={}), engine)


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's records go to a fresh temporary folder, never to the project's own data folder.

    Settings with an absolute data_dir (a test that picks its folder) keep it.
    """
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("BOT_DATA_DIR", str(folder))
    monkeypatch.setenv("DATABASE_URL", "")  # SQLite, whatever the environment or a .env file says
    monkeypatch.setenv("BOT_LANGUAGE", "")  # English unless a test asks for Vietnamese, whatever .env says

    def data_path(settings: Settings) -> Path:
        path = Path(settings.data_dir)
        return path if path.is_absolute() else folder

    monkeypatch.setattr(Settings, "data_path", property(data_path))
    return folder


def store_threads() -> set[threading.Thread]:
    """aiosqlite's worker threads: one per open connection."""
    return {t for t in threading.enumerate() if t.name.endswith("(_connection_worker_thread)")}


@pytest.fixture(autouse=True)
def no_store_left_open() -> Iterator[None]:
    """A test that opens a store closes it: a connection left open keeps a thread that stops Python exiting."""
    before = store_threads()
    yield
    left = store_threads() - before
    for thread in left:
        thread.join(timeout=5)
    assert not [t for t in left if t.is_alive()], "a store (aiosqlite connection) was left open"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster of the session's own, on a free port of 127.0.0.1; skips where PostgreSQL is absent."""
    bindir, reason = find_postgres()
    if bindir is None:
        pytest.skip(f"no PostgreSQL to test against: {reason}")
    cluster = start_cluster(bindir)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A new, empty database of the session's cluster. A test closes every store it opens on it."""
    url = pg_cluster.new_database()
    yield url
    name = url.rsplit("/", 1)[1]
    deadline = time.monotonic() + 3
    while (left := int(pg_cluster.psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'"))) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert not left, f"{left} connection(s) to {name} left open: a store was not closed"
