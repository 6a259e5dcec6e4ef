"""The curators' commands: !unanswered, !stats and !forget (Manage Server or an owner, in a server only)."""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend

from handlers.curation import UNAVAILABLE, unanswered_csv
from handlers.discord_bot.exts.errors import CANNOT_USE, IN_A_SERVER
from handlers.service import Service
from handlers.storage import CONSOLE, QuestionRecord
from tests.handlers.discord_bot.conftest import (
    World,
    component_interaction,
    make_settings,
    message_payload,
    press,
    sent,
)
from tests.helpers import MockContext, MockGuild

ROBOTS = "how many robots per worker does vietnam have?"
ROBOTS_AGAIN = "how many robots does vietnam have per worker"
ROBOTS_NEAREST = "responsibility-embedded-in-strategy"
ANSWERED = "what is resolution 57"
CURATORS = ["!unanswered", "!stats", "!forget", "!config"]
OTHER_SERVER = "1100000000000000999"


def record(server: str, text: str = "what is the airspeed of an unladen swallow") -> QuestionRecord:
    return QuestionRecord(
        server=server, channel=None, answered=False, addressed=True, entry_id=None, score=0.0, text=text
    )


async def ask_unanswered(world: World, text: str) -> None:
    """Alice asks the bot by mention a question it cannot answer: "I don't know that" or "the articles don't say"."""
    [reply] = await world.say(f"{world.mention} {text}", world.general, raises=commands.CommandNotFound)
    assert reply.embeds[0].title in {"I don't know that.", "The articles don't say"}


async def manager(world: World) -> discord.Member:
    """Bob, given a role with Manage Server."""
    role = backend.make_role("curators", world.guild, permissions=discord.Permissions(manage_guild=True).value)
    await dpytest.add_role(world.bob, role)
    assert world.bob.guild_permissions.manage_guild
    return world.bob


async def curate(world: World, command: str) -> discord.Embed:
    """The owner runs ``command``; the one embed the bot answered with (then, for `!unanswered`, a message per
    group with its Link / Dismiss buttons: see test_teach.py)."""
    [message, *_groups] = await world.say(command, member=world.owner)
    [embed] = message.embeds
    return embed


# ----- who may -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", CURATORS)
async def test_a_member_without_manage_server_cannot(world, command):
    [message] = await world.say(command, member=world.alice, raises=commands.MissingPermissions)
    assert message.content == CANNOT_USE
    assert not message.embeds


@pytest.mark.parametrize("command", CURATORS)
async def test_the_owner_can(world, command):
    [message] = await world.say(command, member=world.owner)
    assert message.embeds and message.embeds[0].title


@pytest.mark.parametrize("command", CURATORS)
async def test_a_member_with_manage_server_can(world, command):
    bob = await manager(world)
    [message] = await world.say(command, member=bob)
    assert message.embeds and message.embeds[0].title


@pytest.mark.parametrize("who", ["owner", "alice"])
@pytest.mark.parametrize("command", [*CURATORS, "!forget confirm", "!config prefix ?"])
async def test_in_a_dm_they_say_they_work_in_a_server(world, command, who):
    # Whoever asks: in a DM nobody has Manage Server, so "you can't use this" would send a curator astray.
    member = getattr(world, who)
    dm = await member.create_dm()
    with pytest.raises(commands.NoPrivateMessage):
        await dpytest.message(command, channel=dm, member=member)
    [message] = sent()
    assert message.content == IN_A_SERVER


@pytest.mark.parametrize("name", ["unanswered", "stats", "forget", "config", "config prefix"])
async def test_the_server_check_comes_before_the_permission_check(world, name):
    command = world.bot.get_command(name)
    assert command is not None
    ctx = MockContext(bot=world.bot, guild=None, author=world.alice)
    with pytest.raises(commands.NoPrivateMessage):
        await command.can_run(ctx)
    ctx = MockContext(bot=world.bot, guild=MockGuild(), author=world.alice)
    with pytest.raises(commands.MissingPermissions):
        await command.can_run(ctx)


# ----- !unanswered -------------------------------------------------------------------------------------------------


async def test_nothing_unanswered_yet(world):
    embed = await curate(world, "!unanswered")
    assert embed.title == "No unanswered questions"
    assert "the last 30 days" in embed.description


async def test_unanswered_questions_by_mention_are_grouped_with_their_nearest_entry(world):
    await ask_unanswered(world, ROBOTS)
    await ask_unanswered(world, ROBOTS_AGAIN)
    await ask_unanswered(world, "cobots on assembly lines?")
    [answered] = await world.say(ANSWERED, world.answers)  # answered: not on the list
    assert answered.embeds[0].title == "Resolution 57"

    embed = await curate(world, "!unanswered")
    assert embed.title == "Unanswered questions"
    assert "3 questions here in the last 30 days got no answer, in 2 groups" in embed.description
    lines = [line for line in embed.description.split("\n") if line.startswith("• ")]
    assert len(lines) == 2
    assert lines[0].startswith("• **2×** “")
    assert "(+1 similar wording)" in lines[0]
    assert "cobots" in lines[1] and "**1×**" in lines[1]
    assert f"nearest: {world.bot.service.title_of(ROBOTS_NEAREST)} (`{ROBOTS_NEAREST}`, score " in embed.description
    assert "resolution 57" not in embed.description.lower()


async def test_other_servers_and_the_console_are_not_shown(world):
    store = world.bot.service.store
    await store.add_question(record(CONSOLE, "asked in the console"))
    await store.add_question(record(OTHER_SERVER, "asked in another server"))
    await ask_unanswered(world, ROBOTS)

    embed = await curate(world, "!unanswered")
    assert "1 question here" in embed.description
    assert "vietnam" in embed.description
    assert "console" not in embed.description and "another server" not in embed.description


async def test_unanswered_takes_a_number_of_days(world):
    await ask_unanswered(world, ROBOTS)
    embed = await curate(world, "!unanswered 7")
    assert "in the last 7 days got no answer" in embed.description
    for days in ("0", "3651", "-5"):
        # out of range: checked in the command (days is optional, so `!unanswered csv` can skip it)
        [usage] = await world.say(f"!unanswered {days}", member=world.owner, raises=commands.CommandError)
        assert usage.embeds[0].title == "!unanswered"


async def test_a_near_miss_in_an_answer_channel_is_listed_but_gets_no_reply(world):
    question = "what does resolution 57 say about robots per worker"
    outcome = world.bot.service.respond(question, addressed=False).outcome
    assert not outcome.answered and outcome.score >= world.bot.settings.records.near_miss_score
    assert await world.say(question, world.answers) == []
    embed = await curate(world, "!unanswered")
    assert "robots per worker" in embed.description


# ----- !stats ------------------------------------------------------------------------------------------------------


async def test_stats_count_the_questions_and_the_most_used_entry(world):
    assert (await curate(world, "!stats")).title == "No questions yet"
    for _ in range(2):
        await world.say(ANSWERED, world.answers)
    await world.say("!ask what is industry 5.0")
    await ask_unanswered(world, ROBOTS)
    await world.say("lol", world.answers)  # chatter: not a question

    embed = await curate(world, "!stats")
    assert embed.title == "Question stats"
    assert embed.description.startswith("4 questions here in the last 30 days: 3 answered (75%), 1 unanswered")
    fields = {f.name: f.value for f in embed.fields}
    top = fields["Most used entries"].split("\n")
    assert top[0] == "2× Resolution 57 (`resolution-57`)"
    assert "(`industry-5-0-definition`)" in top[1]
    assert fields["Fix first (most “not helpful” votes)"] == "No “not helpful” votes."
    assert "By server" not in fields  # one server's stats


async def test_a_not_helpful_vote_puts_the_entry_under_fix_first(world, payloads):
    [answer] = await world.say(ANSWERED, world.answers)
    message = message_payload(answer, payloads[-1]["components"])
    for member, button in ((world.alice, "n"), (world.bob, "y")):
        interaction = component_interaction(world, f"ib:vote:{button}:resolution-57", message, member=member)
        await press(world, interaction)
        interaction.response.send_message.assert_awaited_once()  # type: ignore[attr-defined]

    embed = await curate(world, "!stats")
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Fix first (most “not helpful” votes)"] == "1 not helpful, 1 helpful: Resolution 57 (`resolution-57`)"


# ----- !forget -----------------------------------------------------------------------------------------------------


async def test_forget_without_confirm_deletes_nothing_and_says_how(world):
    await ask_unanswered(world, ROBOTS)
    embed = await curate(world, "!forget")
    assert embed.title == "Forget this server's records?"
    assert "`!forget confirm`" in embed.description
    assert "1 question here" in (await curate(world, "!unanswered")).description


async def test_forget_confirm_deletes_this_servers_records_only(world, payloads):
    store = world.bot.service.store
    await store.add_question(record(OTHER_SERVER))
    await ask_unanswered(world, ROBOTS)
    [answer] = await world.say(ANSWERED, world.answers)
    interaction = component_interaction(
        world, "ib:vote:n:resolution-57", message_payload(answer, payloads[-1]["components"])
    )
    await press(world, interaction)

    embed = await curate(world, "!forget confirm")
    assert embed.title == "Records deleted"
    assert {f.name: f.value for f in embed.fields} == {"Questions": "2", "Votes": "1"}
    assert (await curate(world, "!unanswered")).title == "No unanswered questions"
    assert (await curate(world, "!stats")).title == "No questions yet"
    kept = await store.unanswered(OTHER_SERVER, None)
    assert [row.server for row in kept] == [OTHER_SERVER]


async def test_forget_keeps_the_servers_settings(world):
    await ask_unanswered(world, ROBOTS)
    await curate(world, "!config prefix ?")
    assert (await curate(world, "?forget confirm")).title == "Records deleted"
    assert world.bot.prefix_for(world.guild) == "?"


@pytest.mark.parametrize("command", ["!forget yes", "!forget CONFIRMED", "!forget please confirm"])
async def test_forget_with_anything_but_confirm_deletes_nothing(world, command):
    await ask_unanswered(world, ROBOTS)
    embed = await curate(world, command)
    assert embed.title == "Forget this server's records?"
    assert "1 question here" in (await curate(world, "!unanswered")).description


# ----- without storage ---------------------------------------------------------------------------------------------


@pytest.fixture
async def storage_down(make_world: Any, engine: Any, broken_store: Any) -> World:
    """The bot on a damaged store: it answers, and records nothing."""
    return await make_world(service=Service(make_settings(), engine, store=broken_store))


async def test_without_storage_unanswered_and_stats_explain_and_answers_still_come(storage_down):
    world = storage_down
    await ask_unanswered(world, ROBOTS)
    [answer] = await world.say(ANSWERED, world.answers)
    assert answer.embeds[0].title == "Resolution 57"
    for command in ("!unanswered", "!stats", "!forget confirm"):
        embed = await curate(world, command)
        assert embed.title == UNAVAILABLE, command
        assert "damaged" in embed.description and "The bot keeps answering" in embed.description


async def test_unanswered_csv_sends_the_to_do_list_as_a_spreadsheet(world, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # dpytest keeps each sent file in the working folder
    await ask_unanswered(world, ROBOTS)
    await ask_unanswered(world, ROBOTS_AGAIN)
    [message] = await world.say("!unanswered 30 csv", member=world.owner)
    [attachment] = message.attachments
    assert attachment.filename == "unanswered-30d.csv"
    [kept] = tmp_path.glob("dpytest_*.dat")
    sent = kept.read_bytes()
    assert sent.startswith(codecs.BOM_UTF8)  # spreadsheets then read the text as UTF-8
    rows = list(csv.DictReader(io.StringIO(sent.decode("utf-8-sig"))))
    assert [(r["count"], r["nearest_id"], r["servers"]) for r in rows] == [("2", ROBOTS_NEAREST, str(world.guild.id))]
    groups = await world.bot.service.unanswered_groups(str(world.guild.id), 30)
    assert sent.decode("utf-8-sig") == unanswered_csv(groups, world.bot.service.title_of)


async def test_unanswered_csv_without_attach_files_falls_back_to_the_list(world):
    await ask_unanswered(world, ROBOTS)
    world.deny_bot(world.general, attach_files=False)
    [message] = await world.say("!unanswered 30 csv", member=world.owner)
    assert not message.attachments
    assert message.embeds[0].title == "Unanswered questions"
    assert "No CSV: the bot may not attach files in this channel." in message.embeds[0].description


async def test_unanswered_csv_without_a_number_of_days_uses_the_default(world, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    await ask_unanswered(world, ROBOTS)
    [message] = await world.say("!unanswered csv", member=world.owner)
    [attachment] = message.attachments
    assert attachment.filename == "unanswered-30d.csv"
