"""The local console: the same engine as on Discord, in a terminal. No token needed.

Questions are recorded under the server name ``console``, as on Discord; ``!unanswered`` and ``!stats`` show the
records of every server, like ``bot.py unanswered`` and ``bot.py stats``. It speaks ``settings.language``
(``bot.py console --lang vi``, or ``BOT_LANGUAGE=vi``).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import textwrap
from typing import TextIO

from config import DEFAULT_DAYS, in_days_range
from handlers import i18n
from handlers.core.reply import Reply
from handlers.i18n import DEFAULT, Lang
from handlers.service import Service

EXIT_WORDS = {"exit", "quit", ":q"}


def render(reply: Reply | None, width: int | None = None, prefix: str = "!", lang: Lang = DEFAULT) -> str:
    """A reply as console text, wrapped to ``width`` if given; silence shows as a short marker (in ``lang``)."""
    if reply is None:
        return i18n.text("reply.silence", lang)
    text = reply.to_text(prefix)
    if not width:
        return text
    return "\n".join(_wrap(line, width) for line in text.splitlines())


def _wrap(line: str, width: int) -> str:
    """Wrap one line, hanging list items and indented lines under their first word."""
    stripped = line.lstrip()
    lead = line[: len(line) - len(stripped)]
    hang = lead + ("  " if stripped.startswith(("- ", "• ")) else "")
    return textwrap.fill(line, width, initial_indent="", subsequent_indent=hang) if line.strip() else line


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
        reply = runner.run(_reply(service, text))
        width = shutil.get_terminal_size().columns - 1 if interactive else None
        print(render(reply, width, prefix, lang), file=stdout)
        if not interactive:
            print(file=stdout)
        stdout.flush()


def banner(service: Service) -> str:
    """What the interactive console says first: the base's size, and what to type."""
    prefix, lang = service.settings.prefix, service.settings.language
    counts = ", ".join(
        i18n.text("console.count", lang, count=n, kind=i18n.text(f"kind.{kind}", lang).lower())
        for kind, n in service.counts().items()
    )
    return i18n.text("console.banner", lang, counts=counts) + "\n" + i18n.text("console.help", lang, prefix=prefix)


async def _reply(service: Service, text: str) -> Reply | None:
    prefix, lang = service.settings.prefix, service.settings.language
    name, _, rest = text.removeprefix(prefix).partition(" ")
    if text.startswith(prefix) and name.casefold() in {"reload", "unanswered", "stats"}:
        if name.casefold() == "reload":
            return service.reload(lang)
        days = int(rest) if rest.strip().isdigit() and in_days_range(int(rest)) else DEFAULT_DAYS
        report = service.unanswered_report if name.casefold() == "unanswered" else service.stats_report
        return await report(None, days, scope=i18n.text("scope.everywhere", lang), lang=lang)
    return await service.handle(text, addressed=True)
