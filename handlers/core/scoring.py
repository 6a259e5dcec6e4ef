"""Scoring: a query and an index in, hits out, best first.

An entry scores on three signals, all weighted by the words' inverse document frequency:

- coverage: how much of the question the entry explains;
- fit: the best F1 between the question and one of the entry's phrasings (a question, an alias, a name);
- phrase: rapidfuzz's token_sort_ratio against that phrasing, for word order and typos.

Then it is checked against what the question asks for: a number it does not give, a date, an issuer, a person
or a rare name it never mentions each cost ``Matching.mismatch``. When the entry that fits the words best cannot
give that kind of answer, the base most likely has none, and every candidate loses confidence. Work is bounded:
candidates come from the postings of the question's rarer words (numpy arrays, no Python loop over a posting
list), and only ``Matching.rerank`` are scored in full.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from handlers.core.index import Doc, Index
from handlers.core.query import BODIES, DETAIL, EVENTS, YEAR, Query, Term, syllable, year_checked
from knowledge.models import Entry
from knowledge.text import fold

Usual = Callable[[str], frozenset[str]]  # an entry's id -> the words members use when they ask for it

# On a tie, the richer card wins: a comparison or policy over a fact that repeats one of its points.
KIND_RANK = {"comparisons": 3, "policies": 2, "quotes": 1, "facts": 0}


@dataclass(frozen=True)
class Hit:
    kind: str
    entry: Entry
    score: float
    coverage: float
    fit: float
    info: float  # the matched question words' total weight: common words alone carry little
    exact: bool  # the question is one of the entry's names or aliases
    lacks: frozenset[str] = frozenset()  # kinds of answer asked for that this entry does not give
    raw: float = 0.0  # the score before those were counted against it
    missing: tuple[str, ...] = ()  # the question's words for a detail this entry does not mention
    relevant: bool = False  # matched on a word few entries use, and on two words unless the question has one


_TIE = 0.001  # scores are ranked rounded to this: an entry left out must fall short by more, before doubt


def search(
    query: Query,
    index: Index,
    limit: int = 5,
    usual: Usual | None = None,
    keep: Callable[[int], bool] | None = None,
    *,
    always: Sequence[int] = (),
) -> list[Hit]:
    """The best entries for ``query``, best first; empty when nothing in it is known. ``keep``: which entries (by
    position) may be returned; the others are still weighed where they bear on the doubt about the kept.
    ``always``: entries (by position) weighed whatever their words' commonness, when they hold any of them (the
    few entries of one part of an article, under many others that hold its common words).

    ``usual``: the words members use when they ask for an entry (its id), learned from examples
    (``Ranker.usual``): they count towards the entry's coverage as its own words do, and none of them is a
    detail the entry lacks. They never nominate an entry: only the entries' own words do."""
    if not query.terms or not len(index):
        return []
    sums = _candidates(query, index, always)
    if not sums:
        return []
    tuning = index.tuning
    candidates = list(sums)[: tuning.rerank + len(always)]  # best first already; those always weighed after
    holds = _Holders(index, candidates)
    total = query.mass
    scored = []
    # the words members use for an entry count as its own ("run themselves" for automation); not a name it never
    # mentions, nor "AI"
    if usual and (terms := [t for t in query.terms if t.token not in query.entities and t.token not in query.meant]):
        held_by = [(t.token, t.weight, holds(t.token)) for t in terms]  # every term's holders are read below anyway
        tokens = {token for token, _, _ in held_by}
        for i in candidates:
            words = usual(index.ids[i])
            if not words.isdisjoint(tokens):
                added = 0  # summed in the terms' order, as ``sum`` would
                for token, weight, holders in held_by:
                    if token in words and i not in holders:
                        added += weight
                sums[i] += added
    # Scored in full from the highest bound down (an entry's own name before all), until no entry left could reach
    # the ``limit`` best nor come within ``doubt_window`` of the best. The bound: its coverage, the best fit one of
    # its phrasings could have (an F1 whose precision is at most the share of the question's words it holds), and
    # a perfect word order.
    w_phrase = 1 - tuning.w_coverage - tuning.w_fit
    held = dict.fromkeys(candidates, 0.0)
    for t in query.distinct:
        for i in holds(t.token):
            held[i] += t.similarity * t.weight / total
    bounds = {
        i: tuning.w_coverage * (sums[i] / total) + tuning.w_fit * min(1.0, 2 * h / (h + 1)) + max(0.0, w_phrase)
        for i, h in held.items()
    }
    words = [(index.word_id.get(t.token, -1), t.similarity * t.weight) for t in query.distinct]
    asked = " ".join(sorted(query.folded.split()))  # as a token-sort ratio reads it, once
    tie = _TIE / min(1.0, tuning.mismatch)  # doubt may scale every score by ``mismatch`` before they are rounded
    kept: list[float] = []  # a heap of the ``limit`` best scores before doubt
    best = floor = -1.0
    for i in sorted(candidates, key=lambda i: (i not in query.names, -bounds[i])):
        if i not in query.names and bounds[i] < floor - tie:
            break
        kept_one = keep is None or keep(i)
        if not kept_one and i not in query.names and bounds[i] < best - tuning.doubt_window - tie:
            continue  # never returned, and too far below the best to bear on the doubt
        doc = index.doc(i)
        fit, phrase = _fit(doc, total, words, asked)
        base = tuning.w_coverage * (sums[i] / total) + tuning.w_fit * fit + w_phrase * phrase
        missing = _missing(i, query, index, holds, usual) if query.asks & DETAIL else ()
        lacks = _lacks(doc, i, query, holds) + (["detail"] if missing else [])
        scored.append((i, fit, base, lacks, missing))
        best = max(best, base)
        if kept_one:
            heapq.heappush(kept, base * tuning.mismatch ** len(lacks))
            if len(kept) > limit:
                heapq.heappop(kept)
        floor = min(best - tuning.doubt_window, kept[0] if len(kept) == limit else -1.0)
    position = {i: k for k, i in enumerate(candidates)}
    scored.sort(key=lambda c: position[c[0]])  # ties are ranked in the order the candidates were found
    fits = any(not c[3] for c in scored if c[2] >= best - tuning.doubt_window or c[0] in query.names)
    known = len(query.known)
    # One known word beside words the base has never seen ("center a div") is doubtful, and so is a question
    # mostly of such words ("what did elon musk say about industry 4.0"); one word alone answers only as an
    # entry's name ("ccus", "samsung"), not as any word ("study", "games").
    lone = len(query.terms) == 1 and known == 1 and not query.names and not query.asks
    # ... but for the word or two of a guess to be checked ("the summit was in hcmc right", "santiago is from unesco
    # yeah?"): the member's, for the entry to correct (not many: "mai họp nhóm lúc 8h hay 9h, mình phải đón con")
    unseen = [t for t in query.terms if t.similarity == 0]
    guessed = query.guess and len(unseen) <= 2
    unseen = [] if guessed else unseen
    strange = sum(t.weight for t in unseen) > tuning.strange_share * total
    # ... and for a word naming no detail of its own ("when was the summit, which days": "day" is no word of the
    # base, and no topic either; "samsung stuff")
    beside = any(t.token not in index.lexicon.generic for t in unseen)
    doubt = tuning.mismatch if not fits or (known == 1 and beside) or lone or strange else 1.0
    ranked = []
    for i, fit, base, lacks, missing in scored:
        if keep is not None and not keep(i):
            continue
        exact = i in query.names and not lacks and doubt == 1
        score = 1.0 if exact else base * tuning.mismatch ** len(lacks) * doubt
        kind = index.doc(i).kind
        ranked.append(((exact, round(score, 3), KIND_RANK[kind]), i, kind, score, fit, base, exact, lacks, missing))
    ranked.sort(key=lambda r: r[0], reverse=True)
    hits = []
    # One word the question is about, beside words that are no topic: a word the base never uses that names no
    # detail of its own ("when was the summit, which days"; not "what time is it in hanoi": the base uses "time"),
    # and a guess's words and tags ("the summit was in hcmc right").
    generic = index.lexicon.generic

    def topic(t: Term) -> bool:
        return t.token not in generic and (t.similarity > 0 or not guessed)

    alone = sum(map(topic, query.terms)) == 1
    places = {w for place in query.places for w in place.split()}
    # two common words held together by few entries name one thing ("nhân lực", human resources), unless the
    # question names something else the base never does ("government support for students"; a Vietnamese syllable
    # the base lacks is most often a function word: "ông ấy khuyên vn thể chế hoá cách tiếp cận nào")
    together = not any(t.similarity == 0 and t.token not in generic and not syllable(t.token) for t in query.terms)
    for _, i, kind, score, fit, base, exact, lacks, missing in ranked[:limit]:  # only these: what the hits say
        shared = [t for t in query.distinct if i in holds(t.token)]
        # a person described ("the unido guy") is one person, however many entries name them
        few = [t for t in shared if index.frequency(t.token) <= index.common or t.token in query.described]
        content = [t.token for t in shared if t.token not in generic]
        rare = bool(few) or (together and _rare_together(index, content))
        # ... and the one word asked about must be the rare one ("unido location": not the entry saying "location"),
        # and no place ("went to hanoi last year": the summit was held there, and is not asked about)
        one = alone and any(t.token in content and t.token not in places for t in few)
        relevant = rare and (len(shared) >= 2 or len(query.terms) == 1 or one)
        # Only the hits returned read their entry (a large base keeps its entries as JSON: each read decodes one).
        entry = index.doc(i).entry
        hits.append(
            Hit(
                kind,
                entry,
                score,
                sums[i] / total,
                fit,
                sums[i],
                exact,
                frozenset(lacks),
                base * doubt,
                missing,
                relevant,
            )
        )
    return hits


def _rare_together(index: Index, words: list[str]) -> bool:
    """Whether two or more words, each used by many entries, are used together by few ("nhân lực", human resources:
    each word is common, the two together name one challenge)."""
    if len(words) < 2:
        return False
    postings = sorted((index.posting(word)[0] for word in words), key=len)
    docs = postings[0]  # the rarest word's entries, kept while each other word's (ascending) holds them
    for other in postings[1:]:
        at = np.searchsorted(other, docs)
        found = at < len(other)
        found[found] = other[at[found]] == docs[found]
        docs = docs[found]
        if len(docs) <= index.common:
            return True
    return False


class _Holders:
    """Which of the candidates hold a word: one vectorised look-up per word and question."""

    def __init__(self, index: Index, candidates: list[int]) -> None:
        self.index = index
        self.docs = np.array(sorted(candidates), np.int32)
        self.seen: dict[str, set[int]] = {}

    def __call__(self, token: str) -> set[int]:
        found = self.seen.get(token)
        if found is None:
            found = self.seen[token] = self.index.holders(token, self.docs)
        return found


def _candidates(query: Query, index: Index, always: Sequence[int] = ()) -> dict[int, float]:
    """The ``Matching.rerank`` entries the question's known words nominate, best first, with the weight of the
    words they hold.

    Words nominate rarest first: the rarest however common it is, the others when their posting lists are no
    longer than ``index.common`` or while fewer than ``rerank`` entries are nominated (one rare word of a long
    question, "main" in "automation strategy ... main points", must not leave out the entries its other words
    name); past that, a common word adds to the candidates found, nominating none. The sums are
    accumulated word by word over numpy arrays (no Python loop over a posting list), and ties keep the order in
    which the entries were nominated.
    """
    n = len(index)
    known = sorted(query.known, key=lambda t: index.frequency(t.token))
    if not known:
        return {}
    sums = np.zeros(n, np.float64)
    order = np.full(n, np.iinfo(np.int64).max, np.int64)  # when an entry was first nominated
    nominated = np.zeros(n, bool)
    count, rerank = 0, index.tuning.rerank
    kept = np.asarray(always, np.int64)
    if len(kept):  # every word adds to them; they stay candidates if any does
        nominated[kept] = True
    for rank, term in enumerate(known):
        docs, weights = index.posting(term.token)
        values = term.weight * term.similarity * weights
        if rank == 0 or len(docs) <= index.common or count < rerank:
            sums[docs] += values
            fresh = docs[~nominated[docs]]
            order[fresh] = rank * n + fresh
            nominated[docs] = True
            count += len(fresh)
        else:
            held = nominated[docs]
            sums[docs[held]] += values[held]
    found = np.flatnonzero(nominated)
    if len(found) > rerank:  # only the best ``rerank`` matter: cut before sorting
        floor = np.partition(sums[found], len(found) - rerank)[len(found) - rerank]
        found = found[sums[found] >= floor]
    best = found[np.lexsort((order[found], -sums[found]))][:rerank]
    if len(kept):
        nominated[kept] = sums[kept] > 0
        extra = kept[nominated[kept] & ~np.isin(kept, best)]
        best = np.concatenate((best[sums[best] > 0], extra))
    return dict(zip(best.tolist(), sums[best].tolist(), strict=True))


_BELOW = "behind below trailing trails"  # what puts someone under another in a ranking ("vn trails singapore")
_WORLD = "global worldwide"  # not "world": "experts from around the world" came to a summit in Vietnam


def _elsewhere(doc: Doc, i: int, query: Query, holds: Callable[[str], set[int]]) -> bool:
    """A figure or date asked of a country ("how much did Vietnam itself invest") against an entry whose figure is
    the world's or another country's: it never names that country, and is global or names another."""
    if not query.asks & {"number", "date"}:
        return False
    countries = doc.index.lexicon.countries
    asked = query.places & countries
    if not asked or asked & doc.places:
        return False
    return bool(doc.places & countries) or any(i in holds(word) for word in doc.index.word_list(_WORLD))


_AREAS = "region regions locality localities province provinces"  # the lexicon's places that name no one place


def _measures_other(doc: Doc, query: Query) -> bool:
    """A figure asked of one quantity (the lexicon's ``measures``: "how much did samsung invest") against an entry
    whose own text names none of the quantities asked, and another ("its export turnover reached US$50 billion")."""
    measures = doc.index.lexicon.measures
    asked = [m for m in measures if not m.isdisjoint(query.tokens)]
    if not asked:
        return False
    says = doc.strings("says")
    return all(m.isdisjoint(says) for m in asked) and any(not m.isdisjoint(says) for m in measures)


def _one_of_several(doc: Doc, query: Query) -> bool:
    """Specifics asked of one body an entry names beside others ("what did schneider electric specifically do":
    Siemens and Toyota are cited with it): an entry that lists them gives no one's. The question names that body as
    the entry writes it ("schneider electric", not "toyota schneider": the list itself), and the entry names another
    that neither the question nor a person it names holds."""
    named = [t for t in query.tokens if t in doc.names]
    if not named:
        return False
    if not doc.names - set(query.tokens) - query.given - query.people_words:
        return False
    if len(named) > 1:  # side by side in the question as the index reads it, and so written in the entry's text
        phrase = " ".join(w for w in query.folded.split() if (t := doc.index.tokens(w)) and t[0] in named)
        entry = doc.entry
        return phrase in query.folded and phrase in fold(getattr(entry, "text", "") or getattr(entry, "summary", ""))
    return True


def _works_for(doc: Doc, i: int, query: Query) -> bool:
    """Whether the entry can say where the person a question names works. A quote gives its speaker's role. Else it
    names a body (a ministry, a fund, a name not theirs: UNIDO) and, of an author, is the entry on who they are (an
    overview names the author and the organisations the article is about); of a speaker, names them."""
    says, named = doc.strings("says"), query.people_words
    authors = [author for author in doc.index.bylines.values() if not author.isdisjoint(query.tokens)]
    named.update(*authors)
    if doc.kind == "quotes":
        return not says.isdisjoint(named)  # a quote gives its speaker's role: "Director of ..., Ministry of ..."
    if says.isdisjoint(doc.index.word_list(BODIES)) and not doc.names - named:  # no body, by a word or a name (UNIDO)
        return False
    if authors:
        return not doc.index.bylines.get(i, frozenset()).isdisjoint(query.tokens)
    return not says.isdisjoint(named)


def _lacks(doc: Doc, i: int, query: Query, holds: Callable[[str], set[int]]) -> list[str]:
    """What the question asks for that this entry cannot give (each costs ``Matching.mismatch``)."""
    lacks = []
    unsaid = query.numbers - doc.numbers
    if unsaid and not (query.checks and _claim(doc, query, unsaid)):
        lacks.append("that number")  # "samsung exports 2020": the entry speaks of 2017
    if "number" in query.asks and (
        not doc.answer_numbers - query.numbers or (query.part and _beyond(doc, query)) or _measures_other(doc, query)
    ):
        lacks.append("number")  # ... or a part of the entry's whole it never names ("how many of the 2000 ..."), or
        # a figure of another quantity ("how much did samsung invest": its figure is of exports)
    if (
        ("date" in query.asks and not doc.has_date)
        or ("day" in query.asks and not doc.has_day)
        or ("past" in query.asks and not _past(doc))
        or _undated(doc, query)
    ):
        lacks.append("date")
    # a policy names its issuer, a role or a name ("Prime Minister"); another entry, a role that issued it ("the Prime
    # Minister issued a Directive") or a name the question does not give
    if "issuer" in query.asks and not (
        doc.has_issuer and (doc.kind == "policies" or doc.role_issued or doc.names - query.given)
    ):
        lacks.append("issuer")
    if ("now" in query.asks and not doc.says_now) or "later" in query.asks:
        lacks.append("now")
    if "event" in query.asks and not any(i in holds(word) for word in doc.index.word_list(EVENTS)):
        lacks.append("event")  # "at which cop did vn pledge net zero": the entry names no summit, forum or session
    if "workplace" in query.asks and not _works_for(doc, i, query):
        lacks.append("workplace")
    if "origin" in query.asks:
        lacks.append("origin")  # where someone comes from: the articles say it of nobody
    if (author := doc.index.bylines.get(i)) is not None and not (
        query.of_author or i in query.names or not author.isdisjoint(query.tokens)
    ):
        lacks.append("author")  # who wrote an article, asked nothing of its author ("what's the title of res 57")
    if any(not any(all(i in holds(tok) for tok in name) for name in names) for names in query.people):
        lacks.append("person")  # the question names a person this entry does not mention
    # ... or a company, country or body ("toyota's net zero year"), or a figure's country; not the body a guess at
    # who a person is names ("santiago is from the world bank right?"): who they are corrects it
    if "identity" not in query.asks and (
        any(i not in holds(tok) for tok in query.entities) or _elsewhere(doc, i, query, holds)
    ):
        lacks.append("name")
    if "specifics" in query.asks and _one_of_several(doc, query):
        lacks.append("detail")
    # ... no city asked ("which city"), or where an event was ("where was the summit held"): a country or an area is
    # no answer (the summit's organisers, "the Communist Party of Viet Nam", its experts "from the region", say
    # nothing of where it was)
    city = frozenset()
    if query.event_place:
        city = doc.index.lexicon.countries | frozenset(doc.index.word_list(_AREAS))
    elif "city" in query.asks:
        city = doc.index.lexicon.countries
    given = frozenset() if query.choice else query.places  # "germany or japan?" gives neither
    if "place" in query.asks and (not doc.places - given - city or "venue" in query.asks):
        lacks.append("place")  # "where": no place the question does not already name ("which city": no city); a
        # venue is none of the places an entry names (cities, regions, countries)
    if "ahead" in query.asks and doc.strings("says").isdisjoint(doc.index.word_list(_BELOW)):
        lacks.append("who")  # "which countries were ahead of vn": an entry that puts no one below another (behind,
        # below, trailing) names no one ahead; "Vietnam above Thailand" answers whom Vietnam was ahead of
    if "identity" in query.asks:
        if doc.kind == "quotes":
            lacks.append("who")  # "who is Santiago": his quotes say what he said, not who he is
    elif "who" in query.asks and not doc.names - query.given:
        lacks.append("who")  # "who is the prime minister": no name the question does not already give
    return lacks


def _past(doc: Doc) -> bool:
    """Whether the entry can date something past: a month or day, or a year no later than the newest article's
    (``Index.as_of``; "by 2050" is a target, not when a pledge was made)."""
    return doc.has_date and (doc.has_day or any(YEAR.match(n) and int(n) <= doc.index.as_of for n in doc.numbers))


def _undated(doc: Doc, query: Query) -> bool:
    """A policy's own date asked ("res 57 date?") of an entry whose date is another thing's: what it says never
    names the policy (the byline of the article about it gives the article's date)."""
    if not query.dated:
        return False
    says = doc.ids("says")
    return not any(doc.index.known(n) in says for n in query.dated)


def _beyond(doc: Doc, query: Query) -> bool:
    """Whether the question names something (not a figure, not a common word) that what the entry says never does,
    word for word: asked of the whole the entry counts, such a word is the part asked ("were foreigners" of "the
    2000 delegates"), beyond what the entry counts."""
    index, says = doc.index, doc.ids("says")
    generic = index.lexicon.generic
    return any(
        t.token not in generic and not t.token[0].isdigit() and index.known(t.token) not in says for t in query.known
    )


def _claim(doc: Doc, query: Query, unsaid: frozenset[str]) -> bool:
    """Whether the figures the question checks and the entry never gives (``unsaid``) are the member's to be
    corrected by the entry ("30%, right?", "2045 or 2050?", "was it 2016?"), not another question ("exports in
    2019 were 30%, right?")."""
    years = any(map(YEAR.match, unsaid))
    if not (any(map(YEAR.match, doc.numbers)) if years else doc.answer_numbers):
        return False  # no figure of its own to correct theirs with
    if not years or len(query.numbers) == 1:
        return True
    # A year checked among years one of which the entry gives ("2045 or 2050?", "a 2022 report i think? or 2024"),
    # or last and itself checked, after the entry's own figure ("the 50bn, that was 2019 yeah?"); not a year that
    # scopes another figure ("in 2019 ... 25%, right?", "25% of exports in 2019, right?").
    said = query.numbers - unsaid
    if any(not YEAR.match(n) for n in said) and not all(map(YEAR.match, unsaid)):  # said: the entry holds them
        # a figure of the entry's own among theirs: "samsung exported 50bn in 2019, like 40%?"; not one figure
        # right and scoped by another year ("25% of exports in 2019, right?" asks about 2019)
        return True
    last = next((t for t in reversed(query.tokens) if t in query.numbers), "")
    checked = any(map(YEAR.match, said)) or (
        bool(said) and last in unsaid and bool(YEAR.match(last)) and year_checked(query.text, last)
    )
    return all(map(YEAR.match, unsaid)) and checked


def _missing(
    i: int, query: Query, index: Index, holds: Callable[[str], set[int]], usual: Usual | None = None
) -> tuple[str, ...]:
    """A question for a specific detail names what it is about: its words the entry never mentions.

    "How many workers does Samsung employ" against the Samsung exports entry: "employ" and "worker" are the
    detail asked for, and the entry says nothing of them, so it cannot hold the figure. Words members often use
    when they ask for this entry ("which country" for Germany's example, "tổng" for Samsung's share of exports)
    are not such a detail, though the entry never says them.
    """
    floor = index.tuning.focus_idf
    usual_words = usual(index.ids[i]) if usual else frozenset()
    out = []
    for term in query.terms:
        if term.token in index.lexicon.generic or (term.token in usual_words and term.token not in query.meant):
            continue
        if query.checks and term.token in query.numbers:
            continue  # a figure checked is the member's guess ("15%, right?"): "that number" weighs it
        if len(term.token) <= 2 and term.token.isdecimal() and term.token not in query.numbers:
            continue  # a small number the question does not ask as a figure (a count of what is asked, "3 tập
            # đoàn ... là ai"; a date's day; a policy's number): no figure the entry must say
        if term.similarity == 0:
            if len(term.token) >= 3 and term.token.isalpha():
                out.append(term.token)
        elif term.weight >= floor and i not in holds(term.token):
            out.append(term.token)
    return tuple(out)


def _fit(doc: Doc, total: float, words: Sequence[tuple[int, float]], asked: str) -> tuple[float, float]:
    """The best F1 of the question against one phrasing of the entry, and that phrasing's word-order match
    (``words``: the question's distinct known words, as (word id, weight), looked up once per question; ``asked``:
    its words in sorted order, so the match is a token-sort ratio of the two)."""
    shared: dict[int, float] = defaultdict(float)
    where = doc.where
    for word, weight in words:
        for k in where.get(word, ()):
            shared[k] += weight
    best_fit, best = 0.0, None
    phrasings = doc.phrasings
    for k, both in shared.items():
        precision, recall = both / total, both / phrasings[k][1]
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best_fit:
            best_fit, best = f1, k
    phrase = fuzz.ratio(asked, doc.sorted_text(best)) / 100 if best is not None else 0.0
    return best_fit, phrase
