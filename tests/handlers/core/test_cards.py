"""Reply cards: every entry of the shipped base renders, cites its article, and labels quotes honestly."""

from __future__ import annotations

from handlers.core.cards import Cards, first_sentence, sentence, sentences, shown_aliases, verbatim
from handlers.core.reply import Citation, Kind


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


# ----- rough edges ---------------------------------------------------------------------------------------------------


def test_a_sentence_does_not_end_at_an_abbreviation():
    assert first_sentence("Prof. Nguyen Mai argues a point. Then more.") == "Prof. Nguyen Mai argues a point."
    assert first_sentence("As noted by Dr. Le Thai Ha, it grows. Next.") == "As noted by Dr. Le Thai Ha, it grows."
    assert first_sentence("Robots, e.g. cobots, help. More.") == "Robots, e.g. cobots, help."
    assert sentences("One. Two! Three? four") == ["One.", "Two!", "Three? four"]


def test_the_policy_list_summaries_end_at_a_sentence_end(service, knowledge):
    reply = service.respond("!policy", addressed=True).reply
    assert reply is not None and len(reply.items) == len(knowledge.policies)
    for item in reply.items:
        summary = item.split("**: ", 1)[1]
        assert summary.endswith((".", "!", "?")) and not summary.endswith(("Prof.", "Dr.", "Mr.")), item


def test_a_policy_card_shows_three_distinct_aliases(knowledge):
    policy = next(p for p in knowledge.policies if p.id == "resolution-57")
    assert len(policy.aliases) > 3
    reply = Cards(knowledge).entry(policy, None)
    [aliases] = [f.value for f in reply.fields if f.name == "Also known as"]
    assert aliases == "NQ57, Res 57, Resolution No. 57"  # not NQ 57 and NQ-57 again
    assert shown_aliases("Resolution 57", ["resolution 57", "NQ57", "NQ-57"]) == ["NQ57"]


def test_a_source_line_has_no_brackets_in_brackets(knowledge):
    for _, entry in knowledge.entries():
        for citation in Cards(knowledge).entry(entry, None).citations:
            line = str(citation)
            assert "((" not in line and "))" not in line and line.count("(") <= 1, line
    source = knowledge.source("social-responsibility")
    assert Citation.of(source).author == "Kim Bui (Newspaper of Industry and Trade, Vietnam)"


def test_a_list_from_several_articles_has_one_source_line(service):
    reply = service.respond("!policy", addressed=True).reply
    assert reply is not None and len(reply.citations) > 1
    text = reply.to_text("?")
    assert text.count("Source") == 1 and f"Sources: {len(reply.citations)} articles (?sources lists them)" in text
    one = service.respond("!quote santiago", addressed=True).reply
    assert one is not None and one.footer.startswith("Source: ") and "\n" not in one.footer


def test_a_direct_quote_never_ends_in_a_comma(knowledge):
    cards = Cards(knowledge)
    assert verbatim("value for society,") == "value for society." and verbatim("It works.") == "It works."
    for quote in knowledge.quotes:
        text = cards.entry(quote, None).to_text()
        assert ",”" not in text
    listed = cards.quote_list(knowledge.quotes, "All")
    assert not any(",”" in item for item in listed.items)


def test_a_speakers_quotes_say_how_many_are_direct_and_reported(service):
    reply = service.respond("!quote santiago", addressed=True).reply
    assert reply is not None and reply.title == "Fernando Santiago: 7 quotes (1 direct, 6 reported)"
    words = service.respond("what did santiago say", addressed=True).reply
    assert words is not None and words.title == reply.title


def test_le_thai_has_role_is_punctuated(knowledge):
    roles = {q.role for q in knowledge.quotes if q.speaker == "Le Thai Ha"}
    assert roles == {
        "Executive Director of the VinFuture Foundation, a global science and technology award fund, and of the "
        "For a Green Future Fund under Vingroup"
    }
