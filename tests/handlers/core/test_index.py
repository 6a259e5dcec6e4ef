"""The index, built once: postings by field, word weights, and questions analysed against it."""

from __future__ import annotations

from config import Matching
from handlers.core.index import Index
from handlers.core.query import syllable
from handlers.core.text import Synonyms
from knowledge.models import Fact, Lexicon, Quote


def build() -> Index:
    entries = [
        (
            "facts",
            Fact(id="s", text="Samsung exported US$50 billion in 2017.", source="a", questions=("samsung exports",)),
        ),
        (
            "facts",
            Fact(id="t", text="Firms such as Toyota and Siemens commit.", source="b", questions=("net zero firms",)),
        ),
        ("quotes", Quote(id="q", speaker="Le Thai Ha", role="director", text="Words.", kind="reported", source="a")),
    ]
    return Index(entries, Synonyms([["vietnam", "vn"]]), Matching())


def test_words_asked_count_more_than_words_said():
    index = build()
    assert index.field_weight("samsung", 0) == Matching().key_weight
    assert index.field_weight("2017", 0) == Matching().text_weight


def test_a_question_is_analysed_once_into_a_query():
    index = build()
    query = index.analyse("How much did Samsung export in 2017, asks Le Thai Ha?")
    assert "number" in query.asks and query.numbers == {"2017"}
    assert query.people and {"le", "thai", "ha"} in [set(n) for n in query.people[0]]
    assert [t.token for t in query.known][:2] == ["samsung", "export"]


def test_an_article_cited_by_number_leaves_no_word_to_match():
    query = build().analyse("samsung exports in article 2, or is it in 002?")
    assert "2" not in query.tokens and "002" not in query.tokens and not query.numbers
    assert "samsung" in query.tokens


def test_typos_resolve_and_unknown_words_keep_a_weight():
    index = build()
    query = index.analyse("samsnug zzqx")
    assert query.terms[0].token == "samsung" and 0 < query.terms[0].similarity < 1
    assert query.terms[1].similarity == 0 and query.terms[1].weight == Matching().unknown_idf


def test_a_word_of_small_talk_is_never_read_as_a_typo_of_the_base():
    entries = [("facts", Fact(id="t", text="Tie incentives to results.", source="a", questions=("tie incentives",)))]
    plain = Index(entries, Synonyms([]), Matching())
    assert plain.analyse("tiep").terms[0].token == "tie"  # a stranger's typo of "tie" ...
    chat = Index(entries, Synonyms([]), Matching(), Lexicon(chatter=("tiep", "mai")))
    assert chat.analyse("mai hoc tiep").known == ()  # ... but "tiếp" ("go on") when the lexicon lists it


def test_rare_proper_names_inside_a_sentence_are_entities():
    assert {"toyota", "siemen"} <= build().entities


def test_a_nationality_in_capitals_is_no_name_to_answer_who():
    entries = [
        ("facts", Fact(id="d", text="Some 2,000 delegates came, including Vietnamese entrepreneurs.", source="a")),
        ("facts", Fact(id="t", text="Firms such as Toyota and Siemens commit.", source="b")),
    ]
    index = Index(entries, Synonyms([]), Matching())
    assert index.doc(0).names == frozenset()  # "Vietnamese" names no one, once stemmed either
    assert {"toyota", "siemen"} <= index.doc(1).names


def test_each_measure_in_the_lexicon_is_one_quantity_of_its_own(engine):
    """A measure's words read as its own tokens, none shared with another measure ("job" is read as "role", which
    the base also uses of actors; Vietnamese syllables split from their phrase are no quantity)."""
    measures = engine.index.lexicon.measures
    assert measures, "the shipped lexicon lists measures"
    seen: set[str] = set()
    for group in measures:
        assert group and seen.isdisjoint(group), sorted(group)
        assert not any(syllable(token) for token in group if len(token) <= 3), sorted(group)  # "dan", not "fdi"
        seen |= group
