"""Typed, immutable entries of the knowledge base (pydantic v2 models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from knowledge.compact import Entries, Pairs, ids_of

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
    overview: Slug | None = None  # the entry that says what the article is about ("what's article 3 about")
    author_entry: Slug | None = None  # the entry on who wrote it, with the date where the article gives one
    opening: Slug | None = None  # the entry on what its first paragraph says ("how does article 2 open")
    conclusion: Slug | None = None  # the entry on what its last paragraph says ("the conclusion of article 1")
    # The entries on what its first and last few paragraphs say (its opening and conclusion among them): where a
    # topic asked in its opening or conclusion is looked for first ("techs mentioned at the start of 001")
    first_paragraphs: tuple[Slug, ...] = ()
    last_paragraphs: tuple[Slug, ...] = ()


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


# What the calibrated decision weighs about a candidate answer (handlers/core/calibration.py computes them):
# calibration.yaml has one weight for each, and no other.
CALIBRATION_FEATURES = (
    "answered",  # the matcher's rules would answer with it
    "exact",  # the question is its name or alias
    "score",  # the matcher's score
    "raw",  # the score before a detail it lacks was counted against it
    "coverage",  # the share of the question's words it holds
    "fit",  # how well the question's words fit its phrasings
    "info",  # the matched words' weight (over 10, at most 2)
    "lacks",  # it lacks a kind of detail asked for
    "aside",  # ... which may be the message's context, not what it asks ("for our 2024 report, what ...")
    "missing",  # the question's words for a detail it does not mention (a count)
    "relevant",  # matched on a word few entries use
    "lead",  # its score less the best other entry's (not one of its article's twins)
    "lead_raw",  # the same, before missing details
    "in_hits",  # among the matcher's best hits for the whole message
    "is_top",  # the matcher's best hit
    "top_score",  # the best hit's score, whichever entry it is
    "top_raw",
    "matched",  # hits matched on more than common words (over 8)
    "share",  # the ranker's share of the likelihood among those hits
    "ranker_top",  # the ranker's likeliest among them
    "single",  # the only one
    "words",  # the question's words (over 20, at most 1)
    "known",  # the share of them the base knows
    "detail",  # the question asks for a number, date, place, name
    "checks",  # it checks a figure the member half remembers
    "named",  # the question names the article it is of ("how many challenges does 001 list")
    "usual",  # members' questions taught the ranker usual words for it
)


Finite = Annotated[float, Field(allow_inf_nan=False)]


class Calibration(_Model):
    """``calibration.yaml`` (``make calibrate``): a logistic model of how likely the candidate answer is right."""

    bias: Finite
    weights: dict[str, Finite]
    trained: Text  # what it learned from
    inputs: str = ""  # a digest of what it learned from and the code that read it (benchmarks/calibrate.py)

    @field_validator("weights")
    @classmethod
    def _finite(cls, weights: dict[str, float]) -> dict[str, float]:
        if not all(abs(w) < 1e6 for w in weights.values()):
            raise ValueError("weights must be finite numbers")
        return weights

    def stale(self) -> str | None:
        """Why these weights do not fit the features the code computes (another release's), or None."""
        unknown = sorted(set(self.weights) - set(CALIBRATION_FEATURES))
        missing = [name for name in CALIBRATION_FEATURES if name not in self.weights]
        said = [f"{what} {', '.join(names)}" for what, names in (("unknown", unknown), ("missing", missing)) if names]
        return f"not one weight for each feature ({'; '.join(said)})" if said else None


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
    countries: Texts = ()  # the places that are countries: "which city" wants a place that is not one
    chatter: Texts = ()  # words that alone make a message chatter ("thanks", "lol", "cảm ơn")
    off_topic: Texts = ()  # phrases that mark a question the articles never cover ("weather", "capital of")
    generic: Texts = ()  # words that name no detail: a detail question's other words must be in its answer
    measures: tuple[Texts, ...] = ()  # each the words for one quantity: a figure of one does not give another's


ANSWERABLE = ("facts", "quotes", "policies", "comparisons")


@dataclass(frozen=True)
class Knowledge:
    """The whole validated base. Immutable: a reload builds a new one.

    Each kind is a sequence of its entries: a tuple, or (a base as loaded) ``knowledge.compact.Entries``, which
    keeps them as JSON and decodes one when it is read. Read an entry by id with ``entry``, not by a walk.
    """

    folder: Path
    sources: Sequence[Source] = ()
    facts: Sequence[Fact] = ()
    quotes: Sequence[Quote] = ()
    policies: Sequence[Policy] = ()
    comparisons: Sequence[Comparison] = ()
    # Groups of words members use for the same thing; the first of each is the one the base uses.
    synonyms: tuple[tuple[str, ...], ...] = ()
    lexicon: Lexicon = field(default_factory=Lexicon)
    # Wordings the curators taught (learned.yaml, the store): (entry id, wording), each one of the entry's questions.
    learned: tuple[tuple[str, str], ...] = ()
    # Questions members asked, labelled with the entry that answers them (examples.yaml): (entry id, wording). They
    # teach the ranker (handlers/core/ranker.py); unlike learned wordings, an example is never answered as such.
    examples: tuple[tuple[str, str], ...] = ()
    # How likely a candidate answer is right (calibration.yaml, handlers/core/calibration.py); None: the rules decide.
    calibration: Calibration | None = None
    _sources_by_id: dict[str, Source] = field(default_factory=dict, repr=False, compare=False)
    # answerable() and the entries' positions by id, made once
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sources_by_id.update({s.id: s for s in self.sources})

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]

    def entry(self, entry_id: str) -> Entry | None:
        """The answerable entry with this id, or None."""
        at = self.position(entry_id)
        return self.answerable()[at][1] if at is not None else None

    def position(self, entry_id: str) -> int | None:
        """Where the answerable entry with this id is in ``answerable()`` (the first, should two share it)."""
        positions = self._memo.get("positions")
        if positions is None:
            positions = self._memo["positions"] = {}
            for i, found in enumerate(self.answerable().ids):
                positions.setdefault(found, i)
        return positions.get(entry_id)  # type: ignore[no-any-return]

    def answerable(self) -> Pairs:
        """Every answerable entry with its kind, as one sequence in the index's order (read on demand)."""
        pairs = self._memo.get("pairs")
        if pairs is None:
            pairs = self._memo["pairs"] = Pairs([(name, self.kind(name)) for name in ANSWERABLE])
        return pairs  # type: ignore[no-any-return]

    def ids(self) -> Iterator[tuple[str, str]]:
        """(kind, id) of every answerable entry, in order, without reading the entries."""
        for name in ANSWERABLE:
            for entry_id in ids_of(self.kind(name)):
                yield name, entry_id

    def kind(self, name: str) -> Sequence[Any]:
        return getattr(self, name)  # type: ignore[no-any-return]

    def counts(self) -> dict[str, int]:
        return {name: len(self.kind(name)) for name in KINDS}

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every answerable entry with its kind (sources are cited, not answered)."""
        for name in ANSWERABLE:
            for entry in self.kind(name):
                yield name, entry

    def compact(self) -> Knowledge:
        """This base with each answerable kind kept as JSON (``knowledge.compact.Entries``)."""
        kinds = {
            name: Entries.of(KINDS[name], self.kind(name))
            for name in ANSWERABLE
            if not isinstance(self.kind(name), Entries)
        }
        return replace(self, **kinds, _sources_by_id={})

    def to_json(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {name: [e.model_dump(mode="json") for e in self.kind(name)] for name in KINDS}
        out["synonyms"] = [list(group) for group in self.synonyms]
        out["lexicon"] = self.lexicon.model_dump(mode="json")  # type: ignore[assignment]
        if self.learned:
            out["learned"] = [{"id": entry_id, "question": wording} for entry_id, wording in self.learned]
        return out
