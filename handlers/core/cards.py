"""Reply cards: an entry (or a few) as a ``Reply``, with its sources. Nothing here decides what to answer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from handlers.core.reply import Citation, Field, Kind, Reply, Suggestion, Table, date_text
from knowledge.models import Comparison, Entry, Fact, Knowledge, Policy, Quote
from knowledge.text import fold


class Cards:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def entry(self, entry: Entry, confidence: float | None, sides: Sequence[int] | None = None) -> Reply:
        """The card of one entry; ``sides``: the comparison's columns to show (all by default)."""
        common: dict[str, Any] = {"entry_id": entry.id, "confidence": confidence, "answered": True}
        if isinstance(entry, Fact):
            title = entry.title or (sentence(entry.questions[0]) if entry.questions else "Fact")
            fields = (Field("Curator's note", entry.note),) if entry.note else ()
            source = self.knowledge.source(entry.source)
            return Reply(Kind.FACT, title, entry.text, fields=fields, citations=(Citation.of(source),), **common)
        if isinstance(entry, Quote):
            return self.quote(entry, **common)
        if isinstance(entry, Policy):
            return self.policy(entry, **common)
        assert isinstance(entry, Comparison)
        cols = list(sides) if sides else list(range(len(entry.sides)))
        header = ("Aspect", *(entry.sides[i].name for i in cols))
        rows = tuple((row.aspect, *(row.values[i] for i in cols)) for row in entry.rows)
        title = entry.title if len(cols) == len(entry.sides) else " vs ".join(header[1:])
        cites = self.cite([entry.source, *(r.source for r in entry.rows)])
        return Reply(Kind.COMPARISON, title, table=Table(header, rows), citations=cites, **common)

    def policy(self, entry: Policy, **common: Any) -> Reply:
        fields = []
        if entry.issued_by or entry.issued:
            issued = date_text(entry.issued)
            fields.append(Field("Issued", " · ".join(str(x) for x in (entry.issued_by, issued) if x), inline=True))
        if entry.points:
            fields.append(Field("Key points", "\n".join(f"• {p.text}" for p in entry.points)))
        if aliases := shown_aliases(entry.name, entry.aliases):
            fields.append(Field("Also known as", ", ".join(aliases), inline=True))
        cites = self.cite([entry.source, *(p.source for p in entry.points if p.source)])
        return Reply(Kind.POLICY, entry.name, entry.summary, fields=tuple(fields), citations=cites, **common)

    def quote(self, q: Quote, **common: Any) -> Reply:
        if q.kind == "direct":
            title, body, label = f"{q.speaker} said", f"“{verbatim(q.text)}”", "Direct quote, verbatim from the article"
        else:
            title, body, label = (
                f"{q.speaker}, in reported speech",
                q.text,
                "Reported speech: the article's account, not the speaker's own words",
            )
        fields = [Field("Speaker", f"{q.speaker}, {q.role}"), Field("Type", label)]
        if q.context:
            fields.append(Field("Context", q.context))
        return Reply(Kind.QUOTE, title, body, fields=tuple(fields), citations=self.cite([q.source]), **common)

    def quote_list(self, quotes: Sequence[Quote], heading: str) -> Reply:
        items = tuple(
            f"“{verbatim(q.text)}” — {q.speaker} (direct quote)"
            if q.kind == "direct"
            else f"{q.speaker} (reported speech): {q.text}"
            for q in quotes
        )
        roles = dict.fromkeys(f"{q.speaker}: {q.role}" for q in quotes)
        return Reply(
            Kind.LIST,
            heading,
            "\n".join(roles),
            items=items,
            citations=self.cite(q.source for q in quotes),
            answered=True,
        )

    def cite(self, source_ids: Iterable[str | None]) -> tuple[Citation, ...]:
        ids = dict.fromkeys(i for i in source_ids if i)
        return tuple(Citation.of(self.knowledge.source(i)) for i in ids)

    def suggestion(self, entry: Entry) -> Suggestion:
        """How to ask for ``entry``: its command where it has one, else its first question."""
        if isinstance(entry, Policy):
            return Suggestion(entry.name, "policy", entry.name, entry.id)
        if isinstance(entry, Comparison):
            return Suggestion(entry.title, "compare", pair_example(entry), entry.id)
        if isinstance(entry, Quote):
            return Suggestion(entry.speaker, "quote", entry.speaker, entry.id)
        return Suggestion(sentence(entry.questions[0]) if entry.questions else entry.id, entry_id=entry.id)


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


def quote_heading(speaker: str, quotes: Sequence[Quote]) -> str:
    """ "Fernando Santiago: 7 quotes (1 direct, 6 reported)"."""
    direct = sum(q.kind == "direct" for q in quotes)
    reported = len(quotes) - direct
    kinds = [f"{n} {what}" for n, what in ((direct, "direct"), (reported, "reported")) if n]
    return f"{speaker}: {len(quotes)} quote{'s' if len(quotes) != 1 else ''} ({', '.join(kinds)})"


def sentence(question: str) -> str:
    q = question.strip()
    q = q[0].upper() + q[1:]
    return q if q[-1] in ".?!" else q + "?"
