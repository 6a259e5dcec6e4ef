"""A base kept compactly (knowledge.compact): each entry read back from its JSON equals the entry validated from
the YAML, and the sequences behave as the tuples they stand for."""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array

import pytest
from pydantic import ValidationError

from config import load_settings
from handlers.core.engine import Engine
from handlers.service import Service
from knowledge import compact
from knowledge.compact import Entries, Pairs, decode, encode
from knowledge.learned import merge
from knowledge.models import ANSWERABLE, KINDS, Fact, Knowledge, Policy


def plain(knowledge: Knowledge) -> Knowledge:
    """The same base with every kind a tuple of models, as it was held before."""
    kinds = {name: tuple(knowledge.kind(name)) for name in KINDS}
    return dataclasses.replace(knowledge, **kinds, _sources_by_id={})


def test_the_loader_keeps_answerable_kinds_compact(knowledge):
    for name in ANSWERABLE:
        assert isinstance(knowledge.kind(name), Entries)
    assert isinstance(knowledge.sources, tuple)


def test_every_entry_read_back_equals_the_validated_one(knowledge):
    """Validated from the YAML, kept as JSON, decoded again: equal, field by field, for every kind."""
    for name in ANSWERABLE:
        entries = knowledge.kind(name)
        for i, entry in enumerate(entries):
            again = decode(KINDS[name], encode(entry))
            assert again == entry
            assert type(again) is type(entry)
            assert entries.ids[i] == entry.id


def test_a_policy_date_stays_a_date_and_a_date_like_text_stays_text():
    dated = Policy(id="p", source="s", name="P", summary="S.", issued=dt.date(2017, 5, 6))
    texted = Policy(id="q", source="s", name="Q", summary="S.", issued="2017-05-06")
    entries = Entries.of(Policy, [dated, texted])
    assert isinstance(entries[0].issued, dt.date)
    assert entries[1].issued == "2017-05-06"
    assert list(entries) == [dated, texted]


def facts(n: int) -> list[Fact]:
    return [Fact(id=f"f-{i}", source="s", text=f"Fact {i}.", questions=(f"what is {i}",)) for i in range(n)]


def test_entries_behave_as_a_tuple(monkeypatch):
    monkeypatch.setattr(compact, "CACHE", 3)  # reads past the cache decode again
    models = facts(10)
    entries = Entries.of(Fact, models)
    assert len(entries) == 10
    assert tuple(entries) == tuple(models) and entries == Entries.of(Fact, models)
    assert entries != tuple(models)  # equal objects hash alike: an Entries equals only an Entries
    assert [entries[i] for i in range(10)] == models
    assert entries[-1] == models[-1] and entries[2:5] == tuple(models[2:5])
    assert list(entries) == models
    with pytest.raises(IndexError):
        entries[10]
    changed = entries.replaced({3: models[3].model_copy(update={"questions": ("x", "y")})})
    assert changed[3].questions == ("x", "y") and entries[3].questions == ("what is 3",)
    assert changed.ids == entries.ids


def test_saved_entries_are_validated_one_by_one():
    models = facts(3)
    entries = Entries.of(Fact, models)
    assert Entries.validated(Fact, entries.blob, entries.ptr) == entries
    broken = entries.blob.replace(b'"text":"Fact 1."', b'"text":""')
    shift = len(entries.blob) - len(broken)
    ptr = array("q", [entries.ptr[0], entries.ptr[1], entries.ptr[2] - shift, entries.ptr[3] - shift])
    with pytest.raises(ValidationError):
        Entries.validated(Fact, broken, ptr)
    with pytest.raises(ValueError, match="offsets"):
        Entries.validated(Fact, entries.blob, array("q", [0, 5]))


def test_pairs_number_the_entries_across_kinds():
    a, b = facts(2), [Fact(id="g", source="s", text="G.")]
    pairs = Pairs([("facts", Entries.of(Fact, a)), ("quotes", ()), ("policies", tuple(b))])
    assert len(pairs) == 3
    assert pairs.ids == ["f-0", "f-1", "g"]
    assert pairs[2] == ("policies", b[0]) and pairs[-3] == ("facts", a[0])
    assert list(pairs) == [("facts", a[0]), ("facts", a[1]), ("policies", b[0])]
    assert [i for i, _ in pairs.of_kind("policies")] == [2]


def test_an_entry_is_found_by_id_without_a_walk(knowledge):
    first = knowledge.facts[0]
    assert knowledge.entry(first.id) == first
    assert knowledge.entry("no-such-entry") is None
    assert [pair for pair in knowledge.ids()] == [(kind, e.id) for kind, e in knowledge.entries()]


def test_merged_wordings_extend_only_their_entry(knowledge):
    target = knowledge.facts[5]
    merged = merge(knowledge, [(target.id, "a wording no one has used")])
    assert merged.entry(target.id).questions[-1] == "a wording no one has used"
    assert merged.facts[4] == knowledge.facts[4]
    assert isinstance(merged.facts, Entries)


def test_a_compact_base_answers_as_a_base_of_models(knowledge, monkeypatch):
    """The same replies, entries decoded again and again (a cache of one), as from the models themselves."""
    monkeypatch.setattr(compact, "CACHE", 1)
    settings = load_settings(env={})
    questions = ["what is industry 5.0", "who said that robots", "compare industry 4.0 and 5.0", "resolution 57"]
    questions += ["when was resolution 57 issued", "what did kim bui say", "policy", "zzz"]
    replies = []
    for base in (knowledge, plain(knowledge)):
        service = Service(settings, Engine(base, settings.matching))
        replies.append([service.respond(q, addressed=True).outcome for q in questions])
    assert replies[0] == replies[1]
    assert sum(outcome.answered for outcome in replies[0]) >= 4
