"""What the store tests share: sample records, the log lines of one logger, and every operation's empty default."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from handlers.storage import Forgotten, QuestionRecord, Stats, Store, Vote

T0 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
HANOI = dt.timezone(dt.timedelta(hours=7))


def question(
    server: str = "guild-1",
    *,
    answered: bool = False,
    addressed: bool = True,
    entry_id: str | None = "industry-4-0",
    score: float = 0.5,
    text: str | None = None,
    at: dt.datetime = T0,
    channel: str | None = "general",
) -> QuestionRecord:
    return QuestionRecord(
        server=server,
        channel=channel,
        answered=answered,
        addressed=addressed,
        entry_id=entry_id,
        score=score,
        text=text,
        asked_at=at,
    )


def vote(
    message_id: str, voter: str, entry_id: str, *, helpful: bool, server: str = "guild-1", at: dt.datetime = T0
) -> Vote:
    return Vote(
        server=server,
        channel="general",
        message_id=message_id,
        voter=voter,
        entry_id=entry_id,
        helpful=helpful,
        voted_at=at,
    )


def logged(caplog: pytest.LogCaptureFixture, logger: str, level: int) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger and r.levelno == level]


async def assert_defaults(store: Store) -> None:
    """Every operation returns its empty default, and none raises."""
    assert await store.add_question(question(text="anyone there?")) is None
    assert await store.set_vote(vote("m1", "v1", "cobots", helpful=False)) is None
    assert await store.put_setting("guild-1", "prefix", "?") is False
    assert await store.forget("guild-1", settings=True) is None
    assert await store.prune(T0) == Forgotten()
    assert await store.unanswered(None, None) == []
    assert await store.stats(None, None) == Stats()
    assert await store.server_settings() == {}
    assert await store.server_settings("guild-1") == {}
    assert await store.announce("reload") is None
