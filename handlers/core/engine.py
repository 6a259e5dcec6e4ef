"""The engine: one platform-neutral path from what a member typed to a reply, or to silence.

Two ways in: ``respond(text, addressed)`` for a message in words, and ``execute(command, args)`` for a command
(the edge strips its own prefix first). Both return an ``Outcome``: the reply plus what the curators' records need.
The work is split by job: ``Index.analyse`` makes the question a ``Query`` once, ``scoring.search`` ranks the
entries, ``decision.decide`` picks an answer or offers, and ``Cards`` writes the reply. Nothing here knows Discord.

Both ways in take ``lang``, the language of the bot's own words in the reply (``handlers.i18n``); what is
understood does not depend on it, and entries keep their own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TypeVar

from config import Matching
from handlers.core import calibration, commands, decision, ranker, replies, scoring
from handlers.core.cards import Cards, by_date, direct_first, quote_heading
from handlers.core.index import Index, Tables
from handlers.core.lookups import ASKED_OF, MENTION_VERBS, Lookups
from handlers.core.query import (
    ASKING,
    BACK,
    COMPARING,
    DETAIL,
    JOINED,
    PURPOSE,
    SAID_KINDS,
    STANCE,
    VERBATIM,
    WHERE_MENTIONED,
    WHO_SAID,
    Query,
    across_articles,
    asks,
    meant,
    of_article,
    part_asked,
    pieces,
    plain,
    which_articles,
)
from handlers.core.ranker import Ranker
from handlers.core.reply import PREFIX, Reply, Suggestion
from handlers.core.scoring import Hit
from handlers.core.text import Synonyms, clean
from handlers.i18n import DEFAULT, Lang
from knowledge.compact import Pairs
from knowledge.models import KINDS, Comparison, Entry, Fact, Knowledge, Policy, Quote

UNKNOWN_TEXT = replies.UNKNOWN_TEXT
SEARCH_LIMIT = 8
WARM_DOCS = 2_000  # a base this small has every entry's phrasings read when warmed; a larger one, as each is asked
LONG = 8  # words the base knows or not, after stopwords: a message this long may be asked part by part
# "Which articles mention X": an entry mentions X when it holds this much of X's words, and at most this much less
# than the entry that holds most.
MENTIONED, MENTIONED_SPREAD = 0.75, 0.1
# Someone's very words asked for ("duong's exact words", "what did he say word for word"), not checked ("can i put
# it in quote marks", "is that a direct quote or paraphrased", "bà Hà nói nguyên văn hả"): a reported quote answers a
# check, its card labelling it, but not the words asked for
_EXACT_WORDS = re.compile(
    r"\b(?:exact|actual|literal)\s+(?:words?|quotes?|wording|lines?)\b|\bword\s+for\s+word\b|\bliterally\s+(?:say|said)\b"
    r"|\bverbatim\b|\bnguyen\s+van\s+(?:loi|cau)\b|\b(?:copy|chep|ghi)\s+(?:lai\s+)?nguyen\s+van\b"
    r"|\bnoi\s+nguyen\s+van\s+(?:the\s+nao|ntn|ra\s+sao|nhu\s+nao)"  # "ông dương nói nguyên văn thế nào"
)
_WORDS_CHECKED = re.compile(
    r"^\W*(?:is|are|was|were)\b|^\W*(?:do|does|did)\s+(?!(?:you|u|ya)\b)|\b(?:can|could|should|may)\s+(?:i|we)\b"
    r"|\b(?:is|was|are|were)\s+(?:that|it|this|any|those|these)\b"
    r"|\b(?:did|does|do)\s+\w+\s+(?:say|said|use)\s+(?:that|it|this|those)\b|\bparaphras\w*|\bthuat\s+lai\b"
    r"|\bright\s*\?|\bright\W*$|\b(?:co\s+phai|hay|hoac)\b"
    r"|(?:(?<!\bba)(?<!\bco)(?<!\bchi)\s+ha|\s+(?:ko|khong|k|chua|phai\s+khong))\W*$"  # a tag, not the name Hà
)
# All of something asked: a summary, a list, "các"/"những" (Vietnamese plurals; "nhưng", but, folds to it too, and
# asks nothing: what is asked decides, ``_whole``), "what are the"; not "all" ("all at once", "dont need all")
_WHOLE = re.compile(
    r"\b(?:summary|summari[sz]e|sum\s+up|tl;?dr|overview|short\s+version|in\s+short|list|whole"
    r"|(?<!\bone )(?<!\b1 )(?<!\bsingle )bullets?"  # "just bullet pts"; not "one bullet pt"
    r"|what\s+(?:are|r|were)\s+(?:the|its|his|her|their)|tom\s+tat|tom\s+lai|cac|nhung|liet\s+ke|tat\s+ca)\b"
)
# The close entries looked at; how far below the answer the policy may rank; how much of a point's words give it
WHOLE_AMONG, WHOLE_MARGIN, WHOLE_SHARE = 4, 0.1, 0.6
_BOTH = re.compile(r"\b(?:both|ca\s+hai|ca\s+2|deu|together|cung\s+luc)\b")
_ASKED_AGAIN = re.compile(r"\W*(?:which|what|wat|bai\s+nao|nhung\s+bai)\b")
_WHERE_MENTIONED = re.compile(WHERE_MENTIONED)  # "where does unido come up in 000 vs 003" asks what each says
# Articles compared on who, when, where or how many: a detail asked of each, not what each says of one thing
_NOT_SIDE_BY_SIDE = re.compile(
    r"\b(?:who|whom|whose|when|where|how (?:many|much|long)|which year|quoted?|quotes|ai|khi nao|bao gio|o dau"
    r"|bao nhieu|bao lau|nam nao|trich)\b"
)


# What one question's reading has worked out already: its parts are read again by several steps (the articles it
# names, the rest of it, the part that asks), and a text is analysed, or its articles looked up, once a question.
_READ: ContextVar[dict[tuple[str, str], object] | None] = ContextVar("_READ", default=None)
_T = TypeVar("_T")


_COMMON_NAMES = frozenset({"nguyen", "prof", "dr", "sc", "mr", "ms"})  # name no author alone
_ASKED = frozenset({"number", "date", "now", "place", "who", "origin"})  # the detail asked (an issuer may be a role)


def _lacks(hits: Sequence[Hit], entry_id: str, default: frozenset[str] = frozenset()) -> frozenset[str]:
    """What the hit for ``entry_id`` among ``hits`` lacks (``default`` when it is not among them)."""
    return next((h.lacks for h in hits if h.entry.id == entry_id), default)


def _direct(entry: Entry) -> bool:
    return isinstance(entry, Quote) and entry.kind == "direct"


def _reported(entry: Entry) -> bool:
    return isinstance(entry, Quote) and entry.kind == "reported"


@contextmanager
def _one_question() -> Iterator[None]:
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def _once(what: str, read: Callable[[str], _T], text: str) -> _T:
    """``read(text)``, once a text within one question (``_one_question``); at once outside one."""
    memo = _READ.get()
    if memo is None:
        return read(text)
    key = (what, text)
    if key not in memo:
        memo[key] = read(text)
    return memo[key]  # type: ignore[return-value]


# An article set aside ("which article besides the press release mentions unido", "ngoài bài 003 ra thì bài nào còn
# nhắc UNIDO"; not "ngoài ra", in addition, nor "nước ngoài", foreign), and what is left of it once the reference is
# out; and the words for "else"
_ASIDE = r"besides|other\s+than|apart\s+from|aside\s+from|except(?:\s+for)?"
_BESIDES = re.compile(rf"\b(?:{_ASIDE})\b|\bngoai\s+(?=(?:bai|cai|thong\s+cao|\d{{3}})\b)")
_SET_ASIDE = re.compile(rf"\b(?:{_ASIDE}|ngoai(?:\s+ra)?)\b")
_ELSE = re.compile(r"\b(?:con(?!\s+(?:nguoi|so))|else|other|too|also)\b")  # "bài nào còn nhắc", "which other article"
# A question asked of an article ("does 003 talk about industry 5.0 at all"), and its verbs for saying, no topic
_DOES = re.compile(ASKED_OF)
_MENTION_VERBS = re.compile(rf"\b(?:{MENTION_VERBS}|at\s+all)\b")
# A part that only offers the member's guess for the answer ("... who said it? was it santiago?"): the entry it
# names is what is being checked, not what is asked.
_GUESS = re.compile(r"^\W*(?:or |and )?(?:was|is|were|are|isn'?t|wasn'?t) (?:it|that|this|he|she|they)\b")


def _given(entry: Entry) -> Hit:
    """``entry`` as the answer the rules give outright, whatever the words (an exact name's standing)."""
    kind = next(k for k, model in KINDS.items() if isinstance(entry, model))
    return Hit(kind, entry, 1.0, 1.0, 1.0, 1.0, True, raw=1.0)


def _without_guesses(question: str) -> str:
    """``question`` without the parts that only offer the member's guess ("... was it santiago?")."""
    kept = "".join(part + end for part, end in pieces(question) if not _GUESS.match(plain(part))).strip()
    return kept if any(c.isalnum() for c in kept) else question  # all of it a guess: "was it X who said Y?"


# Which article is the one a member describes ("which article is from 2018", "which one is the res 57 reading", "bài
# nào là của UNIDO"): the description, to be read as a reference to one article. An article asked for by name, by
# whom or when it is from, or with a word for an article after it; not "which one is resolution 57" (the policy)
_WHICH_ONE = re.compile(
    r"^\W*(?:(?:so|ok|and|wait|hey)\s+)?(?:(?:which|what)\s+(?:(?P<article>article|reading|piece|paper|text)|one)s?"
    r"\s+(?:is|was|'?s)|(?:(?P<bai>bai)|cai)\s+nao(?:\s+la)?)\s+(?:the\s+)?(?:(?P<whose>from|by|cua)\s+|(?:about|on|of|noi\s+ve|ve)\s+)?"
    r"(?P<described>.+?)(?:\s+(?P<called>one|article|reading|piece|paper|text|bai))?\W*$"
)
_DUE = re.compile(r"\b(?:deadline|due|submit|nop|han\s+nop)\b")  # the group's work to hand in, not a question
# ... or the articles set side by side on a theme another part names ("comparing how each article frames the role of
# govt. can u give me one line per article?"): what each says of it, not what each is about
_ON_A_THEME = re.compile(r"\b(?:compar\w*|contrast\w*|fram(?:e|es|ed|ing)|so\s+sanh)\b")
# An article described by what it speaks of, not named ("who wrote the vinfuture one", "when was the piece about
# samsung published"): the one article that speaks of it, when only one does
_DESCRIBED = re.compile(
    r"\b(?:the|that|this)\s+(?P<described>(?:[\w.'-]+\s+){0,2}?[\w.'-]+)\s+(?:one|article|piece|reading)\b"
    r"|\b(?:article|piece|reading|one|bai(?:\s+bao|\s+viet)?)\s+(?:about|on|abt|ve|noi\s+ve)\s+"
    r"(?P<about>(?:[\w.'-]+\s+){0,2}?[\w.'-]+)(?:\s+(?:published|written|released|come\s+out|came\s+out|out)\b|\W*$)"
)


@dataclass(frozen=True)
class Outcome:
    """A reply (None: silence) plus what the curators' records need.

    ``question`` is what was asked of the base (free text, or a lookup command as typed, its prefix as ``PREFIX``),
    None for anything else (help, about, an unknown command). ``nearest`` is the closest entry's id and ``score`` its
    score: for an answer, the entry given; for no answer, the one a curator would most likely extend.
    """

    reply: Reply | None
    question: str | None = None
    nearest: str | None = None
    score: float = 0.0

    @property
    def answered(self) -> bool:
        return self.reply is not None and self.reply.answered


@dataclass(frozen=True)
class _Considered:
    """What the engine made of a question: the whole message's best ``hits``; the ``answer`` (with ``speaker``: a
    list of that quote's speaker's words); the entry that would answer but for a detail it lacks (``unsaid``); and,
    when the calibrated decision weighed it, its ``candidate``, the ``features`` it weighed, any ``offered``, and
    the rules' answer it ``withheld``."""

    hits: list[Hit]
    answer: Hit | None
    speaker: bool
    unsaid: Hit | None
    candidate: str | None = None
    features: dict[str, float] | None = None
    offered: list[Suggestion] | None = None
    withheld: Hit | None = None  # the rules' answer the calibrated decision found unlikely: offered first
    mentions: list[Hit] | None = None  # "which articles mention X": one entry per article that does, best first
    # a question about the articles as texts: "dates" (in order), "quoted" (whom), "quoted_in" (whom the answer's
    # article quotes)
    listing: str | None = None


class Engine:
    """Answers from one knowledge base. Immutable once built: a reload builds a new engine."""

    def __init__(self, knowledge: Knowledge, tuning: Matching | None = None, *, tables: Tables | None = None) -> None:
        """``tables``: the index as saved (``handlers.core.saved``), used instead of building it."""
        self.knowledge = knowledge
        self.tuning = tuning or Matching()
        self.synonyms = Synonyms(knowledge.synonyms)
        self.index = Index(knowledge.answerable(), self.synonyms, self.tuning, knowledge.lexicon, tables=tables)
        self.index.bylines = {
            self.index.position[s.author_entry]: frozenset(self.index.tokens(s.author)) - _COMMON_NAMES
            for s in knowledge.sources
            if s.author_entry in self.index.position
        }
        if dated := [s.date.year for s in knowledge.sources if s.date]:
            self.index.as_of = max(dated)
        self.cards = Cards(knowledge)
        self.lookups = Lookups(knowledge, self.index.tokens)
        self._kinds: dict[str, Index] = {}  # one kind's index, for the commands that name it: built on first use
        self.learned = self._taught()
        self.ranker = Ranker.of(self.index.tokens, knowledge.examples, size=3 * len(self.index.words))
        self.key: str | None = None  # the saved index's key of the base (handlers.core.saved), when known

    def warm(self) -> None:
        """Make the ranker's tables for the entries with examples now, and in a small base every entry's phrasings
        as scoring reads them (a long-running bot does, once it has started; a one-shot ``bot.py ask`` does not wait
        for them)."""
        entries = (self.knowledge.entry(entry_id) for entry_id in self.ranker.learned()[: ranker.MAX_KEPT])
        self.ranker.warm(e for e in entries if e is not None)
        if len(self.index) <= WARM_DOCS:  # each entry's phrasings as scoring reads them, made once and kept
            for i in range(len(self.index)):
                _ = self.index.doc(i).where

    def _taught(self) -> dict[str, Entry]:
        """The wordings curators linked to entries (``Knowledge.learned``), by their words: each answers with its
        entry whatever the matcher would make of it. Two entries taught the same words answer neither."""
        out: dict[str, Entry] = {}
        clash: set[str] = set()
        for entry_id, wording in self.knowledge.learned:
            key = " ".join(self.index.tokens(clean(wording)))
            entry = self.knowledge.entry(entry_id)
            if not key or entry is None:
                continue
            if key in out and out[key].id != entry.id:
                clash.add(key)
            out[key] = entry
        for key in clash:
            del out[key]
        return out

    def taught(self, text: str) -> Entry | None:
        """The entry a curator linked these very words to, or None."""
        return self.learned.get(" ".join(self.index.tokens(clean(text)))) if self.learned else None

    # ----- the two ways in ---------------------------------------------------------------------------------------

    def respond(self, text: str, *, addressed: bool, lang: Lang = DEFAULT) -> Outcome:
        """The reply to a message in words (None: silence).

        ``addressed``: the member spoke to the bot (a mention, a DM, the console). Then an unknown question gets
        "I don't know that; did you mean ..."; otherwise it gets silence. An empty message addressed gets the help.
        """
        text = clean(text)
        if not text:
            return Outcome(commands.help_(self, lang=lang) if addressed else None)
        return self._ask(text, addressed=addressed, lang=lang)

    def execute(self, name: str, args: str = "", *, lang: Lang = DEFAULT) -> Outcome:
        """A command by name with its argument text. Unknown names get "did you mean"; noise (``!!!``) silence."""
        if not name or not name[0].isalpha():
            return Outcome(None)  # "!", "!!!", "!?" are not commands
        command = commands.COMMAND_NAMES.get(name.casefold())
        if command is None:
            return Outcome(commands.unknown_command(name, lang))
        args = clean(args)
        if command.name == "ask":
            outcome = self._ask(args, addressed=True, lang=lang) if args else Outcome(None)
            return outcome if outcome.reply else Outcome(commands.usage("ask", lang=lang))
        reply = command.handler(self, args, lang=lang)
        if not command.lookup or not args:
            return Outcome(reply)
        question = f"{PREFIX}{command.name} {args}"
        if reply.answered:
            return Outcome(reply, question, reply.entry_id, reply.confidence if reply.confidence is not None else 1.0)
        hits = self.search(args, limit=1)
        return Outcome(reply, question, hits[0].entry.id if hits else None, hits[0].score if hits else 0.0)

    # ----- what commands and free text share ----------------------------------------------------------------------

    def search(self, text: str, index: Index | None = None, limit: int = 5) -> list[Hit]:
        """The best entries for ``text`` in ``index`` (the whole base by default), best first."""
        index = index or self.index
        return scoring.search(index.analyse(text), index, limit, self.ranker.usual if index is self.index else None)

    def lookup(self, kind: str, text: str, limit: int = 5) -> decision.Decision:
        """A command's argument looked up among one kind of entry, on the commands' lower bar."""
        index = self.kind_index(kind)
        return decision.decide(self.search(text, index, limit), self.tuning.command_score, self.tuning, index.related)

    def kind_index(self, kind: str) -> Index:
        index = self._kinds.get(kind)
        if index is None:
            pairs = Pairs([(kind, self.knowledge.kind(kind))])
            index = self._kinds[kind] = Index(pairs, self.synonyms, self.tuning, self.knowledge.lexicon)
            # what the whole base says, not one kind of it: the countries it never names, the newest article's year
            index.foreign, index.as_of = self.index.foreign, self.index.as_of
        return index

    def comparison(self, text: str) -> tuple[Comparison, list[int]] | None:
        """The comparison ``text`` names by its sides, or, failing that, the one its words clearly ask for."""
        found = self.lookups.comparison(text)
        if found or self.lookups.side(text):
            return found
        index = self.kind_index("comparisons")
        picked = decision.decide(self.search(text, index, 3), self.tuning.answer_threshold, self.tuning, index.related)
        if picked.answer is None:
            return None
        comp = picked.answer.entry
        assert isinstance(comp, Comparison)
        return comp, list(range(len(comp.sides)))

    def complete(self, what: str, typed: str, limit: int = 25) -> list[str]:
        return self.lookups.complete(what, typed, limit)

    # ----- free text ------------------------------------------------------------------------------------------------

    def _ask(self, question: str, *, addressed: bool, lang: Lang = DEFAULT) -> Outcome:
        with _one_question():
            return self._reply(question, addressed=addressed, lang=lang)

    def _analyse(self, text: str) -> Query:
        return _once("analyse", self.index.analyse, text)

    def _article(self, text: str) -> tuple[frozenset[str], str] | None:
        return _once("article", self.lookups.article, text)

    def _reply(self, question: str, *, addressed: bool, lang: Lang = DEFAULT) -> Outcome:
        taught = self.taught(question)
        if taught is not None:  # a curator linked these words to this entry (`bot.py link`, the Link buttons)
            return Outcome(self.cards.entry(taught, 1.0, lang=lang), question, taught.id, 1.0)
        asked = meant(question)  # "(not the future tech list, the other one)" names nothing to look for
        query = self._analyse(asked)
        if query.chatter or query.off_topic or query.opinion:  # not a question for the base: never recorded
            return Outcome(replies.chatter(query.off_topic, lang) if addressed else None)
        seen = self._consider(asked, query)
        hits = seen.hits
        # For the curators: the entry the question came closest to in its words, even one that lacks the detail
        # asked ("when was resolution 57 signed" is a near miss on Resolution 57, not on nothing).
        close = max(hits, key=lambda h: h.raw) if hits else None
        nearest = {"question": question, "nearest": close.entry.id if close else None}
        score = close.raw if close else 0.0
        answer = seen.answer
        if answer is not None and seen.speaker:
            return Outcome(self._speaker_list(answer, lang), **nearest, score=score)
        if answer is not None and seen.listing == "dates":
            return Outcome(self.cards.timeline(answer.entry, answer.score, lang), question, answer.entry.id, 1.0)
        if answer is not None and seen.listing in ("quoted", "quoted_in"):  # of one article: the answer's
            source = answer.entry.source if seen.listing == "quoted_in" else None
            return Outcome(self.cards.quoted(answer.score, lang, source), question, answer.entry.id, 1.0)
        if answer is not None and seen.mentions:
            reply = self.cards.mentions([h.entry for h in seen.mentions], answer.score, lang)
            return Outcome(reply, question, answer.entry.id, answer.score)
        if answer is not None:
            reply = self.cards.entry(answer.entry, answer.score, lang=lang)
            return Outcome(reply, question, answer.entry.id, answer.score)
        if not addressed:
            return Outcome(None, **nearest, score=score)
        unsaid = seen.unsaid
        if unsaid is not None:
            offer = self.cards.suggestion(unsaid.entry)
            kinds = sorted(unsaid.lacks & SAID_KINDS) or sorted(query.asks & SAID_KINDS)
            reply = replies.not_said(question, kinds, unsaid.missing, offer, unsaid.raw, lang)
            return Outcome(reply, question, unsaid.entry.id, score)
        offered = seen.offered if seen.offered is not None else self.offers(hits, query.folded.split())
        if seen.withheld is not None and (seen.withheld.relevant or seen.withheld not in hits):
            # the rules' answer, found unlikely: the first thing to offer, if it matched on more than common words
            # or was found within the article the question names ("according to the res 57 piece, what blocks
            # patents")
            first = self.cards.suggestion(seen.withheld.entry)
            offered = [first, *(s for s in offered if s.text() != first.text())][: self.tuning.max_suggestions]
        return Outcome(replies.unknown(offered, score, lang), **nearest, score=score)

    def weigh(self, question: str) -> tuple[str | None, dict[str, float]] | None:
        """The candidate answer to ``question`` (an entry id, None when there is none) and what the calibrated
        decision weighs about it (``handlers.core.calibration``; empty where the rules decide: an exact name, an
        entry without examples); None for chatter and off-topic questions, which are never answered. For ``make
        calibrate``: the question is read as a member's is."""
        text = clean(question)
        with _one_question():
            query = self._analyse(text)
            if not text or query.chatter or query.off_topic or query.opinion:
                return None
            seen = self._consider(text, query, calibrate=False)
        if seen.features is None:  # an exact name, or an entry without examples: the rules answer
            return (seen.answer.entry.id if seen.answer else None), {}
        return seen.candidate, seen.features

    def _consider(self, question: str, query: Query, *, calibrate: bool = True) -> _Considered:
        """Which articles mention it (a list, the rules alone decide); else the rules' decision on ``query``
        (``decision``: a clear lead, within the articles it names, part by part, who said it, the ranker agreeing,
        one speaker's quotes), then, with a calibrated model, the model's."""
        named = self._article(question)
        if (
            named
            and len(named[0]) == 1
            and (query.checked or _DOES.match(plain(question)))
            and self.lookups.located(question)
        ):
            # "the germany example was in the kim bui piece right?": what is checked, wherever it is, when the
            # article named has no answer that says it ("unido was mentioned in the kim bui article right?" has)
            rest = self._analyse(_MENTION_VERBS.sub(" ", named[1]))  # "does 002 cover X": X is asked, not covering
            words = self._substance(rest)
            inside = self._decided(rest, named[0])[1].answer
            if words and not (inside and self._says(inside.entry, words)):
                named, query = None, rest
        about = self._about_articles(named, question)  # the articles as texts: their dates, authors, quotes
        if about is None and named is None and (described := self._described(question)):
            about = self._about_articles(described, question)  # "who wrote the vinfuture one"
        if about:
            return about
        if mentions := self._mentions(question) or self._compared(named, question):  # the articles are the answer
            return _Considered(mentions, mentions[0], False, None, mentions=mentions)  # listed, whatever a model says
        if WHO_SAID.search(plain(question)) and (asked := _without_guesses(question)) != question:
            query = self._analyse(asked)  # "who said X? was it santiago?": whom to check is not what is asked
        words, known = query.folded.split(), dict[tuple[str, ...], list[float]]()

        def likelihoods(entries: Sequence[Entry]) -> list[float]:  # the ranker weighs one list of entries once
            key = tuple(e.id for e in entries)
            if key not in known:
                known[key] = self.ranker.likelihoods(entries, words)
            return known[key]

        def ranked(some: Sequence[Hit]) -> list[float]:
            return likelihoods([h.entry for h in some])

        hits, picked = self._decided(query)
        main, parted = hits, False
        if within := self._within_article(named, answered=picked.answer is not None):
            hits, picked, parted = within
            if parted:  # the message's own words, without where in the article: what is weighed, offered, lacked
                main = hits
        elif named and picked.answer and picked.answer.entry.source not in named[0]:
            picked = decision.Decision(None, picked.close)  # another article's entry: not what the one named says
        if not picked.answer and len(query.tokens) >= LONG and (part := self._in_parts(question)):
            hits, picked = part
        if hits is not main and (asked := picked.answer) and _ASKED & _lacks(main, asked.entry.id):
            # asked within an article or part by part, yet lacking the detail the whole message asks ("which
            # experts ... per mai, any names"): the part that asks it, or the reference, was left out
            picked = decision.Decision(None, tuple(h for h in picked.close if h.entry.id != asked.entry.id))
        if (
            not picked.answer
            and WHO_SAID.search(plain(question))
            and (quote := decision.said_by(picked.close, self.tuning))
        ):
            picked = decision.Decision(quote)
        if not picked.answer and (agreed := decision.agreed(main, ranked, self.tuning)):
            picked = decision.Decision(agreed)
        answer, speaker = picked.answer, False
        if (
            answer is not None
            and not answer.exact
            and answer in main
            and not parted
            and self.ranker.knows(answer.entry.id)
        ):
            answer = decision.as_asked(answer, main, ranked, self.tuning, self._related)
        if answer is not None and not answer.exact and answer in main and _WHOLE.search(plain(question)):
            answer = self._whole(answer, main)
        if answer is not None and not answer.exact:
            answer = self._by_them(question, query, self._as_said(question, answer, main), main)
            if unquoted := self._unquoted(question, answer):
                return _Considered(main, None, False, unquoted)
        if answer is None and (said := decision.one_speaker(picked.close, self.tuning)):
            if own := self._their_words(question, said, main):  # "nguyên văn câu của Santiago về Industry 4.0"
                answer = own
            elif unquoted := self._unquoted(question, said):  # their quotes, none of them in their own words
                return _Considered(main, None, False, unquoted)
            else:
                answer, speaker = said, True
        unsaid = decision.unsaid(main, self.tuning.unsaid_threshold)
        seen = _Considered(main, answer, speaker, unsaid)
        model = self.knowledge.calibration
        if (model is None and calibrate) or (answer is not None and answer.exact) or not self.ranker.taught:
            return seen  # a name answers whatever the model would say; with no examples at all, the rules decide
        offered = None
        if answer is not None:
            candidate: str | None = answer.entry.id
        elif unsaid is not None:
            candidate = unsaid.entry.id
        else:
            offered = self.offers(main, words)
            first = next((s.entry_id for s in offered if s.entry_id), None)
            candidate = first or (main[0].entry.id if main else None)
        if not (candidate and self.ranker.knows(candidate)):  # an entry it has not learned about: the rules decide
            return replace(seen, candidate=candidate, offered=offered)
        hit = next((h for h in main if h.entry.id == candidate), None)
        f = calibration.features(
            hit,
            answer is not None,
            hit is not None and self._aside(question, hit, query),
            main,
            query,
            self.tuning,
            self._related,
            likelihoods,
            bool(candidate and self.ranker.usual(candidate)),
            bool(named and (entry := self.knowledge.entry(candidate)) and entry.source in named[0]),
        )
        seen = replace(seen, candidate=candidate, features=f, offered=offered)
        if model is None or not calibrate:
            return seen
        if not calibration.allowed(f) or calibration.probability(model, f) < self.tuning.calibrated:
            return replace(seen, answer=None, speaker=False, withheld=answer)
        if answer is None and hit is not None:
            if unquoted := self._unquoted(question, hit):
                return replace(seen, unsaid=unquoted)
            return replace(seen, answer=hit)
        return seen

    def _unquoted(self, question: str, answer: Hit) -> Hit | None:
        """Someone's exact words asked for ("duong's exact words in quotation marks"), where ``answer`` is a quote the
        article reports in its own words: the words the base lacks, said so (``answer``, lacking them); else None.
        Not whether they are a direct quote ("is duong's proposal a direct quote": the answer, labelled, tells)."""
        said = plain(question)
        if _reported(answer.entry) and _EXACT_WORDS.search(said) and not _WORDS_CHECKED.search(said):
            return replace(answer, lacks=frozenset({"verbatim"}))
        return None

    def _decided(
        self, query: Query, sources: frozenset[str] = frozenset(), *, entries: frozenset[str] = frozenset()
    ) -> tuple[list[Hit], decision.Decision]:
        """The best hits for ``query`` (only those of the articles named by ``sources``, or only ``entries``, if
        any) and the decision on them."""
        if entries:  # rank the whole base, then keep these: their best may sit below other entries
            kept = sorted({at for e in entries if (at := self.index.position.get(e)) is not None})
            hits = scoring.search(
                query, self.index, SEARCH_LIMIT, self.ranker.usual, keep=set(kept).__contains__, always=kept
            )
        elif not sources:
            hits = scoring.search(query, self.index, SEARCH_LIMIT, self.ranker.usual)
        else:  # likewise the articles'

            def ours(i: int) -> bool:
                return self.index.doc(i).source in sources

            hits = scoring.search(query, self.index, SEARCH_LIMIT, self.ranker.usual, keep=ours)
        return hits, decision.decide(hits, self.tuning.answer_threshold, self.tuning, self._related)

    def _whole(self, answer: Hit, hits: Sequence[Hit]) -> Hit:
        """All of something asked ("chỉ thị 2017 đề ra các giải pháp gì", "short version of the directive's
        solutions"), where ``answer`` gives several, not all, of the points a close policy entry of its article
        lists, and another close entry gives others (the directive's solutions, split between two facts): the
        policy, which lists them all; else ``answer``, which may be all that is asked ("Nghị quyết 57 ưu tiên
        những ngành nào": one point, in full)."""
        close = [h for h in hits[:WHOLE_AMONG] if h.entry.source == answer.entry.source and not h.lacks - answer.lacks]
        for whole in close:
            if not isinstance(whole.entry, Policy) or whole.score < answer.score - WHOLE_MARGIN:
                continue
            points = [frozenset(self.index.tokens(p.text)) for p in whole.entry.points]
            given = {h.entry.id: self._points(h, points) for h in close if h is not whole}
            parts = [h for h in close if h is not whole and 1 < len(given[h.entry.id]) < len(points)]
            if answer in parts and len(set().union(*(given[h.entry.id] for h in parts))) > len(given[answer.entry.id]):
                return whole
        return answer

    def _points(self, hit: Hit, points: Sequence[frozenset[str]]) -> set[int]:
        """Which of a policy's ``points`` (each as its words) what ``hit`` says gives: most of a point's words."""
        said = self._said(hit.entry)
        return {i for i, words in enumerate(points) if words and len(words & said) >= WHOLE_SHARE * len(words)}

    def _their_words(self, question: str, said: Hit, hits: Sequence[Hit]) -> Hit | None:
        """Exact words asked of the one speaker whose quotes ``said`` heads ("santiago's words on industry 4.0
        verbatim"): the best of their direct quotes among ``hits`` that lacks nothing and says what is asked beside
        their name; None when none does, when nothing else is asked ("santiago's exact words": their list), or when
        the words are not asked (a check of whether they are quoted is answered by their list)."""
        text = plain(question)
        if not isinstance(said.entry, Quote) or not _EXACT_WORDS.search(text) or _WORDS_CHECKED.search(text):
            return None
        speaker = said.entry.speaker
        names = {t for name in (speaker, *said.entry.speaker_aliases) for t in self.index.tokens(name)}
        if not (topics := self._topics(self._analyse(_EXACT_WORDS.sub(" ", text))) - names):
            return None  # "santiago's exact words": all of them, listed
        # ... that says what is asked: not another topic's quote
        theirs = (h for h in hits if _direct(h.entry) and h.entry.speaker == speaker and not h.lacks)
        return next((h for h in theirs if self._says(h.entry, topics)), None)

    def _as_said(self, question: str, answer: Hit, hits: Sequence[Hit]) -> Hit:
        """Someone's exact words asked for ("santiago's words word for word", "câu nào là trích nguyên văn"): the
        direct quote among ``hits`` that says what ``answer`` (a fact, or a reported quote) says, when there is
        one; ``answer`` otherwise."""
        if _direct(answer.entry) or not VERBATIM.search(plain(question)):
            return answer
        lacks = _lacks(hits, answer.entry.id, answer.lacks)
        said = (h for h in hits if _direct(h.entry) and h.lacks <= lacks and self._related(answer.entry, h.entry))
        return next(said, answer)

    def _by_them(self, question: str, query: Query, answer: Hit, hits: Sequence[Hit]) -> Hit:
        """What the one speaker a question names put forward ("ông Đàm Bá Dương bên bộ KHCN đề xuất những gì"): the
        best of their own words among ``hits`` that lacks no more than ``answer``, when ``answer`` is the card on who
        they are (a fact titled with their name, a comma, their role); ``answer`` otherwise."""
        entry = answer.entry
        if len(query.people) != 1 or not isinstance(entry, Fact) or not entry.title:
            return answer
        names, (head, comma, _) = query.people[0], entry.title.partition(",")  # "Fernando Santiago, UNIDO expert"
        if not comma or not any(name <= set(self.index.tokens(head)) for name in names):
            return answer
        if not STANCE.search(plain(question)):
            return answer

        def theirs(e: Entry) -> bool:  # a quote of the one person the question names
            return isinstance(e, Quote) and self._names(query, (e.speaker, *e.speaker_aliases))

        return next((h for h in hits if theirs(h.entry) and h.lacks <= answer.lacks), answer)

    def _related(self, a: Entry, b: Entry) -> bool:
        """Two entries either of which answers what the other does: of one article and said in mostly the same
        words (``Index.related``), or asked for as one by members (``Ranker.alike``)."""
        return self.index.related(a, b) or self.ranker.alike(a.id, b.id)

    def _about_articles(self, named: tuple[frozenset[str], str] | None, question: str) -> _Considered | None:
        """A question about the articles as texts, and nothing else: across them ("which is the oldest", "who is
        quoted directly": a list), or of the one it names ("who wrote the press release", "when was article 2
        published", "what's article 3 about": its author's or overview entry, as ``sources.yaml`` links them; a date
        the article does not give is one the base lacks). None for any other question: one that names a topic too
        ("the newest tech in the articles", "when was the summit in the press release") is about the topic.
        ``named``: the articles ``question`` names, and the rest of it (``Lookups.article``)."""
        which = _WHICH_ONE.match(plain(question))
        if which and any(which.group(g) for g in ("article", "bai", "whose", "called")):
            one = self._article(f"{which['described']} article")
        else:
            one = None
        if one:
            source = self.knowledge.source(next(iter(one[0])))
            if (
                len(one[0]) == 1
                and not one[1].strip()
                and source.overview
                and (entry := self.knowledge.entry(source.overview))
            ):
                return _Considered([], _given(entry), False, None)  # what that article is about, which names it
        sources = named[0] if named else frozenset()
        if len(sources) != 1:
            text = plain(question)
            said = across_articles(text, several=True)  # "santiago's quote in quotation marks"
            if said is not None and said[0] == "quoted":  # in a long message, the part that names the speaker
                parts = (across_articles(plain(p), several=True) for p, _ in pieces(question))
                for asked in (said, *(f for f in parts if f is not None and f[0] == "quoted")):
                    if by := self._quoted_by(asked, question):
                        return by
            found = across_articles(text, several=len(sources) > 1)
            if found is None:
                return None
            themed = False
            if not self._only_articles(found[1]):  # a long message: the part that asks it, without its context
                themed = _ON_A_THEME.search(text) is not None
                parts = (across_articles(plain(p), several=True) for p, _ in pieces(question))
                found = next((f for f in parts if f is not None and f[0] == found[0]), None)
                if found is None:
                    return None
                if not self._only_articles(found[1]):
                    return self._quoted_by(found, question) if found[0] == "quoted" else None
            kind, first = found[0], None
            if kind == "gists":  # what each is about ("a one-liner for each of the four readings"): their overviews
                if sources or _DUE.search(text) or themed:
                    return None  # articles named side by side, the group's deadline for summaries, a theme
                overviews = [
                    _given(e) for s in self.knowledge.sources if s.overview and (e := self.knowledge.entry(s.overview))
                ]
                return _Considered(overviews, overviews[0], False, None, mentions=overviews) if overviews else None
            if kind in ("dates", "authors"):  # the timeline's entry: of the oldest dated article that has one, its
                # overview, or its author's entry when the authors are asked (the timeline gives both)
                dated = by_date(self.knowledge.sources)
                oldest = next((e for s in dated if (e := s.author_entry if kind == "authors" else s.overview)), None)
                first = self.knowledge.entry(oldest) if oldest else None
                kind = "dates"
            else:
                direct = [q for q in self.knowledge.quotes if q.kind == "direct"]
                first = self.knowledge.entry(direct[0].id) if direct else None
            return _Considered([], _given(first), False, None, listing=kind) if first else None
        assert named is not None
        found = of_article(named[1])
        if found is not None and found[0] == "date" and self._analyse(question).dated:
            found = None  # "when was resolution 57 passed, 001 doesn't say?": the policy's date, not the article's
        if found is not None and found[0] == "author":
            found = (found[0], self._unnamed(found[1]))  # a guess at the author is no topic: the answer corrects it
        if found is None or not self._only_articles(found[1], sources, strict=found[0] == "gist"):
            # a long message: the part that names the article and asks it ("bài 002 của ai viết, ...", "bai 002 cua
            # ai, GS gi do")
            found = None
            kept = pieces(question)
            for n, (part, _) in enumerate(kept):
                if BACK.search(plain(part)):  # "... đoạn cuối nói về cái này": the other part's topic is asked
                    continue
                if not (where := self._article(part)) or where[0] != sources:
                    continue
                if (asked := of_article(where[1]) or self._asked_apart(kept, n, where)) is not None:
                    found = asked if self._only_articles(asked[1], sources, strict=asked[0] == "gist") else None
                    if found is not None and found[0] in ("opening", "conclusion"):
                        found = self._part_asked(found, [p for k, p in enumerate(kept) if k != n], sources)
                    break
        if found is None:
            quoted = across_articles(plain(named[1]), several=True)  # "santiago's quote in quotation marks in 003"
            if quoted is None or quoted[0] != "quoted":
                return None
            return self._quoted_by(quoted, question) or self._quoted_in(quoted, next(iter(sources)))
        source = self.knowledge.source(next(iter(sources)))
        kind = found[0]
        linked = {"gist": source.overview, "opening": source.opening, "conclusion": source.conclusion}
        if kind in ("title", "publisher"):  # of its author's entry and its overview, the one that says more of it
            named_by = set(self.index.tokens((source.title if kind == "title" else source.publisher) or ""))
            said = [x for e in (source.author_entry, source.overview) if e and (x := self.knowledge.entry(e))]
            # ... a tie (no publisher given): its author's
            best = max(said, key=lambda x: (len(named_by & self._said(x)), x.id == source.author_entry), default=None)
            linked[kind] = best.id if best else None
        entry = self.knowledge.entry(linked.get(kind, source.author_entry) or "")
        if entry is None:
            return None
        if kind == "date" and not source.date:  # "the article gives no publication date": a date the base lacks
            return _Considered([], None, False, replace(_given(entry), lacks=frozenset({"date"})))
        if kind == "publisher" and not source.publisher:  # its author's entry, which names no outlet: one it lacks
            return _Considered([], None, False, replace(_given(entry), lacks=frozenset({"publisher"})))
        return _Considered([], _given(entry), False, None)

    def _asked_apart(
        self, kept: list[tuple[str, str]], n: int, named: tuple[frozenset[str], str]
    ) -> tuple[str, str] | None:
        """What another part of a message asks of the articles part ``n`` names (``named``: them, and the part
        without the reference) and asks nothing of ("didnt read article 001 before class, it's the res 57 one.
        what's the main point in 2 sentences?"): ``of_article`` of the one other part that asks something of an
        article and names none itself, when no part speaks of a topic but as the article's description ("the res
        57 one"); else None ("dam bach duong is quoted in article 2. what did he propose? quick summary pls" asks of
        him)."""
        sources, asked, rest = named[0], [], [named[1]]
        for k, (part, _) in enumerate(kept):
            if k == n:
                continue
            if not self._article(part) and (found := of_article(plain(part))):
                if found[0] == "date" and self._analyse(part).dated:
                    return None  # "when was resolution 57 passed, 001 doesnt say?": the policy's date
                asked.append(found)
            else:
                rest.append(plain(part))
        if len(asked) != 1 or not all(self._only_articles(r, sources) or self._describes(r, sources) for r in rest):
            return None
        return asked[0]

    def _describes(self, text: str, sources: frozenset[str]) -> bool:
        """Whether ``text`` describes the articles ``sources`` ("it's the res 57 one i think") and says nothing else."""
        described = self._described(text, asked=False)
        return described is not None and described[0] == sources and self._only_articles(described[1], sources)

    def _part_asked(
        self, found: tuple[str, str], others: list[tuple[str, str]], sources: frozenset[str]
    ) -> tuple[str, str] | None:
        """``found`` (an article's opening or conclusion asked in one part of a message) unless the other parts
        (``pieces``) ask what the article answers with another entry: "bài 002 phần cuối: chính phủ, doanh nghiệp
        ... phải thay đổi gì?" asks what its last part says of them, not the part itself; "how does 002 end, whats
        the end goal" and "what happens when tech lines up w social responsibility, per the last para of 000" ask the
        part, and so does one beside context that asks nothing ("what's the conclusion of 000, our group is
        presenting on industry 5.0")."""
        asking = [p for p, after in others if ASKING.search(plain(p)) or "?" in after]
        if not asking:
            return found
        source = self.knowledge.source(next(iter(sources)))
        part = source.opening if found[0] == "opening" else source.conclusion
        query = self._analyse(" ".join(asking))
        if len(self._substance(query)) < 2 or query.off_topic:
            return found
        picked = self._decided(query, sources)[1].answer
        return None if picked is not None and picked.entry.id != part else found

    def _unnamed(self, text: str) -> str:
        """``text`` without the names of the people it names, the articles' authors among them."""
        query = self._analyse(text)
        names = query.people_words
        for author in self.index.bylines.values():  # "002 is by nguyen vu anh right?": a guess, not a topic
            if not author.isdisjoint(query.tokens):
                names |= author | _COMMON_NAMES
        return " ".join(w for w in text.split() if not names.intersection(self.index.tokens(w))) if names else text

    def _quoted_by(self, found: tuple[str, str], question: str) -> _Considered | None:
        """ "Santiago's quote in quotation marks", "is Duong's proposal a direct quote": that speaker's quotes, the
        direct first, when what is left of the question (``found``: what ``across_articles`` read) names one speaker
        and nothing else; None otherwise."""
        query = self._analyse(found[1])
        named = [q for q in self.knowledge.quotes if self._names(query, (q.speaker, *q.speaker_aliases))]
        speakers = {q.speaker for q in named}
        if len(speakers) != 1:
            return None
        names = {t for q in named for n in (q.speaker, *q.speaker_aliases) for t in self.index.tokens(n)}
        # ... and the article that quotes them, by a name of it ("santiago's quote in the press release")
        names |= {
            t for s in {q.source for q in named} for a in self.knowledge.source(s).aliases for t in self.index.tokens(a)
        }
        if self._topics(query) - names or query.off_topic:
            return None
        first = direct_first(named)[0]
        entry = self.knowledge.entry(first.id)
        if entry is None:
            return None
        if unquoted := self._unquoted(question, _given(entry)):  # their words verbatim, which the article never gives
            return _Considered([], None, False, unquoted)
        return _Considered([], _given(entry), True, None)

    def _quoted_in(self, found: tuple[str, str], source: str) -> _Considered | None:
        """ "Which bits of the press release are direct quotes": whom that article quotes, when what is left of the
        question (``found``) asks nothing else and the article quotes anyone; None otherwise."""
        if not self._only_articles(found[1], frozenset({source})):
            return None
        quotes = direct_first(q for q in self.knowledge.quotes if q.source == source)
        entry = self.knowledge.entry(quotes[0].id) if quotes else None
        return _Considered([], _given(entry), False, None, listing="quoted_in") if entry is not None else None

    def _names(self, query: Query, names: Sequence[str]) -> bool:
        """Whether ``query`` names a person by one of ``names``."""
        return any(frozenset(self.index.tokens(n)) in person for person in query.people for n in names)

    def _only_articles(self, rest: str, sources: frozenset[str] = frozenset(), *, strict: bool = False) -> bool:
        """Whether ``rest`` (a question without its words about the articles) asks about nothing else; the names of
        the articles it named (``sources``) are no topic ("the unido press release on the 2018 summit"). ``strict``:
        a word the base does not know is a topic too ("what does the article say about bitcoin" is no summary)."""
        named = self._article(rest)
        query = self._analyse(PURPOSE.sub(" ", named[1] if named else rest))  # "for slides pls": theirs, no topic
        names = {t for s in sources for alias in self.knowledge.source(s).aliases for t in self.index.tokens(alias)}
        return not self._topics(query) - names and not query.off_topic and not (strict and query.unknown)

    def _topics(self, query: Query) -> set[str]:
        """What ``query`` is about (``_substance``), but a letter alone ("t", Vietnamese chat for "I")."""
        return {w for w in self._substance(query) if len(w) > 1}

    def _mentions(self, question: str) -> list[Hit] | None:
        """For "which articles mention X" ("bài nào nhắc đến net zero"), when the base clearly speaks of X: the best
        entry of each article that does, best first; None for any other question, or an X the base does not hold.

        No lead over other entries is needed, as an answer needs one: every entry that says X is the answer's. An
        entry counts by what it says, not by how members ask for it; a comparison, whose rows may come from several
        articles, not at all. An article set aside ("ngoài bài 003 ra thì bài nào còn nhắc UNIDO", "unido shows up
        in which article besides the press release") is not listed, unless only it speaks of X ("is blockchain in
        any of the articles besides 001": 001's entry, whose card names it, tells it is the only one)."""
        text, besides, among = plain(question), frozenset[str](), frozenset[str]()
        if (named := self._article(question)) and _BESIDES.search(text):  # "which article besides 003 mentions X"
            text, besides = _ELSE.sub(" ", _SET_ASIDE.sub(" ", named[1])), named[0]
        elif named and len(named[0]) > 1:  # "where does unido come up in 000 and 003": among those
            among = named[0]
        topic = which_articles(text)
        if not topic:
            return None
        best = self._mentioned(topic)
        if best is None:  # two things joined, no entry saying both ("where do germany and korea come up"): each
            # article's best on either, the first asked first
            joined = [p for p in JOINED.split(topic) if p.strip()]
            if len(joined) < 2 or any(_ASKED_AGAIN.match(p) for p in joined) or _BOTH.search(text):
                return None  # "which is global and which vn focused", "which mentions both germany and korea"
            parts = [self._mentioned(p) for p in joined]
            sources = {s.id for s in self.knowledge.sources}
            if any(p is None or set(p) == sources for p in parts):
                return None  # one thing every article speaks of ("vietnam and germany"): the other is asked
            best = {}
            for part in parts:
                for source, hit in (part or {}).items():
                    best.setdefault(source, hit)
        if among and (theirs := [h for h in best.values() if h.entry.source in among]):
            return theirs
        others = [h for h in best.values() if h.entry.source not in besides]
        return others or list(best.values())  # none but those set aside: theirs, whose cards say where it is

    def _described(self, question: str, *, asked: bool = True) -> tuple[frozenset[str], str] | None:
        """The article ``question`` describes ("the vinfuture one", "the piece about samsung", "the unido one"): the
        one its description names (``Lookups.article``), else the one article that clearly speaks of what it
        describes (as ``_mentions`` counts an entry that does); and the question without the description. With
        ``asked``, only when the rest asks something of an article as a text and names no topic ("who wrote the
        vinfuture one"; not "when was the germany one launched"). Else None."""
        text = plain(question)
        if not (m := _DESCRIBED.search(text)):
            return None
        described = m["described"] or m["about"]
        rest = " ".join(f"{text[: m.start()]} {text[m.end() :]}".split())
        if (named := self._article(f"{described} article")) and not named[1].strip():
            sources = named[0]
        elif (best := self._mentioned(described)) is not None:
            sources = frozenset(best)
        else:
            return None
        if len(sources) != 1:
            return None
        if asked and not ((found := of_article(rest)) and self._only_articles(found[1], sources, strict=True)):
            return None
        return sources, rest

    def _mentioned(self, topic: str) -> dict[str, Hit] | None:
        """The entry of each article that best says ``topic``, best first, when the base clearly speaks of it (as
        ``_mentions`` counts an entry that does); None when it does not."""
        query = self._analyse(topic)
        words = self._substance(query)
        if query.chatter or query.off_topic or not words:
            return None
        hits = [h for h in scoring.search(query, self.index, self.tuning.rerank, self.ranker.usual) if not h.lacks]
        hits = [h for h in hits if not isinstance(h.entry, Comparison) and self._says(h.entry, words)]
        if not hits or hits[0].coverage < MENTIONED:
            return None
        floor = max(MENTIONED, hits[0].coverage - MENTIONED_SPREAD)
        best: dict[str, Hit] = {}
        for hit in hits:
            if hit.coverage >= floor:
                best.setdefault(hit.entry.source, hit)
        return best

    def _compared(self, named: tuple[frozenset[str], str] | None, question: str) -> list[Hit] | None:
        """Two or more articles set side by side on one thing ("000 vs 003 on unido, how do they differ", "do 001
        and 002 both talk about steel", "bài 000 với bài 001 đều nhắc net zero, mỗi bài nói gì"): each named
        article's entry that best says it, when at least two of them clearly do (as ``_mentions`` counts an entry
        that does); None otherwise, and the question is asked as any other."""
        text = plain(question)
        if named is None or len(named[0]) < 2 or not COMPARING.search(text):
            return None
        if _NOT_SIDE_BY_SIDE.search(_WHERE_MENTIONED.sub(" ", text)):  # not "where does unido come up in 000 vs 003"
            return None  # "000 vs 003, who is quoted", "when was each published": not what each says
        query = self._analyse(PURPOSE.sub(" ", COMPARING.sub(" ", plain(named[1]))))  # "cho phần thảo luận nhóm"
        words = self._substance(query)
        if query.off_topic or query.asks & DETAIL - {"topic"}:
            return None
        wholes = [self.knowledge.entry(s.overview) for s in self.knowledge.sources if s.id in named[0] and s.overview]
        whole = len(wholes) == len(named[0]) and all(e is not None and self._says(e, words) for e in wholes)
        if whole and not query.unknown:
            # the articles as wholes ("compare 000 and 001", "bài 002 và 003 đều nói về VN với cmcn 4.0, khác nhau
            # chỗ nào"): what each is about, when that says all the question names (not "on bitcoin mining")
            return [_given(e) for e in wholes if e is not None]
        if query.chatter or not words:
            return None
        hits = [
            h
            for h in self._decided(query, named[0])[0]
            if not h.lacks
            and h.coverage >= MENTIONED
            and not isinstance(h.entry, Comparison)
            and words & self._said(h.entry)  # it says some of it, not only is asked for with it
        ]
        best: dict[str, Hit] = {}  # each named article's best, however far below another's: both were named
        for hit in hits:
            best.setdefault(hit.entry.source, hit)
        return list(best.values()) if len(best) >= 2 else None

    def _substance(self, query: Query) -> set[str]:
        """The words of ``query`` the base knows that are not generic: what it is about."""
        return {t.token for t in query.known if t.token not in self.index.lexicon.generic}

    def _says(self, entry: Entry, words: set[str]) -> bool:
        """Whether what ``entry`` says (not how it is asked: its phrasings and keywords) holds all of ``words``."""
        return words <= self._said(entry)

    def _said(self, entry: Entry) -> frozenset[str]:
        """The words of what ``entry`` says: the index's own record of it, not its texts read again."""
        return self.index.doc(self.index.position[entry.id]).strings("says")

    def _within_article(
        self, named: tuple[frozenset[str], str] | None, *, answered: bool
    ) -> tuple[list[Hit], decision.Decision, bool] | None:
        """A question naming articles ("problem w patents per the innovation article", "do art 1 and art 2 both ..."),
        asked again without the references among those articles' entries only; None when it names none or that
        finds nothing. ``answered``: the whole message has an answer already; it stands unless what is left asks
        about something within the articles ("human resources problem in the res 57 article"), whose answer comes
        first, as the references may have drawn the whole message to the article itself; not when it asks a detail
        of the article ("unido press release date"), nor a word or two. (Measured on the pool, this beats keeping
        the whole message's answer when it is already one of the article's.) A topic asked in the article's opening
        or conclusion is looked for there first (``_in_part``); the last item says whether the hits are then the
        message's own (its words without the part's), to stand for the whole message's."""
        if named is None:
            return None
        sources, rest = named
        if len(sources) == 1 and (found := part_asked(rest)) and (part := self._in_part(next(iter(sources)), found)):
            return (*part, True)
        query = self._analyse(rest)
        if not query.known or query.chatter or query.off_topic:
            return None
        inside = len(self._substance(query)) >= 2 and not query.asks & DETAIL - {"topic"}
        if answered and not inside:
            return None  # the whole message's answer stands (never searched for: the search is the cost)
        hits, picked = self._decided(query, sources)
        return (hits, picked, False) if picked.answer else None

    def _in_part(self, source_id: str, found: tuple[str, str, bool]) -> tuple[list[Hit], decision.Decision] | None:
        """A topic asked in the opening or conclusion of the one article named ("techs mentioned at the start of
        001", "what do businesses need to do in the conclusion of 002"; ``found``: that part, the question without
        the words naming it, and whether it names the one paragraph, as ``part_asked`` reads them): asked among the
        entries on that part of the article (``first_paragraphs``, ``last_paragraphs``), or the paragraph's own entry
        (``opening``, ``conclusion``) when one is named; None when it asks no topic or none of them answers."""
        source = self.knowledge.source(source_id)
        opening = found[0] == "opening"
        part = source.first_paragraphs if opening else source.last_paragraphs
        query = self._analyse(found[1])
        if not part or not self._substance(query) or query.chatter or query.off_topic:
            return None
        paragraph = source.opening if opening else source.conclusion
        entries = frozenset((paragraph,) if found[2] and paragraph else part)  # "the last para": that one alone
        hits, picked = self._decided(query, entries=entries)
        if picked.answer and picked.answer.entry.id in entries:  # not another entry's own name ("end goal")
            return hits, picked
        return None

    def _in_parts(self, question: str) -> tuple[list[Hit], decision.Decision] | None:
        """A long message ("for my essay ... my groupmate says ... so what does the article say about X?") asked
        part by part: the question parts (not the context around them), each within the article it names; the
        part that finds the most confident answer, or None when none does."""
        best: tuple[list[Hit], decision.Decision] | None = None
        for part, _ in pieces(question):
            said = plain(part)
            if not ASKING.search(said) or _GUESS.match(said):
                continue  # context ("for my essay"), or a guess to be checked ("was it santiago?"), not what is asked
            named = self._article(part)
            query = self._analyse(named[1] if named else part)
            if len(self._substance(query)) < 2 or query.off_topic:
                continue
            hits, picked = self._decided(query, named[0] if named else frozenset())
            if picked.answer and (best is None or picked.answer.score > best[1].answer.score):  # type: ignore[union-attr]
                best = (hits, picked)
        return best

    def _aside(self, question: str, hit: Hit, query: Query) -> bool:
        """Whether what ``hit`` lacks may be the context of the message rather than what it asks. Only in a message
        with a part that asks (a question word, or a question mark after it): when it is long and what the entry
        lacks is a word, not a figure (a detail word among many is often context: "for our seminar ... what did
        santiago say"); or when every word and figure the entry lacks is outside the parts that ask ("our group is
        doing a 10 min presentation, what ..."; but not "samsung exports 2019? need it for my slides"). Never when
        the entry lacks the kind of answer a part that asks wants ("how many jobs will it create? kim bui says ...")."""
        if not hit.lacks:
            return False
        kept = [(p, after) for p, after in pieces(question) if p.strip()]
        parts = [p for p, _ in kept]
        asking_at = [ASKING.search(plain(p)) is not None or "?" in after for p, after in kept]
        for i in range(1, len(parts)):  # a tag ("..., right?", "..., đúng ko") asks what comes before it
            if asking_at[i] and len(self.index.tokens(parts[i])) < 2:
                asking_at[i - 1] = True
        asking = [p for p, a in zip(parts, asking_at, strict=True) if a]
        if not asking:
            return False
        wants = [asks(part) for part in asking]
        if hit.lacks & _ASKED & frozenset().union(*wants):
            return False  # the kind of answer a part that asks wants ("how many jobs? kim bui says ...")
        missing = set(hit.missing)
        if any(w & _ASKED and not missing.isdisjoint(self.index.tokens(p)) for p, w in zip(asking, wants, strict=True)):
            return False  # ... or what that figure counts ("how many workers does samsung employ? for my essay ...")
        if len(query.tokens) >= LONG and "that number" not in hit.lacks:
            return True
        if len(asking) == len(parts) or not hit.lacks <= {"detail", "that number"}:
            return False
        asked = {t for part in asking for t in self.index.tokens(part)}
        return not asked & (missing | query.numbers)

    def offers(self, hits: Sequence[Hit], words: Sequence[str] = ()) -> list[Suggestion]:
        """Relevant suggestions, one per way of asking, at most ``max_suggestions``; none rather than filler.

        Given the question's ``words``, the ranker orders the relevant hits (``decision.offers``, and any other hit
        matched on more than common words), likeliest first: members' paraphrase often leaves the entry they mean
        below others that share more of their words."""
        found = decision.offers(hits, self.tuning)
        if words:
            found += [h for h in decision.matched(hits, self.tuning) if h not in found]
            rank = {e.id: i for i, e in enumerate(self.ranker.order([h.entry for h in found], words))}
            found.sort(key=lambda h: rank[h.entry.id])
        offered: dict[str, Suggestion] = {}
        for hit in found:
            suggestion = self.cards.suggestion(hit.entry)
            offered.setdefault(suggestion.text(), suggestion)
        return list(offered.values())[: self.tuning.max_suggestions]

    def _speaker_list(self, hit: Hit, lang: Lang = DEFAULT) -> Reply:
        assert isinstance(hit.entry, Quote)
        speaker = hit.entry.speaker
        said = direct_first(q for q in self.knowledge.quotes if q.speaker == speaker)
        reply = self.cards.quote_list(said, quote_heading(speaker, said, lang), lang)
        return replace(reply, entry_id=hit.entry.id, confidence=hit.score)
