"""The Service: the edges' only way in. It holds the settings, the current engine and the store.

Discord, the console and ``bot.py ask`` all go through it:

- ``respond`` (a message in words, or a command line with the server's prefix) and ``execute`` (a command by
  name, as Discord's hybrid commands call it) return a ``Turn``: the reply, and what to record;
- ``done(turn, sent=...)`` records the question for the curators once the edge knows whether the reply went out;
  ``handle`` and ``run`` do both, for edges where a reply is always shown (the console, ``ask``);
- votes, forget, per-server settings, the curators' reports, autocomplete and ``reload`` go through it too.

Every reply is written in a language: ``lang="vi"`` on any of these calls, or by default ``settings.language``
(``BOT_LANGUAGE``). Discord passes each server's own (``!config language``).

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
from handlers import i18n
from handlers.core.commands import COMMAND_NAMES, COMMANDS, Command, unknown_command, usage
from handlers.core.context import AFTER, Conversations, entry_by_id, follow_up, followed_up, resolve, topic_question
from handlers.core.engine import Engine, Outcome
from handlers.core.reply import PREFIX, Field, Kind, Reply
from handlers.core.saved import engine_for
from handlers.curation import Reports
from handlers.i18n import Lang
from handlers.storage import (
    CONSOLE,
    EVERY_SERVER,
    LEARNED,
    RELOAD,
    SETTINGS,
    Forgotten,
    Notice,
    NullStore,
    QuestionRecord,
    Store,
    Vote,
    open_store,
    utcnow,
)
from handlers.teaching import Teaching
from knowledge import KnowledgeError

log = logging.getLogger(__name__)

MAX_ERRORS_SHOWN = 15


@dataclass(frozen=True)
class Where:
    """Where a message came from: a server (its id, ``dm`` or ``console``), a channel, and who sent it."""

    server: str = CONSOLE
    channel: str | None = None
    author: str | None = None
    conversation: str | None = None  # one console session or `bot.py ask` call: its follow-ups are its own

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        """The conversation a message belongs to: a member in a channel, or one session."""
        return (self.server, self.channel, self.author, self.conversation)


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


class Service(Reports, Teaching):
    commands: tuple[Command, ...] = COMMANDS  # the command registry, for help texts and slash commands

    def __init__(self, settings: Settings, engine: Engine, store: Store | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.store: Store = store if store is not None else NullStore()
        self._lock = threading.Lock()
        self._reloads: set[asyncio.Task[object]] = set()  # reloads asked for by another process, running
        self._listeners: list[Notice] = [self._heard]  # who hears the other processes' notices
        self._base = engine.knowledge  # the base as the folder gives it, without the wordings learned in the store
        self._base_key = engine.key  # the saved index's key of that base (handlers.core.saved), when known
        self._learned: tuple[tuple[str, str], ...] = ()  # the learned (entry id, wording)s the engine was built with
        self._learning = asyncio.Lock()
        self.conversations = Conversations()  # the topic of each conversation, for follow-up questions
        self.warm = False  # make the ranker's tables at start and after each reload (Service.start)

    @classmethod
    def start(cls, settings: Settings, *, warm: bool = False) -> Service:
        """Load the base named by the settings; raises KnowledgeError when it is invalid. ``warm``: a long-running
        bot (Discord, the console) makes the ranker's tables now, and again after each reload."""
        service = cls(settings, cls._build(settings))
        service.warm = warm
        service._install(service.engine)
        return service

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
        await self.sync_learned()  # the wordings curators linked (`bot.py link`, the Link buttons)
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
        """A notice from another process: ``RELOAD`` (`!reload` there) reloads the knowledge base here too;
        ``LEARNED`` (a link there), or hearing again after a gap, reads the learned wordings again."""
        task: asyncio.Task[object] | None = None
        if topic == RELOAD:
            task = asyncio.get_running_loop().create_task(asyncio.to_thread(self.reload))
        elif topic == LEARNED or (topic == SETTINGS and payload == EVERY_SERVER):
            task = asyncio.get_running_loop().create_task(self.sync_learned())
        if task is not None:
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

    def lang(self, lang: Lang | None = None) -> Lang:
        """``lang``, or the settings' language."""
        return lang or self.settings.language

    def respond(
        self,
        text: str,
        *,
        addressed: bool,
        where: Where = CONSOLE_WHERE,
        prefix: str | None = None,
        lang: Lang | None = None,
    ) -> Turn:
        """A message: a command line when it starts with ``prefix`` (the server's own), else words."""
        prefix = prefix or self.settings.prefix
        stripped = text.lstrip()
        if stripped.startswith(prefix):
            name, _, args = stripped[len(prefix) :].partition(" ")
            return self.execute(name.strip(), args, where=where, prefix=prefix, lang=lang)
        return Turn(self._words(text, addressed, where, self.lang(lang)), addressed, where, prefix)

    def execute(
        self,
        name: str,
        args: str = "",
        *,
        where: Where = CONSOLE_WHERE,
        prefix: str | None = None,
        lang: Lang | None = None,
    ) -> Turn:
        """A known command by name with its argument text (Discord's hybrid commands)."""
        lang = self.lang(lang)
        command = self.command(name) if name[:1].isalpha() else None
        if command is not None and command.name == "ask" and args.strip():
            outcome = self._words(args, True, where, lang)
            if outcome.reply is not None:
                return Turn(outcome, True, where, prefix or self.settings.prefix)
        return Turn(self.engine.execute(name, args, lang=lang), True, where, prefix or self.settings.prefix)

    def _words(self, text: str, addressed: bool, where: Where, lang: Lang) -> Outcome:
        """A message in words: a follow-up on the conversation's topic when it is one, else a question of its own."""
        follow = follow_up(text)
        topic = self.conversations.get(where.key) if follow else None
        if follow and topic:
            outcome = resolve(self.engine, topic, follow, addressed=addressed, lang=lang)
            if outcome is not None:
                return outcome
        return self.engine.respond(text, addressed=addressed, lang=lang)

    def show(
        self, entry_id: str, *, where: Where = CONSOLE_WHERE, prefix: str | None = None, lang: Lang | None = None
    ) -> Turn:
        """The card of one entry, as a press on a suggestion (or its number in the console) asks for it. Once sent
        (``done``) it is recorded as an answered question and becomes the conversation's topic."""
        prefix = prefix or self.settings.prefix
        entry = entry_by_id(self.engine, entry_id)
        lang = self.lang(lang)
        if entry is None:  # the base was reloaded without it since the suggestion was made
            body = i18n.text("show.gone", lang, prefix=PREFIX)
            gone = Reply(Kind.UNKNOWN, i18n.text("show.gone_title", lang), body, lang=lang)
            return Turn(Outcome(gone), True, where, prefix)
        reply = self.engine.cards.entry(entry, None, lang=lang)
        return Turn(Outcome(reply, f"{PREFIX}show {entry_id}", entry_id, 1.0), True, where, prefix)

    async def done(self, turn: Turn, *, sent: bool) -> None:
        """The edge sent the reply, or could not, or chose not to (a cooldown). The question is recorded when its
        reply went out, or when silence was the outcome (a channel question that came close); a reply that was
        never sent is not recorded as given."""
        if sent:
            self._follow(turn)
        if sent or turn.reply is None:
            await self.record(turn)

    def _follow(self, turn: Turn) -> None:
        """After a reply went out: an answer becomes the conversation's topic; another question (not chatter, not
        help) that got none ends it; a follow-up keeps it (fresh for a few more minutes)."""
        outcome, key = turn.outcome, turn.where.key
        if outcome.question is None:
            return
        if followed_up(outcome):
            if (known := self.conversations.get(key)) is not None:
                self.conversations.remember(key, known.entry_id, known.question)
        elif outcome.answered and outcome.nearest:
            self.conversations.remember(key, outcome.nearest, topic_question(self.engine, outcome))
        else:
            self.conversations.forget(key)

    async def handle(
        self,
        text: str,
        *,
        addressed: bool,
        where: Where = CONSOLE_WHERE,
        prefix: str | None = None,
        lang: Lang | None = None,
    ) -> Reply | None:
        """``respond`` then ``done``, for an edge that always shows the reply (the console, ``ask``)."""
        turn = self.respond(text, addressed=addressed, where=where, prefix=prefix, lang=lang)
        await self.done(turn, sent=True)
        return turn.reply

    async def run(
        self,
        name: str,
        args: str = "",
        *,
        where: Where = CONSOLE_WHERE,
        prefix: str | None = None,
        lang: Lang | None = None,
    ) -> Reply:
        """``execute`` then ``done``, for an edge that always shows the reply."""
        turn = self.execute(name, args, where=where, prefix=prefix, lang=lang)
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

    def unknown_command(self, name: str, lang: Lang | None = None) -> Reply:
        return unknown_command(name, self.lang(lang))

    def usage(self, name: str, lang: Lang | None = None) -> Reply:
        return usage(name, lang=self.lang(lang))

    def complete(self, what: str, typed: str, limit: int = 25) -> list[str]:
        """Choices for a slash argument: 'policy' names, quote 'speaker's, 'compare' pairs."""
        return self.engine.complete(what, typed, limit)

    def answers_now(self, text: str) -> bool:
        """Whether the running base answers ``text`` (a question on the curators' list) now. A follow-up, recorded
        with what it followed ("when? (after: ...)"), is not a question of its own: it is never taken as answered."""
        if AFTER in text:
            return False
        engine = self.engine
        cache = self.__dict__.get("_answers")
        if cache is None or cache[0] is not engine:
            cache = self.__dict__["_answers"] = (engine, {})
        if text not in cache[1]:
            if len(cache[1]) > 10_000:
                cache[1].clear()
            cache[1][text] = self.respond(text, addressed=True).outcome.answered
        return bool(cache[1][text])

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

    def reload(self, lang: Lang | None = None) -> Reply:
        """Re-read the knowledge folder (keeping the learned wordings). On any error the running base stays and the
        reply lists the errors."""
        lang = self.lang(lang)
        with self._lock:
            try:
                engine = self._build(self.settings)  # the saved index when it is the folder's, else built and saved
                base, base_key = engine.knowledge, engine.key
                if self._learned:
                    engine = self._engine_for(base, self._learned, base_key)
            except KnowledgeError as exc:
                log.warning("Reload failed, keeping the running base:\n%s", exc)
                shown = exc.errors[:MAX_ERRORS_SHOWN]
                more = len(exc.errors) - len(shown)
                body = "\n".join(shown) + (i18n.text("reload.more", lang, count=more) if more > 0 else "")
                return Reply(Kind.ERROR, i18n.text("reload.failed_title", lang), body, lang=lang)
            self._base, self._base_key = base, base_key
            self._install(engine)
        counts = engine.knowledge.counts()
        log.info("Knowledge reloaded: %s", counts)
        fields = tuple(Field(i18n.text(f"kind.{kind}", lang), str(n), inline=True) for kind, n in counts.items())
        body = i18n.text("reload.body", lang, folder=self.settings.knowledge_dir)
        return Reply(Kind.INFO, i18n.text("reload.title", lang), body, fields=fields, lang=lang)
