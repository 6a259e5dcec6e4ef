"""Typed, immutable entries of the knowledge base (pydantic v2 models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Texts = tuple[Text, ...]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strict=True)


class Source(_Model):
    id: Slug
    title: Text
    author: Text
    publisher: Text | None = None
    date: dt.date | None = None
    date_note: Text | None = None
    file: Text
    aliases: Texts = ()  # what members call the article besides its author: "res 57 article" is ("res 57",)


class _Searchable(_Model):
    """Fields every answerable entry carries for matching."""

    id: Slug
    source: Slug
    questions: Texts = ()
    keywords: Texts = ()
    topics: Texts = ()


class Fact(_Searchable):
    title: Text | None = None  # a short heading; the first question stands in without one
    text: Text
    aliases: Texts = ()
    note: Text | None = None


class Quote(_Searchable):
    speaker: Text
    speaker_aliases: Texts = ()
    role: Text
    kind: Literal["direct", "reported"]
    text: Text
    context: Text | None = None
    aliases: Texts = ()


class PolicyPoint(_Model):
    text: Text
    source: Slug | None = None


class Policy(_Searchable):
    name: Text
    aliases: Texts = ()
    issued_by: Text | None = None
    issued: dt.date | Text | None = None
    summary: Text
    points: tuple[PolicyPoint, ...] = ()


class Side(_Model):
    name: Text
    aliases: Texts = ()


class Row(_Model):
    aspect: Text
    values: Texts
    source: Slug


class Comparison(_Searchable):
    title: Text
    aliases: Texts = ()
    sides: tuple[Side, ...]
    rows: tuple[Row, ...]


Entry = Fact | Quote | Policy | Comparison


class LearnedEntry(_Model):
    """One entry of ``learned.yaml``: wordings the curators linked to an existing entry (see knowledge/learned.py)."""

    id: Slug
    questions: tuple[Text, ...]


# The kinds, in the order they are loaded and listed: file stem -> entry model.
KINDS: dict[str, type[_Model]] = {
    "sources": Source,
    "facts": Fact,
    "quotes": Quote,
    "policies": Policy,
    "comparisons": Comparison,
}


class Lexicon(_Model):
    """``lexicon.yaml``: words about questions rather than about entries (see SCHEMA.md)."""

    places: Texts = ()  # place names: a question asking "where" wants one the entry names
    chatter: Texts = ()  # words that alone make a message chatter ("thanks", "lol", "cảm ơn")
    off_topic: Texts = ()  # phrases that mark a question the articles never cover ("weather", "capital of")
    generic: Texts = ()  # words that name no detail: a detail question's other words must be in its answer


@dataclass(frozen=True)
class Knowledge:
    """The whole validated base. Immutable: a reload builds a new one."""

    folder: Path
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    policies: tuple[Policy, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    # Groups of words members use for the same thing; the first of each is the one the base uses.
    synonyms: tuple[tuple[str, ...], ...] = ()
    lexicon: Lexicon = field(default_factory=Lexicon)
    # Wordings the curators taught (learned.yaml, the store): (entry id, wording), each one of the entry's questions.
    learned: tuple[tuple[str, str], ...] = ()
    _sources_by_id: dict[str, Source] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sources_by_id.update({s.id: s for s in self.sources})

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def entry(self, entry_id: str) -> Entry | None:
        """The answerable entry with this id, or None."""
        return next((e for _, e in self.entries() if e.id == entry_id), None)

    def kind(self, name: str) -> tuple[Any, ...]:
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        return {name: len(self.kind(name)) for name in KINDS}

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every answerable entry with its kind (sources are cited, not answered)."""
        for name in ("facts", "quotes", "policies", "comparisons"):
            for entry in self.kind(name):
                yield name, entry

    def to_json(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {name: [e.model_dump(mode="json") for e in self.kind(name)] for name in KINDS}
        out["synonyms"] = [list(group) for group in self.synonyms]
        out["lexicon"] = self.lexicon.model_dump(mode="json")  # type: ignore[assignment]
        if self.learned:
            out["learned"] = [{"id": entry_id, "question": wording} for entry_id, wording in self.learned]
        return out
