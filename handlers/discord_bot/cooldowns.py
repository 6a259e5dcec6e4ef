"""Rate limits for commands and free-text answers, with the one-notice rule.

A member over a limit gets ONE short notice, then silence until the cooldown ends: a flood of "slow down"
messages would be worse than the flood it answers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from discord.ext import commands

from config import Rate
from handlers import i18n
from handlers.i18n import DEFAULT, Lang

NOTICE = i18n.text("cooldown.notice")


def notice_text(retry_after: float, lang: Lang = DEFAULT) -> str:
    return i18n.text("cooldown.notice", lang, seconds=max(1, math.ceil(retry_after)))


class Throttle:
    """discord.py ``CooldownMapping``s (``rate`` uses per ``per`` seconds, keyed by ``bucket``) plus notices.

    Servers may set their own rates (``!config cooldown``): each distinct rate has its own mapping. ``clock`` is the
    time the buckets count in (seconds; tests move it).
    """

    def __init__(self, rate: Rate, bucket: commands.BucketType, clock: Callable[[], float] = time.time) -> None:
        self.rate = rate
        self.bucket_type = bucket
        self.clock = clock
        self._mappings: dict[Rate, commands.CooldownMapping[Any]] = {}
        self._noticed: dict[Any, float] = {}

    def mapping(self, rate: Rate) -> commands.CooldownMapping[Any]:
        found = self._mappings.get(rate)
        if found is None:
            found = self._mappings[rate] = commands.CooldownMapping.from_cooldown(rate.rate, rate.per, self.bucket_type)
        return found

    def hit(self, target: Any, rate: Rate | None = None) -> tuple[commands.Cooldown, float] | None:
        """Count one use by ``target`` (a Message or Context) at ``rate`` (default: the throttle's own).

        Over the limit: (the bucket, seconds to wait).
        """
        now = self.clock()
        bucket = self.mapping(rate or self.rate).get_bucket(target, now)
        if bucket is None:  # pragma: no cover - only for BucketType.default with no cooldown
            return None
        retry_after = bucket.update_rate_limit(now)
        return (bucket, retry_after) if retry_after else None

    def flooding(self, target: Any, rate: Rate | None = None) -> bool:
        """``target``'s key was told to slow down and is still over the limit: whatever it sends now gets silence,
        so it need not be read at all. Counts nothing."""
        now = self.clock()
        key = self.bucket_type.get_key(target)
        if self._noticed.get(key, 0.0) <= now:
            return False
        bucket = self.mapping(rate or self.rate).get_bucket(target, now)
        return bucket is not None and bucket.get_retry_after(now) > 0

    def first_notice(self, target: Any, retry_after: float, rate: Rate | None = None) -> bool:
        """True the first time ``target``'s key is over the limit in a flood, False for the rest of it.

        A flood ends once its key has been within the limit for a whole period (``rate.per``) after the last time
        it was over: a member who keeps flooding gets one notice, not one a period.
        """
        now = self.clock()
        self._noticed = {key: until for key, until in self._noticed.items() if until > now}
        key = self.bucket_type.get_key(target)
        quiet_after = now + retry_after + (rate or self.rate).per
        first = key not in self._noticed
        self._noticed[key] = max(self._noticed.get(key, 0.0), quiet_after)
        return first
