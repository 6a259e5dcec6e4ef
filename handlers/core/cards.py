"""Reply cards: an entry (or a few) as a ``Reply``, with its sources. Nothing here decides what to answer.

An entry keeps its own (English) text and source in every language; the labels around it follow ``lang``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from handlers import i18n
from handlers.core.reply import Citation, Field, Kind, Reply, Suggestion, Table, date_text
from handlers.i18n import DEFAULT, Lang
from knowledge.learned import title_of
from knowledge.models import Comparison, Entry, Fact, Knowledge, Policy, Quote, Source
from knowledge.text import fold


class Cards:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def entry(
        self, entry: Entry, confidence: float | None, sides: Sequence[int] | None = None, lang: Lang = DEFAULT
    ) -> Reply:
        """The card of one entry; ``sides``: the comparison's columns to show (all by default)."""
        common: dict[str, Any] = {"entry_id": entry.id, "confidence": confidence, "answered": True, "lang": lang}
        if isinstance(entry, Fact):
            fallback = i18n.text("card.fact", lang)
            title = entry.title or (sentence(entry.questions[0]) if entry.questions else fallback)
            fields = (Field(i18n.text("card.note", lang), entry.note),) if entry.note else ()
            cites = self.cite([entry.source], lang)
            return Reply(Kind.FACT, title, entry.text, fields=fields, citations=cites, **common)
        if isinstance(entry, Quote):
            return self.quote(entry, **common)
        if isinstance(entry, Policy):
            return self.policy(entry, **common)
        assert isinstance(entry, Comparison)
        cols = list(sides) if sides else list(range(len(entry.sides)))
        header = (i18n.text("card.aspect", lang), *(entry.sides[i].name for i in cols))
        rows = tuple((row.aspect, *(row.values[i] for i in cols)) for row in entry.rows)
        title = entry.title if len(cols) == len(entry.sides) else i18n.text("card.vs", lang).join(header[1:])
        cites = self.cite([entry.source, *(r.source for r in entry.rows)], lang)
        return Reply(Kind.COMPARISON, title, table=Table(header, rows), citations=cites, **common)

    def policy(self, entry: Policy, lang: Lang = DEFAULT, **common: Any) -> Reply:
        fields = []
        if entry.issued_by or entry.issued:
            issued = date_text(entry.issued, lang)
            by_when = " · ".join(str(x) for x in (entry.issued_by, issued) if x)
            fields.append(Field(i18n.text("card.issued", lang), by_when, inline=True))
        if entry.points:
            fields.append(Field(i18n.text("card.points", lang), "\n".join(f"• {p.text}" for p in entry.points)))
        if aliases := shown_aliases(entry.name, entry.aliases):
            fields.append(Field(i18n.text("card.aliases", lang), ", ".join(aliases), inline=True))
        cites = self.cite([entry.source, *(p.source for p in entry.points if p.source)], lang)
        return Reply(Kind.POLICY, entry.name, entry.summary, fields=tuple(fields), citations=cites, lang=lang, **common)

    def quote(self, q: Quote, lang: Lang = DEFAULT, **common: Any) -> Reply:
        if q.kind == "direct":
            title = i18n.text("card.said", lang, speaker=q.speaker)
            body, label = f"“{verbatim(q.text)}”", i18n.text("card.direct_label", lang)
        else:
            title = i18n.text("card.reported", lang, speaker=q.speaker)
            body, label = q.text, i18n.text("card.reported_label", lang)
        fields = [
            Field(i18n.text("card.speaker", lang), f"{q.speaker}, {q.role}"),
            Field(i18n.text("card.type", lang), label),
        ]
        if q.context:
            fields.append(Field(i18n.text("card.context", lang), q.context))
        cites = self.cite([q.source], lang)
        return Reply(Kind.QUOTE, title, body, fields=tuple(fields), citations=cites, lang=lang, **common)

    def quote_list(self, quotes: Sequence[Quote], heading: str, lang: Lang = DEFAULT) -> Reply:
        items = tuple(
            i18n.text(
                "card.list_direct" if q.kind == "direct" else "card.list_reported",
                lang,
                text=verbatim(q.text) if q.kind == "direct" else q.text,
                speaker=q.speaker,
            )
            for q in quotes
        )
        roles = dict.fromkeys(f"{q.speaker}: {q.role}" for q in quotes)
        return Reply(
            Kind.LIST,
            heading,
            "\n".join(roles),
            items=items,
            citations=self.cite((q.source for q in quotes), lang),
            answered=True,
            lang=lang,
        )

    def mentions(self, entries: Sequence[Entry], confidence: float, lang: Lang = DEFAULT) -> Reply:
        """The articles that speak of what was asked, in the base's order, each with its entry that does
        (``entries``: one per article, the best first: it is the reply's entry)."""
        by_source = {e.source: e for e in entries}
        items = tuple(
            i18n.text("card.mentioned_in", lang, article=source.title, author=source.author, entry=title_of(entry))
            for source in self.knowledge.sources
            if (entry := by_source.get(source.id)) is not None
        )
        return Reply(
            Kind.LIST,
            i18n.text("card.mentions_title", lang, count=len(items)),
            items=items,
            entry_id=entries[0].id,
            citations=self.cite((s.id for s in self.knowledge.sources if s.id in by_source), lang),
            confidence=confidence,
            answered=True,
            lang=lang,
        )

    def timeline(self, entry: Entry, confidence: float, lang: Lang = DEFAULT) -> Reply:
        """The articles by date, oldest first, then those that give none with what their note says instead
        (``entry``: the reply's entry, the first dated article's)."""
        sources = self.knowledge.sources
        dated = by_date(sources)
        items = tuple(
            i18n.text(
                "card.timeline_item",
                lang,
                date=date_text(s.date, lang) if s.date else s.date_note or i18n.text("reply.date_not_stated", lang),
                title=s.title,
                author=s.author,
            )
            for s in (*dated, *(s for s in sources if not s.date))
        )
        body = i18n.text("card.timeline_body", lang, dated=len(dated), count=len(sources))
        return Reply(
            Kind.LIST,
            i18n.text("card.timeline_title", lang),
            body,
            items=items,
            entry_id=entry.id,
            citations=self.cite((s.id for s in sources), lang),
            confidence=confidence,
            answered=True,
            lang=lang,
        )

    def quoted(self, confidence: float, lang: Lang = DEFAULT, source: str | None = None) -> Reply:
        """Whom the articles (or the one ``source``) quote: their direct quotes first, then what they report people
        said; the reply's entry is the first direct quote."""
        quotes = direct_first(q for q in self.knowledge.quotes if source is None or q.source == source)
        direct = sum(q.kind == "direct" for q in quotes)
        counts = {"direct": direct, "reported": len(quotes) - direct}
        if source is None:
            heading = i18n.text("card.quoted_title", lang, **counts)
        else:
            heading = i18n.text("card.quoted_in_title", lang, article=self.knowledge.source(source).title, **counts)
        reply = self.quote_list(quotes, heading, lang)
        return replace(reply, entry_id=quotes[0].id if quotes else None, confidence=confidence)

    def cite(self, source_ids: Iterable[str | None], lang: Lang = DEFAULT) -> tuple[Citation, ...]:
        ids = dict.fromkeys(i for i in source_ids if i)
        return tuple(Citation.of(self.knowledge.source(i), lang) for i in ids)

    def suggestion(self, entry: Entry) -> Suggestion:
        """How to ask for ``entry``: its command where it has one, else its first question."""
        if isinstance(entry, Policy):
            return Suggestion(entry.name, "policy", entry.name, entry.id)
        if isinstance(entry, Comparison):
            return Suggestion(entry.title, "compare", pair_example(entry), entry.id)
        if isinstance(entry, Quote):
            return Suggestion(entry.speaker, "quote", entry.speaker, entry.id)
        return Suggestion(sentence(entry.questions[0]) if entry.questions else entry.id, entry_id=entry.id)


def direct_first(quotes: Iterable[Quote]) -> list[Quote]:
    """``quotes`` with the direct ones first, each kind in its order."""
    return sorted(quotes, key=lambda q: q.kind != "direct")


def by_date(sources: Iterable[Source]) -> list[Source]:
    """The sources that give a date, oldest first."""
    return sorted((s for s in sources if s.date), key=lambda s: s.date or dt.date.min)


MAX_ALIASES = 3  # a card shows a few names members know it by; the base keeps many more, for matching


def shown_aliases(name: str, aliases: Sequence[str], limit: int = MAX_ALIASES) -> list[str]:
    """The first ``limit`` aliases that are not just the name or an earlier alias spelt otherwise (NQ57, NQ-57)."""
    seen = {_squashed(name)}
    shown = []
    for alias in aliases:
        key = _squashed(alias)
        if key not in seen:
            seen.add(key)
            shown.append(alias)
        if len(shown) == limit:
            break
    return shown


def _squashed(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def pair_example(c: Comparison) -> str:
    a, b = c.sides[0], c.sides[1]
    return f"{_short(a)} {_short(b)}" if " " not in _short(a) + _short(b) else f"{a.name} vs {b.name}"


def _short(side: object) -> str:
    aliases = [a for a in getattr(side, "aliases", ()) if len(a) <= 12]
    return min(aliases, key=len) if aliases else getattr(side, "name", "")


# Words that end in a full stop without ending a sentence ("Prof. Nguyen Mai", "Dr. Le Thai Ha", "e.g. robots").
_ABBREVIATIONS = frozenset(
    "dr prof mr mrs ms sc st no jr sr vs etc e.g i.e assoc gov gen corp inc ltd co approx".split()
)
_SENTENCE_END = re.compile(r"[.!?…][”\"')\]]*\s+")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences: at a full stop, ! or ? followed by a space, but not after an abbreviation or an
    initial, nor before a word in lower case."""
    out: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        words = text[start : end.start() + 1].split()
        last = words[-1].rstrip(".").lstrip("(“\"'").casefold() if words else ""
        if text[end.start()] == "." and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        if text[end.end() : end.end() + 1].islower():
            continue
        out.append(text[start : end.end()].strip())
        start = end.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else text


def verbatim(text: str) -> str:
    """A direct quote's words as shown between quotation marks: the comma the article ended it with before "she
    said" becomes a full stop."""
    text = text.rstrip()
    if text.endswith((",", ";", ":")):
        text = text[:-1].rstrip() + "."
    return text


def quote_heading(speaker: str, quotes: Sequence[Quote], lang: Lang = DEFAULT) -> str:
    """ "Fernando Santiago: 7 quotes (1 direct, 6 reported)"."""
    direct = sum(q.kind == "direct" for q in quotes)
    reported = len(quotes) - direct
    kinds = [
        i18n.text(f"quote.count_{what}", lang, count=n) for n, what in ((direct, "direct"), (reported, "reported")) if n
    ]
    return i18n.text("quote.list_title", lang, speaker=speaker, count=len(quotes), kinds=", ".join(kinds))


def sentence(question: str) -> str:
    q = question.strip()
    q = q[0].upper() + q[1:]
    return q if q[-1] in ".?!" else q + "?"
