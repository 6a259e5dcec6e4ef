"""The bot: a discord.py ``commands.Bot`` holding the Service, with one extension per concern.

Intents: the defaults plus ``message_content``, a privileged intent (enable it under Developer Portal > Bot >
Message Content Intent). It is needed to read free text in listed channels and prefix commands; without it the
bot still answers slash commands, mentions and DMs (Discord always shows the bot those), and the runner falls back
to connecting without it.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from config import Settings
from handlers.discord_bot.cooldowns import Throttle
from handlers.discord_bot.feedback import VoteButton
from handlers.discord_bot.respond import ALLOWED_MENTIONS
from handlers.discord_bot.server_settings import ServerSettings, ServerSettingsBook
from handlers.discord_bot.suggestions import SuggestionButton
from handlers.discord_bot.translator import Translator
from handlers.i18n import Lang
from handlers.service import Service, Where
from handlers.storage import DM

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "handlers.discord_bot.exts.errors",
    "handlers.discord_bot.exts.commands",
    "handlers.discord_bot.exts.answers",
    "handlers.discord_bot.exts.admin",
    "handlers.discord_bot.exts.curation",
    "handlers.discord_bot.exts.server_config",
)

# What the invite link asks for: read the channel and its history (replies need it), send, also in threads, embed.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
INVITE_SCOPES = ("bot", "applications.commands")

MESSAGE_CONTENT_WARNING = (
    "The Message Content intent is off for this bot, so it cannot read messages it is not mentioned in: free "
    "text in answer channels and prefix commands (like !policy) are ignored. Slash commands, mentions "
    "(@IndustryBot what is Industry 5.0?) and DMs still work. To enable it: Discord Developer Portal > your "
    "application > Bot > Privileged Gateway Intents > Message Content Intent, save, then restart the bot."
)


def default_intents() -> discord.Intents:
    """The default intents plus message_content (privileged: it must also be enabled in the Developer Portal)."""
    intents = discord.Intents.default()
    intents.message_content = True
    return intents


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


async def _prefixes(bot: IndustryBot, message: discord.Message) -> list[str]:
    """The server's own prefix; a mention of the bot always works as one."""
    if bot.servers.stale:  # storage came back after a start without it: read the servers' settings now
        await bot.servers.load()
    return commands.when_mentioned_or(bot.prefix_for(message.guild))(bot, message)


class IndustryBot(commands.Bot):
    """IndustryBot on Discord.

    ``service`` holds the settings, the current engine (swapped by ``!reload``) and the store; ``servers`` holds
    each server's own settings (``!config``).
    """

    def __init__(self, settings: Settings, service: Service, *, intents: discord.Intents, **options: Any) -> None:
        # The bot never joins a voice channel: no warnings, on every start, about voice libraries it does not need.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=_prefixes,
            intents=intents,
            help_command=None,  # our own `help`, from the engine
            allowed_mentions=ALLOWED_MENTIONS,
            case_insensitive=True,
            **options,
        )
        self.settings = settings
        self.service = service
        self.servers = ServerSettingsBook(settings, service)
        self.command_throttle = Throttle(settings.cooldowns.commands_per_user, commands.BucketType.user)
        self.command_channel_throttle = Throttle(settings.cooldowns.commands_per_channel, commands.BucketType.channel)
        self.answer_throttles = (
            ("answers_per_user", Throttle(settings.cooldowns.answers_per_user, commands.BucketType.user)),
            ("answers_per_channel", Throttle(settings.cooldowns.answers_per_channel, commands.BucketType.channel)),
        )
        self.failed_extensions: list[str] = []
        self._owns_store = False  # opened the store itself (no one had), so closes it too
        self._announced = False
        self.add_check(self._command_cooldown)

    async def setup_hook(self) -> None:
        """Open the store, read the servers' settings, register the vote buttons and the slash commands' translator
        (Vietnamese descriptions for Vietnamese clients), and load every extension.

        Storage trouble is logged and the bot runs without records; an extension that fails is logged and skipped.
        """
        await self.open_store()
        self.add_dynamic_items(VoteButton, SuggestionButton)
        await self.tree.set_translator(Translator())
        for extension in EXTENSIONS:
            try:
                await self.load_extension(extension)
            except Exception:
                self.failed_extensions.append(extension)
                log.exception("Could not load the extension %s; carrying on without it", extension)

    async def open_store(self) -> None:
        """Open the store unless the service has one (the runner opens it once for every connection attempt),
        then read every server's settings from it."""
        if not self.service.store_open:
            await self.service.open_store()
            self._owns_store = True
        await self.servers.load()

    async def close(self) -> None:
        await super().close()
        if self._owns_store:
            self._owns_store = False
            await self.service.close()

    # ----- per server --------------------------------------------------------------------------------------

    def server(self, guild: discord.abc.Snowflake | None) -> ServerSettings:
        """The settings in force in ``guild`` (None: a DM)."""
        return self.servers.get(guild.id if guild is not None else None)

    def prefix_for(self, guild: discord.abc.Snowflake | None) -> str:
        return self.server(guild).prefix

    def lang_for(self, guild: discord.abc.Snowflake | None) -> Lang:
        """The language the bot speaks in ``guild`` (``!config language``; None: a DM, the default)."""
        return self.server(guild).language

    def where(self, guild: discord.abc.Snowflake | None, channel: Any, author: discord.abc.User) -> Where:
        """Where a message came from, as the records name it."""
        return Where(
            server=str(guild.id) if guild is not None else DM,
            channel=str(channel.id) if getattr(channel, "id", None) else None,
            author=str(author.id),
        )

    async def is_owner(self, user: discord.abc.User, /) -> bool:
        """The application's owner (or team), plus the ids in settings.owner_ids."""
        if user.id in self.settings.owner_ids:
            return True
        try:
            return await super().is_owner(user)
        except discord.HTTPException:  # application info unavailable: only settings.owner_ids count
            log.warning("Could not fetch the application's owner; only settings.owner_ids are owners")
            return False

    @property
    def command_throttles(self) -> tuple[tuple[str, Throttle], ...]:
        return (
            ("commands_per_user", self.command_throttle),
            ("commands_per_channel", self.command_channel_throttle),
        )

    async def _command_cooldown(self, ctx: commands.Context[Any]) -> bool:
        """A global check: commands per member, then per channel (settings.cooldowns, or the server's own). A
        command refused to a member does not count against the channel: one member's flood leaves others room."""
        cooldowns = self.server(ctx.guild).cooldowns
        for name, throttle in self.command_throttles:
            over = throttle.hit(ctx, getattr(cooldowns, name))
            if over:
                bucket, retry_after = over
                raise commands.CommandOnCooldown(bucket, retry_after, throttle.bucket_type)
        return True

    async def on_ready(self) -> None:
        if self._announced:  # on_ready fires again after a reconnect
            return
        self._announced = True
        log.info("Logged in as %s (id %s), in %d server(s)", self.user, getattr(self.user, "id", "?"), len(self.guilds))
        if self.application_id:
            log.info("Invite the bot with: %s", invite_url(self.application_id))
        if self.failed_extensions:
            log.warning("Running without: %s", ", ".join(self.failed_extensions))
        log.info(
            "Slash commands are registered by an owner with %ssync in a server (or %ssync global).",
            self.settings.prefix,
            self.settings.prefix,
        )


class ShardedIndustryBot(IndustryBot, commands.AutoShardedBot):
    """The same bot on several shards (SHARD_COUNT / SHARD_IDS), for a bot in about 1,000+ servers."""


def create_bot(
    settings: Settings, service: Service, *, intents: discord.Intents | None = None
) -> IndustryBot | ShardedIndustryBot:
    """The bot the runner runs and the tests drive: sharded when the settings name shards, else a plain Bot."""
    intents = intents if intents is not None else default_intents()
    if settings.shard_count or settings.shard_ids:
        return ShardedIndustryBot(
            settings,
            service,
            intents=intents,
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,
        )
    return IndustryBot(settings, service, intents=intents)
