"""The analyser: folding, tokens, stopwords, stems, versions and synonyms."""

from __future__ import annotations

import pytest

from handlers.core.engine import Engine
from handlers.core.text import TOKEN, Synonyms, clean, stem, tokens
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
    assert tokens("What are the challenges of Vietnam's industries?") == ["challeng", "vietnam", "industry"]
    assert tokens("what's") == tokens("what's up") == []  # a possessive or "is" at the end too: no stray "s"
    assert stem("policies") == "policy" and stem("said") == "say"


@pytest.mark.parametrize(
    "words",
    [
        ("prioritize", "prioritized", "prioritise", "prioritised", "prioritising"),  # American spelling as British
        ("organization", "organisations", "organisation"),
        ("increase", "increased", "increases", "increasing"),  # the verb and its forms, one stem
        ("analyze", "analysed", "analyse"),
    ],
)
def test_spellings_and_forms_of_a_word_share_its_stem(words):
    assert len({stem(w) for w in words}) == 1


def test_short_words_keep_their_e():
    assert [stem(w) for w in ("use", "make", "side", "free", "agree")] == ["use", "make", "side", "free", "agree"]


def test_vietnamese_fillers_are_stopwords():
    # "đúng ko" (right?), "kiểu" (like), "tháng" (month), "chúng ta" (we), "câu" (a saying): no detail asked
    assert tokens("samsung chiếm 30% đúng ko") == ["samsung", "chiem", "30"]
    assert tokens("câu kiểu chúng ta tháng 5") == ["5"]
    assert tokens("summit có bn người dự") == ["summit", "nguoi", "du"]  # "bn": "bao nhiêu" (or "bạn") in chat


def test_version_numbers_only_after_industry():
    assert tokens("industry 4 vs industry 5") == ["industry", "4.0", "vs", "industry", "5.0"]
    assert tokens("USD 2 trillion") == ["usd", "2", "trillion"]
    assert tokens("some 2,000 delegates") == ["2000", "delegat"]


def test_a_unit_written_onto_a_figure_is_its_word():
    assert tokens("samsung's 50bn exports") == ["samsung", "50", "billion", "export"]
    assert tokens("samsung's 50 bn exports") == ["samsung", "50", "billion", "export"]  # "bn" is a stopword alone
    assert tokens("1.5m workers, 30k firms") == ["1.5", "million", "worker", "30", "thousand", "firm"]
    assert tokens("3d printing and 5g") == ["3d", "print", "5g"]  # not units
    assert "billion" not in tokens("bn oi, k biet") and "thousand" not in tokens("bn oi, k biet")  # chat, alone


def test_synonyms_fold_phrases_to_the_base_word():
    synonyms = Synonyms([["vietnam", "vn", "viet nam"], ["r&d", "research and development"]])
    assert tokens("research and development in VN", synonyms) == ["r&d", "vietnam"]
    assert tokens("viet nam", synonyms) == ["vietnam"]
    assert tokens("vnexpress", synonyms) == ["vnexpress"]  # whole words only


@pytest.mark.parametrize(
    "text",
    [
        "research and development in VN",
        "viet nam viet nam, vnexpress and r&d",
        "research and development and research",  # a phrase's first word alone
        "the viet namese way",  # part of a word: no synonym
        "vn4.0 and vn 4.0 and industry 4.0",
        "",
    ],
)
def test_synonyms_on_tokens_read_as_on_the_text(text):
    """``apply_tokens`` (the tokenizer's, a walk over the tokens) finds what ``apply`` (a pattern over the text)
    finds: the longest synonym starting at each token, left to right."""
    synonyms = Synonyms(
        [["vietnam", "vn", "viet nam"], ["r&d", "research and development", "research"], ["revolution", "4.0"]]
    )
    words = TOKEN.findall(fold(text))
    assert synonyms.apply_tokens(words) == synonyms.apply(" ".join(words)).split()


def test_the_shipped_synonyms_on_tokens_read_as_on_the_text(engine: Engine):
    """The same over every example wording members wrote (the tuning pool's answerable questions)."""
    synonyms = engine.index.synonyms
    wordings = [TOKEN.findall(fold(wording)) for _, wording in engine.knowledge.examples]
    assert len(wordings) > 10_000
    changed = 0
    for words in wordings:
        applied = synonyms.apply_tokens(words)
        assert applied == synonyms.apply(" ".join(words)).split(), words
        changed += applied != words
    assert changed > 1_000  # most wordings name Vietnam or a concept by another word


def test_bringing_up_is_mentioning_in_the_shipped_synonyms(engine: Engine):
    """ "why did the author bring up germany" asks why it is mentioned, as generic a word as "mention" (an entry
    asked "why does the author bring up samsung" is no answer to it)."""
    assert engine.index.tokens("why did the author bring up germany") == engine.index.tokens(
        "why did the author mention germany"
    )
    assert "mention" in engine.index.lexicon.generic


def test_a_synonym_reads_as_its_first_word_reads_in_the_base():
    # "nations" is "country", so the base's "united nations" reads "united country": "lhq" must read the same
    synonyms = Synonyms([["country", "nations"], ["united nations", "lhq"]])
    assert tokens("lhq", synonyms) == tokens("United Nations", synonyms) == ["unit", "country"]


def test_clean_bounds_and_tidies_input():
    assert clean("  hi\x00 there\u200b @everyone ") == "hi there everyone"
    assert clean("\ue000policy") == "policy"  # the reply's prefix marker can never come from a member
    assert len(clean("x" * 10_000)) == 4_000


def test_the_mass_mention_filter_runs_until_nothing_changes():
    assert "@" not in clean("@@everyoneeveryone @@@herehere @everyone")
