"""Cooldowns that fit people, on the shipped defaults: a member trying the bot out is never throttled; a flood gets
a couple of dozen replies at most and one notice; other members are served throughout; a server's own limits hold.

Time is a fake clock moved by the test, so a minute of use runs in a moment.
"""

from __future__ import annotations

import re

from discord.ext import commands

from config import Cooldowns, Rate
from tests.handlers.discord_bot.conftest import World

NOTICE = re.compile(r"^Slow down a little: try again in \d+ s\.$")
QUESTION = "what is resolution 57"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def fake_time(world: World) -> Clock:
    clock = Clock()
    for throttle in (*(t for _, t in world.bot.command_throttles), *(t for _, t in world.bot.answer_throttles)):
        throttle.clock = clock
    return clock


async def send(world: World, text: str, member: object = None) -> list[object]:
    """One message by ``member`` (alice): a command in #general, a question in #answers."""
    if text.startswith("!"):
        try:
            return await world.say(text, world.general, member)
        except commands.CommandOnCooldown:
            from tests.handlers.discord_bot.conftest import sent

            return sent()
    return await world.say(text, world.answers, member)


def notices(messages: list[object]) -> int:
    return sum(1 for m in messages if NOTICE.match(getattr(m, "content", "") or ""))


def test_the_defaults_are_robodannys_spam_control():
    cooldowns = Cooldowns()
    assert cooldowns.commands_per_user == cooldowns.answers_per_user == Rate(rate=10, per=12)
    assert cooldowns.answers_per_channel.rate > cooldowns.answers_per_user.rate
    assert cooldowns.commands_per_channel.rate > cooldowns.commands_per_user.rate


async def test_a_member_exploring_for_a_minute_is_never_throttled(make_world):
    world = await make_world(cooldowns=Cooldowns())
    clock = fake_time(world)
    tries = ["!about", "!policy resolution 57", QUESTION, "!quote santiago", "!help compare", "!sources"]
    replies = []
    for i in range(26):  # a command or a question every 2.3 seconds for a minute
        replies.append(await send(world, tries[i % len(tries)]))
        clock.now += 2.3
    assert all(len(r) >= 1 for r in replies)
    assert notices([m for r in replies for m in r]) == 0


async def test_a_flood_gets_two_dozen_replies_at_most_one_notice_and_others_are_served(make_world):
    world = await make_world(cooldowns=Cooldowns())
    clock = fake_time(world)
    alices: list[object] = []
    for i in range(100):  # a hundred questions in twenty seconds
        alices += await send(world, QUESTION)
        if i % 10 == 5:
            [for_bob] = await send(world, QUESTION, world.bob)  # bob asks in the same channel meanwhile
            assert for_bob.embeds  # type: ignore[attr-defined]
        clock.now += 0.2
    answers = [m for m in alices if m.embeds]  # type: ignore[attr-defined]
    assert 10 <= len(answers) <= 24
    assert notices(alices) == 1


async def test_a_command_flood_too(make_world):
    world = await make_world(cooldowns=Cooldowns())
    clock = fake_time(world)
    got: list[object] = []
    for _ in range(100):
        got += await send(world, "!about")
        clock.now += 0.2
    assert 10 <= len([m for m in got if m.embeds]) <= 24  # type: ignore[attr-defined]
    assert notices(got) == 1
    [for_bob] = await send(world, "!about", world.bob)
    assert for_bob.embeds  # type: ignore[attr-defined]


async def test_the_channel_cap_for_commands(make_world):
    world = await make_world(cooldowns=Cooldowns(commands_per_channel=Rate(rate=3, per=60)))
    fake_time(world)
    got = [len(await send(world, "!about", member)) for member in (world.alice, world.bob, world.alice)]
    assert got == [1, 1, 1]
    [notice] = await send(world, "!about", world.bob)
    assert NOTICE.match(notice.content)  # type: ignore[attr-defined]
    assert await send(world, "!about", world.alice) == []  # one notice for the channel


async def test_a_servers_own_limit_still_holds(make_world):
    world = await make_world(cooldowns=Cooldowns())
    fake_time(world)
    await world.bot.servers.set_cooldown(world.guild.id, "answers_per_user", Rate(rate=2, per=60))
    got = [await send(world, QUESTION) for _ in range(4)]
    assert [len(g) for g in got] == [1, 1, 1, 0]
    assert NOTICE.match(got[2][0].content)  # type: ignore[attr-defined]
