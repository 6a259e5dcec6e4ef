"""What every store engine does alike, run on each: SQLite (a file in ``tmp_path``) and PostgreSQL (a database
of the session's throwaway cluster; skipped, saying why, where PostgreSQL is not installed).

Records survive a restart; concurrent writers lose nothing; one vote per member and answer; reports filter and
order alike; settings; forget and prune; a closed store returns its defaults.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from handlers.storage import Dismissal, EntryVotes, Forgotten, Learned, NullStore, Stats, Store, Unanswered
from handlers.storage.sqlite import FILENAME, SQLiteStore, unstamp
from tests.handlers.storage.samples import HANOI, MINUTE, T0, assert_defaults, question, vote

ENGINES = ["sqlite", "postgresql"]


class Backend:
    """One engine's place to keep records: opens stores on it (each closed at the end) and reads it directly."""

    def __init__(self, engine: str, where: Path | str) -> None:
        self.engine = engine
        self.where = where
        self.opened: list[Store] = []

    async def open(self, *, read_only: bool = False) -> Store:
        if self.engine == "sqlite":
            assert isinstance(self.where, Path)
            store: Store = await SQLiteStore.open(self.where, read_only=read_only)
        else:
            from handlers.storage.postgres import PostgresStore

            assert isinstance(self.where, str)
            store = await PostgresStore.open(self.where, read_only=read_only)
        self.opened.append(store)
        return store

    async def scalar(self, sql: str) -> Any:
        """One value, read past the store (with the stdlib, or a connection of asyncpg's own)."""
        if self.engine == "sqlite":
            import sqlite3
            from contextlib import closing

            with closing(sqlite3.connect(self.where)) as conn:
                return conn.execute(sql).fetchone()[0]
        import asyncpg

        conn = await asyncpg.connect(str(self.where))
        try:
            return await conn.fetchval(sql)
        finally:
            await conn.close()

    def moment(self, value: Any) -> dt.datetime:
        """A stored time, as a datetime (SQLite keeps ISO text, PostgreSQL a timestamptz)."""
        return unstamp(value) if isinstance(value, str) else value

    async def close_all(self) -> None:
        for store in self.opened:
            await store.close()


@pytest.fixture(params=ENGINES)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        opened = Backend("sqlite", tmp_path / "data" / FILENAME)
    else:
        opened = Backend("postgresql", request.getfixturevalue("pg_url"))
    try:
        yield opened
    finally:
        await opened.close_all()


@pytest.fixture
async def store(backend: Backend) -> Store:
    opened = await backend.open()
    assert opened.available, opened.problem
    return opened


# ----- data survives a restart -----------------------------------------------------------------------------


async def test_records_and_settings_survive_a_restart(backend: Backend) -> None:
    store = await backend.open()
    await store.add_question(question(answered=True, entry_id="industry-4-0", at=T0))
    await store.add_question(question(answered=True, entry_id="industry-4-0", at=T0 + MINUTE))
    await store.add_question(question(answered=True, entry_id="vietnam-policy", at=T0 + 2 * MINUTE))
    await store.add_question(
        question(text="what about industry 6.0", entry_id="industry-5-0", score=0.31, at=T0 + 3 * MINUTE)
    )
    await store.add_question(
        question(text="cobots anyone?", addressed=False, entry_id="cobots", score=0.55, at=T0 + 4 * MINUTE)
    )
    await store.add_question(question("guild-2", answered=True, entry_id="industry-5-0", at=T0 + 5 * MINUTE))
    await store.set_vote(vote("m1", "voter-a", "industry-4-0", helpful=False))
    await store.set_vote(vote("m1", "voter-b", "industry-4-0", helpful=True))
    settings: dict[str, dict[str, Any]] = {
        "guild-1": {"prefix": "?", "channels": ["general", "ask-the-bot"], "enabled": True},
        "guild-2": {"records": {"near_misses": False, "max_text": 200}, "cooldown": 2.5},
    }
    for server, values in settings.items():
        for key, value in values.items():
            assert await store.put_setting(server, key, value) is True
    before = (await store.unanswered(None, None), await store.stats(None, None), await store.server_settings())
    await store.close()

    store = await backend.open()
    assert store.available
    unanswered = await store.unanswered(None, None)
    assert unanswered == [
        Unanswered("guild-1", T0 + 4 * MINUTE, "cobots anyone?", "cobots", 0.55),
        Unanswered("guild-1", T0 + 3 * MINUTE, "what about industry 6.0", "industry-5-0", 0.31),
    ]
    stats = await store.stats(None, None)
    assert (stats.asked, stats.answered, stats.unanswered, stats.near_misses) == (6, 4, 1, 1)
    assert stats.top_entries == (("industry-4-0", 2), ("industry-5-0", 1), ("vietnam-policy", 1))
    assert stats.votes == (EntryVotes("industry-4-0", 1, 1),)
    assert stats.servers == (("guild-1", 5, 3), ("guild-2", 1, 1))
    assert await store.server_settings() == settings
    assert (unanswered, stats, await store.server_settings()) == before


# ----- concurrent writers ----------------------------------------------------------------------------------


async def test_many_concurrent_writes_on_one_store_lose_nothing(store: Store) -> None:
    writes = [store.add_question(question(answered=True, entry_id=f"entry-{i % 7}")) for i in range(500)]
    writes += [store.set_vote(vote(f"m{i}", "voter", "cobots", helpful=i % 2 == 0)) for i in range(100)]
    reads = [store.stats(None, None) for _ in range(20)]
    await asyncio.gather(*writes, *reads)
    assert store.available
    stats = await store.stats(None, None, top=10)
    assert stats.asked == 500 and stats.answered == 500
    assert sum(n for _, n in stats.top_entries) == 500
    assert stats.votes == (EntryVotes("cobots", 50, 50),)


async def test_two_stores_on_one_database_writing_at_once_lose_nothing(backend: Backend) -> None:
    first = await backend.open()
    second = await backend.open()
    await asyncio.gather(
        *(first.add_question(question("guild-a", text=f"a{i}")) for i in range(200)),
        *(second.add_question(question("guild-b", text=f"b{i}")) for i in range(200)),
    )
    assert first.available and second.available, (first.problem, second.problem)
    for reader in (first, second):
        stats = await reader.stats(None, None)
        assert stats.asked == 400 and stats.unanswered == 400
        assert stats.servers == (("guild-a", 200, 0), ("guild-b", 200, 0))
    await first.close()
    await second.close()
    assert await backend.scalar("SELECT COUNT(*) FROM questions") == 400
    assert await backend.scalar("SELECT COUNT(DISTINCT text) FROM questions") == 400


# ----- votes -----------------------------------------------------------------------------------------------


async def test_a_member_has_one_vote_per_answer_and_can_change_it(backend: Backend, store: Store) -> None:
    await store.set_vote(vote("m1", "voter-a", "cobots", helpful=True))
    await store.set_vote(vote("m1", "voter-a", "cobots", helpful=False, at=T0 + MINUTE))
    assert (await store.stats(None, None)).votes == (EntryVotes("cobots", 0, 1),)
    assert await backend.scalar("SELECT COUNT(*) FROM votes") == 1
    assert backend.moment(await backend.scalar("SELECT voted_at FROM votes")) == T0 + MINUTE

    await store.set_vote(vote("m1", "voter-a", "cobots", helpful=True))
    assert (await store.stats(None, None)).votes == ()  # only helpful votes now: not listed
    await store.set_vote(vote("m1", "voter-b", "cobots", helpful=False))  # another member, same answer
    await store.set_vote(vote("m2", "voter-a", "cobots", helpful=False))  # the same member, another answer
    assert (await store.stats(None, None)).votes == (EntryVotes("cobots", 1, 2),)
    assert await backend.scalar("SELECT COUNT(*) FROM votes") == 3


async def test_vote_tallies_list_the_most_not_helpful_first(store: Store) -> None:
    tallies = {  # entry: (helpful, not helpful)
        "only-helpful": (4, 0),
        "one-bad-many-good": (2, 1),
        "one-bad": (0, 1),
        "three-bad": (1, 3),
        "two-bad": (0, 2),
    }
    message = 0
    for entry, (good, bad) in tallies.items():
        for helpful, count in ((True, good), (False, bad)):
            for i in range(count):
                message += 1
                await store.set_vote(vote(f"m{message}", f"voter-{i}", entry, helpful=helpful))
    stats = await store.stats(None, None)
    assert stats.votes == (
        EntryVotes("three-bad", 1, 3),
        EntryVotes("two-bad", 0, 2),
        EntryVotes("one-bad", 0, 1),
        EntryVotes("one-bad-many-good", 2, 1),
    )
    assert (await store.stats(None, None, top=2)).votes == stats.votes[:2]


async def test_vote_tallies_are_filtered_by_server_and_since(store: Store) -> None:
    await store.set_vote(vote("m1", "v", "cobots", helpful=False, server="guild-1", at=T0))
    await store.set_vote(vote("m2", "v", "cobots", helpful=False, server="guild-1", at=T0 + 10 * MINUTE))
    await store.set_vote(vote("m3", "v", "cobots", helpful=False, server="guild-2", at=T0 + 10 * MINUTE))
    assert (await store.stats(None, None)).votes == (EntryVotes("cobots", 0, 3),)
    assert (await store.stats("guild-1", None)).votes == (EntryVotes("cobots", 0, 2),)
    assert (await store.stats("guild-1", T0 + MINUTE)).votes == (EntryVotes("cobots", 0, 1),)
    assert (await store.stats("guild-3", None)).votes == ()


# ----- unanswered and stats --------------------------------------------------------------------------------


async def test_unanswered_lists_only_unanswered_newest_first_by_server_and_since(store: Store) -> None:
    await store.add_question(question(text="oldest", at=T0))
    await store.add_question(question(answered=True, at=T0 + MINUTE))
    await store.add_question(question(text="near", addressed=False, entry_id="cobots", score=0.6, at=T0 + 2 * MINUTE))
    await store.add_question(question("guild-2", text="other server", at=T0 + 3 * MINUTE))
    await store.add_question(question(text="newest", entry_id="industry-5-0", score=0.31, at=T0 + 4 * MINUTE))

    async def texts(server: str | None, since: dt.datetime | None, limit: int = 5000) -> list[str]:
        return [row.text for row in await store.unanswered(server, since, limit)]

    assert await texts(None, None) == ["newest", "other server", "near", "oldest"]
    assert await texts("guild-1", None) == ["newest", "near", "oldest"]
    assert await texts("guild-1", T0 + 2 * MINUTE) == ["newest", "near"]  # `since` is inclusive
    assert await texts(None, T0 + 5 * MINUTE) == []
    assert await texts(None, None, limit=2) == ["newest", "other server"]
    assert await texts("guild-9", None) == []
    (newest, *_) = await store.unanswered(None, None)
    assert newest == Unanswered("guild-1", T0 + 4 * MINUTE, "newest", "industry-5-0", 0.31)
    assert newest.asked_at.tzinfo is not None


async def test_unanswered_breaks_ties_by_insertion_and_handles_other_time_zones(store: Store) -> None:
    await store.add_question(question(text="first", at=T0))
    await store.add_question(question(text="second", at=T0))
    in_hanoi = (T0 + MINUTE).astimezone(HANOI)  # 19:01 in Hanoi is 12:01 UTC
    await store.add_question(question(text="from hanoi", at=in_hanoi))
    assert [r.text for r in await store.unanswered(None, None)] == ["from hanoi", "second", "first"]
    assert [r.text for r in await store.unanswered(None, in_hanoi)] == ["from hanoi"]
    assert (await store.unanswered(None, in_hanoi))[0].asked_at == T0 + MINUTE


async def test_stats_counts_and_filters(store: Store) -> None:
    for i in range(3):
        await store.add_question(question(answered=True, entry_id="industry-4-0", at=T0 + i * MINUTE))
    await store.add_question(question(answered=True, entry_id="cobots", at=T0 + 3 * MINUTE))
    await store.add_question(question(text="unanswered", at=T0 + 4 * MINUTE))
    await store.add_question(question(text="unanswered too", entry_id=None, score=0.0, at=T0 + 5 * MINUTE))
    await store.add_question(question(text="near miss", addressed=False, at=T0 + 6 * MINUTE))
    await store.add_question(question("guild-2", answered=True, entry_id="cobots", at=T0 + 7 * MINUTE))
    await store.add_question(question("guild-2", text="?", at=T0 + 8 * MINUTE))
    await store.add_question(question("guild-3", answered=True, entry_id="zeta", at=T0 + 9 * MINUTE))
    await store.add_question(question("guild-3", answered=True, entry_id="zeta", at=T0 + 9 * MINUTE))

    every = await store.stats(None, None)
    assert (every.asked, every.answered, every.unanswered, every.near_misses) == (11, 7, 3, 1)
    assert every.top_entries == (("industry-4-0", 3), ("cobots", 2), ("zeta", 2))
    assert every.servers == (("guild-1", 7, 4), ("guild-2", 2, 1), ("guild-3", 2, 2))

    one = await store.stats("guild-1", None)
    assert (one.asked, one.answered, one.unanswered, one.near_misses) == (7, 4, 2, 1)
    assert one.top_entries == (("industry-4-0", 3), ("cobots", 1))
    assert one.servers == (("guild-1", 7, 4),)

    recent = await store.stats("guild-1", T0 + 3 * MINUTE)
    assert (recent.asked, recent.answered, recent.unanswered, recent.near_misses) == (4, 1, 2, 1)
    assert recent.top_entries == (("cobots", 1),)

    assert (await store.stats(None, None, top=1)).top_entries == (("industry-4-0", 3),)
    assert await store.stats("guild-9", None) == Stats()


async def test_settings_are_stored_replaced_and_removed(store: Store) -> None:
    assert await store.server_settings() == {}
    assert await store.put_setting("guild-1", "prefix", "?") is True
    assert await store.put_setting("guild-1", "prefix", "!") is True
    assert await store.put_setting("guild-1", "channels", []) is True
    assert await store.put_setting("guild-1", "nested", {"a": [1, 2.5, None, "x"], "b": {"c": False}}) is True
    assert await store.put_setting("guild-2", "prefix", "$") is True
    assert await store.server_settings() == {
        "guild-1": {"prefix": "!", "channels": [], "nested": {"a": [1, 2.5, None, "x"], "b": {"c": False}}},
        "guild-2": {"prefix": "$"},
    }
    assert await store.put_setting("guild-2", "prefix", None) is True
    assert await store.put_setting("guild-2", "never-set", None) is True
    assert await store.server_settings() == {
        "guild-1": {"prefix": "!", "channels": [], "nested": {"a": [1, 2.5, None, "x"], "b": {"c": False}}},
    }


# ----- forget and prune ------------------------------------------------------------------------------------


async def fill_two_servers(store: Store) -> None:
    for server in ("guild-1", "guild-2"):
        await store.add_question(question(server, answered=True, at=T0 - dt.timedelta(days=10)))
        await store.add_question(question(server, text="old", at=T0 - dt.timedelta(days=3)))
        await store.add_question(question(server, text="now", at=T0))
        await store.set_vote(
            vote(f"{server}-m1", "v", "cobots", helpful=False, server=server, at=T0 - dt.timedelta(days=5))
        )
        await store.set_vote(vote(f"{server}-m2", "v", "cobots", helpful=False, server=server, at=T0))
        await store.put_setting(server, "prefix", "?")
        await store.put_setting(server, "channels", ["general"])


async def test_forget_deletes_only_that_servers_records(store: Store) -> None:
    await fill_two_servers(store)
    assert await store.forget("guild-1") == Forgotten(questions=3, votes=2, settings=0)
    assert (await store.stats("guild-1", None)) == Stats()
    other = await store.stats("guild-2", None)
    assert other.asked == 3 and other.votes == (EntryVotes("cobots", 0, 2),)
    assert set(await store.server_settings()) == {"guild-1", "guild-2"}  # settings stay unless asked

    assert await store.forget("guild-1", settings=True) == Forgotten(questions=0, votes=0, settings=2)
    assert await store.server_settings() == {"guild-2": {"prefix": "?", "channels": ["general"]}}
    assert await store.forget("guild-9", settings=True) == Forgotten()
    assert (await store.stats(None, None)).asked == 3


async def test_prune_deletes_only_older_records_and_never_settings(store: Store) -> None:
    await fill_two_servers(store)
    cutoff = T0 - dt.timedelta(days=3)  # a question asked exactly at the cutoff is kept
    assert await store.prune(cutoff) == Forgotten(questions=2, votes=2, settings=0)
    assert [r.text for r in await store.unanswered(None, None)] == ["now", "now", "old", "old"]
    stats = await store.stats(None, None)
    assert stats.asked == 4 and stats.answered == 0
    assert stats.votes == (EntryVotes("cobots", 0, 2),)
    assert await store.server_settings() == {
        server: {"prefix": "?", "channels": ["general"]} for server in ("guild-1", "guild-2")
    }
    assert await store.prune(T0 + dt.timedelta(days=1)) == Forgotten(questions=4, votes=2)
    assert len(await store.server_settings()) == 2


async def test_a_closed_store_returns_defaults(store: Store) -> None:
    await store.close()
    assert not store.available and store.problem == "storage is closed"
    await assert_defaults(store)
    await store.close()  # closing twice is harmless


# ----- NullStore -------------------------------------------------------------------------------------------


async def test_the_null_store_records_nothing_and_knows_nothing() -> None:
    store = NullStore()
    assert store.available is False
    assert store.problem == "storage is switched off"
    for _ in range(2):
        await assert_defaults(store)
    assert await store.forget("guild-1") is None
    assert await store.close() is None


async def test_settings_of_one_server_are_read_alone(store: Store) -> None:
    await store.put_setting("guild-1", "prefix", "?")
    await store.put_setting("guild-1", "channels", [1, 2])
    await store.put_setting("guild-2", "prefix", "$")
    assert await store.server_settings("guild-1") == {"guild-1": {"prefix": "?", "channels": [1, 2]}}
    assert await store.server_settings("guild-2") == {"guild-2": {"prefix": "$"}}
    assert await store.server_settings("guild-3") == {}


async def test_times_are_kept_to_the_second_in_utc(store: Store) -> None:
    at = dt.datetime(2025, 3, 1, 19, 0, 30, 999_999, tzinfo=HANOI)
    await store.add_question(question(text="late", at=at))
    (row,) = await store.unanswered(None, None)
    assert row.asked_at == dt.datetime(2025, 3, 1, 12, 0, 30, tzinfo=dt.UTC)
    assert [r.text for r in await store.unanswered(None, at)] == ["late"]  # the same second is "since"


async def test_a_store_hears_nothing_of_its_own_changes(backend: Backend, store: Store) -> None:
    heard: list[tuple[str, str]] = []
    await store.subscribe(lambda topic, payload: heard.append((topic, payload)))
    await store.put_setting("guild-1", "prefix", "?")
    await store.announce("reload")
    await asyncio.sleep(0.2)
    assert heard == []


# ----- what the curators teach: learned wordings and dismissals -------------------------------------------------


async def test_learned_wordings_are_kept_with_who_and_when_and_survive_a_restart(backend: Backend) -> None:
    store = await backend.open()
    assert await store.learned() == []
    first = Learned("what is nq 57?", "resolution-57", "owner (1)", T0)
    second = Learned("Robots per worker in Vietnam", "robot-density", "command line (ana)", T0 + MINUTE)
    assert await store.add_learned(first) is True
    assert await store.add_learned(second) is True
    await store.close()

    store = await backend.open()
    assert await store.learned() == [first, second]
    # One per wording, compared folded and without punctuation: linking it again replaces it.
    moved = Learned("ROBOTS per worker in vietnam!", "industry-4-0", "owner (1)", T0 + 2 * MINUTE)
    assert await store.add_learned(moved) is True
    assert await store.learned() == [first, moved]
    assert await store.remove_learned("what is NQ 57") is True
    assert await store.remove_learned("what is NQ 57") is False
    assert await store.learned() == [moved]
    assert await backend.scalar("SELECT COUNT(*) FROM learned") == 1


async def test_dismissals_are_per_server_or_everywhere_and_go_with_forget_and_prune(store: Store) -> None:
    here = Dismissal("lol what", "guild-1", "manager (2)", T0)
    everywhere = Dismissal("buy cheap watches", None, "command line (ana)", T0 + MINUTE)
    there = Dismissal("weather today", "guild-2", "manager (3)", T0 - dt.timedelta(days=3))
    for dismissal in (here, everywhere, there):
        assert await store.dismiss(dismissal) is True
    assert await store.dismissals("guild-1") == [here, everywhere]
    assert await store.dismissals("guild-2") == [there, everywhere]
    assert await store.dismissals(None) == [there, here, everywhere]

    assert await store.prune(T0 - dt.timedelta(days=1)) == Forgotten(dismissals=1)
    assert await store.dismissals("guild-2") == [everywhere]
    assert await store.forget("guild-1") == Forgotten(dismissals=1)
    assert await store.dismissals(None) == [everywhere]  # every server's: no one server's to forget


async def test_learned_wordings_are_never_pruned_nor_forgotten(store: Store) -> None:
    learned = Learned("what is nq 57", "resolution-57", "owner (1)", T0 - dt.timedelta(days=400))
    await store.add_learned(learned)
    await store.prune(T0)
    await store.forget("guild-1", settings=True)
    assert await store.learned() == [learned]


async def test_a_closed_store_cannot_teach(store: Store) -> None:
    await store.close()
    assert await store.learned() is None  # unknown, not "none learned"
    assert await store.add_learned(Learned("x", "y", "z")) is False
    assert await store.remove_learned("x") is None
    assert await store.dismiss(Dismissal("x", None, "z")) is False
    assert await store.dismissals(None) == []
