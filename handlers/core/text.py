"""Text in, tokens out: the one analyser every index and every question goes through.

``clean`` bounds and tidies what a member typed; ``tokens`` folds it (case, Vietnamese diacritics), applies the
base's synonyms, drops stopwords and stems lightly. The same function runs on the base and on questions, so what
matters is that both sides agree, not that the stems are real words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from knowledge.text import fold

MAX_INPUT = 4_000  # characters of a message the engine reads; the rest is ignored
MAX_CHARS = 2_000  # characters of a question that are analysed

_MENTIONS = re.compile(r"@(everyone|here)", re.IGNORECASE)
TOKEN = re.compile(r"[a-z0-9]+(?:[.&][a-z0-9]+)*")

STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be been before being both but by can could
    did do does doing done during each either else ever for from further get gets got had has have having he
    her here hers him his how i if in into is it its itself just kind know let like me mean more most much
    my no nor not now of off on once only or other our out over own per please same she should
    so some such tell than that the their them then there these they this those through to too under until
    up us very was we were what whats when where which while who whos whom whose why will with would you your
    yours hi hello hey thanks thank ok okay lol yes yeah yea yup yh yep nope bot guys everyone anyone someone something
    citation seem seems seemed refer refers referring
    explain describe give show list info information details detail anything thing things really
    good morning night tonight today pls plz tbh btw lmao idk want wanna gonna got gotta guess maybe
    many lot lots exactly actually basically currently now still even ever already one ones yet
    r u ur n wat wats wut wht wen hw tho im ive dont doesnt didnt isnt arent wasnt theyre thats whats abt rn w
    """.split()
)

# Vietnamese function words, folded (no diacritics): questions in Vietnamese are matched against the English base
# through the concept lexicon (synonyms.yaml), and these carry no content of their own. Words that are also part of
# names in the base (anh, ha, mai, thai) or English content words are left out. "bn" is chat for "bạn" (you) or
# "bao nhiêu" (how many); written onto a figure ("50bn") it is read as "billion" first.
VI_STOPWORDS = frozenset(
    """
    la gi j cua va voi co khong ko k kh hong nhu the nao sao thi ma nay do day kia duoc dc bi cho tu den trong
    ngoai tren duoi o tai ve theo nhung cac mot nhieu rat qua lam khi bao gio hien da dang se van con chi ra vao
    len xuong nen phai can muon hay hoac nua roi luc vay v z nhe oi ban minh toi tui ong ba ts gs pgs ngai cai
    chu dieu gium giup hoi biet dau vi lau ntn nam may de tien khoang tam chung hinh nhi ca tat bn
    thoi gian gan day hien nay bay gio cu the tom tat noi gi su viec dung kieu thang ta cau
    """.split()
)

_STOPWORDS = STOPWORDS | VI_STOPWORDS
_IRREGULAR = {"said": "say", "says": "say", "saying": "say", "quote": "say", "quotes": "say", "quoted": "say"}
_AMERICAN = re.compile(r"(?<=[a-z]{3})(?<=[iy])z(?=(?:e|ed|es|ing|ation|ations|er|ers)$)")
_THOUSANDS = re.compile(r"(\d),(\d{3})\b")
# A figure's unit written onto it: "50bn" is "50 billion" (alone, "bn" is Vietnamese chat for "bạn", "k" for "không")
_UNITS = re.compile(r"\b(\d+(?:\.\d+)?)(?:\s?(bn|mn)|(b|m|k))\b")  # "50bn", "50 bn"; "5m", not "5 m"
_UNIT_WORDS = {"bn": "billion", "b": "billion", "mn": "million", "m": "million", "k": "thousand"}
_VERSION_TYPO = re.compile(r"\b([2-6])\.o\b")  # "4.o" for 4.0
_VERSIONS = frozenset({"2", "3", "4", "5"})
_VERSIONED = frozenset({"industry", "revolution", "cmcn", "version", "i"})


def clean(text: str) -> str:
    """Bounded, printable input: NFC, no control, format or private-use characters, no mass mentions."""
    text = unicodedata.normalize("NFC", text[:MAX_INPUT])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    while _MENTIONS.search(text):  # "@@everyoneeveryone" is "@everyone" after one pass: until nothing changes
        text = _MENTIONS.sub(r"\1", text)
    return " ".join(text.split())


@lru_cache(maxsize=65_536)
def stem(token: str) -> str:
    """A light, consistent suffix stripper (the same on both sides is what matters)."""
    if token in _IRREGULAR:
        return _IRREGULAR[token]
    if token[0].isdigit():
        return token
    token = _AMERICAN.sub("s", token)  # "prioritize" as "prioritise", "organization" as "organisation"
    if len(token) > 5 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 6 and token.endswith("ing"):
        token = token[:-3]
    elif (len(token) > 5 and token.endswith("ed")) or (len(token) > 4 and token.endswith("es") and token[-3] in "sxz"):
        token = token[:-2]
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if len(token) > 4 and token.endswith("e") and not token.endswith("ee"):
        token = token[:-1]  # "increase" as "increased", "increases" and "increasing": "increas"
    return token


class Synonyms:
    """Words members type for the words the base uses ("vn" for Vietnam): each group folds to its first."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._to: dict[str, str] = {}
        for group in groups:
            words = [" ".join(TOKEN.findall(fold(w))) for w in group]
            for word in words[1:]:
                if word and word != words[0]:
                    self._to[word] = words[0]
        # A synonym matches whole tokens, starting with its own first token: a text holding none of those first
        # tokens cannot match, and skips the (large) pattern.
        self._starts = frozenset(word.split(" ", 1)[0] for word in self._to)
        alternatives = sorted(self._to, key=len, reverse=True)
        body = "|".join(re.escape(w) for w in alternatives)
        self._pattern = re.compile(rf"(?<![\w.&])(?:{body})(?![\w&]|\.\w)") if alternatives else None
        # A first word holding another group's word reads as the base's text reads ("lhq" is "united nations",
        # which the base reads as "united country" since "nations" is "country"): resolve the chain once, here.
        for _ in range(3):
            resolved = {word: self.apply(to) for word, to in self._to.items()}
            if resolved == self._to:
                break
            self._to = resolved
        # For token lists: a synonym is a run of whole tokens (the pattern can neither start nor end inside a token),
        # so the longest one starting at each token, left to right, is what the pattern finds.
        self._by_start: dict[str, list[tuple[list[str], list[str]]]] = {}
        for word, to in self._to.items():
            key = word.split(" ")
            self._by_start.setdefault(key[0], []).append((key, to.split()))
        for options in self._by_start.values():
            options.sort(key=lambda option: len(option[0]), reverse=True)

    def single_words(self) -> list[tuple[str, str]]:
        """(word, the base's word) for one-word synonyms, stemmed as tokens are."""
        return [(w, stem(c)) for w, c in self._to.items() if " " not in w and " " not in c]

    def apply(self, folded: str) -> str:
        if self._pattern is None or self._starts.isdisjoint(folded.split()):
            return folded
        return self._pattern.sub(lambda m: self._to[m.group(0)], folded)

    def apply_tokens(self, words: list[str]) -> list[str]:
        """``apply`` on the text of ``words`` (tokens: no spaces in them), split again."""
        if self._pattern is None or self._starts.isdisjoint(words):
            return words
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            for key, to in self._by_start.get(words[i], ()):
                if words[i : i + len(key)] == key:
                    out += to
                    i += len(key)
                    break
            else:
                out.append(words[i])
                i += 1
        return out


NO_SYNONYMS = Synonyms()


def tokens(text: str, synonyms: Synonyms = NO_SYNONYMS) -> list[str]:
    """Folded, stemmed content tokens of ``text``, in order, stopwords dropped."""
    return list(_tokens(text[:MAX_CHARS], synonyms))


_POSSESSIVE = re.compile(r"'s\b")  # "vietnam's", "what's": the word alone, at the end of a text too


@lru_cache(maxsize=65_536)
def _content(word: str) -> str:
    """A word's token, or "" for a stopword."""
    return "" if word in _STOPWORDS else stem(word)


@lru_cache(maxsize=32_768)
def _tokens(text: str, synonyms: Synonyms) -> tuple[str, ...]:
    out = []
    text = fold(text)
    if ".o" in text:
        text = _VERSION_TYPO.sub(r"\1.0", text)
    if "," in text:
        text = _THOUSANDS.sub(r"\1\2", text)
    text = _UNITS.sub(lambda m: f"{m.group(1)} {_UNIT_WORDS[m.group(2) or m.group(3)]}", text)
    words = synonyms.apply_tokens(TOKEN.findall(_POSSESSIVE.sub("", text) if "'s" in text else text))
    if _VERSIONS.isdisjoint(words):  # most texts: each word on its own
        return tuple(filter(None, map(_content, words)))
    previous = ""
    for raw in words:
        if raw in _VERSIONS and previous in _VERSIONED:
            raw += ".0"  # "industry 4" is Industry 4.0; "2 trillion" stays 2
        previous = raw
        if raw in _STOPWORDS:
            continue
        out.append(stem(raw))
    return tuple(out)
