"""Teaching through the Service: a link is stored and answered at once, here and in the other processes; reload
keeps it; groups leave the to-do list when linked, dismissed (per server) or answered since."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from config import load_settings
from handlers.core.reply import Kind
from handlers.service import Service, Where
from handlers.storage import NullStore
from tests.conftest import ROOT

ROBOTS = "how many robots per worker does vietnam have?"
ENTRY = "responsibility-embedded-in-strategy"
SWALLOW = "what is the airspeed of an unladen swallow"


def settings(**env: str):
    return load_settings(env=env)


async def ask(service: Service, text: str, server: str = "guild-1") -> None:
    """A member asks ``text`` of the bot, in ``server``; recorded as the edges record it."""
    await service.handle(text, addressed=True, where=Where(server=server))


def answered_by(service: Service, text: str) -> str | None:
    outcome = service.respond(text, addressed=True).outcome
    return outcome.nearest if outcome.answered else None


async def test_a_link_answers_at_once_and_survives_a_reload(engine):
    async with Service(settings(), engine).session() as service:
        assert answered_by(service, ROBOTS) is None
        reply = await service.learn(ROBOTS, ENTRY, by="owner (1)")
        assert reply.kind is Kind.INFO and reply.title == "Linked"
        assert answered_by(service, ROBOTS) == ENTRY
        assert (ENTRY, ROBOTS) in service.engine.knowledge.learned
        assert ROBOTS in service.engine.knowledge.entry(ENTRY).questions  # one of its phrasings now
        assert engine.knowledge.entry(ENTRY).questions.count(ROBOTS) == 0  # the shared base is untouched

        assert (await asyncio.to_thread(service.reload)).title == "Knowledge reloaded"
        assert answered_by(service, ROBOTS) == ENTRY

        [row] = await service.learned_wordings() or []
        assert (row.wording, row.entry_id, row.linked_by) == (ROBOTS, ENTRY, "owner (1)")


async def test_a_link_by_title_and_the_reasons_for_refusing(engine):
    async with Service(settings(), engine).session() as service:
        title = service.entry_title(ENTRY)
        assert title is not None
        assert (await service.learn(ROBOTS, title.upper(), by="x")).title == "Linked"
        refused = {
            ("NQ57", "industry-5-0-definition"): "already a name of Resolution 57",
            ("   ", ENTRY): "no words to link",
            ("thanks lol", ENTRY): "reads as chatter",
            ("how many robots per worker in vietnam", "resolution-57"): "already linked to",
            ("x" * 400, ENTRY): "longer than 300 characters",
        }
        for (wording, entry), reason in refused.items():
            reply = await service.learn(wording, entry, by="x")
            assert reply.kind is Kind.ERROR and reason in reply.body, (wording, reply.body)
        assert [r.wording for r in await service.learned_wordings() or []] == [ROBOTS]


async def test_without_storage_nothing_is_taught(engine):
    service = Service(settings(), engine, store=NullStore())
    reply = await service.learn(ROBOTS, ENTRY, by="x")
    assert reply.kind is Kind.ERROR and "unavailable" in reply.title
    assert answered_by(service, ROBOTS) is None
    assert (await service.dismiss(SWALLOW, server=None, by="x")).kind is Kind.ERROR


async def test_another_process_on_the_same_sqlite_file_reads_the_link_again(engine):
    async with Service(settings(), engine).session() as one, Service(settings(), engine).session() as two:
        await one.learn(ROBOTS, ENTRY, by="x")
        assert answered_by(two, ROBOTS) is None  # SQLite: nothing heard
        assert await two.sync_learned() is True  # what the bot does every SYNC_SECONDS
        assert answered_by(two, ROBOTS) == ENTRY
        assert await two.sync_learned() is False  # nothing new: no rebuild
        await one.unlearn(ROBOTS)
        await two.sync_learned()
        assert answered_by(two, ROBOTS) is None


async def test_another_process_on_postgresql_hears_the_link(engine, pg_url):
    every = settings(DATABASE_URL=pg_url)
    async with Service(every, engine).session() as one, Service(every, engine).session() as two:
        await one.learn(ROBOTS, ENTRY, by="x")
        for _ in range(200):
            if answered_by(two, ROBOTS) == ENTRY:
                break
            await asyncio.sleep(0.01)
        assert answered_by(two, ROBOTS) == ENTRY
        await one.unlearn(ROBOTS)
        for _ in range(200):
            if answered_by(two, ROBOTS) is None:
                break
            await asyncio.sleep(0.01)
        assert answered_by(two, ROBOTS) is None


async def test_the_list_drops_linked_dismissed_and_answered_groups_and_counts_them(engine):
    async with Service(settings(), engine).session() as service:
        await ask(service, ROBOTS)
        await ask(service, SWALLOW)
        await ask(service, "cobots on assembly lines?")
        assert [g.text for g in await service.unanswered_groups("guild-1")] == [
            "cobots on assembly lines?",
            SWALLOW,
            ROBOTS,
        ]
        await service.learn(ROBOTS, ENTRY, by="x")
        await service.dismiss("airspeed of unladen swallows", server="guild-1", by="manager")
        review = await service.review_unanswered("guild-1")
        assert [g.text for g in review.open] == ["cobots on assembly lines?"]
        assert [g.text for g in review.linked] == [ROBOTS]
        assert [g.text for g in review.dismissed] == [SWALLOW]
        report = await service.unanswered_report("guild-1")
        progress = {f.name: f.value for f in report.fields}["Progress"]
        assert progress == "Of 3 groups: 1 linked to an entry, 1 dismissed, 0 answered since, 1 still open."


async def test_a_wording_no_one_asked_dismisses_nothing_and_says_so(engine):
    async with Service(settings(), engine).session() as service:
        await ask(service, SWALLOW, "guild-1")
        reply = await service.dismiss(SWALLOW, server="guild-2", by="manager")  # asked in another server only
        assert reply.kind is Kind.ERROR and reply.title == "Nothing dismissed"
        assert "this server's list" in reply.body
        assert (await service.dismiss("what is a zebra crossing", server=None, by="x")).kind is Kind.ERROR
        assert (await service.dismiss("airspeed of unladen swallows", server=None, by="x")).kind is Kind.INFO
        assert await service.unanswered_groups(None) == []


async def test_a_dismissal_holds_in_its_own_server_only(engine):
    async with Service(settings(), engine).session() as service:
        await ask(service, SWALLOW, "guild-1")
        await ask(service, SWALLOW, "guild-2")
        await service.dismiss(SWALLOW, server="guild-1", by="manager")
        assert await service.unanswered_groups("guild-1") == []
        assert [g.text for g in await service.unanswered_groups("guild-2")] == [SWALLOW]
        assert [g.text for g in await service.unanswered_groups(None)] == [SWALLOW]  # guild-2 still has it open
        await service.dismiss(SWALLOW, server="guild-2", by="manager")
        assert await service.unanswered_groups(None) == []


async def test_a_question_answered_since_leaves_the_list_by_itself(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    async with Service.open(settings(KNOWLEDGE_DIR=str(folder))) as service:
        question = "what is the zebra crossing rule"
        await ask(service, question)
        assert [g.text for g in await service.unanswered_groups("guild-1")] == [question]
        facts = folder / "facts.yaml"
        facts.write_text(
            facts.read_text(encoding="utf-8")
            + "  - id: a-new-fact\n    text: Something new.\n    source: social-responsibility\n"
            + f"    questions: [{question}]\n",
            encoding="utf-8",
        )
        assert service.reload().kind is Kind.INFO
        review = await service.review_unanswered("guild-1")
        assert review.open == [] and [g.text for g in review.answered] == [question]


@pytest.mark.parametrize("typed", ["", "resolution", "industry 5"])
def test_entry_choices_for_autocomplete(service, typed):
    choices = service.entry_choices(typed, 5)
    assert 0 < len(choices) <= 5
    if typed:
        assert all(typed.split()[0] in f"{title} {entry_id}".lower() for title, entry_id in choices[:1])


def test_curator_ids_come_from_the_settings_or_the_environment():
    assert settings().curator_ids == ()
    assert settings(CURATOR_IDS="5, 6").curator_ids == (5, 6)
