"""The curators' reports, platform-neutral: unanswered questions grouped into a to-do list, and usage stats.

The same Reply goes to ``!unanswered`` / ``!stats`` on Discord and to ``bot.py unanswered`` / ``bot.py stats``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from config import DEFAULT_DAYS
from handlers.core.reply import Field, Kind, Reply
from handlers.storage import Stats, Store, Unanswered, utcnow

UNAVAILABLE = "Storage is unavailable, so there are no records to show"
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)
SIMILAR = 85  # token_sort_ratio of two questions' content words at which they count as one question
MAX_GROUPS = 100


@dataclass
class Group:
    """Unanswered questions asked in (nearly) the same words."""

    key: str
    wordings: Counter[str] = field(default_factory=Counter)
    nearest: Counter[str] = field(default_factory=Counter)
    best_score: float = 0.0
    last_asked: dt.datetime = NEVER
    servers: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return sum(self.wordings.values())

    @property
    def text(self) -> str:
        """The most asked wording (the newest of equals)."""
        return self.wordings.most_common(1)[0][0]

    @property
    def nearest_entry(self) -> str | None:
        return self.nearest.most_common(1)[0][0] if self.nearest else None

    def add(self, row: Unanswered) -> None:
        self.wordings[row.text] += 1
        if row.nearest:
            self.nearest[row.nearest] += 1
        self.best_score = max(self.best_score, row.score)
        self.last_asked = max(self.last_asked, row.asked_at)
        self.servers.add(row.server)


def group_unanswered(
    rows: Iterable[Unanswered], tokens: Callable[[str], list[str]], similar: int = SIMILAR
) -> list[Group]:
    """Group questions whose content words (folded, stemmed, synonyms applied) are alike; most asked first.

    Rows come newest first, so each group's wording of record is its most asked, then its newest.
    """
    groups: list[Group] = []
    keys: list[str] = []
    by_key: dict[str, Group] = {}
    for row in rows:
        key = " ".join(sorted(set(tokens(row.text)))) or row.text.casefold().strip()
        group = by_key.get(key)
        if group is None:
            found = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=similar) if keys else None
            group = groups[found[2]] if found else None
            if group is None:
                group = Group(key)
                groups.append(group)
                keys.append(key)
            by_key[key] = group
        group.add(row)
    groups.sort(key=lambda g: (-g.count, -g.last_asked.timestamp()))
    return groups


def unanswered_reply(groups: Sequence[Group], days: int, title_of: Callable[[str], str], scope: str) -> Reply:
    """The to-do list: each group with its count, nearest entry and score."""
    period = f"the last {days} day{'s' * (days != 1)}"
    if not groups:
        return Reply(Kind.INFO, "No unanswered questions", f"Nothing went unanswered {scope} in {period}.")
    total = sum(g.count for g in groups)
    shown = groups[:MAX_GROUPS]
    items = tuple(_group_line(g, title_of) for g in shown)
    body = (
        f"{total} question{'s' * (total != 1)} {scope} in {period} got no answer, in {len(groups)} group"
        f"{'s' * (len(groups) != 1)}, most asked first. Add an answer (or a `questions:` line to the nearest "
        "entry) in the knowledge base, then reload."
    )
    if len(groups) > len(shown):
        body += f" Showing the first {len(shown)}."
    return Reply(Kind.LIST, "Unanswered questions", body, items=items, answered=True)


def _group_line(group: Group, title_of: Callable[[str], str]) -> str:
    text = _short(group.text, 150)
    others = len(group.wordings) - 1
    line = f"**{group.count}×** “{text}”" + (f" (+{others} similar wording{'s' * (others != 1)})" if others else "")
    nearest = group.nearest_entry
    if nearest:
        line += f"\n  nearest: {title_of(nearest)} (`{nearest}`, score {group.best_score:.2f})"
    return line


def unanswered_csv(groups: Sequence[Group], title_of: Callable[[str], str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["count", "question", "other_wordings", "nearest_id", "nearest_title", "best_score", "last_asked",
                     "servers"])  # fmt: skip
    for g in groups:
        nearest = g.nearest_entry or ""
        others = " | ".join(w for w, _ in g.wordings.most_common() if w != g.text)
        writer.writerow([
            g.count, _cell(g.text), _cell(others), nearest, _cell(title_of(nearest)) if nearest else "",
            f"{g.best_score:.2f}", g.last_asked.isoformat(timespec="seconds"), " ".join(sorted(g.servers)),
        ])  # fmt: skip
    return out.getvalue()


def _cell(text: str) -> str:
    """A member's words in a spreadsheet cell: never read as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def stats_reply(stats: Stats, days: int, title_of: Callable[[str], str], scope: str, *, by_server: bool) -> Reply:
    period = f"the last {days} day{'s' * (days != 1)}"
    if not stats.asked and not stats.votes:
        return Reply(Kind.INFO, "No questions yet", f"Nobody asked the base anything {scope} in {period}.")
    rate = stats.answered / stats.asked if stats.asked else 0.0
    body = (
        f"{stats.asked} question{'s' * (stats.asked != 1)} {scope} in {period}: {stats.answered} answered "
        f"({rate:.0%}), {stats.unanswered} unanswered when asked directly, {stats.near_misses} channel "
        "question(s) that came close."
    )
    fields = []
    if stats.top_entries:
        lines = [f"{n}× {title_of(e)} (`{e}`)" for e, n in stats.top_entries]
        fields.append(Field("Most used entries", "\n".join(lines)))
    if stats.votes:
        lines = [f"{v.not_helpful} not helpful, {v.helpful} helpful: {title_of(v.entry_id)} (`{v.entry_id}`)"
                 for v in stats.votes]  # fmt: skip
        fields.append(Field("Fix first (most “not helpful” votes)", "\n".join(lines)))
    else:
        fields.append(Field("Fix first (most “not helpful” votes)", "No “not helpful” votes."))
    if by_server and stats.servers:
        lines = [f"{server}: {n} asked, {a} answered" for server, n, a in stats.servers]
        fields.append(Field("By server", "\n".join(lines)))
    return Reply(Kind.INFO, "Question stats", body, fields=tuple(fields), answered=True)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Reports:
    """The reports as the Service gives them (it mixes this in): read from its store, titled from its base."""

    store: Store
    engine: Any
    _titles: tuple[object, dict[str, str]] = (None, {})

    def tokens(self, text: str) -> list[str]:
        raise NotImplementedError

    def title_of(self, entry_id: str) -> str:
        """An entry's heading for a report; an id the base no longer has says so."""
        knowledge = self.engine.knowledge
        if self._titles[0] is not knowledge:
            titles = {
                e.id: str(getattr(e, "title", None) or getattr(e, "name", None) or e.id) for _, e in knowledge.entries()
            }
            self._titles = (knowledge, titles)
        return self._titles[1].get(entry_id, "(no longer in the base)")

    async def unanswered_groups(self, server: str | None, days: int = DEFAULT_DAYS) -> list[Group]:
        rows = await self.store.unanswered(server, utcnow() - dt.timedelta(days=days))
        return group_unanswered(rows, self.tokens)

    async def unanswered_report(self, server: str | None, days: int = DEFAULT_DAYS, scope: str = "here") -> Reply:
        groups = await self.unanswered_groups(server, days)
        if not self.store.readable:  # checked after the read: a read that fails (a damaged file) makes it so
            return self.unavailable()
        return unanswered_reply(groups, days, self.title_of, scope)

    async def stats_report(self, server: str | None, days: int = DEFAULT_DAYS, scope: str = "here") -> Reply:
        stats = await self.store.stats(server, utcnow() - dt.timedelta(days=days))
        if not self.store.readable:
            return self.unavailable()
        return stats_reply(stats, days, self.title_of, scope, by_server=server is None)

    def unavailable(self) -> Reply:
        problem = self.store.problem or "unknown problem"
        return Reply(Kind.ERROR, UNAVAILABLE, f"{problem}.\nThe bot keeps answering; nothing is being recorded.")
