"""Commands through the one service path: ``Engine.handle`` with the prefix, as the console and Discord use it."""

from __future__ import annotations

import random

import pytest

from handlers.core.commands import COMMANDS, quote
from handlers.core.reply import PREFIX, Kind
from handlers.core.text import clean
from handlers.service import Service
from tests.helpers import ask


def say(service: Service, text: str, addressed: bool = True):
    return ask(service, text, addressed=addressed)


def test_help_lists_every_command_with_an_example(service):
    reply = say(service, "!help")
    assert reply.kind is Kind.INFO
    names = [f.name.split()[0] for f in reply.fields]
    assert names == [f"!{c.name}" for c in COMMANDS]
    assert all("Example: `!" in f.value for f in reply.fields)


def test_help_for_one_command_gives_its_usage(service):
    reply = say(service, "!help compare")
    assert reply.kind is Kind.USAGE and "`!compare A B`" in reply.body


def test_unknown_command_suggests_the_closest(service):
    reply = say(service, "!polcy")
    assert reply.kind is Kind.UNKNOWN and not reply.answered
    assert reply.suggestions[0].text() == "!policy"
    assert say(service, "!cmopare 4.0 5.0").suggestions[0].text() == "!compare"


@pytest.mark.parametrize("text", ["!", "!!!", "!?", "! policy", "!1"])
def test_prefix_noise_is_silent(service, text):
    assert say(service, text, addressed=False) is None


def test_policy_without_name_lists_all_policies(service, knowledge):
    reply = say(service, "!policy")
    assert reply.kind is Kind.LIST and reply.answered
    assert len(reply.items) == len(knowledge.policies)
    assert all(p.name in item for p, item in zip(knowledge.policies, reply.items, strict=True))


@pytest.mark.parametrize(
    "name",
    ["resolution 57", "nq57", "NQ 57", "Nghị quyết 57", "nghi quyet 57", "resolutoin 57", "RESOLUTION 57"],
)
def test_policy_by_name_alias_typo_and_diacritics(service, name):
    reply = say(service, f"!policy {name}")
    assert reply.kind is Kind.POLICY and reply.entry_id == "resolution-57"
    assert reply.citations[0].source_id == "innovation-resolution-57"


@pytest.mark.parametrize("name", ["directive 2017", "pm directive", "prime minister directive"])
def test_policy_directive(service, name):
    reply = say(service, f"!policy {name}")
    assert reply.kind is Kind.POLICY
    assert reply.entry_id == "pm-directive-industry-4-0-2017"
    issued = next(f.value for f in reply.fields if f.name == "Issued")
    assert "6 May 2017" in issued and "Prime Minister" in issued


def test_policy_fdi_answers_or_lists_fdi_policies_only(service):
    reply = say(service, "!policy fdi")
    if reply.kind is Kind.POLICY:
        assert "fdi" in reply.entry_id
    else:
        assert reply.suggestions and all("FDI" in s.text() for s in reply.suggestions)


def test_unknown_policy_suggests_policies(service):
    reply = say(service, "!policy banana republic tax")
    assert reply.kind is Kind.UNKNOWN and not reply.answered
    assert all(s.text().startswith("!policy ") for s in reply.suggestions)


def test_random_quote_is_labelled(service):
    for seed in range(10):
        reply = quote(service.engine, "", rng=random.Random(seed))
        assert reply.kind is Kind.QUOTE
        kind = next(f.value for f in reply.fields if f.name == "Type")
        assert kind.startswith(("Direct quote", "Reported speech"))
        assert any(f.name == "Speaker" for f in reply.fields)
        assert reply.citations


def test_direct_quote_is_in_quotation_marks_and_reported_is_not(service, knowledge):
    for q in knowledge.quotes:
        reply = service.engine.cards.entry(q, None)
        if q.kind == "direct":
            assert reply.body == f"“{q.text.removesuffix(',')}{'.' if q.text.endswith(',') else ''}”"
            assert not reply.body.endswith(",”")  # the article's comma before "she said" ends the sentence here
        else:
            assert "“" not in reply.body and "Reported speech" in reply.to_text()


@pytest.mark.parametrize("speaker", ["santiago", "Fernando Santiago", "le thai ha", "Lê Thái Hà", "dam bach duong"])
def test_quote_by_speaker_lists_all_their_quotes(service, knowledge, speaker):
    reply = say(service, f"!quote {speaker}")
    assert reply.answered
    if reply.kind is Kind.LIST:
        speakers = {q.speaker for q in knowledge.quotes if any(q.text in item for item in reply.items)}
        assert len(speakers) == 1
        assert all(("(direct quote)" in i) != ("(reported speech)" in i) for i in reply.items)
    else:
        assert reply.kind is Kind.QUOTE


def test_quote_by_topic(service, knowledge):
    reply = say(service, "!quote digital culture")
    assert reply.kind is Kind.QUOTE
    quote = next(q for q in knowledge.quotes if q.id == reply.entry_id)
    assert "digital culture" in quote.text


def test_unknown_quote_names_the_speakers_it_has_instead_of_guessing(service, knowledge):
    reply = say(service, "!quote elon musk")
    assert reply.kind is Kind.UNKNOWN and not reply.suggestions
    assert all(q.speaker in reply.body for q in knowledge.quotes)


def test_an_unknown_policy_gets_close_names_or_none_never_a_fixed_list(service, knowledge):
    typo = say(service, "!policy resolutoin 75")  # a typo and a number no policy has: no answer, no filler
    assert typo.kind is Kind.UNKNOWN and typo.entry_id is None
    nothing = say(service, "!policy cat adoption scheme")
    assert nothing.kind is Kind.UNKNOWN and not nothing.suggestions and "`!policy`" in nothing.body
    first_three = [p.name for p in knowledge.policies[:3]]
    for name in ("tax holiday law", "industrial zoning decree", "minimum wage act"):
        reply = say(service, f"!policy {name}")
        assert [s.args for s in reply.suggestions] != first_three


@pytest.mark.parametrize(
    "pair",
    ["4.0 5.0", "5.0 4.0", "industry 4.0 vs industry 5.0", "4 5", "Industry 5.0 and Industry 4.0", "i4.0 / i5.0"],
)
def test_compare_is_order_free_and_forgiving(service, pair):
    reply = say(service, f"!compare {pair}")
    assert reply.kind is Kind.COMPARISON, reply.to_text()
    assert reply.entry_id == "industry-4-0-vs-5-0"
    assert reply.table.header == ("Aspect", "Industry 4.0", "Industry 5.0")
    assert reply.table.rows and all(len(row) == 3 for row in reply.table.rows)


def test_compare_two_sides_of_a_three_way_comparison(service, knowledge):
    three = next(c for c in knowledge.comparisons if len(c.sides) >= 3)
    a, b = three.sides[0].name, three.sides[2].name
    reply = say(service, f"!compare {b} vs {a}")
    assert reply.kind is Kind.COMPARISON and reply.entry_id == three.id
    assert reply.table.header == ("Aspect", a, b)


def test_compare_unknown_pair_lists_comparisons(service, knowledge):
    reply = say(service, "!compare apples oranges")
    assert reply.kind is Kind.UNKNOWN and not reply.answered
    assert len(reply.items) == len(knowledge.comparisons)


def test_compare_without_arguments_lists_comparisons(service, knowledge):
    reply = say(service, "!compare")
    assert reply.kind is Kind.LIST and len(reply.items) == len(knowledge.comparisons)


def test_ask_answers_with_source(service):
    reply = say(service, "!ask what is resolution 57?")
    assert reply.answered and reply.entry_id == "resolution-57"
    assert "Source: Innovation in Industry" in reply.to_text()


def test_ask_without_question_gives_usage(service):
    reply = say(service, "!ask")
    assert reply.kind is Kind.USAGE and "!ask QUESTION" in reply.body


def test_sources_lists_the_four_articles(service, knowledge):
    reply = say(service, "!sources")
    assert reply.kind is Kind.LIST and len(reply.items) == 4
    for source in knowledge.sources:
        assert any(source.title in item for item in reply.items)


def test_about_counts_the_base(service, knowledge):
    reply = say(service, "!about")
    counts = {f.name.lower(): int(f.value) for f in reply.fields}
    assert counts == knowledge.counts()


def test_commands_are_case_insensitive_and_aliases_work(service):
    assert say(service, "!POLICY nq57").entry_id == "resolution-57"
    assert say(service, "!policies").kind is Kind.LIST


def test_custom_prefix(service):
    assert ask(service, "?policy nq57", addressed=False, prefix="?").entry_id == "resolution-57"
    assert "`?policy" in ask(service, "?help", addressed=True, prefix="?").to_text("?")


def test_clean_strips_mass_mentions_and_control_characters():
    assert clean("hi @everyone and @here\x00\u202e!") == "hi everyone and here !"
    assert len(clean("x" * 100_000)) <= 4_000


def test_autocomplete(service, knowledge):
    assert service.complete("policy", "") == [p.name for p in knowledge.policies][:25]
    assert "Resolution 57" in service.complete("policy", "resol")
    assert service.complete("speaker", "santi") == ["Fernando Santiago"]
    pairs = service.complete("compare", "5.0")
    assert pairs and all("5.0" in p for p in pairs)
    assert len(service.complete("compare", "")) <= 25
    assert service.complete("nothing", "x") == []


# ----- outcomes: what the curators' records get -------------------------------------------------------------


def test_an_answered_question_names_its_entry(service):
    outcome = service.respond("what is resolution 57?", addressed=False).outcome
    assert outcome.answered and outcome.question == "what is resolution 57?"
    assert outcome.nearest == outcome.reply.entry_id and outcome.score == outcome.reply.confidence


def test_an_unanswered_question_still_names_the_nearest_entry(service):
    outcome = service.respond("how many robots per worker does vietnam have?", addressed=True).outcome
    assert not outcome.answered and outcome.reply.kind is Kind.UNKNOWN
    assert outcome.question == "how many robots per worker does vietnam have?"
    assert outcome.nearest in {e.id for _, e in service.engine.knowledge.entries()} and 0 < outcome.score < 1


def test_channel_silence_keeps_the_near_miss(service):
    outcome = service.respond("how many robots per worker does vietnam have?", addressed=False).outcome
    assert outcome.reply is None and outcome.nearest is not None and outcome.score > 0


@pytest.mark.parametrize("text", ["!help", "!about", "!sources", "!polcy", "!policy", "!!!", ""])
def test_commands_that_ask_nothing_are_not_questions(service, text):
    assert service.respond(text, addressed=True).outcome.question is None


def test_a_lookup_is_a_question_answered_or_not(service):
    found = service.respond("!policy resolution 57", addressed=True).outcome
    assert found.answered and found.question == PREFIX + "policy resolution 57"
    assert found.nearest == found.reply.entry_id
    missing = service.execute("policy", "industrial zoning law").outcome
    assert not missing.answered and missing.question == PREFIX + "policy industrial zoning law"
    assert missing.nearest is not None


def test_replies_carry_structure_and_the_edge_names_its_prefix(service):
    reply = service.respond("?polcy", addressed=True, prefix="?").reply
    assert [s.text("?") for s in reply.suggestions] == ["?policy"]
    assert reply.suggestions[0].command == "policy" and PREFIX in reply.body and "?" not in reply.body
    assert "`?polcy`" in reply.to_text("?") and PREFIX not in reply.to_text("?")
    assert ask(service, "?policy resolution 57", prefix="?").answered
