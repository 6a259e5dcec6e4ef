"""Free text: answered in listed channels (only when confident), when mentioned and in DMs; never for bots,
webhooks or the bot itself; never pinging anyone; within the answer cooldowns."""

from __future__ import annotations

import asyncio
import logging
import re
from unittest.mock import MagicMock

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend, factories

from config import Cooldowns, Rate
from handlers.core.engine import UNKNOWN_TEXT, Outcome
from handlers.core.reply import Kind, Reply, Suggestion
from tests.handlers.discord_bot.conftest import GENEROUS, sent
from tests.helpers import ask

QUESTION = "what is resolution 57"
NOTICE = re.compile(r"^Slow down a little: try again in (\d+) s\.$")


def test_the_question_used_here_is_one_the_engine_answers_confidently(service):
    reply = ask(service, QUESTION, addressed=False)
    assert reply is not None and reply.answered


async def test_a_listed_channel_gets_a_confident_answer_as_a_reply(world, payloads):
    expected = ask(world.bot.service, QUESTION, addressed=False)
    [message] = await world.say(QUESTION, world.answers)
    assert message.embeds[0].title == expected.title
    assert message.channel == world.answers
    assert "message_reference" in payloads[-1]  # a reply to the question
    assert payloads[-1]["allowed_mentions"] == {"parse": [], "replied_user": False}


@pytest.mark.parametrize("chatter", ["lol", "ok thanks", "thanks!", "hi everyone", "what's the weather on mars?"])
async def test_chatter_in_a_listed_channel_gets_silence(world, chatter):
    assert await world.say(chatter, world.answers) == []


async def test_every_channel_listens_with_answer_all_channels(make_world):
    world = await make_world(answer_channels=(), answer_all_channels=True)
    [message] = await world.say(QUESTION, world.general)
    assert message.embeds[0].title == ask(world.bot.service, QUESTION, addressed=False).title
    assert await world.say("lol", world.general) == []


async def test_an_unlisted_channel_needs_a_mention(world):
    assert await world.say(QUESTION, world.general) == []
    [message] = await world.say(f"{world.mention} {QUESTION}", world.general, raises=commands.CommandNotFound)
    assert message.embeds[0].title == ask(world.bot.service, QUESTION, addressed=True).title


async def test_a_mention_anywhere_in_the_message_addresses_the_bot(world):
    [message] = await world.say(f"hey {world.mention} {QUESTION}", world.general)
    assert message.embeds[0].title == ask(world.bot.service, QUESTION, addressed=True).title


async def test_mentioned_with_an_unknown_question_says_i_dont_know(world):
    question = "cobots on assembly lines?"
    assert await world.say(question, world.answers) == []  # unaddressed: silence
    [message] = await world.say(f"{world.mention} {question}", world.general, raises=commands.CommandNotFound)
    assert message.embeds[0].title == UNKNOWN_TEXT
    assert message.embeds[0].colour.value == world.bot.settings.colours.for_kind("unknown")


async def test_a_bare_mention_gets_help(world):
    [message] = await world.say(world.mention, world.general)
    assert message.embeds[0].title == ask(world.bot.service, "!help").title


async def test_a_mention_followed_by_a_command_runs_the_command_once(world):
    [message] = await world.say(f"{world.mention} policy resolution 57", world.general)
    assert message.embeds[0].title == "Resolution 57"


async def test_a_prefix_command_in_a_listed_channel_is_answered_once(world):
    assert len(await world.say("!policy resolution 57", world.answers)) == 1
    [message] = await world.say("!polcy", world.answers, raises=commands.CommandNotFound)
    assert message.embeds[0].title == "Unknown command"


async def test_a_dm_is_always_addressed(world):
    dm = await world.alice.create_dm()
    await dpytest.message(QUESTION, channel=dm, member=world.alice)
    [answer] = sent()
    assert answer.embeds[0].title == ask(world.bot.service, QUESTION, addressed=True).title
    await dpytest.message("cobots on assembly lines?", channel=dm, member=world.alice)
    [unknown] = sent()
    assert unknown.embeds[0].title == UNKNOWN_TEXT


async def test_other_bots_are_ignored(world):
    data = factories.make_user_dict("otherbot", "0042", None, bot=True)
    other = backend.make_member(backend.get_state().store_user(data), world.guild)
    assert other.bot
    assert await world.say(QUESTION, world.answers, member=other) == []
    assert await world.say(f"{world.mention} {QUESTION}", world.general, member=other) == []


async def test_the_bot_ignores_itself(world):
    assert await world.say(QUESTION, world.answers, member=world.me) == []


async def test_webhooks_are_ignored(world):
    data = factories.make_message_dict(
        world.answers, world.alice, content=QUESTION, guild_id=world.guild.id, webhook_id=factories.make_id()
    )
    backend.get_state().parse_message_create(data)
    await dpytest.run_all_events()
    assert sent() == []


@pytest.mark.parametrize("bot_wide", ["ours", "permissive"])
async def test_no_reply_can_ping_anyone_whatever_it_contains(world, payloads, monkeypatch, bot_wide):
    if bot_wide == "permissive":  # every send passes its own allowed_mentions, not only the bot-wide default
        world.bot.allowed_mentions = discord.AllowedMentions.all()
    role = backend.make_role("staff", world.guild)
    evil = f"@everyone @here <@&{role.id}> <@{world.bob.id}> look"
    reply = Reply(Kind.FACT, evil, evil, items=(evil,), suggestions=(Suggestion(evil),), answered=True)
    monkeypatch.setattr(world.bot.service.engine, "respond", lambda text, *, addressed, lang="en": Outcome(reply))

    [with_embed] = await world.say(QUESTION, world.answers)
    world.deny_bot(world.answers, embed_links=False)
    [as_text] = await world.say(QUESTION, world.answers)

    assert with_embed.embeds and with_embed.embeds[0].title == evil
    assert "@everyone" in as_text.content and f"<@&{role.id}>" in as_text.content  # the text is there...
    assert len(payloads) == 2
    for payload in payloads:  # ...but Discord is told to ping nobody
        assert payload["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_a_channel_the_bot_cannot_write_in_is_survived_quietly(world):
    world.deny_bot(world.answers, send_messages=False)
    assert await world.say(QUESTION, world.answers) == []


async def test_without_read_message_history_the_answer_is_sent_without_a_reference(world, payloads):
    world.deny_bot(world.answers, read_message_history=False)
    [message] = await world.say(QUESTION, world.answers)
    assert message.embeds and "message_reference" not in payloads[-1]


# ----- cooldowns ---------------------------------------------------------------------------------------------------


def answers_limited(per_user: Rate = GENEROUS, per_channel: Rate = GENEROUS) -> Cooldowns:
    return Cooldowns(commands_per_user=GENEROUS, answers_per_user=per_user, answers_per_channel=per_channel)


async def test_over_the_per_member_limit_one_notice_then_silence(make_world):
    world = await make_world(cooldowns=answers_limited(per_user=Rate(rate=2, per=60)))
    replies = [await world.say(QUESTION, world.answers) for _ in range(6)]
    assert [len(r) for r in replies] == [1, 1, 1, 0, 0, 0]
    assert replies[0][0].embeds and replies[1][0].embeds
    notice = NOTICE.match(replies[2][0].content)
    assert notice and 1 <= int(notice.group(1)) <= 60
    # Another member is not limited by alice's use.
    [for_bob] = await world.say(QUESTION, world.answers, member=world.bob)
    assert for_bob.embeds


async def test_a_flood_after_its_notice_costs_no_matching(make_world, monkeypatch):
    """Once told to slow down, a member's messages are not even read until the cooldown ends; others' still are."""
    world = await make_world(cooldowns=answers_limited(per_user=Rate(rate=2, per=60)))
    service = world.bot.service
    read: list[str] = []
    respond = service.respond

    def counting(text: str, **kwargs):
        read.append(text)
        return respond(text, **kwargs)

    monkeypatch.setattr(service, "respond", counting)
    replies = [await world.say(QUESTION, world.answers) for _ in range(8)]
    assert [len(r) for r in replies] == [1, 1, 1, 0, 0, 0, 0, 0]
    assert len(read) == 3  # two answers and the one that drew the notice
    assert (await world.say(QUESTION, world.answers, member=world.bob))[0].embeds
    assert len(read) == 4


async def test_over_the_per_channel_limit_one_notice_then_silence(make_world):
    world = await make_world(cooldowns=answers_limited(per_channel=Rate(rate=2, per=60)))
    assert len(await world.say(QUESTION, world.answers)) == 1
    assert len(await world.say(QUESTION, world.answers, member=world.bob)) == 1
    [notice] = await world.say(QUESTION, world.answers)
    assert NOTICE.match(notice.content)
    assert await world.say(QUESTION, world.answers, member=world.bob) == []
    assert await world.say(QUESTION, world.answers) == []


async def test_chatter_does_not_use_up_the_limit(make_world):
    world = await make_world(cooldowns=answers_limited(per_user=Rate(rate=1, per=60)))
    for _ in range(5):
        assert await world.say("lol", world.answers) == []
    [answer] = await world.say(QUESTION, world.answers)
    assert answer.embeds


async def test_answers_resume_when_the_cooldown_ends(make_world):
    world = await make_world(cooldowns=answers_limited(per_user=Rate(rate=1, per=0.3)))
    assert (await world.say(QUESTION, world.answers))[0].embeds
    assert NOTICE.match((await world.say(QUESTION, world.answers))[0].content)
    assert await world.say(QUESTION, world.answers) == []
    await asyncio.sleep(0.35)
    assert (await world.say(QUESTION, world.answers))[0].embeds


async def test_commands_have_their_own_per_member_limit(make_world):
    world = await make_world(cooldowns=Cooldowns(commands_per_user=Rate(rate=2, per=60)))
    got = [len(await world.say("!about")) for _ in range(2)]
    got += [len(await world.say("!about", raises=commands.CommandOnCooldown)) for _ in range(3)]
    assert got == [1, 1, 1, 0, 0]
    assert (await world.say("!about", member=world.bob))[0].embeds


async def test_the_command_cooldown_notice_is_one_short_line(make_world, payloads):
    world = await make_world(cooldowns=Cooldowns(commands_per_user=Rate(rate=1, per=60)))
    await world.say("!about")
    [notice] = await world.say("!about", raises=commands.CommandOnCooldown)
    assert NOTICE.match(notice.content) and not notice.embeds
    assert payloads[-1]["allowed_mentions"] == {"parse": [], "replied_user": False}


def test_a_dm_has_no_guild_permissions_to_check():
    from handlers.discord_bot.respond import bot_permissions

    perms = bot_permissions(object(), None)
    assert perms.send_messages and perms.embed_links and isinstance(perms, discord.Permissions)


async def test_only_answers_that_were_sent_are_recorded(make_world):
    """Ten identical questions over the limit: two answers sent, two rows recorded, not ten."""
    world = await make_world(cooldowns=answers_limited(per_user=Rate(rate=2, per=60)))
    sent = [len(await world.say(QUESTION, world.answers)) for _ in range(10)]
    assert sum(1 for r in sent if r) == 3  # two answers and one notice
    stats = await world.bot.service.store.stats(None, None)
    assert stats.asked == 2 and stats.answered == 2


@pytest.mark.parametrize("status", [404, 500, 503])
async def test_an_http_error_while_answering_is_a_warning_not_a_traceback(world, monkeypatch, caplog, status):
    """The question deleted before the reply (404), Discord failing after its retries (5xx): logged, nothing raised,
    and not recorded as answered."""
    import handlers.discord_bot.exts.answers as answers_ext

    async def fails(*args, **kwargs):
        raise discord.HTTPException(MagicMock(status=status, reason="nope"), "nope")

    monkeypatch.setattr(answers_ext, "answer", fails)
    with caplog.at_level(logging.WARNING):
        assert await world.say(QUESTION, world.answers) == []
    assert any("Could not answer" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)
    assert (await world.bot.service.store.stats(None, None)).answered == 0
