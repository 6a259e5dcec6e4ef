"""!config: a server's own prefix, listening mode, answer channels and cooldowns, stored and kept over a restart."""

from __future__ import annotations

import re
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from config import Rate
from handlers.discord_bot.exts.errors import CANNOT_USE
from handlers.discord_bot.server_settings import Listen
from handlers.service import Service
from tests.handlers.discord_bot.conftest import (
    ANSWERS_CHANNEL_ID,
    GENEROUS,
    MakeWorld,
    World,
    make_settings,
    restart,
    slash_interaction,
)
from tests.helpers import MockMessage, ask, sent_kwargs

QUESTION = "what is resolution 57"
ANSWER_TITLE = "Resolution 57"
NOTICE = re.compile(r"^Slow down a little: try again in \d+ s\.$")


async def config(world: World, args: str = "", prefix: str = "!") -> discord.Embed:
    """The owner runs ``!config args``; the card (or refusal) the bot answered with."""
    [message] = await world.say(f"{prefix}config {args}".strip(), member=world.owner)
    [embed] = message.embeds
    return embed


def fields(embed: discord.Embed) -> dict[str, str]:
    return {str(f.name): str(f.value) for f in embed.fields}


def is_answer(messages: list[discord.Message]) -> bool:
    return len(messages) == 1 and bool(messages[0].embeds) and messages[0].embeds[0].title == ANSWER_TITLE


async def about(world: World, prefix: str) -> list[discord.Message]:
    """Alice runs ``<prefix>about`` in #general."""
    return await world.say(f"{prefix}about", world.general)


# ----- show --------------------------------------------------------------------------------------------------------


async def test_config_shows_the_defaults(world):
    embed = await config(world)
    assert embed.title == "Settings for Test Guild"
    assert fields(embed) == {
        "Prefix (default)": "`!`, or mention the bot",
        "Listening (default)": "`channels`: when mentioned, and confident answers in the answer channels",
        "Answer channels (default)": f"<#{ANSWERS_CHANNEL_ID}>",
        "Cooldowns (default)": (
            "1000 commands a member per 60 s (`commands_per_user`)\n"
            "1000 free-text answers a member per 60 s (`answers_per_user`)\n"
            "1000 free-text answers a channel per 60 s (`answers_per_channel`)\n"
            "1000 commands a channel per 60 s (`commands_per_channel`)"
        ),
        "Language (default)": "`en`: English",
    }
    assert "`!config reset NAME`" in embed.description


async def test_config_show_is_the_same_card(world):
    assert fields(await config(world, "show")) == fields(await config(world))


async def test_a_member_without_manage_server_cannot_change_anything(world):
    [message] = await world.say("!config prefix ?", member=world.alice, raises=commands.MissingPermissions)
    assert message.content == CANNOT_USE
    assert world.bot.prefix_for(world.guild) == "!"


# ----- prefix ------------------------------------------------------------------------------------------------------


async def test_a_prefix_of_its_own(world):
    embed = await config(world, "prefix ?")
    assert embed.title == "Prefix set"
    assert fields(embed)["Prefix (set here)"] == "`?`, or mention the bot"
    assert "`?help`" in embed.description

    [help_reply] = await world.say("?help")
    assert help_reply.embeds[0].title == ask(world.bot.service, "!help").title
    assert await world.say("!help") == []  # the old prefix is just text now
    assert len(await about(world, "?")) == 1
    [by_mention] = await world.say(f"{world.mention} about")  # a mention always works
    assert by_mention.embeds
    # The help names the server's prefix, not the default one.
    help_text = str(help_reply.embeds[0].to_dict())
    assert "?policy" in help_text and "!policy" not in help_text


async def test_the_prefix_survives_a_restart(make_world: MakeWorld):
    world = await make_world()
    await config(world, "prefix ?")
    fresh = await restart(world, make_world)
    assert fresh.bot.prefix_for(world.guild) == "?"
    assert fresh.bot.server(world.guild).overridden == frozenset({"prefix"})
    prefixes = await fresh.bot.get_prefix(MockMessage(guild=world.guild))
    assert "?" in prefixes and "!" not in prefixes
    assert fresh.mention in {p.strip() for p in prefixes}
    assert fresh.bot.prefix_for(fresh.guild) == "!"  # another server keeps the default
    assert len(await about(fresh, "!")) == 1


async def test_every_setting_survives_a_restart(make_world: MakeWorld):
    world = await make_world()
    await config(world, "listen everywhere")
    await config(world, f"channel add {world.general.mention}")
    await config(world, "cooldown answers_per_channel 3 20")
    await config(world, "prefix ?")
    before = world.bot.server(world.guild)
    fresh = await restart(world, make_world)
    after = fresh.bot.server(world.guild)
    assert after == before
    assert after.channels == (ANSWERS_CHANNEL_ID, world.general.id)
    assert after.cooldowns.answers_per_channel == Rate(rate=3, per=20)
    assert after.cooldowns.answers_per_user == GENEROUS


async def test_a_stored_value_that_no_longer_validates_is_ignored(make_world: MakeWorld, caplog):
    world = await make_world()
    await config(world, "listen mentions")
    store = world.bot.service.store
    assert await store.put_setting(str(world.guild.id), "prefix", "@@")  # a hand edit, or an older release
    fresh = await restart(world, make_world)
    server = fresh.bot.server(world.guild)
    assert (server.prefix, server.listen, server.overridden) == ("!", Listen.MENTIONS, {"listen"})
    assert f"Ignoring server {world.guild.id}'s stored prefix" in caplog.text


async def test_the_errors_name_the_servers_prefix(world):
    await config(world, "prefix ?")
    [unknown] = await world.say("?polcy", raises=commands.CommandNotFound)
    assert unknown.embeds[0].title == "Unknown command"
    assert "`?policy`" in unknown.embeds[0].description
    assert await world.say("!polcy") == []  # not our prefix here any more: not a command


@pytest.mark.parametrize("bad", ["@@", "abcdef", "`", '"a b"', "<>", "#", "\\", "\u200b", "！", "?\u200d", "\u0301!"])
async def test_a_prefix_that_cannot_work_is_refused(world, bad):
    embed = await config(world, f"prefix {bad}")
    assert embed.title == "Not changed"
    assert "can't be a prefix" in embed.description
    assert world.bot.prefix_for(world.guild) == "!"
    assert "prefix" not in world.bot.server(world.guild).overridden
    assert len(await about(world, "!")) == 1


async def test_the_settings_of_one_server_are_not_anothers(world):
    await config(world, "prefix ?")
    other = MockMessage(guild=discord.Object(id=1_100_000_000_000_000_777))
    assert world.bot.prefix_for(other.guild) == "!"
    assert world.bot.prefix_for(None) == "!"  # DMs: the default


# ----- listening and channels --------------------------------------------------------------------------------------


async def test_listen_mentions_answers_only_when_mentioned(world):
    assert is_answer(await world.say(QUESTION, world.answers))
    embed = await config(world, "listen mentions")
    assert embed.title == "Listen set"
    assert world.bot.server(world.guild).listen is Listen.MENTIONS
    assert await world.say(QUESTION, world.answers) == []
    assert is_answer(await world.say(f"hey {world.mention} {QUESTION}", world.answers))


async def test_listen_everywhere_answers_in_every_channel(world):
    assert await world.say(QUESTION, world.general) == []
    await config(world, "listen everywhere")
    assert is_answer(await world.say(QUESTION, world.general))
    assert await world.say("lol", world.general) == []  # still only confident answers


async def test_answer_channels_add_remove_clear(world):
    assert await world.say(QUESTION, world.general) == []
    embed = await config(world, f"channel add {world.general.mention}")
    assert embed.title == "Channels set"
    assert fields(embed)["Answer channels (set here)"] == f"{world.answers.mention}, {world.general.mention}"
    assert is_answer(await world.say(QUESTION, world.general))

    again = await config(world, f"channel add {world.general.mention}")
    assert again.title == "Not changed" and "already an answer channel" in again.description

    await config(world, f"channel remove {world.general.mention}")
    assert await world.say(QUESTION, world.general) == []
    assert is_answer(await world.say(QUESTION, world.answers))

    missing = await config(world, f"channel remove {world.general.mention}")
    assert missing.title == "Not changed" and "not an answer channel" in missing.description

    cleared = await config(world, "channel clear")
    assert fields(cleared)["Answer channels (set here)"] == "none"
    assert world.bot.server(world.guild).channels == ()
    assert "No answer channel is set yet" in (await config(world, "listen channels")).description
    assert await world.say(QUESTION, world.answers) == []
    assert is_answer(await world.say(f"hey {world.mention} {QUESTION}", world.answers))


async def test_listen_channels_with_an_added_channel(world):
    await config(world, "listen mentions")
    embed = await config(world, f"channel add {world.general.mention}")
    assert "Listening is `mentions`" in embed.description  # the channel is not used yet, and the card says so
    assert await world.say(QUESTION, world.general) == []
    await config(world, "listen channels")
    assert is_answer(await world.say(QUESTION, world.general))


async def test_a_channel_action_needs_a_channel(world):
    embed = await config(world, "channel add")
    assert embed.title == "Not changed" and "Name a channel" in embed.description


async def test_an_unknown_listening_mode_shows_the_usage(world):
    [usage] = await world.say("!config listen sometimes", member=world.owner, raises=commands.BadLiteralArgument)
    assert usage.embeds[0].title == "!config listen"
    assert world.bot.server(world.guild).listen is Listen.CHANNELS


# ----- cooldowns ---------------------------------------------------------------------------------------------------


async def test_a_cooldown_of_its_own_then_reset(world):
    embed = await config(world, "cooldown answers_per_user 1 60")
    assert embed.title == "answers_per_user is set"
    assert "1 free-text answers a member per 60 s (`answers_per_user`)" in fields(embed)["Cooldowns (set here)"]

    assert is_answer(await world.say(QUESTION, world.answers))
    [notice] = await world.say(QUESTION, world.answers)
    assert NOTICE.match(notice.content)
    assert await world.say(QUESTION, world.answers) == []
    assert is_answer(await world.say(QUESTION, world.answers, member=world.bob))  # per member

    reset = await config(world, "reset cooldowns")
    assert "Cooldowns (default)" in fields(reset)
    assert world.bot.server(world.guild).cooldowns == make_settings().cooldowns
    assert is_answer(await world.say(QUESTION, world.answers))


async def test_a_commands_cooldown_of_its_own(world):
    await config(world, "cooldown commands_per_user 1 60")
    assert len(await about(world, "!")) == 1
    [notice] = await world.say("!about", raises=commands.CommandOnCooldown)
    assert NOTICE.match(notice.content)
    assert await world.say("!about", raises=commands.CommandOnCooldown) == []


@pytest.mark.parametrize(
    "args",
    [
        "cooldown answers_per_user 0 60",
        "cooldown answers_per_user 1 0",
        "cooldown everything 1 60",
        "cooldown answers_per_user 1 nan",
        "cooldown answers_per_user 1 inf",
        "cooldown answers_per_user 1 -inf",
    ],
)
async def test_a_cooldown_out_of_range_shows_the_usage(world, args):
    [usage] = await world.say(f"!config {args}", member=world.owner, raises=commands.UserInputError)
    assert usage.embeds[0].title == "!config cooldown"
    assert world.bot.server(world.guild).cooldowns == make_settings().cooldowns


# ----- reset -------------------------------------------------------------------------------------------------------


async def test_reset_all_returns_everything_to_the_defaults(world):
    defaults = fields(await config(world))
    await config(world, "listen everywhere")
    await config(world, f"channel add {world.general.mention}")
    await config(world, "cooldown commands_per_user 50 10")
    await config(world, "prefix ?")
    assert world.bot.server(world.guild).overridden == {"prefix", "listen", "channels", "cooldowns"}

    embed = await config(world, "reset all", prefix="?")
    assert embed.title == "Reset"
    assert fields(embed) == defaults
    assert world.bot.server(world.guild).overridden == frozenset()
    assert len(await about(world, "!")) == 1
    assert await world.bot.service.store.server_settings() == {}


async def test_reset_one_setting_keeps_the_others(world):
    await config(world, "prefix ?")
    await config(world, "listen everywhere", prefix="?")
    await config(world, "reset listen", prefix="?")
    server = world.bot.server(world.guild)
    assert (server.prefix, server.listen, server.overridden) == ("?", Listen.CHANNELS, {"prefix"})


# ----- without storage ---------------------------------------------------------------------------------------------


@pytest.fixture
async def storage_down(make_world: MakeWorld, engine: Any, broken_store: Any) -> World:
    return await make_world(service=Service(make_settings(), engine, store=broken_store))


@pytest.mark.parametrize(
    "args", ["prefix ?", "listen everywhere", "channel add <#{general}>", "cooldown answers_per_user 1 60", "reset all"]
)
async def test_without_storage_nothing_is_saved_and_nothing_changes(storage_down, args):
    world = storage_down
    before = world.bot.server(world.guild)
    embed = await config(world, args.format(general=world.general.id))
    assert embed.title == "Not saved"
    assert "Nothing changed" in embed.description and "damaged" in embed.description
    assert world.bot.server(world.guild) == before
    assert (await config(world)).title == "Settings for Test Guild"  # the card still shows


# ----- as slash commands -------------------------------------------------------------------------------------------


def slash_config(world: World, sub: str, options: dict[str, str], member: discord.Member) -> discord.Interaction:
    """``/config <sub> option:value ...`` by ``member``, as the gateway delivers a subcommand of a group."""
    interaction = slash_interaction(world, "config", member=member)
    data: Any = interaction.data
    data["options"] = [
        {"name": sub, "type": 1, "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}
    ]
    return interaction


async def test_slash_config_prefix(world):
    interaction = slash_config(world, "prefix", {"new": "?"}, world.owner)
    await world.bot.tree._call(interaction)
    [call] = sent_kwargs(interaction.response.send_message)
    assert call["embed"].title == "Prefix set"
    assert call["ephemeral"] is True
    assert world.bot.prefix_for(world.guild) == "?"
    assert len(await about(world, "?")) == 1


async def test_slash_config_show_and_a_refused_prefix(world):
    show = slash_config(world, "show", {}, world.owner)
    await world.bot.tree._call(show)
    [call] = sent_kwargs(show.response.send_message)
    assert call["embed"].title == "Settings for Test Guild" and call["ephemeral"] is True

    bad = slash_config(world, "prefix", {"new": "@@"}, world.owner)
    await world.bot.tree._call(bad)
    [call] = sent_kwargs(bad.response.send_message)
    assert call["embed"].title == "Not changed"
    assert world.bot.prefix_for(world.guild) == "!"


async def test_slash_config_by_a_member_without_manage_server(world):
    interaction = slash_config(world, "prefix", {"new": "?"}, world.alice)
    await world.bot.tree._call(interaction)
    await dpytest.run_all_events()  # the error handler runs as an event
    [call] = sent_kwargs(interaction.response.send_message)
    assert call["content"] == CANNOT_USE and call["ephemeral"] is True
    assert world.bot.prefix_for(world.guild) == "!"


async def test_the_config_group_is_a_guild_only_slash_command(world):
    group = world.bot.tree.get_command("config")
    assert isinstance(group, discord.app_commands.Group)
    assert group.guild_only
    assert {c.name for c in group.commands} == {"show", "prefix", "listen", "channel", "cooldown", "language", "reset"}


async def test_a_mistyped_setting_is_named_with_a_suggestion_and_changes_nothing(world):
    before = world.bot.server(world.guild)
    [reply] = await world.say("!config chanel add #general", member=world.owner)
    text = reply.embeds[0].description
    assert "There is no setting `chanel`" in text and "Did you mean `!config channel`?" in text
    assert world.bot.server(world.guild) == before
    [shown] = await world.say("!config show", member=world.owner)
    assert shown.embeds[0].title.startswith("Settings for")
