"""Commands through the one engine path: ``Engine.handle`` with the prefix, as the console and Discord use it."""

from __future__ import annotations

import random

import pytest

from handlers.engine import COMMANDS, Engine, clean
from handlers.reply import Kind


def say(engine: Engine, text: str, addressed: bool = True):
    return engine.handle(text, addressed=addressed)


def test_help_lists_every_command_with_an_example(engine):
    reply = say(engine, "!help")
    assert reply.kind is Kind.INFO
    names = [f.name.split()[0] for f in reply.fields]
    assert names == [f"!{c.name}" for c in COMMANDS]
    assert all("Example: `!" in f.value for f in reply.fields)


def test_help_for_one_command_gives_its_usage(engine):
    reply = say(engine, "!help compare")
    assert reply.kind is Kind.USAGE and "`!compare A B`" in reply.body


def test_unknown_command_suggests_the_closest(engine):
    reply = say(engine, "!polcy")
    assert reply.kind is Kind.UNKNOWN and not reply.answered
    assert reply.suggestions == ("!policy",)
    assert say(engine, "!cmopare 4.0 5.0").suggestions == ("!compare",)


@pytest.mark.parametrize("text", ["!", "!!!", "!?", "! policy", "!1"])
def test_prefix_noise_is_silent(engine, text):
    assert say(engine, text, addressed=False) is None


def test_policy_without_name_lists_all_policies(engine, knowledge):
    reply = say(engine, "!policy")
    assert reply.kind is Kind.LIST and reply.answered
    assert len(reply.items) == len(knowledge.policies)
    assert all(p.name in item for p, item in zip(knowledge.policies, reply.items, strict=True))


@pytest.mark.parametrize(
    "name",
    ["resolution 57", "nq57", "NQ 57", "Nghị quyết 57", "nghi quyet 57", "resolutoin 57", "RESOLUTION 57"],
)
def test_policy_by_name_alias_typo_and_diacritics(engine, name):
    reply = say(engine, f"!policy {name}")
    assert reply.kind is Kind.POLICY and reply.entry_id == "resolution-57"
    assert reply.citations[0].source_id == "innovation-resolution-57"


@pytest.mark.parametrize("name", ["directive 2017", "pm directive", "prime minister directive"])
def test_policy_directive(engine, name):
    reply = say(engine, f"!policy {name}")
    assert reply.kind is Kind.POLICY
    assert reply.entry_id == "pm-directive-industry-4-0-2017"
    issued = next(f.value for f in reply.fields if f.name == "Issued")
    assert "6 May 2017" in issued and "Prime Minister" in issued


def test_policy_fdi_answers_or_lists_fdi_policies_only(engine):
    reply = say(engine, "!policy fdi")
    if reply.kind is Kind.POLICY:
        assert "fdi" in reply.entry_id
    else:
        assert reply.suggestions and all("FDI" in s for s in reply.suggestions)


def test_unknown_policy_suggests_policies(engine):
    reply = say(engine, "!policy banana republic tax")
    assert reply.kind is Kind.UNKNOWN and not reply.answered
    assert all(s.startswith("!policy ") for s in reply.suggestions)


def test_random_quote_is_labelled(engine):
    for seed in range(10):
        reply = engine.quote("", rng=random.Random(seed))
        assert reply.kind is Kind.QUOTE
        kind = next(f.value for f in reply.fields if f.name == "Type")
        assert kind.startswith(("Direct quote", "Reported speech"))
        assert any(f.name == "Speaker" for f in reply.fields)
        assert reply.citations


def test_direct_quote_is_in_quotation_marks_and_reported_is_not(engine, knowledge):
    for q in knowledge.quotes:
        reply = engine.entry_reply("quotes", q, None)
        if q.kind == "direct":
            assert reply.body == f"“{q.text}”"
        else:
            assert "“" not in reply.body and "Reported speech" in reply.to_text()


@pytest.mark.parametrize("speaker", ["santiago", "Fernando Santiago", "le thai ha", "Lê Thái Hà", "dam bach duong"])
def test_quote_by_speaker_lists_all_their_quotes(engine, knowledge, speaker):
    reply = say(engine, f"!quote {speaker}")
    assert reply.answered
    if reply.kind is Kind.LIST:
        speakers = {q.speaker for q in knowledge.quotes if any(q.text in item for item in reply.items)}
        assert len(speakers) == 1
        assert all(("(direct quote)" in i) != ("(reported speech)" in i) for i in reply.items)
    else:
        assert reply.kind is Kind.QUOTE


def test_quote_by_topic(engine, knowledge):
    reply = say(engine, "!quote digital culture")
    assert reply.kind is Kind.QUOTE
    quote = next(q for q in knowledge.quotes if q.id == reply.entry_id)
    assert "digital culture" in quote.text


def test_unknown_quote(engine):
    reply = say(engine, "!quote elon musk")
    assert reply.kind is Kind.UNKNOWN and reply.suggestions


@pytest.mark.parametrize(
    "pair",
    ["4.0 5.0", "5.0 4.0", "industry 4.0 vs industry 5.0", "4 5", "Industry 5.0 and Industry 4.0", "i4.0 / i5.0"],
)
def test_compare_is_order_free_and_forgiving(engine, pair):
    reply = say(engine, f"!compare {pair}")
    assert reply.kind is Kind.COMPARISON, reply.to_text()
    assert reply.entry_id == "industry-4-0-vs-5-0"
    assert reply.table.header == ("Aspect", "Industry 4.0", "Industry 5.0")
    assert reply.table.rows and all(len(row) == 3 for row in reply.table.rows)


def test_compare_two_sides_of_a_three_way_comparison(engine, knowledge):
    three = next(c for c in knowledge.comparisons if len(c.sides) >= 3)
    a, b = three.sides[0].name, three.sides[2].name
    reply = say(engine, f"!compare {b} vs {a}")
    assert reply.kind is Kind.COMPARISON and reply.entry_id == three.id
    assert reply.table.header == ("Aspect", a, b)


def test_compare_unknown_pair_lists_comparisons(engine, knowledge):
    reply = say(engine, "!compare apples oranges")
    assert reply.kind is Kind.UNKNOWN and not reply.answered
    assert len(reply.items) == len(knowledge.comparisons)


def test_compare_without_arguments_lists_comparisons(engine, knowledge):
    reply = say(engine, "!compare")
    assert reply.kind is Kind.LIST and len(reply.items) == len(knowledge.comparisons)


def test_ask_answers_with_source(engine):
    reply = say(engine, "!ask what is resolution 57?")
    assert reply.answered and reply.entry_id == "resolution-57"
    assert "Source: Innovation in Industry" in reply.to_text()


def test_ask_without_question_gives_usage(engine):
    reply = say(engine, "!ask")
    assert reply.kind is Kind.USAGE and "!ask QUESTION" in reply.body


def test_sources_lists_the_four_articles(engine, knowledge):
    reply = say(engine, "!sources")
    assert reply.kind is Kind.LIST and len(reply.items) == 4
    for source in knowledge.sources:
        assert any(source.title in item for item in reply.items)


def test_about_counts_the_base(engine, knowledge):
    reply = say(engine, "!about")
    counts = {f.name.lower(): int(f.value) for f in reply.fields}
    assert counts == knowledge.counts()


def test_commands_are_case_insensitive_and_aliases_work(engine):
    assert say(engine, "!POLICY nq57").entry_id == "resolution-57"
    assert say(engine, "!policies").kind is Kind.LIST


def test_custom_prefix(knowledge):
    engine = Engine(knowledge, prefix="?")
    assert engine.handle("?policy nq57", addressed=False).entry_id == "resolution-57"
    assert "`?policy" in engine.handle("?help", addressed=True).to_text()


def test_clean_strips_mass_mentions_and_control_characters():
    assert clean("hi @everyone and @here\x00\u202e!") == "hi everyone and here !"
    assert len(clean("x" * 100_000)) <= 4_000


def test_autocomplete(engine, knowledge):
    assert engine.complete("policy", "") == [p.name for p in knowledge.policies][:25]
    assert "Resolution 57" in engine.complete("policy", "resol")
    assert engine.complete("speaker", "santi") == ["Fernando Santiago"]
    pairs = engine.complete("compare", "5.0")
    assert pairs and all("5.0" in p for p in pairs)
    assert len(engine.complete("compare", "")) <= 25
    assert engine.complete("nothing", "x") == []


# ----- outcomes: what the curators' records get -------------------------------------------------------------


def test_an_answered_question_names_its_entry(engine):
    outcome = engine.respond("what is resolution 57?", addressed=False)
    assert outcome.answered and outcome.question == "what is resolution 57?"
    assert outcome.nearest == outcome.reply.entry_id and outcome.score == outcome.reply.confidence


def test_an_unanswered_question_still_names_the_nearest_entry(engine):
    outcome = engine.respond("how many robots per worker does vietnam have?", addressed=True)
    assert not outcome.answered and outcome.reply.kind is Kind.UNKNOWN
    assert outcome.question == "how many robots per worker does vietnam have?"
    assert outcome.nearest in {e.id for _, e in engine.knowledge.entries()} and 0 < outcome.score < 1


def test_channel_silence_keeps_the_near_miss(engine):
    outcome = engine.respond("how many robots per worker does vietnam have?", addressed=False)
    assert outcome.reply is None and outcome.nearest is not None and outcome.score > 0


@pytest.mark.parametrize("text", ["!help", "!about", "!sources", "!polcy", "!policy", "!!!", ""])
def test_commands_that_ask_nothing_are_not_questions(engine, text):
    assert engine.respond(text, addressed=True).question is None


def test_a_lookup_is_a_question_answered_or_not(engine):
    found = engine.respond("!policy resolution 57", addressed=True)
    assert found.answered and found.question == "!policy resolution 57" and found.nearest == found.reply.entry_id
    missing = engine.execute("policy", "industrial zoning law")
    assert not missing.answered and missing.question == "!policy industrial zoning law"
    assert missing.nearest is not None


def test_a_prefix_variant_names_its_prefix_and_shares_the_indexes(engine):
    variant = engine.with_prefix("?")
    assert engine.with_prefix("!") is engine
    assert variant.handle("?polcy", addressed=True).suggestions == ("?policy",)
    assert variant.handle("?policy resolution 57", addressed=True).answered
    assert variant.matcher is engine.matcher and variant._kind_matchers is engine._kind_matchers
    assert engine.prefix == "!" and engine.handle("!polcy", addressed=True).suggestions == ("!policy",)
