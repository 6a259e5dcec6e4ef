"""Curators teach the bot (the Service mixes this in): link a wording to an entry, take it back, dismiss a group.

A link is kept in the store (who, when) and becomes one of the entry's phrasings: the engine is rebuilt from the
base plus every learned wording, off the event loop, in this process at once and in the others when they hear of
it (PostgreSQL's notices) or read the learned wordings again (``sync_learned``, which the Discord bot runs every
``SYNC_SECONDS``: SQLite's processes hear nothing of each other). The edges decide who may teach; this module
decides what may be taught: an entry the base has, and a wording no other entry is known by.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz, process

from config import MAX_DAYS, Settings
from handlers import i18n
from handlers.core.engine import Engine
from handlers.core.reply import Kind, Reply, echo
from handlers.core.saved import engine_with, settle
from handlers.core.text import clean
from handlers.curation import dismissed_by
from handlers.i18n import DEFAULT, Lang
from handlers.storage import Dismissal, Learned, Store
from knowledge import Knowledge
from knowledge.learned import conflict, export_yaml, title_of, wording_key
from knowledge.models import Entry

SYNC_SECONDS = 30.0  # how often a running bot reads the learned wordings again (another process may have linked)
NOT_STORED = i18n.text("teach.not_stored")


class Teaching:
    """What the Service gives the curators to teach with. It holds ``settings``, ``store``, ``engine``, the base
    as the folder gives it (``_base``, read under the saved index's key ``_base_key``) and the learned wordings the
    engine was built with (``_learned``)."""

    settings: Settings
    store: Store
    engine: Engine
    warm: bool  # a long-running bot: make the ranker's tables and settle the heap for each engine (Service.start)
    _base: Knowledge
    _base_key: str | None
    _learned: tuple[tuple[str, str], ...]
    _lock: threading.Lock
    _learning: asyncio.Lock
    storage_trouble: Callable[..., str]  # the kind of storage trouble, without the host's details (Reports)
    _titled: tuple[object, list[tuple[str, str]]] = (None, [])  # the base and its entries' (title, id)s

    # ----- the engine: the base plus what was learned ------------------------------------------------------

    def _engine_for(self, base: Knowledge, learned: tuple[tuple[str, str], ...], base_key: str | None = None) -> Engine:
        """The engine for ``base`` plus ``learned``: from the data folder's saved index for exactly these when there
        is one, else built and saved (``handlers.core.saved.engine_with``). ``base_key``: the saved index's key of
        ``base`` (default: that of the running base, ``_base_key``)."""
        if base is self._base and base_key is None:
            base_key = self._base_key
        return engine_with(base, base_key, self.settings.data_path, self.settings.matching, learned)

    def _install(self, engine: Engine) -> None:
        """Make ``engine`` the one that answers. A long-running bot (``warm``) makes its ranker's tables first and
        then settles the heap (``handlers.core.saved.settle``); a one-shot command does neither."""
        if self.warm:
            engine.warm()
        self.engine = engine
        if self.warm:
            settle()

    def _rebuild(self, learned: tuple[tuple[str, str], ...]) -> None:
        """Build the engine from the base and ``learned`` (in a worker thread: it takes a tenth of a second)."""
        with self._lock:
            self._install(self._engine_for(self._base, learned))
            self._learned = learned

    async def sync_learned(self) -> bool:
        """Read the learned wordings from the store; rebuild the engine when they changed. True when rebuilt.

        Called on opening the store, after a link here, on another process's notice and every ``SYNC_SECONDS``
        in the Discord bot. A store that cannot be read changes nothing (the wordings are unknown, not gone)."""
        async with self._learning:
            rows = await self.store.learned()
            if rows is None:
                return False
            pairs = tuple((row.entry_id, row.wording) for row in rows)
            if pairs == self._learned:
                return False
            await asyncio.to_thread(self._rebuild, pairs)
            return True

    # ----- entries, as curators name them ------------------------------------------------------------------

    def find_entry(self, text: str) -> Entry | None:
        """The entry ``text`` names: its id, or its title (or name) exactly, folded."""
        knowledge = self.engine.knowledge
        text = text.strip()
        found = knowledge.entry(text) or knowledge.entry(text.lower())
        if found is not None:
            return found
        key = wording_key(text)
        found_id = next((e for title, e in self._entry_titles() if key and wording_key(title) == key), None)
        return knowledge.entry(found_id) if found_id is not None else None

    def entry_choices(self, typed: str, limit: int = 25) -> list[tuple[str, str]]:
        """(title, id) of the entries whose title or id is closest to ``typed`` (all, in the base's order, when
        nothing is typed): the choices of a slash command's autocomplete."""
        titles = self._entry_titles()
        if not typed.strip():
            return titles[:limit]
        labels = {i: f"{title} {entry_id}" for i, (title, entry_id) in enumerate(titles)}
        found = process.extract(typed, labels, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
        return [titles[i] for _, _, i in found]

    def _entry_titles(self) -> list[tuple[str, str]]:
        """(title, id) of every entry, in the base's order: read once per base (a large one keeps its entries as
        JSON, and reading them all takes a while), not once per keystroke of an autocomplete."""
        knowledge = self.engine.knowledge
        if self._titled[0] is not knowledge:
            self._titled = (knowledge, [(title_of(e), e.id) for _, e in knowledge.entries()])
        return self._titled[1]

    def candidates(self, text: str, limit: int = 25) -> list[Entry]:
        """The entries ``text`` comes closest to, best first: what a curator would link it to."""
        return [hit.entry for hit in self.engine.search(clean(text), limit=limit)]

    # ----- teaching ----------------------------------------------------------------------------------------

    def why_not(self, wording: str, entry: Entry, lang: Lang = DEFAULT) -> str | None:
        """Why ``wording`` may not become one of ``entry``'s phrasings, or None."""
        engine = self.engine
        text = clean(wording)
        if not text:
            return i18n.text("teach.no_words", lang)
        if len(text) > self.settings.records.max_text:
            return i18n.text("teach.too_long", lang, count=self.settings.records.max_text)
        if engine.index.analyse(text).chatter:
            return i18n.text("teach.chatter", lang)
        reason = conflict(engine.knowledge, text, entry.id)
        if reason:
            return reason
        key = " ".join(engine.index.tokens(text))
        for i in engine.index.names.get(key, ()):
            _, other = engine.index.entries[i]
            if other.id != entry.id:
                return i18n.text("teach.names_other", lang, title=title_of(other), id=other.id)
        taught = engine.learned.get(key)
        if taught is not None and taught.id != entry.id:
            return i18n.text("teach.already_linked", lang, title=title_of(taught), id=taught.id)
        return None

    async def learn(self, wording: str, entry: str, *, by: str, lang: Lang = DEFAULT) -> Reply:
        """Link ``wording`` to the entry ``entry`` names (an id or a title): from now on one of its phrasings, in
        every process. An error Reply says why not."""
        wording = " ".join(wording.split())
        target = self.find_entry(entry)
        if target is None:
            near = [f"`{entry_id}` ({title})" for title, entry_id in self.entry_choices(entry, 3)]
            hint = i18n.text("teach.did_you_mean", lang, entries=", ".join(near)) if near else ""
            body = i18n.text("teach.no_entry", lang, entry=echo(entry)) + hint
            return Reply(Kind.ERROR, i18n.text("teach.no_entry_title", lang), body, lang=lang)
        reason = self.why_not(wording, target, lang)
        if reason:
            body = i18n.text("teach.not_linked", lang, wording=echo(wording), title=title_of(target), reason=reason)
            return Reply(Kind.ERROR, i18n.text("teach.not_linked_title", lang), body, lang=lang)
        if not await self.store.add_learned(Learned(wording, target.id, by)):
            return Reply(Kind.ERROR, i18n.text("teach.not_stored", lang), f"{self.storage_trouble(lang)}.", lang=lang)
        await self.sync_learned()
        body = i18n.text("teach.linked", lang, wording=echo(wording), title=title_of(target), id=target.id)
        return Reply(Kind.INFO, i18n.text("teach.linked_title", lang), body, entry_id=target.id, lang=lang)

    async def unlearn(self, wording: str) -> Reply:
        """Take a learned wording back, in every process."""
        gone = await self.store.remove_learned(wording)
        if gone is None:
            return Reply(Kind.ERROR, NOT_STORED, f"{self.storage_trouble()}.")
        if not gone:
            in_file = any(wording_key(w) == wording_key(wording) for _, w in self._base.learned)
            where = " It comes from learned.yaml in the knowledge folder: remove it there." if in_file else ""
            return Reply(Kind.ERROR, "Nothing to take back", f"No learned wording “{echo(wording)}”.{where}")
        await self.sync_learned()
        if any(wording_key(w) == wording_key(wording) for _, w in self._base.learned):
            body = f"“{echo(wording)}” is off the store, but learned.yaml in the knowledge folder still links it: "
            body += "remove it there too."
            return Reply(Kind.INFO, "Taken back from the store only", body)
        return Reply(Kind.INFO, "Taken back", f"“{echo(wording)}” is no longer linked to an entry.")

    async def dismiss(self, wording: str, *, server: str | None, by: str, lang: Lang = DEFAULT) -> Reply:
        """Mark the group of unanswered questions asked as ``wording`` done, in one server's list (or every
        server's, with None)."""
        wording = " ".join(wording.split())
        if not wording:
            return Reply(
                Kind.ERROR, i18n.text("teach.nothing_title", lang), i18n.text("teach.nothing", lang), lang=lang
            )
        dismissal = Dismissal(wording, server, by)
        where = i18n.text("teach.every_list" if server is None else "teach.this_list", lang)
        if self.store.readable:  # a wording no one asked ("bot.py dismiss" with a typo) dismisses nothing: say so
            groups = (await self.review_unanswered(server, MAX_DAYS)).open
            if not any(dismissed_by(group, [replace(dismissal, server=None)], self.tokens) for group in groups):
                body = i18n.text("teach.no_such_question", lang, wording=echo(wording), where=where)
                return Reply(Kind.ERROR, i18n.text("teach.nothing_dismissed", lang), body, lang=lang)
        if not await self.store.dismiss(dismissal):
            return Reply(Kind.ERROR, i18n.text("teach.not_stored", lang), f"{self.storage_trouble(lang)}.", lang=lang)
        body = i18n.text("teach.dismissed", lang, wording=echo(wording), where=where)
        return Reply(Kind.INFO, i18n.text("teach.dismissed_title", lang), body, lang=lang)

    async def learned_wordings(self) -> list[Learned] | None:
        return await self.store.learned()

    def export_learned(self, rows: list[Learned]) -> str:
        """``rows`` as learned.yaml, for the knowledge folder."""
        return export_yaml(rows, self._base)

    def entry_title(self, entry_id: str) -> str | None:
        entry = self.engine.knowledge.entry(entry_id)
        return title_of(entry) if entry else None
