"""Member text the bot shows back is the member's, as plain text: never the bot's own link, code span or ping."""

from __future__ import annotations

import pytest
from discord.ext import commands

from handlers.discord_bot.embeds import escape_member_text

LINK = "[Free Nitro, click to claim](https://evil.example/claim)"


def shown(message) -> str:
    embed = message.embeds[0]
    return "\n".join([embed.title or "", embed.description or "", *(f.name + f.value for f in embed.fields)])


def assert_inert(text: str) -> None:
    assert "[Free Nitro, click to claim](" not in text  # no masked link survives
    assert "\\[Free Nitro, click to claim\\]" in text  # the member's words are still shown, escaped


@pytest.mark.parametrize("command", ["!policy", "!quote", "!compare"])
async def test_a_masked_link_echoed_by_a_command_is_escaped(world, command):
    [reply] = await world.say(f"{command} {LINK}")
    assert_inert(shown(reply))


async def test_a_masked_link_in_an_unanswered_question_is_escaped_in_the_reply_and_the_curators_list(world):
    question = f"how many robots per worker does vietnam have {LINK}"
    [reply] = await world.say(f"{world.mention} {question}", raises=commands.CommandNotFound)
    assert "[Free Nitro, click to claim](" not in shown(reply)
    [report, *_groups] = await world.say("!unanswered", member=world.owner)
    assert_inert(shown(report))


def test_the_escape_breaks_code_spans_and_mass_mentions_until_nothing_changes():
    text = escape_member_text("`code` **bold** @everyone @@everyoneeveryone ||spoiler||")
    assert "`code`" not in text and "**bold**" not in text and "||spoiler||" not in text
    assert "@everyone" not in text and "@here" not in text
