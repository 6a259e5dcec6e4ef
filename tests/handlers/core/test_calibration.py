"""The calibrated decision: the model's features, its two rules above it, and what it changes in replies."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from benchmarks.calibrate import Row, answer, fit, inputs_digest
from benchmarks.evalset import SETS, load_questions
from handlers.core import calibration
from handlers.core.engine import Engine
from knowledge.models import CALIBRATION_FEATURES, Calibration, Knowledge


def model(bias: float, **weights: float) -> Calibration:
    return Calibration(bias=bias, weights={**dict.fromkeys(CALIBRATION_FEATURES, 0.0), **weights}, trained="a test")


@pytest.fixture(scope="module")
def never(knowledge: Knowledge, engine: Engine) -> Engine:
    """A model that finds no candidate likely."""
    return Engine(replace(knowledge, calibration=model(-50.0), _sources_by_id={}), engine.tuning)


@pytest.fixture(scope="module")
def always(knowledge: Knowledge, engine: Engine) -> Engine:
    """A model that finds every candidate likely: only the rules above it hold anything back."""
    return Engine(replace(knowledge, calibration=model(50.0), _sources_by_id={}), engine.tuning)


@pytest.fixture(scope="module")
def rules(knowledge: Knowledge, engine: Engine) -> Engine:
    return Engine(replace(knowledge, calibration=None, _sources_by_id={}), engine.tuning)


def test_the_shipped_base_has_a_model_learned_from_what_it_now_reads(knowledge: Knowledge):
    assert knowledge.calibration is not None
    assert list(knowledge.calibration.weights) == list(CALIBRATION_FEATURES)
    assert knowledge.calibration.inputs == inputs_digest(), "the code, base or sets changed: run `make calibrate`"


def test_make_calibrate_scores_what_members_get(engine: Engine):
    """``Engine.weigh`` and ``benchmarks.calibrate.answer`` give what ``Engine.respond`` answers in a channel."""
    model = engine.knowledge.calibration
    assert model is not None
    questions = [q.q for s in SETS if s.name in ("p", "v15") for q in load_questions(s.path)]
    for text in questions:
        outcome = engine.respond(text, addressed=False)
        weighed = engine.weigh(text)
        if weighed is None:
            assert outcome.reply is None, text
            continue
        candidate, f = weighed
        row = Row("x", "en", frozenset(), outcome.nearest if outcome.answered else None, candidate, f)
        if not f:  # the rules decide
            continue
        likely = calibration.probability(model, f) >= engine.tuning.calibrated
        assert (outcome.nearest if outcome.answered else None) == answer(row, likely), text


@pytest.mark.parametrize(
    "text", ["how much was invested in clean energy in 2024", "santiago thoughts on copying germany", "zzz robots"]
)
def test_the_features_are_the_named_ones_and_small(engine: Engine, text: str):
    weighed = engine.weigh(text)
    assert weighed is not None
    _, f = weighed
    assert list(f) == list(CALIBRATION_FEATURES)
    assert all(-1.5 <= v <= 2 for k, v in f.items() if k != "missing"), f  # flags, shares, scores
    assert f["missing"] == int(f["missing"]) >= 0  # a count of words


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("how many challenges does 001 list", 1.0),  # the candidate is of the article named
        ("how many challenges does vietnam's industrial innovation face", 0.0),  # no article named
        ("what does 003 say about samsung exports", 0.0),  # another article's entry, if any
    ],
)
def test_the_model_knows_when_the_question_names_the_candidates_article(engine: Engine, text: str, named: float):
    weighed = engine.weigh(text)
    assert weighed is not None and weighed[1]
    candidate, f = weighed
    assert f["named"] == named, candidate


def test_chatter_and_off_topic_are_never_weighed(engine: Engine):
    assert engine.weigh("thanks bot") is None
    assert engine.weigh("who won the world cup") is None
    assert engine.weigh("   ") is None


def test_the_candidate_is_the_rules_answer_else_the_first_offer(rules: Engine):
    answered = "how much was invested in clean energy in 2024"
    assert rules.weigh(answered)[0] == rules.respond(answered, addressed=False).nearest  # type: ignore[index]
    unanswered = "clean energy"
    offered = rules.respond(unanswered, addressed=True).reply
    assert offered is not None and not offered.answered and offered.suggestions
    assert rules.weigh(unanswered)[0] == offered.suggestions[0].entry_id  # type: ignore[index]


def test_an_exact_name_answers_whatever_the_model_says(never: Engine):
    assert never.weigh("Resolution 57") == ("resolution-57", {})
    assert never.respond("Resolution 57", addressed=False).nearest == "resolution-57"
    assert never.respond("Resolution 57", addressed=False).answered


def test_an_unlikely_answer_of_the_rules_is_withheld_but_still_offered(rules: Engine, never: Engine):
    text = "how much was invested in clean energy in 2024"
    assert rules.respond(text, addressed=False).answered
    assert never.respond(text, addressed=False).reply is None  # in a channel: silence
    reply = never.respond(text, addressed=True).reply  # addressed: not an answer, but one click away
    assert reply is not None and not reply.answered
    assert reply.suggestions and reply.suggestions[0].entry_id == "clean-energy-investment-2024"


def test_a_likely_offer_is_answered(rules: Engine, always: Engine):
    text = "clean energy"
    assert not rules.respond(text, addressed=False).answered
    outcome = always.respond(text, addressed=False)
    assert outcome.answered and outcome.nearest == rules.respond(text, addressed=True).reply.suggestions[0].entry_id


def test_an_entry_lacking_the_detail_asked_never_answers_a_short_question(always: Engine):
    """Above the model: "the articles don't say" stays, whatever it has learned."""
    text = "samsung vn exports 2018 or 2019 number?"
    assert always.weigh(text)[1]["lacks"] == 1.0  # type: ignore[index]
    assert always.respond(text, addressed=False).reply is None
    reply = always.respond(text, addressed=True).reply
    assert reply is not None and not reply.answered
    assert reply.suggestions[0].entry_id == "samsung-exports-2017"


@pytest.mark.parametrize(
    "text",
    [
        "samsung vn exports 2018 or 2019 number? need it for slides tomorrow pls",
        "samsung vn exports 2018 or 2019 number? what do you think, need it for slides",
    ],
)
def test_a_figure_the_entry_lacks_is_never_taken_for_context(always: Engine, text: str):
    weighed = always.weigh(text)
    assert weighed is not None and weighed[1]["lacks"] == 1.0 and weighed[1]["aside"] == 0.0
    assert always.respond(text, addressed=False).reply is None


def test_a_detail_word_in_the_context_of_a_long_message_is_aside(always: Engine):
    text = "so for our group seminar on the UN piece, my part is the recommendations. what did santiago advise vietnam?"
    weighed = always.weigh(text)
    assert weighed is not None
    assert weighed[1]["lacks"] == 0.0 or weighed[1]["aside"] == 1.0


def test_an_entry_without_examples_is_left_to_the_rules(knowledge: Knowledge, engine: Engine, rules: Engine):
    """The model learned from entries members asked about; one a curator has just added has no examples."""
    text = "how much was invested in clean energy in 2024"
    entry = rules.respond(text, addressed=False).nearest
    bare = [p for p in knowledge.examples if p[0] != entry]
    never_but_new = Engine(
        replace(knowledge, examples=bare, calibration=model(-50.0), _sources_by_id={}), engine.tuning
    )
    assert never_but_new.weigh(text) == (entry, {})
    assert never_but_new.respond(text, addressed=False).nearest == entry


def test_the_bar_at_one_answers_nothing_but_names_and_at_zero_all_the_rules_allow(knowledge: Knowledge, engine: Engine):
    top = Engine(knowledge, engine.tuning.model_copy(update={"calibrated": 1.0}))
    assert not top.respond("how much was invested in clean energy in 2024", addressed=False).answered
    assert top.respond("Resolution 57", addressed=False).answered
    bottom = Engine(knowledge, engine.tuning.model_copy(update={"calibrated": 0.0}))
    assert bottom.respond("clean energy", addressed=False).answered
    assert not bottom.respond("samsung vn exports 2018 or 2019 number?", addressed=False).answered


def test_an_entry_matched_only_on_common_words_never_answers(always: Engine):
    text = "what's the deal with smart factories"
    weighed = always.weigh(text)
    assert weighed is not None and weighed[0] is not None and weighed[1]["relevant"] == 0.0
    assert always.respond(text, addressed=False).reply is None


def test_the_rules_above_the_model_read_its_features():
    f = dict.fromkeys(CALIBRATION_FEATURES, 0.0)
    assert not calibration.allowed(f)  # not relevant
    assert calibration.allowed({**f, "relevant": 1.0})
    assert not calibration.allowed({**f, "relevant": 1.0, "lacks": 1.0, "words": 19 / 20})
    assert calibration.allowed({**f, "relevant": 1.0, "lacks": 1.0, "aside": 1.0})  # the context of the message
    assert calibration.allowed({**f, "lacks": 1.0, "answered": 1.0})  # the rules' answer (a figure checked)


def test_the_probability_follows_the_weights_and_never_overflows():
    f = dict.fromkeys(CALIBRATION_FEATURES, 0.0)
    assert calibration.probability(model(0.0), f) == 0.5
    assert calibration.probability(model(0.0, score=2.0), {**f, "score": 1.0}) == pytest.approx(1 / (1 + np.exp(-2)))
    assert 0.999 < calibration.probability(model(1e5), f) < 1.0  # a bar of 1 is never reached
    assert calibration.probability(model(-1e5), f) == pytest.approx(0.0)
    assert calibration.probability(model(0.0, score=1e5), {**f, "score": float("inf")}) == 0.0


def test_make_calibrate_fits_a_logistic_model():
    rng = np.random.default_rng(7)
    x = np.column_stack([rng.normal(size=2000), np.ones(2000)])
    y = (rng.random(2000) < 1 / (1 + np.exp(-(3 * x[:, 0] - 1)))).astype(float)
    w = fit(x, y)
    assert w[0] == pytest.approx(3, abs=0.4) and w[1] == pytest.approx(-1, abs=0.3)


def test_make_calibrate_measures_the_answer_the_engine_gives():
    f = {**dict.fromkeys(CALIBRATION_FEATURES, 0.0), "relevant": 1.0, "lacks": 1.0, "words": 0.9}
    row = Row("a", "en", frozenset({"x"}), None, "x", f)
    assert answer(row, likely=True) is None  # held back by the rule above the model, as the engine does
    assert answer(replace(row, features={**f, "lacks": 0.0}), likely=True) == "x"
    assert answer(replace(row, features={**f, "lacks": 0.0}), likely=False) is None
