"""Rate limits for commands and free-text answers, with the one-notice rule.

A member over a limit gets ONE short notice, then silence until the cooldown ends: a flood of "slow down"
messages would be worse than the flood it answers.
"""

from __future__ import annotations

import math
import time
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

    Servers may set their own rates (``!config cooldown``): each distinct rate has its own mapping.
    """

    def __init__(self, rate: Rate, bucket: commands.BucketType) -> None:
        self.rate = rate
        self.bucket_type = bucket
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
        bucket = self.mapping(rate or self.rate).get_bucket(target)
        if bucket is None:  # pragma: no cover - only for BucketType.default with no cooldown
            return None
        retry_after = bucket.update_rate_limit()
        return (bucket, retry_after) if retry_after else None

    def first_notice(self, target: Any, retry_after: float) -> bool:
        """True the first time ``target``'s key is over the limit in this cooldown window, False afterwards."""
        now = time.monotonic()
        self._noticed = {key: until for key, until in self._noticed.items() if until > now}
        key = self.bucket_type.get_key(target)
        if key in self._noticed:
            return False
        self._noticed[key] = now + retry_after
        return True
