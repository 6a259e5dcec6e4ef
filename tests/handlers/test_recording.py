"""What the one path records for the curators (Service.handle / Service.run), on a real SQLite store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from config import Records, Settings, load_settings
from handlers.core.engine import Engine
from handlers.service import Service, Where
from handlers.storage import Stats

UNANSWERABLE = "how many robots per worker does vietnam have?"
ANSWERABLE = "what is resolution 57?"
HERE = Where(server="111", channel="222", author="333")


def settings_with(**records: Any) -> Settings:
    return load_settings(env={}).model_copy(update={"records": Records(**records)})


@pytest.fixture
async def make_service(engine: Engine) -> AsyncIterator[Any]:
    opened: list[Service] = []

    async def make(**records: Any) -> Service:
        service = Service(settings_with(**records), engine)
        await service.open_store()
        opened.append(service)
        return service

    yield make
    for service in opened:
        await service.close()


async def rows(service: Service) -> list[tuple[Any, ...]]:
    conn = service.store._conn  # type: ignore[attr-defined]
    return list(
        await conn.execute_fetchall(
            "SELECT server, channel, answered, addressed, entry_id, text, author FROM questions ORDER BY id"
        )
    )


async def test_an_answer_is_recorded_with_its_entry_and_without_the_text(make_service):
    service = await make_service()
    reply = await service.handle(ANSWERABLE, addressed=False, where=HERE)
    assert reply is not None and reply.answered
    assert await rows(service) == [("111", "222", 1, 0, reply.entry_id, None, None)]


async def test_an_unanswered_question_to_the_bot_is_recorded_with_text_and_nearest_entry(make_service):
    service = await make_service()
    reply = await service.handle(f"  {UNANSWERABLE}  ", addressed=True, where=HERE)
    assert reply is not None and not reply.answered
    [(server, channel, answered, addressed, nearest, text, author)] = await rows(service)
    assert (server, channel, answered, addressed, text, author) == ("111", "222", 0, 1, UNANSWERABLE, None)
    assert nearest in {e.id for _, e in service.engine.knowledge.entries()}
    [row] = await service.store.unanswered("111", None)
    assert row.nearest == nearest and 0 < row.score < service.settings.matching.answer_threshold


async def test_chatter_in_a_channel_is_not_recorded_and_a_near_miss_is(make_service):
    service = await make_service(near_miss_score=0.35)
    for chatter in ("lol", "ok thanks", "good morning everyone", "!!!"):
        assert await service.handle(chatter, addressed=False, where=HERE) is None
    assert await rows(service) == []
    near = "when was resolution 57 signed"  # on topic, close to an entry, and the base has no date
    outcome = service.respond(near, addressed=False).outcome
    assert outcome.reply is None and outcome.score >= 0.35
    await service.handle(near, addressed=False, where=HERE)
    assert [(r[3], r[5]) for r in await rows(service)] == [(0, near)]
    assert (await service.store.stats(None, None)).near_misses == 1


async def test_near_misses_can_be_switched_off(make_service):
    service = await make_service(near_misses=False)
    await service.handle("when was resolution 57 signed", addressed=False, where=HERE)
    assert await rows(service) == []


async def test_the_author_is_kept_only_when_the_settings_say_so(make_service):
    plain = await make_service()
    await plain.handle(UNANSWERABLE, addressed=True, where=HERE)
    assert [r[6] for r in await rows(plain)] == [None]
    await plain.close()
    keeping = await make_service(record_authors=True)
    await keeping.handle(UNANSWERABLE, addressed=True, where=HERE)
    await keeping.handle(ANSWERABLE, addressed=True, where=HERE)
    assert [r[6] for r in await rows(keeping)][-2:] == ["333", None]  # an answer keeps no author either


async def test_text_is_capped(make_service):
    service = await make_service(max_text=40)
    await service.handle("robots " * 500, addressed=True, where=HERE)
    [row] = await rows(service)
    assert len(row[5]) == 40


async def test_lookups_are_recorded_and_help_is_not(make_service):
    service = await make_service()
    await service.run("help", "", where=HERE)
    await service.run("about", "", where=HERE)
    await service.run("policy", "", where=HERE)  # the list: not a question
    await service.handle("!polcy", addressed=True, where=HERE)  # a typo of a command: not a question
    assert await rows(service) == []
    await service.run("policy", "resolution 57", where=HERE)
    await service.run("policy", "industrial zoning law", where=HERE)
    recorded = await rows(service)
    assert [(r[2], r[4] if r[2] else None, r[5]) for r in recorded] == [
        (1, "resolution-57", None),
        (0, None, "!policy industrial zoning law"),
    ]


async def test_a_servers_prefix_shows_in_the_reply_and_in_the_record(make_service):
    service = await make_service()
    reply = await service.handle("?policy green hydrogen law", addressed=True, where=HERE, prefix="?")
    assert reply is not None and reply.suggestions and all(s.text("?").startswith("?policy") for s in reply.suggestions)
    assert [r[5] for r in await rows(service)] == ["?policy green hydrogen law"]


async def test_console_questions_are_recorded_under_console(make_service):
    service = await make_service()
    await service.handle(UNANSWERABLE, addressed=True)
    assert [r[0] for r in await rows(service)] == ["console"]


async def test_stats_and_unanswered_reports(make_service):
    service = await make_service()
    for text in (ANSWERABLE, ANSWERABLE, UNANSWERABLE, "how many robots for each worker in vietnam"):
        await service.handle(text, addressed=True, where=HERE)
    stats = await service.store.stats("111", None)
    assert (stats.asked, stats.answered, stats.unanswered) == (4, 2, 2)
    report = await service.stats_report("111", 7)
    assert "4 questions here in the last 7 days: 2 answered (50%)" in report.body
    assert report.fields[0].value == "2× Resolution 57 (`resolution-57`)"
    todo = await service.unanswered_report("111", 7)
    assert todo.items and todo.items[0].startswith("**2×**")  # the two wordings are one group
    assert (await service.unanswered_report("999", 7)).title == "No unanswered questions"


async def test_without_storage_the_bot_answers_and_reports_say_why(engine):
    service = Service(load_settings(env={}), engine)  # a NullStore: nothing opened
    assert (await service.handle(ANSWERABLE, addressed=False)).answered
    report = await service.unanswered_report(None)
    assert report.title.startswith("Storage is unavailable") and "switched off" in report.body
    assert await service.store.stats(None, None) == Stats()


async def test_a_storage_problem_reaches_members_without_the_hosts_details(engine):
    class Down:  # a store whose trouble names a host, a user, a database and a path
        problem = "cannot reach bot@db.internal:5432/industrybot (/srv/bot/data/industrybot.sqlite3 is damaged)"
        readable = available = False

    service = Service(load_settings(env={}), engine, store=Down())  # type: ignore[arg-type]
    shown = service.unavailable().body + service.storage_trouble("vi")
    assert "damaged" in service.unavailable().body
    assert "db.internal" not in shown and "/srv/" not in shown and "5432" not in shown
