"""A reply is plain data: the console prints it as text, Discord renders it as an embed.

Replies carry structure, not a prefix: a hint to a command is written with ``PREFIX`` (a private-use character
that member input can never hold: ``clean`` drops it), and a suggestion is a ``Suggestion``. The edge that shows a
reply fills in the server's own prefix with ``for_prefix``.

A reply is written in one language (``lang``: the core writes its own words from ``handlers.i18n``); what the edge
adds around it when showing it ("Did you mean", "Source:", page labels, buttons) follows that language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from handlers import i18n
from handlers.i18n import DEFAULT, Lang
from knowledge.models import Source


class Kind(StrEnum):
    FACT = "fact"
    QUOTE = "quote"
    POLICY = "policy"
    COMPARISON = "comparison"
    LIST = "list"  # a list of entries: policies, quotes, sources, comparisons
    INFO = "info"  # help and about
    UNKNOWN = "unknown"  # "I don't know that; did you mean ..."
    USAGE = "usage"  # a command used wrongly: its usage
    ERROR = "error"


def date_text(value: object, lang: Lang = DEFAULT) -> str | None:
    """'6 May 2017' (in Vietnamese '6/5/2017') for a date or an ISO date string; other text as it is."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, dt.date):
        return None
    return f"{value.day}/{value.month}/{value.year}" if lang == "vi" else value.strftime("%-d %B %Y")


@dataclass(frozen=True)
class Citation:
    source_id: str
    title: str
    author: str
    date: str | None

    @classmethod
    def of(cls, source: Source, lang: Lang = DEFAULT) -> Citation:
        date = date_text(source.date, lang) if source.date else None
        # No brackets inside brackets: "Kim Bui (Newspaper of Industry and Trade, Vietnam)".
        publisher = source.publisher.replace(" (", ", ").replace("(", "").replace(")", "") if source.publisher else None
        by = source.author if not publisher else f"{source.author} ({publisher})"
        return cls(source_id=source.id, title=source.title, author=by, date=date)

    def text(self, lang: Lang = DEFAULT) -> str:
        return f"{self.title}, {self.author}, {self.date or i18n.text('reply.date_not_stated', lang)}"

    def __str__(self) -> str:
        return self.text()


PREFIX = "\ue000"  # stands for the server's command prefix in a reply's text, until the edge fills it in


@dataclass(frozen=True)
class Suggestion:
    """An offer: a command with its argument (``policy`` ``Resolution 57``), or an entry asked for in words.

    ``entry_id`` is the entry it leads to, when it leads to one; ``label`` is how it is shown.
    """

    label: str
    command: str | None = None
    args: str = ""
    entry_id: str | None = None

    def text(self, prefix: str = "!") -> str:
        """As a member would type it."""
        return f"{prefix}{self.command} {self.args}".strip() if self.command else self.label


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of a comparison: ``header`` is ('Aspect', side, side, ...)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Reply:
    kind: Kind
    title: str
    body: str = ""
    fields: tuple[Field, ...] = ()
    table: Table | None = None
    items: tuple[str, ...] = ()  # list lines; long lists are paginated by the edge
    entry_id: str | None = None
    citations: tuple[Citation, ...] = ()
    confidence: float | None = None
    suggestions: tuple[Suggestion, ...] = ()
    answered: bool = False
    lang: Lang = DEFAULT

    def for_prefix(self, prefix: str) -> Reply:
        """This reply with ``prefix`` in place of every ``PREFIX``."""
        if (
            PREFIX not in self.title + self.body
            and not any(PREFIX in f.name + f.value for f in self.fields)
            and not any(PREFIX in item for item in self.items)
        ):
            return self
        return replace(
            self,
            title=self.title.replace(PREFIX, prefix),
            body=self.body.replace(PREFIX, prefix),
            fields=tuple(
                Field(f.name.replace(PREFIX, prefix), f.value.replace(PREFIX, prefix), f.inline) for f in self.fields
            ),
            items=tuple(item.replace(PREFIX, prefix) for item in self.items),
        )

    @property
    def footer(self) -> str:
        """The source line, as shown under an answer; a list drawn from several articles names how many, once."""
        if self.kind == Kind.LIST and len(self.citations) > 1:
            return i18n.text("reply.sources_count", self.lang, count=len(self.citations), prefix=PREFIX)
        return "\n".join(i18n.text("reply.source", self.lang, citation=c.text(self.lang)) for c in self.citations)

    def to_text(self, prefix: str = "!", *, numbered: bool = False) -> str:
        """The whole reply as plain text, citation included (console, `ask`, fallback on Discord). ``numbered``:
        the suggestions are numbered, for an edge where typing the number takes one (the console)."""
        shown = self.for_prefix(prefix)
        parts = [shown.title]
        if shown.body:
            parts.append(shown.body)
        for f in shown.fields:
            parts.append(f"{f.name}:\n{_indent(f.value)}")
        if shown.table:
            parts.append(_table_text(shown.table))
        if shown.items:
            parts.append("\n".join(f"- {item}" for item in shown.items))
        if shown.suggestions and numbered:
            lines = "\n".join(f"{n}. {s.text(prefix)}" for n, s in enumerate(shown.suggestions, 1))
            parts.append(i18n.text("reply.did_you_mean_numbered", self.lang) + "\n" + lines)
        elif shown.suggestions:
            lines = "\n".join(f"- {s.text(prefix)}" for s in shown.suggestions)
            parts.append(i18n.text("reply.did_you_mean", self.lang) + "\n" + lines)
        if shown.citations:
            parts.append(shown.footer.replace(PREFIX, prefix))
        return "\n\n".join(parts).replace("**", "")

    def to_json(self, query: str, prefix: str = "!") -> dict[str, Any]:
        return {
            "query": query,
            "answered": self.answered,
            "kind": str(self.kind),
            "id": self.entry_id,
            "title": self.title.replace(PREFIX, prefix),
            "text": self.to_text(prefix),
            "score": None if self.confidence is None else round(self.confidence, 4),
            "source": next(c.source_id for c in self.citations) if self.citations else None,
            "sources": [c.source_id for c in self.citations],
            "suggestions": [s.text(prefix) for s in self.suggestions],
        }


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def _table_text(table: Table) -> str:
    blocks = []
    for row in table.rows:
        lines = [f"{row[0]}:"] + [f"  {side}: {value}" for side, value in zip(table.header[1:], row[1:], strict=False)]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
