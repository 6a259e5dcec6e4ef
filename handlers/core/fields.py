"""What an entry is asked as, what it says, and who it names: the texts the index reads from each kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from knowledge.models import Comparison, Entry, Fact, Policy, Quote

Names = list[frozenset[str]]  # one person's names, as token sets, shortest first

_TITLES = frozenset({"dr", "mr", "ms", "mrs", "prof", "professor", "sc"})


def key_texts(entry: Entry) -> list[str]:
    """Phrasings a member would use to ask for the entry."""
    out = [*entry.questions, *getattr(entry, "aliases", ())]
    if isinstance(entry, Policy):
        out.append(entry.name)
    elif isinstance(entry, Quote):
        out += [entry.speaker, *entry.speaker_aliases]
        out += [f"{name} said" for name in (entry.speaker, *entry.speaker_aliases)]
    elif isinstance(entry, Comparison):
        out.append(entry.title)
        out += [f"{a.name} vs {b.name}" for i, a in enumerate(entry.sides) for b in entry.sides[i + 1 :]]
    return out


def names_of(entry: Entry) -> list[str]:
    """Names that identify the entry on their own (an exact hit answers)."""
    names = list(getattr(entry, "aliases", ()))
    if isinstance(entry, Policy):
        names.append(entry.name)
    elif isinstance(entry, Comparison):
        names.append(entry.title)
    return names


def answer_texts(entry: Entry) -> list[str]:
    """What the entry says, as a reply shows it."""
    if isinstance(entry, Fact | Quote):
        return [entry.text]
    if isinstance(entry, Policy):
        return [entry.summary, *(p.text for p in entry.points), str(entry.issued or "")]
    if isinstance(entry, Comparison):
        return [v for row in entry.rows for v in row.values]
    return []


def body_texts(entry: Entry) -> list[str]:
    """Everything else the entry holds: what it says, plus its keywords, topics and labels."""
    out: list[str] = [*entry.keywords, *entry.topics, *answer_texts(entry)]
    if isinstance(entry, Fact):
        out.append(entry.note or "")
    elif isinstance(entry, Quote):
        out += [entry.role, entry.context or ""]
    elif isinstance(entry, Policy):
        out.append(entry.issued_by or "")
    elif isinstance(entry, Comparison):
        out += [s.name for s in entry.sides] + [a for s in entry.sides for a in s.aliases]
        out += [row.aspect for row in entry.rows]
    return out


def people_of(entries: Iterable[Entry], tokenize: Callable[[str], list[str]]) -> list[Names]:
    """Each speaker's names as token sets ("le thai ha", "santiago"): a question naming one wants that person."""
    people: dict[str, set[frozenset[str]]] = {}
    for entry in entries:
        if isinstance(entry, Quote):
            names = people.setdefault(entry.speaker, set())
            for name in (entry.speaker, *entry.speaker_aliases):
                toks = frozenset(tokenize(name)) - _TITLES
                if toks:
                    names.add(toks)
    return [sorted(names, key=len) for names in people.values()]
