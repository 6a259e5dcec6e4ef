"""The decision alone, on hand-made hits: answer on a clear lead, offer the close ones, or nothing."""

from __future__ import annotations

from config import Matching
from handlers.core.decision import agreed, as_asked, decide, offers, one_speaker, said_by, unsaid
from handlers.core.scoring import Hit
from knowledge.models import Fact, Quote

TUNING = Matching()


def fact(id_: str) -> Fact:
    return Fact(id=id_, text=f"{id_} text.", source="s", questions=(f"what is {id_}",))


def quote(id_: str, speaker: str) -> Quote:
    return Quote(id=id_, speaker=speaker, role="expert", text="Words.", kind="reported", source="s")


def hit(
    entry, score: float, *, info: float = 3.0, coverage: float = 1.0, exact: bool = False, relevant: bool = True
) -> Hit:
    return Hit("facts", entry, score, coverage, score, info, exact, raw=score, relevant=relevant)


def test_a_confident_clear_lead_answers():
    top = hit(fact("a"), 0.8)
    assert decide([top, hit(fact("b"), 0.4)], 0.65, TUNING).answer is top


def test_a_tie_offers_both_instead():
    a, b = hit(fact("a"), 0.8), hit(fact("b"), 0.8)
    decision = decide([a, b], 0.65, TUNING)
    assert decision.answer is None and decision.close == (a, b)


def test_a_related_runner_up_does_not_count_against_the_lead():
    a, b = hit(fact("a"), 0.8), hit(fact("b"), 0.8)
    assert decide([a, b], 0.65, TUNING, related=lambda x, y: True).answer is a


def test_common_words_alone_never_answer():
    assert decide([hit(fact("a"), 0.9, info=0.5)], 0.65, TUNING).answer is None


def test_an_exact_name_answers_unless_entries_of_two_articles_share_it():
    a = hit(fact("a"), 1.0, exact=True)
    assert decide([a, hit(fact("b"), 0.9)], 0.65, TUNING).answer is a
    assert decide([a, hit(fact("b"), 1.0, exact=True)], 0.65, TUNING).answer is a  # one article: either answers
    other = Fact(id="c", text="c text.", source="t", questions=("what is c",))
    assert decide([a, hit(other, 1.0, exact=True)], 0.65, TUNING).answer is None


def test_nothing_gives_nothing():
    assert decide([], 0.65, TUNING).answer is None and decide([], 0.65, TUNING).close == ()


def test_one_speakers_quotes_answer_as_that_speaker():
    a, b = hit(quote("q1", "Santiago"), 0.7), hit(quote("q2", "Santiago"), 0.7)
    assert one_speaker([a, b], TUNING) is a
    assert one_speaker([a, hit(quote("q3", "Duong"), 0.7)], TUNING) is None
    assert one_speaker([hit(quote("q1", "Santiago"), 0.4)], TUNING) is None  # not confident enough


def test_who_said_picks_the_quote_among_one_articles_account_of_it():
    retold, said = hit(fact("retold"), 0.75), hit(quote("said", "Santiago"), 0.74)
    assert said_by([retold, said], TUNING) is said
    other = Fact(id="other", text="Other.", source="elsewhere", questions=("other",))
    assert said_by([retold, said, hit(other, 0.74)], TUNING) is None  # two articles: not one account
    assert said_by([retold, hit(quote("q2", "Le Thai Ha"), 0.74), said], TUNING) is None  # two speakers
    assert said_by([hit(fact("a"), 0.4), hit(quote("b", "X"), 0.4)], TUNING) is None  # not confident


def test_offers_are_close_or_explain_much_and_never_a_common_word():
    good, weak, common = hit(fact("a"), 0.3), hit(fact("b"), 0.1, coverage=0.2), hit(fact("c"), 0.5, info=0.3)
    one_word = hit(fact("d"), 0.4, relevant=False)  # one shared word among several, or only common ones
    assert offers([good, weak, common, one_word], TUNING) == [good]


def test_the_articles_dont_say_needs_a_clear_topic_and_a_missing_detail():
    lacking = Hit("facts", fact("a"), 0.2, 1.0, 0.5, 3.0, False, frozenset({"number"}), raw=0.6, relevant=True)
    assert unsaid([lacking, hit(fact("b"), 0.3, coverage=0.6)], 0.35) is lacking
    # ... but another entry that holds every word it does and lacks nothing holds the detail: no "not said"
    assert unsaid([lacking, hit(fact("b"), 0.3)], 0.35) is None
    assert unsaid([lacking, hit(fact("b"), 0.3, relevant=False)], 0.35) is lacking  # on common words only
    assert unsaid([hit(fact("b"), 0.6)], 0.35) is None  # nothing lacking: an answer or an offer, not this
    vague = Hit("facts", fact("a"), 0.1, 1.0, 0.2, 3.0, False, frozenset({"number"}), raw=0.2, relevant=True)
    assert unsaid([vague], 0.35) is None


def ranked(likely: dict[str, float]):
    return lambda hits: [likely[h.entry.id] for h in hits]


def test_the_matchers_best_answers_when_the_ranker_agrees():
    a, b = hit(fact("a"), 0.45, info=9.0), hit(fact("b"), 0.44, info=9.0)
    assert decide([a, b], TUNING.answer_threshold, TUNING).answer is None  # no clear lead
    assert agreed([a, b], ranked({"a": -10.0, "b": -20.0}), TUNING) is a
    assert agreed([a, b], ranked({"a": -10.0, "b": -11.0}), TUNING) is None  # the ranker hesitates
    assert agreed([a, b], ranked({"a": -20.0, "b": -10.0}), TUNING) is None  # ... or prefers b


def test_agreement_needs_substance_a_relevant_top_that_lacks_nothing():
    likely = ranked({"a": -10.0, "b": -20.0})
    b = hit(fact("b"), 0.3, info=9.0)
    assert agreed([hit(fact("a"), 0.45, info=5.0), b], likely, TUNING) is None  # little matched
    assert agreed([hit(fact("a"), 0.2, info=9.0), b], likely, TUNING) is None  # low score
    assert agreed([hit(fact("a"), 0.45, info=9.0, relevant=False), b], likely, TUNING) is None
    lacking = Hit("facts", fact("a"), 0.45, 1.0, 0.45, 9.0, False, frozenset({"date"}), raw=0.7, relevant=True)
    assert agreed([lacking, b], likely, TUNING) is None
    assert agreed([], likely, TUNING) is None
    assert agreed([hit(fact("a"), 0.45, info=9.0), b], likely, Matching(agree=1.0)) is None


def test_agreement_needs_two_relevant_hits_for_the_ranker_to_have_a_say():
    alone = hit(fact("a"), 0.45, info=9.0)
    other = hit(fact("b"), 0.3, info=9.0, relevant=False)
    assert agreed([alone, other], lambda hs: [0.0 for _ in hs], TUNING) is None


def test_of_entries_asked_for_as_one_the_answer_is_the_one_members_words_favour():
    answer, overview, other = hit(fact("list"), 0.8), hit(fact("overview"), 0.7), hit(fact("other"), 0.7)
    favour_overview = lambda hits: [2.0 if h is overview else 0.0 for h in hits]  # noqa: E731
    as_one = lambda a, b: {a.id, b.id} == {"list", "overview"}  # noqa: E731
    assert as_asked(answer, [answer, overview, other], favour_overview, TUNING, as_one) is overview
    assert as_asked(answer, [answer, overview], favour_overview, TUNING, lambda a, b: False) is answer  # rivals
    weak = hit(fact("overview"), TUNING.answer_threshold - 0.1)  # not one that would answer on its own score
    assert as_asked(answer, [answer, weak], lambda hits: [0.0, 2.0], TUNING, lambda a, b: True) is answer
    said = hit(quote("q", "Santiago"), 0.8)  # a quote stays a quote: its words may be what is asked for
    assert as_asked(said, [said, overview], favour_overview, TUNING, lambda a, b: True) is said
    assert as_asked(answer, [answer, said], lambda hits: [0.0, 2.0], TUNING, lambda a, b: True) is said
