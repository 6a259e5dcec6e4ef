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
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

from config import Matching
from handlers.core import query as q
from handlers.core.fields import Names
from handlers.core.text import STOPWORDS, TOKEN, VI_STOPWORDS, Synonyms, stem, tokens
from knowledge.compact import Pairs
from knowledge.models import Entry, Lexicon
from knowledge.text import fold

KINDS = ("facts", "quotes", "policies", "comparisons")
HAS_DATE, HAS_ISSUER, SAYS_NOW, HAS_DAY, ROLE_ISSUED = 1, 2, 4, 8, 16  # bits of ``flags``
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
    index: Index
    i: int
    _sorted: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def entry(self) -> Entry:
        """The entry itself, read from the base when asked for (a large base keeps its entries as JSON)."""
        return self.index.entries[self.i][1]  # type: ignore[no-any-return]

    @cached_property
    def source(self) -> str:
        """The article the entry cites: kept, as the articles a question names are looked up entry by entry."""
        return self.entry.source

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

    def sorted_text(self, k: int) -> str:
        """Phrasing ``k``'s words in sorted order (what a token-sort ratio compares), made once and kept."""
        text = self._sorted.get(k)
        if text is None:
            text = self._sorted[k] = " ".join(sorted(self.text(k).split()))
        return text

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
    def role_issued(self) -> bool:  # says who issued something by their role: "the Prime Minister issued a Directive"
        return bool(self.index.flags[self.i] & ROLE_ISSUED)

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
        # The entries by number: a sequence (``knowledge.compact.Pairs`` reads each from the base when asked).
        self.entries: Sequence[tuple[str, Entry]] = pairs if isinstance(pairs, Sequence) else list(pairs)
        if tables is None:
            from handlers.core.build import Builder  # it builds on this module

            tables = Builder(self.entries, self.tokens, self.lexicon.places).build()
        self.tables = tables
        self._adopt(self.tables)
        ids = self.entries.ids if isinstance(self.entries, Pairs) else [e.id for _, e in self.entries]
        self.ids: Sequence[str] = ids  # entry number -> its id
        self.position: dict[str, int] = {}  # entry id -> its number
        for i, entry_id in enumerate(ids):
            self.position.setdefault(entry_id, i)
        self._related: dict[tuple[str, str], bool] = {}  # the answer for a pair never changes
        self._docs: dict[int, Doc] = {}
        # the entries that say who wrote an article, with the tokens of the author's name and titles but the most
        # common ("nguyen", "prof", "dr": one of the others names the author); ``Engine`` sets them
        self.bylines: dict[int, frozenset[str]] = {}

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
        # the countries no entry names ("malaysia"), named in a word of their own (not "uk", "us": chat words too)
        self.foreign = frozenset(
            c for c in self.lexicon.countries if " " not in c and len(c) > 2 and self.known(c) is None
        )
        self.as_of = dt.date.today().year  # the year of the newest article (``Engine`` sets it): later ones are to come
        self.alone = frozenset(w for names in self.people for name in names if len(name) == 1 for w in name)
        self.named_people = frozenset(w for names in self.people for name in names for w in name)
        self.common = t.common  # posting lists longer than this do not nominate candidates
        self.field_weights = np.array([self.tuning.text_weight, self.tuning.key_weight])

    def __len__(self) -> int:
        return len(self.entries)

    def _vented(self, plain: str) -> bool:
        """A message that tells how the member feels and asks nothing (``query.venting``), its rest naming at most
        one word the base knows and no number ("i'm so cooked for this policy seminar"; not "im dead, samsung exports
        2017")."""
        rest = q.venting(plain)
        if rest is None or re.search(r"\d", rest):  # "we are doomed, gist of 001": an article, a figure
            return False
        known = {t for t in self.tokens(rest) if t in self.word_id and t not in self.lexicon.generic}
        return len(known) <= 1

    def tokens(self, text: str) -> list[str]:
        """This base's tokens of ``text``: folded, stemmed, synonyms applied."""
        return tokens(text, self.synonyms)

    def word_list(self, words: str) -> tuple[str, ...]:
        """This base's tokens of one of scoring's fixed word lists (``EVENTS``, ``BODIES``), made once, not for every
        entry weighed."""
        found = self._word_lists.get(words)
        if found is None:
            found = self._word_lists[words] = tuple(self.tokens(words))
        return found

    @cached_property
    def _word_lists(self) -> dict[str, tuple[str, ...]]:
        return {}

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

    @cached_property
    def position(self) -> dict[str, int]:
        """Entry id -> its number: made on first use (the which-articles reading), not at start."""
        return {entry_id: i for i, entry_id in enumerate(self.ids)}

    def doc(self, i: int) -> Doc:
        doc = self._docs.get(i)
        if doc is None:
            if len(self._docs) > 20_000:  # bounded: decoded entries are a cache, not a copy of the base
                self._docs.clear()
            doc = self._docs[i] = Doc(KINDS[self.kinds[i]], self, i)
        return doc

    @cached_property
    def _typos(self) -> Typos:
        # In the order the words first appear in the base: on a tie, the first one wins.
        words = [self.words[w] for w in self.arrays["typo_order"].tolist()]
        return Typos(words, self.synonyms, self.tuning.typo_cutoff)

    # ----- questions -----------------------------------------------------------------------------------------

    def analyse(self, text: str) -> q.Query:
        """``text`` (cleaned: the engine cleans what it is given once) as a Query against this index."""
        text = q.took_place(q.spelled_dates(text))
        every = self.tokens(text)
        plain = q.plain(text)  # as the question-reading patterns read it
        if cited := q.cited(plain) | {t for t in every if q.padded(t)}:  # "article 2": a name, no word to match
            every = [t for t in every if t not in cited]
        toks = tuple(dict.fromkeys(every))[: self.tuning.max_tokens]
        entities = self.entities.intersection(toks)
        said = f" {' '.join(every)} "
        places = frozenset(p for p in self.lexicon.places if f" {p} " in said) | q.home(plain)
        in_places = frozenset(w for p in places for w in p.split())
        persons = self.named_people.union(*self.bylines.values())  # the authors' names too ("HUONG oi")
        named = q.named(entities, plain, self.alone, in_places, text, persons)
        if lone := entities - named:  # "theo hướng nào": the word, not Dinh Thu Huong
            toks, entities = tuple(t for t in toks if t not in lone), named
        terms = tuple(self._term(tok) for tok in toks)
        folded = " ".join(t.token for t in terms)
        held = set(toks)
        people = tuple(
            tuple(names) for names in self.people if any(self._calls(name, held, plain, in_places) for name in names)
        )
        foreign = self.foreign.intersection(toks)
        typed = set(tokens(text)) if people or foreign else set()  # the words as typed, no synonym applied
        described = frozenset(  # a person named only by what they are ("the unido guy"): their name is not given
            w for names in people if not any(name <= typed for name in names) for name in names for w in name
        )
        numbers = frozenset(tok for tok in toks if tok[0].isdigit() and not tok.endswith(".0"))
        if numbers:
            policies = {n for n in q.policy_numbers(plain) if self.known(n) is not None}  # "resolution 57", not 75
            numbers -= q.date_parts(plain) | q.counted(plain) | policies
        asks = q.asks(text)
        checked = q.CHECKS.search(plain) is not None  # a guess checked ("right?"), read once for the four below
        checks = q.checks(text, numbers, checked)
        # ... unless a member checks a guess ("samsung is japanese right?") or offers a choice ("germany or japan?")
        choice = any(self._places_in(m.groups(), places) for m in q.CHOICE.finditer(plain))
        if foreign and not checked and not choice:
            entities |= foreign.intersection(typed)  # "is samsung japanese": a guess
        if people and (
            q.IDENTITY.search(q.unthings(plain))  # "talk đó tên gì": its name, not a person's
            or q.gender(plain)
            or q.ROLE_ASKED.search(plain)
            or (checked and q.ROLE.search(plain) and not q.PROPOSED.search(plain))
        ):
            asks = asks - {"who"} | {"identity"}  # "who is Santiago": who he is, not a detail about him
        origin = q.ORIGIN.search(plain)
        workplace = q.WORKPLACE.search(plain) and not q.STANCE.search(plain)  # "i need his position": his view
        if (origin or workplace) and (people or any(not a.isdisjoint(toks) for a in self.bylines.values())):
            # of a speaker or an author: where they come from, where they work ("where is kim bui from", "where
            # does prof nguyen mai work"); no entry says the first of anyone, the second only with a body named
            asks = asks | ({"origin"} if origin else set()) | ({"workplace"} if workplace else set())
        return q.Query.of(
            meant=q.MEANT if q.AI_SPELLED in plain else frozenset(),
            text=text,
            tokens=toks,
            terms=terms,
            asks=asks,
            numbers=numbers,
            people=people,
            described=described,
            entities=entities,
            names=frozenset(self.names.get(" ".join(toks), ())) | frozenset(self.names.get(folded, ())),
            places=places,
            choice=choice,
            chatter=(
                self.lexicon.is_chatter(text) or bool(q.SOCIAL.search(plain)) or q.laughing(plain) or q.shared(plain)
            ),
            off_topic=self._off_topic(text),
            opinion=q.opining(plain) or self._vented(plain),
            checks=checks,
            checked=checked,
            # read only beside a word the base never uses: only there does a guess change how it is weighed
            guess=checked and any(t.similarity == 0 for t in terms),
            part="number" in asks and q.part(plain),  # only a figure asked is asked of a part
            dated=q.dated_policies(plain, asks),
            event_place=(
                "place" in asks and not set(self.word_list(q.EVENTS)).isdisjoint(toks) and q.event_place(plain)
            ),
            of_author=bool(
                people
                or asks & q.OF_AUTHOR
                or q.AUTHORISH.search(plain)
                or (checks and any(map(q.YEAR.match, numbers)))  # "it's from 2024 right?"
            ),
        )

    def _places_in(self, words: tuple[str, ...], places: frozenset[str]) -> bool:
        """Whether either word beside an "or" is (the last word of) a place the question names."""
        return any(tok in places or any(p.endswith(f" {tok}") for p in places) for w in words for tok in self.tokens(w))

    @staticmethod
    def _calls(name: frozenset[str], held: set[str], plain: str, places: frozenset[str]) -> bool:
        """Whether a question (its tokens ``held``, and ``plain``) names a person by ``name``: all its words, and a
        name of one word as a name (``query.called``: "dr ha", not "3 lần hả")."""
        if not name <= held:
            return False
        return len(name) > 1 or q.called(next(iter(name)), plain, places)

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

    def _off_topic(self, text: str) -> bool:
        """Whether ``text`` names something the articles never cover, in every part of it that asks: "is duong's
        proposal a direct quote? how do i cite it" still asks about the base."""
        if not self._strange(text):
            return False
        parts = [p for p, end in q.pieces(text) if "?" in end or q.ASKING.search(q.plain(p))]
        return len(parts) < 2 or all(self._strange(p) for p in parts)

    def _strange(self, text: str) -> bool:
        """Whether ``text`` names what the lexicon lists as off topic, asks how a technology works, or asks for a
        translation."""
        plain = q.plain(text)
        return self.lexicon.is_off_topic(text) or bool(q.HOW_IT_WORKS.search(plain) or q.TRANSLATE.search(plain))

    def related(self, a: Entry, b: Entry) -> bool:
        """Two entries of one article that are asked for in mostly the same words: either answers."""
        if a.source != b.source:
            return False
        pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        if pair not in self._related:
            if len(self._related) > 100_000:  # bounded: a long-running bot sees many pairs
                self._related.clear()
            da, db = self.doc(self.position[a.id]), self.doc(self.position[b.id])
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
        self.countries = frozenset(p for p in (" ".join(tokenize(c)) for c in lexicon.countries) if p)
        self.chatter = frozenset(word for phrase in lexicon.chatter for word in TOKEN.findall(fold(phrase)))
        self.generic = frozenset(tok for word in lexicon.generic for tok in tokenize(word))
        self.measures = tuple(frozenset(t for word in group for t in tokenize(word)) for group in lexicon.measures)
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
