"""Free-text matching: which entry, if any, a question asks for.

Each entry is indexed by its tokens (folded for case and Vietnamese diacritics, lightly stemmed) with a
weight by field: its questions, aliases, names and keywords count fully, its body text less. A query scores
an entry on three signals, all weighted by inverse document frequency so that words found everywhere
(industry, Vietnam, technology) carry little:

- coverage: how much of the query the entry explains;
- fit: the best F1 between the query and one of the entry's phrasings (a question, an alias, a name);
- phrase: rapidfuzz's token_sort_ratio against that phrasing, for word order and typos.

Query words unknown to the base are matched to the vocabulary by edit distance (typos) or, failing that,
count against every entry. Work is bounded: the query is cut to ``MAX_TOKENS`` tokens, candidates come from
an inverted index, and only the best ``RERANK`` are scored by phrase.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.models import Comparison, Entry, Fact, Knowledge, Policy, Quote
from knowledge.text import fold

MAX_CHARS = 2_000
MAX_TOKENS = 40
RERANK = 40
TYPO_CUTOFF = 85.0  # rapidfuzz ratio for a query word to stand for a known word
UNKNOWN_IDF = 2.2  # weight of a query word the base does not know at all
RELATED = 0.5  # share of key-word weight two entries must share to count as answering the same thing

_TOKEN = re.compile(r"[a-z0-9]+(?:[.&][a-z0-9]+)*")

STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be been before being both but by can could
    did do does doing done during each either else ever for from further get gets got had has have having he
    her here hers him his how i if in into is it its itself just kind know let like me mean more most much
    my no nor not now of off on once only or other our out over own per please same she should
    so some such tell than that the their them then there these they this those through to too under until
    up us very was we were what whats when where which while who whom whose why will with would you your
    yours hi hello hey thanks thank ok okay lol yes yeah yep nope bot guys everyone anyone someone something
    explain describe give show list info information details detail anything thing things really
    good morning night tonight today pls plz tbh btw lmao idk want wanna gonna got gotta guess maybe
    many lot lots exactly actually basically currently now still ever already one ones
    """.split()
)


_IRREGULAR = {"said": "say", "says": "say", "saying": "say", "quote": "say", "quotes": "say", "quoted": "say"}
_THOUSANDS = re.compile(r"(\d),(\d{3})\b")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTHS = frozenset(_MONTH_NAMES.split("|"))
_HOW_MUCH = re.compile(
    r"\bhow (much|many)\b|\bwhat(?:'s| is| was|s)? the (number|amount|size|budget|value|total)\b"
    r"|\bwhat (?:%|percent|percentage|share|proportion|fraction)"
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_MONTH_NEAR = re.compile(rf"(?:{_MONTH_NAMES})\s*$")  # "May 6"
_MONTH_AFTER = re.compile(rf"^(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_MONTH_NAMES})\b")  # "6 May", "12-13 July"
_WHEN = re.compile(r"\bwhen\b|\b(what|which) (year|date|day|month)\b|\bsince when\b")
_NOW_OR_NEXT = re.compile(r"\b(current|incumbent|next|upcoming|latest)\b")
_WHO_ISSUED = re.compile(r"\bwho (issued|signed|adopted|passed|approved|wrote|drafted)\b")


@lru_cache(maxsize=65_536)
def stem(token: str) -> str:
    """A light, consistent suffix stripper (the same on both sides is what matters)."""
    if token in _IRREGULAR:
        return _IRREGULAR[token]
    if token[0].isdigit():
        return token
    if len(token) > 5 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 6 and token.endswith("ing"):
        return token[:-3]
    if len(token) > 5 and token.endswith("ed"):
        return token[:-2]
    if len(token) > 4 and token.endswith("es") and token[-3] in "sxz":
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


class Synonyms:
    """Words members type for the words the base uses ("vn" for Vietnam): each group folds to its first."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._to: dict[str, str] = {}
        for group in groups:
            words = [" ".join(_TOKEN.findall(fold(w))) for w in group]
            for word in words[1:]:
                if word and word != words[0]:
                    self._to[word] = words[0]
        alternatives = sorted(self._to, key=len, reverse=True)
        body = "|".join(re.escape(w) for w in alternatives)
        self._pattern = re.compile(rf"(?<![\w.&])(?:{body})(?![\w&]|\.\w)") if alternatives else None

    def single_words(self) -> list[tuple[str, str]]:
        """(word, the base's word) for one-word synonyms, stemmed as tokens are."""
        return [(w, stem(c)) for w, c in self._to.items() if " " not in w and " " not in c]

    def apply(self, folded: str) -> str:
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self._to[m.group(0)], folded)


NO_SYNONYMS = Synonyms()


def tokens(text: str, synonyms: Synonyms = NO_SYNONYMS) -> list[str]:
    """Folded, stemmed content tokens of ``text``, in order, stopwords dropped."""
    return list(_tokens(text[:MAX_CHARS], synonyms))


@lru_cache(maxsize=32_768)
def _tokens(text: str, synonyms: Synonyms) -> tuple[str, ...]:
    out = []
    text = fold(text)
    if "," in text:
        text = _THOUSANDS.sub(r"\1\2", text)
    text = text.replace("'s ", " ")
    text = " ".join(_TOKEN.findall(text))
    previous = ""
    for raw in synonyms.apply(text).split():
        if raw in _VERSIONS and previous in _VERSIONED:
            raw += ".0"  # "industry 4" is Industry 4.0; "2 trillion" stays 2
        previous = raw
        if raw in STOPWORDS:
            continue
        out.append(stem(raw))
    return tuple(out)


_VERSIONS = frozenset({"2", "3", "4", "5"})
_VERSIONED = frozenset({"industry", "revolution", "cmcn", "version", "i"})


@dataclass(frozen=True)
class Hit:
    kind: str
    entry: Entry
    score: float
    coverage: float
    fit: float
    info: float  # the matched query words' total weight: common words alone carry little
    exact: bool  # the query is one of the entry's names or aliases


@dataclass(slots=True)
class _Phrasing:
    tokens: frozenset[str]
    text: str  # folded, for rapidfuzz
    mass: float = 0.0  # the tokens' total weight, set once the base's word weights are known


@dataclass(frozen=True)
class _Doc:
    kind: str
    entry: Entry
    phrasings: tuple[_Phrasing, ...]
    keys: frozenset[str]  # tokens of the entry's questions, names and keywords
    where: dict[str, tuple[int, ...]]  # token -> the phrasings that hold it
    numbers: frozenset[str]  # every number the entry mentions anywhere
    answer_numbers: frozenset[str]  # quantities in what the entry says: no years, days or version numbers
    has_date: bool  # what it says holds a year, a month or an issue date
    has_issuer: bool  # False for a policy whose issuer the article does not name
    says_now: bool  # what it says speaks of something current, next or upcoming


# On a tie, the richer card wins: a comparison or policy over a fact that repeats one of its points.
KIND_RANK = {"comparisons": 3, "policies": 2, "quotes": 1, "facts": 0}

# Field weights: what an entry is *asked as* counts more than what it *says*.
KEY_WEIGHT = 1.0
TEXT_WEIGHT = 0.6
# How the three signals combine into a score.
W_COVERAGE = 0.45
W_FIT = 0.4


def _key_texts(entry: Entry) -> list[str]:
    """Phrasings a member would use to ask for the entry."""
    out = [*entry.questions, *getattr(entry, "aliases", ())]
    if isinstance(entry, Policy):
        out.append(entry.name)
    elif isinstance(entry, Quote):
        out += [entry.speaker, *entry.speaker_aliases]
        out += [f"{name} said" for name in (entry.speaker, *entry.speaker_aliases)]
    elif isinstance(entry, Comparison):
        out.append(entry.title)
        out += [f"{a.name} vs {b.name}" for i, a in enumerate(entry.sides) for b in entry.sides[i + 1 :]]
    return out


def _names(entry: Entry) -> list[str]:
    """Names that identify the entry on their own (an exact hit answers)."""
    names = list(getattr(entry, "aliases", ()))
    if isinstance(entry, Policy):
        names.append(entry.name)
    elif isinstance(entry, Comparison):
        names.append(entry.title)
    return names


def _where(phrasings: list[_Phrasing]) -> dict[str, tuple[int, ...]]:
    where: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(phrasings):
        for tok in p.tokens:
            where[tok].append(k)
    return {tok: tuple(ks) for tok, ks in where.items()}


def _answer_texts(entry: Entry) -> list[str]:
    """What the entry says, as a reply shows it."""
    if isinstance(entry, Fact | Quote):
        return [entry.text]
    if isinstance(entry, Policy):
        return [entry.summary, *(p.text for p in entry.points), str(entry.issued or "")]
    if isinstance(entry, Comparison):
        return [v for row in entry.rows for v in row.values]
    return []


def _body_texts(entry: Entry) -> list[str]:
    """Everything else the entry holds: what it says, plus its keywords, topics and labels."""
    out: list[str] = [*entry.keywords, *entry.topics, *_answer_texts(entry)]
    if isinstance(entry, Fact):
        out.append(entry.note or "")
    elif isinstance(entry, Quote):
        out += [entry.role, entry.context or ""]
    elif isinstance(entry, Policy):
        out.append(entry.issued_by or "")
    elif isinstance(entry, Comparison):
        out += [s.name for s in entry.sides] + [a for s in entry.sides for a in s.aliases]
        out += [row.aspect for row in entry.rows]
    return out


_TITLES = frozenset({"dr", "mr", "ms", "mrs", "prof", "professor", "sc"})


def _people(entries: Iterable[Entry], tokenize: Callable[[str], list[str]]) -> list[list[frozenset[str]]]:
    """Each speaker's names as token sets ("le thai ha", "santiago"): a question naming one wants that person."""
    people: dict[str, set[frozenset[str]]] = {}
    for entry in entries:
        if isinstance(entry, Quote):
            names = people.setdefault(entry.speaker, set())
            for name in (entry.speaker, *entry.speaker_aliases):
                toks = frozenset(tokenize(name)) - _TITLES
                if toks:
                    names.add(toks)
    return [sorted(names, key=len) for names in people.values()]


def _asks(query: str) -> frozenset[str]:
    """What kind of answer the question wants: a number, a date, an issuer."""
    text = fold(query[:MAX_CHARS])
    wants = set()
    if _HOW_MUCH.search(text):
        wants.add("number")
    if _WHEN.search(text):
        wants.add("date")
    if _WHO_ISSUED.search(text):
        wants.add("issuer")
    if _NOW_OR_NEXT.search(text):
        wants.add("now")  # "the current prime minister", "the next summit": articles from 2017-2025 cannot say
    return frozenset(wants)


DOUBT_WINDOW = 0.1  # entries this close to the best-fitting one may supply the kind of answer asked for
MISMATCH = 0.6  # the score left to an entry that cannot give the kind of answer asked for


_PROPER = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")  # a capitalised word after a lower-case word
_LOWER = re.compile(r"\b[a-z][a-z]+\b")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NAMED_BY_NUMBER = ("industry", "revolution", "resolution", "directive", "decree", "decision", "no.", "no", "law")


def _quantities(text: str) -> frozenset[str]:
    """Numbers that answer "how much / how many": not years (2017), days (6 May) or versions (4.0)."""
    text = _ISO_DATE.sub(" ", fold(text))
    out = set()
    for m in _NUMBER.finditer(text):
        raw, before = m.group(1), text[max(0, m.start() - 12) : m.start()]
        number = raw.replace(",", "")
        if "," not in raw and _YEAR.match(number):
            continue
        if len(number) <= 2 and (_MONTH_NEAR.search(before) or _MONTH_AFTER.match(text[m.end() : m.end() + 20])):
            continue
        if before.rstrip().endswith(_NAMED_BY_NUMBER) or re.search(r"[a-z]-$", before):
            continue  # "Industry 4.0", "Resolution 57", "Covid-19": names, not amounts
        out.add(number)
    return frozenset(out)


def _answer_type_factor(doc: _Doc, asks: frozenset[str], numbers: set[str]) -> float:
    """Penalise an entry that lacks what the question asks: a number it does not give, a year, an issuer."""
    factor = 1.0
    if numbers - doc.numbers:  # "samsung exports 2020": the entry speaks of 2017
        factor *= MISMATCH
    if "number" in asks and not doc.answer_numbers - numbers:
        factor *= MISMATCH
    if "date" in asks and not doc.has_date:
        factor *= MISMATCH
    if "issuer" in asks and not doc.has_issuer:
        factor *= MISMATCH
    if "now" in asks and not doc.says_now:
        factor *= MISMATCH
    return factor


class Matcher:
    """An index over every answerable entry of a knowledge base."""

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        entries: Iterable[tuple[str, Entry]] | None = None,
        unknown_weight: float = UNKNOWN_IDF,
        synonyms: Synonyms | None = None,
    ) -> None:
        self.unknown_weight = unknown_weight
        if synonyms is None:
            synonyms = Synonyms(knowledge.synonyms) if knowledge is not None else NO_SYNONYMS
        self.synonyms = synonyms
        pairs = list(entries if entries is not None else knowledge.entries() if knowledge else ())
        self._docs: list[_Doc] = []
        self._postings: dict[str, dict[int, float]] = defaultdict(dict)
        self._names: dict[str, list[int]] = defaultdict(list)
        for i, (kind, entry) in enumerate(pairs):
            weights: dict[str, float] = {}
            for text in _body_texts(entry):
                for tok in self.tokens(text):
                    weights[tok] = TEXT_WEIGHT
            phrasings = []
            keys: set[str] = set()
            for text in _key_texts(entry):
                toks = self.tokens(text)
                weights.update(dict.fromkeys(toks, KEY_WEIGHT))
                keys.update(toks)
                if toks:
                    phrasings.append(_Phrasing(frozenset(toks), " ".join(toks)))
            for name in _names(entry):
                self._names[" ".join(self.tokens(name)) or fold(name)].append(i)
            for tok, weight in weights.items():
                self._postings[tok][i] = weight
            keys.update(tok for text in entry.keywords for tok in self.tokens(text))
            says = _answer_texts(entry)
            answer = [tok for text in says for tok in self.tokens(text)]
            numbers = {tok for tok in weights if tok[0].isdigit()}
            self._docs.append(
                _Doc(
                    kind,
                    entry,
                    tuple(phrasings),
                    frozenset(keys),
                    where=_where(phrasings),
                    numbers=frozenset(numbers),
                    answer_numbers=_quantities(" ".join(says)),
                    has_date=any(_YEAR.match(tok) or tok in _MONTHS for tok in answer)
                    or bool(getattr(entry, "issued", None)),
                    has_issuer=not isinstance(entry, Policy) or entry.issued_by is not None,
                    says_now=bool(_NOW_OR_NEXT.search(fold(" ".join(says)))),
                )
            )
        self._people = _people((entry for _, entry in pairs), self.tokens)
        self._entities = self._rare_names(entry for _, entry in pairs)
        n = max(len(self._docs), 1)
        self._idf = {tok: math.log(1 + n / len(post)) for tok, post in self._postings.items()}
        for doc in self._docs:
            for p in doc.phrasings:
                p.mass = sum(self._idf[tok] for tok in p.tokens)
        # A typo may be of a known word or of a synonym of one ("recomendations" -> recommendation -> propose).
        self._typo_target = {tok: tok for tok in self._postings}
        for word, canonical in self.synonyms.single_words():
            if canonical in self._postings:
                self._typo_target.setdefault(stem(word), canonical)
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for tok in self._typo_target:
            self._by_initial[tok[0]].append(tok)
        self._typos: dict[str, tuple[str, float] | None] = {}
        self._said: dict[int, frozenset[str]] = {}
        self._related: dict[tuple[int, int], bool] = {}  # the answer for a pair never changes
        self._common = max(8, n // 10)  # posting lists longer than this do not nominate candidates
        self._pos = {id(doc.entry): i for i, doc in enumerate(self._docs)}

    def __len__(self) -> int:
        return len(self._docs)

    def tokens(self, text: str) -> list[str]:
        """This base's tokens of ``text``: folded, stemmed, synonyms applied."""
        return tokens(text, self.synonyms)

    def related(self, a: Entry, b: Entry) -> bool:
        """Two entries of one article that are asked for in mostly the same words: either answers."""
        if a.source != b.source:
            return False
        pair = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
        if pair not in self._related:
            if len(self._related) > 100_000:  # bounded: a long-running bot sees many pairs
                self._related.clear()
            da, db = self._docs[self._pos[id(a)]], self._docs[self._pos[id(b)]]
            self._related[pair] = (
                self._overlap(da.keys, db.keys) >= RELATED or self._overlap(self._says(a), self._says(b)) >= RELATED
            )
        return self._related[pair]

    def _says(self, entry: Entry) -> frozenset[str]:
        key = id(entry)
        if key not in self._said:
            self._said[key] = frozenset(tok for text in _answer_texts(entry) for tok in self.tokens(text))
        return self._said[key]

    def _rare_names(self, entries: Iterable[Entry]) -> frozenset[str]:
        """Tokens of proper nouns (capitalised inside a sentence) that few entries use: Toyota, Thailand, Korea."""
        capitalised: set[str] = set()
        lower: set[str] = set()
        for entry in entries:
            for text in _answer_texts(entry):
                capitalised.update(tok for word in _PROPER.findall(text) for tok in self.tokens(word))
                lower.update(tok for word in _LOWER.findall(text) for tok in self.tokens(word))
        limit = max(3, len(self._docs) // 20)
        return frozenset(
            tok
            for tok in capitalised - lower
            if len(tok) > 2 and len(self._postings.get(tok, ())) <= limit and tok.isalpha()
        )

    def _mentions(self, i: int, name: frozenset[str]) -> bool:
        return all(i in self._postings.get(tok, ()) for tok in name)

    def _overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        smaller = min(sum(map(self.idf, a)), sum(map(self.idf, b)))
        return sum(map(self.idf, a & b)) / smaller if smaller > 0 else 0.0

    def idf(self, token: str) -> float:
        return self._idf.get(token, self.unknown_weight)

    def _typo(self, token: str) -> tuple[str, float] | None:
        """The known word ``token`` is a typo of, with its similarity; words sharing its first letter only."""
        if token in self._typos:
            return self._typos[token]
        best = process.extractOne(
            token, self._by_initial.get(token[0], ()), scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        found = (self._typo_target[best[0]], best[1] / 100) if best is not None else None
        if len(self._typos) < 50_000:
            self._typos[token] = found
        return found

    def _resolve(self, toks: list[str]) -> list[tuple[str, float, float]]:
        """Each query token as (known token, similarity, weight); unknown ones keep their own form."""
        out = []
        for tok in toks:
            if tok in self._idf:
                out.append((tok, 1.0, self._idf[tok]))
                continue
            known = self._typo(tok) if len(tok) >= 4 and not tok[0].isdigit() else None
            if known is not None:
                out.append((known[0], known[1], self._idf[known[0]]))
                continue
            out.append((tok, 0.0, self.unknown_weight))
        return out

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """The best entries for ``query``, best first; empty when nothing in it is known."""
        toks = list(dict.fromkeys(self.tokens(query)))[:MAX_TOKENS]
        if not toks or not self._docs:
            return []
        resolved = self._resolve(toks)
        total = sum(weight for _, _, weight in resolved)
        scores: dict[int, float] = defaultdict(float)
        ordered = sorted((r for r in resolved if r[1] > 0), key=lambda r: len(self._postings[r[0]]))
        for n, (tok, sim, weight) in enumerate(ordered):
            posting = self._postings[tok]
            if n == 0 or len(posting) <= self._common:
                for i, field_weight in posting.items():
                    scores[i] += weight * sim * field_weight
            else:  # a common word adds to the candidates it finds, and nominates none
                for i in scores:
                    if i in posting:
                        scores[i] += weight * sim * posting[i]
        if not scores:
            return []
        candidates = sorted(scores, key=scores.__getitem__, reverse=True)[:RERANK]
        qset = {tok: (sim, weight) for tok, sim, weight in resolved if sim > 0}
        qtext = " ".join(tok for tok, _, _ in resolved)
        name_hits = set(self._names.get(" ".join(toks), ())) | set(self._names.get(qtext, ()))
        asks = _asks(query)
        numbers = {tok for tok in toks if tok[0].isdigit() and not tok.endswith(".0")}
        people = [names for names in self._people if any(name <= set(toks) for name in names)]
        entities = self._entities.intersection(toks)
        # Score every candidate on its words, then check it can give the kind of answer asked for.
        scored = []
        for i in candidates:
            doc = self._docs[i]
            coverage = scores[i] / total
            fit, phrase = self._fit(doc, qset, total, qtext)
            base = W_COVERAGE * coverage + W_FIT * fit + (1 - W_COVERAGE - W_FIT) * phrase
            factor = _answer_type_factor(doc, asks, numbers)
            if any(not any(self._mentions(i, name) for name in names) for names in people):
                factor *= MISMATCH  # the question names a person this entry does not mention
            if any(i not in self._postings[tok] for tok in entities):
                factor *= MISMATCH  # ... or a company, country or body ("toyota's net zero year")
            scored.append((i, coverage, fit, base, factor))
        # When the entry that fits the words best cannot give that kind of answer ("who issued resolution 57"),
        # the base most likely has none: every candidate loses confidence. So does one known word beside
        # words the base has never seen ("center a div").
        best = max(c[3] for c in scored)
        fits = any(c[4] == 1 for c in scored if c[3] >= best - DOUBT_WINDOW or c[0] in name_hits)
        known = sum(sim > 0 for _, sim, _ in resolved)
        # One word alone answers only as an entry's name ("ccus", "samsung"), not as any word ("study", "games").
        lone = len(resolved) == 1 and known == 1 and not name_hits
        doubt = MISMATCH if not fits or (known == 1 and len(resolved) > 1) or lone else 1.0
        hits = []
        for i, coverage, fit, base, factor in scored:
            exact = i in name_hits and factor == 1 and doubt == 1
            score = 1.0 if exact else base * factor * doubt
            doc = self._docs[i]
            hits.append(Hit(doc.kind, doc.entry, score, coverage, fit, scores[i], exact))
        hits.sort(key=lambda h: (h.exact, round(h.score, 3), KIND_RANK[h.kind]), reverse=True)
        return hits[:limit]

    def _fit(self, doc: _Doc, qset: dict[str, tuple[float, float]], total: float, qtext: str) -> tuple[float, float]:
        """The best F1 of the query against one phrasing of the entry, and that phrasing's word-order match."""
        shared: dict[int, float] = defaultdict(float)
        for tok, (sim, weight) in qset.items():
            for k in doc.where.get(tok, ()):
                shared[k] += sim * weight
        best_fit, best = 0.0, None
        for k, both in shared.items():
            precision, recall = both / total, both / doc.phrasings[k].mass
            f1 = 2 * precision * recall / (precision + recall)
            if f1 > best_fit:
                best_fit, best = f1, doc.phrasings[k]
        best_phrase = fuzz.token_sort_ratio(qtext, best.text) / 100 if best else 0.0
        return best_fit, best_phrase
