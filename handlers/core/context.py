"""Follow-up questions: what a short, elliptical message means after an answer.

Members talk in threads of thought: "what is industry 5.0", then "and 4.0?", "who said that?", "when?", "where?",
"tell me more", "source?". ``follow_up`` recognises such a message (English and Vietnamese, with or without
diacritics); ``resolve`` answers it against the ``Topic`` of the conversation (the last entry answered and the
question that got it). ``Conversations`` keeps one topic per conversation for a few minutes; the Service owns it
and decides the keys (a member in a channel, a console session, one ``bot.py ask`` call).

Only the listed shapes are follow-ups: anything else is answered on its own, and chatter ("lol") stays chatter.
Nothing here touches how the engine scores or decides: a follow-up that asks the same about something else is
rewritten into a question and put to the engine like any other.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from handlers import i18n
from handlers.core.cards import first_sentence, sentences
from handlers.core.engine import Engine, Outcome
from handlers.core.fields import names_of
from handlers.core.reply import PREFIX, Kind, Reply, date_text
from handlers.core.text import STOPWORDS, clean
from handlers.i18n import DEFAULT, Lang
from knowledge.learned import title_of
from knowledge.models import Comparison, Entry, Fact, Policy, Quote
from knowledge.text import fold

FOLLOW_UP_SECONDS = 300.0  # how long an answer stays the topic of a conversation
MAX_CONVERSATIONS = 10_000  # topics kept at once; the oldest go first
MAX_SUBJECT_WORDS = 6  # "and X?" is a follow-up only when X is short
MORE = 3  # entries offered by "tell me more"


class Ask(StrEnum):
    SAME = "same"  # "and 4.0?": the same question about something else
    SPEAKER = "speaker"  # "who said that?"
    WHEN = "when"
    WHERE = "where"
    MORE = "more"  # "tell me more"
    SOURCE = "source"


@dataclass(frozen=True)
class FollowUp:
    ask: Ask
    subject: str = ""  # for SAME: what it asks about ("4.0")


_END = r"\s*[?.!…]*\s*$"
_PATTERNS: tuple[tuple[Ask, re.Pattern[str]], ...] = tuple(
    (ask, re.compile(rf"^(?:{body}){_END}"))
    for ask, body in (
        (
            Ask.SPEAKER,
            r"who (?:said|says|say|sayed|told|wrote) (?:that|this|it|so)|who said|who was that|who is that"
            r"|who(?:'s| is| was) the speaker|ai (?:noi|phat bieu)(?: (?:vay|the|cau nay|dieu nay|do))?",
        ),
        (
            Ask.WHEN,
            r"when|when (?:was|is|did) (?:that|this|it)(?: (?:happen|said|issued|signed|adopted|made))?"
            r"|(?:and |so )?when was that|what (?:year|date)|khi nao|bao gio|nam nao|hoi nao|luc nao",
        ),
        (
            Ask.WHERE,
            r"where|where (?:was|is|did) (?:that|this|it)(?: (?:happen|said|held|take place))?|o dau|tai dau",
        ),
        (
            Ask.MORE,
            r"(?:(?:please|pls|can you|could you) )?tell me more(?: (?:please|pls))?|more|more please|go on"
            r"|(?:any )?more (?:details|info|on that)|details|(?:ke|noi) (?:them|tiep)(?: di)?|them nua",
        ),
        (
            Ask.SOURCE,
            r"(?:the )?sources?|(?:what(?:'s| is) the |which |your )sources?|sources? please|says who"
            r"|where (?:is|was|does) (?:that|this|it) (?:from|come from)|where did you (?:get|read) (?:that|this)"
            r"|nguon|nguon (?:dau|nao|o dau)|nguon tin",
        ),
    )
)
_SAME = re.compile(
    rf"^(?:and|and what about|what about|how about|and how about|what of|same for|con|vay con|the con)"
    rf"\s+(?P<subject>.+?)(?:\s+(?:thi sao|thi the nao|then|nua))?{_END}"
)


def follow_up(text: str) -> FollowUp | None:
    """The follow-up ``text`` is, or None for a message that stands on its own."""
    folded = fold(clean(text)).replace("’", "'")
    if not folded or len(folded) > 80:
        return None
    for ask, pattern in _PATTERNS:
        if pattern.match(folded):
            return FollowUp(ask)
    same = _SAME.match(folded)
    if same:
        subject = _subject(text, same["subject"])
        if subject and len(subject.split()) <= MAX_SUBJECT_WORDS:
            return FollowUp(Ask.SAME, subject)
    return None


def _subject(text: str, folded_subject: str) -> str:
    """The subject as typed when it can be found in ``text`` (keeps "Lê Thái Hà" whole), else folded."""
    words = clean(text).rstrip("?.!… ").split()
    n = len(folded_subject.split())
    typed = " ".join(words[-n:]) if n <= len(words) else ""
    return typed if fold(typed) == folded_subject else folded_subject


@dataclass(frozen=True)
class Topic:
    """What a conversation is about: the last entry answered and the question (as words) that got it."""

    entry_id: str
    question: str
    at: float


Key = Hashable


class Conversations:
    """The topic of each conversation, for ``seconds`` after the answer; at most ``size`` conversations."""

    def __init__(
        self,
        seconds: float = FOLLOW_UP_SECONDS,
        size: int = MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.size = size
        self.clock = clock
        self._topics: OrderedDict[Key, Topic] = OrderedDict()

    def __len__(self) -> int:
        return len(self._topics)

    def __iter__(self) -> Iterator[Key]:
        return iter(self._topics)

    def get(self, key: Key) -> Topic | None:
        topic = self._topics.get(key)
        if topic is not None and self.clock() - topic.at > self.seconds:
            del self._topics[key]
            return None
        return topic

    def remember(self, key: Key, entry_id: str, question: str) -> None:
        self._topics.pop(key, None)
        self._topics[key] = Topic(entry_id, question, self.clock())
        while len(self._topics) > self.size:
            self._topics.popitem(last=False)

    def forget(self, key: Key) -> None:
        self._topics.pop(key, None)


AFTER = " (after: "  # in a follow-up's question, as recorded: what it followed


def followed_up(outcome: Outcome) -> bool:
    """The outcome of a follow-up on the topic ("who said that?"), not of a question of its own."""
    return outcome.question is not None and AFTER in outcome.question


def topic_question(engine: Engine, outcome: Outcome) -> str:
    """The words of the question an answer answered: what "and X?" will ask again about X."""
    question = outcome.question or ""
    if question.startswith(f"{PREFIX}show "):  # a suggestion taken: the entry's own title stands for the question
        entry = entry_by_id(engine, outcome.nearest or "")
        return title_of(entry) if entry else ""
    if question.startswith(PREFIX):  # a lookup command: its argument
        return question.partition(" ")[2]
    return question


# ----- answering a follow-up -------------------------------------------------------------------------------------


def resolve(engine: Engine, topic: Topic, follow: FollowUp, *, addressed: bool, lang: Lang = DEFAULT) -> Outcome | None:
    """The outcome of ``follow`` about ``topic``; None when it cannot be resolved (the message is then answered on
    its own). A channel question (not ``addressed``) gets only answers, never "the articles don't say"."""
    entry = entry_by_id(engine, topic.entry_id)
    if entry is None:  # gone in a reload
        return None
    asked = f"{clean_question(follow)}{AFTER}{topic.question[:200]})"
    if follow.ask is Ask.SAME:
        return _same_about(engine, entry, topic.question, follow.subject, addressed=addressed, lang=lang)
    reply = {
        Ask.SPEAKER: _speaker,
        Ask.WHEN: _when,
        Ask.WHERE: _where,
        Ask.MORE: _more,
        Ask.SOURCE: _source,
    }[follow.ask](engine, entry, lang)
    if not reply.answered and not addressed:
        return Outcome(None, asked, entry.id, 0.0)
    return Outcome(reply, asked, entry.id, 1.0 if reply.answered else 0.0)


def clean_question(follow: FollowUp) -> str:
    return {
        Ask.SAME: f"and {follow.subject}?",
        Ask.SPEAKER: "who said that?",
        Ask.WHEN: "when?",
        Ask.WHERE: "where?",
        Ask.MORE: "tell me more",
        Ask.SOURCE: "source?",
    }[follow.ask]


def entry_by_id(engine: Engine, entry_id: str) -> Entry | None:
    """The engine's entry with this id, or None."""
    return engine.knowledge.entry(entry_id)


def _same_about(
    engine: Engine, entry: Entry, question: str, subject: str, *, addressed: bool, lang: Lang = DEFAULT
) -> Outcome | None:
    """The topic's question asked about ``subject``: the first rewriting the engine answers."""
    for candidate in _rewritings(entry, question, subject):
        outcome = engine.respond(candidate, addressed=addressed, lang=lang)
        if outcome.answered:
            return outcome
    return None


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _rewritings(entry: Entry, question: str, subject: str) -> list[str]:
    """``question`` about ``subject`` instead: its number swapped, the entry's name swapped, its frame kept."""
    out: list[str] = []
    numbers = list(_NUMBER.finditer(question))
    new_number = _NUMBER.search(subject)
    if numbers and new_number:
        rest = set(fold(_NUMBER.sub(" ", subject)).split())
        if rest <= set(fold(question).split()):  # "4.0" or "industry 4.0" after "what is industry 5.0"
            last = numbers[-1]
            out.append(question[: last.start()] + new_number.group(0) + question[last.end() :])
    folded = fold(question)
    for name in sorted(_names(entry), key=len, reverse=True):
        key = fold(name)
        at = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded)
        if key and at and len(folded) == len(question):  # positions agree only when folding kept the length
            out.append(question[: at.start()] + subject + question[at.end() :])
            break
    frame = []
    for word in question.split():
        if fold(word).strip("?,.!") not in STOPWORDS:
            break
        frame.append(word)
    if frame:
        out.append(" ".join([*frame, subject]))
    out.append(subject)
    return list(dict.fromkeys(c for c in out if fold(c) != folded))


def _names(entry: Entry) -> list[str]:
    """The entry's own names (``names_of``) and what else a question may call it: a side, a speaker, a title."""
    names = names_of(entry)
    if isinstance(entry, Comparison):
        names += [n for side in entry.sides for n in (side.name, *side.aliases)]
    elif isinstance(entry, Quote):
        names += [entry.speaker, *entry.speaker_aliases]
    elif isinstance(entry, Fact) and entry.title:
        names.append(entry.title)
    return names


def _texts(entry: Entry) -> list[str]:
    if isinstance(entry, Fact):
        return [entry.text]
    if isinstance(entry, Quote):
        return [entry.text, entry.context or ""]
    if isinstance(entry, Policy):
        return [entry.summary, *(p.text for p in entry.points)]
    return [f"{row.aspect}: {'; '.join(row.values)}" for row in entry.rows]


def _cited(engine: Engine, entry: Entry, reply: Reply, lang: Lang = DEFAULT) -> Reply:
    citations = engine.cards.entry(entry, None, lang=lang).citations
    return replace(reply, entry_id=entry.id, citations=citations, lang=lang)


def _not_said(engine: Engine, entry: Entry, what: str, lang: Lang = DEFAULT) -> Reply:
    source = engine.knowledge.source(entry.source)
    dated = i18n.text("follow.dated", lang, date=date_text(source.date, lang)) if source.date else ""
    body = i18n.text(f"follow.no_{what}", lang, title=title_of(entry)) + dated
    return Reply(Kind.UNKNOWN, i18n.text("not_said.title", lang), body, entry_id=entry.id, lang=lang)


def _speaker(engine: Engine, entry: Entry, lang: Lang = DEFAULT) -> Reply:
    """Who said the last answer: a quote's speaker, or a speaker the fact names as saying it."""
    quotes = engine.knowledge.quotes
    if isinstance(entry, Quote):
        speaker, role = entry.speaker, entry.role
        how = i18n.text("follow.how_direct" if entry.kind == "direct" else "follow.how_reported", lang)
    else:
        text = fold(" ".join(_texts(entry)))
        found = [
            q
            for q in quotes
            if any(
                re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", text)
                for n in (q.speaker, *q.speaker_aliases)
                if len(n) > 4
            )
        ]
        if not found:  # no one is quoted: it is the article's own account
            source = engine.knowledge.source(entry.source)
            body = i18n.text("follow.nobody_quoted", lang, title=source.title, author=source.author)
            title = i18n.text("follow.who_title", lang, speaker=source.author)
            return _cited(engine, entry, Reply(Kind.FACT, title, body, answered=True), lang)
        speaker, role, how = found[0].speaker, found[0].role, i18n.text("follow.how_article", lang)
    said = sum(q.speaker == speaker for q in quotes)
    more = i18n.text("follow.all_quotes", lang, prefix=PREFIX, speaker=speaker, count=said) if said > 1 else ""
    body = i18n.text("follow.who_body", lang, speaker=speaker, role=role, how=how) + more
    title = i18n.text("follow.who_title", lang, speaker=speaker)
    return _cited(engine, entry, Reply(Kind.QUOTE, title, body, answered=True), lang)


_DATE = re.compile(
    r"\b(1[89]|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b"
)


def _when(engine: Engine, entry: Entry, lang: Lang = DEFAULT) -> Reply:
    title = i18n.text("follow.when_title", lang, title=title_of(entry))
    if isinstance(entry, Policy) and entry.issued:
        by = i18n.text("follow.issued_by", lang, issuer=entry.issued_by) if entry.issued_by else ""
        body = i18n.text("follow.issued", lang, name=entry.name, date=date_text(entry.issued, lang), by=by)
        return _cited(engine, entry, Reply(Kind.FACT, title, body, answered=True), lang)
    dated = [s for text in _texts(entry) for s in sentences(text) if _DATE.search(fold(s))]
    if dated:
        return _cited(engine, entry, Reply(Kind.FACT, title, " ".join(dated[:2]), answered=True), lang)
    return _cited(engine, entry, _not_said(engine, entry, "date", lang), lang)


def _where(engine: Engine, entry: Entry, lang: Lang = DEFAULT) -> Reply:
    places = [fold(p) for p in engine.knowledge.lexicon.places if len(p) > 2]
    found = [
        s
        for text in _texts(entry)
        for s in sentences(text)
        if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", fold(s)) for p in places)
    ]
    if found:
        title = i18n.text("follow.where_title", lang, title=title_of(entry))
        return _cited(engine, entry, Reply(Kind.FACT, title, " ".join(found[:2]), answered=True), lang)
    return _cited(engine, entry, _not_said(engine, entry, "place", lang), lang)


def _source(engine: Engine, entry: Entry, lang: Lang = DEFAULT) -> Reply:
    citations = engine.cards.entry(entry, None, lang=lang).citations
    body = "\n".join(f"• {c.text(lang)}" for c in citations)
    body += i18n.text("follow.all_sources", lang, prefix=PREFIX)
    title = i18n.text("follow.source_title", lang, title=title_of(entry))
    return Reply(Kind.LIST, title, body, answered=True, lang=lang)


def _more(engine: Engine, entry: Entry, lang: Lang = DEFAULT) -> Reply:
    """The entries closest to the last answer, offered one press (or one number) away."""
    words = " ".join([title_of(entry), *entry.questions[:2], *entry.keywords[:5]])
    hits = [h for h in engine.search(words, limit=12) if h.entry.id != entry.id]
    offers = []
    for hit in hits:
        suggestion = engine.cards.suggestion(hit.entry)
        if suggestion.entry_id and all(s.entry_id != suggestion.entry_id for s in offers):
            offers.append(suggestion)
        if len(offers) == MORE:
            break
    if not offers:
        body = i18n.text("follow.nothing_more", lang, title=title_of(entry))
        return Reply(Kind.INFO, i18n.text("follow.nothing_more_title", lang), body, answered=True, lang=lang)
    items = tuple(
        f"**{title_of(h)}**: {_gist(h)}" for h in (entry_by_id(engine, s.entry_id or "") for s in offers) if h
    )
    return Reply(
        Kind.LIST,
        i18n.text("follow.more_title", lang, title=title_of(entry)),
        i18n.text("follow.more_body", lang),
        items=items,
        suggestions=tuple(offers),
        answered=True,
        lang=lang,
    )


def _gist(entry: Entry) -> str:
    if isinstance(entry, Policy):
        return first_sentence(entry.summary)
    if isinstance(entry, Comparison):
        return ", ".join(s.name for s in entry.sides)
    return first_sentence(entry.text)
