"""The curators' records and the per-server settings, behind one narrow interface.

Handlers talk to a ``Store``: record a question, record a vote, read the records back, keep a server's settings,
forget a server, prune old records, and hear what other processes changed. Two engines implement it:
``SQLiteStore`` (one file in the data folder, the default: nothing to set up) and ``PostgresStore`` (one database
shared by several processes, on one host or many; chosen by ``database_url`` / ``DATABASE_URL=postgresql://...``).
``open_store`` is the one place that picks the engine.

A store that cannot work (a read-only folder, a damaged file, a full disk) never raises into a handler: the
operation logs once what to do, returns its empty default, and the bot keeps answering without records.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

FILENAME = "industrybot.sqlite3"


def database_path(data_dir: Path) -> Path:
    """The SQLite database file of a data folder (here, not in ``sqlite``: naming it needs no database driver)."""
    return data_dir / FILENAME


CONSOLE = "console"  # the server name of questions asked in the console and with `bot.py ask`
DM = "dm"  # the server name of questions asked in direct messages

# What processes tell each other through the store (``announce``, ``subscribe``): a topic and a payload.
Notice = Callable[[str, str], None]
SETTINGS = "settings"  # a server's settings changed; the payload is the server (EVERY_SERVER: re-read them all)
RELOAD = "reload"  # reload the knowledge base (`!reload` in one process)
LEARNED = "learned"  # a curator linked a wording to an entry, or took one back: rebuild the engine
EVERY_SERVER = "*"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url: str | None) -> bool:
    """A database URL that names PostgreSQL (anything else, or none, means the SQLite file)."""
    return url is not None and url.strip().lower().startswith(POSTGRES_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password (and query): safe to log and print."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "(not a URL)"
    netloc, slash, path = rest.partition("/")
    userinfo, at, host = netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return f"{scheme}://{user}{at}{host}{slash}{path.partition('?')[0]}"


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

    @classmethod
    def of(
        cls,
        counts: Sequence[Any],
        entries: Iterable[Sequence[Any]],
        votes: Iterable[Sequence[Any]],
        servers: Iterable[Sequence[Any]],
    ) -> Stats:
        """Stats from a store's rows: (asked, answered, unanswered, near misses), (entry, times),
        (entry, helpful, not helpful), (server, asked, answered)."""
        asked, answered, unanswered, near = counts
        return cls(
            asked=asked,
            answered=answered,
            unanswered=unanswered,
            near_misses=near,
            top_entries=tuple((e, n) for e, n in entries),
            votes=tuple(EntryVotes(e, h, n) for e, h, n in votes),
            servers=tuple((s, n, a) for s, n, a in servers),
        )


@dataclass(frozen=True)
class Learned:
    """A wording a curator linked to an entry: from then on one of the entry's phrasings (knowledge/learned.py)."""

    wording: str
    entry_id: str
    linked_by: str  # who: a Discord user ("name (id)"), or "command line (user)"
    linked_at: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Dismissal:
    """A group of unanswered questions a curator marked done (not for this base, chatter, spam), by its wording.

    ``server`` None: in every server's list (``bot.py dismiss``); else in that server's list only."""

    wording: str
    server: str | None
    dismissed_by: str
    dismissed_at: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Forgotten:
    questions: int = 0
    votes: int = 0
    settings: int = 0
    dismissals: int = 0


def settings_of(rows: Iterable[Sequence[Any]]) -> dict[str, dict[str, Any]]:
    """Servers' settings from a store's (server, key, JSON value) rows; an unreadable value is logged and skipped."""
    out: dict[str, dict[str, Any]] = {}
    for name, key, value in rows:
        try:
            out.setdefault(name, {})[key] = json.loads(value)
        except ValueError:
            log.warning("Ignoring an unreadable stored setting %s for server %s", key, name)
    return out


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

    async def server_settings(self, server: str | None = None) -> dict[str, dict[str, Any]]:
        """Every server's stored settings (or one server's): {server: {key: value}}."""
        ...

    async def put_setting(self, server: str, key: str, value: Any) -> bool:
        """Store one setting (None removes it), and tell the other processes; False when it could not be stored."""
        ...

    async def forget(self, server: str, *, settings: bool = False) -> Forgotten | None:
        """Delete a server's questions, votes and dismissals (and settings, telling the other processes); None when
        storage is unavailable."""
        ...

    async def add_learned(self, learned: Learned) -> bool:
        """Keep a learned wording (one per wording: linking it again replaces it) and tell the other processes
        (``LEARNED``); False when it could not be stored."""
        ...

    async def learned(self) -> list[Learned] | None:
        """Every learned wording, oldest first; None when they cannot be read (not: there are none)."""
        ...

    async def remove_learned(self, wording: str) -> bool | None:
        """Take a learned wording back (compared as ``wording_key``), telling the other processes; False when there
        was none, None when storage is unavailable."""
        ...

    async def dismiss(self, dismissal: Dismissal) -> bool:
        """Mark a group of unanswered questions done; False when it could not be stored."""
        ...

    async def dismissals(self, server: str | None) -> list[Dismissal]:
        """The dismissals in force in one server's list (its own and every server's), or all with None."""
        ...

    async def subscribe(self, callback: Notice) -> None:
        """Call ``callback(topic, payload)`` for each notice from another process (a store of its own): a
        ``SETTINGS`` change made there, or an ``announce``. Called on the event loop; it must not block. An engine
        that one process alone uses (SQLite) has nothing to hear, and never calls it."""
        ...

    async def announce(self, topic: str, payload: str = "") -> None:
        """Tell every other process's subscribers ``(topic, payload)``, e.g. ``RELOAD``. Nothing, for SQLite."""
        ...

    async def prune(self, before: dt.datetime) -> Forgotten:
        """Delete questions, votes and dismissals older than ``before`` (never settings nor learned wordings)."""
        ...

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

    async def server_settings(self, server: str | None = None) -> dict[str, dict[str, Any]]:
        return {}

    async def put_setting(self, server: str, key: str, value: Any) -> bool:
        return False

    async def forget(self, server: str, *, settings: bool = False) -> Forgotten | None:
        return None

    async def prune(self, before: dt.datetime) -> Forgotten:
        return Forgotten()

    async def add_learned(self, learned: Learned) -> bool:
        return False

    async def learned(self) -> list[Learned] | None:
        return None

    async def remove_learned(self, wording: str) -> bool | None:
        return None

    async def dismiss(self, dismissal: Dismissal) -> bool:
        return False

    async def dismissals(self, server: str | None) -> list[Dismissal]:
        return []

    async def subscribe(self, callback: Notice) -> None:
        return None

    async def announce(self, topic: str, payload: str = "") -> None:
        return None

    async def close(self) -> None:
        return None


async def open_store(data_dir: Path, *, read_only: bool = False, database_url: str | None = None) -> Store:
    """The store the settings name: PostgreSQL when ``database_url`` is a ``postgresql://`` URL, else SQLite, one
    file in the data folder. asyncpg is imported only for PostgreSQL."""
    if is_postgres_url(database_url):
        from handlers.storage.postgres import PostgresStore

        assert database_url is not None
        return await PostgresStore.open(database_url.strip(), read_only=read_only)
    from handlers.storage.sqlite import SQLiteStore

    return await SQLiteStore.open(database_path(data_dir), read_only=read_only)
