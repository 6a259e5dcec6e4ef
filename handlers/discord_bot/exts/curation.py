"""The curators' commands (Manage Server): what went unanswered, how the base is used, and forgetting a server.

- ``!unanswered [days] [csv]``: this server's unanswered questions, similar ones grouped, most asked first, each
  with its nearest entry: the to-do list for the knowledge base; ``csv`` sends it as a spreadsheet file.
- ``!stats [days]``: questions asked, answer rate, the most used entries and the most "not helpful" ones.
- ``!forget confirm``: delete every question and vote recorded for this server.
- Under ``!unanswered``, the first groups each get "Link to <nearest entry>", "Link to..." and "Dismiss" (see
  handlers/discord_bot/teach.py); ``!link "wording" ENTRY`` (``/link``, with autocomplete over the entries) links
  any wording. Linking is for the bot's owners and ``curator_ids`` only: it changes answers in every server.

Records older than ``records.retention_days`` are pruned on start and once a day.
As slash commands their replies are ephemeral: members' questions are shown only to the curator who asked.
Reports, CSV headers included, are in the server's language (``!config language``).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from config import DEFAULT_DAYS, MAX_DAYS, in_days_range
from handlers import i18n
from handlers.core.reply import Field, Kind, Reply
from handlers.curation import Group, unanswered_csv
from handlers.discord_bot.checks import in_a_server, may_link, owner_or_curator, owner_or_manager
from handlers.discord_bot.respond import ALLOWED_MENTIONS, respond
from handlers.discord_bot.teach import TEACHING_ITEMS, group_card, group_view, who
from handlers.teaching import SYNC_SECONDS

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

Context = commands.Context[Any]
Days = commands.Range[int, 1, MAX_DAYS]
TEACH_GROUPS = 5  # groups of `!unanswered` shown with their Link / Dismiss buttons, most asked first


class Curation(commands.Cog):
    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot

    async def cog_check(self, ctx: Context) -> bool:  # type: ignore[override]
        return in_a_server(ctx)

    async def cog_load(self) -> None:
        self.prune_daily.start()
        self.bot.add_dynamic_items(*TEACHING_ITEMS)
        self.sync_learned.start()

    async def cog_unload(self) -> None:
        self.prune_daily.cancel()
        self.bot.remove_dynamic_items(*TEACHING_ITEMS)
        self.sync_learned.cancel()

    @tasks.loop(seconds=SYNC_SECONDS)
    async def sync_learned(self) -> None:
        """Read the learned wordings again: another process (`bot.py link`, a shard on SQLite) may have linked."""
        if self.sync_learned.current_loop == 0:
            return  # opening the store has just read them
        await self.bot.service.sync_learned()

    @sync_learned.error
    async def sync_failed(self, error: BaseException) -> None:  # pragma: no cover - the store never raises
        log.exception("Reading the learned wordings failed", exc_info=error)

    @tasks.loop(hours=24)
    async def prune_daily(self) -> None:
        if self.prune_daily.current_loop == 0:
            return  # opening the store has just pruned
        await self.bot.service.prune()

    @prune_daily.error
    async def prune_failed(self, error: BaseException) -> None:  # pragma: no cover - the store never raises
        log.exception("Pruning old records failed", exc_info=error)

    @commands.hybrid_command(
        name="unanswered", help=i18n.text("cmdhelp.unanswered"), description=i18n.text("slash.unanswered")
    )
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(days=i18n.text("slash.unanswered.days"), export=i18n.text("slash.unanswered.export"))
    async def unanswered(self, ctx: Context, days: int | None = None, export: Literal["csv"] | None = None) -> None:
        assert ctx.guild is not None
        # Optional, so that `!unanswered csv` skips it; the range is checked here, as a Range converter would make
        # `!unanswered 0` skip it too and quietly show 30 days.
        if days is not None and not in_days_range(days):
            raise commands.RangeError(days, 1, MAX_DAYS)
        days = days or DEFAULT_DAYS
        service = self.bot.service
        server = str(ctx.guild.id)
        lang = self.bot.lang_for(ctx.guild)
        can_attach = ctx.interaction is not None or ctx.bot_permissions.attach_files
        if export == "csv" and service.storage_readable and can_attach:
            groups = await service.unanswered_groups(server, days)
            csv = unanswered_csv(groups, service.titles(lang), lang)
            data = csv.encode("utf-8-sig")  # the BOM: spreadsheets read UTF-8
            file = discord.File(io.BytesIO(data), filename=f"unanswered-{days}d.csv")
            text = i18n.text("unanswered.csv_message", lang, count=len(groups), days=days)
            await ctx.send(text, file=file, ephemeral=True, allowed_mentions=ALLOWED_MENTIONS)
            return
        review = await service.review_unanswered(server, days)  # once: the report and the cards share it
        reply = await service.unanswered_report(server, days, lang=lang, review=review)
        if export == "csv" and not can_attach:
            reply = replace(reply, body=reply.body + i18n.text("unanswered.no_csv", lang))
        await respond(ctx, reply, ephemeral=True)
        if export is None and reply.kind is Kind.LIST:
            await self.teaching_cards(ctx, review.open)

    async def teaching_cards(self, ctx: Context, groups: Sequence[Group]) -> None:
        """The first groups, one message each, with their Link / Dismiss buttons."""
        if ctx.interaction is None and not ctx.bot_permissions.send_messages:
            return
        service, lang = self.bot.service, self.bot.lang_for(ctx.guild)
        can_link = await may_link(self.bot, ctx.author)
        for group in groups[:TEACH_GROUPS]:
            view = group_view(self.bot, group, can_link=can_link, lang=lang)
            card = group_card(group, service.title_of, lang)
            await ctx.send(card, view=view, ephemeral=True, allowed_mentions=NO_PINGS)

    @commands.hybrid_command(
        name="link",
        help='Teach the bot: `link "wording" entry-id` makes the wording one of the entry\'s phrasings, in every '
        "server (the bot's owners and curators only).",
        description=i18n.text("slash.link.description"),
    )
    @commands.guild_only()
    @owner_or_curator()
    @app_commands.describe(wording=i18n.text("slash.link.wording"), entry=i18n.text("slash.link.entry"))
    async def link(self, ctx: Context, wording: str, entry: str) -> None:
        reply = await self.bot.service.learn(wording, entry, by=who(ctx.author), lang=self.bot.lang_for(ctx.guild))
        if reply.kind is not Kind.ERROR:
            log.info("%s linked %r to %s", who(ctx.author), wording, entry)
        await respond(ctx, reply, ephemeral=True)

    @link.autocomplete("entry")
    async def link_entry_autocomplete(self, interaction: discord.Interaction, current: str) -> Choices:
        found = self.bot.service.entry_choices(current, 25)
        return [app_commands.Choice(name=_choice(f"{title} ({entry_id})"), value=entry_id) for title, entry_id in found]

    @commands.hybrid_command(name="stats", help=i18n.text("cmdhelp.stats"), description=i18n.text("slash.stats"))
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(days=i18n.text("slash.stats.days"))
    async def stats(self, ctx: Context, days: Days = DEFAULT_DAYS) -> None:
        assert ctx.guild is not None
        reply = await self.bot.service.stats_report(str(ctx.guild.id), days, lang=self.bot.lang_for(ctx.guild))
        await respond(ctx, reply, ephemeral=True)

    @commands.hybrid_command(name="forget", help=i18n.text("cmdhelp.forget"), description=i18n.text("slash.forget"))
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(confirm=i18n.text("slash.forget.confirm"))
    async def forget(self, ctx: Context, confirm: Literal["confirm"] | None = None) -> None:
        assert ctx.guild is not None
        prefix, lang = self.bot.prefix_for(ctx.guild), self.bot.lang_for(ctx.guild)
        service = self.bot.service
        if confirm is None:
            body = i18n.text("forget.body", lang, prefix=prefix)
            await respond(ctx, Reply(Kind.INFO, i18n.text("forget.title", lang), body, lang=lang), ephemeral=True)
            return
        gone = await service.forget(str(ctx.guild.id))
        if gone is None:
            await respond(ctx, service.unavailable(lang), ephemeral=True)
            return
        log.info("%s deleted the records of %s (%s): %s", ctx.author, ctx.guild, ctx.guild.id, gone)
        fields = (
            Field(i18n.text("forget.questions", lang), str(gone.questions), inline=True),
            Field(i18n.text("forget.votes", lang), str(gone.votes), inline=True),
        )
        title, body = i18n.text("forget.done_title", lang), i18n.text("forget.done", lang)
        reply = Reply(Kind.INFO, title, body, fields=fields, lang=lang)
        await respond(ctx, reply, ephemeral=True)


Choices = list[app_commands.Choice[str]]
NO_PINGS = discord.AllowedMentions.none()


def _choice(text: str) -> str:
    return text if len(text) <= 100 else text[:99] + "…"


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(Curation(bot))
