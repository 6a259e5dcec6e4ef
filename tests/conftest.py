"""Shared fixtures: the shipped knowledge base, loaded once, and a service (the one way in) over it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from handlers.core.engine import Engine
from handlers.service import Service
from knowledge import Knowledge, load_knowledge

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
