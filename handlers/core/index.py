"""The index: every answerable entry of a base, built once (or loaded as saved), read by scoring.

Each entry is indexed by its tokens with a weight by field: what it is *asked as* (its questions, aliases,
names) counts fully (``Matching.key_weight``), what it *says* less (``Matching.text_weight``). Word weights are
inverse document frequencies, so words found everywhere (industry, Vietnam, technology) carry little. Beside the
postings the index keeps, per entry, what scoring checks the question against: its phrasings, its numbers,
whether it gives a date, an issuer, something current.

The index is arrays, not objects: every string it knows (tokens, numbers, places) has an integer id, postings are
one array of entry numbers per word (CSR: ``post_ptr`` slices ``post_doc``), and an entry's phrasings and word
sets are slices of flat id arrays. ``Tables`` is exactly what is saved (``handlers.core.saved``); the dicts a
question needs (a word's id, the exact names) are rebuilt from it.

``analyse`` turns a question into a ``Query`` against this index: typos resolve to its words, and the people,
rare names and exact names it mentions are looked up here, once.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
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
_CURRENCIES = frozenset({"usd", "vnd", "eur", "us"})
KINDS = ("facts", "quotes", "policies", "comparisons")
HAS_DATE, HAS_ISSUER, SAYS_NOW, HAS_DAY = 1, 2, 4, 8  # bits of ``flags``
# An entry's sets of word ids, each a ragged array (``<name>_ptr`` slices ``<name>``).
SETS = ("keys", "says", "numbers", "answer_numbers", "places", "names")
SEP = "\x00"  # between the strings of a saved string table (no knowledge text holds one: YAML forbids it)


@dataclass
class Tables:
    """The index as plain data: numpy arrays, string lists and small JSON-able values. What is saved."""

    arrays: dict[str, np.ndarray]
    words: list[str]  # every string the index knows, by id
    name_keys: list[str]  # exact names, each slicing ``name_docs`` by ``name_ptr``
    people: list[list[list[str]]]  # each speaker's names, as token lists, shortest first
    entities: list[str]
    common: int


@dataclass
class Doc:
    """One entry as scoring reads it, decoded from the arrays on demand."""

    kind: str
    entry: Entry
    index: Index
    i: int

    @cached_property
    def phrasings(self) -> list[tuple[frozenset[int], float]]:
        """Each phrasing's word ids and its total weight."""
        ix = self.index
        lo, hi = ix.phr_ptr[self.i], ix.phr_ptr[self.i + 1]
        ptr, uniq = ix.uniq_ptr, ix.arrays["uniq"]
        mass = ix.arrays["mass"][lo:hi].tolist()
        return [(frozenset(uniq[ptr[k] : ptr[k + 1]].tolist()), mass[k - lo]) for k in range(lo, hi)]

    @cached_property
    def where(self) -> dict[int, list[int]]:
        """word id -> the phrasings that hold it, in order."""
        where: dict[int, list[int]] = defaultdict(list)
        for k, (ids, _) in enumerate(self.phrasings):
            for w in ids:
                where[w].append(k)
        return where

    def text(self, k: int) -> str:
        """Phrasing ``k`` as folded text, for rapidfuzz."""
        ix = self.index
        n = ix.phr_ptr[self.i] + k
        seq = ix.arrays["seq"][ix.seq_ptr[n] : ix.seq_ptr[n + 1]].tolist()
        return " ".join(ix.words[w] for w in seq)

    def ids(self, name: str) -> frozenset[int]:
        ptr = self.index.set_ptr[name]
        return frozenset(self.index.arrays[name][ptr[self.i] : ptr[self.i + 1]].tolist())

    def strings(self, name: str) -> frozenset[str]:
        words = self.index.words
        return frozenset(words[w] for w in self.ids(name))

    @cached_property
    def numbers(self) -> frozenset[str]:  # every number the entry mentions anywhere
        return self.strings("numbers")

    @cached_property
    def answer_numbers(self) -> frozenset[str]:  # quantities in what it says: no years, days or version numbers
        return self.strings("answer_numbers")

    @cached_property
    def places(self) -> frozenset[str]:  # places it names (lexicon.yaml)
        return self.strings("places")

    @cached_property
    def names(self) -> frozenset[str]:  # tokens of the proper names it gives: people, bodies, companies
        return self.strings("names")

    @property
    def has_date(self) -> bool:  # what it says holds a year, a month or an issue date
        return bool(self.index.flags[self.i] & HAS_DATE)

    @property
    def has_day(self) -> bool:  # what it says holds a month (a day of it, or the month itself), or an exact issue date
        return bool(self.index.flags[self.i] & HAS_DAY)

    @property
    def has_issuer(self) -> bool:  # False for a policy whose issuer the article does not name
        return bool(self.index.flags[self.i] & HAS_ISSUER)

    @property
    def says_now(self) -> bool:  # what it says speaks of something current, next or upcoming
        return bool(self.index.flags[self.i] & SAYS_NOW)


class Index:
    """An inverted index over entries, with the word weights and per-entry facts that scoring needs."""

    def __init__(
        self,
        pairs: Iterable[tuple[str, Entry]],
        synonyms: Synonyms,
        tuning: Matching,
        lexicon: Lexicon | None = None,
        *,
        tables: Tables | None = None,
    ) -> None:
        self.synonyms = synonyms
        self.tuning = tuning
        self.lexicon = Words(lexicon or Lexicon(), self.tokens)
        self.entries: list[tuple[str, Entry]] = list(pairs)
        self.tables = tables if tables is not None else _Builder(self).build()
        self._adopt(self.tables)
        self.position = {id(entry): i for i, (_, entry) in enumerate(self.entries)}
        self._related: dict[tuple[int, int], bool] = {}  # the answer for a pair never changes
        self._docs: dict[int, Doc] = {}

    def _adopt(self, t: Tables) -> None:
        a = t.arrays
        self.arrays = a
        self.words = t.words
        self.word_id = {w: i for i, w in enumerate(t.words)}
        self.post_ptr = a["post_ptr"].tolist()
        self.post_doc = a["post_doc"]
        self.post_key = a["post_key"]
        df = np.diff(a["post_ptr"])
        self.df: list[int] = df.tolist()
        self.idf_by_id: list[float] = a["idf"].tolist()
        self.weight_by_id = [w if n else self.tuning.unknown_idf for w, n in zip(self.idf_by_id, self.df, strict=True)]
        self.phr_ptr: list[int] = a["phr_ptr"].tolist()
        self.uniq_ptr: list[int] = a["uniq_ptr"].tolist()
        self.seq_ptr: list[int] = a["seq_ptr"].tolist()
        self.set_ptr = {name: a[f"{name}_ptr"].tolist() for name in SETS}
        self.flags: list[int] = a["flags"].tolist()
        self.kinds: list[int] = a["kind"].tolist()
        name_ptr, name_docs = a["name_ptr"].tolist(), a["name_docs"].tolist()
        self.names = {key: name_docs[name_ptr[k] : name_ptr[k + 1]] for k, key in enumerate(t.name_keys)}
        self.people: list[Names] = [[frozenset(name) for name in names] for names in t.people]
        self.entities = frozenset(t.entities)
        self.common = t.common  # posting lists longer than this do not nominate candidates
        self.field_weights = np.array([self.tuning.text_weight, self.tuning.key_weight])

    def __len__(self) -> int:
        return len(self.entries)

    def tokens(self, text: str) -> list[str]:
        """This base's tokens of ``text``: folded, stemmed, synonyms applied."""
        return tokens(text, self.synonyms)

    def known(self, token: str) -> int | None:
        """The id of ``token`` when some entry holds it (it has a posting list), else None."""
        w = self.word_id.get(token)
        return w if w is not None and self.df[w] else None

    def weight(self, token: str) -> float:
        w = self.word_id.get(token)
        return self.tuning.unknown_idf if w is None else self.weight_by_id[w]

    def frequency(self, token: str) -> int:
        """How many entries hold ``token``."""
        w = self.word_id.get(token)
        return 0 if w is None else self.df[w]

    def posting(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """The entries holding ``token`` (ascending) and the weight of the field each holds it in."""
        w = self.word_id.get(token)
        if w is None:
            return np.zeros(0, np.int32), np.zeros(0)
        lo, hi = self.post_ptr[w], self.post_ptr[w + 1]
        return self.post_doc[lo:hi], self.field_weights[self.post_key[lo:hi]]

    def holders(self, token: str, docs: np.ndarray) -> set[int]:
        """Which of ``docs`` (ascending entry numbers) hold ``token``."""
        w = self.word_id.get(token)
        if w is None or not len(docs):
            return set()
        post = self.post_doc[self.post_ptr[w] : self.post_ptr[w + 1]]
        if not len(post):
            return set()
        at = np.minimum(np.searchsorted(post, docs), len(post) - 1)
        return set(docs[post[at] == docs].tolist())

    def field_weight(self, token: str, i: int) -> float:
        """The weight ``token`` has in entry ``i`` (0: the entry does not hold it)."""
        docs, weights = self.posting(token)
        at = int(np.searchsorted(docs, i))
        return float(weights[at]) if at < len(docs) and docs[at] == i else 0.0

    def doc(self, i: int) -> Doc:
        doc = self._docs.get(i)
        if doc is None:
            if len(self._docs) > 20_000:  # bounded: decoded entries are a cache, not a copy of the base
                self._docs.clear()
            kind, entry = self.entries[i]
            doc = self._docs[i] = Doc(kind, entry, self, i)
        return doc

    @cached_property
    def _typos(self) -> Typos:
        # In the order the words first appear in the base: on a tie, the first one wins.
        words = [self.words[w] for w in self.arrays["typo_order"].tolist()]
        return Typos(words, self.synonyms, self.tuning.typo_cutoff)

    # ----- questions -----------------------------------------------------------------------------------------

    def analyse(self, text: str) -> q.Query:
        """``text`` (cleaned: the engine cleans what it is given once) as a Query against this index."""
        every = self.tokens(text)
        toks = tuple(dict.fromkeys(every))[: self.tuning.max_tokens]
        terms = tuple(self._term(tok) for tok in toks)
        folded = " ".join(t.token for t in terms)
        said = f" {' '.join(every)} "
        people = tuple(tuple(names) for names in self.people if any(name <= set(toks) for name in names))
        numbers = frozenset(tok for tok in toks if tok[0].isdigit() and not tok.endswith(".0"))
        asks = q.asks(text)
        if people and q.IDENTITY.search(fold(text)):
            asks = asks - {"who"} | {"identity"}  # "who is Santiago": who he is, not a detail about him
        return q.Query.of(
            text=text,
            tokens=toks,
            terms=terms,
            asks=asks,
            numbers=numbers,
            people=people,
            entities=self.entities.intersection(toks),
            names=frozenset(self.names.get(" ".join(toks), ())) | frozenset(self.names.get(folded, ())),
            places=frozenset(p for p in self.lexicon.places if f" {p} " in said),
            chatter=self.lexicon.is_chatter(text),
            off_topic=self.lexicon.is_off_topic(text),
            checks=bool(numbers and q.CHECKS.search(fold(text))),
        )

    def _term(self, tok: str) -> q.Term:
        w = self.known(tok)
        if w is not None:
            return q.Term(tok, 1.0, self.idf_by_id[w])
        # A word of small talk ("tiep", "thanks") is a real word, not a typo of one the base uses ("tie").
        typo = len(tok) >= 4 and not tok[0].isdigit() and tok not in self.lexicon.chatter
        found = self._typos.of(tok) if typo else None
        if found is not None:
            return q.Term(found[0], found[1], self.weight(found[0]))
        return q.Term(tok, 0.0, self.tuning.unknown_idf)

    # ----- entries ---------------------------------------------------------------------------------------------

    def mentions(self, i: int, name: frozenset[str]) -> bool:
        return all(self.field_weight(tok, i) > 0 for tok in name)

    def related(self, a: Entry, b: Entry) -> bool:
        """Two entries of one article that are asked for in mostly the same words: either answers."""
        if a.source != b.source:
            return False
        pair = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
        if pair not in self._related:
            if len(self._related) > 100_000:  # bounded: a long-running bot sees many pairs
                self._related.clear()
            da, db = self.doc(self.position[id(a)]), self.doc(self.position[id(b)])
            share = self.tuning.related
            self._related[pair] = (
                self._overlap(da.ids("keys"), db.ids("keys")) >= share
                or self._overlap(da.ids("says"), db.ids("says")) >= share
            )
        return self._related[pair]

    def _overlap(self, a: frozenset[int], b: frozenset[int]) -> float:
        weight = self.weight_by_id
        smaller = min(sum(weight[w] for w in sorted(a)), sum(weight[w] for w in sorted(b)))
        return sum(weight[w] for w in sorted(a & b)) / smaller if smaller > 0 else 0.0


class _Ragged:
    """A growing ragged array of ids: one row per entry (or phrasing)."""

    def __init__(self) -> None:
        self.ptr = array("q", [0])
        self.data = array("i")

    def add(self, ids: Iterable[int]) -> None:
        self.data.extend(ids)
        self.ptr.append(len(self.data))

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        data, ptr = np.frombuffer(self.data, np.int32).copy(), np.frombuffer(self.ptr, np.int64).copy()
        return {name: data, f"{name}_ptr": ptr}


class _Builder:
    """Builds the Tables of an index from its entries, in one pass, linear in the base's size."""

    def __init__(self, index: Index) -> None:
        self.ix = index
        self.tuning = index.tuning
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.post_word = array("i")
        self.post_doc = array("i")
        self.post_key = array("b")
        self.uniq = _Ragged()
        self.seq = _Ragged()
        self.phr_ptr = array("q", [0])
        self.sets = {name: _Ragged() for name in SETS}
        self.flags = array("B")
        self.kind = array("B")
        self.names: dict[str, list[int]] = {}
        self.words_seen: dict[str, list[str]] = {}
        self.lower: set[str] = set()  # tokens of the words the base writes in lower case

    def word_tokens(self, word: str) -> list[str]:
        """The tokens of one word of a text: words repeat across a base, so each is analysed once."""
        found = self.words_seen.get(word)
        if found is None:
            found = self.words_seen[word] = self.ix.tokens(word)
        return found

    def id(self, word: str) -> int:
        w = self.ids.get(word)
        if w is None:
            w = self.ids[word] = len(self.words)
            self.words.append(word)
        return w

    def build(self) -> Tables:
        enabled = gc.isenabled()
        gc.disable()  # millions of small objects, none cyclic: the collector would walk them again and again
        try:
            return self._build()
        finally:
            if enabled:
                gc.enable()

    def _build(self) -> Tables:
        ix = self.ix
        # Words the base also writes in lower case are common nouns ("Directive" in a title), not names.
        tokenize = self.word_tokens
        for _, entry in ix.entries:
            for text in answer_texts(entry):
                self.lower.update(tok for word in _LOWER.findall(text) for tok in tokenize(word))
        for i, (kind, entry) in enumerate(ix.entries):
            self._doc(i, kind, entry)
        n_docs = len(ix.entries)
        n = max(n_docs, 1)
        words = np.frombuffer(self.post_word, np.int32)
        order = np.argsort(words, kind="stable")  # by word, entries ascending within a word
        counts = np.bincount(words, minlength=len(self.words))
        post_ptr = np.zeros(len(self.words) + 1, np.int64)
        np.cumsum(counts, out=post_ptr[1:])
        _, first = np.unique(words, return_index=True)  # where each posted word first appears
        posted = np.unique(words)
        typo_order = posted[np.argsort(first, kind="stable")].astype(np.int32)
        idf = np.array([math.log(1 + n / c) if c else 0.0 for c in counts.tolist()], np.float64)
        uniq = self.uniq.arrays("uniq")
        mass = (
            np.add.reduceat(idf[uniq["uniq"]], uniq["uniq_ptr"][:-1]) if len(uniq["uniq"]) else np.zeros(0, np.float64)
        )
        arrays: dict[str, np.ndarray] = {
            "post_ptr": post_ptr,
            "post_doc": np.frombuffer(self.post_doc, np.int32)[order],
            "post_key": np.frombuffer(self.post_key, np.int8)[order].astype(np.uint8),
            "idf": idf,
            "typo_order": typo_order,
            "mass": mass.astype(np.float64),
            "phr_ptr": np.frombuffer(self.phr_ptr, np.int64).copy(),
            "flags": np.frombuffer(self.flags, np.uint8).copy(),
            "kind": np.frombuffer(self.kind, np.uint8).copy(),
            **uniq,
            **self.seq.arrays("seq"),
        }
        for name, ragged in self.sets.items():
            arrays.update(ragged.arrays(name))
        name_ptr = np.zeros(len(self.names) + 1, np.int64)
        np.cumsum([len(v) for v in self.names.values()], out=name_ptr[1:])
        arrays["name_ptr"] = name_ptr
        arrays["name_docs"] = np.array([d for v in self.names.values() for d in v], np.int32)
        people = people_of((e for _, e in ix.entries), ix.tokens)
        return Tables(
            arrays=arrays,
            words=self.words,
            name_keys=list(self.names),
            people=[[sorted(name) for name in names] for names in people],
            entities=sorted(self._rare_names(counts, n_docs)),
            common=max(8, n // 10),
        )

    def _doc(self, i: int, kind: str, entry: Entry) -> None:
        ix, wid = self.ix, self.id
        key: dict[str, bool] = {}  # token -> in what the entry is asked as (else only in what it says)
        for text in body_texts(entry):
            for tok in ix.tokens(text):
                key[tok] = False
        phrasings = []
        keys: set[str] = set()
        for text in key_texts(entry):
            toks = ix.tokens(text)
            key.update(dict.fromkeys(toks, True))
            keys.update(toks)
            if toks:
                phrasings.append(toks)
        for name in names_of(entry):
            self.names.setdefault(" ".join(ix.tokens(name)) or fold(name), []).append(i)
        kid = {tok: wid(tok) for tok in key}  # every token of the entry: what it says and is asked as
        self.post_word.extend(kid.values())
        self.post_key.extend(key.values())
        self.post_doc.extend([i] * len(key))
        for toks in phrasings:
            seq = [kid[tok] for tok in toks]
            self.uniq.add(sorted(set(seq)))
            self.seq.add(seq)
        self.phr_ptr.append(len(self.uniq.ptr) - 1)
        keys.update(tok for text in entry.keywords for tok in ix.tokens(text))
        says = answer_texts(entry)
        answer = [tok for text in says for tok in ix.tokens(text)]
        said = f" {' '.join(answer)} "
        names = {tok for text in says for word in _PROPER.findall(text) + _ACRONYM.findall(text)
                 for tok in self.word_tokens(word)}  # fmt: skip
        if isinstance(entry, Quote):
            names.update(ix.tokens(entry.speaker))
        places = {p for p in ix.lexicon.places if f" {p} " in said}
        issued = getattr(entry, "issued", None)
        has_date = not _NO_DATE.search(" ".join(says)) and (
            any(q.YEAR.match(tok) or tok in q.MONTHS for tok in answer) or bool(issued)
        )
        has_day = any(tok in q.MONTHS for tok in answer) or isinstance(issued, dt.date)
        has_issuer = not isinstance(entry, Policy) or entry.issued_by is not None
        says_now = bool(q.NOW_OR_NEXT.search(fold(" ".join(says))))
        self.flags.append(HAS_DATE * has_date | HAS_ISSUER * has_issuer | SAYS_NOW * says_now | HAS_DAY * has_day)
        self.kind.append(KINDS.index(kind))
        values: dict[str, Iterable[int]] = {
            "keys": {kid[tok] for tok in keys},
            "says": {kid[tok] for tok in answer},
            "numbers": [w for tok, w in kid.items() if tok[0].isdigit()],
            "answer_numbers": {wid(s) for s in q.quantities(" ".join(says))},
            "places": {wid(p) for p in places},
            "names": {wid(s) for s in names - _NOT_NAMES - ix.lexicon.places - self.lower},
        }
        for name, ids in values.items():
            self.sets[name].add(sorted(ids))

    def _rare_names(self, counts: np.ndarray, n_docs: int) -> set[str]:
        """Tokens of proper nouns (capitalised inside a sentence) that few entries use: Toyota, Thailand, Korea."""
        capitalised: set[str] = set()
        lower = self.lower
        tokenize = self.word_tokens
        for _, entry in self.ix.entries:
            for text in answer_texts(entry):
                capitalised.update(tok for word in _PROPER.findall(text) for tok in tokenize(word))
        limit = max(3, n_docs // 20)
        df = counts.tolist()
        return {
            tok
            for tok in capitalised - lower - _CURRENCIES  # "USD" is capitalised, but names no one
            if len(tok) > 2 and tok.isalpha() and (df[self.ids[tok]] if tok in self.ids else 0) <= limit
        }


class Typos:
    """Unknown words matched to the index's words by edit distance, among words sharing their first letter."""

    def __init__(self, words: Sequence[str], synonyms: Synonyms, cutoff: float) -> None:
        self.cutoff = cutoff
        # A typo may be of a known word or of a synonym of one ("recomendations" -> recommendation -> propose).
        self.target = {tok: tok for tok in words}
        known = set(words)
        for word, canonical in synonyms.single_words():
            if canonical in known:
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
        # Off-topic phrases are matched folded in a message typed without accents ("best pho in hanoi"), but as
        # written in one typed with them, where folding would make "phó thủ tướng" (deputy prime minister) "pho".
        folded = {fold(p) for p in lexicon.off_topic}
        written = {" ".join(unicodedata.normalize("NFC", p).casefold().split()) for p in lexicon.off_topic}
        written |= {p for p in folded if " " in p}  # "thoi tiet": two syllables are never a false friend
        self._off_topic = _alternatives(folded)
        self._off_topic_written = _alternatives(written)

    def is_chatter(self, text: str) -> bool:
        """Nothing but greetings, thanks, laughter and filler words (or no words at all: "???", an emoji)."""
        return all(w in self.chatter or w in STOPWORDS or w in VI_STOPWORDS for w in TOKEN.findall(fold(text)))

    def is_off_topic(self, text: str) -> bool:
        plain = fold(text)
        if text.isascii() or plain == " ".join(text.casefold().split()):
            pattern, against = self._off_topic, plain
        else:
            pattern, against = self._off_topic_written, " ".join(unicodedata.normalize("NFC", text).casefold().split())
        return pattern is not None and pattern.search(against) is not None


def _alternatives(phrases: set[str]) -> re.Pattern[str] | None:
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True) if p)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)") if body else None
