"""The local console: the same engine as on Discord, in a terminal. No token needed.

Questions are recorded under the server name ``console``, as on Discord; ``!unanswered`` and ``!stats`` show the
records of every server, like ``bot.py unanswered`` and ``bot.py stats``. A session is one conversation: a
follow-up ("and 4.0?", "who said that?") is read against the answer before it, and a suggestion's number takes it.
``bot.py ask`` answers through the same ``Conversation``, its texts in order. It speaks ``settings.language``
(``bot.py console --lang vi``, or ``BOT_LANGUAGE=vi``).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import sys
import textwrap
import uuid
from dataclasses import replace
from typing import TextIO

from config import DEFAULT_DAYS, MAX_DAYS, in_days_range
from handlers import i18n
from handlers.core.reply import Field, Kind, Reply, Suggestion
from handlers.i18n import DEFAULT, Lang
from handlers.service import Service, Where

EXIT_WORDS = {"exit", "quit", ":q"}


def render(
    reply: Reply | None, width: int | None = None, prefix: str = "!", lang: Lang = DEFAULT, *, numbered: bool = False
) -> str:
    """A reply as console text, wrapped to ``width`` if given; silence shows as a short marker (in ``lang``).
    ``numbered``: the suggestions carry the number that picks them."""
    if reply is None:
        return i18n.text("reply.silence", lang)
    text = reply.to_text(prefix, numbered=numbered)
    if not width:
        return text
    return "\n".join(_wrap(line, width) for line in text.splitlines())


def _wrap(line: str, width: int) -> str:
    """Wrap one line, hanging list items and indented lines under their first word."""
    stripped = line.lstrip()
    lead = line[: len(line) - len(stripped)]
    number = _NUMBERED.match(stripped)
    hang = lead + (" " * len(number.group(0)) if number else "  " if stripped.startswith(("- ", "• ")) else "")
    return textwrap.fill(line, width, initial_indent="", subsequent_indent=hang) if line.strip() else line


_NUMBERED = re.compile(r"\d+\. ")
_MENTION = re.compile(r"^@industry\s?bot\b[:,]?\s*", re.IGNORECASE)

# Commands of the console (and `bot.py ask`) beside the engine's, and the Discord-only ones it explains.
CONSOLE_COMMANDS = ("reload", "unanswered", "stats")
DISCORD_ONLY = ("config", "sync", "forget", "link")  # each explained by the message console.discord_only.NAME


def console_help(prefix: str, lang: Lang = DEFAULT) -> Field:
    """What `help` adds in the console: its own commands, and the ones that work in Discord only."""
    discord_only = ", ".join(prefix + name for name in DISCORD_ONLY)
    text = i18n.text("console.help_field", lang, prefix=prefix, discord_only=discord_only)
    return Field(i18n.text("console.help_title", lang), text)


def banner(service: Service) -> str:
    """What the interactive console says first: the base's size, and what to type."""
    prefix, lang = service.settings.prefix, service.settings.language
    counts = ", ".join(
        i18n.text("console.count", lang, count=n, kind=i18n.text(f"kind.{kind}", lang).lower())
        for kind, n in service.counts().items()
    )
    return i18n.text("console.banner", lang, counts=counts) + "\n" + i18n.text("console.help", lang, prefix=prefix)


class Conversation:
    """One console session, or one `bot.py ask` call: its messages are one conversation, in order (a follow-up
    like "and 4.0?" is read against the answer before it). ``numbers``: a number picks a suggestion just shown."""

    def __init__(self, service: Service, *, numbers: bool = True) -> None:
        self.service = service
        self.numbers = numbers
        self.where = Where(conversation=uuid.uuid4().hex)
        self.offered: tuple[Suggestion, ...] = ()

    @property
    def prefix(self) -> str:
        return self.service.settings.prefix

    @property
    def lang(self) -> Lang:
        return self.service.settings.language

    async def reply(self, text: str) -> Reply | None:
        text = _MENTION.sub("", text.strip(), count=1)  # "@IndustryBot help", as one types it on Discord
        if self.numbers and text.isdigit() and self.offered and not 1 <= int(text) <= len(self.offered):
            count = len(self.offered)
            return Reply(Kind.USAGE, text, i18n.text("console.pick", self.lang, count=count), lang=self.lang)
        reply = await self._reply(text)
        self.offered = reply.suggestions if reply is not None else ()
        return reply

    async def _reply(self, text: str) -> Reply | None:
        service, prefix, lang = self.service, self.prefix, self.lang
        if self.numbers and text.isdigit() and 1 <= int(text) <= len(self.offered):
            return await self.take(self.offered[int(text) - 1])
        name, _, rest = text.removeprefix(prefix).partition(" ")
        name = name.casefold()
        if text.startswith(prefix) and name in CONSOLE_COMMANDS:
            if name == "reload":
                return service.reload(lang)
            days = _days(rest)
            if days is None:
                body = i18n.text(
                    "console.days_usage", lang, prefix=prefix, name=name, most=MAX_DAYS, default=DEFAULT_DAYS
                )
                return Reply(Kind.USAGE, f"{prefix}{name}", body, lang=lang)
            report = service.unanswered_report if name == "unanswered" else service.stats_report
            return await report(None, days, scope=i18n.text("scope.everywhere", lang), lang=lang)
        if text.startswith(prefix) and name in DISCORD_ONLY:
            what = i18n.text(f"console.discord_only.{name}", lang)
            body = i18n.text("console.discord_only", lang, prefix=prefix, name=name, what=what)
            return Reply(
                Kind.INFO, i18n.text("console.discord_only_title", lang, prefix=prefix, name=name), body, lang=lang
            )
        reply = await service.handle(text, addressed=True, where=self.where)
        command = service.command(name) if text.startswith(prefix) and name else None
        if reply is not None and command is not None and command.name == "help" and not rest.strip():
            reply = replace(reply, fields=(*reply.fields, console_help(prefix, lang)))
        return reply

    async def take(self, suggestion: Suggestion) -> Reply | None:
        """A suggestion picked by its number: its entry's card, or its command."""
        if suggestion.entry_id:
            turn = self.service.show(suggestion.entry_id, where=self.where)
        else:
            turn = self.service.respond(suggestion.text(self.prefix), addressed=True, where=self.where)
        await self.service.done(turn, sent=True)
        return turn.reply


def _days(text: str) -> int | None:
    """The days a report looks back over: DEFAULT_DAYS when not given, None when not a valid number."""
    text = text.strip()
    if not text:
        return DEFAULT_DAYS
    return int(text) if text.isdigit() and in_days_range(int(text)) else None


def run_console(service: Service, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Chat until Ctrl-D or `exit`. With stdin not a terminal, read one message a line, no prompt.

    The store is opened for the chat and closed after it. Input is read outside the event loop, so Ctrl-C
    interrupts a waiting prompt at once.
    """
    with asyncio.Runner() as runner:
        session = contextlib.AsyncExitStack()
        runner.run(session.enter_async_context(service.session()))
        try:
            return _chat(service, runner, stdin, stdout)
        finally:
            runner.run(session.aclose())


def _chat(service: Service, runner: asyncio.Runner, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    prefix, lang = service.settings.prefix, service.settings.language
    conversation = Conversation(service)
    if interactive:
        print(banner(service), file=stdout)
    while True:
        if interactive:
            print("\n" + i18n.text("console.prompt", lang), end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            if interactive:
                print(file=stdout)
            return 0
        text = line.strip()
        if text.casefold() in EXIT_WORDS:
            return 0
        if not text and not interactive:
            continue
        reply = runner.run(conversation.reply(text))
        width = shutil.get_terminal_size().columns - 1 if interactive else None
        print(render(reply, width, prefix, lang, numbered=True), file=stdout)
        if not interactive:
            print(file=stdout)
        stdout.flush()
