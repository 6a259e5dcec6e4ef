"""Looking up by name: speakers, the sides of a comparison, slash-command choices."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from handlers.core.lookups import REFERENCE_STARTS, Lookups
from knowledge.text import fold

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def lookups(knowledge, engine):
    return Lookups(knowledge, engine.index.tokens)


@pytest.mark.parametrize("name", ["Fernando Santiago", "santiago", "fernando santaigo", "Dr. Santiago"])
def test_a_speaker_by_name_surname_or_close_spelling(lookups, name):
    assert lookups.speaker(name) == "Fernando Santiago"


def test_no_speaker_for_a_stranger(lookups):
    assert lookups.speaker("klaus schwab") is None


@pytest.mark.parametrize(
    ("text", "source", "rest"),
    [
        ("patents according to the innovation article", "innovation-resolution-57", "patents"),
        ("does the vu anh piece talk about blockchain", "innovation-resolution-57", "does talk about blockchain"),
        ("is csr just pr, per the Kim Bui article?", "social-responsibility", "is csr just pr, ?"),
        ("the resolution 57 innovation article, main points", "innovation-resolution-57", ", main points"),
        # its title, with "w" for "with"
        (
            "what should businesses do acc to the industrial revolution 4.0 w vietnam article",
            "revolution-4-0-vietnam",
            "what should businesses do",
        ),
        ("who wrote the article about csr", "social-responsibility", "who wrote"),
        ("bài về trách nhiệm xã hội ai viết", "social-responsibility", "ai viet"),
        ("thong cao cua lhq noi gi", "unido-summit-2018", "noi gi"),
        ("theo bài NQ57 thì sao", "innovation-resolution-57", "thi sao"),
        ("what does the article by prof nguyen mai say", "revolution-4-0-vietnam", "what does say"),
        ("the article by prof. dr. sc. nguyen mai", "revolution-4-0-vietnam", ""),  # the author's titles dropped
        # By the number its file begins with, as readers who have the files cite it
        ("what is SMA in article 002??", "revolution-4-0-vietnam", "what is sma ??"),
        ("wat does the govt need to change per 002", "revolution-4-0-vietnam", "wat does the govt need to change"),
        ("does 000 say csr replaced high tech", "social-responsibility", "does say csr replaced high tech"),
        ("bai 001 cuoi cung noi gi", "innovation-resolution-57", "cuoi cung noi gi"),
        ("whats the headline of article 3", "unido-summit-2018", "whats the headline of"),  # unpadded after "article"
        ("what does art 1 say is a prerequisite", "innovation-resolution-57", "what does say is a prerequisite"),
        # by its author's surname alone, in English before a word for it
        ("how many quotes r there in the bui article", "social-responsibility", "how many quotes r there in"),
        ("the smart city bit in mai's essay", "revolution-4-0-vietnam", "the smart city bit in"),
        # a part of an author's article: the name names it, the part stays for what is asked of it
        ("prof mai's first para - whats his point", "revolution-4-0-vietnam", "first para - whats his point"),
        ("kim bui's conclusion in 1 sentence?", "social-responsibility", "conclusion in 1 sentence?"),
        # its author writing it: a person's name, never a topic alias
        ("what year did prof mai write his 4.0 piece", "revolution-4-0-vietnam", "what year did"),
        ("when did kim bui publish it", "social-responsibility", "when did it"),
        ("what did nguyen vu anh write about", "innovation-resolution-57", "what did about"),
        # ... or saying what it says: the article is cited, its author is not what is asked
        ("what does kim bui say industry 5.0 is", "social-responsibility", "what does industry 5.0 is"),
        ("kim bui nói industry 5.0 là gì", "social-responsibility", "industry 5.0 la gi"),
        ("what does nguyen mai say about fdi", "revolution-4-0-vietnam", "what does about fdi"),
        ("article 003 by nguyen mai", "unido-summit-2018", "by nguyen mai"),  # another's number: only it is named
        ("how many challenges does nguyen vu anh list", "innovation-resolution-57", "how many challenges does"),
        ("bài 000 của kim bui nói gì", "social-responsibility", "noi gi"),  # its number and its author: one article
        # a name that is a word for an article, opening the message; "bên" (of) before its author
        ("thông cáo báo chí do ai soạn", "unido-summit-2018", "do ai soan"),
        ("thong cao bao chi ben lhq ra ngay nao", "unido-summit-2018", "ra ngay nao"),
        # "release" as a noun after its name; whose it is, after a name that is a word for an article
        ("santiago's direct quote in the un release", "unido-summit-2018", "santiago's direct quote"),
        ("cái thông cáo của UNIDO có mấy câu trích", "unido-summit-2018", "co may cau trich"),
        # its author in brackets, as a source is cited; its number with an "s"
        (
            "what do businesses need to do for 4.0 (nguyen mai)",
            "revolution-4-0-vietnam",
            "what do businesses need to do for 4.0",
        ),
        ("why does innovation matter (by nguyen vu anh)", "innovation-resolution-57", "why does innovation matter"),
        ("end goal in 002s conclusion", "revolution-4-0-vietnam", "end goal conclusion"),
        # by its title in quotation marks, which go with it
        ("bài 'Industrial Revolution 4.0 with Vietnam' của ai", "revolution-4-0-vietnam", "cua ai"),
        ('who wrote the article "industry 4.0 with vietnam"', "revolution-4-0-vietnam", "who wrote"),
    ],
)
def test_a_question_naming_an_article_names_its_source(lookups, text, source, rest):
    found = lookups.article(text)
    assert found is not None and found[0] == {source}
    assert found[1].split() == rest.split()


@pytest.mark.parametrize(
    ("text", "sources", "rest"),
    [
        ("the kim bui article or the nguyen mai article", {"social-responsibility", "revolution-4-0-vietnam"}, "or"),
        (
            "do art 1 and art 2 both bring up venture capital funds",
            {"innovation-resolution-57", "revolution-4-0-vietnam"},
            "do and both bring up venture capital funds",
        ),
        ("renewables, how do 001 and 002 treat them", {"innovation-resolution-57", "revolution-4-0-vietnam"}, None),
        (
            "do articles 1 and 2 both mention venture capital funds",
            {"innovation-resolution-57", "revolution-4-0-vietnam"},
            "do both mention venture capital funds",
        ),
        # an author's possessive with nothing after it: their article
        (
            "renewables in the res 57 article vs nguyen mai's - compare pls",
            {"innovation-resolution-57", "revolution-4-0-vietnam"},
            "renewables vs - compare pls",
        ),
    ],
)
def test_a_question_naming_several_articles_names_each(lookups, text, sources, rest):
    found = lookups.article(text)
    assert found is not None and found[0] == sources
    assert rest is None or found[1].split() == rest.split()


@pytest.mark.parametrize(
    "text",
    [
        "what does the article say",
        "resolution 57",
        "the unido report 2024",
        "my paper on fdi in vietnam",  # a paper on a topic, not the article its aliases name
        "đổi mới sáng tạo bài bản là gì",  # "bài bản" (methodical) is not "bài" (article)
        "dr " * 1_333,  # bounded: long runs of titles neither match nor take long
        "industry 4 is the topic of article 22",  # no article 22
        "samsung has 160 000 workers",  # a figure's thousands, not article 000
        "what does article 3 of resolution 57 say",  # another text's article
        "exports grew 1.002 times in 2002",  # not a file's number
        "mai bài kiểm tra rồi",  # a surname in Vietnamese order is a word: "mai" (tomorrow)
        "bài anh gửi hôm qua",  # "anh" (you)
        "santiago's intro at the summit",  # no author's
        "mai's friend wrote it",  # no part of an article
        "anh paper nộp chưa",  # a last name alone, no "the" or "'s": a word ("anh", you)
        "mai essay deadline là khi nào",  # ("mai", tomorrow)
        "mai's part is about fdi right",  # a classmate's part of the slides
        "when did unido publish the 2024 report",  # a topic alias of the press release is not its author
        "mai write the slides pls",  # a last name alone writing: a classmate, or "mai" (tomorrow)
        "anh wrote this?",
        "anh noi gi vay",  # "anh" (you) says: no author
        "mai noi la nop bai",  # "mai" (tomorrow)
        "ms anh says hi",  # a classmate
        "GS Mai nổi tiếng về lĩnh vực gì",  # "nổi" (famous), not "nói" (says)
        "when did ms anh post the slides",  # a classmate: only an academic title makes a last name the author's
        "when did the politburo release resolution 57",  # "release" the verb, before a name
        "when did unido release the idr 2024",
        "did the un release new figures on fdi",
        "nguyen mai's view on fdi",  # his view: a possessive before a word is no reference alone
        "mai's?",  # a last name alone
    ],
)
def test_no_article_or_two_name_none(lookups, text):
    assert lookups.article(text) is None


def test_an_article_with_no_name_to_call_it_by_names_nothing(knowledge, engine):
    from dataclasses import replace

    from knowledge.models import Source

    nameless = Source(id="staff", title="Untitled", author="(Staff writer)", file="x.txt")
    found = Lookups(replace(knowledge, sources=(*knowledge.sources, nameless)), engine.index.tokens)
    assert found.article("what does the article say about robots") is None
    assert found.article("the vu anh article on patents")[0] == {"innovation-resolution-57"}


@pytest.mark.parametrize("text", ["4.0 5.0", "5 4", "industry 4.0 vs industry 5.0", "industry 5.0 and industry 4.0"])
def test_two_sides_name_one_comparison(lookups, text):
    found = lookups.comparison(text)
    assert found is not None and found[0].id == "industry-4-0-vs-5-0" and len(found[1]) == 2


def test_unknown_sides_name_nothing(lookups):
    assert lookups.comparison("apples oranges") is None


def test_choices_are_filtered_and_bounded(lookups, knowledge):
    assert lookups.complete("policy", "reso") == ["Resolution 57"]
    assert len(lookups.complete("compare", "")) <= 25 and lookups.complete("x", "") == []


def test_compare_reads_a_bounded_number_of_words(lookups, monkeypatch):
    """A thousand short words cost no more than sixteen: the work is bounded however long the input."""
    calls = []
    real = lookups.side

    def counted(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(lookups, "side", counted)
    lookups.comparison(" ".join(["ab"] * 1000))
    many = len(calls)
    calls.clear()
    lookups.comparison(" ".join(["ab"] * 16))
    assert many == len(calls) <= 2 * 16 + 1
    assert all(len(text.split()) <= 16 for text in calls)


def test_references_tried_where_they_can_start_find_what_they_would_anywhere(lookups):
    """Each article's pattern is tried only at ``REFERENCE_STARTS``: on shipped example questions (a sample) and on
    text made to probe the edges, it finds the references it would find tried everywhere, at the same places but for
    a title read inside a word ("the technology meets social responsibility article": not the "ts" of "meets"); and
    no reference that starts inside a word."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    examples = yaml.load((ROOT / "knowledge" / "examples.yaml").read_text(encoding="utf-8"), Loader=loader)
    texts = [fold(q) for item in examples["examples"] for q in item["questions"]][::3]
    texts += [
        "the newspaper of industry and trade",
        "what does #2 say",
        "what do businesses need (nguyen mai)",
        "x002 article",
        "in002 what",
        "mai's intro",
        "...the press release",
        "(per kim bui's article)",
        "the unido release",
    ]
    assert len(texts) > 5000
    assert len(lookups.articles) == 4
    for _, pattern, _ in lookups.articles:
        anywhere = re.compile(pattern.pattern.removeprefix(f"{REFERENCE_STARTS}(?:").removesuffix(")"))
        assert anywhere.pattern != pattern.pattern
        for text in texts:
            found = [m.span() for m in pattern.finditer(text)]
            expected = [m.span() for m in anywhere.finditer(text)]
            assert len(found) == len(expected), (text, found)
            for (start, end), (first, last) in zip(found, expected, strict=True):
                assert end == last and (start == first or re.fullmatch(r"\w+\s+", text[first:start])), (text, found)
    for text in ("what does the chart 2 show about fdi", "a newspaper of innovation", "history of csr"):
        assert lookups.article(text) is None  # tried everywhere, each named an article inside a word
        assert any(
            re.compile(p.pattern.removeprefix(f"{REFERENCE_STARTS}(?:").removesuffix(")")).search(text)
            for _, p, _ in lookups.articles
        )
