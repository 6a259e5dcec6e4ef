"""Several processes of one bot over one PostgreSQL database (skipped where PostgreSQL is absent): a `!config`
change made through one is in force in the others within a second, and `!reload` reloads every one.

Process A is a real bot driven by dpytest; process B is a Service with its settings book, as a second process
holds them. Both stores are real, on the session's throwaway cluster.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from config import ROOT
from handlers.core.engine import Engine
from handlers.discord_bot.server_settings import Listen, ServerSettingsBook
from handlers.service import Service
from handlers.storage import RELOAD, SETTINGS
from handlers.storage.postgres import PostgresStore
from tests.handlers.discord_bot.conftest import MakeWorld, make_settings


async def within(seconds: float, check: Callable[[], bool]) -> float:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        await asyncio.sleep(0.01)
    return time.monotonic() - start


async def test_a_config_change_made_in_one_process_is_in_force_in_another_within_a_second(
    pg_url: str, make_world: MakeWorld, engine: Engine
) -> None:
    world = await make_world(database_url=pg_url)
    other = Service(make_settings(database_url=pg_url), engine)
    await other.open_store()
    book = ServerSettingsBook(other.settings, other)
    try:
        await book.load()
        guild = world.guild.id
        assert book.get(guild).prefix == "!"

        await world.say("!config prefix ?", member=world.owner)
        assert await within(1.0, lambda: book.get(guild).prefix == "?") < 1.0
        await world.say("?config listen everywhere", member=world.owner)
        await within(1.0, lambda: book.get(guild).listen is Listen.EVERYWHERE)
        await world.say("?config reset prefix", member=world.owner)
        await within(1.0, lambda: book.get(guild).prefix == "!")
        assert book.get(guild).listen is Listen.EVERYWHERE

        # And the other way: a change made in B is in force in the bot A.
        assert await book.set(guild, "prefix", "$")
        await within(1.0, lambda: world.bot.prefix_for(world.guild) == "$")
        [reply] = await world.say("$about", world.general)
        assert reply.embeds and "IndustryBot" in (reply.embeds[0].title or "")

        # `bot.py forget --server ID --settings` from yet another process: the defaults again, everywhere.
        third = Service(make_settings(database_url=pg_url), engine)
        await third.open_store()
        try:
            gone = await third.store.forget(str(guild), settings=True)
            assert gone is not None and gone.settings == 2
        finally:
            await third.close()
        await within(1.0, lambda: world.bot.prefix_for(world.guild) == "!" and book.get(guild).prefix == "!")
        assert world.bot.server(world.guild).listen is Listen.CHANNELS
    finally:
        await other.close()


def copy_base(folder: Path) -> Path:
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    return folder


async def test_reload_in_one_process_reloads_the_knowledge_base_in_every_process(
    pg_url: str, make_world: MakeWorld, tmp_path: Path
) -> None:
    here, there = copy_base(tmp_path / "kb-a"), copy_base(tmp_path / "kb-b")
    settings = make_settings(knowledge_dir=str(here), database_url=pg_url)
    world = await make_world(service=Service.start(settings), knowledge_dir=str(here), database_url=pg_url)
    other = Service.start(make_settings(knowledge_dir=str(there), database_url=pg_url))
    await other.open_store()
    spy = await PostgresStore.open(pg_url)  # hears every notice, in the order they were sent
    heard: list[tuple[str, str]] = []
    await spy.subscribe(lambda topic, payload: heard.append((topic, payload)))
    try:
        facts = there / "facts.yaml"  # the same edit, deployed to B's host
        facts.write_text(
            facts.read_text(encoding="utf-8")
            + "  - id: a-new-fact\n    text: Something new.\n    source: social-responsibility\n"
            + "    questions: [what is the zebra crossing rule]\n",
            encoding="utf-8",
        )
        before = other.engine

        def answers_the_new_fact() -> bool:
            reply = other.respond("what is the zebra crossing rule", addressed=False).reply
            return reply is not None and reply.entry_id == "a-new-fact"

        assert not answers_the_new_fact()
        [message] = await world.say("!reload", member=world.owner)
        assert message.embeds[0].title == "Knowledge reloaded"
        await within(5.0, answers_the_new_fact)
        assert other.engine is not before
        assert heard == [(RELOAD, "")]

        # A reload that fails keeps the running base here and tells nobody (a later notice arrives alone).
        (here / "quotes.yaml").write_text("quotes:\n  - id: x\n    speaker: Someone\n", encoding="utf-8")
        [message] = await world.say("!reload", member=world.owner)
        assert "running knowledge base is kept" in (message.embeds[0].title or "")
        await world.say("!config prefix ?", member=world.owner)
        await within(1.0, lambda: len(heard) > 1)
        assert heard == [(RELOAD, ""), (SETTINGS, str(world.guild.id))]
    finally:
        await spy.close()
        await other.close()
