"""`bot.py migrate-store`: copy an SQLite file's records and settings (and the curators' learned wordings and
dismissals) into a PostgreSQL database.

Run it as often as you like: each question carries an origin key (a hash of the row and which occurrence of that
row it is in the file), each vote is one per member and answer, each setting one per server and key, so a row
already copied is never copied twice. A setting the server has in PostgreSQL already is kept (it is the newer).
The SQLite file is only read.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlers.storage.sqlite import SCHEMA_VERSION as SQLITE_SCHEMA
from handlers.storage.sqlite import unstamp


class CopyError(Exception):
    """The copy could not be made; the message says why and what to do. Nothing was copied."""


@dataclass(frozen=True)
class Copied:
    questions: int
    votes: int
    settings: int
    read: tuple[int, int, int]  # the rows in the file: questions, votes, settings


def _questions(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    seen: Counter[str] = Counter()
    rows = conn.execute(
        "SELECT asked_at, server, channel, answered, addressed, entry_id, score, text, author FROM questions"
        " ORDER BY id"
    )
    for asked_at, server, channel, answered, addressed, entry_id, score, text, author in rows:
        row = [asked_at, server, channel, answered, addressed, entry_id, score, text, author]
        key = hashlib.sha256(json.dumps(row).encode()).hexdigest()[:32]
        seen[key] += 1  # two identical rows (the same second, server, channel and entry) are two questions
        origin = f"sqlite:{key}:{seen[key]}"
        yield origin, unstamp(asked_at), server, channel, bool(answered), bool(addressed), entry_id, score, text, author


def _votes(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    rows = conn.execute("SELECT message_id, voter, server, channel, entry_id, helpful, voted_at FROM votes")
    for message_id, voter, server, channel, entry_id, helpful, voted_at in rows:
        yield message_id, voter, server, channel, entry_id, bool(helpful), unstamp(voted_at)


def _learned(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    for key, wording, entry_id, linked_by, linked_at in conn.execute(
        "SELECT key, wording, entry_id, linked_by, linked_at FROM learned"
    ):
        yield key, wording, entry_id, linked_by, unstamp(linked_at)


def _dismissals(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    for server, wording, by, at in conn.execute("SELECT server, wording, dismissed_by, dismissed_at FROM dismissals"):
        yield server, wording, by, unstamp(at)


def _settings(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    for server, key, value in conn.execute("SELECT server, key, value FROM server_settings"):
        try:
            json.loads(value)
        except ValueError:
            continue  # unreadable: the SQLite store ignores it too
        yield server, key, value


async def copy_sqlite(path: Path, url: str) -> Copied:
    """Copy the SQLite file at ``path`` into the PostgreSQL database at ``url`` (its schema made current)."""
    from handlers.storage.postgres import DB_ERRORS, NotReady, PostgresStore

    if not path.is_file():
        raise CopyError(f"there is no SQLite database at {path}: nothing to copy")
    try:
        source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CopyError(f"cannot open {path}: {exc}") from None
    try:
        try:
            ((version,),) = source.execute("PRAGMA user_version").fetchall()
            read = tuple(
                source.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("questions", "votes", "server_settings")
            )
        except sqlite3.Error as exc:
            raise CopyError(f"cannot read {path}: {exc}") from None
        if version != SQLITE_SCHEMA:
            upgrade = "upgrade IndustryBot" if version > SQLITE_SCHEMA else "start the bot once on it to upgrade it"
            found = f"{path} has schema version {version}; this IndustryBot copies version {SQLITE_SCHEMA}"
            raise CopyError(f"{found}: {upgrade}")
        target = await PostgresStore.open(url)
        try:
            if not target.available:
                raise CopyError(target.problem or "cannot open the database")
            try:
                added = await target.copy_in(
                    _questions(source), _votes(source), _settings(source), _learned(source), _dismissals(source)
                )
            except (*DB_ERRORS, NotReady, sqlite3.Error) as exc:
                raise CopyError(f"the copy failed, nothing was copied: {exc}") from None
        finally:
            await target.close()
    finally:
        source.close()
    return Copied(*added, read=(read[0], read[1], read[2]))
