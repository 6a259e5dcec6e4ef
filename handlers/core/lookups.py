"""Looking things up by name: a quote's speaker, the sides of a comparison, slash-command choices."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rapidfuzz import fuzz, process

from handlers.core.text import MAX_CHARS, clean
from knowledge.models import Comparison, Knowledge
from knowledge.text import fold

SPLIT = re.compile(
    r"\s+(?:vs\.?|versus|and|with|or|against|to|và|va|với|voi|so với|so voi|hay|hoặc|hoac)\s+|\s*[,/&|]\s*|\s+-\s+",
    re.IGNORECASE,
)
Side = tuple[int, int]  # (comparison, side)
MAX_WORDS = 16  # of a !compare argument: two side names fit in far fewer
_TITLE = r"(?:prof|professor|dr|sc|gs|ts|tskh|mr|ms|mrs)"  # folded: "Prof. Dr. Sc.", "GS-TSKH", "TS"
_ACADEMIC = r"(?:prof|professor|dr|gs|ts|tskh)"
_TITLES = re.compile(rf"\b{_TITLE}\b\.?|\([^)]*\)")
_ARTICLE = (
    r"(?:article|articles|piece|paper|press release|op-?ed|story|essay|bai viet|bai bao|thong cao(?: bao chi)?"
    r"|bai(?! ban))"
)
_BY = r"(?:\b(?:according to|acc\.? to|per|theo|in|from)\s+)?"  # "according to", "per", "theo" (Vietnamese)
_REFERENCE = (  # "the res 57 article", "the piece by kim bui", "the article about csr" (not "my paper on fdi"),
    # "theo bài nq57", "bài về csr", "the article 'industrial revolution 4.0 with vietnam'" (its title quoted)
    _BY + r"(?:(?:the|that|this|his|her)\s+)?{h}(?:'s)?\s+{a}\b"
    "|" + _BY + r"(?:(?:the|that|this)\s+)?{a}{n}\s+(?:(?:by|of|from|cua|ben)\s+)?(?:the\s+)?"
    r"['\"“‘«＂]?{h}\b['\"”’»＂]?"
    r"|\b(?:the|that|this)\s+{a}\s+(?:about|on)\s+(?:the\s+)?{h}\b|\bbai(?:\s+viet|\s+bao)?\s+ve\s+{h}\b"
    r"|\b(?:according to|acc\.? to|per|theo)\s+(?:the\s+)?{h}\b(?:'s)?(?:\s+{a}\b)?"
)

# "Release" alone, as a noun after the name ("the un release", "in the unido release"), not the verb ("the UN
# release new figures", "when did unido release the idr 2024")
_RELEASE = (
    "|"
    + _BY
    + r"\b(?:the|that|this|cai)\s+{h}\s+release\b(?!\s+(?:the|a|an|new|its|their|his|her|this|that|these|those|data"
    r"|figures?|numbers?|results?|reports?|on|in|of|resolution|res|decree|directive|it|them)\b)"
)

# The number the articles' files begin with ("002_89f2dd3f4058be30.txt"), by which readers who have the files cite
# them: "article 002", "in 001", "what does 000 say". Zero-padded, it is never a figure, so it names one bare too.
_FILE_NUMBER = re.compile(r"(\d{3})_")
# ... and unpadded after the word for an article, alone or in a list: "art 2", "articles 1 and 3", "bài số 1"; not
# another text's article ("article 3 of resolution 57")
_BY_NUMBER = (
    _BY + r"(?:(?:the|that|this)\s+)?(?:{a}|art)s?\.?\s+(?:no\.?\s*|#|so\s+)?(?:\d\s*(?:,|and|&|or|va|hay)\s*)*"
    r"{n}\b(?![.,]\d)(?!\s+(?:of|cua)\s)"
)
_PADDED = (  # "002": zero-padded, never a figure, so it names the article bare too ("what does 001 say")
    _BY + r"(?:(?:the|that|this)\s+)?(?:{a}\s+)?(?:no\.?\s*|#)?(?<![\d.,])(?<!\d\s){n}"
    r"(?:'?s\b|(?![\d.,]\d)\b)(?:\s+{a}\b)?"  # "002s conclusion" too
)


# A part of an author's article, after their name ("prof mai's first para", "nguyen mai's intro"): the name names the
# article, the part stays for what is asked of it
_PARTS = r"para(?:graph)?s?|intro(?:duction)?|conclusion|ending|opening"
_PART_OF = r"'s(?=\s+(?:(?:very\s+)?(?:first|1st|last|final|opening|closing)\s+)?(?:{parts})\b)"
_PART = _PART_OF.format(parts=_PARTS + "|section|part|line|sentence")
# An author's last name alone names the article only with "the" or "'s" before an English word for it ("the bui
# article", "mai's essay", "mai's intro"): else it is too often a word ("anh paper nộp chưa", "mai bài kiểm tra")
_SURNAME = (
    r"(?:\b(?:the|that|this)\s+{s}(?:'s)?|\b{s}'s)\s+(?:article|piece|paper|essay|op-?ed|story)\b"
    r"|\b{s}" + _PART_OF.format(parts=_PARTS)  # "mai's intro", not "mai's part" (of the slides)
)
# An author named as writing it names the article ("when did prof mai write his 4.0 piece", "what year did kim bui
# publish it"), with what follows the verb when it is a word for an article: each wrote one of the four
_WROTE = r"(?:wrote|write|writes|written|writing|penned|publish(?:ed|es)?|post(?:ed|s)?)"
# ... or as saying what it says ("what does kim bui say industry 5.0 is", "kim bui nói industry 5.0 là gì"): the
# article is cited, its author is not what is asked
# (not "nổi tiếng", "nội dung": "noi" folded)
_SAY = (
    r"(?:says?|said|noi(?!\s+(?:tieng|dung|bat|bo|that|troi|dia))|argues?|argued|claims?|claimed"
    # ... or as listing what it lists: "how many challenges does nguyen vu anh list"
    r"|lists?|listed|mentions?|mentioned|identif(?:y|ies|ied)|outlines?|outlined)"
)
_SAYS = r"\b{p}\s+(?:(?:really|actually|also|cung|co)\s+)?" + _SAY + r"\b"
_WRITES = r"\b{p}\s+" + _WROTE + r"\b(?:\s+(?:the|his|her|their|this|that|a|an)\s+(?:[\w.]+\s+){{0,2}}?{a}\b)?"
# ... or in brackets after the question, as one cites a source: "what do businesses need to do for 4.0 (nguyen mai)"
_CITED = r"\(\s*(?:by\s+|per\s+|theo\s+)?{p}(?:'s)?(?:\s+{a})?\s*\)"
# ... or as the one whose article it is, with nothing after: "renewables in the res 57 article vs nguyen mai's"
_ENDS_THEIRS = r"'s(?=\s*(?:$|[-,;.?!]|(?:vs|versus|and|or)\b))"
_THEIRS = r"\b{p}" + _ENDS_THEIRS
# What every reference above holds one of: a word for an article, "art", "according to", "per", "theo", a file number,
# a part of an author's article, a verb for writing it
_MAY_NAME = re.compile(
    rf"{_ARTICLE}|\bart\b|\brelease\b|according to|acc\.? to|\bper\b|\btheo\b|(?<!\d)00\d(?!\d)|{_PART}|\b{_WROTE}\b"
    rf"|\b{_SAY}\b|\(|{_ENDS_THEIRS}"
)

# Where a reference to an article can start: the text's start, a word's start, "#" ("#2"), "(" (a source cited in
# brackets) or a digit ("x002" reads as "002"). Each article's pattern is tried only there: about twice as fast as
# trying every alternative at every character, with the same references on the shipped questions (``tests`` checks
# it), and none starting inside a word, as some alternatives allowed: "chart 2" is no "art 2", "a newspaper of
# innovation" no paper, "history of csr" no story, the "ts" of "meets" no title.
REFERENCE_STARTS = r"(?:^|(?<!\w)(?=\w)|(?=[#(\d]))"

# A thing checked to be in an article: "X was in ...", "was X mentioned in ...", "does X appear in ..."
_IN_IT = re.compile(r"\b(?:in|from)\s")
_LOCATED = re.compile(
    r"\b(?:was|is|were|are|mentioned|cited|used|discussed|brought\s+up|appears?|appeared|show(?:s|ed)?\s+up)\s+$"
)

# ... or asked of the article itself: "does 003 talk about industry 5.0 at all", "does the kim bui piece even mention
# vietnam"
ASKED_OF = r"^\W*(?:(?:so|and|but|wait|ok)\s+)?(?:does|did|do)\s"  # a question opening as one asked of something
_ASKED_OF = re.compile(ASKED_OF + r"\s*(?:the\s+)?$")
MENTION_VERBS = (  # the verbs for an article's speaking of something
    r"(?:talk\w*\s+about|mentions?|discuss\w*|cover\w*|bring\w*\s+up|touch\w*\s+on|say\s+anything\s+about"
    r"|go\s+into|get\s+into)"
)
_MENTIONS = re.compile(r"\s*(?:(?:even|actually|also|ever|really)\s+)?" + MENTION_VERBS + r"\b")


class Lookups:
    def __init__(self, knowledge: Knowledge, tokenize: Callable[[str], list[str]]) -> None:
        self.knowledge = knowledge
        self.tokenize = tokenize
        self.speakers: dict[str, str] = {}
        for q in knowledge.quotes:
            for name in (q.speaker, *q.speaker_aliases):
                self.speakers.setdefault(fold(name), q.speaker)
        self.sides: list[tuple[str, int, int]] = [
            (" ".join(tokenize(name)) or fold(name), c, s)
            for c, comp in enumerate(knowledge.comparisons)
            for s, side in enumerate(comp.sides)
            for name in (side.name, *side.aliases)
        ]
        self.side_keys = [key for key, _, _ in self.sides]
        # each article's reference, and the words one of which every reference to it holds (a cheap look first)
        self.articles: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = []
        last_words = [(_TITLES.sub(" ", fold(s.author)).split() or [""])[-1] for s in knowledge.sources]
        for source, last in zip(knowledge.sources, last_words, strict=True):
            author = " ".join(_TITLES.sub(" ", fold(source.author)).split())
            names = {author, *(fold(a) for a in source.aliases)} - {""}
            if title := " ".join(re.sub(r"[^\w.'&+-]+", " ", fold(source.title)).split()):
                names.add(title)  # "the industrial revolution 4.0 with vietnam article"
            names |= {n.replace(" with ", " w ") for n in names if " with " in n}  # "industry 4.0 w vietnam"
            if not names:
                continue  # nothing to call it by: an empty alternative would match every text
            one = "(?:" + "|".join(rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)) + ")"
            one = rf"(?:{_TITLE}\.?\s+){{0,3}}{one}"  # bounded: no backtracking blow-up on "dr dr dr ..."
            handle = rf"{one}(?:\s+{one}){{0,3}}"  # "the resolution 57 innovation article": two names, one article
            number = _FILE_NUMBER.match(source.file)  # "bài 000 của kim bui": its own number, not another's
            own = rf"(?:\s+{number.group(1)})?" if number else ""
            reference = (
                _REFERENCE.format(h=handle, a=_ARTICLE, n=own) + rf"|{_BY}\b{handle}{_PART}" + _RELEASE.format(h=handle)
            )
            # a name that is itself a word for an article names it alone: "the press release", "cái thông cáo"
            if alone := [n for n in names if re.fullmatch(rf"(?:\w+\s+)*{_ARTICLE}", n)]:
                alone_names = "|".join(re.escape(n) for n in sorted(alone, key=len, reverse=True))
                reference += (  # or opening the message; and whose it is ("cái thông cáo của UNIDO")
                    rf"|(?:^\W*|\b(?:the|that|this|cai)\s+)(?:{alone_names})\b"
                    rf"(?:\s+(?:by|of|from|cua|ben)\s+(?:the\s+)?{handle}\b)?"
                )
            # the author as a person: the full name, an alias that is part of it ("vu anh", "prof mai"), or a title
            # and the last name; never a topic alias ("unido published a report" is not the press release's author)
            words = set(author.split())
            people = {author} | {n for n in names if set(_TITLES.sub(" ", n).split()) <= words}
            person = "|".join(re.escape(n) for n in sorted(people - {""}, key=len, reverse=True))
            # ... with an academic title only: "ms anh posted the slides" is a classmate
            titled = rf"|{_ACADEMIC}\.?\s+{re.escape(last)}" if last else ""
            person = rf"(?:{_TITLE}\.?\s+){{0,3}}(?:{person})" + titled
            reference += "|" + _WRITES.format(p=f"(?:{person})", a=_ARTICLE) + "|" + _SAYS.format(p=f"(?:{person})")
            reference += "|" + _CITED.format(p=f"(?:{person})", a=_ARTICLE) + "|" + _THEIRS.format(p=f"(?:{person})")
            keys = set(names)
            if len(last) > 2 and last.isalpha() and last_words.count(last) == 1:
                reference += "|" + _SURNAME.format(s=re.escape(last))
                keys.add(last)
            if number:  # "article 002", "what does 001 say", "bài 000", "art 2"
                n = number.group(1)
                reference += "|" + _PADDED.format(n=n, a=_ARTICLE) + "|" + _BY_NUMBER.format(n=int(n), a=_ARTICLE)
                keys.add(str(int(n)))  # in "002" too
            self.articles.append((source.id, re.compile(f"{REFERENCE_STARTS}(?:{reference})"), tuple(keys)))

    def speaker(self, query: str) -> str | None:
        """The speaker ``query`` names: a full name or alias, a close spelling, or a name only one speaker has."""
        key = fold(query).removeprefix("dr. ").removeprefix("dr ").removeprefix("mr ").removeprefix("mr. ")
        if key in self.speakers:
            return self.speakers[key]
        found = process.extractOne(key, list(self.speakers), scorer=fuzz.ratio, score_cutoff=85)
        if found:
            return self.speakers[found[0]]
        # A surname or given name alone ("santiago", "duong") names a speaker when only one has it.
        owners = {s for name, s in self.speakers.items() if key and key in name.split()}
        return owners.pop() if len(owners) == 1 else None

    def _references(self, plain: str) -> Iterator[tuple[str, re.Match[str]]]:
        """Each reference to an article in ``plain`` (folded): its source and where it is. Each article is read in
        the whole text ("articles 1 and 2" names both), once one of its keys is there (a cheap look first)."""
        for source, pattern, keys in self.articles:
            if any(key in plain for key in keys):
                for m in pattern.finditer(plain):
                    yield source, m

    def located(self, text: str) -> bool:
        """Whether ``text`` checks that something is in the article it names ("the germany example was in the kim bui
        piece right?", "was samsung mentioned in 000?"): a reference opening with "in" or "from" after a verb of
        being or mentioning; or asks it of the article ("does 003 talk about industry 5.0 at all"). Its answer is
        the entry that says it, whichever article that is (its card names it)."""
        plain = fold(text[:MAX_CHARS])
        if not _MAY_NAME.search(plain):
            return False
        return any(
            (_IN_IT.match(m.group()) and _LOCATED.search(plain, 0, m.start()))
            or (_ASKED_OF.match(plain[: m.start()]) and _MENTIONS.match(plain, m.end()))
            for _, m in self._references(plain)
        )

    def article(self, text: str) -> tuple[frozenset[str], str] | None:
        """The articles ``text`` names ("per the res 57 article", "do art 1 and art 2 both ...") and the text without
        those references, or None when it names none."""
        plain = fold(text[:MAX_CHARS])
        if not _MAY_NAME.search(plain):  # most questions name no article: one cheap look first
            return None
        named, spans = set(), []
        for source, m in self._references(plain):
            named.add(source)
            spans.append(m.span())
        if not named:
            return None
        keep = bytearray(b"\1") * len(plain)
        for start, end in spans:
            keep[start:end] = bytes(end - start)
        return frozenset(named), " ".join("".join(c for c, k in zip(plain, keep, strict=True) if k).split())

    def comparison(self, text: str) -> tuple[Comparison, list[int]] | None:
        """The comparison two names in ``text`` pick, with their columns; or the one comparison one name is in.

        Bounded: side names are short, so only the first ``MAX_WORDS`` words are read, and the work is linear in them.
        """
        text = " ".join(text.split()[:MAX_WORDS])
        parts = [p for p in SPLIT.split(text) if p.strip()]
        if len(parts) == 2:
            candidates = [tuple(parts)]
        else:
            words = text.split()
            candidates = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        for a, b in candidates:
            found = self.pair(self.side(a), self.side(b))
            if found:
                return found
        comps = {c for c, _ in self.side(text)}
        if len(comps) == 1:  # one name: the comparison it names, when only one has it ("heavy industrialization")
            comp = self.knowledge.comparisons[comps.pop()]
            return comp, list(range(len(comp.sides)))
        return None

    def side(self, text: str) -> set[Side]:
        text = text.strip()
        if text in {"2", "3", "4", "5"}:
            text += ".0"  # "!compare 4 5"
        key = " ".join(self.tokenize(text)) or fold(text)
        exact = {(c, s) for k, c, s in self.sides if k == key}
        if exact or len(key) < 4:
            return exact
        close = process.extract(key, self.side_keys, scorer=fuzz.ratio, score_cutoff=88, limit=None)
        return {self.sides[i][1:] for _, _, i in close}

    def pair(self, a: set[Side], b: set[Side]) -> tuple[Comparison, list[int]] | None:
        for ca, sa in sorted(a):
            for cb, sb in sorted(b):
                if ca == cb and sa != sb:
                    return self.knowledge.comparisons[ca], sorted((sa, sb))
        return None

    def complete(self, what: str, typed: str, limit: int = 25) -> list[str]:
        """Choices for a slash argument: 'policy' names, quote 'speaker's, 'compare' pairs; fuzzy-filtered."""
        if what == "policy":
            choices = [p.name for p in self.knowledge.policies]
        elif what == "speaker":
            choices = sorted({q.speaker for q in self.knowledge.quotes})
        elif what == "compare":
            choices = [
                f"{a.name} vs {b.name}"
                for c in self.knowledge.comparisons
                for i, a in enumerate(c.sides)
                for b in c.sides[i + 1 :]
            ]
        else:
            return []
        typed = fold(clean(typed))
        if not typed:
            return choices[:limit]
        folded = [fold(c) for c in choices]
        contains = [i for i, c in enumerate(folded) if typed in c]
        if contains:
            return [choices[i] for i in contains][:limit]
        scored = process.extract(typed, folded, scorer=fuzz.partial_ratio, limit=None, score_cutoff=75)
        return [choices[i] for _, _, i in sorted(scored, key=lambda s: (-s[1], s[2]))][:limit]
