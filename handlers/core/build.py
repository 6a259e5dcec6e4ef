"""Building an index's ``Tables`` from its entries: one pass, linear in the base's size.

Two halves. ``Reader`` reads an entry into strings: its tokens (and whether each is in what it is asked as), its
phrasings, names, numbers and places, its yes/no facts. Nothing it reads depends on another entry, except the
words the base writes in lower case (``Reader.scan``, read first). ``Builder`` gives every string an id, entry after
entry, and lays the entries out as arrays. Reading is most of the work: for a large base (``PARALLEL`` entries or
more), in a process that can fork and runs no other thread (a first start, not a reload), a forked child reads the
last three fifths of the entries while this process reads and lays out the first two, then lays out what the child
read. The Tables are the same either way: ids are given in entry order, and within an entry in a sorted order.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import math
import multiprocessing
import os
import pickle
import re
import sys
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np

from handlers.core import query as q
from handlers.core.fields import answer_texts, body_texts, key_texts, names_of, people_of
from handlers.core.index import HAS_DATE, HAS_DAY, HAS_ISSUER, KINDS, ROLE_ISSUED, SAYS_NOW, Tables
from knowledge.compact import Pairs
from knowledge.models import Entry, Policy, Quote
from knowledge.text import fold

_PROPER = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")  # a capitalised word after a lower-case word
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+\b")
_LOWER = re.compile(r"\b[a-z][a-z]+\b")
# A month beside a day or a year, in what an entry says: "6 May 2017", "May 2017"; an issue date given as text.
_DATED = re.compile(
    rf"(?<![\d.])\b\d{{1,2}}(?:st|nd|rd|th)? (?:{q.MONTH_NAMES})\b|\b(?:{q.MONTH_NAMES}) (?:\d{{1,2}}|(?:19|20)\d\d)\b"
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Who issued something, named by their role: "Vietnam's Prime Minister issued a Directive" gives its issuer.
_ROLE_ISSUED = re.compile(
    r"\b(?:prime minister|politburo|government|national assembly|president|central committee|ministry of [\w ]+?)"
    r"(?:'s)?\s+(?:issued|signed|passed|adopted|promulgated)\b",
    re.IGNORECASE,
)
# An event named with its year ("the Industry 4.0 Summit 2018") names it; the year does not say when it was held.
_EVENT = r"(?:summit|forum|conference|congress|expo|fair|festival|games)"
_EVENT_YEAR = re.compile(rf"\b{_EVENT}\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\s+{_EVENT}\b")  # "the 2018 summit" too
_YEAR_IN = re.compile(r"(?<![\d.,])(?:1[89]|20)\d\d(?![\d.,]\d)")
# An entry that says its article gives no date ("date not stated") cannot answer "when", whatever years it cites.
_NO_DATE = re.compile(r"\bdate (is )?not (stated|given|specified)\b|\bno publication date\b", re.IGNORECASE)
# Capitalised words that name no one: months, currencies, and roles ("the Prime Minister" is not a name).
_NOT_NAMES = frozenset(
    """january february march april may june july august september october november december usd vnd gdp
    prime minister director president chairman chairwoman ceo head secretary general deputy officer expert
    government party ministry committee commission assembly viet vietnamese korean german japanese chinese american
    ict iot ai vr ar fdi esg r&d sme smes ccus gii it co2 h2 ceo cfo""".split()
)
_CURRENCIES = frozenset({"usd", "vnd", "eur", "us"})
log = logging.getLogger(__name__)

PARALLEL = 20_000  # entries from which a forked child reads three fifths of them
CHUNK = 2_000  # entries the child sends back at a time

# (kind number, token -> in what it is asked as, phrasings, exact names, asked-as tokens, said tokens, quantities,
# places, names (lower-case words not yet taken out), flags)
Record = tuple[
    int, dict[str, bool], list[list[str]], list[str], set[str], set[str], frozenset[str], set[str], set[str], int
]


class Reader:
    """An entry as strings (see the module's docstring)."""

    def __init__(self, tokenize: Callable[[str], list[str]], places: frozenset[str]) -> None:
        self.tokenize = tokenize
        self.places = places
        self.by_first: dict[str, list[str]] = defaultdict(list)  # places (as tokens), by their first token
        for place in places:
            self.by_first[place.split(" ", 1)[0]].append(place)
        self.words_seen: dict[str, list[str]] = {}
        self.lower: set[str] = set()  # tokens of the words the base writes in lower case
        self.capitalised: set[str] = set()  # tokens of the words it capitalises inside a sentence
        self._lower_words: set[str] = set()
        self._proper_words: set[str] = set()

    def word_tokens(self, word: str) -> list[str]:
        """The tokens of one word: words repeat across a base, so each is analysed once."""
        found = self.words_seen.get(word)
        if found is None:
            found = self.words_seen[word] = self.tokenize(word)
        return found

    def scan(self, entries: Iterable[tuple[str, Entry]]) -> None:
        """Words the base also writes in lower case are common nouns ("Directive" in a title), not names; what
        it capitalises inside a sentence, and few entries use, are rare names (``Builder.rare_names``)."""
        lower, capitalised, tokenize = self.lower, self.capitalised, self.word_tokens
        lower_words, proper_words = self._lower_words, self._proper_words
        for _, entry in entries:
            for text in answer_texts(entry):
                for word in set(_LOWER.findall(text)) - lower_words:
                    lower_words.add(word)
                    lower.update(tokenize(word))
                for word in set(_PROPER.findall(text)) - proper_words:
                    proper_words.add(word)
                    capitalised.update(tokenize(word))

    def tokenizer(self) -> Callable[[str], list[str]]:
        """Tokens of one entry's texts, each text read once (an entry repeats some: keywords, what it says); a
        single word, as a keyword mostly is, once per build."""
        memo: dict[str, list[str]] = {}
        tokenize, word_tokens = self.tokenize, self.word_tokens

        def tokens_of(text: str) -> list[str]:
            found = memo.get(text)
            if found is None:
                found = memo[text] = word_tokens(text) if " " not in text else tokenize(text)
            return found

        return tokens_of

    def read(self, kind: str, entry: Entry) -> Record:
        tokens_of = self.tokenizer()
        key: dict[str, bool] = {}  # token -> in what the entry is asked as (else only in what it says)
        for text in body_texts(entry):
            key.update(dict.fromkeys(tokens_of(text), False))
        phrasings = []
        keys: set[str] = set()
        for text in key_texts(entry):
            toks = tokens_of(text)
            key.update(dict.fromkeys(toks, True))
            keys.update(toks)
            if toks:
                phrasings.append(toks)
        name_keys = [" ".join(tokens_of(name)) or fold(name) for name in names_of(entry)]
        for text in entry.keywords:
            keys.update(tokens_of(text))
        says = answer_texts(entry)
        answered = {tok for text in says for tok in tokens_of(text)}
        names = {tok for text in says for word in _PROPER.findall(text) + _ACRONYM.findall(text)
                 if word.lower() not in _NOT_NAMES for tok in self.word_tokens(word)}  # fmt: skip
        if isinstance(entry, Quote):
            names.update(tokens_of(entry.speaker))
        said = f" {' '.join(tok for text in says for tok in tokens_of(text))} "
        # A place is tokens: it is in what the entry says only when its first token is.
        places = {p for tok in answered.intersection(self.by_first) for p in self.by_first[tok] if f" {p} " in said}
        joined = " ".join(says)
        names = names - _NOT_NAMES - self.places
        return (KINDS.index(kind), key, phrasings, name_keys, keys, answered, q.quantities(joined), places, names,
                self.flags(entry, joined, answered))  # fmt: skip

    @staticmethod
    def flags(entry: Entry, joined: str, answered: set[str]) -> int:
        """The entry's yes/no facts (``index.HAS_DATE`` ...), from what it says (``joined``, and its tokens)."""
        issued = entry.issued if isinstance(entry, Policy) else None
        # A month among its words, or beside a day or a year ("6 May 2017": "may" is also a stopword)
        folded = fold(joined)
        months = not q.MONTHS.isdisjoint(answered) or bool(_DATED.search(folded))
        years = any(q.YEAR.match(tok) for tok in answered if tok[0] in "12")  # ... not one naming an event
        has_date = not _NO_DATE.search(joined) and (
            months or (years and bool(_YEAR_IN.search(_EVENT_YEAR.sub(" ", folded)))) or bool(issued)
        )
        has_day = months or isinstance(issued, dt.date) or bool(issued and _ISO_DAY.fullmatch(issued))
        has_issuer = not isinstance(entry, Policy) or entry.issued_by is not None
        says_now = bool(q.NOW_OR_NEXT.search(folded))
        role_issued = bool(_ROLE_ISSUED.search(joined))
        return (
            HAS_DATE * has_date
            | HAS_ISSUER * has_issuer
            | SAYS_NOW * says_now
            | HAS_DAY * has_day
            | ROLE_ISSUED * role_issued
        )


def _by_rows(data: np.ndarray, lengths: np.ndarray, words: int, unique: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A ragged array (rows of ``lengths``) with each row's ids sorted (and, ``unique``, each once): data, ptr."""
    keys = np.repeat(np.arange(len(lengths), dtype=np.int64) * max(words, 1), lengths)
    keys += data
    keys.sort()
    if unique and len(keys):
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
        lengths = np.bincount(keys // max(words, 1), minlength=len(lengths))
    ptr = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return (keys % max(words, 1)).astype(np.int32), ptr


FLUSH = 200_000  # strings gathered before they are given ids


class Builder:
    """Builds the Tables of an index from its entries (see the module's docstring).

    Entries are added as strings, in order; every ``FLUSH`` strings, the new ones get ids in the order they came
    (what ``dict.fromkeys`` keeps) and all are mapped to ids at C speed. The per-entry sets are sorted row by row
    at the end, in numpy.
    """

    def __init__(
        self, entries: Sequence[tuple[str, Entry]], tokenize: Callable[[str], list[str]], places: frozenset[str]
    ) -> None:
        self.entries = entries
        self.tokenize = tokenize
        self.reader = Reader(tokenize, places)
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.names: dict[str, list[int]] = {}
        self.flags = array("B")
        self.kind = array("B")
        self.post_key = array("b")
        # Strings waiting for their ids: each entry's tokens then its quantities, places and names (``stream``, the
        # order ids are given in), its phrasings' tokens, its asked-as tokens and its said tokens.
        self.pending: dict[str, list[str]] = {name: [] for name in ("stream", "seq", "keys", "says")}
        self.mapped = {name: array("i") for name in self.pending}
        # Per entry, how many of each it has (phrasings: per phrasing, its tokens).
        self.lengths = {name: array("i") for name in ("post", "answer_numbers", "places", "names", "keys", "says")}
        self.phrasings = array("i")
        self.seq_lengths = array("i")

    def build(self) -> Tables:
        enabled = gc.isenabled()
        gc.disable()  # millions of small objects, none cyclic: the collector would walk them again and again
        try:
            for i, record in enumerate(self.records()):
                self.add(i, record)
            self._flush()
            return self.tables()
        finally:
            if enabled:
                gc.enable()

    def records(self) -> Iterator[Record]:
        """Every entry read, in order: here, or part of them in a forked child when that can be done."""
        n, read = len(self.entries), self.reader.read
        if n >= PARALLEL and _can_fork():
            try:
                yield from _in_two(self)
                return
            except _NoChild:
                pass  # nothing was yielded: read them all here
        self.reader.scan(self.entries)
        for kind, entry in self.entries:
            yield read(kind, entry)

    def add(self, i: int, record: Record) -> None:
        """Entry ``i``, read: its strings queued for their ids, in the order ids are given."""
        kind, key, phrasings, name_keys, keys, answered, quantities, places, names, flags = record
        for name in name_keys:
            self.names.setdefault(name, []).append(i)
        pending, lengths = self.pending, self.lengths
        stream = pending["stream"]
        stream.extend(key)
        self.post_key.extend(key.values())
        lengths["post"].append(len(key))
        for name, strings in (
            ("answer_numbers", sorted(quantities)),
            ("places", sorted(places)),
            ("names", sorted(names - self.reader.lower)),
        ):
            stream.extend(strings)
            lengths[name].append(len(strings))
        for toks in phrasings:
            pending["seq"].extend(toks)
            self.seq_lengths.append(len(toks))
        self.phrasings.append(len(phrasings))
        pending["keys"].extend(keys)
        lengths["keys"].append(len(keys))
        pending["says"].extend(answered)
        lengths["says"].append(len(answered))
        self.flags.append(flags)
        self.kind.append(kind)
        if len(stream) > FLUSH:
            self._flush()

    def _flush(self) -> None:
        """The strings waiting, as ids: a new string gets the next id, in the order it first came."""
        ids, words = self.ids, self.words
        new = [w for w in dict.fromkeys(self.pending["stream"]) if w not in ids]
        ids.update(zip(new, range(len(words), len(words) + len(new)), strict=True))
        words.extend(new)
        for name, strings in self.pending.items():
            self.mapped[name].extend(map(ids.__getitem__, strings))
            strings.clear()

    def tables(self) -> Tables:
        n_docs = len(self.entries)
        n = max(n_docs, 1)
        stream = self._stream()
        arrays, counts = self._postings(n, *stream)
        seq = np.frombuffer(self.mapped["seq"], np.int32)
        seq_lengths = np.frombuffer(self.seq_lengths, np.int32)
        arrays["uniq"], arrays["uniq_ptr"] = _by_rows(seq, seq_lengths, len(self.words), unique=True)
        arrays["seq"], arrays["seq_ptr"] = seq.copy(), _ptr(seq_lengths)
        idf = arrays["idf"]
        mass = (
            np.add.reduceat(idf[arrays["uniq"]], arrays["uniq_ptr"][:-1])
            if len(arrays["uniq"])
            else np.zeros(0, np.float64)
        )
        arrays["mass"] = mass.astype(np.float64)
        arrays["phr_ptr"] = _ptr(np.frombuffer(self.phrasings, np.int32))
        arrays["flags"] = np.frombuffer(self.flags, np.uint8).copy()
        arrays["kind"] = np.frombuffer(self.kind, np.uint8).copy()
        arrays.update(self._sets(*stream))
        del stream
        name_ptr = np.zeros(len(self.names) + 1, np.int64)
        np.cumsum([len(v) for v in self.names.values()], out=name_ptr[1:])
        arrays["name_ptr"] = name_ptr
        arrays["name_docs"] = np.array([d for v in self.names.values() for d in v], np.int32)
        entries = self.entries
        quotes = entries.of_kind("quotes") if isinstance(entries, Pairs) else enumerate(e for _, e in entries)
        people = people_of((e for _, e in quotes), self.tokenize)
        return Tables(
            arrays=arrays,
            words=self.words,
            name_keys=list(self.names),
            people=[[sorted(name) for name in names] for names in people],
            entities=sorted(self.rare_names(counts, n_docs)),
            common=max(8, n // 10),
        )

    def _stream(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ids in the order they were given, which part of its entry each is (0: its tokens, 1: quantities,
        2: places, 3: names) and which entry."""
        stream = np.frombuffer(self.mapped["stream"], np.int32)
        parts = ("post", "answer_numbers", "places", "names")
        lengths = np.stack([np.frombuffer(self.lengths[p], np.int32) for p in parts], axis=1).ravel()
        part = np.repeat(np.tile(np.arange(len(parts), dtype=np.int8), len(self.flags)), lengths)
        entry = np.repeat(np.repeat(np.arange(len(self.flags), dtype=np.int32), len(parts)), lengths)
        return stream, part, entry

    def _sets(self, stream: np.ndarray, part: np.ndarray, entry: np.ndarray) -> dict[str, np.ndarray]:
        """Each entry's sets of word ids (``index.SETS``), each row sorted."""
        words = len(self.words)
        out: dict[str, np.ndarray] = {}
        for name in ("keys", "says"):
            data = np.frombuffer(self.mapped[name], np.int32)
            out[name], out[f"{name}_ptr"] = _by_rows(data, np.frombuffer(self.lengths[name], np.int32), words)
        digit = np.array([w[:1].isdigit() for w in self.words], bool)
        post_word, post_entry = stream[part == 0], entry[part == 0]
        numbers = digit[post_word] if words else np.zeros(0, bool)
        per_entry = np.bincount(post_entry[numbers], minlength=len(self.flags))
        out["numbers"], out["numbers_ptr"] = _by_rows(post_word[numbers], per_entry, words)
        for k, name in enumerate(("answer_numbers", "places", "names"), 1):
            lengths = np.frombuffer(self.lengths[name], np.int32)
            out[name], out[f"{name}_ptr"] = _by_rows(stream[part == k], lengths, words)
        return out

    def _postings(
        self, n: int, stream: np.ndarray, part: np.ndarray, entry: np.ndarray
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """The posting lists (CSR, by word, entries ascending), each word's idf, and its count of entries."""
        words, docs = stream[part == 0], entry[part == 0]
        order = np.argsort(words, kind="stable")  # by word, entries ascending within a word
        counts = np.bincount(words, minlength=len(self.words))
        post_ptr = np.zeros(len(self.words) + 1, np.int64)
        np.cumsum(counts, out=post_ptr[1:])
        posted = np.flatnonzero(counts)
        first = order[post_ptr[posted]]  # where each posted word first appears (the sort is stable)
        typo_order = posted[np.argsort(first, kind="stable")].astype(np.int32)
        idf = np.array([math.log(1 + n / c) if c else 0.0 for c in counts.tolist()], np.float64)
        arrays = {
            "post_ptr": post_ptr,
            "post_doc": docs[order].astype(np.int32),
            "post_key": np.frombuffer(self.post_key, np.int8)[order].astype(np.uint8),
            "idf": idf,
            "typo_order": typo_order,
        }
        return arrays, counts

    def rare_names(self, counts: np.ndarray, n_docs: int) -> set[str]:
        """Tokens of proper nouns (capitalised inside a sentence) that few entries use: Toyota, Thailand, Korea."""
        limit = max(3, n_docs // 20)
        df = counts.tolist()
        return {
            tok
            for tok in self.reader.capitalised - self.reader.lower - _CURRENCIES  # "USD" is capitalised, names no one
            if len(tok) > 2 and tok.isalpha() and (df[self.ids[tok]] if tok in self.ids else 0) <= limit
        }


def _ptr(lengths: np.ndarray) -> np.ndarray:
    ptr = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return ptr


# ----- reading in two processes ------------------------------------------------------------------------------


class _NoChild(Exception):
    """The child could not be started: the entries are read here."""


_FORKED: dict[str, Any] = {}  # what the forked child reads: its Builder's entries and reader, set before the fork


def _can_fork() -> bool:
    """Whether a child may be forked: Linux (where forking is safe; macOS's system libraries may not be), two
    processors, and no other thread in this process (a thread holding a lock at the fork would leave the child
    waiting on it forever)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


def _child_scan(lo: int, hi: int) -> tuple[set[str], set[str]]:
    reader, entries = _FORKED["reader"], _FORKED["entries"]
    reader.scan(entries[k] for k in range(lo, hi))
    return reader.lower, reader.capitalised


def _child_read(lo: int, hi: int) -> bytes:
    """Entries ``lo`` to ``hi`` read, pickled (this process's own data, sent to its parent only)."""
    reader, entries = _FORKED["reader"], _FORKED["entries"]
    return pickle.dumps([reader.read(*entries[k]) for k in range(lo, hi)], pickle.HIGHEST_PROTOCOL)


def _in_two(builder: Builder) -> Iterator[Record]:
    """Every entry read: two fifths here, the rest in a forked child at the same time (here, should the child
    fail; this process also lays out every entry, so it reads fewer). Raises _NoChild, having yielded nothing, when no
    child can be started."""
    n, reader, entries = len(builder.entries), builder.reader, builder.entries
    half, own = n // 2, n * 2 // 5  # the child scans from ``half``, reads from ``own``
    _FORKED.update(reader=reader, entries=entries)
    try:
        executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        scanned = executor.submit(_child_scan, half, n)  # the child is forked here
    except (OSError, RuntimeError) as exc:
        raise _NoChild from exc
    finally:
        _FORKED.clear()
    with executor:
        reader.scan(entries[k] for k in range(half))
        reads: list[Future[bytes]] = []
        try:
            lower, capitalised = scanned.result()
            reader.lower |= lower
            reader.capitalised |= capitalised
            reads = [executor.submit(_child_read, lo, min(n, lo + CHUNK)) for lo in range(own, n, CHUNK)]
        except Exception as exc:  # the child died or failed: the rest is read here
            log.warning("Reading the entries in a second process failed (%s); reading them here", exc)
            reader.scan(entries[k] for k in range(half, n))
        for k in range(own):
            yield reader.read(*entries[k])
        done = own
        for read in reads:
            try:
                records = pickle.loads(read.result())
            except Exception as exc:
                log.warning("Reading the entries in a second process failed (%s); reading them here", exc)
                break
            yield from records
            done += len(records)
        for k in range(done, n):
            yield reader.read(*entries[k])
