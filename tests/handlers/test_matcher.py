"""The matcher's parts: folding, tokens, synonyms, answer types, and what a common word is worth."""

from __future__ import annotations

import pytest

from handlers.matcher import Matcher, Synonyms, _asks, _quantities, stem, tokens
from knowledge.models import Fact, Policy
from knowledge.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lê Thái Hà", "le thai ha"),
        ("Đàm Bách Dương", "dam bach duong"),
        ("NGHỊ QUYẾT 57", "nghi quyet 57"),
        ("Le\u0302 Tha\u0301i", "le thai"),  # decomposed input folds the same as composed
        ("  many   spaces ", "many spaces"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_tokens_drop_stopwords_and_stem():
    assert tokens("What are the challenges of Vietnam's industries?") == ["challenge", "vietnam", "industry"]
    assert stem("policies") == "policy" and stem("said") == "say"


def test_version_numbers_only_after_industry():
    assert tokens("industry 4 vs industry 5") == ["industry", "4.0", "vs", "industry", "5.0"]
    assert tokens("USD 2 trillion") == ["usd", "2", "trillion"]
    assert tokens("some 2,000 delegates") == ["2000", "delegate"]


def test_synonyms_fold_phrases_to_the_base_word():
    synonyms = Synonyms([["vietnam", "vn", "viet nam"], ["r&d", "research and development"]])
    assert tokens("research and development in VN", synonyms) == ["r&d", "vietnam"]
    assert tokens("viet nam", synonyms) == ["vietnam"]
    assert tokens("vnexpress", synonyms) == ["vnexpress"]  # whole words only


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how much did samsung export", {"number"}),
        ("what's the number of the directive", {"number"}),
        ("what % of exports", {"number"}),
        ("when was it issued", {"date"}),
        ("in which year did vietnam rank 47th", {"date"}),
        ("who issued resolution 57", {"issuer"}),
        ("when is the next industry 4.0 summit", {"date", "now"}),
        ("who is the current prime minister", {"now"}),
        ("what is resolution 57", set()),
    ],
)
def test_what_a_question_asks_for(question, asks):
    assert _asks(question) == asks


def test_quantities_are_amounts_not_years_days_or_names():
    text = "On 6 May 2017, under Resolution 57 and Industry 4.0, after Covid-19, "
    text += "some 2,000 delegates and 50 experts; 25%, 47/127."
    assert _quantities(text) == {"2000", "50", "25", "47", "127"}


def fact(id_: str, text: str, *questions: str, **extra) -> tuple[str, Fact]:
    return "facts", Fact(id=id_, text=text, source="s", questions=questions, **extra)


def test_a_common_word_alone_carries_no_answer():
    entries = [fact(f"f{i}", f"Industry fact number {i}.", f"industry topic{i}") for i in range(10)]
    hits = Matcher(entries=entries).search("industry")
    assert len({round(h.score, 6) for h in hits}) == 1  # all tied: no lead, so no answer
    assert all(h.info < 1.2 for h in hits)


def test_typos_resolve_to_known_words():
    matcher = Matcher(entries=[fact("r57", "Resolution 57 text.", "what is resolution 57")])
    [hit] = matcher.search("resolutoin 57")
    assert hit.entry.id == "r57" and hit.score > 0.8


def test_a_number_the_entry_does_not_give_lowers_its_score():
    matcher = Matcher(entries=[fact("s", "Samsung exported US$50 billion in 2017.", "samsung exports 2017")])
    assert matcher.search("samsung exports 2017")[0].score > 0.9
    assert matcher.search("samsung exports 2020")[0].score < 0.6


def test_an_issuer_the_article_does_not_name_lowers_the_score():
    policy = Policy(
        id="r57", name="Resolution 57", summary="Innovation first.", source="s", questions=("what is resolution 57",)
    )
    matcher = Matcher(entries=[("policies", policy)])
    assert matcher.search("what is resolution 57")[0].score == 1.0  # its name: an exact hit
    assert matcher.search("who issued resolution 57")[0].score < 0.6


def test_related_entries_of_one_article():
    a = fact("a", "Santiago praised Vietnam's leadership.", "what did santiago praise")
    b = fact("b", "Santiago commended Vietnam's strong leadership.", "santiago praise vietnam leadership")
    c = ("facts", Fact(id="c", text="Samsung exports.", source="other", questions=("samsung",)))
    matcher = Matcher(entries=[a, b, c])
    assert matcher.related(a[1], b[1])
    assert not matcher.related(a[1], c[1])


def test_empty_and_unknown_queries_find_nothing():
    matcher = Matcher(entries=[fact("a", "Text.", "a question")])
    assert matcher.search("") == [] and matcher.search("the of and") == [] and matcher.search("zzqx") == []


def test_a_company_or_country_the_question_names_must_be_in_the_answer():
    entries = [
        fact("nz", "Vietnam has committed to net zero by 2050.", "when will vietnam reach net zero"),
        fact("big", "Firms such as Toyota and Siemens commit to net zero.", "which companies commit to net zero"),
    ]
    matcher = Matcher(entries=entries)
    assert matcher.search("when will vietnam reach net zero")[0].entry.id == "nz"
    by_id = {h.entry.id: h.score for h in matcher.search("what year does toyota reach net zero")}
    assert by_id["nz"] < 0.6  # Toyota is not in it
