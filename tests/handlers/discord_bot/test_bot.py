"""The bot object: intents, mentions, prefix, extensions, sharding, the invite link."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlparse

import discord
import pytest
from discord.ext import commands

from handlers.discord_bot import bot as bot_module
from handlers.discord_bot.bot import (
    EXTENSIONS,
    INVITE_PERMISSIONS,
    IndustryBot,
    ShardedIndustryBot,
    create_bot,
    default_intents,
)
from handlers.service import Service
from tests.handlers.discord_bot.conftest import make_settings
from tests.helpers import MockMessage


def test_default_intents_are_the_defaults_plus_message_content():
    intents = default_intents()
    assert intents.message_content
    assert not intents.members and not intents.presences  # no other privileged intent
    assert intents.value == (discord.Intents.default().value | discord.Intents(message_content=True).value)


def test_a_plain_bot_without_shard_settings(engine):
    settings = make_settings()
    bot = create_bot(settings, Service(settings, engine))
    assert type(bot) is IndustryBot
    assert not isinstance(bot, commands.AutoShardedBot)
    assert bot.intents.message_content
    assert bot.help_command is None
    assert bot.case_insensitive


@pytest.mark.parametrize(("count", "ids"), [(2, None), (4, (0, 1))])
def test_an_auto_sharded_bot_with_shard_settings(engine, count, ids):
    settings = make_settings(shard_count=count, shard_ids=ids)
    bot = create_bot(settings, Service(settings, engine))
    assert isinstance(bot, ShardedIndustryBot) and isinstance(bot, commands.AutoShardedBot)
    assert bot.shard_count == count
    assert bot.shard_ids == (list(ids) if ids else None)


def test_the_bot_never_pings_anyone_by_default(engine):
    settings = make_settings()
    mentions = create_bot(settings, Service(settings, engine)).allowed_mentions
    assert mentions is not None
    assert (mentions.everyone, mentions.roles, mentions.users, mentions.replied_user) == (False, False, False, False)
    assert mentions.to_dict() == {"parse": []}  # Discord pings nobody: no parsed mentions, no replied user


async def test_prefix_and_mention_both_work_as_prefixes(world):
    prefixes = await world.bot.get_prefix(MockMessage())
    assert "!" in prefixes
    assert f"<@{world.bot.user.id}> " in prefixes


async def test_setup_hook_loads_every_extension(world):
    assert set(world.bot.extensions) == set(EXTENSIONS)
    assert {"Commands", "Answers", "Admin", "Errors"} <= set(world.bot.cogs)
    commands_ = {c.name for c in world.bot.commands}
    assert commands_ == {"help", "policy", "quote", "compare", "ask", "sources", "about", "sync", "reload"} | {
        "unanswered",
        "stats",
        "forget",
        "config",
        "link",
    }


async def test_a_broken_extension_is_logged_and_the_others_still_load(engine, monkeypatch, caplog):
    monkeypatch.setattr(bot_module, "EXTENSIONS", ("handlers.discord_bot.exts.no_such_extension", *EXTENSIONS))
    settings = make_settings()
    bot = create_bot(settings, Service(settings, engine))
    try:
        with caplog.at_level(logging.ERROR, logger="handlers.discord_bot.bot"):
            await bot.setup_hook()  # must not raise
        assert bot.failed_extensions == ["handlers.discord_bot.exts.no_such_extension"]
        assert set(bot.extensions) == set(EXTENSIONS)
    finally:
        await bot.close()
    record = next(r for r in caplog.records if "no_such_extension" in r.getMessage())
    assert record.exc_info is not None  # logged with its traceback


async def test_on_ready_logs_the_invite_url_once(world, caplog):
    world.bot._connection.application_id = 123456789012345678
    with caplog.at_level(logging.INFO, logger="handlers.discord_bot.bot"):
        await world.bot.on_ready()
        await world.bot.on_ready()  # a reconnect
    urls = [r.getMessage().split()[-1] for r in caplog.records if "oauth2/authorize" in r.getMessage()]
    assert len(urls) == 1
    query = parse_qs(urlparse(urls[0]).query)
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    permissions = discord.Permissions(int(query["permissions"][0]))
    assert permissions == INVITE_PERMISSIONS
    assert permissions.view_channel and permissions.send_messages and permissions.send_messages_in_threads
    assert permissions.embed_links and permissions.read_message_history
    assert not (permissions.administrator or permissions.mention_everyone or permissions.add_reactions)


async def test_settings_owner_ids_are_owners_and_others_are_not(world):
    assert await world.bot.is_owner(world.owner)
    assert not await world.bot.is_owner(world.alice)  # dpytest's application owner is someone else


async def test_every_slash_command_serialises_as_sync_would_send_it(world):
    """What `!sync` uploads: names, descriptions and options within Discord's limits."""
    payloads = [command.to_dict(world.bot.tree) for command in world.bot.tree.get_commands()]
    names = {p["name"] for p in payloads}
    assert {"policy", "unanswered", "stats", "forget", "config"} <= names and len(payloads) <= 100

    def check(node: dict) -> None:
        assert 1 <= len(node["name"]) <= 32 and node["name"] == node["name"].lower()
        assert 1 <= len(node["description"]) <= 100
        for option in node.get("options", []):
            check(option)

    for payload in payloads:
        check(payload)
    config = next(p for p in payloads if p["name"] == "config")
    assert [o["name"] for o in config["options"]] == [
        "show",
        "prefix",
        "listen",
        "channel",
        "cooldown",
        "language",
        "reset",
    ]
