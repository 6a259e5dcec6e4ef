"""The rate limit and the one-notice rule, on their own."""

from __future__ import annotations

from discord.ext import commands

from config import Rate
from handlers.discord_bot.cooldowns import Throttle, notice_text
from tests.helpers import MockMember, MockMessage, MockTextChannel


def message_by(member: MockMember, channel: MockTextChannel | None = None) -> MockMessage:
    return MockMessage(author=member, channel=channel or MockTextChannel())


def test_the_limit_allows_rate_uses_then_says_how_long_to_wait():
    throttle = Throttle(Rate(rate=3, per=60), commands.BucketType.user)
    alice = MockMember()
    results = [throttle.hit(message_by(alice)) for _ in range(4)]
    assert results[:3] == [None, None, None]
    bucket, retry_after = results[3]
    assert 0 < retry_after <= 60 and bucket.rate == 3 and bucket.per == 60
    assert throttle.hit(message_by(MockMember())) is None  # per member


def test_one_notice_per_key_per_flood():
    now = [1000.0]
    throttle = Throttle(Rate(rate=1, per=60), commands.BucketType.channel, clock=lambda: now[0])
    channel = MockTextChannel()
    first, second = message_by(MockMember(), channel), message_by(MockMember(), channel)
    assert throttle.first_notice(first, 30)
    assert not throttle.first_notice(second, 30)  # same channel, same flood
    assert throttle.first_notice(message_by(MockMember()), 30)  # another channel
    now[0] += 31  # a new window, but the flood goes on: no second notice
    assert not throttle.first_notice(first, 59)
    now[0] += 59 + 60 + 1  # quiet for a whole period after the last time over: a new flood, a new notice
    assert throttle.first_notice(first, 30)


def test_the_notice_rounds_up_whole_seconds():
    assert notice_text(0.2) == "Slow down a little: try again in 1 s."
    assert notice_text(12.01) == "Slow down a little: try again in 13 s."
