"""The engine's commands as hybrid commands: each works as ``!policy NAME`` and as ``/policy name:NAME``.

Every callback takes the rest of the line as one keyword-only string and calls ``service.run(name, text)``: one path
for prefix and slash, the same as the console's (lookups are recorded for the curators). Slash arguments
autocomplete from the engine. An ``ask`` answer carries the helpful / not helpful buttons, as free text does.
Replies are in the server's language (``!config language``); slash descriptions are translated by the tree's
translator (``handlers.discord_bot.translator``) from the English ones here, which come from the catalogue.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from handlers import i18n
from handlers.core.reply import Field
from handlers.discord_bot.respond import respond
from handlers.i18n import DEFAULT, Lang
from handlers.service import Service

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

MAX_CHOICES = 25  # Discord shows at most 25 autocomplete choices
CHOICE_LENGTH = 100  # a choice's name and value are at most 100 characters

ON_DISCORD = "Every command also works as a slash command, and you can mention me with a question."

Context = commands.Context[Any]
Choices = list[app_commands.Choice[str]]


def _meta(name: str) -> dict[str, Any]:
    """Name, aliases and description of a command, from the Service's command registry."""
    command = next(c for c in Service.commands if c.name == name)
    return {
        "name": command.name,
        "aliases": list(command.aliases),
        "description": command.description[:100],
        "help": f"{command.description}\nExample: {command.example}",
    }


def managers_field(prefix: str, lang: Lang = DEFAULT) -> Field:
    """What `help` adds for members with Manage Server: the curators' and settings commands."""
    lines = (i18n.text(f"managers.{name}", lang, prefix=prefix) for name in ("unanswered", "stats", "config", "forget"))
    return Field(i18n.text("managers.title", lang), "\n".join(lines))


def choices(values: list[str]) -> Choices:
    return [app_commands.Choice(name=v[:CHOICE_LENGTH], value=v[:CHOICE_LENGTH]) for v in values[:MAX_CHOICES]]


class Commands(commands.Cog):
    """help, policy, quote, compare, ask, sources, about."""

    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot

    async def run(self, ctx: Context, name: str, text: str | None) -> None:
        bot = self.bot
        prefix, lang = bot.prefix_for(ctx.guild), bot.lang_for(ctx.guild)
        where = bot.where(ctx.guild, ctx.channel, ctx.author)
        turn = bot.service.execute(name, text or "", where=where, prefix=prefix, lang=lang)
        reply = turn.reply
        assert reply is not None  # a known command always replies
        if name == "help" and not text:
            reply = replace(reply, body=f"{reply.body} {i18n.text('help.on_discord', lang)}")
            if isinstance(ctx.author, discord.Member) and ctx.author.guild_permissions.manage_guild:
                reply = replace(reply, fields=(*reply.fields, managers_field(prefix, lang)))
        sent = False
        try:
            sent = await respond(ctx, reply, votes=name == "ask") is not None or ctx.interaction is not None
        finally:
            await bot.service.done(turn, sent=sent)

    def complete(self, what: str, typed: str) -> Choices:
        return choices(self.bot.service.complete(what, typed, limit=MAX_CHOICES))

    # ----- commands ------------------------------------------------------------------------------------------

    @commands.hybrid_command(**_meta("help"))
    @app_commands.describe(command=i18n.text("slash.help.command"))
    async def help(self, ctx: Context, *, command: str | None = None) -> None:
        await self.run(ctx, "help", command)

    @commands.hybrid_command(**_meta("policy"))
    @app_commands.describe(name=i18n.text("slash.policy.name"))
    async def policy(self, ctx: Context, *, name: str | None = None) -> None:
        await self.run(ctx, "policy", name)

    @commands.hybrid_command(**_meta("quote"))
    @app_commands.describe(speaker=i18n.text("slash.quote.speaker"))
    async def quote(self, ctx: Context, *, speaker: str | None = None) -> None:
        await self.run(ctx, "quote", speaker)

    @commands.hybrid_command(**_meta("compare"))
    @app_commands.describe(things=i18n.text("slash.compare.things"))
    async def compare(self, ctx: Context, *, things: str | None = None) -> None:
        await self.run(ctx, "compare", things)

    @commands.hybrid_command(**_meta("ask"))
    @app_commands.describe(question=i18n.text("slash.ask.question"))
    async def ask(self, ctx: Context, *, question: str) -> None:
        await self.run(ctx, "ask", question)

    @commands.hybrid_command(**_meta("sources"))
    async def sources(self, ctx: Context) -> None:
        await self.run(ctx, "sources", None)

    @commands.hybrid_command(**_meta("about"))
    async def about(self, ctx: Context) -> None:
        await self.run(ctx, "about", None)

    # ----- autocomplete --------------------------------------------------------------------------------------

    @help.autocomplete("command")
    async def help_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        typed = current.strip().removeprefix("/").removeprefix(self.bot.prefix_for(interaction.guild)).casefold()
        names = [c.name for c in self.bot.service.commands]
        starts = [n for n in names if n.startswith(typed)]
        inside = [n for n in names if typed in n and n not in starts]
        return choices(starts + inside)

    @policy.autocomplete("name")
    async def policy_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        return self.complete("policy", current)

    @quote.autocomplete("speaker")
    async def quote_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        return self.complete("speaker", current)

    @compare.autocomplete("things")
    async def compare_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        return self.complete("compare", current)


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(Commands(bot))
