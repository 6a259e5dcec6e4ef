"""The curators' reports, platform-neutral: unanswered questions grouped into a to-do list, and usage stats.

The same Reply goes to ``!unanswered`` / ``!stats`` on Discord and to ``bot.py unanswered`` / ``bot.py stats``,
in the language asked for (``lang``), CSV headers included; members' questions and entries' titles stay as they are.
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
from handlers import i18n
from handlers.core.reply import PREFIX, Field, Kind, Reply, echo
from handlers.i18n import DEFAULT, Lang
from handlers.storage import Dismissal, Stats, Store, Unanswered, utcnow
from knowledge.learned import wording_key

UNAVAILABLE = i18n.text("unavailable.title")
CSV_COLUMNS = ("count", "question", "other_wordings", "nearest_id", "nearest_title", "best_score", "last_asked",
               "servers")  # fmt: skip
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

    def progress(self, lang: Lang = DEFAULT) -> Field | None:
        """How many of the period's groups were linked, dismissed, answered since, or are still open."""
        if len(self.open) == self.total:
            return None
        text = i18n.text(
            "review.progress",
            lang,
            groups=counted("groups", self.total, lang),
            linked=len(self.linked),
            dismissed=len(self.dismissed),
            answered=len(self.answered),
            open=len(self.open),
        )
        return Field(i18n.text("review.title", lang), text)


def dismissed_by(group: Group, dismissals: Sequence[Dismissal], tokens: Callable[[str], list[str]]) -> bool:
    """Whether the group is off the list: every server it was asked in dismissed it (or every server's list did)."""
    wordings = {wording_key(w) for w in group.wordings}

    def matches(d: Dismissal) -> bool:
        if wording_key(d.wording) in wordings:
            return True
        return fuzz.token_sort_ratio(group_key(d.wording, tokens), group.key) >= SIMILAR

    found = [d for d in dismissals if matches(d)]
    return bool(found) and all(any(d.server in (None, server) for d in found) for server in group.servers)


def counted(what: str, count: int, lang: Lang = DEFAULT) -> str:
    """'1 question', '3 questions' (``what``: questions, groups, wordings)."""
    return i18n.text(f"count.{what}.{'one' if count == 1 else 'other'}", lang, count=count)


def period(days: int, lang: Lang = DEFAULT) -> str:
    """'the last 30 days'."""
    return i18n.text("period.one" if days == 1 else "period.other", lang, days=days)


def unanswered_reply(
    groups: Sequence[Group],
    days: int,
    title_of: Callable[[str], str],
    scope: str,
    lang: Lang = DEFAULT,
    review: Review | None = None,
) -> Reply:
    """The to-do list: each group with its count, nearest entry and score. ``scope``: 'here', 'in every server'...;
    with ``review``, how many of the period's groups the curators dealt with."""
    when = period(days, lang)
    progress = review.progress(lang) if review else None
    if not groups and progress:
        body = i18n.text("review.all_done", lang, scope=scope, period=when)
        return Reply(Kind.INFO, i18n.text("unanswered.none_title", lang), body, fields=(progress,), lang=lang)
    if not groups:
        body = i18n.text("unanswered.none", lang, scope=scope, period=when)
        return Reply(Kind.INFO, i18n.text("unanswered.none_title", lang), body, lang=lang)
    total = sum(g.count for g in groups)
    shown = groups[:MAX_GROUPS]
    items = tuple(_group_line(g, title_of, lang) for g in shown)
    questions, grouped = counted("questions", total, lang), counted("groups", len(groups), lang)
    body = i18n.text("unanswered.body", lang, questions=questions, scope=scope, period=when, groups=grouped)
    body += i18n.text("review.link_hint", lang, prefix=PREFIX)
    if len(groups) > len(shown):
        body += i18n.text("unanswered.showing", lang, count=len(shown))
    fields = (progress,) if progress else ()
    title = i18n.text("unanswered.title", lang)
    return Reply(Kind.LIST, title, body, items=items, answered=True, fields=fields, lang=lang)


def _group_line(group: Group, title_of: Callable[[str], str], lang: Lang = DEFAULT) -> str:
    text = echo(_short(group.text, 150))
    others = len(group.wordings) - 1
    line = i18n.text("unanswered.line", lang, count=group.count, text=text)
    if others:
        line += i18n.text("unanswered.others", lang, wordings=counted("wordings", others, lang))
    nearest = group.nearest_entry
    if nearest:
        score = f"{group.best_score:.2f}"
        line += i18n.text("unanswered.nearest", lang, title=title_of(nearest), id=nearest, score=score)
    return line


def unanswered_csv(groups: Sequence[Group], title_of: Callable[[str], str], lang: Lang = DEFAULT) -> str:
    """One group a row, under a header row in ``lang`` (the columns are always ``CSV_COLUMNS``, in that order)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([i18n.text(f"csv.{column}", lang) for column in CSV_COLUMNS])
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


def stats_reply(
    stats: Stats, days: int, title_of: Callable[[str], str], scope: str, *, by_server: bool, lang: Lang = DEFAULT
) -> Reply:
    when = period(days, lang)
    if not stats.asked and not stats.votes:
        body = i18n.text("stats.none", lang, scope=scope, period=when)
        return Reply(Kind.INFO, i18n.text("stats.none_title", lang), body, lang=lang)
    rate = stats.answered / stats.asked if stats.asked else 0.0
    body = i18n.text(
        "stats.body",
        lang,
        questions=counted("questions", stats.asked, lang),
        scope=scope,
        period=when,
        answered=stats.answered,
        rate=f"{rate:.0%}",
        unanswered=stats.unanswered,
        near=stats.near_misses,
    )
    fields = []
    if stats.top_entries:
        lines = [i18n.text("stats.top_line", lang, count=n, title=title_of(e), id=e) for e, n in stats.top_entries]
        fields.append(Field(i18n.text("stats.top", lang), "\n".join(lines)))
    fix = i18n.text("stats.fix", lang)
    if stats.votes:
        lines = [
            i18n.text("stats.fix_line", lang, not_helpful=v.not_helpful, helpful=v.helpful,
                      title=title_of(v.entry_id), id=v.entry_id)
            for v in stats.votes
        ]  # fmt: skip
        fields.append(Field(fix, "\n".join(lines)))
    else:
        fields.append(Field(fix, i18n.text("stats.no_votes", lang)))
    if by_server and stats.servers:
        lines = [
            i18n.text("stats.server_line", lang, server=server, asked=n, answered=a) for server, n, a in stats.servers
        ]
        fields.append(Field(i18n.text("stats.by_server", lang), "\n".join(lines)))
    return Reply(Kind.INFO, i18n.text("stats.title", lang), body, fields=tuple(fields), answered=True, lang=lang)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Reports:
    """The reports as the Service gives them (it mixes this in): read from its store, titled from its base."""

    store: Store
    engine: Any

    def tokens(self, text: str) -> list[str]:
        raise NotImplementedError

    def title_of(self, entry_id: str, lang: Lang = DEFAULT) -> str:
        """An entry's heading for a report; an id the base no longer has says so."""
        e = self.engine.knowledge.entry(entry_id)
        if e is None:
            return i18n.text("unanswered.gone", lang)
        return str(getattr(e, "title", None) or getattr(e, "name", None) or e.id)

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

    def titles(self, lang: Lang = DEFAULT) -> Callable[[str], str]:
        """``title_of`` in ``lang`` (an entry no longer in the base says so in it)."""
        return lambda entry_id: self.title_of(entry_id, lang)

    async def unanswered_report(
        self,
        server: str | None,
        days: int = DEFAULT_DAYS,
        scope: str | None = None,
        lang: Lang = DEFAULT,
        review: Review | None = None,
    ) -> Reply:
        """``scope`` says where, in ``lang``: 'here' by default. ``review``: the period's, when already made."""
        review = review or await self.review_unanswered(server, days)
        if not self.store.readable:  # checked after the read: a read that fails (a damaged file) makes it so
            return self.unavailable(lang)
        where = scope or i18n.text("scope.here", lang)
        return unanswered_reply(review.open, days, self.titles(lang), where, lang, review)

    async def stats_report(
        self, server: str | None, days: int = DEFAULT_DAYS, scope: str | None = None, lang: Lang = DEFAULT
    ) -> Reply:
        stats = await self.store.stats(server, utcnow() - dt.timedelta(days=days))
        if not self.store.readable:
            return self.unavailable(lang)
        where = scope or i18n.text("scope.here", lang)
        return stats_reply(stats, days, self.titles(lang), where, by_server=server is None, lang=lang)

    def storage_trouble(self, lang: Lang = DEFAULT) -> str:
        """The kind of storage trouble, for a server's members: damaged, full, read-only, or else; never the host's
        details (paths, database host and user), which the bot's log gives with what to do."""
        said = (self.store.problem or "").casefold()
        kinds = ("damaged", "full", "read-only", "switched off")  # the stores' own words for the kinds of trouble
        kind = next((k.replace(" ", "_") for k in kinds if k in said), "unknown")
        return i18n.text(f"unavailable.{kind}", lang)

    def unavailable(self, lang: Lang = DEFAULT) -> Reply:
        """What a server's members see when storage is down: the kind of trouble, never the host's details (paths,
        database host and user); those are in the bot's log, with what to do."""
        body = i18n.text("unavailable.body", lang, problem=self.storage_trouble(lang))
        return Reply(Kind.ERROR, i18n.text("unavailable.title", lang), body, lang=lang)
