"""One error handler for prefix, hybrid and slash commands. No error in a command, or in here, stops the bot.

- an unknown ``!command``: "did you mean" (``!polcy`` -> ``!policy``); silence for prefix noise (``!!!``, ``!1``)
  and for ``!words`` that look like no command of ours (another bot's, most likely), except in DMs;
- a bad or missing argument: the command's usage;
- over the command cooldown: one notice, then silence;
- a check that failed (owner only, Manage Server): "you can't use this";
- discord.Forbidden: logged, nothing sent (sending is what was forbidden);
- anything else: logged with its traceback; the member gets a short apology.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from handlers import i18n
from handlers.core.reply import Kind, Reply
from handlers.discord_bot.cooldowns import notice_text
from handlers.discord_bot.respond import ALLOWED_MENTIONS, respond, say

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

CANNOT_USE = i18n.text("error.cannot_use")
IN_A_SERVER = i18n.text("error.in_a_server")
APOLOGY = i18n.text("error.apology")

Context = commands.Context[Any]


class Errors(commands.Cog):
    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot
        self._old_tree_error: Any = None

    async def cog_load(self) -> None:
        tree = self.bot.tree
        self._old_tree_error = tree.on_error
        tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._old_tree_error  # type: ignore[method-assign]

    # ----- commands (prefix and hybrid) ------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_command_error(self, ctx: Context, error: commands.CommandError) -> None:
        try:
            await self.handle(ctx, error)
        except Exception:  # the handler itself must never take anything down
            log.exception("The error handler failed on %r", error)

    async def handle(self, ctx: Context, error: commands.CommandError) -> None:
        original: BaseException = error
        if isinstance(error, commands.CommandInvokeError | commands.HybridCommandError):
            original = error.original
        if isinstance(original, app_commands.CommandInvokeError):
            original = original.original
        lang = self.bot.lang_for(ctx.guild)

        if isinstance(original, commands.CommandNotFound):
            await self.command_not_found(ctx)
        elif isinstance(original, commands.CommandOnCooldown):
            await self.on_cooldown(ctx, original.retry_after, original.type)
        elif isinstance(original, app_commands.CommandOnCooldown):
            await self.on_cooldown(ctx, original.retry_after)
        elif isinstance(original, commands.UserInputError):
            await respond(ctx, self.usage(ctx), ephemeral=True)
        elif isinstance(original, commands.NoPrivateMessage | app_commands.NoPrivateMessage):
            await say(ctx, i18n.text("error.in_a_server", lang))
        elif isinstance(original, commands.CheckFailure | app_commands.CheckFailure):
            await say(ctx, i18n.text("error.cannot_use", lang))
        elif isinstance(original, commands.DisabledCommand):
            await say(ctx, i18n.text("error.disabled", lang))
        elif isinstance(original, discord.Forbidden):
            log.warning("Forbidden in %s (channel %s): %s", ctx.command, getattr(ctx.channel, "id", "?"), original)
        else:
            log.error(
                "Unhandled error in command %s (message: %r)",
                ctx.command,
                ctx.message.content[:200] if ctx.interaction is None else ctx.interaction.data,
                exc_info=original,
            )
            await say(ctx, i18n.text("error.apology", lang))

    async def command_not_found(self, ctx: Context) -> None:
        prefix = self.bot.prefix_for(ctx.guild)
        if ctx.prefix != prefix:
            return  # `@IndustryBot some question`: free text, answered by the answers extension
        name = ctx.invoked_with or ""
        if not name or not name[0].isalpha():
            return  # "!!!", "!1", "!?": not commands
        reply = self.bot.service.unknown_command(name, self.bot.lang_for(ctx.guild))
        if not reply.suggestions and ctx.guild is not None:
            return  # probably another bot's command: no "did you mean" for it in a shared channel
        await respond(ctx, reply)

    async def on_cooldown(
        self, ctx: Context, retry_after: float, bucket: commands.BucketType = commands.BucketType.user
    ) -> None:
        # A slash command must get a response (an ephemeral one bothers nobody); a prefix one gets one notice.
        lang = self.bot.lang_for(ctx.guild)
        if ctx.interaction is not None:
            await say(ctx, notice_text(retry_after, lang))
            return
        cooldowns = self.bot.server(ctx.guild).cooldowns
        for name, throttle in self.bot.command_throttles:
            if throttle.bucket_type == bucket:
                if throttle.first_notice(ctx, retry_after, getattr(cooldowns, name)):
                    await say(ctx, notice_text(retry_after, lang))
                return

    def usage(self, ctx: Context) -> Reply:
        command = ctx.command
        name = command.qualified_name if command else ""
        prefix, lang = self.bot.prefix_for(ctx.guild), self.bot.lang_for(ctx.guild)
        if self.bot.service.command(name) is not None:
            return self.bot.service.usage(name, lang)
        signature = f"{prefix}{name} {command.signature}".strip() if command else ""
        description = (command.help or command.description or "") if command else ""
        if i18n.has(f"cmdhelp.{name}"):
            description = i18n.text(f"cmdhelp.{name}", lang)
        body = i18n.text("usage.plain", lang, signature=signature, description=description).strip()
        return Reply(Kind.USAGE, f"{prefix}{name}", body, lang=lang)

    # ----- app commands (slash commands that are not hybrid, autocomplete, the tree itself) ---------------------

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        try:
            await self.handle_app_command(interaction, error)
        except Exception:
            log.exception("The app command error handler failed on %r", error)

    async def handle_app_command(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original: BaseException = getattr(error, "original", error)
        lang = self.bot.lang_for(interaction.guild)
        if isinstance(error, app_commands.CommandOnCooldown):  # a CheckFailure too: test it first
            text = notice_text(error.retry_after, lang)
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = i18n.text("error.in_a_server", lang)
        elif isinstance(error, app_commands.CheckFailure):
            text = i18n.text("error.cannot_use", lang)
        elif isinstance(original, discord.Forbidden):
            log.warning("Forbidden in /%s: %s", getattr(interaction.command, "name", "?"), original)
            return
        elif isinstance(error, app_commands.CommandSignatureMismatch):
            log.error("%s; run %ssync to update Discord's copy of the commands", error, self.bot.settings.prefix)
            text = i18n.text("error.changed", lang)
        else:
            log.error("Unhandled error in /%s", getattr(interaction.command, "name", "?"), exc_info=original)
            text = i18n.text("error.apology", lang)
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=ALLOWED_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=ALLOWED_MENTIONS)


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(Errors(bot))
