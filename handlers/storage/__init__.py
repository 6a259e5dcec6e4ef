"""The curators' records and the per-server settings, behind one narrow interface.

Handlers talk to a ``Store``: record a question, record a vote, read the records back, keep a server's settings,
forget a server, prune old records. ``SQLiteStore`` (one file in the data folder) is the one engine today; another
(PostgreSQL, say) would implement the same methods, and nothing outside this package would change.

A store that cannot work (a read-only folder, a damaged file, a full disk) never raises into a handler: the
operation logs once what to do, returns its empty default, and the bot keeps answering without records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

CONSOLE = "console"  # the server name of questions asked in the console and with `bot.py ask`
DM = "dm"  # the server name of questions asked in direct messages


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class QuestionRecord:
    """One question asked of the base. ``text`` is kept only for questions that got no answer."""

    server: str
    channel: str | None
    answered: bool
    addressed: bool
    entry_id: str | None  # the entry given, or the nearest one
    score: float
    text: str | None = None
    author: str | None = None  # only when the settings say so (records.record_authors)
    asked_at: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Vote:
    """A member's vote on one answer. ``voter`` is a key derived from the member and the message, not an id."""

    server: str
    channel: str | None
    message_id: str
    voter: str
    entry_id: str
    helpful: bool
    voted_at: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Unanswered:
    server: str
    asked_at: dt.datetime
    text: str
    nearest: str | None
    score: float


@dataclass(frozen=True)
class EntryVotes:
    entry_id: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True)
class Stats:
    asked: int = 0
    answered: int = 0
    unanswered: int = 0  # addressed to the bot, no answer
    near_misses: int = 0  # channel questions that came close
    top_entries: tuple[tuple[str, int], ...] = ()  # (entry id, times given), most used first
    votes: tuple[EntryVotes, ...] = ()  # most "not helpful" first
    servers: tuple[tuple[str, int, int], ...] = ()  # (server, asked, answered), busiest first


@dataclass(frozen=True)
class Forgotten:
    questions: int = 0
    votes: int = 0
    settings: int = 0


class Store(Protocol):
    """What handlers may ask of storage. Every method is safe to call when the store is unavailable."""

    @property
    def available(self) -> bool:
        """Recording works: the store is open and its last write (if any failed) worked again."""
        ...

    @property
    def readable(self) -> bool:
        """The records can be read: the store is open and its last read worked (a full disk stops writes, not
        reads). Check it after a read: a read that failed returned an empty default, which is not the records."""
        ...

    @property
    def problem(self) -> str | None:
        """What is wrong and what to do about it, or None."""
        ...

    async def add_question(self, record: QuestionRecord) -> None: ...

    async def set_vote(self, vote: Vote) -> None: ...

    async def unanswered(self, server: str | None, since: dt.datetime | None, limit: int = 5000) -> list[Unanswered]:
        """Unanswered questions (of one server, or of all with None), newest first."""
        ...

    async def stats(self, server: str | None, since: dt.datetime | None, top: int = 5) -> Stats: ...

    async def server_settings(self) -> dict[str, dict[str, Any]]:
        """Every server's stored settings: {server: {key: value}}."""
        ...

    async def put_setting(self, server: str, key: str, value: Any) -> bool:
        """Store one setting (None removes it); False when it could not be stored."""
        ...

    async def forget(self, server: str, *, settings: bool = False) -> Forgotten | None:
        """Delete a server's questions and votes (and settings); None when storage is unavailable."""
        ...

    async def prune(self, before: dt.datetime) -> Forgotten: ...

    async def close(self) -> None: ...


class NullStore:
    """No storage at all (tests of the engine alone, or storage switched off): records nothing, knows nothing."""

    available = False
    readable = False
    problem: str | None = "storage is switched off"

    async def add_question(self, record: QuestionRecord) -> None:
        return None

    async def set_vote(self, vote: Vote) -> None:
        return None

    async def unanswered(self, server: str | None, since: dt.datetime | None, limit: int = 5000) -> list[Unanswered]:
        return []

    async def stats(self, server: str | None, since: dt.datetime | None, top: int = 5) -> Stats:
        return Stats()

    async def server_settings(self) -> dict[str, dict[str, Any]]:
        return {}

    async def put_setting(self, server: str, key: str, value: Any) -> bool:
        return False

    async def forget(self, server: str, *, settings: bool = False) -> Forgotten | None:
        return None

    async def prune(self, before: dt.datetime) -> Forgotten:
        return Forgotten()

    async def close(self) -> None:
        return None


async def open_store(data_dir: Path, *, read_only: bool = False) -> Store:
    """The store for a data folder. The one place that picks the engine: SQLite, one file in the folder."""
    from handlers.storage.sqlite import SQLiteStore, database_path

    return await SQLiteStore.open(database_path(data_dir), read_only=read_only)
