"""Run the bot until it is stopped: ``bot.run`` with a clean close on SIGTERM/Ctrl-C and one-line fatal errors.

- an invalid token: one line on stderr, exit 1, no traceback (the token itself is never printed or logged);
- the Message Content intent not enabled in the Developer Portal: one warning, then the bot reconnects without it
  and keeps answering slash commands, mentions and DMs;
- SHARD_COUNT / SHARD_IDS set: an AutoShardedBot running those shards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TextIO

import aiohttp
import discord

from config import Settings
from handlers.discord_bot.bot import MESSAGE_CONTENT_WARNING, IndustryBot, create_bot, default_intents
from handlers.service import Service
from knowledge import KnowledgeError

log = logging.getLogger(__name__)

BotFactory = Callable[..., IndustryBot]


def run_discord(settings: Settings) -> int:
    """Run the Discord bot; the exit code: 0 after a clean stop, 1 when it cannot start."""
    setup_logging(settings.log_level)
    if not settings.token:
        print("DISCORD_TOKEN is not set: put it in .env (see .env.example).", file=sys.stderr)
        return 1
    if settings.shard_ids and not settings.shard_count:
        print("SHARD_IDS needs SHARD_COUNT (the total number of shards) as well.", file=sys.stderr)
        return 1
    try:
        service = Service.start(settings, warm=True)
    except KnowledgeError as exc:
        print("The knowledge base has errors:", *exc.errors, sep="\n  ", file=sys.stderr)
        return 1
    try:
        return asyncio.run(serve(settings, service))
    except KeyboardInterrupt:  # a second Ctrl-C while closing
        return 0


PLAIN_FORMAT = logging.Formatter("[{asctime}] [{levelname:<8}] {name}: {message}", "%Y-%m-%d %H:%M:%S", style="{")


def setup_logging(level: str, stream: TextIO | None = None) -> logging.Handler:
    """discord.py's logging set-up, with colours only on a terminal: a log file, a pipe or a host's log viewer
    (discord.py also colours inside Docker) gets plain lines. NO_COLOR, when set, turns colours off everywhere."""
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    colour = getattr(stream, "isatty", lambda: False)() and not os.environ.get("NO_COLOR")
    formatter: Any = discord.utils.MISSING if colour else PLAIN_FORMAT
    discord.utils.setup_logging(handler=handler, level=logging.getLevelNamesMapping()[level], formatter=formatter)
    return handler


class _VagueIntentWarning(logging.Filter):
    """Drops discord.py's own "message content intent is missing" line: MESSAGE_CONTENT_WARNING says it better."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "message content intent is missing" not in record.getMessage()


async def serve(settings: Settings, service: Service, *, factory: BotFactory = create_bot) -> int:
    """Connect, and reconnect once without the Message Content intent if Discord refuses it.

    The store is opened once here, for every connection attempt, and closed when the bot stops.
    """
    quiet = _VagueIntentWarning()
    discord_log = logging.getLogger("discord.ext.commands.bot")
    try:
        async with service.session():
            return await _serve(settings, service, factory, quiet, discord_log)
    finally:
        discord_log.removeFilter(quiet)


async def _serve(
    settings: Settings, service: Service, factory: BotFactory, quiet: logging.Filter, discord_log: logging.Logger
) -> int:
    intents = default_intents()
    while True:
        bot = factory(settings, service, intents=intents)
        try:
            await _run(bot, settings.token or "")
            return 0
        except discord.LoginFailure:
            print(
                "Discord rejected the token: check DISCORD_TOKEN in .env "
                "(Developer Portal > your application > Bot > Reset Token).",
                file=sys.stderr,
            )
            return 1
        except discord.PrivilegedIntentsRequired:
            if not intents.message_content:
                print("Discord refused a privileged intent; check the Developer Portal.", file=sys.stderr)
                return 1
            log.warning(MESSAGE_CONTENT_WARNING)
            discord_log.addFilter(quiet)
            intents = default_intents()
            intents.message_content = False
        except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as exc:
            print(f"Cannot reach Discord: {exc.__class__.__name__}: {exc}", file=sys.stderr)
            return 1


async def _run(bot: IndustryBot, token: str) -> None:
    """``bot.start`` inside ``async with bot``, closing the connection on SIGTERM or SIGINT (Ctrl-C)."""
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    closing: set[asyncio.Task[None]] = set()

    def stop(signame: str) -> None:
        if closing:  # a second signal while closing: stop waiting
            if main is not None:
                main.cancel()
            return
        log.info("%s received: closing the connection to Discord", signame)
        task = asyncio.create_task(bot.close())
        closing.add(task)

    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop, sig.name)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread: Ctrl-C still works
            pass
    try:
        async with bot:
            await bot.start(token)
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        for task in closing:
            with contextlib.suppress(Exception):
                await task
