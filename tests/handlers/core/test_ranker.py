"""The ranker of suggestions: learned from entries' phrasings and labelled examples, it orders candidates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from benchmarks import examples as examples_file
from benchmarks.evalset import SETS, load_questions
from handlers.core.engine import Engine
from handlers.core.ranker import Ranker, features
from handlers.core.text import tokens
from knowledge.models import Fact, Knowledge

PLANTS = Fact(id="plants", text="Smart factories automate production.", source="a", questions=("what is automation",))
MONEY = Fact(id="money", text="Investment in clean energy grew.", source="a", questions=("how much investment",))


def ranker(*pairs: tuple[str, str]) -> Ranker:
    return Ranker.of(tokens, pairs, size=100)


def test_features_are_words_and_neighbouring_pairs():
    assert features(["prime", "minister", "directive"]) == {
        "prime",
        "minister",
        "directive",
        "prime_minister",
        "minister_directive",
    }


def test_an_example_in_members_words_puts_its_entry_first():
    asked = tokens("factories that run themselves")
    assert ranker().order([MONEY, PLANTS], asked)[0] is MONEY  # nothing learned: a tie keeps the order
    taught = ranker(("plants", "factories running by themselves"))
    assert taught.order([MONEY, PLANTS], asked) == [PLANTS, MONEY]
    assert taught.likelihood(PLANTS, asked) > taught.likelihood(MONEY, asked)


def test_a_wording_given_for_two_entries_counts_half_for_each():
    both = ranker(("plants", "green money"), ("money", "green money"))
    one = ranker(("plants", "green money"))
    asked = tokens("green money")
    assert both.likelihood(PLANTS, asked) < one.likelihood(PLANTS, asked)


def test_the_entrys_own_phrasings_teach_it_without_examples():
    assert ranker().order([PLANTS, MONEY], tokens("how much investment went in"))[0] is MONEY


def test_no_words_or_one_entry_keep_the_order():
    r = ranker(("plants", "investment"))
    assert r.order([MONEY, PLANTS], []) == [MONEY, PLANTS]
    assert r.order([MONEY], tokens("investment")) == [MONEY]


UNANSWERED = ["how do robots and humans work side by side", "how do robots and humans team up"]


@pytest.mark.parametrize("text", UNANSWERED)
def test_the_first_suggestion_is_the_likeliest_relevant_hit(engine: Engine, text: str):
    outcome = engine.respond(text, addressed=True)
    assert outcome.reply is not None and not outcome.answered and outcome.reply.suggestions
    query = engine.index.analyse(text)
    hits = [h for h in engine.search(text, limit=8) if h.relevant and h.info >= engine.tuning.min_info]
    likeliest = engine.ranker.order([h.entry for h in hits], query.folded.split())[0]
    assert outcome.reply.suggestions[0].entry_id == likeliest.id


def test_without_examples_the_engine_still_offers(knowledge: Knowledge):
    bare = Engine(replace(knowledge, examples=(), _sources_by_id={}))
    outcome = bare.respond("how do robots and humans team up", addressed=True)
    assert outcome.reply is not None and outcome.reply.suggestions


def test_the_shipped_examples_are_the_tuning_pool_and_nothing_reported(knowledge: Knowledge):
    assert examples_file.main(["--check"]) == 0, "knowledge/examples.yaml is out of date: run `make examples`"
    learned = {wording for _, wording in knowledge.examples}
    pool = {q.q for s in SETS if s.tuning for q in load_questions(s.path)}
    reported = {q.q for s in SETS if not s.tuning for q in load_questions(s.path)} - pool
    assert learned and learned <= pool and not learned & reported  # a set reported blind is never learned from


def test_entries_members_ask_for_as_one_are_alike():
    """Most questions labelled with the entry that has fewer examples are labelled with the other too."""
    asked = [f"the challenges article 001 lists, take {n}" for n in range(6)]
    both = [("list", q) for q in asked] + [("overview", q) for q in asked[:5]] + [("overview", "what is 001 about")]
    assert ranker(*both).alike("list", "overview") and ranker(*both).alike("overview", "list")
    half = [("list", q) for q in asked] + [("overview", q) for q in asked[:3]] + [("overview", "a"), ("overview", "b")]
    assert not ranker(*half).alike("list", "overview")  # 3 of 5 shared: asked for apart as often
    few = [("list", q) for q in asked[:4]] + [("overview", q) for q in asked[:4]]
    assert not ranker(*few).alike("list", "overview")  # too few questions to tell
    assert not ranker(*both).alike("list", "money")


def test_an_entry_asked_for_as_one_with_the_top_is_no_rival(knowledge: Knowledge):
    """Two entries of different articles, never said in the same words: related only once members ask for them
    as one, and then neither takes the lead from the other."""
    a, b = knowledge.entry("samsung-exports-2017"), knowledge.entry("net-zero-2050")
    assert a is not None and b is not None
    bare = Engine(replace(knowledge, examples=(), _sources_by_id={}))
    assert not bare._related(a, b)
    pairs = tuple((entry.id, f"samsung and net zero, question {n}") for n in range(5) for entry in (a, b))
    taught = Engine(replace(knowledge, examples=pairs, _sources_by_id={}))
    assert taught._related(a, b) and taught._related(b, a)


def test_usual_words_are_those_at_least_two_examples_use():
    r = ranker(("plants", "robots in the factory"), ("plants", "factory robots count"), ("plants", "smart machines"))
    assert r.usual("plants") == frozenset(tokens("factory robots"))
    assert r.usual("money") == frozenset()


def test_a_word_members_use_for_an_entry_is_not_a_detail_it_lacks(knowledge: Knowledge):
    """ "tổng" (total) is no word of the Samsung entry, but members asking for it say it: not a detail it lacks."""
    asked = "samsung chiem bao nhieu phan tram tong xk cua vn"
    bare = Engine(replace(knowledge, examples=(), _sources_by_id={}))
    assert not bare.respond(asked, addressed=False).answered
    assert {"tong"} <= set(bare.search(asked, limit=1)[0].missing)
    entry = "samsung-exports-2017"
    pairs = ((entry, "samsung chiem may phan tram tong xk"), (entry, "phan tram tong xk"))
    taught = Engine(replace(knowledge, examples=pairs, _sources_by_id={}))
    outcome = taught.respond(asked, addressed=False)
    assert outcome.answered and outcome.nearest == entry
    # one example is not yet usage: the word stays a detail the entry lacks
    once = Engine(replace(knowledge, examples=pairs[:1], _sources_by_id={}))
    assert not once.respond(asked, addressed=False).answered


def test_usual_words_count_towards_the_entrys_coverage(knowledge: Knowledge):
    asked = "samsung chiem bao nhieu phan tram tong xk cua vn"
    bare = Engine(replace(knowledge, examples=(), _sources_by_id={}))
    entry = "samsung-exports-2017"
    pairs = ((entry, "samsung chiem may phan tram tong xk"), (entry, "phan tram tong xk"))
    taught = Engine(replace(knowledge, examples=pairs, _sources_by_id={}))
    before, after = (next(h for h in e.search(asked, limit=8) if h.entry.id == entry) for e in (bare, taught))
    assert after.coverage > before.coverage


def test_agreement_only_adds_answers_each_the_matchers_best_and_the_rankers_likeliest(engine: Engine):
    """The rules alone (no calibrated model, which weighs agreement among its signals), with and without it."""
    rules = replace(engine.knowledge, calibration=None, _sources_by_id={})
    never = Engine(rules, engine.tuning.model_copy(update={"agree": 1.0}))
    engine = Engine(rules, engine.tuning)
    questions = [q.q for s in SETS if s.name in ("l", "v11") for q in load_questions(s.path)]
    added = []
    for text in questions:
        with_agreement, without = engine.respond(text, addressed=False), never.respond(text, addressed=False)
        if without.answered:
            assert with_agreement.answered and with_agreement.nearest == without.nearest, text
        elif with_agreement.answered:
            added.append(text)
            query = engine.index.analyse(text)
            hits = engine.search(text, limit=8)
            relevant = [h.entry for h in hits if h.relevant and h.info >= engine.tuning.min_info]
            likeliest = engine.ranker.order(relevant, query.folded.split())[0]
            assert hits[0].entry.id == with_agreement.nearest == likeliest.id, text
    assert added  # it answers some questions the matcher alone would not


def test_warm_reads_the_examples_and_phrasings_once_and_never_again():
    examples = ["robots in the factory", "factory robots"]
    calls: list[str] = []

    def counting(text: str) -> list[str]:
        calls.append(text)
        return tokens(text)

    r = Ranker.of(counting, [("plants", text) for text in examples], size=100)
    r.warm([PLANTS])
    assert sorted(c for c in calls if c in examples) == sorted(examples) and r.learned() == ["plants"]
    warmed = len(calls)
    r.usual("plants")
    r.likelihood(PLANTS, tokens("factory robots"))
    assert len(calls) == warmed  # kept: neither its examples nor its phrasings are read again
    r.likelihood(MONEY, tokens("factory robots"))  # an entry without examples: its phrasings, read when asked
    assert len(calls) > warmed and not any(c in examples for c in calls[warmed:])


def test_a_long_running_service_warms_its_engine(tmp_path):
    from config import load_settings
    from handlers.service import Service

    service = Service.start(load_settings(env={"BOT_DATA_DIR": str(tmp_path)}), warm=True)
    assert service.warm and len(service.engine.ranker._taught) == len(service.engine.ranker.learned())
    assert not Service.start(load_settings(env={"BOT_DATA_DIR": str(tmp_path)})).engine.ranker._taught
