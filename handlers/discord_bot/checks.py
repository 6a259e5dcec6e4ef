"""Who may run the curators' and admins' commands."""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands


def owner_or_manager() -> Any:
    """A check: an owner (settings.owner_ids or the application's), or a member with Manage Server.

    It works for prefix and slash invocations alike (hybrid commands run the same check).
    """

    async def predicate(ctx: commands.Context[Any]) -> bool:
        if await ctx.bot.is_owner(ctx.author):
            return True
        if isinstance(ctx.author, discord.Member) and ctx.author.guild_permissions.manage_guild:
            return True
        raise commands.MissingPermissions(["manage_guild"])

    return commands.check(predicate)
