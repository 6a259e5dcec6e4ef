"""``!config`` (Manage Server): show and set this server's prefix, listening mode, answer channels and cooldowns.

    !config                          show the settings in force, and which are this server's own
    !config prefix ?                 a prefix of its own (mentioning the bot always works too)
    !config listen channels          mentions | channels | everywhere
    !config channel add #questions   add | remove | clear the answer channels
    !config cooldown answers_per_user 4 60     4 answers a member per 60 seconds
    !config reset prefix             back to the default: prefix | listen | channels | cooldowns | all

Stored per server; ``config/settings.yaml`` gives the defaults. As slash commands: ``/config show`` and so on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from config import Rate
from handlers.core.reply import Field, Kind, Reply
from handlers.discord_bot.checks import in_a_server, owner_or_manager
from handlers.discord_bot.respond import respond
from handlers.discord_bot.server_settings import (
    COOLDOWN_NAMES,
    KEYS,
    LISTEN_HELP,
    MAX_CHANNELS,
    Listen,
    SettingError,
    validate,
)

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

Context = commands.Context[Any]
CooldownName = Literal["commands_per_user", "answers_per_user", "answers_per_channel", "commands_per_channel"]
COOLDOWN_TEXT = {
    "commands_per_user": "commands a member",
    "answers_per_user": "free-text answers a member",
    "answers_per_channel": "free-text answers a channel",
    "commands_per_channel": "commands a channel",
}
assert set(COOLDOWN_TEXT) == set(COOLDOWN_NAMES)
PREFIX_RULES = "a prefix is 1 to 5 characters, with no spaces and none of ` @ # < > * _ ~ | \\"


class ServerConfig(commands.Cog):
    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot

    async def cog_check(self, ctx: Context) -> bool:  # type: ignore[override]
        return in_a_server(ctx)

    # ----- show --------------------------------------------------------------------------------------------

    @commands.hybrid_group(name="config", fallback="show", description="Show this server's settings for the bot")
    @commands.guild_only()
    @owner_or_manager()
    async def config(self, ctx: Context) -> None:
        """Show this server's settings: prefix, listening mode, answer channels, cooldowns."""
        words = ctx.message.content[len(ctx.prefix or "") :].split() if ctx.interaction is None else []
        typed = words[1] if len(words) > 1 else None  # (a hybrid group's fallback leaves subcommand_passed unset)
        if typed and typed.casefold() != "show":  # `!config chanel add #x`: a typo
            names = [c.name for c in self.config.commands]
            guess = process.extractOne(typed.casefold(), names, scorer=fuzz.ratio, score_cutoff=60)
            hint = f" Did you mean `{self.bot.prefix_for(ctx.guild)}config {guess[0]}`?" if guess else ""
            await self.refuse(ctx, f"There is no setting `{typed[:30]}`: {', '.join(names)}.{hint}")
            return
        await respond(ctx, self.card(ctx), ephemeral=True)

    def card(self, ctx: Context, title: str | None = None, note: str = "") -> Reply:
        assert ctx.guild is not None
        s = self.bot.server(ctx.guild)
        prefix = s.prefix

        def mark(key: str) -> str:
            return " (set here)" if key in s.overridden else " (default)"

        channels = ", ".join(f"<#{c}>" for c in s.channels if ctx.guild.get_channel_or_thread(c)) or "none"
        if s.listen is not Listen.CHANNELS:
            channels += " (used when listening is `channels`)"
        cooldowns = "\n".join(
            f"{getattr(s.cooldowns, name).rate} {text} per {getattr(s.cooldowns, name).per:g} s (`{name}`)"
            for name, text in COOLDOWN_TEXT.items()
        )
        fields = (
            Field("Prefix" + mark("prefix"), f"`{prefix}`, or mention the bot", inline=True),
            Field("Listening" + mark("listen"), f"`{s.listen}`: {LISTEN_HELP[s.listen]}", inline=True),
            Field("Answer channels" + mark("channels"), channels),
            Field("Cooldowns" + mark("cooldowns"), cooldowns),
        )
        body = (note + "\n\n" if note else "") + f"Change one with `{prefix}config prefix|listen|channel|cooldown`, "
        body += f"or go back to the default with `{prefix}config reset NAME`."
        return Reply(Kind.INFO, title or f"Settings for {ctx.guild.name}", body, fields=fields)

    # ----- set ---------------------------------------------------------------------------------------------

    @config.command(name="prefix", description="Set this server's command prefix")
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(new="1 to 5 characters, no spaces, such as ? or $")
    async def prefix(self, ctx: Context, new: str) -> None:
        """Set this server's command prefix (mentioning the bot always works too)."""
        try:
            value = validate("prefix", new.strip())
        except SettingError:
            await self.refuse(ctx, f"`{discord.utils.escape_markdown(new[:20])}` can't be a prefix: {PREFIX_RULES}.")
            return
        await self.store(ctx, "prefix", value, f"The prefix is now `{value}`, for example `{value}help`.")

    @config.command(name="listen", description="Where the bot answers free text without a mention")
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(mode="mentions: only when mentioned; channels: also the answer channels; everywhere")
    async def listen(self, ctx: Context, mode: Literal["mentions", "channels", "everywhere"]) -> None:
        """Where the bot answers free text: mentions (only when mentioned), channels, or everywhere."""
        listen = Listen(mode)
        note = f"Listening is now `{listen}`: the bot answers {LISTEN_HELP[listen]}."
        assert ctx.guild is not None
        if listen is Listen.CHANNELS and not self.bot.server(ctx.guild).channels:
            note += f" No answer channel is set yet: add one with `{self.bot.prefix_for(ctx.guild)}config channel add`."
        await self.store(ctx, "listen", str(listen), note)

    @config.command(name="channel", description="Add or remove an answer channel, or clear them")
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(action="add, remove, or clear all", channel="The channel (not needed for clear)")
    async def channel(
        self,
        ctx: Context,
        action: Literal["add", "remove", "clear"],
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Answer channels: where confident answers are given without a mention (with listening `channels`)."""
        assert ctx.guild is not None
        current = list(self.bot.server(ctx.guild).channels)
        if action == "clear":
            await self.store(ctx, "channels", [], "No answer channels now.")
            return
        if channel is None:
            await self.refuse(ctx, f"Name a channel: `{self.bot.prefix_for(ctx.guild)}config channel {action} #name`.")
            return
        if action == "add":
            if channel.id in current:
                await self.refuse(ctx, f"{channel.mention} is already an answer channel.")
                return
            if len(current) >= MAX_CHANNELS:
                await self.refuse(ctx, f"A server has at most {MAX_CHANNELS} answer channels.")
                return
            note = f"{channel.mention} is now an answer channel."
            perms = channel.permissions_for(ctx.guild.me)
            if not (perms.view_channel and perms.send_messages):
                note += " The bot can't read or send messages there yet: check the channel's permissions."
            if self.bot.server(ctx.guild).listen is Listen.MENTIONS:
                note += f" Listening is `mentions`: `{self.bot.prefix_for(ctx.guild)}config listen channels` uses it."
            await self.store(ctx, "channels", [*current, channel.id], note)
            return
        if channel.id not in current:
            await self.refuse(ctx, f"{channel.mention} is not an answer channel.")
            return
        await self.store(ctx, "channels", [c for c in current if c != channel.id], f"Removed {channel.mention}.")

    @config.command(name="cooldown", description="How many commands or answers per how many seconds")
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(which="What to limit", rate="How many", per="Per how many seconds")
    async def cooldown(
        self,
        ctx: Context,
        which: CooldownName,
        rate: commands.Range[int, 1, 100],
        per: commands.Range[float, 1, 3600],
    ) -> None:
        """Set a cooldown: RATE uses per PER seconds, for commands or answers, per member or per channel."""
        assert ctx.guild is not None
        stored = await self.bot.servers.set_cooldown(ctx.guild.id, which, Rate(rate=rate, per=per))
        note = f"At most {rate} {COOLDOWN_TEXT[which]} per {per:g} s."
        await self.stored(ctx, stored, f"{which} is set", note)

    @config.command(name="reset", description="Go back to the default for one setting, or all")
    @commands.guild_only()
    @owner_or_manager()
    @app_commands.describe(setting="The setting to return to its default, or all")
    async def reset(self, ctx: Context, setting: Literal["prefix", "listen", "channels", "cooldowns", "all"]) -> None:
        """Go back to the default (config/settings.yaml) for one setting, or for all of them."""
        assert ctx.guild is not None
        keys = KEYS if setting == "all" else (setting,)
        stored = True
        for key in keys:
            stored = await self.bot.servers.set(ctx.guild.id, key, None) and stored
        await self.stored(ctx, stored, "Reset", f"Back to the default: {', '.join(keys)}.")

    # ----- helpers -----------------------------------------------------------------------------------------

    async def store(self, ctx: Context, key: str, value: Any, note: str) -> None:
        assert ctx.guild is not None
        try:
            stored = await self.bot.servers.set(ctx.guild.id, key, value)
        except SettingError as exc:
            await self.refuse(ctx, str(exc))
            return
        await self.stored(ctx, stored, f"{key.title()} set", note)

    async def stored(self, ctx: Context, stored: bool, title: str, note: str) -> None:
        if not stored:
            problem = self.bot.service.storage_problem or "storage is unavailable"
            body = f"Nothing changed: the settings could not be saved ({problem})."
            await respond(ctx, Reply(Kind.ERROR, "Not saved", body), ephemeral=True)
            return
        assert ctx.guild is not None
        log.info("%s changed the settings of %s (%s): %s", ctx.author, ctx.guild, ctx.guild.id, title)
        await respond(ctx, self.card(ctx, title, note), ephemeral=True)

    async def refuse(self, ctx: Context, text: str) -> None:
        await respond(ctx, Reply(Kind.USAGE, "Not changed", text), ephemeral=True)


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(ServerConfig(bot))
