"""The engine's own replies when the base has no answer: chatter, off-topic, unknown, and "the articles don't say".

Each is written in the language asked for (``lang``), from the catalogue in ``handlers.i18n``.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers import i18n
from handlers.core.reply import PREFIX, Kind, Reply, Suggestion, echo
from handlers.i18n import DEFAULT, Lang

UNKNOWN_TEXT = i18n.text("unknown.title")
NOT_SAID_TEXT = i18n.text("not_said.title")
TOPICS = i18n.text("topics")

# the details "the articles don't give" names
DETAILS = ("number", "date", "place", "who", "issuer", "now", "origin", "event", "workplace", "publisher", "verbatim")


def chatter(off_topic: bool, lang: Lang = DEFAULT) -> Reply:
    """A friendly word for a greeting or thanks; a plain one for a question the articles never cover."""
    topics = i18n.text("topics", lang)
    if off_topic:
        body = i18n.text("off_topic.body", lang, topics=topics, prefix=PREFIX)
        return Reply(Kind.INFO, i18n.text("off_topic.title", lang), body, lang=lang)
    body = i18n.text("chatter.body", lang, topics=topics, prefix=PREFIX)
    return Reply(Kind.INFO, i18n.text("chatter.title", lang), body, lang=lang)


def unknown(suggestions: Sequence[Suggestion], confidence: float, lang: Lang = DEFAULT) -> Reply:
    body = i18n.text("unknown.body", lang, prefix=PREFIX, topics=i18n.text("topics", lang))
    title = i18n.text("unknown.title", lang)
    return Reply(Kind.UNKNOWN, title, body, suggestions=tuple(suggestions), confidence=confidence, lang=lang)


def not_said(
    question: str,
    kinds: Sequence[str],
    words: Sequence[str],
    offer: Suggestion,
    confidence: float,
    lang: Lang = DEFAULT,
) -> Reply:
    """The base covers the topic but not the detail asked for (``kinds``: a number, a date, a place...; ``words``:
    what the question names that the entry never mentions): say so, and offer what the articles do say."""
    kinds = ["date" if k == "day" else k for k in kinds]  # an exact date is still "that date"
    details = [i18n.text(f"detail.{k}", lang) for k in kinds if k in DETAILS]
    asked = echo(question[:120])
    if details:
        what = i18n.text("not_said.or", lang).join(dict.fromkeys(details))
        body = i18n.text("not_said.detail", lang, what=what, question=asked)
    elif words:
        body = i18n.text("not_said.words", lang, words=", ".join(words[:3]), question=asked)
    else:
        body = i18n.text("not_said.other", lang, question=asked)
    body += i18n.text("not_said.offer", lang)
    title = i18n.text("not_said.title", lang)
    return Reply(Kind.UNKNOWN, title, body, suggestions=(offer,), confidence=confidence, lang=lang)
