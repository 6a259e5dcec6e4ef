"""``!config`` (Manage Server): show and set this server's prefix, listening mode, answer channels, cooldowns and
the language the bot speaks.

    !config                          show the settings in force, and which are this server's own
    !config prefix ?                 a prefix of its own (mentioning the bot always works too)
    !config listen channels          mentions | channels | everywhere
    !config channel add #questions   add | remove | clear the answer channels
    !config cooldown answers_per_user 4 60     4 answers a member per 60 seconds
    !config language vi              en | vi: help, replies, buttons, reports in that language
    !config reset prefix             back to the default: prefix | listen | channels | cooldowns | language | all

Stored per server; ``config/settings.yaml`` gives the defaults. As slash commands: ``/config show`` and so on.
Every reply here is in the server's language (after ``!config language``, already in the new one).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from config import Rate
from handlers import i18n
from handlers.core.reply import Field, Kind, Reply
from handlers.discord_bot.checks import in_a_server, owner_or_manager
from handlers.discord_bot.respond import respond
from handlers.discord_bot.server_settings import (
    COOLDOWN_NAMES,
    KEYS,
    MAX_CHANNELS,
    Listen,
    SettingError,
    validate,
)
from handlers.i18n import Lang

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

Context = commands.Context[Any]
CooldownName = Literal["commands_per_user", "answers_per_user", "answers_per_channel", "commands_per_channel"]
assert all(i18n.has(f"cooldown.{name}") for name in COOLDOWN_NAMES)


def language_note(lang: Lang) -> str:
    return i18n.text("config.language_set", lang, name=i18n.text(f"language.{lang}", lang))


class ServerConfig(commands.Cog):
    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot

    async def cog_check(self, ctx: Context) -> bool:  # type: ignore[override]
        return in_a_server(ctx)

    def lang(self, ctx: Context) -> Lang:
        return self.bot.lang_for(ctx.guild)

    # ----- show --------------------------------------------------------------------------------------------

    @commands.hybrid_group(
        name="config", fallback="show", description=i18n.text("slash.config"), help=i18n.text("cmdhelp.config")
    )
    @commands.guild_only()
    @owner_or_manager()
    async def config(self, ctx: Context) -> None:
        words = ctx.message.content[len(ctx.prefix or "") :].split() if ctx.interaction is None else []
        typed = words[1] if len(words) > 1 else None  # (a hybrid group's fallback leaves subcommand_passed unset)
        if typed and typed.casefold() != "show":  # `!config chanel add #x`: a typo
            names = [c.name for c in self.config.commands]
            guess = process.extractOne(typed.casefold(), names, scorer=fuzz.ratio, score_cutoff=60)
            lang = self.lang(ctx)
            hint = (
                i18n.text("config.did_you_mean", lang, prefix=self.bot.prefix_for(ctx.guild), guess=guess[0])
                if guess
                else ""
            )
            text = i18n.text("config.no_setting", lang, typed=typed[:30], names=", ".join(names))
            await self.refuse(ctx, text + hint)
            return
        await respond(ctx, self.card(ctx), ephemeral=True)

    def card(self, ctx: Context, title: str | None = None, note: str = "") -> Reply:
        assert ctx.guild is not None
        s = self.bot.server(ctx.guild)
        prefix, lang = s.prefix, s.language

        def name(label: str, key: str) -> str:
            return i18n.text(label, lang) + i18n.text(
                "config.set_here" if key in s.overridden else "config.default", lang
            )

        channels = ", ".join(f"<#{c}>" for c in s.channels if ctx.guild.get_channel_or_thread(c))
        channels = channels or i18n.text("config.channels_none", lang)
        if s.listen is not Listen.CHANNELS:
            channels += i18n.text("config.channels_unused", lang)
        cooldowns = "\n".join(
            i18n.text(
                "config.cooldown_line",
                lang,
                rate=getattr(s.cooldowns, key).rate,
                what=i18n.text(f"cooldown.{key}", lang),
                per=f"{getattr(s.cooldowns, key).per:g}",
                name=key,
            )
            for key in COOLDOWN_NAMES
        )
        listening = f"`{s.listen}`: {i18n.text(f'listen.{s.listen}', lang)}"
        language = i18n.text("config.language_value", lang, code=lang, name=i18n.text(f"language.{lang}", lang))
        fields = (
            Field(name("config.prefix", "prefix"), i18n.text("config.prefix_value", lang, prefix=prefix), inline=True),
            Field(name("config.listening", "listen"), listening, inline=True),
            Field(name("config.channels", "channels"), channels),
            Field(name("config.cooldowns", "cooldowns"), cooldowns),
            Field(name("config.language", "language"), language, inline=True),
        )
        body = (note + "\n\n" if note else "") + i18n.text("config.body", lang, prefix=prefix)
        title = title or i18n.text("config.title", lang, guild=ctx.guild.name)
        return Reply(Kind.INFO, title, body, fields=fields, lang=lang)

    # ----- set ---------------------------------------------------------------------------------------------

    @config.command(
        name="prefix", description=i18n.text("slash.config.prefix"), help=i18n.text("cmdhelp.config prefix")
    )
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(new=i18n.text("slash.config.prefix.new"))
    async def prefix(self, ctx: Context, new: str) -> None:
        lang = self.lang(ctx)
        try:
            value = validate("prefix", new.strip())
        except SettingError:
            await self.refuse(ctx, i18n.text("config.bad_prefix", lang, prefix=discord.utils.escape_markdown(new[:20])))
            return
        await self.store(ctx, "prefix", value, i18n.text("config.prefix_set", lang, prefix=value))

    @config.command(
        name="listen", description=i18n.text("slash.config.listen"), help=i18n.text("cmdhelp.config listen")
    )
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(mode=i18n.text("slash.config.listen.mode"))
    async def listen(self, ctx: Context, mode: Literal["mentions", "channels", "everywhere"]) -> None:
        listen, lang = Listen(mode), self.lang(ctx)
        note = i18n.text("config.listen_set", lang, mode=listen, what=i18n.text(f"listen.{listen}", lang))
        assert ctx.guild is not None
        if listen is Listen.CHANNELS and not self.bot.server(ctx.guild).channels:
            note += i18n.text("config.listen_no_channel", lang, prefix=self.bot.prefix_for(ctx.guild))
        await self.store(ctx, "listen", str(listen), note)

    @config.command(
        name="channel", description=i18n.text("slash.config.channel"), help=i18n.text("cmdhelp.config channel")
    )
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(
        action=i18n.text("slash.config.channel.action"), channel=i18n.text("slash.config.channel.channel")
    )
    async def channel(
        self,
        ctx: Context,
        action: Literal["add", "remove", "clear"],
        channel: discord.TextChannel | None = None,
    ) -> None:
        assert ctx.guild is not None
        lang, prefix = self.lang(ctx), self.bot.prefix_for(ctx.guild)
        current = list(self.bot.server(ctx.guild).channels)
        if action == "clear":
            await self.store(ctx, "channels", [], i18n.text("config.channels_cleared", lang))
            return
        if channel is None:
            await self.refuse(ctx, i18n.text("config.name_a_channel", lang, prefix=prefix, action=action))
            return
        if action == "add":
            if channel.id in current:
                await self.refuse(ctx, i18n.text("config.already", lang, channel=channel.mention))
                return
            if len(current) >= MAX_CHANNELS:
                await self.refuse(ctx, i18n.text("config.too_many", lang, count=MAX_CHANNELS))
                return
            note = i18n.text("config.added", lang, channel=channel.mention)
            perms = channel.permissions_for(ctx.guild.me)
            if not (perms.view_channel and perms.send_messages):
                note += i18n.text("config.cannot_read", lang)
            if self.bot.server(ctx.guild).listen is Listen.MENTIONS:
                note += i18n.text("config.listening_mentions", lang, prefix=prefix)
            await self.store(ctx, "channels", [*current, channel.id], note)
            return
        if channel.id not in current:
            await self.refuse(ctx, i18n.text("config.not_listed", lang, channel=channel.mention))
            return
        note = i18n.text("config.removed", lang, channel=channel.mention)
        await self.store(ctx, "channels", [c for c in current if c != channel.id], note)

    @config.command(
        name="cooldown", description=i18n.text("slash.config.cooldown"), help=i18n.text("cmdhelp.config cooldown")
    )
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(
        which=i18n.text("slash.config.cooldown.which"),
        rate=i18n.text("slash.config.cooldown.rate"),
        per=i18n.text("slash.config.cooldown.per"),
    )
    async def cooldown(
        self,
        ctx: Context,
        which: CooldownName,
        rate: commands.Range[int, 1, 100],
        per: commands.Range[float, 1, 3600],
    ) -> None:
        """Set a cooldown: RATE uses per PER seconds, for commands or answers, per member or per channel."""
        assert ctx.guild is not None
        if not math.isfinite(per):  # nan passes a range check (every comparison with it is false)
            raise commands.RangeError(per, 1, 3600)
        lang = self.lang(ctx)
        stored = await self.bot.servers.set_cooldown(ctx.guild.id, which, Rate(rate=rate, per=per))
        note = i18n.text(
            "config.cooldown_set", lang, rate=rate, what=i18n.text(f"cooldown.{which}", lang), per=f"{per:g}"
        )
        await self.stored(ctx, stored, i18n.text("config.cooldown_title", lang, name=which), note)

    @config.command(
        name="language", description=i18n.text("slash.config.language"), help=i18n.text("cmdhelp.config language")
    )
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(code=i18n.text("slash.config.language.code"))
    async def language(self, ctx: Context, code: Lang) -> None:
        await self.store(ctx, "language", code, language_note)  # the note in the new language

    @config.command(name="reset", description=i18n.text("slash.config.reset"), help=i18n.text("cmdhelp.config reset"))
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(setting=i18n.text("slash.config.reset.setting"))
    async def reset(
        self, ctx: Context, setting: Literal["prefix", "listen", "channels", "cooldowns", "language", "all"]
    ) -> None:
        assert ctx.guild is not None
        keys = KEYS if setting == "all" else (setting,)
        stored = True
        for key in keys:
            stored = await self.bot.servers.set(ctx.guild.id, key, None) and stored
        lang = self.lang(ctx)  # after the reset: a language reset answers in the default one
        note = i18n.text("config.reset", lang, keys=", ".join(keys))
        await self.stored(ctx, stored, i18n.text("config.reset_title", lang), note)

    # ----- helpers -----------------------------------------------------------------------------------------

    async def store(self, ctx: Context, key: str, value: Any, note: str | Callable[[Lang], str]) -> None:
        """Store one setting and show the card, titled in the server's language once the setting is stored (the
        ``note`` too when it is a function of the language)."""
        assert ctx.guild is not None
        try:
            stored = await self.bot.servers.set(ctx.guild.id, key, value)
        except SettingError as exc:
            await self.refuse(ctx, str(exc))
            return
        lang = self.lang(ctx)
        await self.stored(
            ctx, stored, i18n.text(f"config.set_title.{key}", lang), note if isinstance(note, str) else note(lang)
        )

    async def stored(self, ctx: Context, stored: bool, title: str, note: str) -> None:
        if not stored:
            lang = self.lang(ctx)
            problem = self.bot.service.storage_trouble(lang)  # the details, paths and hosts, are in the log
            body = i18n.text("config.not_saved", lang, problem=problem)
            await respond(
                ctx, Reply(Kind.ERROR, i18n.text("config.not_saved_title", lang), body, lang=lang), ephemeral=True
            )
            return
        assert ctx.guild is not None
        log.info("%s changed the settings of %s (%s): %s", ctx.author, ctx.guild, ctx.guild.id, title)
        await respond(ctx, self.card(ctx, title, note), ephemeral=True)

    async def refuse(self, ctx: Context, text: str) -> None:
        lang = self.lang(ctx)
        await respond(ctx, Reply(Kind.USAGE, i18n.text("config.not_changed", lang), text, lang=lang), ephemeral=True)


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(ServerConfig(bot))
