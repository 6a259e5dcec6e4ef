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


def in_a_server(ctx: commands.Context[Any]) -> bool:
    """A cog-wide check (``cog_check``) for commands that only make sense in a server.

    It runs before the commands' own checks, so in a DM everyone, owner or not, is told where the command works.
    ``@commands.guild_only()`` alone may run after the permission check: discord.py reverses a command's checks
    each time it copies the command, as adding the cog does, so their order cannot be relied on.
    """
    if ctx.guild is None:
        raise commands.NoPrivateMessage()
    return True


async def may_link(bot: Any, user: discord.abc.User) -> bool:
    """Linking changes answers in every server: the bot's owners and settings.curator_ids only."""
    return user.id in bot.settings.curator_ids or await bot.is_owner(user)


def owner_or_curator() -> Any:
    """A check: an owner, or a user listed in settings.curator_ids (``may_link``)."""

    async def predicate(ctx: commands.Context[Any]) -> bool:
        if await may_link(ctx.bot, ctx.author):
            return True
        raise commands.CheckFailure("only the bot's owners and curators (curator_ids) may link")

    return commands.check(predicate)
