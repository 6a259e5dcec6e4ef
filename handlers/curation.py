"""The curators' reports, platform-neutral: unanswered questions grouped into a to-do list, and usage stats.

The same Reply goes to ``!unanswered`` / ``!stats`` on Discord and to ``bot.py unanswered`` / ``bot.py stats``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from config import DEFAULT_DAYS
from handlers.core.reply import PREFIX, Field, Kind, Reply
from handlers.storage import Dismissal, Stats, Store, Unanswered, utcnow
from knowledge.learned import wording_key

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
        key = group_key(row.text, tokens)
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


def group_key(text: str, tokens: Callable[[str], list[str]]) -> str:
    """What a question is grouped by: its content words, sorted."""
    return " ".join(sorted(set(tokens(text)))) or text.casefold().strip()


def digest(text: str) -> str:
    """A short, stable name for a wording, that a button's custom id can carry (the wording itself may not fit)."""
    return hashlib.blake2b(text.encode(), digest_size=6, person=b"ib-group").hexdigest()


@dataclass(frozen=True)
class Review:
    """The period's groups of unanswered questions, by what became of them."""

    open: list[Group]
    linked: list[Group]  # a curator linked one of its wordings to an entry
    dismissed: list[Group]  # a curator marked it done
    answered: list[Group]  # answered now all the same: a new entry, a better matcher

    @property
    def total(self) -> int:
        return len(self.open) + len(self.linked) + len(self.dismissed) + len(self.answered)

    def progress(self) -> Field | None:
        """How many of the period's groups were linked, dismissed, answered since, or are still open."""
        if len(self.open) == self.total:
            return None
        n = self.total
        text = (
            f"Of {n} group{'s' * (n != 1)}: {len(self.linked)} linked to an entry, {len(self.dismissed)} dismissed, "
            f"{len(self.answered)} answered since, {len(self.open)} still open."
        )
        return Field("Progress", text)


def dismissed_by(group: Group, dismissals: Sequence[Dismissal], tokens: Callable[[str], list[str]]) -> bool:
    """Whether the group is off the list: every server it was asked in dismissed it (or every server's list did)."""
    wordings = {wording_key(w) for w in group.wordings}

    def matches(d: Dismissal) -> bool:
        if wording_key(d.wording) in wordings:
            return True
        return fuzz.token_sort_ratio(group_key(d.wording, tokens), group.key) >= SIMILAR

    found = [d for d in dismissals if matches(d)]
    return bool(found) and all(any(d.server in (None, server) for d in found) for server in group.servers)


def unanswered_reply(
    groups: Sequence[Group], days: int, title_of: Callable[[str], str], scope: str, review: Review | None = None
) -> Reply:
    """The to-do list: each group with its count, nearest entry and score; with ``review``, how many of the
    period's groups the curators dealt with."""
    period = f"the last {days} day{'s' * (days != 1)}"
    progress = review.progress() if review else None
    if not groups and progress:
        body = f"Every question that went unanswered {scope} in {period} has been dealt with."
        return Reply(Kind.INFO, "No unanswered questions", body, fields=(progress,))
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
    body += f' Or link a question to its entry: `{PREFIX}link "question" entry-id` (bot owners and curators).'
    if len(groups) > len(shown):
        body += f" Showing the first {len(shown)}."
    fields = (progress,) if progress else ()
    return Reply(Kind.LIST, "Unanswered questions", body, items=items, answered=True, fields=fields)


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

    def answers_now(self, text: str) -> bool:
        """Whether the base answers ``text`` now."""
        raise NotImplementedError

    async def review_unanswered(self, server: str | None, days: int = DEFAULT_DAYS) -> Review:
        """The period's groups: linked (one of its wordings was), dismissed (in every server it was asked in),
        answered since, or still open."""
        rows = await self.store.unanswered(server, utcnow() - dt.timedelta(days=days))
        groups = group_unanswered(rows, self.tokens)
        dismissals = await self.store.dismissals(server) if groups else []
        learned = {wording_key(w) for _, w in self.engine.knowledge.learned}
        review = Review([], [], [], [])
        for group in groups:
            if any(wording_key(w) in learned for w in group.wordings):
                review.linked.append(group)
            elif dismissals and dismissed_by(group, dismissals, self.tokens):
                review.dismissed.append(group)
            elif self.answers_now(group.text):
                review.answered.append(group)
            else:
                review.open.append(group)
        return review

    async def unanswered_groups(self, server: str | None, days: int = DEFAULT_DAYS) -> list[Group]:
        """The to-do list: the period's groups still open."""
        return (await self.review_unanswered(server, days)).open

    async def unanswered_wording(self, server: str | None, name: str) -> str | None:
        """The unanswered question whose ``digest`` is ``name`` (a button names its group so), or None."""
        rows = await self.store.unanswered(server, None)
        return next((row.text for row in rows if digest(row.text) == name), None)

    async def unanswered_report(self, server: str | None, days: int = DEFAULT_DAYS, scope: str = "here") -> Reply:
        if not self.store.readable:
            return self.unavailable()
        review = await self.review_unanswered(server, days)
        return unanswered_reply(review.open, days, self.title_of, scope, review)

    async def stats_report(self, server: str | None, days: int = DEFAULT_DAYS, scope: str = "here") -> Reply:
        if not self.store.readable:
            return self.unavailable()
        stats = await self.store.stats(server, utcnow() - dt.timedelta(days=days))
        return stats_reply(stats, days, self.title_of, scope, by_server=server is None)

    def unavailable(self) -> Reply:
        problem = self.store.problem or "unknown problem"
        return Reply(Kind.ERROR, UNAVAILABLE, f"{problem}.\nThe bot keeps answering; nothing is being recorded.")
