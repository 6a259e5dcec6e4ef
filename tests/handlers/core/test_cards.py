"""Reply cards: every entry of the shipped base renders, cites its article, and labels quotes honestly."""

from __future__ import annotations

from handlers.core.cards import Cards, first_sentence, sentence
from handlers.core.reply import Kind


def test_every_entry_renders_with_its_source(knowledge):
    cards = Cards(knowledge)
    kinds = {"facts": Kind.FACT, "quotes": Kind.QUOTE, "policies": Kind.POLICY, "comparisons": Kind.COMPARISON}
    for kind, entry in knowledge.entries():
        reply = cards.entry(entry, 0.9)
        assert reply.kind is kinds[kind] and reply.answered and reply.entry_id == entry.id
        assert entry.source in {c.source_id for c in reply.citations}
        assert reply.to_text()


def test_a_comparison_can_show_two_of_its_sides(knowledge):
    comp = next(c for c in knowledge.comparisons if len(c.sides) > 2)
    reply = Cards(knowledge).entry(comp, None, sides=[0, 2])
    assert reply.table is not None and reply.table.header == ("Aspect", comp.sides[0].name, comp.sides[2].name)


def test_a_suggestion_leads_to_its_entry(knowledge):
    cards = Cards(knowledge)
    for _, entry in knowledge.entries():
        suggestion = cards.suggestion(entry)
        assert suggestion.entry_id == entry.id and suggestion.label


def test_sentences():
    assert sentence("what is industry 5.0") == "What is industry 5.0?"
    assert first_sentence("One. Two.") == "One."
