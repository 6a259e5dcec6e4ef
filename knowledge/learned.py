"""Wordings the curators taught the bot: one more way to ask for an existing entry.

They come from two places, merged the same way: the store (``bot.py link``, the Link buttons and ``!link``), and
``learned.yaml`` in the knowledge folder (what ``bot.py learned --export`` writes, for review and commit)::

    learned:
      - id: resolution-57             # an existing entry's id
        questions:                    # wordings that ask for it
          - "what is nq57"            # linked by ... on ...

A learned wording is added to the entry's ``questions`` (its phrasings), and the engine answers that very wording
with the entry: a curator said so. A wording that is another entry's alias or name, or one of its phrasings, is
refused, with the reason (``conflict``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, Protocol

from knowledge.compact import Entries, ids_of
from knowledge.models import Comparison, Entry, Knowledge, Policy, Quote
from knowledge.text import fold

_WORD = re.compile(r"\w+")

FILENAME = "learned.yaml"


class Learned(Protocol):
    """A learned wording as the store keeps it (``handlers.storage.Learned``)."""

    @property
    def wording(self) -> str: ...

    @property
    def entry_id(self) -> str: ...

    @property
    def linked_by(self) -> str: ...

    @property
    def linked_at(self) -> dt.datetime: ...


def wording_key(text: str) -> str:
    """A wording as compared: folded, punctuation and spacing dropped ("What is NQ57?" -> "what is nq57")."""
    return " ".join(_WORD.findall(fold(text)))


def title_of(entry: Entry) -> str:
    """An entry's short title, as it heads its card: a policy's name, a comparison's title, whose words a quote is,
    a fact's title or first question."""
    if isinstance(entry, Policy):
        return entry.name
    if isinstance(entry, Comparison):
        return entry.title
    if isinstance(entry, Quote):
        return f"{entry.speaker}'s {'words' if entry.kind == 'direct' else 'view'}"
    title = getattr(entry, "title", None) or (entry.questions[0] if entry.questions else entry.id)
    return str(title).rstrip("?")


def names_of(entry: Entry) -> list[str]:
    """The names an entry is known by on its own: aliases, a policy's name, a comparison's title, a speaker."""
    names = list(getattr(entry, "aliases", ()))
    if isinstance(entry, Policy):
        names.append(entry.name)
    elif isinstance(entry, Quote):
        names += [entry.speaker, *entry.speaker_aliases]
    if getattr(entry, "title", None) and not isinstance(entry, Quote):
        names.append(str(entry.title))  # type: ignore[union-attr]
    return names


def conflict(knowledge: Knowledge, wording: str, entry_id: str) -> str | None:
    """Why ``wording`` cannot be taught to ``entry_id``, or None. Another entry's name, alias or phrasing, or a
    wording learned already for another entry, would make the base ambiguous."""
    key = wording_key(wording)
    if not key:
        return "it has no words to match on"
    for _, entry in knowledge.entries():
        if entry.id == entry_id:
            continue
        for name in names_of(entry):
            if wording_key(name) == key:
                return f"“{name}” is already a name of {title_of(entry)} (`{entry.id}`), another entry"
        for question in entry.questions:
            if wording_key(question) == key and (entry.id, question) not in knowledge.learned:
                return f"“{question}” is already a phrasing of {title_of(entry)} (`{entry.id}`), another entry"
    for other, learned in knowledge.learned:
        if other != entry_id and wording_key(learned) == key:
            entry = knowledge.entry(other)
            title = title_of(entry) if entry else other
            return f"“{learned}” is already linked to {title} (`{other}`)"
    return None


def merge(knowledge: Knowledge, pairs: Iterable[tuple[str, str]]) -> Knowledge:
    """``knowledge`` with each (entry id, wording) added to the entry's questions; a wording the entry has already,
    or an entry the base no longer has, is skipped. The pairs are kept in ``Knowledge.learned``."""
    added: dict[str, list[str]] = {}
    learned = list(knowledge.learned)
    known = {(entry_id, wording_key(w)) for entry_id, w in learned}
    ids = {entry_id for _, entry_id in knowledge.ids()}
    for entry_id, wording in pairs:
        key = wording_key(wording)
        if entry_id not in ids or not key or (entry_id, key) in known:
            continue
        known.add((entry_id, key))
        learned.append((entry_id, wording))
        added.setdefault(entry_id, []).append(wording)
    if not added:
        return knowledge

    def extended(entry: Any) -> Any:
        have = {wording_key(q) for q in entry.questions}
        fresh = tuple(w for w in added[entry.id] if wording_key(w) not in have)
        return entry.model_copy(update={"questions": (*entry.questions, *fresh)}) if fresh else entry

    kinds = {}
    for name in ("facts", "quotes", "policies", "comparisons"):
        entries = knowledge.kind(name)
        changes = {i: extended(entries[i]) for i, entry_id in enumerate(ids_of(entries)) if entry_id in added}
        if isinstance(entries, Entries):
            kinds[name] = entries.replaced(changes) if changes else entries
        else:
            kinds[name] = tuple(changes.get(i, entry) for i, entry in enumerate(entries))
    return replace(knowledge, **kinds, learned=tuple(learned), _sources_by_id={})


def export_yaml(rows: Sequence[Learned], knowledge: Knowledge | None = None) -> str:
    """``rows`` as ``learned.yaml``: grouped by entry (the base's order, then unknown ids), one wording a line, with
    who linked it and when as a comment. JSON strings are YAML double-quoted scalars: any text round-trips."""
    order = {entry_id: n for n, (_, entry_id) in enumerate(knowledge.ids())} if knowledge else {}
    by_entry: dict[str, list[Learned]] = {}
    for row in rows:
        by_entry.setdefault(row.entry_id, []).append(row)
    lines = [
        "# Wordings the curators linked to entries (`bot.py learned --export`). Each is one more way to ask for",
        "# the entry: the loader adds it to the entry's questions, and `bot.py check` validates this file.",
        "learned:" if by_entry else "learned: []",
    ]
    for entry_id in sorted(by_entry, key=lambda e: (order.get(e, len(order)), e)):
        entry = knowledge.entry(entry_id) if knowledge else None
        lines.append(f"  - id: {entry_id}" + (f"  # {_comment(title_of(entry))}" if entry else ""))
        lines.append("    questions:")
        for row in by_entry[entry_id]:
            when = row.linked_at.date().isoformat()
            lines.append(f"      - {json.dumps(row.wording, ensure_ascii=False)}  # {_comment(row.linked_by)}, {when}")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    return " ".join(text.split())
