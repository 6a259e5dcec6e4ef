"""The Service: the edges' only way in. It holds the settings, the current engine and the store.

Discord, the console and ``bot.py ask`` all go through it:

- ``respond`` (a message in words, or a command line with the server's prefix) and ``execute`` (a command by
  name, as Discord's hybrid commands call it) return a ``Turn``: the reply, and what to record;
- ``done(turn, sent=...)`` records the question for the curators once the edge knows whether the reply went out;
  ``handle`` and ``run`` do both, for edges where a reply is always shown (the console, ``ask``);
- votes, forget, per-server settings, the curators' reports, autocomplete and ``reload`` go through it too.

``async with Service.open(settings) as service:`` loads the base, opens the store, and closes it after.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from config import Settings
from handlers.core.commands import COMMAND_NAMES, COMMANDS, Command, unknown_command, usage
from handlers.core.engine import Engine, Outcome
from handlers.core.reply import PREFIX, Field, Kind, Reply
from handlers.core.saved import engine_for
from handlers.curation import Reports
from handlers.storage import (
    CONSOLE,
    RELOAD,
    Forgotten,
    Notice,
    NullStore,
    QuestionRecord,
    Store,
    Vote,
    open_store,
    utcnow,
)
from knowledge import KnowledgeError

log = logging.getLogger(__name__)

MAX_ERRORS_SHOWN = 15


@dataclass(frozen=True)
class Where:
    """Where a message came from: a server (its id, ``dm`` or ``console``), a channel, and who sent it."""

    server: str = CONSOLE
    channel: str | None = None
    author: str | None = None


CONSOLE_WHERE = Where()


@dataclass(frozen=True)
class Turn:
    """One message and its reply, until the edge says whether the reply was sent (``Service.done``)."""

    outcome: Outcome
    addressed: bool
    where: Where
    prefix: str

    @property
    def reply(self) -> Reply | None:
        return self.outcome.reply


class Service(Reports):
    commands: tuple[Command, ...] = COMMANDS  # the command registry, for help texts and slash commands

    def __init__(self, settings: Settings, engine: Engine, store: Store | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.store: Store = store if store is not None else NullStore()
        self._lock = threading.Lock()
        self._reloads: set[asyncio.Task[object]] = set()  # reloads asked for by another process, running
        self._listeners: list[Notice] = [self._heard]  # who hears the other processes' notices

    @classmethod
    def start(cls, settings: Settings) -> Service:
        """Load the base named by the settings; raises KnowledgeError when it is invalid."""
        return cls(settings, cls._build(settings))

    @classmethod
    @asynccontextmanager
    async def open(cls, settings: Settings, *, read_only: bool = False) -> AsyncIterator[Service]:
        """A started service with its store open, closed on the way out. Raises KnowledgeError like ``start``."""
        async with cls.start(settings).session(read_only=read_only) as service:
            yield service

    @asynccontextmanager
    async def session(self, *, read_only: bool = False) -> AsyncIterator[Service]:
        """This service with its store open (``open_store``), closed on the way out."""
        await self.open_store(read_only=read_only)
        try:
            yield self
        finally:
            await self.close()

    @staticmethod
    def _build(settings: Settings) -> Engine:
        """The engine for the settings' base: from the data folder's saved index when it is this base's, else
        built from the YAML and saved (``handlers.core.saved``)."""
        return engine_for(settings.knowledge_path, settings.data_path, settings.matching)

    async def open_store(self, *, read_only: bool = False) -> Store:
        """Open the store the settings name (SQLite in the data folder, or PostgreSQL) and prune records past
        retention; a writable store also hears `!reload` from the other processes. Never raises."""
        self.store = await open_store(
            self.settings.data_path, read_only=read_only, database_url=self.settings.database_url
        )
        if not read_only:
            await self.prune()
            await self.store.subscribe(self._dispatch)
        return self.store

    @property
    def store_open(self) -> bool:
        return not isinstance(self.store, NullStore)

    async def subscribe(self, callback: Notice) -> None:
        """Hear the other processes' notices (a server's settings changed there, ``!reload`` there), with a store
        that has other processes (PostgreSQL); ``callback(topic, payload)`` runs on the event loop."""
        if callback not in self._listeners:
            self._listeners.append(callback)

    async def announce_reload(self) -> None:
        """Tell the other processes on the same database to reload the knowledge base too."""
        await self.store.announce(RELOAD)

    def _dispatch(self, topic: str, payload: str) -> None:
        for callback in list(self._listeners):
            callback(topic, payload)

    def _heard(self, topic: str, payload: str) -> None:
        """A notice from another process: ``RELOAD`` (`!reload` there) reloads the knowledge base here too."""
        if topic == RELOAD:
            task: asyncio.Task[object] = asyncio.get_running_loop().create_task(asyncio.to_thread(self.reload))
            self._reloads.add(task)
            task.add_done_callback(self._reloads.discard)

    async def close(self) -> None:
        await self.store.close()

    async def prune(self) -> None:
        before = utcnow() - dt.timedelta(days=self.settings.records.retention_days)
        gone = await self.store.prune(before)
        if gone.questions or gone.votes:
            log.info("Pruned %d question(s) and %d vote(s) older than %s", gone.questions, gone.votes, before.date())

    # ----- the one path ------------------------------------------------------------------------------------

    def respond(self, text: str, *, addressed: bool, where: Where = CONSOLE_WHERE, prefix: str | None = None) -> Turn:
        """A message: a command line when it starts with ``prefix`` (the server's own), else words."""
        prefix = prefix or self.settings.prefix
        stripped = text.lstrip()
        if stripped.startswith(prefix):
            name, _, args = stripped[len(prefix) :].partition(" ")
            outcome = self.engine.execute(name.strip(), args)
        else:
            outcome = self.engine.respond(text, addressed=addressed)
        return Turn(outcome, addressed, where, prefix)

    def execute(self, name: str, args: str = "", *, where: Where = CONSOLE_WHERE, prefix: str | None = None) -> Turn:
        """A known command by name with its argument text (Discord's hybrid commands)."""
        return Turn(self.engine.execute(name, args), True, where, prefix or self.settings.prefix)

    async def done(self, turn: Turn, *, sent: bool) -> None:
        """The edge sent the reply, or could not, or chose not to (a cooldown). The question is recorded when its
        reply went out, or when silence was the outcome (a channel question that came close); a reply that was
        never sent is not recorded as given."""
        if sent or turn.reply is None:
            await self.record(turn)

    async def handle(
        self, text: str, *, addressed: bool, where: Where = CONSOLE_WHERE, prefix: str | None = None
    ) -> Reply | None:
        """``respond`` then ``done``, for an edge that always shows the reply (the console, ``ask``)."""
        turn = self.respond(text, addressed=addressed, where=where, prefix=prefix)
        await self.done(turn, sent=True)
        return turn.reply

    async def run(self, name: str, args: str = "", *, where: Where = CONSOLE_WHERE, prefix: str | None = None) -> Reply:
        """``execute`` then ``done``, for an edge that always shows the reply."""
        turn = self.execute(name, args, where=where, prefix=prefix)
        await self.done(turn, sent=True)
        assert turn.reply is not None  # a known command always replies
        return turn.reply

    async def record(self, turn: Turn) -> None:
        """Record a question asked of the base.

        Answered: the entry given, no text. Unanswered when addressed to the bot, or a channel question that came
        close (``records.near_miss_score``): its text, capped, the nearest entry and its score. Anything else
        (chatter, help, unknown commands) is not recorded. The author only with ``records.record_authors``.
        """
        outcome, where = turn.outcome, turn.where
        if outcome.question is None:
            return
        rules = self.settings.records
        text: str | None = None
        if not outcome.answered:
            if not turn.addressed and not (rules.near_misses and outcome.score >= rules.near_miss_score):
                return
            text = outcome.question.replace(PREFIX, turn.prefix)[: rules.max_text]
        await self.store.add_question(
            QuestionRecord(
                server=where.server,
                channel=where.channel,
                answered=outcome.answered,
                addressed=turn.addressed,
                entry_id=outcome.nearest,
                score=outcome.score,
                text=text,
                author=where.author if rules.record_authors and text is not None else None,
            )
        )

    # ----- what the edges ask besides answers -------------------------------------------------------------------

    def command(self, name: str) -> Command | None:
        """The command called ``name`` (or one of its aliases)."""
        return COMMAND_NAMES.get(name.casefold())

    def unknown_command(self, name: str) -> Reply:
        return unknown_command(name)

    def usage(self, name: str) -> Reply:
        return usage(name)

    def complete(self, what: str, typed: str, limit: int = 25) -> list[str]:
        """Choices for a slash argument: 'policy' names, quote 'speaker's, 'compare' pairs."""
        return self.engine.complete(what, typed, limit)

    def counts(self) -> dict[str, int]:
        return self.engine.knowledge.counts()

    def tokens(self, text: str) -> list[str]:
        """``text`` as the base's words (grouping similar questions in the curators' reports)."""
        return self.engine.index.tokens(text)

    async def vote(self, vote: Vote) -> bool:
        """Record a vote; False when it could not be recorded."""
        await self.store.set_vote(vote)
        return self.store.available

    async def forget(self, server: str, *, settings: bool = False) -> Forgotten | None:
        return await self.store.forget(server, settings=settings)

    async def stored_settings(self, server: str | None = None) -> dict[str, dict[str, Any]]:
        """Every server's stored settings (or one server's): {server: {key: value}}."""
        return await self.store.server_settings(server)

    async def put_setting(self, server: str, key: str, value: Any) -> bool:
        return await self.store.put_setting(server, key, value)

    @property
    def storage_readable(self) -> bool:
        return self.store.readable

    @property
    def storage_problem(self) -> str | None:
        return self.store.problem

    # ----- reload ------------------------------------------------------------------------------------------

    def reload(self) -> Reply:
        """Re-read the knowledge folder. On any error the running base stays and the reply lists the errors."""
        with self._lock:
            try:
                engine = self._build(self.settings)
            except KnowledgeError as exc:
                log.warning("Reload failed, keeping the running base:\n%s", exc)
                shown = exc.errors[:MAX_ERRORS_SHOWN]
                more = len(exc.errors) - len(shown)
                body = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
                return Reply(Kind.ERROR, "Reload failed: the running knowledge base is kept", body)
            self.engine = engine
        counts = engine.knowledge.counts()
        log.info("Knowledge reloaded: %s", counts)
        fields = tuple(Field(kind.title(), str(n), inline=True) for kind, n in counts.items())
        return Reply(Kind.INFO, "Knowledge reloaded", f"From `{self.settings.knowledge_dir}`.", fields=fields)
