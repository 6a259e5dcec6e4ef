"""Which of a few entries a question most likely asks for: a naive Bayes model over words and word pairs.

It learns from examples of how members ask for each entry: the entry's own phrasings (and title), and the
labelled questions in ``examples.yaml`` (knowledge/SCHEMA.md: the tuning pool of blind question sets, written in
members' own words). Four uses, none of which answers an example as such: it orders the "did you mean"
suggestions; the words members often use for an entry (``usual``) count towards its score and are never a detail
it lacks (``handlers.core.scoring``); when the matcher's best hit is also the model's by a wide margin, that hit
may answer without a clear lead (``handlers.core.decision.agreed``); and its share among the relevant hits is one
of the signals of the calibrated decision (``handlers.core.calibration``), which decides only for entries it
``knows``.

What an entry's examples teach is read when it is first a candidate (or at start, ``warm``) and kept, bounded,
together with its phrasings' counts; the phrasings of an entry without examples are counted when asked. A base of
any size starts as fast as without the model, and only the entries being compared are ever read.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from knowledge.models import Entry

ALPHA = 0.1  # add-alpha smoothing of a word's count in an entry's examples
MAX_KEPT = 5_000  # entries whose examples' tables are kept; beyond it the cache starts again
# Two entries members ask for as one: at least this share of the questions labelled with the one that has fewer
# (and at least ALIKE_MIN of them) are labelled with the other too
ALIKE = 0.8
ALIKE_MIN = 5
_NONE: frozenset[str] = frozenset()
USUAL = 2  # examples of an entry that use a word, for it to be a usual word of that entry


def features(words: Sequence[str]) -> set[str]:
    """The words, and each pair of neighbours ("prime_minister"): what the model counts."""
    return set(words) | {f"{a}_{b}" for a, b in itertools.pairwise(words)}


class Ranker:
    """Orders candidate entries by how likely each is to be what the words ask for.

    ``tokens`` makes a text the index's tokens; ``examples`` maps an entry id to labelled wordings for it; ``size``
    is the number of distinct features the smoothing assumes (the index's vocabulary, words and pairs).
    """

    def __init__(
        self, tokens: Callable[[str], list[str]], examples: dict[str, list[tuple[str, float]]], size: int
    ) -> None:
        self._tokens = tokens
        self._examples = examples
        self._size = max(size, 1)
        self._taught: dict[str, Counter[str]] = {}  # by entry id: see _learned
        self._usual: dict[str, frozenset[str]] = {}  # by entry id: see usual
        self._tables: dict[str, tuple[Counter[str], float]] = {}  # by entry id, for entries with examples: see _of
        self._alike: dict[tuple[str, str], bool] = {}  # by pair of entry ids: see alike
        self._asked: dict[str, frozenset[str]] = {}  # by entry id: its examples' wordings

    @classmethod
    def of(cls, tokens: Callable[[str], list[str]], examples: Iterable[tuple[str, str]], size: int) -> Ranker:
        """From (entry id, wording) pairs: a wording given for several entries counts 1/n for each."""
        pairs = list(examples)
        shared = Counter(wording for _, wording in pairs)
        by_entry: dict[str, list[tuple[str, float]]] = {}
        for entry_id, wording in pairs:
            by_entry.setdefault(entry_id, []).append((wording, 1.0 / shared[wording]))
        return cls(tokens, by_entry, size)

    def _learned(self, entry_id: str) -> Counter[str]:
        """The feature counts of one entry's examples, read once."""
        found = self._taught.get(entry_id)
        if found is None:
            found, seen = Counter(), Counter()
            for text, weight in self._examples.get(entry_id, ()):
                words = self._tokens(text)
                seen.update(set(words))
                for feature in features(words):
                    found[feature] += weight
            if len(self._taught) >= MAX_KEPT:
                self._taught.clear()
            self._taught[entry_id] = found
            if entry_id not in self._usual:  # read now, its usual words too
                self._keep_usual(entry_id, seen)
        return found

    def _keep_usual(self, entry_id: str, seen: Counter[str]) -> frozenset[str]:
        """The words in at least ``USUAL`` of an entry's examples (``seen``: how many use each), never a figure."""
        found = frozenset(w for w, n in seen.items() if n >= USUAL and not w[0].isdigit())
        if len(self._usual) >= MAX_KEPT:
            self._usual.clear()
        self._usual[entry_id] = found
        return found

    def _of(self, entry: Entry) -> tuple[Counter[str], float]:
        """The entry's feature counts and their total: those of its phrasings and title, plus those of its examples
        (``_learned``). Kept, bounded, for an entry with examples (the entries members ask about, compared again
        and again); made when asked for any other (a few texts: keeping them would grow a large base's heap
        question by question)."""
        if entry.id not in self._examples:
            said = self._said(entry)
            return said, float(sum(said.values()))
        found = self._tables.get(entry.id)
        if found is None:
            counts = self._said(entry)
            counts.update(self._learned(entry.id))
            if len(self._tables) >= MAX_KEPT:
                self._tables.clear()
            found = self._tables[entry.id] = (counts, float(sum(counts.values())))
        return found

    def _said(self, entry: Entry) -> Counter[str]:
        said: Counter[str] = Counter()
        title = getattr(entry, "title", None)
        for text in (*entry.questions, *([title] if title else [])):
            said.update(features(self._tokens(text)))
        return said

    def alike(self, a: str, b: str) -> bool:
        """Whether members ask for entries ``a`` and ``b`` as one: the questions labelled with the one that has
        fewer examples are mostly labelled with the other too ("the challenges 001 lists" with both the list and its
        overview), so either answers them and neither is the other's rival."""
        pair = (a, b) if a < b else (b, a)
        found = self._alike.get(pair)
        if found is None:
            small, large = sorted((self._wordings(a), self._wordings(b)), key=len)
            found = len(small) >= ALIKE_MIN and len(small & large) >= ALIKE * len(small)
            if len(self._alike) >= MAX_KEPT:
                self._alike.clear()
            self._alike[pair] = found
        return found

    def _wordings(self, entry_id: str) -> frozenset[str]:
        """The wordings of an entry's examples, as a set, made once."""
        found = self._asked.get(entry_id)
        if found is None:
            found = frozenset(text for text, _ in self._examples.get(entry_id, ()))
            if len(self._asked) >= MAX_KEPT:
                self._asked.clear()
            self._asked[entry_id] = found
        return found

    @property
    def taught(self) -> bool:
        """Whether members' questions (examples) taught it about any entry."""
        return bool(self._examples)

    def knows(self, entry_id: str) -> bool:
        """Whether members' questions (examples) taught it about this entry."""
        return entry_id in self._examples

    def learned(self) -> list[str]:
        """The ids of the entries with examples: the ones whose tables ``warm`` makes."""
        return list(self._examples)

    def warm(self, entries: Iterable[Entry]) -> None:
        """Read the examples of these entries now, not when each is first a candidate (a running bot's first
        questions then wait for none)."""
        for entry in entries:
            self._of(entry)

    def every_usual(self) -> dict[str, frozenset[str]]:
        """Every entry's usual words (``usual``), for the saved index: a new process then reads no examples for them."""
        return {entry_id: self.usual(entry_id) for entry_id in self._examples}

    def know_usual(self, words: dict[str, frozenset[str]]) -> None:
        """Take entries' usual words as ``every_usual`` gave them (a saved index's), for the entries it has examples
        of."""
        self._usual.update((i, w) for i, w in list(words.items())[:MAX_KEPT] if i in self._examples)

    def usual(self, entry_id: str) -> frozenset[str]:
        """The words members use when they ask for this entry: in at least ``USUAL`` of its examples, never a figure
        (a year asked about is the question's, not the entry's)."""
        if entry_id not in self._examples:
            return _NONE
        found = self._usual.get(entry_id)
        if found is None:  # apart from the feature counts: a question's candidates need only these words
            seen: Counter[str] = Counter()
            for text, _ in self._examples[entry_id]:
                seen.update(set(self._tokens(text)))
            found = self._keep_usual(entry_id, seen)
        return found

    def likelihood(self, entry: Entry, words: Sequence[str]) -> float:
        """log P(words | entry) under the model (higher: likelier)."""
        return self.likelihoods([entry], words)[0]

    def likelihoods(self, entries: Sequence[Entry], words: Sequence[str]) -> list[float]:
        """log P(words | entry) of each entry, counting only the features some of them have seen: a word none of
        them knows says nothing about which one is meant (it would only favour the entries with few examples)."""
        tables = [self._of(entry) for entry in entries]
        wanted, size = features(words), self._size
        if len(tables) > 1:
            wanted = {f for f in wanted if any(f in counts for counts, _ in tables)}
        return [
            sum(math.log(counts.get(f, 0.0) + ALPHA) for f in wanted) - len(wanted) * math.log(total + ALPHA * size)
            for counts, total in tables
        ]

    def order(self, entries: Sequence[Entry], words: Sequence[str]) -> list[Entry]:
        """``entries`` likeliest first (a tie keeps their order)."""
        if not words or len(entries) < 2:
            return list(entries)
        scores = dict(zip((e.id for e in entries), self.likelihoods(entries, words), strict=True))
        return sorted(entries, key=lambda e: -scores[e.id])
