"""The error handler: "did you mean", usage, "you can't use this", cooldown notices, and surviving the rest."""

from __future__ import annotations

import contextlib
import logging
from unittest.mock import MagicMock

import discord
import discord.ext.test as dpytest
import pytest
from discord import app_commands
from discord.ext import commands

from handlers.discord_bot.exts.errors import APOLOGY, CANNOT_USE
from tests.handlers.discord_bot.conftest import sent
from tests.helpers import MockContext, MockInteraction, sent_kwargs


@app_commands.command(name="probe", description="A command for errors to name.")
async def probe(interaction: discord.Interaction) -> None:
    pass


def forbidden() -> discord.Forbidden:
    return discord.Forbidden(MagicMock(status=403, reason="Forbidden"), "Missing Permissions")


async def test_a_misspelt_command_gets_did_you_mean(world):
    [message] = await world.say("!polcy", raises=commands.CommandNotFound)
    embed = message.embeds[0]
    assert embed.title == "Unknown command"
    assert "Did you mean `!policy`?" in embed.description
    assert embed.colour.value == world.bot.settings.colours.for_kind("unknown")


@pytest.mark.parametrize("noise", ["!!!", "!1", "!?", "!!", "! ", "!2024"])
async def test_prefix_noise_gets_silence(world, noise):
    with contextlib.suppress(commands.CommandNotFound):  # dpytest re-raises the error our handler was given
        await dpytest.message(noise, channel=world.general, member=world.alice)
    assert sent() == []


async def test_a_word_like_no_command_is_left_alone_in_a_server_but_answered_in_a_dm(world):
    assert await world.say("!xyzzyplugh", raises=commands.CommandNotFound) == []  # another bot's command, maybe
    dm = await world.alice.create_dm()
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!xyzzyplugh", channel=dm, member=world.alice)
    [message] = sent()
    assert "There is no command `!xyzzyplugh`" in message.embeds[0].description


async def test_a_missing_argument_gets_the_usage(world):
    [message] = await world.say("!ask", raises=commands.MissingRequiredArgument)
    embed = message.embeds[0]
    usage = world.bot.service.usage("ask").for_prefix("!")
    assert embed.title == usage.title == "!ask"
    assert embed.description == usage.body and "Usage: `!ask QUESTION`" in embed.description


async def test_a_bad_argument_gets_the_usage(world):
    [message] = await world.say("!sync sideways", member=world.owner, raises=commands.BadLiteralArgument)
    assert message.embeds[0].title == "!sync"
    assert "Usage: `!sync" in message.embeds[0].description


@pytest.mark.parametrize(
    "error", [commands.BadArgument("no"), commands.UserInputError("no"), commands.TooManyArguments("no")]
)
async def test_any_input_error_on_an_engine_command_gets_the_engines_usage(world, error):
    cog = world.bot.get_cog("Errors")
    ctx = MockContext(bot=world.bot, command=world.bot.get_command("compare"), author=world.alice)
    await cog.on_command_error(ctx, error)
    [call] = sent_kwargs(ctx.reply)
    assert call["embed"].title == "!compare"
    assert call["embed"].description == world.bot.service.usage("compare").for_prefix("!").body


async def test_owner_commands_tell_others_they_cannot(world):
    [sync] = await world.say("!sync", raises=commands.NotOwner)
    [reload] = await world.say("!reload", raises=commands.CheckFailure)
    assert sync.content == reload.content == CANNOT_USE


async def test_a_command_that_raises_is_logged_the_member_gets_an_apology_and_the_bot_carries_on(world, caplog):
    @commands.command()
    async def boom(ctx: commands.Context) -> None:
        raise RuntimeError("kaboom")

    world.bot.add_command(boom)
    with caplog.at_level(logging.ERROR, logger="handlers.discord_bot.exts.errors"):
        [message] = await world.say("!boom", raises=commands.CommandInvokeError)
    assert message.content == APOLOGY
    [record] = [r for r in caplog.records if r.name == "handlers.discord_bot.exts.errors"]
    assert record.exc_info and isinstance(record.exc_info[1], RuntimeError)  # with its traceback
    [after] = await world.say("!about")
    assert after.embeds[0].title == "About IndustryBot"


async def test_forbidden_is_logged_and_survived(world, caplog):
    @commands.command()
    async def locked(ctx: commands.Context) -> None:
        raise forbidden()

    world.bot.add_command(locked)
    with caplog.at_level(logging.WARNING, logger="handlers.discord_bot.exts.errors"):
        assert await world.say("!locked", raises=commands.CommandInvokeError) == []
    assert any("Forbidden" in r.getMessage() for r in caplog.records)
    assert (await world.say("!about"))[0].embeds


async def test_a_command_in_a_channel_the_bot_cannot_write_in_sends_nothing_and_raises_nothing(world):
    world.deny_bot(world.general, send_messages=False)
    assert await world.say("!about") == []
    assert await world.say("!polcy", raises=commands.CommandNotFound) == []


async def test_an_error_inside_the_error_handler_is_logged_not_raised(world, caplog):
    cog = world.bot.get_cog("Errors")
    ctx = MockContext(bot=world.bot, author=world.alice)
    ctx.reply.side_effect = discord.HTTPException(MagicMock(status=500, reason="boom"), "boom")
    with caplog.at_level(logging.WARNING, logger="handlers.discord_bot.exts.errors"):
        await cog.on_command_error(ctx, commands.CommandInvokeError(RuntimeError("first")))  # must not raise
    messages = [r.getMessage() for r in caplog.records]
    assert any("Could not send the apology either" in m for m in messages)  # a warning, not a second traceback
    assert not any("error handler failed" in m for m in messages)


async def test_an_http_error_in_a_command_is_a_warning_and_no_apology(world, caplog):
    cog = world.bot.get_cog("Errors")
    ctx = MockContext(bot=world.bot, author=world.alice)
    gone = discord.NotFound(MagicMock(status=404, reason="Not Found"), "Unknown Message")
    with caplog.at_level(logging.WARNING, logger="handlers.discord_bot.exts.errors"):
        await cog.on_command_error(ctx, commands.CommandInvokeError(gone))
    assert not ctx.reply.called and not ctx.send.called  # an apology would fail the same way
    [record] = [r for r in caplog.records if r.name == "handlers.discord_bot.exts.errors"]
    assert record.levelno == logging.WARNING and not record.exc_info


async def test_a_slash_command_on_cooldown_always_gets_an_ephemeral_notice(world):
    cog = world.bot.get_cog("Errors")
    ctx = MockContext(bot=world.bot, author=world.alice, interaction=MockInteraction())
    error = commands.CommandOnCooldown(commands.Cooldown(1, 30), 12.3, commands.BucketType.user)
    await cog.on_command_error(ctx, error)
    await cog.on_command_error(ctx, error)  # a slash command must be answered, so no silence here
    calls = sent_kwargs(ctx.send)
    assert [c["content"] for c in calls] == ["Slow down a little: try again in 13 s."] * 2
    assert all(c["ephemeral"] for c in calls)


async def test_the_app_command_tree_uses_our_error_handler(world):
    cog = world.bot.get_cog("Errors")
    assert world.bot.tree.on_error == cog.on_app_command_error


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (app_commands.CheckFailure("no"), CANNOT_USE),
        (app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 4.2), "Slow down a little: try again in 5 s."),
        (app_commands.CommandInvokeError(probe, RuntimeError("x")), APOLOGY),
    ],
)
async def test_app_command_errors_get_an_ephemeral_line(world, error, text):
    interaction = MockInteraction()
    await world.bot.tree.on_error(interaction, error)
    interaction.response.send_message.assert_awaited_once()
    assert interaction.response.send_message.await_args.args == (text,)
    assert interaction.response.send_message.await_args.kwargs["ephemeral"] is True


async def test_app_command_errors_after_a_response_go_to_the_followup(world):
    interaction = MockInteraction(done=True)
    await world.bot.tree.on_error(interaction, app_commands.CheckFailure("no"))
    interaction.response.send_message.assert_not_awaited()
    interaction.followup.send.assert_awaited_once()


async def test_app_command_forbidden_is_only_logged(world, caplog):
    interaction = MockInteraction()
    error = app_commands.CommandInvokeError(probe, forbidden())
    with caplog.at_level(logging.WARNING):
        await world.bot.tree.on_error(interaction, error)
    interaction.response.send_message.assert_not_awaited()
    assert any("Forbidden" in r.getMessage() for r in caplog.records)
