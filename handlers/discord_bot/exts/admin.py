"""Owner commands: ``!sync`` registers the slash commands with Discord, ``!reload`` re-reads the knowledge base
(in every process of the bot, when they share a PostgreSQL store).

Slash commands are never synced on start (syncing is rate-limited and rarely needed): an owner runs ``!sync`` in a
server while trying the bot there (instant), then ``!sync global`` once (all servers, may take a while to show).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Literal

from discord.ext import commands

from handlers import i18n
from handlers.core.reply import Kind
from handlers.discord_bot.checks import owner_or_manager
from handlers.discord_bot.respond import respond, say

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

Context = commands.Context[Any]


class Admin(commands.Cog):
    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot

    @commands.command(name="sync", help=i18n.text("cmdhelp.sync"))
    @commands.is_owner()
    async def sync(self, ctx: Context, scope: Literal["guild", "global", "clear"] = "guild") -> None:
        """Register the slash commands, with their Vietnamese descriptions (the tree's translator)."""
        tree, lang = self.bot.tree, self.bot.lang_for(ctx.guild)
        if scope == "global":
            synced = await tree.sync()
            await say(ctx, i18n.text("sync.global", lang, count=len(synced)))
            log.info("%s synced %d slash command(s) globally", ctx.author, len(synced))
            return
        if ctx.guild is None:
            await say(ctx, i18n.text("sync.where", lang, prefix=ctx.prefix))
            return
        if scope == "clear":
            tree.clear_commands(guild=ctx.guild)
            await tree.sync(guild=ctx.guild)
            await say(ctx, i18n.text("sync.cleared", lang))
            log.info("%s cleared the slash commands of %s (%s)", ctx.author, ctx.guild, ctx.guild.id)
            return
        tree.copy_global_to(guild=ctx.guild)
        synced = await tree.sync(guild=ctx.guild)
        await say(ctx, i18n.text("sync.guild", lang, count=len(synced)))
        log.info("%s synced %d slash command(s) to %s (%s)", ctx.author, len(synced), ctx.guild, ctx.guild.id)

    @commands.command(name="reload", help=i18n.text("cmdhelp.reload"))
    @owner_or_manager()
    async def reload(self, ctx: Context) -> None:
        reply = await asyncio.to_thread(self.bot.service.reload, self.bot.lang_for(ctx.guild))
        log.info("%s reloaded the knowledge base: %s", ctx.author, reply.title)
        if reply.kind is not Kind.ERROR:  # every other process on the same database reloads too
            await self.bot.service.announce_reload()
        await respond(ctx, reply)


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(Admin(bot))
