"""What every edge holds: the settings, the current engine, and the store of the curators' records.

``handle`` and ``run`` are the one path from a message to a reply for Discord, the console and ``bot.py ask``: the
engine answers, and the question is recorded for the curators (see ``record``). ``reload`` keeps the last good base.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from config import DEFAULT_DAYS, Settings
from handlers import curation
from handlers.engine import Engine, Outcome
from handlers.reply import Field, Kind, Reply
from handlers.storage import CONSOLE, NullStore, QuestionRecord, Store, open_store, utcnow
from knowledge import KnowledgeError, load_knowledge

log = logging.getLogger(__name__)

MAX_ERRORS_SHOWN = 15
UNAVAILABLE = "Storage is unavailable, so there are no records to show"


@dataclass(frozen=True)
class Where:
    """Where a message came from: a server (its id, ``dm`` or ``console``), a channel, and who sent it."""

    server: str = CONSOLE
    channel: str | None = None
    author: str | None = None


CONSOLE_WHERE = Where()


class Service:
    def __init__(self, settings: Settings, engine: Engine, store: Store | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.store: Store = store if store is not None else NullStore()
        self._lock = threading.Lock()
        self._variants: dict[str, Engine] = {}
        self._titles: tuple[object, dict[str, str]] = (None, {})

    @classmethod
    def start(cls, settings: Settings) -> Service:
        """Load the base named by the settings; raises KnowledgeError when it is invalid."""
        return cls(settings, cls._build(settings))

    @staticmethod
    def _build(settings: Settings) -> Engine:
        knowledge = load_knowledge(settings.knowledge_path)
        return Engine(knowledge, settings.matching, settings.prefix)

    async def open_store(self, *, read_only: bool = False) -> Store:
        """Open the SQLite store in the data folder and prune records past retention. Never raises."""
        self.store = await open_store(self.settings.data_path, read_only=read_only)
        if not read_only:
            await self.prune()
        return self.store

    async def close(self) -> None:
        await self.store.close()

    async def prune(self) -> None:
        before = utcnow() - dt.timedelta(days=self.settings.records.retention_days)
        gone = await self.store.prune(before)
        if gone.questions or gone.votes:
            log.info("Pruned %d question(s) and %d vote(s) older than %s", gone.questions, gone.votes, before.date())

    # ----- the one path ------------------------------------------------------------------------------------

    def engine_for(self, prefix: str | None) -> Engine:
        """The engine, naming ``prefix`` in its replies (a server's own prefix)."""
        engine = self.engine
        if not prefix or prefix == engine.prefix:
            return engine
        variant = self._variants.get(prefix)
        if variant is None or variant.knowledge is not engine.knowledge:
            if len(self._variants) > 256:
                self._variants.clear()
            variant = self._variants[prefix] = engine.with_prefix(prefix)
        return variant

    async def handle(
        self, text: str, *, addressed: bool, where: Where = CONSOLE_WHERE, prefix: str | None = None
    ) -> Reply | None:
        """The reply to a message (None: silence), with the question recorded."""
        outcome = self.engine_for(prefix).respond(text, addressed=addressed)
        await self.record(outcome, addressed=addressed, where=where)
        return outcome.reply

    async def run(self, name: str, args: str = "", *, where: Where = CONSOLE_WHERE, prefix: str | None = None) -> Reply:
        """A known command by name (Discord's hybrid commands), with the question recorded."""
        outcome = self.engine_for(prefix).execute(name, args)
        await self.record(outcome, addressed=True, where=where)
        assert outcome.reply is not None
        return outcome.reply

    async def record(self, outcome: Outcome, *, addressed: bool, where: Where) -> None:
        """Record a question asked of the base.

        Answered: the entry given, no text. Unanswered when addressed to the bot, or a channel question that came
        close (``records.near_miss_score``): its text, capped, the nearest entry and its score. Anything else
        (chatter, help, unknown commands) is not recorded. The author only with ``records.record_authors``.
        """
        if outcome.question is None:
            return
        rules = self.settings.records
        text: str | None = None
        if not outcome.answered:
            if not addressed and not (rules.near_misses and outcome.score >= rules.near_miss_score):
                return
            text = outcome.question[: rules.max_text]
        await self.store.add_question(
            QuestionRecord(
                server=where.server,
                channel=where.channel,
                answered=outcome.answered,
                addressed=addressed,
                entry_id=outcome.nearest,
                score=outcome.score,
                text=text,
                author=where.author if rules.record_authors and text is not None else None,
            )
        )

    # ----- the curators' reports ---------------------------------------------------------------------------

    def title_of(self, entry_id: str) -> str:
        """An entry's heading for a report; an id the base no longer has says so."""
        knowledge = self.engine.knowledge
        if self._titles[0] is not knowledge:
            titles = {
                e.id: str(getattr(e, "title", None) or getattr(e, "name", None) or e.id) for _, e in knowledge.entries()
            }
            self._titles = (knowledge, titles)
        return self._titles[1].get(entry_id, "(no longer in the base)")

    async def unanswered_groups(self, server: str | None, days: int = DEFAULT_DAYS) -> list[curation.Group]:
        rows = await self.store.unanswered(server, utcnow() - dt.timedelta(days=days))
        return curation.group_unanswered(rows, self.engine.matcher.tokens)

    async def unanswered_report(self, server: str | None, days: int = DEFAULT_DAYS, scope: str = "here") -> Reply:
        groups = await self.unanswered_groups(server, days)
        if not self.store.readable:  # checked after the read: a read that fails (a damaged file) makes it so
            return self.unavailable()
        return curation.unanswered_reply(groups, days, self.title_of, scope)

    async def stats_report(self, server: str | None, days: int = DEFAULT_DAYS, scope: str = "here") -> Reply:
        stats = await self.store.stats(server, utcnow() - dt.timedelta(days=days))
        if not self.store.readable:
            return self.unavailable()
        return curation.stats_reply(stats, days, self.title_of, scope, by_server=server is None)

    def unavailable(self) -> Reply:
        problem = self.store.problem or "unknown problem"
        return Reply(Kind.ERROR, UNAVAILABLE, f"{problem}.\nThe bot keeps answering; nothing is being recorded.")

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
            self._variants.clear()
        counts = engine.knowledge.counts()
        log.info("Knowledge reloaded: %s", counts)
        fields = tuple(Field(kind.title(), str(n), inline=True) for kind, n in counts.items())
        return Reply(Kind.INFO, "Knowledge reloaded", f"From `{self.settings.knowledge_dir}`.", fields=fields)
