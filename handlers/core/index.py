"""The index: every answerable entry of a base, built once, read by scoring.

Each entry is indexed by its tokens with a weight by field: what it is *asked as* (its questions, aliases,
names) counts fully (``Matching.key_weight``), what it *says* less (``Matching.text_weight``). Word weights are
inverse document frequencies, so words found everywhere (industry, Vietnam, technology) carry little. Beside the
postings the index keeps, per entry, what scoring checks the question against: its phrasings, its numbers,
whether it gives a date, an issuer, something current.

``analyse`` turns a question into a ``Query`` against this index: typos resolve to its words, and the people,
rare names and exact names it mentions are looked up here, once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from config import Matching
from handlers.core import query as q
from handlers.core.fields import Names, answer_texts, body_texts, key_texts, names_of, people_of
from handlers.core.text import STOPWORDS, TOKEN, VI_STOPWORDS, Synonyms, stem, tokens
from knowledge.models import Entry, Lexicon, Policy, Quote
from knowledge.text import fold

_PROPER = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")  # a capitalised word after a lower-case word
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+\b")
_LOWER = re.compile(r"\b[a-z][a-z]+\b")
# An entry that says its article gives no date ("date not stated") cannot answer "when", whatever years it cites.
_NO_DATE = re.compile(r"\bdate (is )?not (stated|given|specified)\b|\bno publication date\b", re.IGNORECASE)
# Capitalised words that name no one: months, currencies, and roles ("the Prime Minister" is not a name).
_NOT_NAMES = frozenset(
    """january february march april may june july august september october november december usd vnd gdp
    prime minister director president chairman chairwoman ceo head secretary general deputy officer expert
    government party ministry committee commission assembly vietnamese korean german japanese chinese american
    ict iot ai vr ar fdi esg r&d sme smes ccus gii it co2 h2 ceo cfo""".split()
)


@dataclass(slots=True)
class Phrasing:
    tokens: frozenset[str]
    text: str  # folded, for rapidfuzz
    mass: float = 0.0  # the tokens' total weight, set once the base's word weights are known


@dataclass(frozen=True)
class Doc:
    kind: str
    entry: Entry
    phrasings: tuple[Phrasing, ...]
    keys: frozenset[str]  # tokens of the entry's questions, names and keywords
    where: dict[str, tuple[int, ...]]  # token -> the phrasings that hold it
    numbers: frozenset[str]  # every number the entry mentions anywhere
    answer_numbers: frozenset[str]  # quantities in what the entry says: no years, days or version numbers
    has_date: bool  # what it says holds a year, a month or an issue date
    has_day: bool  # what it says holds a month (a day of it, or the month itself), or an exact issue date
    has_issuer: bool  # False for a policy whose issuer the article does not name
    says_now: bool  # what it says speaks of something current, next or upcoming
    says: frozenset[str]  # tokens of what it says
    places: frozenset[str]  # places it names (lexicon.yaml)
    names: frozenset[str]  # tokens of the proper names it gives: people, bodies, companies


class Index:
    """An inverted index over entries, with the word weights and per-entry facts that scoring needs."""

    def __init__(
        self, pairs: Iterable[tuple[str, Entry]], synonyms: Synonyms, tuning: Matching, lexicon: Lexicon | None = None
    ) -> None:
        self.synonyms = synonyms
        self.tuning = tuning
        self.lexicon = Words(lexicon or Lexicon(), self.tokens)
        self.docs: list[Doc] = []
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.names: dict[str, list[int]] = defaultdict(list)
        pairs = list(pairs)
        # Words the base also writes in lower case are common nouns ("Directive" in a title), not names.
        lower = (word for _, e in pairs for text in answer_texts(e) for word in _LOWER.findall(text))
        self._common_words = frozenset(tok for word in lower for tok in self.tokens(word))
        for i, (kind, entry) in enumerate(pairs):
            self.docs.append(self._doc(i, kind, entry))
        self.people: list[Names] = people_of((e for _, e in pairs), self.tokens)
        n = max(len(self.docs), 1)
        self.idf = {tok: math.log(1 + n / len(post)) for tok, post in self.postings.items()}
        for doc in self.docs:
            for p in doc.phrasings:
                p.mass = sum(self.idf[tok] for tok in p.tokens)
        self.entities = self._rare_names(e for _, e in pairs)
        self.common = max(8, n // 10)  # posting lists longer than this do not nominate candidates
        self.position = {id(doc.entry): i for i, doc in enumerate(self.docs)}
        self._typos = Typos(self.postings, synonyms, tuning.typo_cutoff)
        self._related: dict[tuple[int, int], bool] = {}  # the answer for a pair never changes

    def __len__(self) -> int:
        return len(self.docs)

    def tokens(self, text: str) -> list[str]:
        """This base's tokens of ``text``: folded, stemmed, synonyms applied."""
        return tokens(text, self.synonyms)

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.tuning.unknown_idf)

    def _doc(self, i: int, kind: str, entry: Entry) -> Doc:
        weights: dict[str, float] = {}
        for text in body_texts(entry):
            for tok in self.tokens(text):
                weights[tok] = self.tuning.text_weight
        phrasings = []
        keys: set[str] = set()
        for text in key_texts(entry):
            toks = self.tokens(text)
            weights.update(dict.fromkeys(toks, self.tuning.key_weight))
            keys.update(toks)
            if toks:
                phrasings.append(Phrasing(frozenset(toks), " ".join(toks)))
        for name in names_of(entry):
            self.names[" ".join(self.tokens(name)) or fold(name)].append(i)
        for tok, weight in weights.items():
            self.postings[tok][i] = weight
        keys.update(tok for text in entry.keywords for tok in self.tokens(text))
        says = answer_texts(entry)
        answer = [tok for text in says for tok in self.tokens(text)]
        where: dict[str, list[int]] = defaultdict(list)
        for k, p in enumerate(phrasings):
            for tok in p.tokens:
                where[tok].append(k)
        said = f" {' '.join(answer)} "
        names = {tok for text in says for word in _PROPER.findall(text) + _ACRONYM.findall(text)
                 for tok in self.tokens(word)}  # fmt: skip
        if isinstance(entry, Quote):
            names.update(self.tokens(entry.speaker))
        return Doc(
            kind,
            entry,
            tuple(phrasings),
            frozenset(keys),
            where={tok: tuple(ks) for tok, ks in where.items()},
            numbers=frozenset(tok for tok in weights if tok[0].isdigit()),
            answer_numbers=q.quantities(" ".join(says)),
            has_date=not _NO_DATE.search(" ".join(says))
            and (any(q.YEAR.match(tok) or tok in q.MONTHS for tok in answer) or bool(getattr(entry, "issued", None))),
            has_day=any(tok in q.MONTHS for tok in answer) or isinstance(getattr(entry, "issued", None), dt.date),
            has_issuer=not isinstance(entry, Policy) or entry.issued_by is not None,
            says_now=bool(q.NOW_OR_NEXT.search(fold(" ".join(says)))),
            says=frozenset(answer),
            places=frozenset(p for p in self.lexicon.places if f" {p} " in said),
            names=frozenset(names - _NOT_NAMES - self.lexicon.places - self._common_words),
        )

    def _rare_names(self, entries: Iterable[Entry]) -> frozenset[str]:
        """Tokens of proper nouns (capitalised inside a sentence) that few entries use: Toyota, Thailand, Korea."""
        capitalised: set[str] = set()
        lower: set[str] = set()
        for entry in entries:
            for text in answer_texts(entry):
                capitalised.update(tok for word in _PROPER.findall(text) for tok in self.tokens(word))
                lower.update(tok for word in _LOWER.findall(text) for tok in self.tokens(word))
        limit = max(3, len(self.docs) // 20)
        return frozenset(
            tok
            for tok in capitalised - lower
            if len(tok) > 2 and len(self.postings.get(tok, ())) <= limit and tok.isalpha()
        )

    # ----- questions -----------------------------------------------------------------------------------------

    def analyse(self, text: str) -> q.Query:
        """``text`` (cleaned: the engine cleans what it is given once) as a Query against this index."""
        every = self.tokens(text)
        toks = tuple(dict.fromkeys(every))[: self.tuning.max_tokens]
        terms = tuple(self._term(tok) for tok in toks)
        folded = " ".join(t.token for t in terms)
        said = f" {' '.join(every)} "
        return q.Query.of(
            text=text,
            tokens=toks,
            terms=terms,
            asks=q.asks(text),
            numbers=frozenset(tok for tok in toks if tok[0].isdigit() and not tok.endswith(".0")),
            people=tuple(tuple(names) for names in self.people if any(name <= set(toks) for name in names)),
            entities=self.entities.intersection(toks),
            names=frozenset(self.names.get(" ".join(toks), ())) | frozenset(self.names.get(folded, ())),
            places=frozenset(p for p in self.lexicon.places if f" {p} " in said),
            chatter=self.lexicon.is_chatter(text),
            off_topic=self.lexicon.is_off_topic(text),
        )

    def _term(self, tok: str) -> q.Term:
        if tok in self.idf:
            return q.Term(tok, 1.0, self.idf[tok])
        known = self._typos.of(tok) if len(tok) >= 4 and not tok[0].isdigit() else None
        if known is not None:
            return q.Term(known[0], known[1], self.idf[known[0]])
        return q.Term(tok, 0.0, self.tuning.unknown_idf)

    # ----- entries ---------------------------------------------------------------------------------------------

    def mentions(self, i: int, name: frozenset[str]) -> bool:
        return all(i in self.postings.get(tok, ()) for tok in name)

    def related(self, a: Entry, b: Entry) -> bool:
        """Two entries of one article that are asked for in mostly the same words: either answers."""
        if a.source != b.source:
            return False
        pair = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
        if pair not in self._related:
            if len(self._related) > 100_000:  # bounded: a long-running bot sees many pairs
                self._related.clear()
            da, db = self.docs[self.position[id(a)]], self.docs[self.position[id(b)]]
            share = self.tuning.related
            self._related[pair] = self._overlap(da.keys, db.keys) >= share or self._overlap(da.says, db.says) >= share
        return self._related[pair]

    def _overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        smaller = min(sum(map(self.weight, a)), sum(map(self.weight, b)))
        return sum(map(self.weight, a & b)) / smaller if smaller > 0 else 0.0


class Typos:
    """Unknown words matched to the index's words by edit distance, among words sharing their first letter."""

    def __init__(self, postings: dict[str, dict[int, float]], synonyms: Synonyms, cutoff: float) -> None:
        self.cutoff = cutoff
        # A typo may be of a known word or of a synonym of one ("recomendations" -> recommendation -> propose).
        self.target = {tok: tok for tok in postings}
        for word, canonical in synonyms.single_words():
            if canonical in postings:
                self.target.setdefault(stem(word), canonical)
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for tok in self.target:
            self.by_initial[tok[0]].append(tok)
        self.cache: dict[str, tuple[str, float] | None] = {}

    def of(self, token: str) -> tuple[str, float] | None:
        """The known word ``token`` is a typo of, with its similarity."""
        if token in self.cache:
            return self.cache[token]
        best = process.extractOne(token, self.by_initial.get(token[0], ()), scorer=fuzz.ratio, score_cutoff=self.cutoff)
        found = (self.target[best[0]], best[1] / 100) if best is not None else None
        if len(self.cache) < 50_000:
            self.cache[token] = found
        return found


class Words:
    """The lexicon, folded and tokenised as this index reads text."""

    def __init__(self, lexicon: Lexicon, tokenize: Callable[[str], list[str]]) -> None:
        self.places = frozenset(p for p in (" ".join(tokenize(place)) for place in lexicon.places) if p)
        self.chatter = frozenset(word for phrase in lexicon.chatter for word in TOKEN.findall(fold(phrase)))
        self.generic = frozenset(tok for word in lexicon.generic for tok in tokenize(word))
        phrases = sorted({fold(p) for p in lexicon.off_topic}, key=len, reverse=True)
        body = "|".join(re.escape(p) for p in phrases if p)
        self._off_topic = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if body else None

    def is_chatter(self, text: str) -> bool:
        """Nothing but greetings, thanks, laughter and filler words (or no words at all: "???", an emoji)."""
        return all(w in self.chatter or w in STOPWORDS or w in VI_STOPWORDS for w in TOKEN.findall(fold(text)))

    def is_off_topic(self, text: str) -> bool:
        return self._off_topic is not None and self._off_topic.search(fold(text)) is not None
