"""Scoring over a small index: common words, typos, numbers, issuers, people, rare names; and the index's related
entries and query analysis."""

from __future__ import annotations

from config import Matching
from handlers.core.index import Index
from handlers.core.scoring import Hit, search
from handlers.core.text import Synonyms
from knowledge.models import Entry, Fact, Lexicon, Policy


class Matcher:
    """A small index and its search, for tables of entries made in the test."""

    def __init__(self, entries: list[tuple[str, Entry]]) -> None:
        self.index = Index(entries, Synonyms(), Matching())

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        return search(self.index.analyse(text), self.index, limit)

    def related(self, a: Entry, b: Entry) -> bool:
        return self.index.related(a, b)


def fact(id_: str, text: str, *questions: str, **extra) -> tuple[str, Fact]:
    return "facts", Fact(id=id_, text=text, source="s", questions=questions, **extra)


def test_a_common_word_alone_carries_no_answer():
    entries = [fact(f"f{i}", f"Industry fact number {i}.", f"industry topic{i}") for i in range(10)]
    hits = Matcher(entries).search("industry")
    assert len({round(h.score, 6) for h in hits}) == 1  # all tied: no lead, so no answer
    assert all(h.info < 1.2 for h in hits)


def test_typos_resolve_to_known_words():
    matcher = Matcher([fact("r57", "Resolution 57 text.", "what is resolution 57")])
    [hit] = matcher.search("resolutoin 57")
    assert hit.entry.id == "r57" and hit.score > 0.8


def test_a_number_the_entry_does_not_give_lowers_its_score():
    matcher = Matcher([fact("s", "Samsung exported US$50 billion in 2017.", "samsung exports 2017")])
    assert matcher.search("samsung exports 2017")[0].score > 0.9
    assert matcher.search("samsung exports 2020")[0].score < 0.6


def test_an_issuer_the_article_does_not_name_lowers_the_score():
    policy = Policy(
        id="r57", name="Resolution 57", summary="Innovation first.", source="s", questions=("what is resolution 57",)
    )
    matcher = Matcher([("policies", policy)])
    assert matcher.search("what is resolution 57")[0].score == 1.0  # its name: an exact hit
    assert matcher.search("who issued resolution 57")[0].score < 0.6


def test_related_entries_of_one_article():
    a = fact("a", "Santiago praised Vietnam's leadership.", "what did santiago praise")
    b = fact("b", "Santiago commended Vietnam's strong leadership.", "santiago praise vietnam leadership")
    c = ("facts", Fact(id="c", text="Samsung exports.", source="other", questions=("samsung",)))
    matcher = Matcher([a, b, c])
    assert matcher.related(a[1], b[1])
    assert not matcher.related(a[1], c[1])


def test_empty_and_unknown_queries_find_nothing():
    matcher = Matcher([fact("a", "Text.", "a question")])
    assert matcher.search("") == [] and matcher.search("the of and") == [] and matcher.search("zzqx") == []


def test_a_company_or_country_the_question_names_must_be_in_the_answer():
    entries = [
        fact("nz", "Vietnam has committed to net zero by 2050.", "when will vietnam reach net zero"),
        fact("big", "Firms such as Toyota and Siemens commit to net zero.", "which companies commit to net zero"),
    ]
    matcher = Matcher(entries)
    assert matcher.search("when will vietnam reach net zero")[0].entry.id == "nz"
    by_id = {h.entry.id: h.score for h in matcher.search("what year does toyota reach net zero")}
    assert by_id["nz"] < 0.6  # Toyota is not in it


def test_the_rarest_word_alone_does_not_decide_which_entries_are_scored():
    """One rare word of a long question ("main points") nominates a few entries; the entry its other words name,
    each used by more entries than ``common``, is still scored."""
    entries = [fact(f"main{i}", f"The main point number {i}.", f"main point {i}") for i in range(3)]
    entries += [fact(f"auto{i}", f"Automation in plant {i}.", f"automation plant{i}") for i in range(20)]
    entries += [fact(f"plan{i}", f"A strategy for region {i}.", f"strategy region{i}") for i in range(20)]
    entries += [fact(f"other{i}", f"Something else {i}.", f"other thing{i}") for i in range(60)]
    entries.append(fact("target", "A strategy for automation.", "automation strategy"))
    matcher = Matcher(entries)
    assert matcher.index.frequency("automation") > matcher.index.common
    assert matcher.index.frequency("strategy") > matcher.index.common
    hits = matcher.search("automation strategy, what are the main points")
    assert "target" in [h.entry.id for h in hits]


def test_scoring_fewer_entries_in_full_returns_what_scoring_them_all_would(engine):
    """Entries are scored in full only while one could still reach the hits returned (or bear on the doubt about
    them): the best ``limit`` hits, and those of the articles kept, are the same as with every candidate scored."""
    from benchmarks.evalset import SETS, load_questions

    index = engine.index
    questions = [q.q for s in SETS[:3] for q in load_questions(s.path)][:300]

    def ours(i: int) -> bool:
        return index.doc(i).entry.source == "revolution-4-0-vietnam"

    def same(a: list[Hit], b: list[Hit]) -> bool:
        return [(h.entry.id, round(h.score, 9)) for h in a] == [(h.entry.id, round(h.score, 9)) for h in b]

    for text in questions:
        query = index.analyse(text)
        everything = search(query, index, index.tuning.rerank, engine.ranker.usual)
        assert same(search(query, index, 8, engine.ranker.usual), everything[:8]), text
        kept = search(query, index, 8, engine.ranker.usual, keep=ours)
        assert same(kept, [h for h in everything if h.entry.source == "revolution-4-0-vietnam"][:8]), text


def test_common_words_used_together_by_few_entries_are_relevant():
    """ "nhân lực", human resources: each word is in many entries, the two together in one."""
    entries = [fact("hr", "A shortage of human resources slows innovation.", "human resources shortage")]
    entries += [fact(f"h{i}", f"Human topic{i} matters here.", f"human topic{i}") for i in range(12)]
    entries += [fact(f"r{i}", f"Resources topic{i} matter here.", f"resources topic{i}") for i in range(12)]
    entries += [fact(f"g{i}", f"Green growth topic{i} is here.", f"green growth topic{i}") for i in range(12)]
    matcher = Matcher(entries)
    assert matcher.index.frequency("human") > matcher.index.common
    [best, *_] = matcher.search("human resources")
    assert best.entry.id == "hr" and best.relevant
    assert not any(h.relevant for h in matcher.search("green growth"))  # used together by many: still common


def test_a_word_naming_no_detail_leaves_the_one_word_asked_about_alone():
    """ "summit, which days": "day" is no word of the base and no topic; the summit alone is asked about."""
    entries = [fact("summit", "The summit was held in Hanoi on 6 and 7 July 2018.", "when was the summit")]
    entries += [fact(f"f{i}", f"Topic{i} fact here.", f"topic{i}") for i in range(20)]
    matcher = Matcher(entries)
    matcher.index = Index(entries, Synonyms(), Matching(), lexicon=Lexicon(generic=("day", "days")))
    [best, *_] = matcher.search("the summit, which days")
    assert best.entry.id == "summit" and best.relevant
    assert best.score > 0.6  # no doubt for a word the base lacks when it names no detail
    [plain] = [h for h in Matcher(entries).search("the summit, which days") if h.entry.id == "summit"]
    assert not plain.relevant and plain.score < best.score  # "day" a topic: two words asked, one of them unknown
